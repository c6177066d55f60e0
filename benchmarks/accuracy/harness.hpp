#pragma once
/// The accuracy harness of `rapport_accuracy` and `fit_defaults` (not installed, not API): scores
/// the warmth model and every baseline on the cases of a replay (<rapport/eval/replay.hpp>) and the
/// reply-latency predictions on its reply cases. The baselines (recency, frequency, decay sum,
/// cadence, and re-implementations of PingCRM's and EverReach's published scores) are computed
/// here from each case's visible pair history (`warmth_case::pair`, `seen`).
///
/// Time split: `split_by_time` (replay.hpp). Baselines are turned into probabilities by
/// a monotone map fitted on the training cases (by default a two-parameter logistic on the log of
/// counts, sums and days, as the model's logit is recalibrated; or isotonic); their AUC is that of
/// the raw score.

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "load.hpp"

#include <rapport/calibrate.hpp>
#include <rapport/interop/eigen.hpp>
#include <rapport/eval/metrics.hpp>
#include <rapport/eval/replay.hpp>
#include <rapport/model.hpp>
#include <rapport/recalibrate.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

/// Baseline scores (higher = warmer); the constant baseline needs no score.
enum class baseline : std::uint8_t {
  recency,        ///< minus days since the last event
  frequency_90d,  ///< events in the last 90 days
  decay_30d,      ///< sum of 2^(-age / 30 days) over events
  cadence_30d,    ///< 1 when the last event is at most 30 days old ("keep in touch every 30 days"), else 0
  pingcrm,        ///< PingCRM's 0-10 relationship score (backend/app/services/scoring.py)
  everreach,      ///< EverReach's 0-100 warmth: 40 + recency + frequency + channel - decay
};
inline constexpr std::size_t baseline_count = 6;
constexpr const char* to_string(baseline b) noexcept {
  constexpr const char* names[baseline_count] = {"recency", "frequency_90d", "decay_30d", "cadence_30d", "pingcrm", "everreach"};
  return static_cast<std::size_t>(b) < baseline_count ? names[static_cast<std::size_t>(b)] : "invalid";
}

namespace detail {

inline int bit_count(std::uint64_t v) noexcept {  // std::popcount is C++20
  int n = 0;
  for (; v; v &= v - 1) ++n;
  return n;
}

// Raw baseline scores of the pair seen by `owner_is_lo`, from events[0, n) at time T.
inline std::array<double, baseline_count> baseline_scores(const pair_history& p, std::size_t n, bool owner_is_lo,
                                                          std::int64_t T) {
  std::array<double, baseline_count> b{};
  const auto& ev = p.events;
  const double since_last = days(static_cast<double>(T - ev[n - 1].t));
  double c90 = 0, decay30 = 0;
  // PingCRM's windows.
  double in365 = 0, out365 = 0, in1_2 = 0, out1_2 = 0, in2_5 = 0, out2_5 = 0;
  double w30 = 0, w30_90 = 0, w90_365 = 0, w1_2 = 0, w2_5 = 0;
  std::int64_t last_in = -1;
  std::uint64_t channels_all = 0, channels_30 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const pair_event& e = ev[i];
    const double age = days(static_cast<double>(T - e.t));
    const bool inbound = e.from_lo != owner_is_lo;
    if (inbound) last_in = e.t;
    const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(e.via);
    channels_all |= bit;
    if (age <= 30) channels_30 |= bit;
    if (age <= 90) c90 += 1;
    decay30 += std::exp2(-age / 30.0);
    if (age <= 365)
      (inbound ? in365 : out365) += 1;
    else if (age <= 730)
      (inbound ? in1_2 : out1_2) += 1;
    else if (age <= 1825)
      (inbound ? in2_5 : out2_5) += 1;
    if (age <= 30)
      w30 += 1;
    else if (age <= 90)
      w30_90 += 1;
    else if (age <= 365)
      w90_365 += 1;
    else if (age <= 730)
      w1_2 += 1;
    else if (age <= 1825)
      w2_5 += 1;
  }
  b[0] = -since_last;
  b[1] = c90;
  b[2] = decay30;
  b[3] = since_last <= 30 ? 1.0 : 0.0;
  {  // PingCRM
    const double ein = in365 + 0.05 * in1_2 + 0.02 * in2_5, eout = out365 + 0.05 * out1_2 + 0.02 * out2_5;
    const double reciprocity = (ein + eout == 0 || ein == 0) ? 0.0 : std::round(4 * std::fmin(ein, eout) / std::fmax(ein, eout));
    double recency = 0;
    const std::int64_t base = last_in >= 0 ? last_in : ev[n - 1].t;
    const double mult = last_in >= 0 ? 1.0 : 0.5;
    const double d = std::floor(days(static_cast<double>(T - base)));
    const double raw = d <= 7 ? 3 : d <= 30 ? 2 : d <= 90 ? 1 : 0;
    recency = std::round(raw * mult);
    const double weighted = w30 + 0.3 * w30_90 + 0.1 * w90_365 + 0.05 * w1_2 + 0.02 * w2_5;
    const double frequency = weighted >= 8 ? 2 : weighted >= 3 ? 1 : 0;
    const double breadth = bit_count(channels_all) >= 2 ? 1 : 0;
    const double tenure_years = std::floor(days(static_cast<double>(T - ev[0].t))) / 365.25;
    const double count = static_cast<double>(n);
    const double tenure = (count >= 50 && tenure_years >= 2) ? 2 : (count >= 20 && tenure_years >= 1) ? 1 : 0;
    b[4] = std::fmin(10, reciprocity + recency + frequency + breadth + tenure);
  }
  {  // EverReach
    const double d = since_last;
    double w = 40 + std::round(std::clamp(90 - d, 0.0, 90.0) / 90 * 25) + std::round(std::fmin(c90, 6) / 6 * 15) +
               (bit_count(channels_30) >= 2 ? 5 : 0) - std::round(std::fmin(30, std::fmax(0, d - 7) * 0.5));
    b[5] = std::clamp(w, 0.0, 100.0);
  }
  return b;
}

}  // namespace detail

/// The raw score of baseline `b` for case `c`, from the pair's events visible at its cutoff.
inline double baseline_score(const replay_result& r, const warmth_case& c, baseline b) {
  const pair_history& p = r.pairs[c.pair];
  return detail::baseline_scores(p, c.seen, c.owner == p.lo, c.at)[static_cast<std::size_t>(b)];
}

/// Experiment (not the documented label): relabels every case "the contact reached out to the
/// owner in (T, T + H]" instead of contact either way, from the pair histories the replay keeps.
inline void relabel_inbound_only(replay_result& r) {
  const auto H = static_cast<std::int64_t>(std::llround(r.horizon_days * seconds_per_day));
  for (warmth_case& c : r.cases) {
    const pair_history& p = r.pairs[c.pair];
    const bool contact_is_lo = c.contact == p.lo;
    c.label = false;
    for (std::size_t i = c.seen; i < p.events.size() && p.events[i].t <= c.at + H; ++i)
      if (p.events[i].t > c.at && p.events[i].from_lo == contact_is_lo) {
        c.label = true;
        break;
      }
  }
}

/// Feature rows of the chosen cases under `p` (features are recomputed from each snapshot, so a
/// change to `features_of` or to `p`'s gap parameters is picked up; half-lives are the replay's).
inline Eigen::MatrixXd feature_matrix(const replay_result& r, const std::vector<std::size_t>& idx, const model_params& p) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(idx.size()), static_cast<Eigen::Index>(feature_count));
  for (std::size_t a = 0; a < idx.size(); ++a) {
    const auto& c = r.cases[idx[a]];
    const feature_vector f = features_of(c.snap, c.at, p);
    for (std::size_t j = 0; j < feature_count; ++j) x(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(j)) = f[j];
  }
  return x;
}

/// The network context of a case, as a CRM would pass it (`network_context`).
inline network_context context_of(const warmth_case& c) noexcept {
  network_context n;
  n.owner_events_30d = c.owner_events_30d;
  n.contact_events_30d = c.contact_events_30d;
  n.owner_idle_days = c.owner_idle_days;
  n.contact_idle_days = c.contact_idle_days;
  return n;
}

/// The context features (`context_features_of`) of the chosen cases, one row each.
inline Eigen::MatrixXd context_feature_matrix(const replay_result& r, const std::vector<std::size_t>& idx) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(idx.size()), static_cast<Eigen::Index>(context_feature_count));
  for (std::size_t a = 0; a < idx.size(); ++a) {
    const context_vector c = context_features_of(context_of(r.cases[idx[a]]));
    for (std::size_t j = 0; j < context_feature_count; ++j) x(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(j)) = c[j];
  }
  return x;
}

/// Network context beyond the pair (what a CRM may pass in): log(1 + x) of the owner's and the
/// contact's events with anyone in the last 30 days, and of the days since each side's last event
/// with anyone (`context_features_of`). The rows of `feature_matrix` with these 4 columns appended.
inline constexpr std::size_t context_count = context_feature_count;
inline Eigen::MatrixXd context_matrix(const replay_result& r, const std::vector<std::size_t>& idx, const model_params& p) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(idx.size()), static_cast<Eigen::Index>(feature_count + context_count));
  x.leftCols(static_cast<Eigen::Index>(feature_count)) = feature_matrix(r, idx, p);
  x.rightCols(static_cast<Eigen::Index>(context_count)) = context_feature_matrix(r, idx);
  return x;
}
/// Signs for `context_matrix`'s columns: `required_sign` of each (more activity warmer, longer idle colder).
inline std::vector<int> context_signs() {
  std::vector<int> s;
  for (std::size_t j = 0; j < feature_count + context_count; ++j) s.push_back(required_sign(static_cast<feature>(j)));
  return s;
}

inline Eigen::VectorXd label_vector(const replay_result& r, const std::vector<std::size_t>& idx) {
  Eigen::VectorXd y(static_cast<Eigen::Index>(idx.size()));
  for (std::size_t a = 0; a < idx.size(); ++a) y[static_cast<Eigen::Index>(a)] = r.cases[idx[a]].label ? 1 : 0;
  return y;
}

/// Case weights: `total` spread over the cases so that cutoff k (of the chosen ones, in time
/// order) weighs 2^(recency * rank / (n - 1)) relative to the first; recency 0 = equal.
inline Eigen::VectorXd recency_weights(const replay_result& r, const std::vector<std::size_t>& idx, double recency,
                                       double total) {
  std::vector<int> ks;
  for (std::size_t i : idx) ks.push_back(r.cases[i].cutoff);
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  std::vector<double> per_cutoff(r.cutoffs.size(), 0.0);
  for (std::size_t a = 0; a < ks.size(); ++a)
    per_cutoff[ks[a]] = ks.size() > 1 ? std::exp2(recency * static_cast<double>(a) / static_cast<double>(ks.size() - 1)) : 1.0;
  Eigen::VectorXd w(static_cast<Eigen::Index>(idx.size()));
  for (std::size_t a = 0; a < idx.size(); ++a) w[static_cast<Eigen::Index>(a)] = per_cutoff[r.cases[idx[a]].cutoff];
  const double s = w.sum();
  if (s > 0) w *= total / s;
  return w;
}

/// Warmth probabilities of the chosen cases under `p`, at the replay's horizon.
inline std::vector<double> model_probabilities(const replay_result& r, const std::vector<std::size_t>& idx,
                                               const model_params& p) {
  std::vector<double> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) out.push_back(logistic(final_logit(r.cases[i].snap, r.cases[i].at, p, nullptr, r.horizon_days)));
  return out;
}

/// A monotone recalibration of a logit: p = logistic(a + b * z), fitted by Newton's method on
/// (z, y) with b held >= 0 (so the ranking, and the AUC, never change).
struct platt {
  double a = 0, b = 1;
  double operator()(double z) const noexcept { return logistic(a + b * z); }
  /// `w`: optional case weights (empty: all 1). Fitted on the standardised score with a
  /// backtracking line search, so scores on any scale (0-100 points, days) converge.
  static platt fit(const std::vector<double>& z, const std::vector<bool>& y, const std::vector<double>& w = {}) {
    const std::size_t n = z.size();
    double sw = 0, mean = 0, var = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double wi = w.empty() ? 1.0 : w[i];
      sw += wi;
      mean += wi * z[i];
    }
    if (!(sw > 0)) return {};
    mean /= sw;
    for (std::size_t i = 0; i < n; ++i) {
      const double wi = w.empty() ? 1.0 : w[i];
      var += wi * (z[i] - mean) * (z[i] - mean);
    }
    const double sd = var > 0 ? std::sqrt(var / sw) : 1.0;
    auto loss = [&](double a, double b) {
      double l = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double e = a + b * (z[i] - mean) / sd, wi = w.empty() ? 1.0 : w[i];
        l += wi * ((e > 0 ? e + std::log1p(std::exp(-e)) : std::log1p(std::exp(e))) - (y[i] ? e : 0.0));
      }
      return l;
    };
    double a = 0, b = 0, current = loss(a, b);
    for (int it = 0; it < 100; ++it) {
      double g0 = 0, g1 = 0, h00 = 1e-9, h01 = 0, h11 = 1e-9;
      for (std::size_t i = 0; i < n; ++i) {
        const double u = (z[i] - mean) / sd, wi = w.empty() ? 1.0 : w[i];
        const double p = logistic(a + b * u), r = wi * (p - (y[i] ? 1.0 : 0.0)), v = wi * p * (1 - p);
        g0 += r;
        g1 += r * u;
        h00 += v;
        h01 += v * u;
        h11 += v * u * u;
      }
      const double det = h00 * h11 - h01 * h01;
      if (!(det > 0)) break;
      const double da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det;
      double t = 1, na = a, nb = b, next = current;
      for (int half = 0; half < 40; ++half, t /= 2) {
        na = a - t * da;
        nb = std::fmax(b - t * db, 0.0);
        next = loss(na, nb);
        if (next <= current) break;
      }
      if (!(next <= current)) break;
      const bool done = std::fabs(na - a) + std::fabs(nb - b) < 1e-10;
      a = na;
      b = nb;
      current = next;
      if (done) break;
    }
    platt f;
    f.b = b / sd;
    f.a = a - f.b * mean;
    return f;
  }
};

/// Logits of the chosen cases under `p`, at the replay's horizon.
inline std::vector<double> model_logits(const replay_result& r, const std::vector<std::size_t>& idx, const model_params& p) {
  std::vector<double> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) out.push_back(final_logit(r.cases[i].snap, r.cases[i].at, p, nullptr, r.horizon_days));
  return out;
}

/// Logits of the chosen cases under `p` with each case's network context, at the replay's horizon.
inline std::vector<double> model_context_logits(const replay_result& r, const std::vector<std::size_t>& idx,
                                                const model_params& p) {
  std::vector<double> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) {
    const network_context c = context_of(r.cases[i]);
    out.push_back(final_logit(r.cases[i].snap, r.cases[i].at, p, &c, r.horizon_days));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Online recalibration (`model_online`, `model_context_online`).

/// The two online rows, over the test cutoffs.
struct online_metrics {
  binary_metrics model, model_context;
};

/// The CRM's stream of shown warmth that the online rows learn from: a replay of the same log at the
/// same horizon with `stream_cutoffs` cutoffs from `stream_start_fraction` of its span (a CRM shows
/// warmth every day; the stream samples that at regular times). Each shown warmth gives a label at
/// the full horizon H and, with `label_levels` > 1, at H/2, ..., H/2^(label_levels - 1), each fed
/// as soon as it has matured (`online_calibrator::observe` with `within_days`).
struct online_options {
  online_calibrator_options calibrator;
  int stream_cutoffs = 24;
  double stream_start_fraction = 0.05;
  int label_levels = static_cast<int>(online_calibrator::horizon_levels);
};

namespace detail {
// Feeds one stream cutoff's cases (shown at t) with their labels within `within` days, known at
// t + within, to the two calibrators.
inline void feed_online(online_calibrator& plain, online_calibrator& with_context, const replay_result& stream,
                        const std::vector<std::size_t>& idx, const model_params& p, std::int64_t matured, double within) {
  std::vector<double> s, sc;
  // The warmth shown at the full horizon, or (without the learnt horizon term) at the label's own.
  const double h = plain.options().learn_horizon_term ? stream.horizon_days : within;
  for (std::size_t i : idx) {
    const warmth_case& c = stream.cases[i];
    const network_context ctx = context_of(c);
    s.push_back(100 * logistic(final_logit(c.snap, c.at, p, nullptr, h)));
    sc.push_back(100 * logistic(final_logit(c.snap, c.at, p, &ctx, h)));
  }
  std::vector<unsigned char> y;
  for (std::size_t i : idx) y.push_back(stream.cases[i].next_contact_days <= within ? 1 : 0);
  // Valid by construction (scores in [0, 100], a time inside the log, within <= H): no news to carry.
  (void)plain.observe(s.data(), y.data(), y.size(), {matured}, within);
  (void)with_context.observe(sc.data(), y.data(), y.size(), {matured}, within);
}

struct label_batch {
  std::int64_t matured;
  std::size_t cutoff;
  double within;
};

// Every (stream cutoff, label horizon) batch, in the order the labels mature.
inline std::vector<label_batch> label_schedule(const replay_result& stream, int levels) {
  std::vector<label_batch> out;
  for (std::size_t k = 0; k < stream.cutoffs.size(); ++k)
    for (int j = 0; j < levels; ++j) {
      const double within = stream.horizon_days / std::exp2(j);
      out.push_back({stream.cutoffs[k] + static_cast<std::int64_t>(std::llround(within * seconds_per_day)), k, within});
    }
  std::stable_sort(out.begin(), out.end(), [](const label_batch& a, const label_batch& b) { return a.matured < b.matured; });
  return out;
}
}  // namespace detail

/// `model_online` and `model_context_online` on `r`'s test cutoffs: the parameters' warmth (without
/// and with the context stage), each mapped by an `online_calibrator` that, at a test cutoff T, has
/// been fed exactly the stream labels that matured before T (shown at t, known at t + h < T, h <= H):
/// nothing from the future. `stream` is `r`'s log replayed at the same horizon (`online_options`).
inline online_metrics score_online(const replay_result& r, const time_split& sp, const replay_result& stream,
                                   const model_params& p, const online_options& oo) {
  online_calibrator_options o = oo.calibrator;
  o.horizon_days = r.horizon_days;
  auto plain = online_calibrator::create(o), with_context = online_calibrator::create(o);
  online_metrics out;
  if (!plain || !with_context) return out;
  std::vector<std::vector<std::size_t>> by_cutoff(stream.cutoffs.size()), test_at(r.cutoffs.size());
  for (std::size_t i = 0; i < stream.cases.size(); ++i) by_cutoff[stream.cases[i].cutoff].push_back(i);
  for (std::size_t i : sp.test) test_at[r.cases[i].cutoff].push_back(i);
  const auto schedule = detail::label_schedule(stream, oo.label_levels);
  std::size_t fed = 0;
  std::vector<double> pm, pc;
  std::vector<std::size_t> order;
  for (int k : sp.test_cutoffs) {
    const std::int64_t T = r.cutoffs[k];
    for (; fed < schedule.size() && schedule[fed].matured < T; ++fed) {
      const auto& b = schedule[fed];
      detail::feed_online(*plain, *with_context, stream, by_cutoff[b.cutoff], p, b.matured, b.within);
    }
    const auto& idx = test_at[k];
    for (double z : model_logits(r, idx, p)) pm.push_back(plain->calibrate(100 * logistic(z)) / 100);
    for (double z : model_context_logits(r, idx, p)) pc.push_back(with_context->calibrate(100 * logistic(z)) / 100);
    order.insert(order.end(), idx.begin(), idx.end());
  }
  const auto y = labels_of(r, order);
  out.model = score_binary(pm, y);
  out.model_context = score_binary(pc, y);
  return out;
}

/// How a baseline's raw score is turned into a probability (fitted on the training cases).
enum class baseline_calibration : std::uint8_t {
  logistic,  ///< p = logistic(a + b * g(score)), b >= 0, g the baseline's log scale (the model's own treatment)
  isotonic,  ///< isotonic regression on the raw score (pool adjacent violators)
};

/// The monotone scale a baseline's score is calibrated on: log(1 + x) of counts, sums and days.
inline double baseline_scale(baseline b, double score) noexcept {
  switch (b) {
    case baseline::recency: return -std::log1p(-score);  // score = -days
    case baseline::frequency_90d:
    case baseline::decay_30d: return std::log1p(score);
    default: return score;
  }
}

/// Baseline `b`, calibrated on `train`, scored on `test`; AUC from the raw score.
inline binary_metrics score_baseline(const replay_result& r, baseline b, const std::vector<std::size_t>& train,
                                     const std::vector<std::size_t>& test,
                                     baseline_calibration how = baseline_calibration::logistic) {
  std::vector<double> s_train, s_test;
  for (std::size_t i : train) s_train.push_back(baseline_score(r, r.cases[i], b));
  for (std::size_t i : test) s_test.push_back(baseline_score(r, r.cases[i], b));
  std::vector<double> p;
  if (how == baseline_calibration::isotonic) {
    const isotonic f = isotonic::fit(s_train, labels_of(r, train));
    for (double s : s_test) p.push_back(f(s));
  } else {
    std::vector<double> g;
    for (double s : s_train) g.push_back(baseline_scale(b, s));
    const platt f = platt::fit(g, labels_of(r, train));
    for (double s : s_test) p.push_back(f(baseline_scale(b, s)));
  }
  return score_binary(p, labels_of(r, test), &s_test);
}

/// The constant baseline: the training base rate for every test case.
inline binary_metrics score_constant(const replay_result& r, const std::vector<std::size_t>& train,
                                     const std::vector<std::size_t>& test) {
  double pos = 0;
  for (std::size_t i : train) pos += r.cases[i].label;
  const double rate =
      std::clamp(train.empty() ? 0.5 : pos / static_cast<double>(train.size()), probability_floor, 1 - probability_floor);
  return score_binary(std::vector<double>(test.size(), rate), labels_of(r, test));
}

// ---------------------------------------------------------------------------------------------
// Replies.

/// The predicted reply latency at quantile `q`: the core's `reply_latency_quantile`, the very
/// function the recommender waits for.
inline double latency_quantile_seconds(const snapshot& s, const model_params& p, double q) {
  return reply_latency_quantile(s, p, q);
}
/// Predicted chance of an answer within the reply window: the smoothed share of earlier outreach
/// answered, (answered + 1) / (outreach + 2); 1/2 for a first message.
inline double reply_chance(const reply_case& c) noexcept {
  return c.first_contact ? 0.5 : (c.before.answered + 1.0) / (c.before.outreach + 2.0);
}

struct reply_metrics {
  std::size_t cases = 0, answered = 0;
  double auc = std::nan("");
  double coverage_q50 = std::nan(""), coverage_q80 = std::nan(""), coverage_q90 = std::nan("");
  double pinball_q50_hours = std::nan(""), pinball_q80_hours = std::nan(""), pinball_q90_hours = std::nan("");
};

/// Reply cases at or after `from` (seconds), scored under `p`.
inline reply_metrics score_replies(const replay_result& r, const model_params& p, std::int64_t from) {
  reply_metrics m;
  std::vector<double> chance;
  std::vector<bool> answered;
  std::vector<double> q[3], actual;
  const double taus[3] = {0.5, 0.8, 0.9};
  double covered[3] = {0, 0, 0};
  for (const auto& c : r.replies) {
    if (c.at < from) continue;
    chance.push_back(reply_chance(c));
    answered.push_back(c.answered);
    if (!c.answered) continue;
    const snapshot& s = c.before;  // empty snapshot for a first contact: the population's distribution
    const double lat = std::fmax(c.latency_seconds, 1.0);
    actual.push_back(lat / 3600);
    for (int k = 0; k < 3; ++k) {
      const double qq = latency_quantile_seconds(s, p, taus[k]);
      q[k].push_back(qq / 3600);
      covered[k] += lat <= qq;
    }
  }
  m.cases = chance.size();
  m.answered = actual.size();
  m.auc = roc_auc(chance, answered);
  if (!actual.empty()) {
    const double n = static_cast<double>(actual.size());
    m.coverage_q50 = covered[0] / n;
    m.coverage_q80 = covered[1] / n;
    m.coverage_q90 = covered[2] / n;
    m.pinball_q50_hours = pinball(q[0], actual, 0.5);
    m.pinball_q80_hours = pinball(q[1], actual, 0.8);
    m.pinball_q90_hours = pinball(q[2], actual, 0.9);
  }
  return m;
}

/// Reply latencies (seconds) of answered reply cases before `until`: the data `fit_latency` takes.
inline std::vector<double> reply_latencies(const replay_result& r, std::int64_t until) {
  std::vector<double> out;
  for (const auto& c : r.replies)
    if (c.at < until && c.answered) out.push_back(c.latency_seconds);
  return out;
}

}  // namespace eval
}  // namespace v1
}  // namespace rapport
