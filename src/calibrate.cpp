// The Calibrator's numerics with Eigen (kept here so that no includer of <rapport/calibrate.hpp>
// pays for Eigen). The public functions take plain views and map them without copying.
#include <rapport/calibrate.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace rapport {
inline namespace v1 {
namespace {

using strided_matrix = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
using strided_vector = Eigen::Map<const Eigen::VectorXd, 0, Eigen::InnerStride<Eigen::Dynamic>>;

strided_matrix eigen_of(matrix_view m) {
  return {m.data, static_cast<Eigen::Index>(m.rows), static_cast<Eigen::Index>(m.cols),
          Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(m.col_stride, m.row_stride)};
}
strided_vector eigen_of(vector_view v) {
  return {v.data, static_cast<Eigen::Index>(v.size), Eigen::InnerStride<Eigen::Dynamic>(v.stride)};
}

double log1pexp(double z) noexcept { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

using matrix_ref = Eigen::Ref<const Eigen::MatrixXd>;
using vector_ref = Eigen::Ref<const Eigen::VectorXd>;

// Shapes, labels, weights and finiteness; on success `wt` holds the weights (all 1 when `w` is empty).
result<void> check_cases(const matrix_ref& x, const vector_ref& y, const vector_ref& w, const std::vector<int>& signs,
                         const std::vector<bool>& use, const calibrator_options& opt, const std::vector<std::string>& names,
                         const std::string& what, Eigen::VectorXd& wt) {
  const Eigen::Index n = x.rows(), F = x.cols();
  auto col_name = [&](Eigen::Index j) {
    return static_cast<std::size_t>(j) < names.size() ? names[j] : "column " + std::to_string(j);
  };
  if (static_cast<Eigen::Index>(signs.size()) != F || (!use.empty() && static_cast<Eigen::Index>(use.size()) != F))
    return fail(errc::invalid_argument, what + ": signs and use must have one entry per column");
  if (y.size() != n || (w.size() != 0 && w.size() != n))
    return fail(errc::invalid_argument, what + ": x, y and w must have the same number of rows");
  if (n < 2) return fail(errc::invalid_argument, what + ": need at least two cases");
  if (!(opt.l2 >= 0) || !std::isfinite(opt.l2)) return fail(errc::invalid_argument, what + ": l2 must be finite and >= 0");
  wt = w.size() ? Eigen::VectorXd(w) : Eigen::VectorXd::Ones(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(y[i] == 0 || y[i] == 1))
      return fail(errc::invalid_argument, what + ": label of case " + std::to_string(i) + " is not 0 or 1");
    if (!std::isfinite(wt[i]) || wt[i] < 0)
      return fail(errc::invalid_argument, what + ": weight of case " + std::to_string(i) + " is not finite and >= 0");
    for (Eigen::Index j = 0; j < F; ++j)
      if (!std::isfinite(x(i, j)))
        return fail(errc::invalid_argument, what + ": " + col_name(j) + " of case " + std::to_string(i) + " is not finite");
  }
  const double W = wt.sum();
  if (!(W > 0)) return fail(errc::invalid_argument, what + ": the weights sum to 0");
  const double ybar = wt.dot(y) / W;
  if (ybar <= 0 || ybar >= 1) return fail(errc::invalid_argument, what + ": need both positive and negative cases");
  return {};
}

// Penalised weighted logistic regression on standardised columns (column 0 of `z_` is the
// intercept), each coefficient held to its sign by an active set (see calibrate.hpp).
class logistic_solver {
 public:
  logistic_solver(const matrix_ref& x, const vector_ref& y, Eigen::VectorXd wt, const std::vector<int>& signs,
                  const std::vector<bool>& use, const calibrator_options& opt, const std::string& what)
      : y_(y), wt_(std::move(wt)), signs_(signs), opt_(opt), what_(what), n_(x.rows()), F_(x.cols()) {
    W_ = wt_.sum();
    standardise(x, use);
    const double ybar = wt_.dot(y_) / W_;
    theta_ = Eigen::VectorXd::Zero(F_ + 1);
    theta_[0] = std::log(ybar / (1 - ybar));
  }

  // Newton within the free set; then hold the most wrong-signed coefficient at 0, or release a held
  // one whose allowed direction lowers the loss, until neither applies.
  result<void> solve() {
    for (;;) {
      if (auto ok = newton(); !ok) return ok;
      const bool changed = hold_most_wrong_signed() || release_one();
      if (!changed) return {};
      if (++rep_.active_set_changes > opt_.max_active_set_changes)
        return fail(errc::no_convergence, what_ + ": the sign constraints did not settle");
    }
  }

  // The coefficients on the raw columns.
  logistic_fit fit() const {
    logistic_fit out;
    out.beta.assign(static_cast<std::size_t>(F_), 0.0);
    out.mean.assign(mean_.data(), mean_.data() + F_);
    out.held_at_zero.assign(static_cast<std::size_t>(F_), false);
    double intercept = theta_[0];
    for (Eigen::Index j = 0; j < F_; ++j) {
      const double b = usable_[j + 1] ? theta_[j + 1] / sd_[j] : 0.0;
      out.beta[j] = b == 0 ? 0.0 : b;  // no -0
      intercept -= out.beta[j] * mean_[j];
      out.held_at_zero[j] = usable_[j + 1] && !free_[j + 1];
    }
    out.intercept = intercept;
    out.report = rep_;
    loss(theta_, &out.report.loss);
    return out;
  }

 private:
  void standardise(const matrix_ref& x, const std::vector<bool>& use) {
    mean_ = (x.transpose() * wt_) / W_;
    sd_.resize(F_);
    for (Eigen::Index j = 0; j < F_; ++j)
      sd_[j] = std::sqrt(std::max(0.0, wt_.dot((x.col(j).array() - mean_[j]).square().matrix()) / W_));
    z_.resize(n_, F_ + 1);
    z_.col(0).setOnes();
    for (Eigen::Index j = 0; j < F_; ++j) {
      if (sd_[j] > 1e-12)
        z_.col(j + 1) = ((x.col(j).array() - mean_[j]) / sd_[j]).matrix();
      else
        z_.col(j + 1).setZero();
    }
    usable_.assign(F_ + 1, true);
    free_.assign(F_ + 1, true);
    for (Eigen::Index j = 0; j < F_; ++j) {
      usable_[j + 1] = (use.empty() || use[j]) && sd_[j] > 1e-12;
      free_[j + 1] = usable_[j + 1];
    }
  }

  double loss(const Eigen::VectorXd& th, double* plain) const {
    const Eigen::VectorXd eta = z_ * th;
    double l = 0;
    for (Eigen::Index i = 0; i < n_; ++i) l += wt_[i] * (log1pexp(eta[i]) - y_[i] * eta[i]);
    l /= W_;
    if (plain) *plain = l;
    return l + 0.5 * opt_.l2 * th.tail(F_).squaredNorm();
  }

  Eigen::VectorXd gradient(const Eigen::VectorXd& th, Eigen::VectorXd& p) const {
    const Eigen::VectorXd eta = z_ * th;
    p = eta.unaryExpr([](double e) { return logistic(e); });
    Eigen::VectorXd g = z_.transpose() * (wt_.array() * (p - y_).array()).matrix() / W_;
    g.tail(F_) += opt_.l2 * th.tail(F_);
    return g;
  }

  result<void> newton() {
    std::vector<Eigen::Index> idx;
    for (Eigen::Index j = 0; j <= F_; ++j)
      if (free_[j]) idx.push_back(j);
    double current = loss(theta_, nullptr);
    for (int it = 0; it < opt_.max_iterations; ++it) {
      bool done = false;
      if (auto ok = newton_step(idx, current, done); !ok || done) return ok;
    }
    return fail(errc::no_convergence,
                what_ + ": Newton's method did not converge in " + std::to_string(opt_.max_iterations) + " iterations");
  }

  // One damped Newton step over the free coefficients `idx`; `done` when converged.
  result<void> newton_step(const std::vector<Eigen::Index>& idx, double& current, bool& done) {
    const auto m = static_cast<Eigen::Index>(idx.size());
    Eigen::VectorXd p;
    const Eigen::VectorXd g = gradient(theta_, p);
    Eigen::VectorXd gs(m);
    for (Eigen::Index a = 0; a < m; ++a) gs[a] = g[idx[a]];
    if (gs.cwiseAbs().maxCoeff() < opt_.tolerance) {
      done = true;
      return {};
    }
    const Eigen::ArrayXd v = wt_.array() * p.array() * (1 - p.array()) / W_;
    Eigen::MatrixXd zs(n_, m);
    for (Eigen::Index a = 0; a < m; ++a) zs.col(a) = z_.col(idx[a]);
    Eigen::MatrixXd h = zs.transpose() * (zs.array().colwise() * v).matrix();
    for (Eigen::Index a = 0; a < m; ++a)
      if (idx[a] > 0) h(a, a) += opt_.l2;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(h);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive())
      return fail(errc::numerical_issue, what_ + ": the Hessian is singular (collinear features? raise l2)");
    const Eigen::VectorXd step = ldlt.solve(gs);
    if (!step.allFinite()) return fail(errc::numerical_issue, what_ + ": non-finite Newton step");
    const Eigen::VectorXd trial = line_search(idx, step, gs, current);
    const double next = loss(trial, nullptr);
    theta_ = trial;
    ++rep_.newton_steps;
    done = std::fabs(current - next) < 1e-15 * std::max(1.0, std::fabs(current));
    current = next;
    return {};
  }

  // Backtracking (Armijo) along `step` from theta_.
  Eigen::VectorXd line_search(const std::vector<Eigen::Index>& idx, const Eigen::VectorXd& step, const Eigen::VectorXd& gs,
                              double current) const {
    const auto m = static_cast<Eigen::Index>(idx.size());
    double t = 1;
    Eigen::VectorXd trial = theta_;
    for (int half = 0; half < 40; ++half, t /= 2) {
      trial = theta_;
      for (Eigen::Index a = 0; a < m; ++a) trial[idx[a]] -= t * step[a];
      if (loss(trial, nullptr) <= current + 1e-4 * t * -gs.dot(step)) break;
    }
    return trial;
  }

  // The most wrong-signed free coefficient, held at 0; false when every free one has its sign.
  bool hold_most_wrong_signed() {
    Eigen::Index worst = -1;
    double worst_v = 0;
    for (Eigen::Index j = 1; j <= F_; ++j) {
      if (!free_[j]) continue;
      const double v = theta_[j] * signs_[j - 1];
      if (v < worst_v) {
        worst_v = v;
        worst = j;
      }
    }
    if (worst < 0) return false;
    free_[worst] = false;
    theta_[worst] = 0;
    return true;
  }

  // A held coefficient whose allowed direction lowers the loss, released; false when none.
  bool release_one() {
    Eigen::VectorXd p;
    const Eigen::VectorXd g = gradient(theta_, p);
    Eigen::Index best = -1;
    double best_v = 10 * opt_.tolerance;
    for (Eigen::Index j = 1; j <= F_; ++j) {
      if (free_[j] || !usable_[j]) continue;
      const double v = -g[j] * signs_[j - 1];
      if (v > best_v) {
        best_v = v;
        best = j;
      }
    }
    if (best < 0) return false;
    free_[best] = true;
    return true;
  }

  const vector_ref& y_;
  Eigen::VectorXd wt_;
  const std::vector<int>& signs_;
  const calibrator_options& opt_;
  const std::string& what_;
  Eigen::Index n_, F_;
  double W_ = 0;
  Eigen::VectorXd mean_, sd_, theta_;
  Eigen::MatrixXd z_;
  std::vector<bool> usable_, free_;
  fit_report rep_;
};

result<logistic_fit> fit_logistic_eigen(const matrix_ref& x, const vector_ref& y, const vector_ref& w,
                                        const std::vector<int>& signs, const std::vector<bool>& use,
                                        const calibrator_options& opt, const std::vector<std::string>& names,
                                        const std::string& what) {
  Eigen::VectorXd wt;
  if (auto ok = check_cases(x, y, w, signs, use, opt, names, what, wt); !ok) return std::move(ok).error();
  logistic_solver solver(x, y, std::move(wt), signs, use, opt, what);
  if (auto ok = solver.solve(); !ok) return std::move(ok).error();
  return solver.fit();
}

result<model_params> fit_warmth_eigen(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                      const Eigen::Ref<const Eigen::VectorXd>& w, model_params base,
                                      const calibrator_options& opt, fit_report* report) {
  const auto F = static_cast<Eigen::Index>(feature_count), FH = F + static_cast<Eigen::Index>(horizon_term_count);
  if (x.cols() != F && x.cols() != FH)
    return fail(errc::invalid_argument, "fit_warmth: expected " + std::to_string(feature_count) + " feature columns (or " +
                                            std::to_string(FH) + " with the horizon terms), got " + std::to_string(x.cols()));
  std::vector<int> signs;
  std::vector<bool> use;
  std::vector<std::string> names;
  for (std::size_t j = 0; j < feature_count; ++j) {
    signs.push_back(required_sign(static_cast<feature>(j)));
    use.push_back(opt.use[j]);
    names.push_back(std::string("feature ") + to_string(static_cast<feature>(j)));
  }
  for (const char* h : {"horizon term short", "horizon term long"}) {  // slopes >= 0: warmth non-decreasing in H
    signs.push_back(+1);
    use.push_back(true);
    names.emplace_back(h);
  }
  signs.resize(static_cast<std::size_t>(x.cols()));
  use.resize(static_cast<std::size_t>(x.cols()));
  names.resize(static_cast<std::size_t>(x.cols()));
  auto f = fit_logistic_eigen(x, y, w, signs, use, opt, names, "fit_warmth");
  if (!f) return std::move(f).error();
  model_params out = base;
  out.intercept = f->intercept;
  fit_report rep = f->report;
  for (std::size_t j = 0; j < feature_count; ++j) {
    out.beta[j] = f->beta[static_cast<Eigen::Index>(j)];
    out.reference[j] = f->mean[static_cast<Eigen::Index>(j)];
    rep.held_at_zero[j] = f->held_at_zero[j];
  }
  if (x.cols() == FH) {
    out.horizon_slope_short = f->beta[F];
    out.horizon_slope_long = f->beta[F + 1];
  }
  if (auto ok = out.validate(); !ok)
    return fail(errc::numerical_issue, "fit_warmth: fitted parameters are invalid: " + ok.error().message);
  if (report) *report = rep;
  return out;
}

result<model_params> fit_context_eigen(const Eigen::Ref<const Eigen::VectorXd>& pair_logit,
                                       const Eigen::Ref<const Eigen::MatrixXd>& context,
                                       const Eigen::Ref<const Eigen::VectorXd>& y, const Eigen::Ref<const Eigen::VectorXd>& w,
                                       model_params base, const calibrator_options& opt, context_fit_report* report) {
  const auto C = static_cast<Eigen::Index>(context_feature_count);
  if (context.cols() != C)
    return fail(errc::invalid_argument, "fit_context: expected " + std::to_string(context_feature_count) +
                                            " context columns, got " + std::to_string(context.cols()));
  if (pair_logit.size() != context.rows())
    return fail(errc::invalid_argument, "fit_context: pair_logit and context must have the same number of rows");
  Eigen::MatrixXd x(context.rows(), C + 1);
  x.col(0) = pair_logit;
  x.rightCols(C) = context;
  std::vector<int> signs{+1};
  std::vector<std::string> names{"the pair's logit"};
  for (std::size_t j = 0; j < context_feature_count; ++j) {
    const auto f = static_cast<feature>(feature_count + j);
    signs.push_back(required_sign(f));
    names.push_back(std::string("context feature ") + to_string(f));
  }
  auto f = fit_logistic_eigen(x, y, w, signs, {}, opt, names, "fit_context");
  if (!f) return std::move(f).error();
  model_params out = base;
  out.context_intercept = f->intercept;
  out.context_pair_weight = f->beta[0];
  context_fit_report rep;
  rep.newton_steps = f->report.newton_steps;
  rep.active_set_changes = f->report.active_set_changes;
  rep.loss = f->report.loss;
  rep.pair_weight_held_at_zero = f->held_at_zero[0];
  for (std::size_t j = 0; j < context_feature_count; ++j) {
    const auto col = static_cast<Eigen::Index>(j + 1);
    out.context_beta[j] = f->beta[col];
    out.context_reference[j] = f->mean[col];
    rep.held_at_zero[j] = f->held_at_zero[j + 1];
  }
  if (auto ok = out.validate(); !ok)
    return fail(errc::numerical_issue, "fit_context: fitted parameters are invalid: " + ok.error().message);
  if (report) *report = rep;
  return out;
}

}  // namespace

result<logistic_fit> fit_logistic(matrix_view x, vector_view y, vector_view w, const std::vector<int>& signs,
                                  const std::vector<bool>& use, const calibrator_options& opt,
                                  const std::vector<std::string>& names, const std::string& what) {
  return fit_logistic_eigen(eigen_of(x), eigen_of(y), eigen_of(w), signs, use, opt, names, what);
}

result<model_params> fit_warmth(matrix_view x, vector_view y, vector_view w, model_params base, const calibrator_options& opt,
                                fit_report* report) {
  return fit_warmth_eigen(eigen_of(x), eigen_of(y), eigen_of(w), std::move(base), opt, report);
}

result<model_params> fit_context(vector_view pair_logit, matrix_view context, vector_view y, vector_view w, model_params base,
                                 const calibrator_options& opt, context_fit_report* report) {
  return fit_context_eigen(eigen_of(pair_logit), eigen_of(context), eigen_of(y), eigen_of(w), std::move(base), opt, report);
}

result<void> fit_latency(const std::vector<double>& latencies_seconds, model_params& p) {
  if (latencies_seconds.size() < 2) return fail(errc::invalid_argument, "fit_latency: need at least two reply latencies");
  double s = 0, s2 = 0;
  for (std::size_t i = 0; i < latencies_seconds.size(); ++i) {
    const double v = latencies_seconds[i];
    if (!std::isfinite(v) || v < 0)
      return fail(errc::invalid_argument, "fit_latency: latency #" + std::to_string(i) + " is not finite and >= 0");
    const double l = std::log(std::fmax(v, 1.0));
    s += l;
    s2 += l * l;
  }
  const double n = static_cast<double>(latencies_seconds.size());
  const double mu = s / n, var = std::fmax(s2 / n - mu * mu, 0.0);
  if (!(var > 0)) return fail(errc::numerical_issue, "fit_latency: all latencies are equal");
  p.latency_log_mean = mu;
  p.latency_log_sd = std::sqrt(var * n / (n - 1));
  return {};
}

namespace {
// Cutoffs sorted, each valid and early enough for its label window to end inside the data.
result<void> check_cutoffs(const std::vector<history>& contacts, const std::vector<timestamp>& cutoffs, std::int64_t H) {
  std::int64_t data_end = 0;
  for (const auto& h : contacts)
    if (!h.empty()) data_end = std::max(data_end, h.items().back().at.seconds);
  for (std::size_t k = 0; k < cutoffs.size(); ++k) {
    if (!cutoffs[k].ok())
      return fail(errc::out_of_range, "calibrate: cutoff #" + std::to_string(k) + " is outside the valid time range");
    if (cutoffs[k].seconds + H > data_end)
      return fail(errc::out_of_range, "calibrate: cutoff " + format_utc(cutoffs[k]) +
                                          " + horizon is after the last interaction (" + format_utc({data_end}) +
                                          "): its labels would be incomplete");
  }
  return {};
}

// The Calibrator's cases: one row of features per contact and cutoff, its label and weight, and
// every reply latency seen before the last cutoff.
struct calibration_cases {
  std::vector<double> rows, labels, weights, latencies;
};

// Replays one contact's history over the cutoffs into `out`.
void add_cases(const history& h, const std::vector<timestamp>& cutoffs, std::int64_t H, const model& m,
               const calibrator_options& opt, calibration_cases& out) {
  const model_params& base = m.params();
  const double K = static_cast<double>(cutoffs.size());
  const auto& items = h.items();
  contact_state st;
  std::size_t next = 0;
  detail::tally t;
  double log_latency = 0;
  std::int64_t prev = 0;
  for (std::size_t k = 0; k < cutoffs.size(); ++k) {
    const std::int64_t T = cutoffs[k].seconds;
    for (; next < items.size() && items[next].at.seconds < T; ++next) {
      st.absorb_unchecked(items[next], m);
      // Reply latencies, one by one, with the same rules as the state.
      const std::uint16_t before = t.replies;
      const double sum_before = log_latency;
      detail::step(t, log_latency, items[next], prev, m.channels().spec(items[next].via), base);
      if (t.replies == before + 1) out.latencies.push_back(std::exp(log_latency - sum_before));  // all before the last cutoff
      prev = items[next].at.seconds;
    }
    if (st.empty()) continue;
    const feature_vector x = features_of(st.at(cutoffs[k], m), T, base);
    out.rows.insert(out.rows.end(), x.begin(), x.end());
    bool label = false;
    for (std::size_t j = next; j < items.size() && items[j].at.seconds <= T + H; ++j)
      if (items[j].at.seconds > T) {
        label = true;
        break;
      }
    out.labels.push_back(label ? 1 : 0);
    out.weights.push_back(K > 1 ? std::pow(opt.latest_cutoff_weight, static_cast<double>(k) / (K - 1)) : 1.0);
  }
}
}  // namespace

result<model_params> calibrate(const std::vector<history>& contacts, std::vector<timestamp> cutoffs, const model& m,
                               const calibrator_options& opt, fit_report* report) {
  const model_params& base = m.params();
  if (cutoffs.empty()) return fail(errc::invalid_argument, "calibrate: give at least one cutoff");
  if (!(opt.latest_cutoff_weight > 0) || !std::isfinite(opt.latest_cutoff_weight))
    return fail(errc::invalid_argument, "calibrate: latest_cutoff_weight must be finite and > 0");
  std::sort(cutoffs.begin(), cutoffs.end());
  const auto H = static_cast<std::int64_t>(base.horizon_days * static_cast<double>(seconds_per_day));
  if (auto ok = check_cutoffs(contacts, cutoffs, H); !ok) return std::move(ok).error();
  calibration_cases cases;
  for (const auto& h : contacts) add_cases(h, cutoffs, H, m, opt, cases);
  const auto n = static_cast<Eigen::Index>(cases.labels.size());
  if (n < 2) return fail(errc::invalid_argument, "calibrate: fewer than two cases (no contact has history before the cutoffs)");
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x(
      cases.rows.data(), n, static_cast<Eigen::Index>(feature_count));
  const Eigen::Map<const Eigen::VectorXd> y(cases.labels.data(), n), w(cases.weights.data(), n);
  auto p = fit_warmth_eigen(x, y, w, base, opt, report);
  if (!p) return p;
  if (cases.latencies.size() >= 10)
    if (auto ok = fit_latency(cases.latencies, *p); !ok) return std::move(ok).error();
  return p;
}

}  // namespace v1
}  // namespace rapport
