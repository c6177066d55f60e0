#pragma once
/// The `followups` section of `rapport_accuracy`: the verdicts of followups.hpp as JSON, a text
/// table and Markdown. JSON keys (stable; documented in docs/ACCURACY.md):
///   followups.or_in_vs_early             MH odds ratio answered, in vs early, window planned just before
///   followups.or_in_vs_early_evidence    the same, outreach early only by a courtesy rule left out
///   followups.or_in_vs_late              the same, in vs late, window planned at the previous interaction
///   followups.answered_share_early       share of answered outreach called early for a non-courtesy reason
///   followups.reply_chance.{auc,ece,log_loss,auc_hours_since_their_last}
///   followups.best_hour_lift             answered rate in the best hour / in other hours (their turn excluded)
///   followups.mean_width_days, followups.share_now   windows planned just before
/// plus `*_ci` bootstrap intervals, counts, and `planners`: every planner x rule row.

#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include "followups.hpp"

namespace rapport {
inline namespace v1 {
namespace eval {

struct followup_row {
  std::size_t view = 0;  ///< index into `views`
  int rule = -1;         ///< window_rule, -1: all
  verdict v;
};

struct followup_report {
  followup_summary summary;
  std::vector<followup_row> rows;
};

/// Every planner on all outreach, then on each rule that has outreach.
inline followup_report build_followup_report(const std::vector<outreach>& ev, const followup_options& fo) {
  followup_report r;
  r.summary = summarize(ev, fo);
  for (std::size_t k = 0; k < std::size(views); ++k) {
    std::array<bool, window_rule_count> present{};
    for (const outreach& o : ev) {
      const seen s = views[k].fn(o);
      if (s.when != timing::none) present[static_cast<std::size_t>(s.rule)] = true;
    }
    r.rows.push_back({k, -1, judge(ev, views[k].fn, -1, fo)});
    for (std::size_t q = 0; q < window_rule_count; ++q)
      if (present[q]) r.rows.push_back({k, static_cast<int>(q), judge(ev, views[k].fn, static_cast<int>(q), fo)});
  }
  return r;
}

namespace report {

inline std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
inline std::string triple(const interval& i) { return "[" + num(i.value) + ", " + num(i.lo) + ", " + num(i.hi) + "]"; }
inline std::string rate_json(const proportion& p) {
  const interval w = wilson(p.k, p.n);
  return "{\"n\": " + std::to_string(static_cast<long long>(p.n)) + ", \"rate\": " + num(w.value) + ", \"ci\": [" + num(w.lo) +
         ", " + num(w.hi) + "]}";
}
inline const char* rule_name(int rule) { return rule < 0 ? "all" : to_string(static_cast<window_rule>(rule)); }

inline std::string row_json(const followup_row& r) {
  const verdict& v = r.v;
  std::string s = "{\"planner\": \"" + std::string(views[r.view].name) + "\", \"rule\": \"" + rule_name(r.rule) +
                  "\", \"n\": " + std::to_string(v.n) + ", \"answered\": {";
  const char* cls[3] = {"early", "in", "late"};
  for (int c = 0; c < 3; ++c)
    s += std::string(c ? ", " : "") + "\"" + cls[c] + "\": " + rate_json(v.answered[static_cast<std::size_t>(c)]);
  s += "}, \"kept\": {";
  for (int c = 0; c < 3; ++c)
    s += std::string(c ? ", " : "") + "\"" + cls[c] + "\": " + rate_json(v.kept[static_cast<std::size_t>(c)]);
  s += "}, \"answered_early_courtesy\": " + rate_json(v.courtesy_answered) +
       ", \"answered_early_other\": " + rate_json(v.other_early_answered) + ", \"or_in_vs_early\": " + triple(v.or_in_vs_early) +
       ", \"or_in_vs_late\": " + triple(v.or_in_vs_late) + ", \"diff_in_minus_early\": " + triple(v.diff_in_minus_early) +
       ", \"mean_width_days\": " + num(v.mean_width_days) + ", \"share_now\": " + num(v.share_now) + "}";
  return s;
}

}  // namespace report

/// The `followups` JSON object.
inline std::string followups_json(const followup_report& r, const std::string& zone) {
  using report::num;
  const followup_summary& s = r.summary;
  std::string j = "{\"zone\": \"" + zone + "\", \"outreach\": " + std::to_string(s.outreach) +
                  ", \"with_window\": " + std::to_string(s.with_window) + ", \"kept_known\": " + std::to_string(s.kept_known) +
                  ",\n";
  j += "    \"or_in_vs_early\": " + num(s.or_in_vs_early.value) + ", \"or_in_vs_early_ci\": [" + num(s.or_in_vs_early.lo) + ", " +
       num(s.or_in_vs_early.hi) + "], \"or_in_vs_late\": " + num(s.or_in_vs_late.value) + ", \"or_in_vs_late_ci\": [" +
       num(s.or_in_vs_late.lo) + ", " + num(s.or_in_vs_late.hi) + "],\n";
  j += "    \"or_in_vs_early_evidence\": " + num(s.or_in_vs_early_evidence.value) + ", \"or_in_vs_early_evidence_ci\": [" +
       num(s.or_in_vs_early_evidence.lo) + ", " + num(s.or_in_vs_early_evidence.hi) + "],\n";
  j += "    \"answered_share_early\": " + num(s.answered_share_early) +
       ", \"answered_share_early_courtesy\": " + num(s.answered_share_early_courtesy) + ",\n";
  j += "    \"reply_chance\": {\"auc\": " + num(s.rc_auc) + ", \"ece\": " + num(s.rc_ece) +
       ", \"log_loss\": " + num(s.rc_log_loss) + ", \"auc_hours_since_their_last\": " + num(s.auc_hours_since_their_last) +
       "},\n";
  j += "    \"best_hour_lift\": " + num(s.best_hour_lift) + ", \"best_hour_answered\": " + report::rate_json(s.best_hour) +
       ", \"other_hours_answered\": " + report::rate_json(s.other_hours) + ",\n";
  j += "    \"mean_width_days\": " + num(s.mean_width_days) + ", \"share_now\": " + num(s.share_now) + ",\n    \"planners\": [\n";
  for (std::size_t k = 0; k < r.rows.size(); ++k)
    j += "      " + report::row_json(r.rows[k]) + (k + 1 < r.rows.size() ? ",\n" : "\n");
  return j + "    ]}";
}

namespace report {

inline std::string pct(double v) {
  if (!std::isfinite(v)) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", 100 * v);
  return b;
}
inline std::string f2(double v) {
  if (!std::isfinite(v)) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}
/// "78.8% [78.1, 79.5]" (Wilson) or "n/a".
inline std::string rate_md(const proportion& p) {
  const interval w = wilson(p.k, p.n);
  if (!std::isfinite(w.value)) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, "%.1f%% [%.1f, %.1f]", 100 * w.value, 100 * w.lo, 100 * w.hi);
  return b;
}
inline std::string ratio_md(const interval& i) {
  if (!std::isfinite(i.value)) return "n/a";
  return f2(i.value) + " [" + f2(i.lo) + ", " + f2(i.hi) + "]";
}
inline std::string diff_md(const interval& i) {
  if (!std::isfinite(i.value)) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, "%+.1f [%+.1f, %+.1f]", 100 * i.value, 100 * i.lo, 100 * i.hi);
  return b;
}

inline std::string row_md(const followup_row& r) {
  const verdict& v = r.v;
  const auto n = [&](std::size_t c) { return std::to_string(static_cast<long long>(v.answered[c].n)); };
  return "| " + std::string(r.rule < 0 ? views[r.view].name : "") + " | " + rule_name(r.rule) + " | " + n(0) + " / " + n(1) +
         " / " + n(2) + " | " + rate_md(v.answered[0]) + " | " + rate_md(v.answered[1]) + " | " + rate_md(v.answered[2]) + " | " +
         rate_md(v.courtesy_answered) + " | " + rate_md(v.kept[0]) + " | " + rate_md(v.kept[1]) + " | " + rate_md(v.kept[2]) +
         " | " + ratio_md(v.or_in_vs_early) + " | " + ratio_md(v.or_in_vs_late) + " | " + diff_md(v.diff_in_minus_early) + " | " +
         f2(v.mean_width_days) + " | " + pct(v.share_now) + " |\n";
}

}  // namespace report

/// The Markdown block of one log: headline figures, then every planner x rule.
inline std::string followups_markdown(const followup_report& r, const std::string& zone, double reply_window_days) {
  using namespace report;
  const followup_summary& s = r.summary;
  char head[256];
  std::snprintf(head, sizeof head,
                "%zu outreach with earlier history (%zu with a window planned just before; tie kept known for %zu); "
                "contacts' clock %s; answered = a reply within %.0f days.\n\n",
                s.outreach, s.with_window, s.kept_known, zone.c_str(), reply_window_days);
  std::string md = "| follow-up windows on outcomes | value |\n|---|---:|\n";
  md += "| `or_in_vs_early`: MH odds ratio answered, in vs early, within pair and rule (planned just before) | " +
        ratio_md(s.or_in_vs_early) + " |\n";
  md += "| `or_in_vs_early_evidence`: the same, outreach early only by a courtesy rule left out | " +
        ratio_md(s.or_in_vs_early_evidence) + " |\n";
  md += "| `or_in_vs_late`: the same, in vs late (planned at the previous interaction) | " + ratio_md(s.or_in_vs_late) + " |\n";
  md += "| `answered_share_early`: answered outreach called early, courtesy rules excluded (early by courtesy) | " +
        pct(s.answered_share_early) + " (" + pct(s.answered_share_early_courtesy) + ") |\n";
  md += "| `reply_chance`: AUC, ECE, log loss (AUC of hours since their last message alone) | " + f2(s.rc_auc) + ", " +
        f2(s.rc_ece) + ", " + f2(s.rc_log_loss) + " (" + f2(s.auc_hours_since_their_last) + ") |\n";
  md += "| `best_hour_lift`: answered in the best hour / in other hours, their turn excluded | " + f2(s.best_hour_lift) + " (" +
        rate_md(s.best_hour) + " vs " + rate_md(s.other_hours) + ") |\n";
  md += "| `mean_width_days`, `share_now` (windows planned just before) | " + f2(s.mean_width_days) + ", " + pct(s.share_now) +
        " |\n\n";
  md +=
      "| planner | rule | early / in / late | answered: early | in | late | early by courtesy: answered | kept: early | in | late | "
      "MH OR in vs early | MH OR in vs late | in - early (points) | mean width (days) | share now |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const followup_row& row : r.rows) md += row_md(row);
  return std::string(head) + md + "\n";
}

/// The text table: the headline figures and each planner on all outreach.
inline void print_followups(const followup_report& r, double seconds) {
  using namespace report;
  const followup_summary& s = r.summary;
  std::printf(
      "  followups (%zu outreach, %.1f s): OR in/early %s (courtesy-early left out %s), OR in/late %s; answered called early %s "
      "(courtesy %s)\n",
      s.outreach, seconds, ratio_md(s.or_in_vs_early).c_str(), ratio_md(s.or_in_vs_early_evidence).c_str(),
      ratio_md(s.or_in_vs_late).c_str(), pct(s.answered_share_early).c_str(), pct(s.answered_share_early_courtesy).c_str());
  std::printf(
      "    reply_chance AUC %s ECE %s log loss %s (hours since their last: AUC %s); best hour lift %s; width %s days; now %s\n",
      f2(s.rc_auc).c_str(), f2(s.rc_ece).c_str(), f2(s.rc_log_loss).c_str(), f2(s.auc_hours_since_their_last).c_str(),
      f2(s.best_hour_lift).c_str(), f2(s.mean_width_days).c_str(), pct(s.share_now).c_str());
  std::printf("    %-52s %8s %8s %8s %8s %8s %8s\n", "planner (all rules)", "n", "ans.ear", "ans.in", "ans.late", "OR i/e",
              "OR i/l");
  for (const followup_row& row : r.rows) {
    if (row.rule >= 0) continue;
    const verdict& v = row.v;
    std::printf("    %-52s %8zu %8s %8s %8s %8s %8s\n", views[row.view].name, v.n, pct(v.answered[0].rate()).c_str(),
                pct(v.answered[1].rate()).c_str(), pct(v.answered[2].rate()).c_str(), f2(v.or_in_vs_early.value).c_str(),
                f2(v.or_in_vs_late.value).c_str());
  }
}

/// One row of docs/ACCURACY.md's follow-up summary table.
inline std::string followups_summary_row(const followup_report& r, const std::string& name, const std::string& zone) {
  using namespace report;
  const followup_summary& s = r.summary;
  const verdict& before = r.rows.front().v;  // the recommender planned just before, all rules
  return "| " + name + " | " + zone + " | " + std::to_string(s.outreach) + " | " + pct(before.answered[0].rate()) + " / " +
         pct(before.answered[1].rate()) + " | " + ratio_md(s.or_in_vs_early) + " | " + ratio_md(s.or_in_vs_late) + " | " +
         pct(s.answered_share_early) + " + " + pct(s.answered_share_early_courtesy) + " | " + pct(s.best_hour.rate()) + " vs " +
         pct(s.other_hours.rate()) + " (" + f2(s.best_hour_lift) + ") | " + f2(s.rc_auc) + "; " +
         f2(s.auc_hours_since_their_last) + " | " + f2(s.mean_width_days) + " | " + pct(s.share_now) + " |\n";
}

}  // namespace eval
}  // namespace v1
}  // namespace rapport
