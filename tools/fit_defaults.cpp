// fit_defaults: fits the warmth model's shipped parameters on public interaction logs and writes
// include/rapport/detail/default_params.hpp and docs/default_params.json.
//
//   fit_defaults --edges A.txt --edges B.txt [--horizon-days 30] [--horizons 7,30,90] [--cutoffs 8]
//                [--l2 0.01] [--recency 1] [--header OUT.hpp] [--json OUT.json] [--command "..."]
//
// --horizons: one model fitted jointly on several horizons (days): each log is replayed at each
// horizon and the cases stacked with the horizon terms (`horizon_terms`) as two more columns, so
// the pair's coefficients are shared and the two horizon slopes (>= 0) are fitted with them.
// --horizon-days is the reference horizon H0 (the shipped default horizon).
//
// Each log is replayed with a rolling origin (rapport/eval/replay.hpp); every dataset gets the
// same total weight (with --balance: 1 / its constant model's log loss, so a sparse log with a
// low base rate is not drowned by a dense one); within a dataset cutoff k of K weighs
// 2^(recency * k / (K - 1)). --features a,b,c fits only those features (the rest get 0).
// --label-inbound (an experiment) labels a case by the contact reaching out, not by contact either way. Before the
// final fit on all cutoffs it prints a check: fitted on each log's training cutoffs (pooled) and
// scored on each log's test cutoffs, and fitted on the other logs only (leave one log out).
//
// After the pair model, the optional second stage (network context, see `network_context`) is
// fitted on the same pooled cases and weights with `fit_context`: a sign-constrained L2 logistic
// regression on [the pair's logit, the 4 context features]; the pair model is fitted exactly as
// without it, so callers who pass no context get the same scores. Each check line prints the
// model's AUC and log loss with that stage ("+context") next to the pair model's.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli_args.hpp"
#include <rapport/calibrate.hpp>
#include <rapport/interop/eigen.hpp>
#include "../benchmarks/accuracy/harness.hpp"
#include "../benchmarks/accuracy/load.hpp"
#include <rapport/eval/replay.hpp>
#include <rapport/params_json.hpp>
#include <rapport/rapport.hpp>

using namespace rapport;

namespace {

bool g_balance = false;

struct dataset {
  std::string path;
  double horizon = 30;  // of this replay
  eval::replay_result r;
  eval::time_split split;
  std::vector<std::size_t> all;
};

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "fit_defaults: " << msg << "\n";
  std::exit(1);
}

// Pools the chosen cases of each dataset, each dataset weighing 1 in total.
result<model_params> fit(const std::vector<dataset>& ds, const std::vector<const std::vector<std::size_t>*>& pick,
                         const model_params& base, const calibrator_options& opt, double recency, fit_report* rep,
                         context_fit_report* ctx_rep = nullptr, bool balance = g_balance) {
  Eigen::Index rows = 0;
  for (std::size_t d = 0; d < ds.size(); ++d) rows += pick[d] ? static_cast<Eigen::Index>(pick[d]->size()) : 0;
  bool joint = false;  // several horizons: append the horizon terms
  for (const auto& d : ds) joint = joint || d.horizon != base.horizon_days;
  const auto F = static_cast<Eigen::Index>(feature_count);
  Eigen::MatrixXd x(rows, F + (joint ? static_cast<Eigen::Index>(horizon_term_count) : 0));
  Eigen::VectorXd y(rows), w(rows);
  Eigen::Index at = 0;
  std::vector<double> lat;
  for (std::size_t d = 0; d < ds.size(); ++d) {
    if (!pick[d] || pick[d]->empty()) continue;
    const auto n = static_cast<Eigen::Index>(pick[d]->size());
    x.block(at, 0, n, F) = eval::feature_matrix(ds[d].r, *pick[d], base);
    if (joint) {
      const auto t = horizon_terms(ds[d].horizon, base);
      for (std::size_t j = 0; j < horizon_term_count; ++j) x.block(at, F + static_cast<Eigen::Index>(j), n, 1).setConstant(t[j]);
    }
    y.segment(at, n) = eval::label_vector(ds[d].r, *pick[d]);
    double total = 1.0;
    if (balance) {  // each log weighs 1 / (its constant model's log loss): equal weight of information
      const Eigen::VectorXd yy = eval::label_vector(ds[d].r, *pick[d]);
      const double rate = std::clamp(yy.mean(), 1e-6, 1 - 1e-6);
      total = 1.0 / -(rate * std::log(rate) + (1 - rate) * std::log(1 - rate));
    }
    w.segment(at, n) = eval::recency_weights(ds[d].r, *pick[d], recency, total);
    at += n;
    // Latencies from the same period as the chosen cases.
    std::int64_t until = 0;
    for (std::size_t i : *pick[d]) until = std::max(until, ds[d].r.cases[i].at);
    for (double v : eval::reply_latencies(ds[d].r, until)) lat.push_back(v);
  }
  auto p = fit_warmth(x, y, w, base, opt, rep);
  if (!p) return p;
  if (auto ok = fit_latency(lat, *p); !ok) return std::move(ok).error();
  // The second stage on the same cases and weights, over the fitted pair model's logit.
  Eigen::MatrixXd c(rows, static_cast<Eigen::Index>(context_feature_count));
  at = 0;
  for (std::size_t d = 0; d < ds.size(); ++d) {
    if (!pick[d] || pick[d]->empty()) continue;
    const auto n = static_cast<Eigen::Index>(pick[d]->size());
    c.middleRows(at, n) = eval::context_feature_matrix(ds[d].r, *pick[d]);
    at += n;
  }
  Eigen::VectorXd z = (x.leftCols(F) * Eigen::Map<const Eigen::VectorXd>(p->beta.data(), F)).array() + p->intercept;
  if (joint) z += x.rightCols(2) * Eigen::Vector2d(p->horizon_slope_short, p->horizon_slope_long);
  return fit_context(z, c, y, w, *p, opt, ctx_rep);
}

void report(const char* title, const dataset& d, const model_params& p) {
  const auto prob = eval::model_probabilities(d.r, d.split.test, p);
  const auto m = eval::score_binary(prob, eval::labels_of(d.r, d.split.test));
  const auto rec = eval::score_baseline(d.r, eval::baseline::recency, d.split.train, d.split.test);
  const auto dec = eval::score_baseline(d.r, eval::baseline::decay_30d, d.split.train, d.split.test);
  const auto con = eval::score_constant(d.r, d.split.train, d.split.test);
  const auto rep = eval::score_replies(d.r, p, d.r.cutoffs[d.split.test_cutoffs.front()]);
  std::vector<double> pc;
  for (double z : eval::model_context_logits(d.r, d.split.test, p)) pc.push_back(logistic(z));
  const auto mc = eval::score_binary(pc, eval::labels_of(d.r, d.split.test));
  std::printf(
      "  %-28s %-40s auc %.4f (recency %.4f, decay %.4f)  logloss %.4f (const %.4f)  ece %.4f  reply q80 %.3f"
      "  +context: auc %.4f logloss %.4f ece %.4f\n",
      title, (d.path.substr(d.path.find_last_of('/') + 1) + " @" + std::to_string(static_cast<int>(d.horizon)) + "d").c_str(),
      m.auc, rec.auc, dec.auc, m.log_loss, con.log_loss, m.ece, rep.coverage_q80, mc.auc, mc.log_loss, mc.ece);
}

std::string cpp_number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  double horizon = 30, l2 = 0.01, recency = 1, hl_short = 14, hl_long = 180;
  int cutoffs = 8;
  std::string header_out, json_out, command, features, horizons_text;
  bool label_inbound = false;  // experiment: label = the contact reaches out (eval::relabel_inbound_only)
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    auto number = [&](const std::string& t, double lo, double hi) { return rapport_tools::number_or_die(a, t, lo, hi, die); };
    auto whole = [&](const std::string& t, int lo, int hi) { return rapport_tools::whole_or_die(a, t, lo, hi, die); };
    if (a == "--edges")
      paths.push_back(next());
    else if (a == "--horizon-days")
      horizon = number(next(), 0.01, 3650);
    else if (a == "--horizons")
      horizons_text = next();
    else if (a == "--cutoffs")
      cutoffs = whole(next(), 1, 1000);
    else if (a == "--l2")
      l2 = number(next(), 0, 1e6);
    else if (a == "--recency")
      recency = number(next(), 0, 1e3);
    else if (a == "--header")
      header_out = next();
    else if (a == "--json")
      json_out = next();
    else if (a == "--command")
      command = next();
    else if (a == "--features")
      features = next();
    else if (a == "--balance")
      g_balance = true;
    else if (a == "--label-inbound")
      label_inbound = true;
    else if (a == "--half-life-short")
      hl_short = number(next(), 0.01, 36500);
    else if (a == "--half-life-long")
      hl_long = number(next(), 0.01, 36500);
    else
      die("unknown option " + a);
  }
  if (paths.empty()) die("give at least one --edges FILE");

  model_params base;  // the struct's defaults: feature-shaping parameters, no coefficients
  base.horizon_days = horizon;
  base.half_life_short_days = hl_short;
  base.half_life_long_days = hl_long;
  auto m = model::create(base);
  if (!m) die(m.error().message);
  std::vector<double> horizons = rapport_tools::numbers_or_die("--horizons", horizons_text, 1, 365, die);
  if (horizons.empty()) horizons.push_back(horizon);
  std::vector<dataset> ds;
  for (const auto& path : paths)
    for (double H : horizons) {
      auto log = eval::load_edges(path);
      if (!log) die(log.error().message);
      eval::replay_options ro;
      ro.horizon_days = H;
      ro.cutoffs = cutoffs;
      ro.reply_window_days = base.reply_window_days;
      auto r = eval::replay(*log, *m, ro);
      if (!r) die(path + ": " + r.error().message);
      if (label_inbound) eval::relabel_inbound_only(*r);
      dataset d;
      d.path = path;
      d.horizon = H;
      d.r = std::move(*r);
      d.split = eval::split_by_time(d.r);
      d.all.resize(d.r.cases.size());
      for (std::size_t i = 0; i < d.all.size(); ++i) d.all[i] = i;
      std::fprintf(stderr, "%s: %zu events, %zu cases, %zu reply cases\n", path.c_str(), log->events.size(), d.r.cases.size(),
                   d.r.replies.size());
      ds.push_back(std::move(d));
    }
  calibrator_options opt;
  opt.l2 = l2;
  if (!features.empty()) {  // comma-separated subset; the others are held at 0
    opt.use.fill(false);
    std::size_t pos = 0;
    while (pos <= features.size()) {
      const std::size_t comma = std::min(features.find(',', pos), features.size());
      const std::string name = features.substr(pos, comma - pos);
      bool found = false;
      for (std::size_t j = 0; j < feature_count; ++j)
        if (name == to_string(static_cast<feature>(j))) {
          opt.use[j] = true;
          found = true;
        }
      if (!found) die("--features: unknown feature \"" + name + "\"");
      pos = comma + 1;
    }
  }

  std::printf("check (fit on the training cutoffs, score the test cutoffs):\n");
  {
    std::vector<const std::vector<std::size_t>*> pick;
    for (const auto& d : ds) pick.push_back(&d.split.train);
    auto p = fit(ds, pick, base, opt, recency, nullptr);
    if (!p) die(p.error().message);
    for (const auto& d : ds) report("pooled train cutoffs", d, *p);
  }
  if (ds.size() > horizons.size()) {  // more than one log
    for (std::size_t held = 0; held < ds.size(); ++held) {
      std::vector<const std::vector<std::size_t>*> pick;
      for (std::size_t d = 0; d < ds.size(); ++d) pick.push_back(ds[d].path == ds[held].path ? nullptr : &ds[d].all);
      auto p = fit(ds, pick, base, opt, recency, nullptr);
      if (!p) die(p.error().message);
      report("other logs only", ds[held], *p);
    }
  }

  std::vector<const std::vector<std::size_t>*> pick;
  for (const auto& d : ds) pick.push_back(&d.all);
  fit_report rep;
  context_fit_report ctx_rep;
  auto p = fit(ds, pick, base, opt, recency, &rep, &ctx_rep);
  if (!p) die(p.error().message);
  std::printf("final fit on all cutoffs: %d Newton steps, %d active-set changes, weighted log loss %.5f\n", rep.newton_steps,
              rep.active_set_changes, rep.loss);
  std::printf("  intercept %+.5f\n", p->intercept);
  for (std::size_t j = 0; j < feature_count; ++j)
    std::printf("  %-22s beta %+.5f  reference %.4f%s\n", to_string(static_cast<feature>(j)), p->beta[j], p->reference[j],
                rep.held_at_zero[j] ? "  (held at 0 by its sign)" : "");
  std::printf("  horizon slopes: short %.5f  long %.5f (per unit ln(H / %g days))\n", p->horizon_slope_short,
              p->horizon_slope_long, p->horizon_days);
  std::printf("  latency log-mean %.4f  log-sd %.4f\n", p->latency_log_mean, p->latency_log_sd);
  std::printf("context stage: %d Newton steps, %d active-set changes, weighted log loss %.5f\n", ctx_rep.newton_steps,
              ctx_rep.active_set_changes, ctx_rep.loss);
  std::printf("  context_intercept %+.5f\n  context_pair_weight %.5f%s\n", p->context_intercept, p->context_pair_weight,
              ctx_rep.pair_weight_held_at_zero ? "  (held at 0 by its sign)" : "");
  for (std::size_t j = 0; j < context_feature_count; ++j)
    std::printf("  %-22s beta %+.5f  reference %.4f%s\n", to_string(static_cast<feature>(feature_count + j)), p->context_beta[j],
                p->context_reference[j], ctx_rep.held_at_zero[j] ? "  (held at 0 by its sign)" : "");
  for (const auto& d : ds) report("final (in-sample)", d, *p);

  if (!json_out.empty())
    if (auto ok = save_params(*p, json_out); !ok) die(ok.error().message);
  if (!header_out.empty()) {
    std::ofstream h(header_out, std::ios::binary);
    if (!h) die(header_out + ": cannot write");
    h << "#pragma once\n// GENERATED by tools/fit_defaults; do not edit. Regenerate with:\n//   " << command << "\n// Data:\n";
    for (const auto& path : paths) h << "//   " << path << "\n";
    std::string hs;
    for (double H : horizons) hs += (hs.empty() ? "" : ", ") + cpp_number(H);
    h << "// Fit: rolling-origin replay, reference horizon " << horizon << " days, fitted jointly on horizons " << hs << ", "
      << cutoffs << " cutoffs per log, each log weighing " << (g_balance ? "1 / (its constant model's log loss)" : "the same")
      << ",\n"
      << "// recent cutoffs weighing up to 2^" << recency << " more; L2 " << l2 << " on standardised coefficients; each\n"
      << "// coefficient held to required_sign(). Same numbers as docs/default_params.json. See docs/MODEL.md.\n"
      << "// Features fitted: " << (features.empty() ? std::string("all") : features + " (the others are 0)") << "; then the\n"
      << "// network-context stage (fit_context) on the same cases over the pair's logit, signs held the same way.\n"
      << "#include <rapport/model.hpp>\n\nnamespace rapport {\ninline namespace v1 {\n"
      << "inline model_params model_params::defaults() noexcept {\n  model_params p;\n";
    for (const auto& [name, field] : detail::scalar_fields()) h << "  p." << name << " = " << cpp_number((*p).*field) << ";\n";
    for (int part = 0; part < 2; ++part) {
      const feature_vector& v = part == 0 ? p->beta : p->reference;
      h << (part == 0 ? "  p.beta = {" : "  p.reference = {");
      for (std::size_t j = 0; j < feature_count; ++j)
        h << (j ? ",\n            " : "") << cpp_number(v[j]) << (part == 0 ? "" : "") << "  /* "
          << to_string(static_cast<feature>(j)) << " */";
      h << "};\n";
    }
    for (const auto& [name, field] : detail::horizon_fields()) h << "  p." << name << " = " << cpp_number((*p).*field) << ";\n";
    h << "  // Second stage, used only with a network_context (fitted on the same cases over the pair's logit).\n";
    for (const auto& [name, field] : detail::context_scalar_fields())
      h << "  p." << name << " = " << cpp_number((*p).*field) << ";\n";
    for (int part = 0; part < 2; ++part) {
      const context_vector& v = part == 0 ? p->context_beta : p->context_reference;
      h << (part == 0 ? "  p.context_beta = {" : "  p.context_reference = {");
      for (std::size_t j = 0; j < context_feature_count; ++j)
        h << (j ? ",\n                    " : "") << cpp_number(v[j]) << "  /* " << detail::context_feature_name(j) << " */";
      h << "};\n";
    }
    h << "  return p;\n}\n}  // namespace v1\n}  // namespace rapport\n";
  }
  return 0;
}
