#pragma once
// The decay factors of the batch engine's rescan: 2^(-age / half-life) for whole-second ages,
// read from tables instead of computed by std::exp2 (the largest cost of a row in profiles).

#include <array>
#include <cmath>
#include <cstdint>

#include <rapport/model.hpp>

namespace rapport {
inline namespace v1 {
namespace detail {

/// 2^(-age * inv) for any age in 0..2^32-1 seconds, as the product of four entries, one per byte
/// of the age: four loads and three multiplies where std::exp2 costs tens of cycles. Each entry is
/// std::exp2 of its byte's share of the exponent, so the product is within a few ulp of
/// std::exp2(-age * inv) (products of values <= 1 cannot underflow before the true result does).
/// 8 KiB; filled in 1,024 std::exp2 calls.
class decay_table {
 public:
  explicit decay_table(double inv) noexcept {
    for (std::size_t k = 0; k < 4; ++k)
      for (std::size_t b = 0; b < 256; ++b)
        f_[256 * k + b] = std::exp2(-static_cast<double>(b) * std::ldexp(1.0, static_cast<int>(8 * k)) * inv);
  }
  double operator()(std::uint32_t age) const noexcept {
    return (f_[age & 255u] * f_[256 + ((age >> 8) & 255u)]) * (f_[512 + ((age >> 16) & 255u)] * f_[768 + (age >> 24)]);
  }

 private:
  std::array<double, 1024> f_;
};

/// The model's two half-lives' tables.
struct decay_tables {
  decay_table short_half_life, long_half_life;
  explicit decay_tables(const model& m) noexcept
      : short_half_life(m.inv_half_life_short_s()), long_half_life(m.inv_half_life_long_s()) {}
};

}  // namespace detail
}  // namespace v1
}  // namespace rapport
