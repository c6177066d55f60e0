// `rapport score` (alias `warmth`): warmth, band and stage of every contact.
#include "../commands.hpp"
#include "../text.hpp"

#include <algorithm>

namespace rapport_cli {
namespace {

struct score_flags {
  common_options in;
  bool reasons = false;
};

json reasons_json(const rapport::warmth& w) {
  json out = json::array();
  for (const auto& r : w.reasons) out.push_back(std::string(r.contribution > 0 ? "+ " : "- ") + r.text);
  return out;
}

json score_row(const session& s, const contact_plan& p, bool with_reasons) {
  rapport::timestamp last = p.history->items().front().at;
  for (const auto& x : *p.history)
    if (x.at <= s.now) last = x.at;
  json row;
  row["contact"] = p.key;
  row["warmth"] = p.warmth->score;
  row["band"] = to_string(p.warmth->level);
  row["stage"] = to_string(p.warmth->stage);
  row["last_contact"] = rapport::format_utc(last);
  row["name"] = p.info->display_name;
  if (with_reasons) row["reasons"] = reasons_json(*p.warmth);
  return row;
}

int run_score(const score_flags& f) {
  session s;
  out_format fmt{};
  if (auto e = open_with_format(f.in, s, fmt, true)) return report(*e);
  json rows = json::array();
  int status = 0;
  auto done = for_each_contact(s, [&](const std::string& key, const std::vector<rapport::interaction>& items) {
    auto p = plan_contact(s, key, items, false);
    if (p)
      rows.push_back(score_row(s, *p, f.reasons || fmt == out_format::json_doc));
    else
      status = report({exit_bad_input, p.error().message});
  });
  if (done) return report(*done);
  if (s.streaming)  // file order: sort by name, as read from memory
    std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return a["contact"] < b["contact"]; });
  render_options o;
  o.title = "warmth at " + rapport::format_utc(s.now) +
            format(" (probability of contact within %.0f days)", s.model.params().horizon_days);
  o.details_key = "reasons";
  o.details = f.reasons;
  o.meta["as_of"] = rapport::format_utc(s.now);
  o.meta["horizon_days"] = s.model.params().horizon_days;
  if (auto e = emit(s, render(rows, fmt, o))) return report(*e);
  return status;
}

}  // namespace

void add_score(CLI::App& app, int& status) {
  auto flags = std::make_shared<score_flags>();
  CLI::App* sub = app.add_subcommand("score", "warmth (0-100), band and stage of every contact in the log");
  sub->alias("warmth");
  add_input_options(*sub, flags->in);
  sub->add_flag("--reasons,-r", flags->reasons, "the reasons under each contact");
  sub->footer("Example:\n  rapport score --log examples/data/demo_interactions.csv --now 2026-11-25T09:00:00Z --reasons");
  sub->callback([flags, &status] { status = run_score(*flags); });
}

}  // namespace rapport_cli
