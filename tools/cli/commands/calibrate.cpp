// `rapport calibrate -o PARAMS.json`: fits the warmth model on this log (rapport::calibrate, a
// rolling origin over your own history), prints accuracy before and after on the later cutoffs
// (fitted on the earlier ones only), and writes the parameters fitted on all cutoffs.
#include "../accuracy.hpp"
#include "../atomic_file.hpp"
#include "../commands.hpp"

namespace rapport_cli {
namespace {

struct calibrate_flags {
  common_options in;
  accuracy_flags acc;
  std::string params_out;
};

// `rapport::calibrate` on `cutoffs`, its messages prefixed.
rapport::result<rapport::model_params> fit(const session& s, const std::vector<rapport::history>& h,
                                           std::vector<rapport::timestamp> cutoffs) {
  auto p = rapport::calibrate(h, std::move(cutoffs), s.model);
  if (!p) return rapport::fail(p.error().code, "calibrate: " + p.error().message);
  return p;
}

int run_calibrate(const calibrate_flags& f) {
  session s;
  out_format fmt{};
  if (auto e = open_with_format(f.in, s, fmt)) return report(*e);
  auto a = replay_log(s, f.acc);
  if (!a) return report({exit_bad_input, a.error().message});
  auto histories = all_histories(s);
  if (!histories) return report({exit_bad_input, histories.error().message});
  auto held_out = fit(s, *histories, train_cutoffs(*a));
  if (!held_out) return report({exit_bad_input, held_out.error().message});
  std::vector<rapport::timestamp> every;
  for (auto t : a->replay.cutoffs) every.push_back({t});
  auto final_fit = fit(s, *histories, every);
  if (!final_fit) return report({exit_bad_input, final_fit.error().message});
  if (auto ok = write_atomically(f.params_out, rapport::to_json(*final_fit)); !ok)
    return report({exit_bad_input, ok.error().message});
  json rows =
      json::array({metrics_row("before", score_params(*a, s.model.params())), metrics_row("after", score_params(*a, *held_out))});
  render_options o;
  o.decimals = 3;
  o.title = "warmth accuracy on the later half of the cutoffs (" + std::to_string(a->split.test.size()) +
            " cases), before: " + (f.in.params.empty() ? "shipped parameters" : f.in.params) +
            ", after: fitted on the earlier cutoffs; wrote " + f.params_out + " (fitted on all " + std::to_string(every.size()) +
            " cutoffs)";
  o.meta["params"] = f.params_out;
  if (auto e = emit(s, render(rows, fmt, o))) return report(*e);
  return 0;
}

}  // namespace

void add_calibrate(CLI::App& app, int& status) {
  auto flags = std::make_shared<calibrate_flags>();
  CLI::App* sub =
      app.add_subcommand("calibrate", "fit the warmth model on this log; write the parameters, print accuracy before and after");
  add_input_options(*sub, flags->in);
  sub->add_option("--params-out,-p", flags->params_out, "where to write the fitted parameters (JSON, atomically)")->required();
  sub->add_option("--cutoffs", flags->acc.cutoffs, "rolling-origin cutoffs")->check(CLI::Range(2, 100));
  sub->add_option("--horizon-days", flags->acc.horizon_days, "label horizon")->check(CLI::Range(1.0, 365.0));
  sub->footer(
      "Example:\n  rapport calibrate --log examples/data/demo_interactions.csv --now 2026-11-25T09:00:00Z -p my_params.json\n"
      "  rapport score --log examples/data/demo_interactions.csv --now 2026-11-25T09:00:00Z --params my_params.json");
  sub->callback([flags, &status] { status = run_calibrate(*flags); });
}

}  // namespace rapport_cli
