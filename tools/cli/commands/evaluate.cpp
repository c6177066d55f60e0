// `rapport evaluate`: the accuracy harness on this log, as `rapport_accuracy` runs it on public
// logs: the model as shipped, the same recalibrated on the earlier cutoffs, and the baselines,
// judged on the later cutoffs.
#include "../accuracy.hpp"
#include "../commands.hpp"

namespace rapport_cli {
namespace eval = rapport::eval;
namespace {

struct evaluate_flags {
  common_options in;
  accuracy_flags acc;
};

// The shipped logit, recalibrated by a monotone map fitted on the training cases (as the baselines are).
eval::binary_metrics recalibrated(const accuracy_setup& a, const rapport::model_params& p) {
  const auto& r = a.replay;
  const eval::platt map = eval::platt::fit(eval::model_logits(r, a.split.train, p), eval::labels_of(r, a.split.train));
  const auto z = eval::model_logits(r, a.split.test, p);
  std::vector<double> prob;
  for (double v : z) prob.push_back(map(v));
  return eval::score_binary(prob, eval::labels_of(r, a.split.test), &z);
}

json rows_of(const accuracy_setup& a, const rapport::model_params& p) {
  json rows = json::array();
  rows.push_back(metrics_row("model_as_shipped", score_params(a, p)));
  rows.push_back(metrics_row("model", recalibrated(a, p)));
  rows.push_back(metrics_row("constant", eval::score_constant(a.replay, a.split.train, a.split.test)));
  for (std::size_t b = 0; b < eval::baseline_count; ++b) {
    const auto which = static_cast<eval::baseline>(b);
    rows.push_back(metrics_row(to_string(which), eval::score_baseline(a.replay, which, a.split.train, a.split.test)));
  }
  return rows;
}

int run_evaluate(const evaluate_flags& f) {
  session s;
  out_format fmt{};
  if (auto e = open_with_format(f.in, s, fmt)) return report(*e);
  auto a = replay_log(s, f.acc);
  if (!a) return report({exit_bad_input, a.error().message});
  render_options o;
  o.decimals = 3;
  o.title = "warmth accuracy: " + std::to_string(a->split.test.size()) + " test cases on the later " +
            std::to_string(a->split.test_cutoffs.size()) + " cutoffs, " + std::to_string(a->split.train.size()) +
            " training cases (contact within " + std::to_string(static_cast<int>(f.acc.horizon_days)) + " days)";
  o.meta["test_cases"] = a->split.test.size();
  o.meta["train_cases"] = a->split.train.size();
  if (auto e = emit(s, render(rows_of(*a, s.model.params()), fmt, o))) return report(*e);
  return 0;
}

}  // namespace

void add_evaluate(CLI::App& app, int& status) {
  auto flags = std::make_shared<evaluate_flags>();
  CLI::App* sub = app.add_subcommand(
      "evaluate", "the accuracy harness on this log: the model against the baselines (AUC, log loss, Brier, ECE)");
  add_input_options(*sub, flags->in);
  sub->add_option("--cutoffs", flags->acc.cutoffs, "rolling-origin cutoffs")->check(CLI::Range(2, 100));
  sub->add_option("--horizon-days", flags->acc.horizon_days, "label horizon")->check(CLI::Range(1.0, 365.0));
  sub->footer("Example:\n  rapport evaluate --log examples/data/demo_interactions.csv --now 2026-11-25T09:00:00Z");
  sub->callback([flags, &status] { status = run_evaluate(*flags); });
}

}  // namespace rapport_cli
