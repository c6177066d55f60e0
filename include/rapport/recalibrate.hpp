#pragma once
/// `online_calibrator`: keeps warmth calibrated on a CRM's own, drifting data. Feed it each warmth
/// you showed once its label has matured (shown at T with horizon H: at T + H you know whether
/// contact happened); it maps raw warmth to calibrated warmth, monotonically (it never reorders
/// contacts), from a fixed 4.6 KB of state (`serialized_size`), forgetting old evidence at a documented rate.
///
///   auto cal = rapport::online_calibrator::create();                 // result<online_calibrator>
///   cal->observe(shown_score, contacted, shown_at + 30 days);         // as each label matures
///   cal->observe(shown_score, contacted_within_7d, shown_at + 7 days, 7);  // earlier: a shorter label
///   double shown = cal->calibrate(rapport::score(st, now).value());  // 0-100, calibrated
///   std::string blob = cal->serialize();                             // versioned, CRC-32
///
/// Why shorter labels: a label of the full horizon H is known only H after the warmth was shown,
/// so it describes the network as it was at least H ago; whether contact happened within H/2,
/// H/4, ... of a warmth shown more recently is known sooner. The calibrator takes those too and
/// learns how the odds shrink with the label's horizon (a term c ln(h / H), c >= 0, that is 0 at
/// h = H), so the freshest evidence moves the map at H. Label horizons are rounded to the nearest
/// H / 2^j, j = 0..5.
///
/// How: labels are pooled in 16 bins of the raw logit z (in [-8, 8]) per label horizon, each
/// holding the decayed weight, the decayed positives and the decayed sum of z, in two memories.
/// In the fast one every weight halves every `half_life_days` of label time (the `matured` times
/// fed; by default one horizon), so a label a half-life older than the newest counts half; it
/// fits the map. The slow one forgets `slow_factor` (8) times more slowly and fits only the
/// horizon term c, a property of the network: over a long memory, labels of every horizon shown
/// at the same times sit side by side and the drift between them cancels (in the fast memory the
/// full-horizon labels are always the older ones, and c would soak up the drift). The map is
/// refitted after each label or batch (a few Newton steps from the identity, so it is a function
/// of the bins alone): by default beta calibration, p = logistic(c + a ln p0 - b ln(1 - p0)) of the
/// raw probability p0 with a, b >= 0 (docs/MODEL.md measures it against Platt scaling and binned
/// isotonic regression, also offered; isotonic uses the full-horizon labels only). A prior of `prior_weight` pseudo-labels of the full
/// horizon spread over the bins, each labelled by the raw warmth itself, holds the map at the
/// identity until real labels outweigh it, and keeps every fit finite. Keep one calibrator per
/// horizon you show.
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
  platt,     ///< logistic(a + b z), b >= 0
  beta,      ///< logistic(c + a ln p - b ln(1 - p)), a, b >= 0 (Kull et al. 2017; the default)
  isotonic,  ///< pool-adjacent-violators over the bins, linear between bin centres (ties possible)
};
inline constexpr std::size_t calibration_method_count = 3;
constexpr const char* to_string(calibration_method m) noexcept {
  constexpr const char* names[calibration_method_count] = {"platt", "beta", "isotonic"};
  return static_cast<std::size_t>(m) < calibration_method_count ? names[static_cast<std::size_t>(m)] : "invalid";
}

struct online_calibrator_options {
  calibration_method method = calibration_method::beta;
  double horizon_days = 30;  ///< the horizon of the warmth it maps (1/24-365 days); labels are within this or shorter
  /// Evidence weight halves every this many days of label time (0.01-36500); 0 (the default): the
  /// horizon itself, so a label one horizon older than the newest counts half whatever the scale.
  double half_life_days = 0;
  double prior_weight = 10;  ///< pseudo-labels at the identity (0.001-1e6)
  /// Learn how the odds of a shorter label shrink (the term c ln(h / H)). Off: a shorter label's
  /// shown score must already be the warmth at its own horizon (`score(..., h)`), and one map
  /// serves every horizon.
  bool learn_horizon_term = true;

  result<void> validate() const {
    if (static_cast<std::size_t>(method) >= calibration_method_count)
      return fail(errc::invalid_argument, "online_calibrator: unknown method " + std::to_string(static_cast<int>(method)));
    if (!(horizon_days >= 1.0 / 24 && horizon_days <= 365))
      return fail(errc::invalid_argument, "online_calibrator: horizon_days must be finite and in [1/24, 365]");
    if (!(half_life_days == 0 || (half_life_days >= 0.01 && half_life_days <= 36500)))
      return fail(errc::invalid_argument,
                  "online_calibrator: half_life_days must be 0 (the horizon) or finite and in [0.01, 36500]");
    if (!(prior_weight >= 0.001 && prior_weight <= 1e6))
      return fail(errc::invalid_argument, "online_calibrator: prior_weight must be finite and in [0.001, 1e6]");
    return {};
  }
};

class online_calibrator {
 public:
  static constexpr std::size_t bin_count = 16;            ///< bins of the raw logit (one logit wide)
  static constexpr std::size_t horizon_levels = 6;        ///< label horizons H, H/2, ..., H/32
  static constexpr double min_logit = -8, max_logit = 8;  ///< the binned range; logits outside go to the end bins
  /// Magic "RPCL", version, method, horizon, half-life, prior, latest time, 3 fields per cell, CRC-32.
  static constexpr std::size_t serialized_size = 4 + 4 + 4 + 8 + 8 + 8 + 8 + 2 * 3 * horizon_levels * bin_count * 8 + 4;
  /// The slow memory (the horizon term's) forgets this many times more slowly than the map's.
  static constexpr double slow_factor = 8;
  static constexpr std::uint32_t format_version = 1;

  static result<online_calibrator> create(const online_calibrator_options& opt = {}) {
    if (auto ok = opt.validate(); !ok) return std::move(ok).error();
    online_calibrator c;
    c.opt_ = opt;
    c.refit();
    return c;
  }

  /// One matured label: warmth `shown_score` (0-100, as shown, at this calibrator's horizon) and
  /// whether contact happened within `within_days` of showing it (0: the full horizon; else in
  /// (0, horizon_days], rounded to the nearest horizon / 2^j); `matured` is when that became known.
  /// Labels older than the newest one fed count as much as their age says. On an error nothing
  /// is recorded.
  result<void> observe(double shown_score, bool contacted, timestamp matured, double within_days = 0) {
    const unsigned char c = contacted ? 1 : 0;
    return observe(&shown_score, &c, 1, matured, within_days);
  }

  /// A batch of `n` labels that matured at the same time with the same label horizon (a nightly
  /// job's harvest): the map is refitted once. `contacted[i]` nonzero = contact happened.
  result<void> observe(const double* shown_scores, const unsigned char* contacted, std::size_t n, timestamp matured,
                       double within_days = 0) {
    if (auto ok = check_batch(shown_scores, contacted, n, matured, within_days); !ok) return ok;
    double weight = 1;
    if (latest_ < 0 || matured.seconds >= latest_)
      decay_to(matured.seconds);
    else
      weight = std::exp2(-static_cast<double>(latest_ - matured.seconds) / half_life_seconds());
    const std::size_t level = level_of(within_days);
    for (std::size_t i = 0; i < n; ++i) {
      const double z = logit_of_score(shown_scores[i]);
      const std::size_t k = cell(level, bin_of(z));
      for (auto [m, wt] : {std::pair<memory*, double>{&fast_, weight}, {&slow_, std::pow(weight, 1 / slow_factor)}}) {
        m->w[k] += wt;
        m->pos[k] += contacted[i] ? wt : 0.0;
        m->zsum[k] += wt * z;
      }
    }
    refit();
    return {};
  }

  /// The calibrated score (0-100) of a raw score (0-100): non-decreasing in `raw_score`.
  double calibrate(double raw_score) const noexcept {
    const double z = logit_of_score(std::fmin(std::fmax(raw_score, 0.0), 100.0));
    if (opt_.method == calibration_method::isotonic) return 100 * isotonic_at(z);
    const auto x = regressors(z, 0);
    return 100 * logistic(coef_[0] * x[0] + coef_[1] * x[1] + coef_[2] * x[2]);
  }

  /// The decayed weight of the labels held (as of the newest), without the prior.
  double evidence() const noexcept {
    double s = 0;
    for (double w : fast_.w) s += w;
    return s;
  }
  /// The newest `matured` time fed; nothing fed: -1.
  std::int64_t latest() const noexcept { return latest_; }
  const online_calibrator_options& options() const noexcept { return opt_; }
  /// The fitted coefficients: Platt {a, b, 0, c}; beta {c0, a, b, c}; c the label-horizon term.
  const std::array<double, 4>& coefficients() const noexcept { return coef_; }

  /// A versioned, checksummed, little-endian byte string of exactly `serialized_size` bytes; the
  /// same calibrator always gives the same bytes.
  std::string serialize() const {
    std::string out(serialized_size, '\0');
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    std::memcpy(p, "RPCL", 4);
    detail::put32(p + 4, format_version);
    detail::put32(p + 8, static_cast<std::uint32_t>(opt_.method));
    unsigned char* q = p + 12;
    for (double d : {opt_.horizon_days, opt_.half_life_days, opt_.prior_weight}) {
      detail::put64(q, detail::bits_of(d));
      q += 8;
    }
    detail::put64(q, static_cast<std::uint64_t>(latest_));
    q += 8;
    for (const auto* a : {&fast_.w, &fast_.pos, &fast_.zsum, &slow_.w, &slow_.pos, &slow_.zsum})
      for (double d : *a) {
        detail::put64(q, detail::bits_of(d));
        q += 8;
      }
    detail::put32(q, detail::crc32(p, serialized_size - 4));
    return out;
  }

  /// Reads `serialize()`'s output back (and refits: the map is a function of the bins). Wrong size,
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
    const unsigned char* q = p + 12;
    for (double* d : {&c.opt_.horizon_days, &c.opt_.half_life_days, &c.opt_.prior_weight}) {
      *d = detail::from_bits(detail::get64(q));
      q += 8;
    }
    if (auto ok = c.opt_.validate(); !ok) return bad(ok.error().message);
    c.latest_ = static_cast<std::int64_t>(detail::get64(q));
    q += 8;
    for (auto* a : {&c.fast_.w, &c.fast_.pos, &c.fast_.zsum, &c.slow_.w, &c.slow_.pos, &c.slow_.zsum})
      for (double& d : *a) {
        d = detail::from_bits(detail::get64(q));
        q += 8;
      }
    if (const char* why = c.defect()) return bad(why);
    c.refit();
    return c;
  }

 private:
  static constexpr std::size_t cell_count = horizon_levels * bin_count;
  using cells = std::array<double, cell_count>;
  using vec = std::array<double, 4>;
  struct memory {
    cells w{}, pos{}, zsum{};  // decayed, as of latest_; cell = level * bin_count + bin
  };

  result<void> check_batch(const double* scores, const unsigned char* contacted, std::size_t n, timestamp matured,
                           double within_days) const {
    auto bad = [](errc e, const std::string& why) { return fail(e, "online_calibrator: " + why); };
    if (n > 0 && (scores == nullptr || contacted == nullptr)) return bad(errc::invalid_argument, "null scores or labels");
    for (std::size_t i = 0; i < n; ++i)
      if (!(scores[i] >= 0 && scores[i] <= 100))
        return bad(errc::invalid_argument,
                   "shown score #" + std::to_string(i) + " must be finite and in [0, 100], got " + std::to_string(scores[i]));
    if (!matured.ok())
      return bad(errc::out_of_range, "time " + std::to_string(matured.seconds) + " s is outside the valid range");
    if (!(within_days == 0 || (within_days > 0 && within_days <= opt_.horizon_days)))
      return bad(errc::invalid_argument, "within_days must be 0 (the full horizon) or in (0, " +
                                             std::to_string(opt_.horizon_days) + "], got " + std::to_string(within_days));
    return {};
  }

  double half_life_seconds() const noexcept {
    return (opt_.half_life_days > 0 ? opt_.half_life_days : opt_.horizon_days) * seconds_per_day;
  }
  // The label horizon's level j: within_days nearest to horizon / 2^j (in log terms), j <= 5.
  std::size_t level_of(double within_days) const noexcept {
    if (within_days == 0) return 0;
    const double j = std::round(std::log2(opt_.horizon_days / within_days));
    return static_cast<std::size_t>(std::fmin(std::fmax(j, 0.0), static_cast<double>(horizon_levels - 1)));
  }
  static std::size_t cell(std::size_t level, std::size_t bin) noexcept { return level * bin_count + bin; }
  static double logit_of_score(double score) noexcept {
    const double p = std::fmin(std::fmax(score / 100, 1e-12), 1 - 1e-12);  // finite logits at 0 and 100
    return std::log(p / (1 - p));
  }
  static std::size_t bin_of(double z) noexcept {
    const double u = (z - min_logit) / (max_logit - min_logit) * static_cast<double>(bin_count);
    return static_cast<std::size_t>(std::fmin(std::fmax(u, 0.0), static_cast<double>(bin_count - 1)));
  }
  static double centre(std::size_t bin) noexcept {
    return min_logit + (static_cast<double>(bin) + 0.5) * (max_logit - min_logit) / static_cast<double>(bin_count);
  }
  static double softplus(double x) noexcept { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

  void decay_to(std::int64_t t) noexcept {
    if (latest_ >= 0 && t > latest_) {
      const double f = std::exp2(-static_cast<double>(t - latest_) / half_life_seconds());
      for (auto [m, fk] : {std::pair<memory*, double>{&fast_, f}, {&slow_, std::pow(f, 1 / slow_factor)}})
        for (std::size_t k = 0; k < cell_count; ++k) {
          m->w[k] *= fk;
          m->pos[k] *= fk;
          m->zsum[k] *= fk;
        }
    }
    latest_ = t;
  }

  // What no sequence of labels produces (a hand-edited blob that still has a valid checksum).
  const char* defect() const noexcept {
    if (latest_ < -1 || latest_ > timestamp::max().seconds) return "latest time out of range";
    for (const memory* m : {&fast_, &slow_})
      for (std::size_t k = 0; k < cell_count; ++k) {
        if (!(m->w[k] >= 0 && std::isfinite(m->w[k]) && m->pos[k] >= 0 && m->pos[k] <= m->w[k] * (1 + 1e-9) + 1e-300))
          return "a bin's weight or positives are negative, non-finite or inconsistent";
        if (!std::isfinite(m->zsum[k]) || std::fabs(m->zsum[k]) > m->w[k] * 1e3 + 1e-300)
          return "a bin's logit sum is out of range";
      }
    return nullptr;
  }

  // The cells with the prior added (full-horizon pseudo-labels at each bin's centre): weight,
  // positives and mean logit of each.
  void pooled(const memory& m, cells& w, cells& pos, cells& z) const noexcept {
    const double pw = opt_.prior_weight / static_cast<double>(bin_count);
    for (std::size_t k = 0; k < cell_count; ++k) {
      const double c = centre(k % bin_count), prior = k < bin_count ? pw : 0.0;
      w[k] = m.w[k] + prior;
      pos[k] = m.pos[k] + prior * logistic(c);
      z[k] = w[k] > 0 ? (m.zsum[k] + prior * c) / w[k] : c;
    }
  }

  // The regressors at logit z and label level j: Platt {1, z, 0, u}; beta {1, ln p, -ln(1 - p), u};
  // u = ln(h / H) = -j ln 2.
  vec regressors(double z, std::size_t level) const noexcept {
    const double u = opt_.learn_horizon_term ? -static_cast<double>(level) * 0.69314718055994531 : 0.0;
    if (opt_.method == calibration_method::platt) return {1, z, 0, u};
    return {1, -softplus(-z), softplus(z), u};
  }

  void refit() noexcept {
    cells w, pos, z;
    const vec identity{0, 1, opt_.method == calibration_method::beta ? 1.0 : 0.0, 0};
    double c = 0;
    if (opt_.learn_horizon_term && opt_.method != calibration_method::isotonic) {  // c from the slow memory
      pooled(slow_, w, pos, z);
      coef_ = identity;
      fit_logistic_map(w, pos, z, false);
      c = coef_[3];
    }
    pooled(fast_, w, pos, z);
    if (opt_.method == calibration_method::isotonic) return fit_isotonic(w, pos);
    // From the identity every time: the map is a function of the bins alone (a deserialised copy
    // maps exactly as the original).
    coef_ = identity;
    coef_[3] = c;
    fit_logistic_map(w, pos, z, true);
  }

  // Weighted log loss of the map with coefficients `c` on the pooled cells.
  double loss(const vec& c, const cells& w, const cells& pos, const cells& z) const noexcept {
    double l = 0;
    for (std::size_t k = 0; k < cell_count; ++k) {
      if (w[k] == 0) continue;
      const auto x = regressors(z[k], k / bin_count);
      const double e = c[0] * x[0] + c[1] * x[1] + c[2] * x[2] + c[3] * x[3];
      l += w[k] * softplus(e) - pos[k] * e;
    }
    return l;
  }

  // Gradient and Hessian of `loss` at coef_.
  void derivatives(const cells& w, const cells& pos, const cells& z, vec& g, std::array<vec, 4>& h, bool hold_c) const noexcept {
    g = {};
    h = {};
    for (std::size_t k = 0; k < cell_count; ++k) {
      if (w[k] == 0) continue;
      const auto x = regressors(z[k], k / bin_count);
      const double pk = logistic(coef_[0] * x[0] + coef_[1] * x[1] + coef_[2] * x[2] + coef_[3] * x[3]);
      for (std::size_t i = 0; i < 4; ++i) {
        g[i] += (w[k] * pk - pos[k]) * x[i];
        for (std::size_t j = 0; j < 4; ++j) h[i][j] += w[k] * pk * (1 - pk) * x[i] * x[j];
      }
    }
    // Unused or unidentified directions (Platt's third regressor; the horizon term without
    // shorter labels) get a tiny ridge: their gradient is 0, so they stay where they are.
    for (std::size_t i = 0; i < 4; ++i) h[i][i] += 1e-9;
    if (hold_c) {  // the horizon term stays as given
      g[3] = 0;
      for (std::size_t i = 0; i < 4; ++i) h[i][3] = h[3][i] = i == 3 ? 1.0 : 0.0;
    }
  }

  // Projected Newton with backtracking: the slopes (coefficients 1-3) held >= 0, so the map is
  // monotone in the raw warmth and in the label horizon. Convex; the prior keeps it finite.
  void fit_logistic_map(const cells& w, const cells& pos, const cells& z, bool hold_c) noexcept {
    double current = loss(coef_, w, pos, z);
    for (int it = 0; it < 50; ++it) {
      vec g, step{};
      std::array<vec, 4> h;
      derivatives(w, pos, z, g, h, hold_c);
      if (!solve(h, g, step)) break;
      double t = 1, next = current;
      vec trial = coef_;
      for (int half = 0; half < 30; ++half, t /= 2) {
        for (std::size_t i = 0; i < 4; ++i) trial[i] = coef_[i] - t * step[i];
        for (std::size_t i = 1; i < 4; ++i) trial[i] = std::fmax(trial[i], 0.0);
        next = loss(trial, w, pos, z);
        if (next <= current) break;
      }
      if (!(next <= current)) break;
      double moved = 0;
      for (std::size_t i = 0; i < 4; ++i) moved += std::fabs(trial[i] - coef_[i]);
      coef_ = trial;
      current = next;
      if (moved < 1e-10) break;
    }
  }

  // Solves h x = g by Gaussian elimination with partial pivoting; false if singular.
  static bool solve(std::array<vec, 4> h, vec g, vec& x) noexcept {
    constexpr std::size_t d = 4;
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

  // Pool adjacent violators over the full-horizon bins in logit order: iso_[k] the fitted rate.
  void fit_isotonic(const cells& w, const cells& pos) noexcept {
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
  // Two memories of the same labels: `fast_` decays at the half-life (the map's a and b), `slow_` at
  // slow_factor half-lives (the horizon term c: a property of the network, estimated over labels
  // of every horizon shown at the same times, where the drift between them cancels).
  memory fast_, slow_;
  std::int64_t latest_ = -1;
  vec coef_{};
  std::array<double, bin_count> iso_{};
};

}  // namespace v1
}  // namespace rapport
