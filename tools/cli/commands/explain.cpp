// `rapport explain CONTACT`: the whole picture of one contact in words -- the parts of warmth, the
// stage, the rule that placed the follow-up and what the calendar did to it.
#include "../commands.hpp"
#include "../text.hpp"

#include <algorithm>
#include <cmath>

namespace rapport_cli {
namespace {

struct explain_flags {
  common_options in;
  std::string contact;
};

// The rule that placed the window, from its `why` bits: the first that is set.
struct rule_name {
  rapport::why_code code;
  const char* name;
};
constexpr rule_name rule_names[] = {
    {rapport::why_code::explicit_date, "explicit date (they asked to be contacted on or after a date)"},
    {rapport::why_code::parked, "parked (you put this connection on hold)"},
    {rapport::why_code::dormant, "dormant (re-engage)"},
    {rapport::why_code::their_turn, "their turn (they wrote last)"},
    {rapport::why_code::nudge_cap, "give space (too many unanswered messages)"},
    {rapport::why_code::awaiting_reply, "awaiting their reply"},
    {rapport::why_code::first_meeting, "first follow-up after meeting"},
    {rapport::why_code::committed_nurture, "committed: nurture cadence"},
    {rapport::why_code::momentum, "ice broken: keep the momentum"},
    {rapport::why_code::cadence, "established: keep the rhythm"}};

std::string rule_of(std::uint32_t why) {
  for (const auto& r : rule_names)
    if (why & rapport::bit(r.code)) return r.name;
  return "none";
}

json parts_json(const rapport::warmth& w) {
  std::vector<rapport::feature_part> parts(w.parts.begin(), w.parts.end());
  if (w.with_context) parts.insert(parts.end(), w.context_parts.begin(), w.context_parts.end());
  std::stable_sort(parts.begin(), parts.end(),
                   [](const auto& a, const auto& b) { return std::fabs(a.contribution) > std::fabs(b.contribution); });
  json rows = json::array();
  for (const auto& p : parts) {
    std::string text;
    for (const auto& r : w.reasons)
      if (r.which == p.which) text = r.text;
    rows.push_back({{"part", to_string(p.which)}, {"value", p.value}, {"contribution", p.contribution}, {"in_words", text}});
  }
  return rows;
}

json calendar_json(const contact_plan& p) {
  const auto& c = p.constraints;
  const rapport::time_zone utc = rapport::time_zone::utc();
  const auto local = [&](rapport::timestamp t) { return rapport::format_local(t, c.zone ? *c.zone : utc); };
  json periods = json::array();
  for (const auto& d : c.do_not_contact) periods.push_back(local(d.from) + " .. " + local(d.until));
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  std::string pref_days, pref_hours;
  for (int d = 0; d < 7; ++d)
    if (c.preferred_days.contains(static_cast<rapport::weekday>(d)))
      pref_days += (pref_days.empty() ? "" : ",") + std::string(days[d]);
  for (int h = 0; h < 24; ++h)
    if (c.preferred_hours >> h & 1u) pref_hours += (pref_hours.empty() ? "" : ",") + std::to_string(h);
  return {{"zone", p.info->zone_text},
          {"holidays", p.info->calendar_name},
          {"quiet_hours", quiet_text(c.quiet)},
          {"do_not_contact", periods},
          {"reach_out_after", c.reach_out_after ? local(*c.reach_out_after) : ""},
          {"reach_out_before", c.reach_out_before ? local(*c.reach_out_before) : ""},
          {"preferred_days", pref_days},
          {"preferred_hours", pref_hours},
          {"stage_override", c.override_stage == rapport::stage_override::committed ? "committed"
                             : c.override_stage == rapport::stage_override::parked  ? "parked"
                                                                                    : ""}};
}

json follow_up_json(const rapport::recommendation& r) {
  return {{"action", to_string(r.window.what)},
          {"rule", rule_of(r.window.why)},
          {"earliest", r.earliest_local},
          {"best", r.best_local},
          {"latest", r.latest_local},
          {"next_opening", r.next_opening_local},
          {"reply_chance", r.window.reply_chance},
          {"reasons", r.reasons}};
}

json explanation(const session& s, const contact_plan& p) {
  const auto& w = *p.warmth;
  json e;
  e["contact"] = p.key;
  e["name"] = p.info->display_name;
  e["as_of"] = rapport::format_utc(s.now);
  e["interactions"] = p.history->size();
  e["first"] = rapport::format_utc(p.history->items().front().at);
  e["last"] = rapport::format_utc(p.history->items().back().at);
  e["warmth"] = w.score;
  e["band"] = to_string(w.level);
  e["stage"] = to_string(w.stage);
  e["horizon_days"] = s.model.params().horizon_days;
  e["parts"] = parts_json(w);
  e["context"] = {{"owner_events_30d", p.context.owner_events_30d},
                  {"contact_events_30d", p.context.contact_events_30d},
                  {"owner_idle_days", p.context.owner_idle_days},
                  {"contact_idle_days", p.context.contact_idle_days}};
  e["follow_up"] = follow_up_json(*p.follow_up);
  e["calendar"] = calendar_json(p);
  return e;
}

std::string calendar_words(const json& c) {
  std::string out = "Their calendar\n";
  out += "  zone " + c["zone"].get<std::string>() + ", holidays " + c["holidays"].get<std::string>() + ", quiet hours " +
         c["quiet_hours"].get<std::string>() + " their time\n";
  for (const auto& d : c["do_not_contact"]) out += "  do not contact: " + d.get<std::string>() + "\n";
  const std::pair<const char*, const char*> optional_lines[] = {{"reach_out_after", "reach out on or after"},
                                                                {"reach_out_before", "reach out before"},
                                                                {"preferred_days", "preferred days"},
                                                                {"preferred_hours", "preferred hours"},
                                                                {"stage_override", "stage set by you"}};
  for (const auto& [key, words] : optional_lines)
    if (!c[key].get<std::string>().empty()) out += "  " + std::string(words) + ": " + c[key].get<std::string>() + "\n";
  return out;
}

std::string words(const json& e) {
  std::string out = e["contact"].get<std::string>();
  if (!e["name"].get<std::string>().empty()) out += " (" + e["name"].get<std::string>() + ")";
  out += " as of " + e["as_of"].get<std::string>() + "\n";
  out += format("  %zu interactions, ", e["interactions"].get<std::size_t>()) + e["first"].get<std::string>() + " .. " +
         e["last"].get<std::string>() + "\n\n";
  out += format("Warmth %.1f of 100 (%s): the chance you are in touch within %.0f days. Stage: %s.\n", e["warmth"].get<double>(),
                e["band"].get<std::string>().c_str(), e["horizon_days"].get<double>(), e["stage"].get<std::string>().c_str());
  out += "  part                  value  log-odds  in words\n";
  for (const auto& p : e["parts"])
    out += format("  %-20s %6.2f  %+8.2f  ", p["part"].get<std::string>().c_str(), p["value"].get<double>(),
                  p["contribution"].get<double>()) +
           p["in_words"].get<std::string>() + "\n";
  const auto& f = e["follow_up"];
  out += "\nFollow-up: " + f["action"].get<std::string>() + "  (rule: " + f["rule"].get<std::string>() + ")\n";
  if (!f["best"].get<std::string>().empty())
    out += "  window " + f["earliest"].get<std::string>() + " .. " + f["latest"].get<std::string>() + ", best " +
           f["best"].get<std::string>() + format(" (reply chance %.0f%%)\n", 100 * f["reply_chance"].get<double>());
  for (const auto& r : f["reasons"]) out += "  - " + r.get<std::string>() + "\n";
  return out + "\n" + calendar_words(e["calendar"]);
}

int run_explain(const explain_flags& f) {
  session s;
  s.only_contact = f.contact;  // the other contacts' rows are not kept
  out_format fmt{};
  if (auto e = open_with_format(f.in, s, fmt)) return report(*e);
  auto p = plan_contact(s, f.contact, true);
  if (!p) return report({exit_bad_input, p.error().message});
  const json e = explanation(s, *p);
  std::string text = fmt == out_format::json_doc ? e.dump(2) + "\n"
                     : fmt == out_format::csv    ? render(e["parts"], fmt, {})
                                                 : words(e);
  if (auto err = emit(s, text)) return report(*err);
  return 0;
}

}  // namespace

void add_explain(CLI::App& app, int& status) {
  auto flags = std::make_shared<explain_flags>();
  CLI::App* sub =
      app.add_subcommand("explain", "one contact in words: parts of warmth, stage, the follow-up rule, calendar effects");
  sub->add_option("contact", flags->contact, "the contact, as written in the log")->required();
  add_input_options(*sub, flags->in);
  sub->footer(
      "Example:\n  rapport explain priya.raman --log examples/data/demo_interactions.csv --contacts examples/data/demo_contacts.csv "
      "--now 2026-11-25T09:00:00Z\n--format csv gives the parts of warmth as rows; --format json everything.");
  sub->callback([flags, &status] { status = run_explain(*flags); });
}

}  // namespace rapport_cli
