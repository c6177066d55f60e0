#pragma once
/// The Calibrator: fits the warmth model's intercept and coefficients to labelled cases (a CRM's
/// own history replayed with a rolling origin, see <rapport/eval/replay.hpp>), and the population
/// reply-latency distribution to observed reply latencies.
///
///   // From a CRM's own histories, one per contact, scored at a few past cutoffs:
///   auto p = rapport::calibrate(histories, {t1, t2, t3, t4}, rapport::model::defaults());
///   if (!p) std::cerr << p.error().message;     // no_convergence / numerical_issue / invalid_argument
///   auto mine = rapport::model::create(*p);     // warmth calibrated on this network
///   // Or from cases you built yourself (one row of features_of() per case):
///   auto q = rapport::fit_warmth(X, y, w, rapport::model_params::defaults());
///
/// The fit minimises the weighted mean log loss plus (l2 / 2) * |beta|^2, with beta measured on
/// standardised features (so one `l2` suits every feature's scale) and the intercept unpenalised,
/// by Newton's method (IRLS) with a backtracking line search. Each coefficient is held to its
/// `required_sign` by an active set: a coefficient that would take the wrong sign is fixed at 0
/// and the rest refitted; a fixed one is released again when the gradient says moving it in its
/// allowed direction lowers the loss. That keeps the documented guarantees (silence never raises
/// warmth, a reply never lowers it) true for every fitted model.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include <rapport/history.hpp>
#include <rapport/model.hpp>
#include <rapport/result.hpp>
#include <rapport/state.hpp>

namespace rapport {
inline namespace v1 {

struct calibrator_options {
  double l2 = 0.01;          ///< penalty on standardised coefficients (per unit of total case weight)
  int max_iterations = 100;  ///< Newton steps per active set
  int max_active_set_changes = 48;
  double tolerance = 1e-9;  ///< on the largest gradient component
  std::array<bool, feature_count> use{true, true, true, true, true, true,
                                      true, true, true, true, true, true};  ///< unused features get beta 0
  double latest_cutoff_weight =
      2;  ///< `calibrate`: the last cutoff's cases weigh this much more than the first's (geometric in between)
};

/// How the fit went.
struct fit_report {
  int newton_steps = 0;
  int active_set_changes = 0;
  double loss = 0;                                 ///< weighted mean log loss at the solution (without penalty)
  std::array<bool, feature_count> held_at_zero{};  ///< used features the sign constraint holds at 0
};

/// A read-only dense matrix of doubles in the caller's memory: element (i, j) is
/// `data[i * row_stride + j * col_stride]`. Eigen users pass their matrices as they are through
/// <rapport/interop/eigen.hpp>; this header does not include Eigen.
struct matrix_view {
  const double* data = nullptr;
  std::size_t rows = 0, cols = 0;
  std::ptrdiff_t row_stride = 0, col_stride = 0;

  static matrix_view column_major(const double* d, std::size_t r, std::size_t c) noexcept {
    return {d, r, c, 1, static_cast<std::ptrdiff_t>(r)};
  }
  static matrix_view row_major(const double* d, std::size_t r, std::size_t c) noexcept {
    return {d, r, c, static_cast<std::ptrdiff_t>(c), 1};
  }
};

/// A read-only vector of doubles in the caller's memory: element i is `data[i * stride]`; an
/// empty view (size 0) where a function allows it means "not given".
struct vector_view {
  const double* data = nullptr;
  std::size_t size = 0;
  std::ptrdiff_t stride = 1;

  static vector_view of(const std::vector<double>& v) noexcept { return {v.data(), v.size(), 1}; }
};

/// A logistic regression fitted by `fit_logistic`: p = logistic(intercept + beta . x).
struct logistic_fit {
  double intercept = 0;
  std::vector<double> beta;        ///< on the raw (unstandardised) columns
  std::vector<double> mean;        ///< weighted column means
  std::vector<bool> held_at_zero;  ///< usable columns the sign constraint holds at 0
  fit_report report;
};

/// The Calibrator's engine, for any number of columns: minimises the weighted mean log loss plus
/// (l2 / 2) |beta|^2 on standardised columns, column j's coefficient held to the sign `signs[j]`
/// (+1: >= 0, -1: <= 0, 0: free) and to 0 when `use[j]` is false (empty `use`: all used).
/// `what` names the caller in messages; `names[j]`, if given, names column j.
result<logistic_fit> fit_logistic(matrix_view x, vector_view y, vector_view w, const std::vector<int>& signs,
                                  const std::vector<bool>& use, const calibrator_options& opt,
                                  const std::vector<std::string>& names = {}, const std::string& what = "fit_logistic");

/// Fits intercept, beta and reference (the weighted feature means) on cases `x` (one row per
/// case, `feature_count` columns), labels `y` (0/1) and weights `w` (>= 0; empty = all 1). The
/// other fields of the result are copied from `base`. To fit one model on several horizons at
/// once, stack the cases of every horizon and append the `horizon_term_count` columns
/// `horizon_terms(H of the case, base)`: the horizon slopes are then fitted too (held >= 0).
/// @return the parameters, `errc::invalid_argument` for bad shapes, labels, weights or features,
/// `errc::no_convergence` when Newton's method does not converge, `errc::numerical_issue` for a
/// singular system
result<model_params> fit_warmth(matrix_view x, vector_view y, vector_view w, model_params base,
                                const calibrator_options& opt = {}, fit_report* report = nullptr);

/// How the second stage's fit went (`fit_context`).
struct context_fit_report {
  int newton_steps = 0;
  int active_set_changes = 0;
  double loss = 0;                                         ///< weighted mean log loss (without penalty)
  bool pair_weight_held_at_zero = false;                   ///< the pair's logit was dropped by its sign
  std::array<bool, context_feature_count> held_at_zero{};  ///< context features held at 0 by their signs
};

/// Fits the optional second stage (see `network_context` and `logit_with_context`) on cases whose
/// pair model is already fitted: a logistic regression of `y` on [the pair's logit, the 4 context
/// features] plus an intercept, by `fit_logistic` (same L2 on standardised columns, same weights),
/// the pair weight held >= 0 and each context coefficient to its `required_sign` (activity >= 0,
/// idle <= 0). Writes context_intercept, context_pair_weight, context_beta and context_reference
/// (the weighted means of the context features) of a copy of `base`; the pair model is untouched,
/// so scores without context do not change.
/// `pair_logit`: one per case (`logit_of` under `base`); `context`: one row per case,
/// `context_feature_count` columns (`context_features_of`).
result<model_params> fit_context(vector_view pair_logit, matrix_view context, vector_view y, vector_view w, model_params base,
                                 const calibrator_options& opt = {}, context_fit_report* report = nullptr);

/// Log-normal fit of reply latencies (seconds; values below 1 s count as 1 s, as in the state).
/// Writes `latency_log_mean` and `latency_log_sd` of `p`.
result<void> fit_latency(const std::vector<double>& latencies_seconds, model_params& p);

/// The Calibrator on a CRM's own data: every contact's `history` is replayed at each of
/// `cutoffs` (a rolling origin: at a cutoff T only interactions before T are seen); each contact
/// with history before T is a case, its features computed as `m` would at T, labelled by whether
/// any interaction falls in (T, T + horizon_days]. Cutoffs later than (last interaction of all
/// histories - horizon) would have incomplete labels and are rejected. Fits intercept, beta and
/// reference with `fit_warmth` (cases of cutoff k weighted geometrically from 1 to
/// `opt.latest_cutoff_weight`) and the population reply latency with `fit_latency` (reply
/// latencies before the last cutoff; kept from `m` when there are fewer than 10). Other
/// parameters are `m`'s.
result<model_params> calibrate(const std::vector<history>& contacts, std::vector<timestamp> cutoffs, const model& m,
                               const calibrator_options& opt = {}, fit_report* report = nullptr);

}  // namespace v1
}  // namespace rapport
