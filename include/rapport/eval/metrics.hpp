#pragma once
/// Accuracy metrics for predictions replayed on a history (public API): ROC AUC (ties count one
/// half), log loss, Brier score, expected calibration error with its reliability table (10
/// equal-width bins), all four at once (`score_binary`), pinball loss for latency quantiles, and
/// the monotone (isotonic) calibration that turns any raw score into a probability.
///
///   std::vector<double> p = /* warmth / 100 of each case */;  std::vector<bool> y = labels_of(r, idx);
///   rapport::eval::binary_metrics m = rapport::eval::score_binary(p, y);   // m.auc, m.ece, m.table

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <vector>

#include <rapport/model.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting one half (Mann-Whitney U with average ranks). NaN without both classes.
inline double roc_auc(const std::vector<double>& score, const std::vector<bool>& label) {
  const std::size_t n = score.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  double rank_sum = 0, pos = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && score[order[j]] == score[order[i]]) ++j;
    const double avg_rank = 0.5 * static_cast<double>(i + 1 + j);  // ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k)
      if (label[order[k]]) {
        rank_sum += avg_rank;
        pos += 1;
      }
    i = j;
  }
  const double neg = static_cast<double>(n) - pos;
  if (pos == 0 || neg == 0) return std::nan("");
  return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

inline constexpr double probability_floor = 1e-6;  ///< probabilities are clamped to [floor, 1 - floor] for log loss

inline double log_loss(const std::vector<double>& p, const std::vector<bool>& y) {
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], probability_floor, 1 - probability_floor);
    s -= y[i] ? std::log(q) : std::log(1 - q);
  }
  return p.empty() ? std::nan("") : s / static_cast<double>(p.size());
}

inline double brier(const std::vector<double>& p, const std::vector<bool>& y) {
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) s += (p[i] - (y[i] ? 1.0 : 0.0)) * (p[i] - (y[i] ? 1.0 : 0.0));
  return p.empty() ? std::nan("") : s / static_cast<double>(p.size());
}

struct reliability_bin {
  double lo = 0, hi = 0;
  std::size_t count = 0;
  double mean_predicted = 0, observed = 0;  ///< NaN-free: 0 when the bin is empty
};

/// Ten equal-width bins of predicted probability; bin 9 includes 1.
inline std::array<reliability_bin, 10> reliability(const std::vector<double>& p, const std::vector<bool>& y) {
  std::array<reliability_bin, 10> bins{};
  for (std::size_t b = 0; b < 10; ++b) {
    bins[b].lo = static_cast<double>(b) / 10.0;
    bins[b].hi = static_cast<double>(b + 1) / 10.0;
  }
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto b = static_cast<std::size_t>(std::clamp(static_cast<int>(std::floor(p[i] * 10)), 0, 9));
    bins[b].count++;
    bins[b].mean_predicted += p[i];
    bins[b].observed += y[i] ? 1 : 0;
  }
  for (auto& b : bins)
    if (b.count) {
      b.mean_predicted /= static_cast<double>(b.count);
      b.observed /= static_cast<double>(b.count);
    }
  return bins;
}

/// Expected calibration error over the 10 bins: sum of (bin share) x |observed - mean predicted|.
inline double ece(const std::vector<double>& p, const std::vector<bool>& y) {
  const auto bins = reliability(p, y);
  double e = 0;
  for (const auto& b : bins) e += static_cast<double>(b.count) * std::fabs(b.observed - b.mean_predicted);
  return p.empty() ? std::nan("") : e / static_cast<double>(p.size());
}

/// Mean pinball (quantile) loss of predictions `q` of the `tau` quantile against outcomes `y`.
inline double pinball(const std::vector<double>& q, const std::vector<double>& y, double tau) {
  double s = 0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    const double d = y[i] - q[i];
    s += d >= 0 ? tau * d : (tau - 1) * d;
  }
  return q.empty() ? std::nan("") : s / static_cast<double>(q.size());
}

/// A monotone non-decreasing map from score to probability, fitted by isotonic regression (pool
/// adjacent violators) and applied by linear interpolation between block centres (flat beyond).
class isotonic {
 public:
  static isotonic fit(const std::vector<double>& score, const std::vector<bool>& label) {
    std::vector<std::size_t> order(score.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
    struct block {
      double x_sum, y_sum, n;
    };
    std::vector<block> blocks;
    for (std::size_t i = 0; i < order.size();) {  // equal scores start in one block
      block b{0, 0, 0};
      std::size_t j = i;
      while (j < order.size() && score[order[j]] == score[order[i]]) {
        b.x_sum += score[order[j]];
        b.y_sum += label[order[j]] ? 1 : 0;
        b.n += 1;
        ++j;
      }
      blocks.push_back(b);
      while (blocks.size() >= 2) {
        const block& a = blocks[blocks.size() - 2];
        const block& c = blocks.back();
        if (a.y_sum / a.n < c.y_sum / c.n) break;
        block m{a.x_sum + c.x_sum, a.y_sum + c.y_sum, a.n + c.n};
        blocks.pop_back();
        blocks.back() = m;
      }
      i = j;
    }
    isotonic f;
    for (const block& b : blocks) {
      f.x_.push_back(b.x_sum / b.n);
      f.y_.push_back(std::clamp(b.y_sum / b.n, probability_floor, 1 - probability_floor));
    }
    return f;
  }
  double operator()(double s) const noexcept {
    if (x_.empty()) return 0.5;
    if (s <= x_.front()) return y_.front();
    if (s >= x_.back()) return y_.back();
    const auto it = std::upper_bound(x_.begin(), x_.end(), s);
    const std::size_t k = static_cast<std::size_t>(it - x_.begin());
    const double t = (s - x_[k - 1]) / (x_[k] - x_[k - 1]);
    return y_[k - 1] + t * (y_[k] - y_[k - 1]);
  }

 private:
  std::vector<double> x_, y_;
};

/// The metrics of one set of binary predictions.
struct binary_metrics {
  std::size_t cases = 0;
  double base_rate = 0;
  double auc = std::nan(""), log_loss = std::nan(""), brier = std::nan(""), ece = std::nan("");
  std::array<reliability_bin, 10> table{};
};

/// Metrics of probabilities `p` (AUC from `rank`, which defaults to `p`).
inline binary_metrics score_binary(const std::vector<double>& p, const std::vector<bool>& y,
                                   const std::vector<double>* rank = nullptr) {
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

/// The standard normal quantile: the core's (model.hpp), +-infinity at 0 and 1.
inline double normal_quantile(double p) {
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  return rapport::detail::inverse_normal_cdf(p);
}

}  // namespace eval
}  // namespace v1
}  // namespace rapport
