// `rapport plot CONTACT -o FILE.svg|.png`: warmth over the last year, each interaction marked by
// channel (colour) and direction (shape), the recommended window shaded. Drawn with Cairo.
#include "../atomic_file.hpp"
#include "../commands.hpp"
#include "../text.hpp"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace rapport_cli {
namespace {

struct plot_flags {
  common_options in;
  std::string contact;
  int width = 900, height = 420;
  double days = 365;
};

struct curve_point {
  rapport::timestamp at;
  double warmth;
};

struct plot_data {
  std::string title;
  std::int64_t from = 0, to = 0;  ///< x range (UTC seconds)
  std::vector<curve_point> curve;
  std::vector<std::pair<rapport::interaction, double>> marks;  ///< interaction, warmth just after it
  rapport::follow_up_window window;
  rapport::timestamp now;
};

struct frame {  // plot area in device units
  double x0, y0, w, h;
  std::int64_t from, to;
  double x(std::int64_t t) const { return x0 + w * static_cast<double>(t - from) / static_cast<double>(to - from); }
  double y(double warmth) const { return y0 + h * (1 - warmth / 100); }
};

// One colour per built-in channel, in `rapport::channel` order; user channels are grey.
constexpr double channel_rgb[][3] = {{0.84, 0.15, 0.16}, {0.58, 0.40, 0.74}, {0.17, 0.63, 0.17},
                                     {0.09, 0.75, 0.81}, {0.12, 0.47, 0.71}, {1.00, 0.50, 0.05},
                                     {0.89, 0.47, 0.76}, {0.55, 0.34, 0.29}, {0.74, 0.74, 0.13}};

rapport::result<plot_data> collect(const session& s, const contact_plan& p, double days) {
  plot_data d;
  d.title = p.key + (p.info->display_name.empty() ? "" : " (" + p.info->display_name + ")") + ": warmth over the last " +
            format("%.0f days", days) + ", as of " + rapport::format_utc(s.now);
  d.window = p.follow_up->window;
  d.now = s.now;
  d.from = s.now.seconds - static_cast<std::int64_t>(days * rapport::seconds_per_day);
  const std::int64_t window_end = d.window.what == rapport::action::no_window ? s.now.seconds : d.window.latest.seconds;
  d.to = std::max(s.now.seconds + 14 * rapport::seconds_per_day, window_end + rapport::seconds_per_day);
  const std::int64_t step = std::max<std::int64_t>(3600, (d.to - d.from) / 600);
  const std::int64_t first = p.history->items().front().at.seconds;
  for (std::int64_t t = std::max(d.from, first); t <= d.to; t += step) {
    auto w = warmth_at(s, *p.history, {t});
    if (!w) return std::move(w).error();
    d.curve.push_back({{t}, w->score});
  }
  for (const auto& x : *p.history) {
    if (x.at.seconds < d.from || x.at > s.now) continue;
    auto w = warmth_at(s, *p.history, x.at);
    if (!w) return std::move(w).error();
    d.marks.emplace_back(x, w->score);
  }
  return d;
}

void text_at(cairo_t* cr, double x, double y, const std::string& t, double size, double align = 0) {
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, t.c_str(), &e);
  cairo_move_to(cr, x - align * e.x_advance, y);
  cairo_show_text(cr, t.c_str());
}

void draw_axes(cairo_t* cr, const frame& f) {
  cairo_set_line_width(cr, 1);
  for (int v = 0; v <= 100; v += 25) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, f.x0, f.y(v));
    cairo_line_to(cr, f.x0 + f.w, f.y(v));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    text_at(cr, f.x0 - 6, f.y(v) + 4, std::to_string(v), 11, 1);
  }
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::int64_t day = f.from / rapport::seconds_per_day; day * rapport::seconds_per_day <= f.to; ++day) {
    const auto c = rapport::detail::civil_from_days(day);
    if (c.d != 1 || day * rapport::seconds_per_day < f.from) continue;
    const double x = f.x(day * rapport::seconds_per_day);
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, x, f.y0);
    cairo_line_to(cr, x, f.y0 + f.h);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    text_at(cr, x, f.y0 + f.h + 16, c.m == 1 ? std::to_string(c.y) : months[c.m - 1], 11, 0.5);
  }
}

void draw_window(cairo_t* cr, const frame& f, const plot_data& d) {
  if (d.window.what != rapport::action::no_window) {
    cairo_set_source_rgba(cr, 0.2, 0.7, 0.3, 0.22);
    cairo_rectangle(cr, f.x(d.window.earliest.seconds), f.y0,
                    std::max(2.0, f.x(d.window.latest.seconds) - f.x(d.window.earliest.seconds)), f.h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.5, 0.2);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, f.x(d.window.best.seconds), f.y0);
    cairo_line_to(cr, f.x(d.window.best.seconds), f.y0 + f.h);
    cairo_stroke(cr);
    const double bx = f.x(d.window.best.seconds);
    const bool near_right = bx > f.x0 + f.w - 60;
    text_at(cr, near_right ? bx - 4 : bx + 4, f.y0 + 12, "best", 11, near_right ? 1 : 0);
  }
  const double dash[] = {4, 3};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, f.x(d.now.seconds), f.y0);
  cairo_line_to(cr, f.x(d.now.seconds), f.y0 + f.h);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  text_at(cr, f.x(d.now.seconds) - 4, f.y0 + f.h - 6, "now", 11, 1);
}

void draw_curve(cairo_t* cr, const frame& f, const plot_data& d) {
  cairo_set_source_rgb(cr, 0.13, 0.23, 0.45);
  cairo_set_line_width(cr, 2);
  for (std::size_t i = 0; i < d.curve.size(); ++i) {
    const double x = f.x(d.curve[i].at.seconds), y = f.y(d.curve[i].warmth);
    if (i == 0)
      cairo_move_to(cr, x, y);
    else
      cairo_line_to(cr, x, y);
  }
  cairo_stroke(cr);
}

// Inbound: triangle up; outbound: triangle down; mutual: circle.
void mark(cairo_t* cr, double x, double y, rapport::direction dir, const double* rgb) {
  const double r = 5;
  if (dir == rapport::direction::mutual) {
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
  } else {
    const double s = dir == rapport::direction::inbound ? -1 : 1;
    cairo_move_to(cr, x, y + s * r);
    cairo_line_to(cr, x - r, y - s * r);
    cairo_line_to(cr, x + r, y - s * r);
    cairo_close_path(cr);
  }
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
}

const double* colour_of(rapport::channel c) {
  static const double grey[3] = {0.5, 0.5, 0.5};
  const auto i = static_cast<std::size_t>(c);
  return i < std::size(channel_rgb) ? channel_rgb[i] : grey;
}

void draw_legend(cairo_t* cr, const frame& f, const plot_data& d, const rapport::channel_table& channels) {
  std::vector<rapport::channel> seen;
  for (const auto& [x, w] : d.marks)
    if (std::find(seen.begin(), seen.end(), x.via) == seen.end()) seen.push_back(x.via);
  std::sort(seen.begin(), seen.end());
  double x = f.x0;
  const double y = f.y0 + f.h + 38;
  for (rapport::channel c : seen) {
    mark(cr, x + 5, y - 4, rapport::direction::mutual, colour_of(c));
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    text_at(cr, x + 14, y, channels.spec(c).name, 11);
    x += 24 + 7 * static_cast<double>(channels.spec(c).name.size());
  }
  const double grey[3] = {0.35, 0.35, 0.35};
  const std::pair<rapport::direction, const char*> dirs[] = {{rapport::direction::inbound, "inbound"},
                                                             {rapport::direction::outbound, "outbound"},
                                                             {rapport::direction::mutual, "mutual"}};
  for (const auto& [dir, name] : dirs) {
    mark(cr, x + 12, y - 4, dir, grey);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    text_at(cr, x + 21, y, name, 11);
    x += 80;
  }
}

void draw(cairo_t* cr, const plot_data& d, double width, double height, const rapport::channel_table& channels) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  const frame f{50, 36, width - 70, height - 100, d.from, d.to};
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text_at(cr, f.x0, 22, d.title, 13);
  draw_axes(cr, f);
  draw_window(cr, f, d);
  draw_curve(cr, f, d);
  for (const auto& [x, w] : d.marks) mark(cr, f.x(x.at.seconds), f.y(w), x.dir, colour_of(x.via));
  draw_legend(cr, f, d, channels);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The image as bytes: SVG or PNG by `svg`.
rapport::result<std::string> render_image(const plot_data& d, int width, int height, bool svg,
                                          const rapport::channel_table& channels) {
  std::string bytes;
  cairo_surface_t* surface = svg ? cairo_svg_surface_create_for_stream(append, &bytes, width, height)
                                 : cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  if (svg) cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
  cairo_t* cr = cairo_create(surface);
  draw(cr, d, width, height, channels);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  if (!svg && status == CAIRO_STATUS_SUCCESS) status = cairo_surface_write_to_png_stream(surface, append, &bytes);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return rapport::fail(rapport::errc::internal, std::string("drawing failed: ") + cairo_status_to_string(status));
  return bytes;
}

bool ends_with(const std::string& s, const char* tail) {
  const std::string t(tail);
  return s.size() >= t.size() && lower(s.substr(s.size() - t.size())) == t;
}

int run_plot(const plot_flags& f) {
  const bool svg = ends_with(f.in.output, ".svg");
  if (!svg && !ends_with(f.in.output, ".png"))
    return report({exit_usage, "-o: the file must end in .svg or .png, not \"" + f.in.output + "\""});
  session s;
  s.only_contact = f.contact;  // the other contacts' rows are not kept
  if (auto e = open_session(f.in, s)) return report(*e);
  auto p = plan_contact(s, f.contact, true);
  if (!p) return report({exit_bad_input, p.error().message});
  auto d = collect(s, *p, f.days);
  if (!d) return report({exit_bad_input, d.error().message});
  auto bytes = render_image(*d, f.width, f.height, svg, s.model.channels());
  if (!bytes) return report({exit_bad_input, bytes.error().message});
  if (auto ok = write_atomically(f.in.output, *bytes); !ok) return report({exit_bad_input, ok.error().message});
  if (!f.in.quiet) std::fprintf(stderr, "rapport: wrote %s (%dx%d)\n", f.in.output.c_str(), f.width, f.height);
  return 0;
}

}  // namespace

void add_plot(CLI::App& app, int& status) {
  auto flags = std::make_shared<plot_flags>();
  CLI::App* sub = app.add_subcommand("plot", "draw one contact's warmth over the last year to an SVG or PNG file");
  sub->add_option("contact", flags->contact, "the contact, as written in the log")->required();
  add_input_options(*sub, flags->in, false);
  sub->add_option("--output,-o", flags->in.output, "the image: FILE.svg or FILE.png (written atomically)")->required();
  sub->add_option("--width", flags->width, "pixels")->check(CLI::Range(200, 8000));
  sub->add_option("--height", flags->height, "pixels")->check(CLI::Range(150, 8000));
  sub->add_option("--days", flags->days, "how far back")->check(CLI::Range(7.0, 3650.0));
  sub->footer(
      "Example:\n  rapport plot priya.raman --log examples/data/demo_interactions.csv --contacts examples/data/demo_contacts.csv "
      "--now 2026-11-25T09:00:00Z -o priya.svg");
  sub->callback([flags, &status] { status = run_plot(*flags); });
}

}  // namespace rapport_cli
