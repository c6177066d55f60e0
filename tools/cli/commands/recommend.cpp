// `rapport recommend`: the follow-ups, due ones first: window, best local time and the main reason.
#include "../commands.hpp"
#include "../text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rapport_cli {
namespace {

struct recommend_flags {
  common_options in;
  bool reasons = false;
  double due_within = -1;
  std::string sort = "due";
};

// When the window opens, relative to now on the contact's own wall clock.
std::string due_text(const session& s, const contact_plan& p) {
  const auto& w = p.follow_up->window;
  if (w.what == rapport::action::no_window) return "no window";
  if (w.earliest <= s.now) return "now";
  rapport::availability a;
  a.zone = p.constraints.zone;
  const int days = a.local(w.earliest).day.days - a.local(s.now).day.days;
  if (days == 0) return "today";
  if (days == 1) return "tomorrow";
  if (days < 7) return "this week";
  return "in " + std::to_string(days) + " days";
}

std::int64_t due_key(const contact_plan& p) {
  const auto& w = p.follow_up->window;
  return w.what == rapport::action::no_window ? std::numeric_limits<std::int64_t>::max() : w.earliest.seconds;
}

json recommend_row(const session& s, const contact_plan& p, bool reasons, bool machine) {
  const auto& r = *p.follow_up;
  json row;
  row["contact"] = p.key;
  row["stage"] = to_string(r.window.stage);
  row["action"] = to_string(r.window.what);
  row["due"] = due_text(s, p);
  row["best"] = r.window.what == rapport::action::no_window ? r.next_opening_local : r.best_local;
  row["until"] = r.latest_local;
  row["reason"] = r.reasons.empty() ? "" : r.reasons.front();
  row["name"] = p.info->display_name;
  if (reasons) row["reasons"] = r.reasons;
  if (!machine) return row;
  row["warmth"] = r.window.warmth;
  row["reply_chance"] = r.window.reply_chance;
  row["earliest_utc"] = rapport::format_utc(r.window.earliest);
  row["best_utc"] = rapport::format_utc(r.window.best);
  row["latest_utc"] = rapport::format_utc(r.window.latest);
  row["zone"] = p.info->zone_text;
  return row;
}

struct ranked_row {
  std::int64_t due;
  std::string contact;
  json row;
};

// Every contact's row with its due time (`limit`: only those due by then); failures are reported
// and counted in `status`. Only the rows are kept, so a streamed log stays in bounded memory.
std::vector<ranked_row> rank_all(const session& s, const recommend_flags& f, out_format fmt, std::int64_t limit, int& status) {
  std::vector<ranked_row> out;
  auto done = for_each_contact(s, [&](const std::string& key, const std::vector<rapport::interaction>& items) {
    auto p = plan_contact(s, key, items, true);
    if (!p) return void(status = report({exit_bad_input, p.error().message}));
    if (due_key(*p) <= limit)
      out.push_back({due_key(*p), key, recommend_row(s, *p, f.reasons || fmt == out_format::json_doc, fmt != out_format::table)});
  });
  if (done) status = report(*done);
  std::stable_sort(out.begin(), out.end(), [](const ranked_row& a, const ranked_row& b) { return a.contact < b.contact; });
  if (f.sort == "due")
    std::stable_sort(out.begin(), out.end(), [](const ranked_row& a, const ranked_row& b) { return a.due < b.due; });
  return out;
}

int run_recommend(const recommend_flags& f) {
  session s;
  out_format fmt{};
  if (auto e = open_with_format(f.in, s, fmt, true)) return report(*e);
  int status = 0;
  const std::int64_t limit = f.due_within < 0 ? std::numeric_limits<std::int64_t>::max()
                                              : s.now.seconds + std::llround(f.due_within * rapport::seconds_per_day);
  json rows = json::array();
  for (auto& r : rank_all(s, f, fmt, limit, status)) rows.push_back(std::move(r.row));
  render_options o;
  o.title =
      "follow-ups as of " + rapport::format_utc(s.now) + (f.due_within >= 0 ? format(", due within %g days", f.due_within) : "");
  o.details_key = "reasons";
  o.details = f.reasons;
  o.meta["as_of"] = rapport::format_utc(s.now);
  if (auto e = emit(s, render(rows, fmt, o))) return report(*e);
  return status;
}

}  // namespace

void add_recommend(CLI::App& app, int& status) {
  auto flags = std::make_shared<recommend_flags>();
  CLI::App* sub = app.add_subcommand("recommend", "when to follow up with each contact, due ones first");
  add_input_options(*sub, flags->in);
  sub->add_flag("--reasons,-r", flags->reasons, "all the reasons under each contact");
  sub->add_option("--due-within", flags->due_within, "only follow-ups whose window opens within DAYS")
      ->check(CLI::Range(0.0, 3650.0));
  sub->add_option("--sort", flags->sort, "due (default: soonest first) or name")->check(CLI::IsMember({"due", "name"}));
  sub->footer(
      "Example:\n  rapport recommend --log examples/data/demo_interactions.csv --contacts examples/data/demo_contacts.csv "
      "--now 2026-11-25T09:00:00Z --due-within 7");
  sub->callback([flags, &status] { status = run_recommend(*flags); });
}

}  // namespace rapport_cli
