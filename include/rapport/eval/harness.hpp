#pragma once
/// The accuracy harness: scores the warmth model and every baseline on the cases of a replay,
/// the reply-latency predictions on its reply cases, and follow-up windows on its warmth cases.
///
/// Time split: the later half of the cutoffs are the test cutoffs; the training cutoffs are the
/// earlier ones whose label window (T, T + H] ends before the first test cutoff, so nothing a
/// test case's label depends on is seen in training. Baselines are turned into probabilities by
/// a monotone map fitted on the training cases (by default a two-parameter logistic on the log of
/// counts, sums and days, as the model's logit is recalibrated; or isotonic); their AUC is that of
/// the raw score.

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <rapport/calibrate.hpp>
#include <rapport/interop/eigen.hpp>
#include <rapport/eval/metrics.hpp>
#include <rapport/eval/replay.hpp>
#include <rapport/model.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

struct binary_metrics {
  std::size_t cases = 0;
  double base_rate = 0;
  double auc = std::nan(""), log_loss = std::nan(""), brier = std::nan(""), ece = std::nan("");
  std::array<reliability_bin, 10> table{};
};

/// Metrics of probabilities `p` (AUC from `rank`, which defaults to `p`).
inline binary_metrics score_binary(const std::vector<double>& p, const std::vector<bool>& y, const std::vector<double>* rank = nullptr) {
  binary_metrics m;
  m.cases = p.size();
  double pos = 0;
  for (bool v : y) pos += v;
  m.base_rate = p.empty() ? 0 : pos / static_cast<double>(p.size());
  m.auc = roc_auc(rank ? *rank : p, y);
  m.log_loss = log_loss(p, y);
  m.brier = brier(p, y);
  m.ece = ece(p, y);
  m.table = reliability(p, y);
  return m;
}

struct time_split {
  std::vector<std::size_t> train, test;   ///< case indices
  std::vector<int> train_cutoffs, test_cutoffs;
};

/// The split described above; `test_share` of the cutoffs (rounded up) are test cutoffs.
inline time_split split_by_time(const replay_result& r, double test_share = 0.5) {
  time_split s;
  const int K = static_cast<int>(r.cutoffs.size());
  const int n_test = std::clamp(static_cast<int>(std::ceil(test_share * K)), 1, std::max(1, K - 1));
  const int first_test = K - n_test;
  const auto H = static_cast<std::int64_t>(std::llround(r.horizon_days * seconds_per_day));
  for (int k = 0; k < K; ++k) {
    if (k >= first_test) s.test_cutoffs.push_back(k);
    else if (r.cutoffs[k] + H <= r.cutoffs[first_test]) s.train_cutoffs.push_back(k);
  }
  if (s.train_cutoffs.empty() && first_test > 0) s.train_cutoffs.push_back(0);  // too short a log: overlapping labels
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    const int k = r.cases[i].cutoff;
    if (std::find(s.test_cutoffs.begin(), s.test_cutoffs.end(), k) != s.test_cutoffs.end()) s.test.push_back(i);
    else if (std::find(s.train_cutoffs.begin(), s.train_cutoffs.end(), k) != s.train_cutoffs.end()) s.train.push_back(i);
  }
  return s;
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
inline Eigen::VectorXd recency_weights(const replay_result& r, const std::vector<std::size_t>& idx, double recency, double total) {
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

/// Warmth probabilities of the chosen cases under `p`.
inline std::vector<double> model_probabilities(const replay_result& r, const std::vector<std::size_t>& idx, const model_params& p) {
  std::vector<double> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) out.push_back(logistic(logit_of(features_of(r.cases[i].snap, r.cases[i].at, p), p)));
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
    for (std::size_t i = 0; i < n; ++i) { const double wi = w.empty() ? 1.0 : w[i]; sw += wi; mean += wi * z[i]; }
    if (!(sw > 0)) return {};
    mean /= sw;
    for (std::size_t i = 0; i < n; ++i) { const double wi = w.empty() ? 1.0 : w[i]; var += wi * (z[i] - mean) * (z[i] - mean); }
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
        g0 += r; g1 += r * u;
        h00 += v; h01 += v * u; h11 += v * u * u;
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
      a = na; b = nb; current = next;
      if (done) break;
    }
    platt f;
    f.b = b / sd;
    f.a = a - f.b * mean;
    return f;
  }
};

/// Logits of the chosen cases under `p`.
inline std::vector<double> model_logits(const replay_result& r, const std::vector<std::size_t>& idx, const model_params& p) {
  std::vector<double> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) out.push_back(logit_of(features_of(r.cases[i].snap, r.cases[i].at, p), p));
  return out;
}

/// Logits of the chosen cases under `p` with each case's network context (`logit_with_context`).
inline std::vector<double> model_context_logits(const replay_result& r, const std::vector<std::size_t>& idx, const model_params& p) {
  std::vector<double> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) {
    const network_context c = context_of(r.cases[i]);
    out.push_back(logit_with_context(logit_of(features_of(r.cases[i].snap, r.cases[i].at, p), p), &c, p));
  }
  return out;
}

inline std::vector<bool> labels_of(const replay_result& r, const std::vector<std::size_t>& idx) {
  std::vector<bool> y;
  y.reserve(idx.size());
  for (std::size_t i : idx) y.push_back(r.cases[i].label);
  return y;
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
  const auto bi = static_cast<std::size_t>(b);
  std::vector<double> s_train, s_test;
  for (std::size_t i : train) s_train.push_back(r.cases[i].baselines[bi]);
  for (std::size_t i : test) s_test.push_back(r.cases[i].baselines[bi]);
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
inline binary_metrics score_constant(const replay_result& r, const std::vector<std::size_t>& train, const std::vector<std::size_t>& test) {
  double pos = 0;
  for (std::size_t i : train) pos += r.cases[i].label;
  const double rate = std::clamp(train.empty() ? 0.5 : pos / static_cast<double>(train.size()), probability_floor, 1 - probability_floor);
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
    m.coverage_q50 = covered[0] / n; m.coverage_q80 = covered[1] / n; m.coverage_q90 = covered[2] / n;
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
