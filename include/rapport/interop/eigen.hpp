#pragma once
/// Opt-in adapter: the Calibrator's functions taking Eigen matrices and vectors as they are
/// (column-major, any strides; other layouts are copied by `Eigen::Ref`). Include it only where you
/// use Eigen yourself: <rapport/calibrate.hpp> does not, and rapport's own compiled code carries its
/// Eigen inside the library, so linking `rapport::rapport` does not need Eigen installed.
///
///   #include <rapport/interop/eigen.hpp>
///   Eigen::MatrixXd x = ...;  Eigen::VectorXd y = ...;
///   auto p = rapport::fit_warmth(x, y, Eigen::VectorXd(), rapport::model_params::defaults());

#include <Eigen/Core>

#include <rapport/calibrate.hpp>

namespace rapport {
inline namespace v1 {

/// A view of `m`'s memory; valid while `m` lives.
inline matrix_view view_of(const Eigen::Ref<const Eigen::MatrixXd>& m) noexcept {
  return {m.data(), static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols()), m.innerStride(), m.outerStride()};
}
/// A view of `v`'s memory; valid while `v` lives.
inline vector_view view_of(const Eigen::Ref<const Eigen::VectorXd>& v) noexcept {
  return {v.data(), static_cast<std::size_t>(v.size()), v.innerStride()};
}

/// `fit_logistic` on Eigen arguments.
inline result<logistic_fit> fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                         const Eigen::Ref<const Eigen::VectorXd>& w, const std::vector<int>& signs,
                                         const std::vector<bool>& use, const calibrator_options& opt,
                                         const std::vector<std::string>& names = {}, const std::string& what = "fit_logistic") {
  return fit_logistic(view_of(x), view_of(y), view_of(w), signs, use, opt, names, what);
}

/// `fit_warmth` on Eigen arguments.
inline result<model_params> fit_warmth(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                       const Eigen::Ref<const Eigen::VectorXd>& w, model_params base,
                                       const calibrator_options& opt = {}, fit_report* report = nullptr) {
  return fit_warmth(view_of(x), view_of(y), view_of(w), std::move(base), opt, report);
}

/// `fit_context` on Eigen arguments.
inline result<model_params> fit_context(const Eigen::Ref<const Eigen::VectorXd>& pair_logit,
                                        const Eigen::Ref<const Eigen::MatrixXd>& context,
                                        const Eigen::Ref<const Eigen::VectorXd>& y, const Eigen::Ref<const Eigen::VectorXd>& w,
                                        model_params base, const calibrator_options& opt = {},
                                        context_fit_report* report = nullptr) {
  return fit_context(view_of(pair_logit), view_of(context), view_of(y), view_of(w), std::move(base), opt, report);
}

}  // namespace v1
}  // namespace rapport
