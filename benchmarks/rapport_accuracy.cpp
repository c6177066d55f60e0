// rapport_accuracy: how well warmth, reply timing and follow-up windows come true on a real log.
//
//   rapport_accuracy --edges FILE | --sms FILE --calls FILE
//                    [--horizon-days 30] [--cutoffs 8] [--params FILE] [--l2 0.01]
//                    [--reply-window-days D] [--recency 1] [--zone TZ] [--bootstrap 1000] [--no-courtesy]
//                    [--online-horizons 7,30,90] [--online-method platt|beta|isotonic]
//                    [--online-half-life 0] [--online-prior 10] [--online-stream-cutoffs 24]
//                    [--online-label-levels 6]
//                    --json OUT [--svg OUT] [--markdown OUT [--svg-link PATH]] [--name NAME]
// --markdown writes this log's section of docs/ACCURACY.md (tables, targets, the command);
// --summary one row of its summary table; --followups-row one row of its follow-up summary table.
//
// Replays the log with a rolling origin (<rapport/eval/replay.hpp>), splits the cutoffs in time
// (split_by_time: the later half are scored; the earlier ones whose label windows end before the
// first scored cutoff are for fitting), and scores on the same test cases (accuracy/harness.hpp):
//   model_as_shipped  the parameters as given (--params, else the shipped defaults), untouched;
//   model             the same ranking, its logit recalibrated on the training cutoffs by a
//                     monotone two-parameter map (the treatment every baseline gets: they are
//                     calibrated by isotonic regression on the training cutoffs);
//   model_context     the same parameters with their network-context stage (logit_with_context, each
//                     case's context: each side's events with anyone in 30 days, days idle), its logit
//                     recalibrated exactly as the model row's;
//   model_refit       the Calibrator (fit_warmth) refitted on the training cutoffs;
//   context_refit     the same refit plus 4 network-context columns (each side's activity with
//                     anyone: events in 30 days, days idle) -- what passing context would add;
//   baselines         constant, recency, frequency_90d, decay_30d, cadence_30d, pingcrm, everreach,
//                     each calibrated on the training cutoffs by a two-parameter logistic on its log
//                     scale (as the model row); "baselines_isotonic" by isotonic regression instead.
//   model_online, model_context_online (per horizon of --online-horizons, JSON warmth.by_horizon):
//                     the parameters' warmth at that horizon without / with the context stage, each
//                     mapped by an online_calibrator fed only the labels matured before each scored
//                     cutoff (harness.hpp score_online), beside the constant's log loss and the best
//                     baseline's AUC at the same horizon.
// Replies: reply AUC of the smoothed answered share, coverage of real latencies by the predicted
// 50/80/90% quantiles, pinball losses. Windows: coverage of the real next contact by the
// recommender's [earliest, latest] (plan_follow_up, default constraints) and the fixed window
// "within the next H days". Follow-ups (accuracy/followups.hpp): every real outreach against the
// window planned just before it and at the pair's previous interaction, judged on outcomes
// (answered, tie kept) within pair and rule, beside two fixed rules; --zone is the contacts' clock
// (IANA name or POSIX TZ; default UTC), --bootstrap the owner-clustered resamples, --no-courtesy plans
// with every courtesy rule off (quiet hours, weekends, holidays, leave, the first-meeting wait).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "../tools/cli_args.hpp"
#include <rapport/calibrate.hpp>
#include "accuracy/followups_report.hpp"
#include "accuracy/harness.hpp"
#include "accuracy/load.hpp"
#include <rapport/eval/replay.hpp>
#include <rapport/params_json.hpp>
#include <rapport/rapport.hpp>
#if __has_include(<rapport/recommend.hpp>)
#include <rapport/recommend.hpp>
#define RAPPORT_ACCURACY_HAS_RECOMMEND 1
#endif

using namespace rapport;

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "rapport_accuracy: " << msg << "\n";
  std::exit(1);
}

// One horizon of the online rows (warmth.by_horizon[]).
struct horizon_row {
  double days = 0;
  std::string skipped;  // why the log cannot be scored at this horizon; empty when scored
  eval::online_metrics online;
  double constant_log_loss = 0;
  std::string best_name;
  double best_auc = 0;
};

horizon_row score_horizon(const eval::event_log& log, const model& m, eval::replay_options ro, double H,
                          const eval::online_options& oo) {
  horizon_row row;
  row.days = H;
  ro.horizon_days = H;
  auto r = eval::replay(log, m, ro);
  if (!r) {
    row.skipped = r.error().message;
    return row;
  }
  const eval::time_split sp = eval::split_by_time(*r);
  eval::replay_options so = ro;
  so.cutoffs = oo.stream_cutoffs;
  so.start_fraction = oo.stream_start_fraction;
  auto stream = eval::replay(log, m, so);
  if (!stream || sp.train.empty() || sp.test.empty()) {
    row.skipped = stream ? "not enough cutoffs to split in time" : stream.error().message;
    return row;
  }
  row.online = eval::score_online(*r, sp, *stream, m.params(), oo);
  row.constant_log_loss = eval::score_constant(*r, sp.train, sp.test).log_loss;
  for (std::size_t b = 0; b < eval::baseline_count; ++b) {
    const double auc = eval::score_baseline(*r, static_cast<eval::baseline>(b), sp.train, sp.test).auc;
    if (auc > row.best_auc) {
      row.best_auc = auc;
      row.best_name = to_string(static_cast<eval::baseline>(b));
    }
  }
  return row;
}

std::string num(double v);

std::string online_json(const eval::binary_metrics& m) {
  return "{\"auc\": " + num(m.auc) + ", \"log_loss\": " + num(m.log_loss) + ", \"ece\": " + num(m.ece) + "}";
}

std::string by_horizon_json(const std::vector<horizon_row>& rows) {
  std::string j = "[";
  for (const auto& h : rows) {
    if (!h.skipped.empty()) continue;
    j += std::string(j.size() > 1 ? ",\n      " : "\n      ") + "{\"days\": " + num(h.days) +
         ", \"model_online\": " + online_json(h.online.model) +
         ", \"model_context_online\": " + online_json(h.online.model_context) +
         ", \"constant\": {\"log_loss\": " + num(h.constant_log_loss) + "}, \"best_baseline\": {\"name\": \"" + h.best_name +
         "\", \"auc\": " + num(h.best_auc) + "}}";
  }
  return j + (j.size() > 1 ? "\n    ]" : "]");
}

// The targets of issue 10, per horizon: ECE <= 0.02 and log loss <= 0.7 x constant (online), AUC with
// context >= best baseline + 0.02.
void print_horizon(const horizon_row& h) {
  if (!h.skipped.empty()) {
    std::printf("  online @%gd: skipped (%s)\n", h.days, h.skipped.c_str());
    return;
  }
  const auto& a = h.online.model;
  const auto& c = h.online.model_context;
  std::printf(
      "  online @%gd: model_online AUC %.4f LL %.4f ECE %.4f | model_context_online AUC %.4f LL %.4f ECE %.4f | "
      "constant LL %.4f | best %s %.4f\n",
      h.days, a.auc, a.log_loss, a.ece, c.auc, c.log_loss, c.ece, h.constant_log_loss, h.best_name.c_str(), h.best_auc);
  std::printf("    targets: ECE %.4f/%.4f (<= 0.02)  LL/const %.3f/%.3f (<= 0.7)  ctx AUC - best %+.4f (>= +0.02)\n", a.ece,
              c.ece, a.log_loss / h.constant_log_loss, c.log_loss / h.constant_log_loss, c.auc - h.best_auc);
}

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string metrics_json(const eval::binary_metrics& m, bool with_table) {
  std::string s = "{\"auc\": " + num(m.auc) + ", \"log_loss\": " + num(m.log_loss) + ", \"brier\": " + num(m.brier) +
                  ", \"ece\": " + num(m.ece);
  if (with_table) {
    s += ", \"reliability\": [";
    for (std::size_t b = 0; b < m.table.size(); ++b) {
      const auto& t = m.table[b];
      s += std::string(b ? ", " : "") + "{\"lo\": " + num(t.lo) + ", \"hi\": " + num(t.hi) +
           ", \"count\": " + std::to_string(t.count) + ", \"mean_predicted\": " + num(t.mean_predicted) +
           ", \"observed\": " + num(t.observed) + "}";
    }
    s += "]";
  }
  return s + "}";
}

struct window_metrics {
  std::size_t cases = 0;
  double coverage = std::nan(""), mean_width_days = std::nan(""), interval_score_days = std::nan("");
};

// Coverage of y (days after T) by [lo, hi] (days after T); interval score as for an 80% interval.
struct window_acc {
  double n = 0, covered = 0, width = 0, score = 0;
  void add(double lo, double hi, double y) {
    n += 1;
    covered += (y >= lo && y <= hi);
    width += hi - lo;
    const double alpha = 0.2;
    score += (hi - lo) + (y < lo ? 2 / alpha * (lo - y) : 0) + (y > hi ? 2 / alpha * (y - hi) : 0);
  }
  window_metrics get() const {
    window_metrics w;
    w.cases = static_cast<std::size_t>(n);
    if (n > 0) {
      w.coverage = covered / n;
      w.mean_width_days = width / n;
      w.interval_score_days = score / n;
    }
    return w;
  }
};

std::string window_json(const window_metrics& w) {
  return "{\"cases\": " + std::to_string(w.cases) + ", \"coverage\": " + num(w.coverage) +
         ", \"mean_width_days\": " + num(w.mean_width_days) + ", \"interval_score_days\": " + num(w.interval_score_days) + "}";
}

std::string reply_json(const eval::reply_metrics& r) {
  return "{\"cases\": " + std::to_string(r.cases) + ", \"answered\": " + std::to_string(r.answered) + ", \"auc\": " + num(r.auc) +
         ", \"coverage_q50\": " + num(r.coverage_q50) + ", \"coverage_q80\": " + num(r.coverage_q80) +
         ", \"coverage_q90\": " + num(r.coverage_q90) + ", \"pinball_q50_hours\": " + num(r.pinball_q50_hours) +
         ", \"pinball_q80_hours\": " + num(r.pinball_q80_hours) + ", \"pinball_q90_hours\": " + num(r.pinball_q90_hours) + "}";
}

// A reliability diagram as SVG: observed rate against mean predicted probability per bin.
std::string reliability_svg(const std::string& title,
                            const std::vector<std::pair<std::string, const eval::binary_metrics*>>& series) {
  const double W = 560, H = 400, L = 60, R = 190, T = 40, B = 50;  // a square plot area
  const double pw = W - L - R, ph = H - T - B;
  auto X = [&](double v) { return L + v * pw; };
  auto Y = [&](double v) { return T + (1 - v) * ph; };
  const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H
    << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << L << "\" y=\"22\" font-size=\"14\">" << title << "</text>\n"
    << "<rect x=\"" << L << "\" y=\"" << T << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"#888\"/>\n";
  for (int k = 0; k <= 10; k += 2) {
    const double v = k / 10.0;
    s << "<line x1=\"" << X(v) << "\" y1=\"" << Y(0) << "\" x2=\"" << X(v) << "\" y2=\"" << Y(1) << "\" stroke=\"#eee\"/>"
      << "<line x1=\"" << X(0) << "\" y1=\"" << Y(v) << "\" x2=\"" << X(1) << "\" y2=\"" << Y(v) << "\" stroke=\"#eee\"/>"
      << "<text x=\"" << X(v) << "\" y=\"" << Y(0) + 16 << "\" text-anchor=\"middle\">" << v << "</text>"
      << "<text x=\"" << X(0) - 6 << "\" y=\"" << Y(v) + 4 << "\" text-anchor=\"end\">" << v << "</text>\n";
  }
  s << "<line x1=\"" << X(0) << "\" y1=\"" << Y(0) << "\" x2=\"" << X(1) << "\" y2=\"" << Y(1)
    << "\" stroke=\"#444\" stroke-dasharray=\"4 4\"/>\n"
    << "<text x=\"" << X(0.5) << "\" y=\"" << H - 12 << "\" text-anchor=\"middle\">predicted probability (bin mean)</text>\n"
    << "<text x=\"16\" y=\"" << Y(0.5) << "\" transform=\"rotate(-90 16 " << Y(0.5)
    << ")\" text-anchor=\"middle\">observed rate</text>\n";
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& m = *series[k].second;
    const char* c = colors[k % 5];
    std::string pts;
    for (const auto& b : m.table) {
      if (b.count == 0) continue;
      pts += std::to_string(X(b.mean_predicted)) + "," + std::to_string(Y(b.observed)) + " ";
      const double r = 2 + std::log10(static_cast<double>(b.count));
      s << "<circle cx=\"" << X(b.mean_predicted) << "\" cy=\"" << Y(b.observed) << "\" r=\"" << r << "\" fill=\"" << c
        << "\" fill-opacity=\"0.7\"/>\n";
    }
    s << "<polyline points=\"" << pts << "\" fill=\"none\" stroke=\"" << c << "\" stroke-width=\"1.5\"/>\n";
    const double ly = T + 14 + 34.0 * static_cast<double>(k);
    char ece[64];
    std::snprintf(ece, sizeof ece, "ECE %.3f, AUC %.3f", m.ece, m.auc);
    s << "<rect x=\"" << W - R + 12 << "\" y=\"" << ly - 9 << "\" width=\"10\" height=\"10\" fill=\"" << c << "\"/>"
      << "<text x=\"" << W - R + 28 << "\" y=\"" << ly << "\">" << series[k].first << "</text>"
      << "<text x=\"" << W - R + 28 << "\" y=\"" << ly + 14 << "\" fill=\"#555\">" << ece << "</text>\n";
  }
  s << "<text x=\"" << W - R + 12 << "\" y=\"" << H - B + 4 << "\" fill=\"#555\">dot radius 2 + log10(cases)</text>\n</svg>\n";
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::string edges, sms, calls, params_path, json_out, svg_out, name, md_out, svg_link, summary_out, zone_name,
      followups_row_out;
  // The command as a reader would rerun it: output-only options left out, spaces quoted.
  std::string command = "rapport_accuracy";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--markdown" || a == "--summary" || a == "--followups-row" || a == "--svg-link" || a == "--svg" || a == "--json") &&
        i + 1 < argc) {
      ++i;
      continue;
    }
    command += a.find(' ') == std::string::npos ? " " + a : " \"" + a + "\"";
  }
  command += " --json OUT.json";
  double horizon = 30, l2 = 0.01, reply_window = 0, recency = 1;
  int cutoffs = 8, bootstrap = 1000;
  std::string online_horizons = "7,30,90";
  eval::online_options oo;
  bool no_courtesy = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    auto number = [&](const std::string& t, double lo, double hi) { return rapport_tools::number_or_die(a, t, lo, hi, die); };
    auto whole = [&](const std::string& t, int lo, int hi) { return rapport_tools::whole_or_die(a, t, lo, hi, die); };
    if (a == "--edges")
      edges = next();
    else if (a == "--sms")
      sms = next();
    else if (a == "--calls")
      calls = next();
    else if (a == "--horizon-days")
      horizon = number(next(), 0.01, 3650);
    else if (a == "--cutoffs")
      cutoffs = whole(next(), 1, 1000);
    else if (a == "--params")
      params_path = next();
    else if (a == "--l2")
      l2 = number(next(), 0, 1e6);
    else if (a == "--reply-window-days")
      reply_window = number(next(), 0.001, 3650);
    else if (a == "--recency")
      recency = number(next(), 0, 1e3);
    else if (a == "--zone")
      zone_name = next();
    else if (a == "--no-courtesy")
      no_courtesy = true;
    else if (a == "--bootstrap")
      bootstrap = whole(next(), 0, 100000);
    else if (a == "--json")
      json_out = next();
    else if (a == "--svg")
      svg_out = next();
    else if (a == "--name")
      name = next();
    else if (a == "--markdown")
      md_out = next();
    else if (a == "--svg-link")
      svg_link = next();
    else if (a == "--summary")
      summary_out = next();
    else if (a == "--followups-row")
      followups_row_out = next();
    else if (a == "--online-horizons")
      online_horizons = next();
    else if (a == "--online-method") {
      const std::string v = next();
      std::size_t k = 0;
      while (k < calibration_method_count && v != to_string(static_cast<calibration_method>(k))) ++k;
      if (k == calibration_method_count) die("--online-method: \"" + v + "\" is not platt, beta or isotonic");
      oo.calibrator.method = static_cast<calibration_method>(k);
    } else if (a == "--online-half-life")
      oo.calibrator.half_life_days = number(next(), 0, 36500);
    else if (a == "--online-prior")
      oo.calibrator.prior_weight = number(next(), 0.001, 1e6);
    else if (a == "--online-stream-cutoffs")
      oo.stream_cutoffs = whole(next(), 2, 1000);
    else if (a == "--online-fixed-horizon-term")
      oo.calibrator.learn_horizon_term = false;
    else if (a == "--online-label-levels")
      oo.label_levels = whole(next(), 1, static_cast<int>(online_calibrator::horizon_levels));
    else if (a == "--help" || a == "-h") {
      std::cout << "usage: rapport_accuracy --edges FILE | --sms FILE --calls FILE [--horizon-days 30] [--cutoffs 8]\n"
                   "                        [--params FILE] [--l2 0.01] [--reply-window-days D] [--recency 1] [--zone TZ]\n"
                   "                        [--bootstrap 1000] [--no-courtesy] --json OUT [--followups-row OUT]\n"
                   "                        [--online-horizons 7,30,90] [--online-method platt|beta|isotonic]\n"
                   "                        [--online-half-life 0] [--online-prior 10] [--online-stream-cutoffs 24]\n"
                   "                        [--online-label-levels 6]\n"
                   "                        [--svg OUT] [--markdown OUT] [--svg-link PATH] [--summary OUT] [--name NAME]\n";
      return 0;
    } else
      die("unknown option " + a + " (see --help)");
  }
  if (edges.empty() == (sms.empty() && calls.empty())) die("give either --edges FILE or --sms/--calls FILES");
  if (json_out.empty()) die("--json OUT is required");
  if (!(horizon > 0) || cutoffs < 2) die("need --horizon-days > 0 and --cutoffs >= 2");

  auto log = edges.empty() ? eval::load_copenhagen(sms, calls) : eval::load_edges(edges);
  if (!log) die(log.error().message);
  if (name.empty()) name = edges.empty() ? sms + " + " + calls : edges;

  model_params shipped = model_params::defaults();
  if (!params_path.empty()) {
    auto p = load_params(params_path);
    if (!p) die(p.error().message);
    shipped = *p;
  }
  const double params_horizon = shipped.horizon_days;
  // The parameters keep their own horizon (H0): the harness asks warmth at `horizon` through their horizon slopes.
  if (reply_window > 0) shipped.reply_window_days = reply_window;  // a short log needs a short reply window
  auto m = model::create(shipped);
  if (!m) die(m.error().message);

  eval::replay_options ro;
  ro.horizon_days = horizon;
  ro.cutoffs = cutoffs;
  ro.reply_window_days = shipped.reply_window_days;
  auto rr = eval::replay(*log, *m, ro);
  if (!rr) die(name + ": " + rr.error().message);
  const eval::replay_result& r = *rr;
  const eval::time_split sp = eval::split_by_time(r);
  if (sp.train.empty() || sp.test.empty()) die("not enough cutoffs to split in time");
  const std::int64_t test_from = r.cutoffs[sp.test_cutoffs.front()];
  const auto y_test = eval::labels_of(r, sp.test), y_train = eval::labels_of(r, sp.train);

  // Warmth.
  const auto shipped_p = eval::model_probabilities(r, sp.test, shipped);
  const auto shipped_m = eval::score_binary(shipped_p, y_test);
  const Eigen::VectorXd wtr = eval::recency_weights(r, sp.train, recency, 1.0);
  const auto platt = eval::platt::fit(eval::model_logits(r, sp.train, shipped), y_train,
                                      std::vector<double>(wtr.data(), wtr.data() + wtr.size()));
  std::vector<double> recal;
  const auto z_test = eval::model_logits(r, sp.test, shipped);
  for (double z : z_test) recal.push_back(platt(z));
  const auto recal_m = eval::score_binary(recal, y_test, &z_test);
  // The same parameters with their context stage, recalibrated the same way.
  const auto platt_ctx = eval::platt::fit(eval::model_context_logits(r, sp.train, shipped), y_train,
                                          std::vector<double>(wtr.data(), wtr.data() + wtr.size()));
  std::vector<double> recal_ctx;
  const auto zc_test = eval::model_context_logits(r, sp.test, shipped);
  for (double z : zc_test) recal_ctx.push_back(platt_ctx(z));
  const auto ctx_m = eval::score_binary(recal_ctx, y_test, &zc_test);

  calibrator_options co;
  co.l2 = l2;
  const Eigen::MatrixXd xtr = eval::feature_matrix(r, sp.train, shipped);
  const Eigen::VectorXd ytr = eval::label_vector(r, sp.train);
  auto refit = fit_warmth(xtr, ytr, wtr, shipped, co);
  if (!refit) die("refit: " + refit.error().message);
  if (auto ok = fit_latency(eval::reply_latencies(r, test_from), *refit); !ok) die("refit latency: " + ok.error().message);
  const auto refit_m = eval::score_binary(eval::model_probabilities(r, sp.test, *refit), y_test);

  // What network context would add (not the shipped model): the refit with 4 context columns.
  eval::binary_metrics context_m;
  {
    auto f =
        fit_logistic(eval::context_matrix(r, sp.train, shipped), ytr, wtr, eval::context_signs(), {}, co, {}, "context refit");
    if (!f) die(f.error().message);
    const Eigen::MatrixXd xte = eval::context_matrix(r, sp.test, shipped);
    std::vector<double> pc;
    for (Eigen::Index i = 0; i < xte.rows(); ++i)
      pc.push_back(logistic(f->intercept + xte.row(i).dot(Eigen::Map<const Eigen::VectorXd>(f->beta.data(), xte.cols()))));
    context_m = eval::score_binary(pc, y_test);
  }

  std::vector<std::pair<std::string, eval::binary_metrics>> base;
  base.emplace_back("constant", eval::score_constant(r, sp.train, sp.test));
  for (std::size_t b = 0; b < eval::baseline_count; ++b)
    base.emplace_back(to_string(static_cast<eval::baseline>(b)),
                      eval::score_baseline(r, static_cast<eval::baseline>(b), sp.train, sp.test));
  std::vector<std::pair<std::string, eval::binary_metrics>> base_iso;  // the same, calibrated by isotonic regression
  for (std::size_t b = 0; b < eval::baseline_count; ++b)
    base_iso.emplace_back(
        to_string(static_cast<eval::baseline>(b)),
        eval::score_baseline(r, static_cast<eval::baseline>(b), sp.train, sp.test, eval::baseline_calibration::isotonic));

  // Online recalibration at each horizon.
  std::vector<horizon_row> horizons;
  for (double H : rapport_tools::numbers_or_die("--online-horizons", online_horizons, 1, 365, die))
    horizons.push_back(score_horizon(*log, *m, ro, H, oo));

  // Replies.
  const auto reply_shipped = eval::score_replies(r, shipped, test_from);
  const auto reply_refit = eval::score_replies(r, *refit, test_from);

  // Windows: test cases whose next contact is in the log.
  window_acc cadence, stage_win;
  bool have_recommend = false;
#ifdef RAPPORT_ACCURACY_HAS_RECOMMEND
  have_recommend = true;
  const contact_constraints cc;
  const recommend_options rop;
#endif
  for (std::size_t i : sp.test) {
    const auto& c = r.cases[i];
    if (!std::isfinite(c.next_contact_days)) continue;
    cadence.add(0, horizon, c.next_contact_days);  // "some time within the horizon"
#ifdef RAPPORT_ACCURACY_HAS_RECOMMEND
    const follow_up_window w = plan_follow_up(c.snap, {c.at}, cc, *m, rop);
    if (w.what == action::no_window) continue;
    const double lo = std::fmax(0.0, eval::detail::days(static_cast<double>(w.earliest.seconds - c.at)));
    const double hi = std::fmax(lo, eval::detail::days(static_cast<double>(w.latest.seconds - c.at)));
    stage_win.add(lo, hi, c.next_contact_days);
#endif
  }
  const window_metrics win_model = stage_win.get(), win_cadence = cadence.get();

  // Follow-ups judged on outcomes, over the whole log.
  std::optional<time_zone> zone;
  if (!zone_name.empty()) {
    auto z = time_zone::from_text(zone_name);
    if (!z) die("--zone: " + z.error().message);
    zone = std::move(*z);
  }
  const std::string zone_label = zone_name.empty() ? "UTC" : zone_name;
  eval::followup_options fo;
  fo.reply_window_days = shipped.reply_window_days;
  fo.bootstrap = bootstrap;
  if (zone) fo.constraints.zone = &*zone;
  if (no_courtesy) fo.constraints.courtesy = {false, false, false, false, false};
  const auto f_start = std::chrono::steady_clock::now();
  auto outreach = eval::collect_outreach(*log, *m, fo);
  if (!outreach) die("followups: " + outreach.error().message);
  const eval::followup_report followups = eval::build_followup_report(*outreach, fo);
  const double f_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - f_start).count();

  // Table.
  std::printf(
      "%s\n  %zu events, %zu nodes; %zu cutoffs (train %zu, test %zu); horizon %.0f days; test cases %zu, base rate %.4f\n",
      name.c_str(), log->events.size(), log->node_count(), r.cutoffs.size(), sp.train_cutoffs.size(), sp.test_cutoffs.size(),
      horizon, sp.test.size(), shipped_m.base_rate);
  if (params_horizon != horizon)
    std::printf("  note: the parameters' own horizon is %.0f days; every model row asks them at %.0f days (horizon slopes)\n",
                params_horizon, horizon);
  std::printf("  %-18s %8s %9s %8s %8s\n", "warmth", "AUC", "log loss", "Brier", "ECE");
  auto row = [](const std::string& n, const eval::binary_metrics& mm) {
    std::printf("  %-18s %8.4f %9.4f %8.4f %8.4f\n", n.c_str(), mm.auc, mm.log_loss, mm.brier, mm.ece);
  };
  row("model", recal_m);
  row("model_context", ctx_m);
  row("model_as_shipped", shipped_m);
  row("model_refit", refit_m);
  row("context_refit", context_m);
  for (const auto& [n, mm] : base) row(n, mm);
  std::printf(
      "  replies (%zu cases, %zu answered): AUC %.4f; latency coverage q50 %.3f q80 %.3f q90 %.3f (refit: %.3f %.3f %.3f)\n",
      reply_shipped.cases, reply_shipped.answered, reply_shipped.auc, reply_shipped.coverage_q50, reply_shipped.coverage_q80,
      reply_shipped.coverage_q90, reply_refit.coverage_q50, reply_refit.coverage_q80, reply_refit.coverage_q90);
  if (have_recommend)
    std::printf("  windows (%zu cases): recommender coverage %.3f, mean width %.1f days; fixed next %.0f days coverage %.3f\n",
                win_model.cases, win_model.coverage, win_model.mean_width_days, horizon, win_cadence.coverage);
  std::printf("  online recalibration (%s, half-life %g days, prior %g, %d stream cutoffs):\n", to_string(oo.calibrator.method),
              oo.calibrator.half_life_days, oo.calibrator.prior_weight, oo.stream_cutoffs);
  for (const auto& h : horizons) print_horizon(h);
  eval::print_followups(followups, f_seconds);

  // JSON.
  std::string j = "{\n  \"dataset\": \"" + name + "\",\n";
  j += "  \"events\": " + std::to_string(log->events.size()) + ", \"nodes\": " + std::to_string(log->node_count()) +
       ", \"dropped_duplicates\": " + std::to_string(log->stats.duplicates) +
       ", \"dropped_self_loops\": " + std::to_string(log->stats.self_loops) + ",\n";
  j += "  \"horizon_days\": " + num(horizon) + ", \"reply_window_days\": " + num(shipped.reply_window_days) +
       ", \"params_horizon_days\": " + num(params_horizon) + ", \"cutoffs\": " + std::to_string(r.cutoffs.size()) +
       ", \"train_cutoffs\": " + std::to_string(sp.train_cutoffs.size()) +
       ", \"test_cutoffs\": " + std::to_string(sp.test_cutoffs.size()) + ",\n";
  j += "  \"cases\": " + std::to_string(sp.test.size()) + ", \"train_cases\": " + std::to_string(sp.train.size()) +
       ", \"base_rate\": " + num(shipped_m.base_rate) + ",\n";
  j +=
      "  \"rows\": {\"model\": \"the parameters' ranking (--params, else the shipped defaults), logit recalibrated as a + b*z (b >= 0) on the "
      "fitting cutoffs, as every baseline is calibrated (isotonic) on them; AUC is the raw ranking's\", \"model_as_shipped\": \"the "
      "parameters untouched\", \"model_context\": \"the same parameters with their network-context stage "
      "(logit_with_context with each case's context), logit recalibrated as the model row's\", \"model_refit\": \"fit_warmth refitted on the fitting cutoffs\", \"context_refit\": \"model_refit plus 4 "
      "network-context columns (not a shipped model)\", \"by_horizon[].model_online\": \"the parameters' warmth at that horizon mapped by an "
      "online_calibrator fed only the labels matured before each scored cutoff; AUC of the calibrated warmth\", "
      "\"by_horizon[].model_context_online\": \"the same with the network-context stage\"},\n";
  j += "  \"warmth\": {\n    \"model\": " + metrics_json(recal_m, true) +
       ",\n    \"model_context\": " + metrics_json(ctx_m, true) +
       ",\n    \"model_as_shipped\": " + metrics_json(shipped_m, true) +
       ",\n    \"model_refit\": " + metrics_json(refit_m, true) + ",\n    \"context_refit\": " + metrics_json(context_m, false) +
       ",\n    \"baselines\": {\n";
  for (std::size_t k = 0; k < base.size(); ++k)
    j += "      \"" + base[k].first + "\": " + metrics_json(base[k].second, false) + (k + 1 < base.size() ? ",\n" : "\n");
  j += "    },\n    \"baselines_isotonic\": {\n";
  for (std::size_t k = 0; k < base_iso.size(); ++k)
    j += "      \"" + base_iso[k].first + "\": " + metrics_json(base_iso[k].second, false) +
         (k + 1 < base_iso.size() ? ",\n" : "\n");
  j += "    },\n    \"online\": {\"method\": \"" + std::string(to_string(oo.calibrator.method)) +
       "\", \"half_life_days\": " + num(oo.calibrator.half_life_days) + ", \"prior_weight\": " + num(oo.calibrator.prior_weight) +
       ", \"stream_cutoffs\": " + std::to_string(oo.stream_cutoffs) + ", \"label_levels\": " + std::to_string(oo.label_levels) +
       "},\n    \"by_horizon\": " + by_horizon_json(horizons) + "\n  },\n";
  std::string rj = reply_json(reply_shipped);
  rj.pop_back();
  j += "  \"reply\": " + rj + ", \"refit\": " + reply_json(reply_refit) + "},\n";
  j += "  \"window\": {\"source\": \"" + std::string(have_recommend ? "plan_follow_up" : "unavailable") +
       "\", \"coverage\": " + num(win_model.coverage) + ", \"mean_width_days\": " + num(win_model.mean_width_days) +
       ", \"interval_score_days\": " + num(win_model.interval_score_days) + ", \"cases\": " + std::to_string(win_model.cases) +
       ", \"fixed_horizon\": " + window_json(win_cadence) + "},\n";
  j += "  \"followups\": " + eval::followups_json(followups, zone_label) + ",\n";
  {  // per cutoff: how the population and the base rate drift
    j += "  \"per_cutoff\": [";
    for (std::size_t k = 0; k < r.cutoffs.size(); ++k) {
      std::vector<std::size_t> idx;
      for (std::size_t i = 0; i < r.cases.size(); ++i)
        if (r.cases[i].cutoff == static_cast<int>(k)) idx.push_back(i);
      const auto mk = eval::score_binary(eval::model_probabilities(r, idx, shipped), eval::labels_of(r, idx));
      const char* role =
          std::find(sp.test_cutoffs.begin(), sp.test_cutoffs.end(), static_cast<int>(k)) != sp.test_cutoffs.end()      ? "test"
          : std::find(sp.train_cutoffs.begin(), sp.train_cutoffs.end(), static_cast<int>(k)) != sp.train_cutoffs.end() ? "train"
                                                                                                                       : "unused";
      j += std::string(k ? ", " : "") + "{\"day\": " + num(eval::detail::days(static_cast<double>(r.cutoffs[k] - r.begin))) +
           ", \"role\": \"" + role + "\", \"cases\": " + std::to_string(idx.size()) + ", \"base_rate\": " + num(mk.base_rate) +
           ", \"model_auc\": " + num(mk.auc) + "}";
    }
    j += "],\n";
  }
  j += "  \"refit_params\": " + to_json(*refit);
  j += "}\n";
  std::ofstream out(json_out, std::ios::binary);
  if (!out || !(out << j)) die(json_out + ": cannot write");
  if (!md_out.empty()) {
    std::ostringstream md;
    char buf[512];
    auto f4 = [](double v) {
      char b[32];
      std::snprintf(b, sizeof b, std::isfinite(v) ? "%.4f" : "n/a", v);
      return std::string(b);
    };
    md << "## " << name << "\n\n```\n" << command << "\n```\n\n";
    std::snprintf(buf, sizeof buf,
                  "%zu events (%zu duplicates and %zu self-loops dropped), %zu nodes. Horizon %.0f days, reply window %.0f days, "
                  "%zu cutoffs: %zu for fitting, %zu scored (%zu test cases, base rate %.4f; %zu training cases).\n\n",
                  log->events.size(), log->stats.duplicates, log->stats.self_loops, log->node_count(), horizon,
                  shipped.reply_window_days, r.cutoffs.size(), sp.train_cutoffs.size(), sp.test_cutoffs.size(), sp.test.size(),
                  shipped_m.base_rate, sp.train.size());
    md << buf;
    if (params_horizon != horizon)
      md << "The parameters' own horizon is " << params_horizon << " days; every model row asks them at " << horizon
         << " days through their horizon slopes.\n\n";
    md << "| warmth | AUC | log loss | Brier | ECE | log loss, isotonic | ECE, isotonic |\n|---|---:|---:|---:|---:|---:|---:|\n";
    auto mrow = [&](const std::string& n, const eval::binary_metrics& mm, const eval::binary_metrics* iso = nullptr) {
      md << "| " << n << " | " << f4(mm.auc) << " | " << f4(mm.log_loss) << " | " << f4(mm.brier) << " | " << f4(mm.ece) << " | "
         << (iso ? f4(iso->log_loss) : std::string()) << " | " << (iso ? f4(iso->ece) : std::string()) << " |\n";
    };
    mrow("**model** (shipped ranking, recalibrated on the training cutoffs)", recal_m);
    mrow("**model_context** (shipped ranking with its network-context stage, recalibrated the same way)", ctx_m);
    mrow("model_as_shipped", shipped_m);
    mrow("model_refit (Calibrator on the training cutoffs)", refit_m);
    mrow("context_refit (refit + network context; not shipped)", context_m);
    for (std::size_t k = 0; k < base.size(); ++k)
      mrow("baseline: " + base[k].first, base[k].second, k ? &base_iso[k - 1].second : nullptr);
    double best = 0;
    std::string best_name;
    for (const auto& [bn, mm] : base)
      if (mm.auc > best) {
        best = mm.auc;
        best_name = bn;
      }
    const double const_ll = base.front().second.log_loss;
    md << "\nTargets (issue 4), for `model`: AUC " << f4(recal_m.auc) << " vs best baseline " << best_name << " " << f4(best)
       << " (" << (recal_m.auc - best >= 0 ? "+" : "") << f4(recal_m.auc - best) << "; target +0.02, CollegeMsg +0.01); ECE "
       << f4(recal_m.ece) << " (target <= 0.02); log loss / constant " << f4(recal_m.log_loss / const_ll)
       << " (target <= 0.7); reply q80 coverage " << f4(reply_shipped.coverage_q80) << " (target 0.75-0.85). With context, "
       << "`model_context`: AUC " << f4(ctx_m.auc) << " (" << (ctx_m.auc - best >= 0 ? "+" : "") << f4(ctx_m.auc - best)
       << " over the best baseline); ECE " << f4(ctx_m.ece) << "; log loss / constant " << f4(ctx_m.log_loss / const_ll)
       << ".\n\n";
    md << "Online recalibration per horizon (`model_online`, `model_context_online`; issue 10 targets: ECE <= 0.02, log loss <= "
          "0.7 x constant, AUC with context >= best baseline + 0.02):\n\n"
       << "| horizon (days) | model_online AUC | log loss | ECE | model_context_online AUC | log loss | ECE | constant log loss | "
          "best baseline |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const auto& h : horizons) {
      if (!h.skipped.empty()) {
        md << "| " << h.days << " | skipped: " << h.skipped << " | | | | | | | |\n";
        continue;
      }
      const auto& a = h.online.model;
      const auto& c = h.online.model_context;
      md << "| " << h.days << " | " << f4(a.auc) << " | " << f4(a.log_loss) << " | " << f4(a.ece) << " | " << f4(c.auc) << " | "
         << f4(c.log_loss) << " | " << f4(c.ece) << " | " << f4(h.constant_log_loss) << " | " << h.best_name << " "
         << f4(h.best_auc) << " |\n";
    }
    md << "\n";
    md << "| replies | cases | answered | AUC | cover q50 | cover q80 | cover q90 | pinball q50 (h) | pinball q80 (h) | pinball q90 (h) |\n"
       << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    auto rrow = [&](const std::string& n, const eval::reply_metrics& rm) {
      md << "| " << n << " | " << rm.cases << " | " << rm.answered << " | " << f4(rm.auc) << " | " << f4(rm.coverage_q50) << " | "
         << f4(rm.coverage_q80) << " | " << f4(rm.coverage_q90) << " | " << f4(rm.pinball_q50_hours) << " | "
         << f4(rm.pinball_q80_hours) << " | " << f4(rm.pinball_q90_hours) << " |\n";
    };
    rrow("as shipped", reply_shipped);
    rrow("latency refit on the training period", reply_refit);
    md << "\n| follow-up window | cases | coverage of the next contact | mean width (days) | interval score (days) |\n|---|---:|---:|---:|---:|\n";
    md << "| recommender (`plan_follow_up`, default constraints) | " << win_model.cases << " | " << f4(win_model.coverage)
       << " | " << f4(win_model.mean_width_days) << " | " << f4(win_model.interval_score_days) << " |\n";
    md << "| fixed: the next " << horizon << " days (the horizon) | " << win_cadence.cases << " | " << f4(win_cadence.coverage)
       << " | " << f4(win_cadence.mean_width_days) << " | " << f4(win_cadence.interval_score_days) << " |\n\n";
    md << "Follow-up windows judged on outcomes (`followups`, see \"How it is measured\"):\n\n"
       << eval::followups_markdown(followups, zone_label, shipped.reply_window_days);
    md << "| cutoff (day) | role | cases | base rate | shipped model AUC |\n|---:|---|---:|---:|---:|\n";
    for (std::size_t k = 0; k < r.cutoffs.size(); ++k) {
      std::vector<std::size_t> idx;
      for (std::size_t i = 0; i < r.cases.size(); ++i)
        if (r.cases[i].cutoff == static_cast<int>(k)) idx.push_back(i);
      const auto mk = eval::score_binary(eval::model_probabilities(r, idx, shipped), eval::labels_of(r, idx));
      const bool is_test =
          std::find(sp.test_cutoffs.begin(), sp.test_cutoffs.end(), static_cast<int>(k)) != sp.test_cutoffs.end();
      const bool is_train =
          std::find(sp.train_cutoffs.begin(), sp.train_cutoffs.end(), static_cast<int>(k)) != sp.train_cutoffs.end();
      std::snprintf(buf, sizeof buf, "| %.1f | %s | %zu | %.4f | %s |\n",
                    eval::detail::days(static_cast<double>(r.cutoffs[k] - r.begin)),
                    is_test    ? "test"
                    : is_train ? "fit"
                               : "unused (labels overlap the test)",
                    idx.size(), mk.base_rate, f4(mk.auc).c_str());
      md << buf;
    }
    md << "\nReliability of `model` on the test cutoffs (bins of predicted probability):\n\n| bin | cases | mean predicted | observed |\n|---|---:|---:|---:|\n";
    for (const auto& b : recal_m.table)
      if (b.count) {
        std::snprintf(buf, sizeof buf, "| %.1f-%.1f | %zu | %.4f | %.4f |\n", b.lo, b.hi, b.count, b.mean_predicted, b.observed);
        md << buf;
      }
    if (!svg_link.empty()) md << "\n![reliability: " << name << "](" << svg_link << ")\n";
    md << "\n";
    std::ofstream mo(md_out, std::ios::binary);
    if (!mo || !(mo << md.str())) die(md_out + ": cannot write");
  }
  if (!summary_out.empty()) {
    double best = 0;
    std::string best_name;
    for (const auto& [bn, mm] : base)
      if (mm.auc > best) {
        best = mm.auc;
        best_name = bn;
      }
    char buf[640];
    std::snprintf(buf, sizeof buf, "| %s | %.0f | %.4f | %s %.4f | %+.4f | %.4f | %.4f | %.4f | %.4f | %.3f | %.4f | %.3f |\n",
                  name.c_str(), horizon, recal_m.auc, best_name.c_str(), best, recal_m.auc - best, ctx_m.auc, refit_m.auc,
                  context_m.auc, recal_m.ece, recal_m.log_loss / base.front().second.log_loss, reply_shipped.coverage_q80,
                  win_model.coverage);
    std::ofstream so(summary_out, std::ios::binary);
    if (!so || !(so << buf)) die(summary_out + ": cannot write");
  }
  if (!followups_row_out.empty()) {
    std::ofstream fo_row(followups_row_out, std::ios::binary);
    if (!fo_row || !(fo_row << eval::followups_summary_row(followups, name, zone_label)))
      die(followups_row_out + ": cannot write");
  }
  if (!svg_out.empty()) {
    const eval::binary_metrics* decay = nullptr;
    for (const auto& [bn, mm] : base)
      if (bn == "decay_30d") decay = &mm;
    std::ofstream svg(svg_out, std::ios::binary);
    if (!svg ||
        !(svg << reliability_svg("Reliability: " + name.substr(name.find_last_of('/') + 1), {{"model", &recal_m},
                                                                                             {"model_context", &ctx_m},
                                                                                             {"model_as_shipped", &shipped_m},
                                                                                             {"model_refit", &refit_m},
                                                                                             {"decay_30d", decay}})))
      die(svg_out + ": cannot write");
  }
  return 0;
}
