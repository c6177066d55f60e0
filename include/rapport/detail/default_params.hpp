#pragma once
// PLACEHOLDER until tools/fit_defaults runs.
#include <rapport/model.hpp>
namespace rapport {
inline namespace v1 {
inline model_params model_params::defaults() noexcept {
  model_params p;
  p.intercept = 0;
  p.beta = {-0.5, -0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.5, -0.2, -0.3, 0.1, 0.1};
  return p;
}
}  // namespace v1
}  // namespace rapport
