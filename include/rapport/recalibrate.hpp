#pragma once
/// `online_calibrator`: keeps warmth calibrated on a CRM's own, drifting data. Feed it each warmth
/// you showed once its label has matured (shown at T with horizon H: at T + H you know whether
/// contact happened); it maps raw warmth to calibrated warmth, monotonically (it never reorders
/// contacts), from a fixed 1.6 KB of state, forgetting old evidence at a documented rate.
///
///   auto cal = rapport::online_calibrator::create();                 // result<online_calibrator>
///   cal->observe(shown_score, contacted, shown_at + horizon);        // as each label matures
///   double shown = cal->calibrate(rapport::score(st, now).value());  // 0-100, calibrated
///   std::string blob = cal->serialize();                             // 1576 bytes, versioned, CRC-32
///
/// How: labels are pooled in 64 bins of the raw logit z (in [-8, 8]), each bin holding the decayed
/// weight, the decayed positives and the decayed sum of z. Every weight halves every
/// `half_life_days` of label time (the `matured` times fed), so a label a half-life older than
/// the newest counts half. The map is refitted on the bins after each label (warm-started, a few
/// Newton steps): by default Platt scaling p = logistic(a + b z) with b >= 0 (docs/MODEL.md
/// measures it against beta calibration and binned isotonic regression, also offered). A prior of
/// `prior_weight` pseudo-labels spread over the bins, each labelled by the raw warmth itself, holds
/// the map at the identity until real labels outweigh it, and keeps every fit finite.
/// Keep one calibrator per horizon you show (a week and a month drift differently).
/// Reads (`calibrate`, `serialize`) are const and thread-safe; `observe` needs exclusive access.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include <rapport/detail/bytes.hpp>
#include <rapport/model.hpp>
#include <rapport/result.hpp>
#include <rapport/time.hpp>

namespace rapport {
inline namespace v1 {

/// The map from raw to calibrated logit.
enum class calibration_method : std::uint8_t {
  platt,     ///< logistic(a + b z), b >= 0 (the default)
  beta,      ///< logistic(c + a ln p - b ln(1 - p)), a, b >= 0 (Kull et al. 2017)
  isotonic,  ///< pool-adjacent-violators over the bins, linear between bin centres (ties possible)
};
inline constexpr std::size_t calibration_method_count = 3;
constexpr const char* to_string(calibration_method m) noexcept {
  constexpr const char* names[calibration_method_count] = {"platt", "beta", "isotonic"};
  return static_cast<std::size_t>(m) < calibration_method_count ? names[static_cast<std::size_t>(m)] : "invalid";
}

struct online_calibrator_options {
  calibration_method method = calibration_method::platt;
  double half_life_days = 30;  ///< evidence weight halves every this many days of label time (0.01-36500)
  double prior_weight = 10;    ///< pseudo-labels at the identity (0.001-1e6)

  result<void> validate() const {
    if (static_cast<std::size_t>(method) >= calibration_method_count)
      return fail(errc::invalid_argument, "online_calibrator: unknown method " + std::to_string(static_cast<int>(method)));
    if (!(half_life_days >= 0.01 && half_life_days <= 36500))
      return fail(errc::invalid_argument, "online_calibrator: half_life_days must be finite and in [0.01, 36500]");
    if (!(prior_weight >= 0.001 && prior_weight <= 1e6))
      return fail(errc::invalid_argument, "online_calibrator: prior_weight must be finite and in [0.001, 1e6]");
    return {};
  }
};

class online_calibrator {
 public:
  static constexpr std::size_t bin_count = 64;
  static constexpr double min_logit = -8, max_logit = 8;  ///< the binned range; logits outside go to the end bins
  /// Magic "RPCL", version, method, half-life, prior, latest time, 3 x 64 bin fields, CRC-32.
  static constexpr std::size_t serialized_size = 4 + 4 + 4 + 8 + 8 + 8 + 3 * bin_count * 8 + 4;
  static constexpr std::uint32_t format_version = 1;

  static result<online_calibrator> create(const online_calibrator_options& opt = {}) {
    if (auto ok = opt.validate(); !ok) return std::move(ok).error();
    online_calibrator c;
    c.opt_ = opt;
    c.refit();
    return c;
  }

  /// One matured label: warmth `shown_score` (0-100, as shown) and whether contact happened within
  /// its horizon; `matured` is when that became known (shown time + horizon). Labels older than the
  /// newest one fed count as much as their age says. A bad score or time changes nothing.
  result<void> observe(double shown_score, bool contacted, timestamp matured) {
    const unsigned char c = contacted ? 1 : 0;
    return observe(&shown_score, &c, 1, matured);
  }

  /// A batch of `n` labels that matured at the same time (a nightly job's harvest): the map is
  /// refitted once. `contacted[i]` nonzero = contact happened. Everything is checked first: on an
  /// error (naming the first bad label) nothing is recorded.
  result<void> observe(const double* shown_scores, const unsigned char* contacted, std::size_t n, timestamp matured) {
    if (n > 0 && (shown_scores == nullptr || contacted == nullptr))
      return fail(errc::invalid_argument, "online_calibrator: null scores or labels");
    for (std::size_t i = 0; i < n; ++i)
      if (!(shown_scores[i] >= 0 && shown_scores[i] <= 100))
        return fail(errc::invalid_argument, "online_calibrator: shown score #" + std::to_string(i) +
                                                " must be finite and in [0, 100], got " + std::to_string(shown_scores[i]));
    if (!matured.ok())
      return fail(errc::out_of_range,
                  "online_calibrator: time " + std::to_string(matured.seconds) + " s is outside the valid range");
    double weight = 1;
    if (latest_ < 0 || matured.seconds >= latest_)
      decay_to(matured.seconds);
    else
      weight = std::exp2(-static_cast<double>(latest_ - matured.seconds) / half_life_seconds());
    for (std::size_t i = 0; i < n; ++i) {
      const double z = logit_of_score(shown_scores[i]);
      const std::size_t k = bin_of(z);
      w_[k] += weight;
      pos_[k] += contacted[i] ? weight : 0.0;
      zsum_[k] += weight * z;
    }
    refit();
    return {};
  }

  /// The calibrated score (0-100) of a raw score (0-100): non-decreasing in `raw_score`.
  double calibrate(double raw_score) const noexcept {
    const double z = logit_of_score(std::fmin(std::fmax(raw_score, 0.0), 100.0));
    if (opt_.method == calibration_method::isotonic) return 100 * isotonic_at(z);
    return 100 * logistic(map_logit(z));
  }

  /// The decayed weight of the labels held (as of the newest), without the prior.
  double evidence() const noexcept {
    double s = 0;
    for (double w : w_) s += w;
    return s;
  }
  /// The newest `matured` time fed; nothing fed: -1.
  std::int64_t latest() const noexcept { return latest_; }
  const online_calibrator_options& options() const noexcept { return opt_; }
  /// The fitted coefficients: Platt {a, b, 0}; beta {c, a, b}; isotonic: unused.
  const std::array<double, 3>& coefficients() const noexcept { return coef_; }

  /// A versioned, checksummed, little-endian byte string of exactly `serialized_size` bytes; the
  /// same calibrator always gives the same bytes.
  std::string serialize() const {
    std::string out(serialized_size, '\0');
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    std::memcpy(p, "RPCL", 4);
    detail::put32(p + 4, format_version);
    detail::put32(p + 8, static_cast<std::uint32_t>(opt_.method));
    detail::put64(p + 12, detail::bits_of(opt_.half_life_days));
    detail::put64(p + 20, detail::bits_of(opt_.prior_weight));
    detail::put64(p + 28, static_cast<std::uint64_t>(latest_));
    unsigned char* q = p + 36;
    for (const auto* a : {&w_, &pos_, &zsum_})
      for (double d : *a) {
        detail::put64(q, detail::bits_of(d));
        q += 8;
      }
    detail::put32(q, detail::crc32(p, serialized_size - 4));
    return out;
  }

  /// Reads `serialize()`'s output back (and refits, so the map is the one serialised). Wrong size,
  /// magic, version, checksum or values no sequence of labels could produce: `invalid_argument`.
  static result<online_calibrator> deserialize(const void* data, std::size_t size) {
    auto bad = [](const std::string& why) { return fail(errc::invalid_argument, "online calibrator blob: " + why); };
    if (data == nullptr) return bad("null data");
    if (size != serialized_size)
      return bad("expected " + std::to_string(serialized_size) + " bytes, got " + std::to_string(size));
    const auto* p = static_cast<const unsigned char*>(data);
    if (std::memcmp(p, "RPCL", 4) != 0) return bad("not a rapport online calibrator (bad magic)");
    if (detail::get32(p + 4) != format_version)
      return bad("format version " + std::to_string(detail::get32(p + 4)) + " is not supported (this build reads " +
                 std::to_string(format_version) + ")");
    if (detail::get32(p + serialized_size - 4) != detail::crc32(p, serialized_size - 4))
      return bad("checksum mismatch (corrupt data)");
    online_calibrator c;
    c.opt_.method = static_cast<calibration_method>(detail::get32(p + 8));
    c.opt_.half_life_days = detail::from_bits(detail::get64(p + 12));
    c.opt_.prior_weight = detail::from_bits(detail::get64(p + 20));
    if (auto ok = c.opt_.validate(); !ok) return bad(ok.error().message);
    c.latest_ = static_cast<std::int64_t>(detail::get64(p + 28));
    const unsigned char* q = p + 36;
    for (auto* a : {&c.w_, &c.pos_, &c.zsum_})
      for (double& d : *a) {
        d = detail::from_bits(detail::get64(q));
        q += 8;
      }
    if (const char* why = c.defect()) return bad(why);
    c.refit();
    return c;
  }

 private:
  using bins = std::array<double, bin_count>;

  double half_life_seconds() const noexcept { return opt_.half_life_days * seconds_per_day; }
  static double logit_of_score(double score) noexcept {
    const double p = std::fmin(std::fmax(score / 100, 1e-12), 1 - 1e-12);  // finite logits at 0 and 100
    return std::log(p / (1 - p));
  }
  static std::size_t bin_of(double z) noexcept {
    const double u = (z - min_logit) / (max_logit - min_logit) * static_cast<double>(bin_count);
    return static_cast<std::size_t>(std::fmin(std::fmax(u, 0.0), static_cast<double>(bin_count - 1)));
  }
  static double centre(std::size_t k) noexcept {
    return min_logit + (static_cast<double>(k) + 0.5) * (max_logit - min_logit) / static_cast<double>(bin_count);
  }

  void decay_to(std::int64_t t) noexcept {
    if (latest_ >= 0 && t > latest_) {
      const double f = std::exp2(-static_cast<double>(t - latest_) / half_life_seconds());
      for (std::size_t k = 0; k < bin_count; ++k) {
        w_[k] *= f;
        pos_[k] *= f;
        zsum_[k] *= f;
      }
    }
    latest_ = t;
  }

  // What no sequence of labels produces (a hand-edited blob that still has a valid checksum).
  const char* defect() const noexcept {
    if (latest_ < -1 || latest_ > timestamp::max().seconds) return "latest time out of range";
    for (std::size_t k = 0; k < bin_count; ++k) {
      if (!(w_[k] >= 0 && std::isfinite(w_[k]) && pos_[k] >= 0 && pos_[k] <= w_[k] * (1 + 1e-9) + 1e-300))
        return "a bin's weight or positives are negative, non-finite or inconsistent";
      if (!std::isfinite(zsum_[k]) || std::fabs(zsum_[k]) > w_[k] * 1e3 + 1e-300) return "a bin's logit sum is out of range";
    }
    return nullptr;
  }

  // The bins with the prior added: weight, positives and mean logit of each (prior at the centre).
  void pooled(bins& w, bins& pos, bins& z) const noexcept {
    const double pw = opt_.prior_weight / static_cast<double>(bin_count);
    for (std::size_t k = 0; k < bin_count; ++k) {
      const double c = centre(k);
      w[k] = w_[k] + pw;
      pos[k] = pos_[k] + pw * logistic(c);
      z[k] = (zsum_[k] + pw * c) / w[k];
    }
  }

  double map_logit(double z) const noexcept {
    if (opt_.method == calibration_method::platt) return coef_[0] + coef_[1] * z;
    const double ln_p = -softplus(-z), ln_q = -softplus(z);  // ln p, ln(1 - p)
    return coef_[0] + coef_[1] * ln_p - coef_[2] * ln_q;
  }
  static double softplus(double x) noexcept { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

  // The regressors of the logistic map at logit z (Platt: 1, z; beta: 1, ln p, -ln(1 - p)).
  std::array<double, 3> regressors(double z) const noexcept {
    if (opt_.method == calibration_method::platt) return {1, z, 0};
    return {1, -softplus(-z), softplus(z)};
  }

  void refit() noexcept {
    bins w, pos, z;
    pooled(w, pos, z);
    if (opt_.method == calibration_method::isotonic) return fit_isotonic(w, pos);
    if (coef_[1] == 0 && coef_[2] == 0 && coef_[0] == 0) coef_ = {0, 1, opt_.method == calibration_method::beta ? 1.0 : 0.0};
    fit_logistic_map(w, pos, z);
  }

  // Weighted log loss of the map with coefficients `c` on the pooled bins.
  double loss(const std::array<double, 3>& c, const bins& w, const bins& pos, const bins& z) const noexcept {
    double l = 0;
    for (std::size_t k = 0; k < bin_count; ++k) {
      const auto x = regressors(z[k]);
      const double e = c[0] * x[0] + c[1] * x[1] + c[2] * x[2];
      l += w[k] * softplus(e) - pos[k] * e;
    }
    return l;
  }

  // Projected Newton with backtracking: the slope coefficients (1 and 2) held >= 0, so the map is
  // monotone. Convex, and the prior keeps the Hessian positive definite.
  void fit_logistic_map(const bins& w, const bins& pos, const bins& z) noexcept {
    const std::size_t d = opt_.method == calibration_method::platt ? 2 : 3;
    double current = loss(coef_, w, pos, z);
    for (int it = 0; it < 30; ++it) {
      std::array<double, 3> g{}, step{};
      std::array<std::array<double, 3>, 3> h{};
      for (std::size_t k = 0; k < bin_count; ++k) {
        const auto x = regressors(z[k]);
        const double pk = logistic(coef_[0] * x[0] + coef_[1] * x[1] + coef_[2] * x[2]);
        for (std::size_t i = 0; i < d; ++i) {
          g[i] += (w[k] * pk - pos[k]) * x[i];
          for (std::size_t j = 0; j < d; ++j) h[i][j] += w[k] * pk * (1 - pk) * x[i] * x[j];
        }
      }
      if (!solve(h, g, step, d)) break;
      double t = 1, next = current;
      std::array<double, 3> trial = coef_;
      for (int half = 0; half < 30; ++half, t /= 2) {
        for (std::size_t i = 0; i < d; ++i) trial[i] = coef_[i] - t * step[i];
        for (std::size_t i = 1; i < d; ++i) trial[i] = std::fmax(trial[i], 0.0);
        next = loss(trial, w, pos, z);
        if (next <= current) break;
      }
      if (!(next <= current)) break;
      const bool done = std::fabs(trial[0] - coef_[0]) + std::fabs(trial[1] - coef_[1]) + std::fabs(trial[2] - coef_[2]) < 1e-10;
      coef_ = trial;
      current = next;
      if (done) break;
    }
  }

  // Solves h x = g (d <= 3) by Gaussian elimination with partial pivoting; false if singular.
  static bool solve(std::array<std::array<double, 3>, 3> h, std::array<double, 3> g, std::array<double, 3>& x,
                    std::size_t d) noexcept {
    for (std::size_t c = 0; c < d; ++c) {
      std::size_t piv = c;
      for (std::size_t r = c + 1; r < d; ++r)
        if (std::fabs(h[r][c]) > std::fabs(h[piv][c])) piv = r;
      if (!(std::fabs(h[piv][c]) > 1e-300)) return false;
      std::swap(h[c], h[piv]);
      std::swap(g[c], g[piv]);
      for (std::size_t r = c + 1; r < d; ++r) {
        const double f = h[r][c] / h[c][c];
        for (std::size_t k = c; k < d; ++k) h[r][k] -= f * h[c][k];
        g[r] -= f * g[c];
      }
    }
    for (std::size_t c = d; c-- > 0;) {
      double s = g[c];
      for (std::size_t k = c + 1; k < d; ++k) s -= h[c][k] * x[k];
      x[c] = s / h[c][c];
    }
    return true;
  }

  // Pool adjacent violators over the bins in logit order: iso_[k] the fitted rate of bin k.
  void fit_isotonic(const bins& w, const bins& pos) noexcept {
    std::array<double, bin_count> bw{}, bv{};
    std::array<std::size_t, bin_count> start{};
    std::size_t n = 0;
    for (std::size_t k = 0; k < bin_count; ++k) {
      bw[n] = w[k];
      bv[n] = pos[k] / w[k];
      start[n] = k;
      ++n;
      while (n > 1 && bv[n - 2] > bv[n - 1]) {
        const double tw = bw[n - 2] + bw[n - 1];
        bv[n - 2] = (bw[n - 2] * bv[n - 2] + bw[n - 1] * bv[n - 1]) / tw;
        bw[n - 2] = tw;
        --n;
      }
    }
    for (std::size_t b = 0; b < n; ++b)
      for (std::size_t k = start[b]; k < (b + 1 < n ? start[b + 1] : bin_count); ++k) iso_[k] = bv[b];
  }

  // Linear in z between bin centres, flat beyond the end centres: non-decreasing.
  double isotonic_at(double z) const noexcept {
    const double u = (z - min_logit) / (max_logit - min_logit) * static_cast<double>(bin_count) - 0.5;
    if (u <= 0) return iso_[0];
    if (u >= static_cast<double>(bin_count - 1)) return iso_[bin_count - 1];
    const auto k = static_cast<std::size_t>(u);
    const double f = u - static_cast<double>(k);
    return iso_[k] + f * (iso_[k + 1] - iso_[k]);
  }

  online_calibrator_options opt_;
  bins w_{}, pos_{}, zsum_{};  // decayed, as of latest_
  std::int64_t latest_ = -1;
  std::array<double, 3> coef_{};
  bins iso_{};
};

}  // namespace v1
}  // namespace rapport
