#pragma once
/// The warmth model: its features, its parameters, and the `model` that pairs parameters with a
/// channel table. Warmth = 100 * logistic(intercept + sum_i beta_i * x_i + horizon term), the
/// probability (in %) that the pair is in contact, in either direction, within H days of the scoring
/// time; H is `horizon_days` unless the caller asks another (1-365 days, see `horizon_terms`).
/// docs/MODEL.md explains each feature; tools/fit_defaults fits the shipped parameters.

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include <rapport/interaction.hpp>

namespace rapport {
inline namespace v1 {

/// The model's inputs, each computed in one pass over a history (or read off a `contact_state`).
enum class feature : std::uint8_t {
  recency,               ///< log(1 + days since the last interaction)
  inbound_recency,       ///< log(1 + days since they last reached out), capped; the cap if never
  engagement_in_short,   ///< log(1 + their decayed engagement, short half-life)
  engagement_in_long,    ///< log(1 + their decayed engagement, long half-life)
  engagement_out_short,  ///< log(1 + our decayed engagement, short half-life)
  engagement_out_long,   ///< log(1 + our decayed engagement, long half-life)
  reciprocity,           ///< (theirs - ours) / (theirs + ours) of long-run engagement, in [-1, 1]
  responsiveness,        ///< (answered + 1) / (outreach + 2): share of our outreach they answered
  unanswered,            ///< log(1 + our current run of unanswered outbound interactions)
  silence,               ///< days since last / the pair's typical gap between conversations, capped at 20
  tenure,                ///< log(1 + days from the first to the last interaction)
  volume,                ///< log(1 + number of conversations); a conversation = interactions < 1 h apart
  // Network context, used only when the caller passes a `network_context` (see below).
  owner_activity,    ///< log(1 + our interactions with anyone in the last 30 days)
  contact_activity,  ///< log(1 + the contact's interactions with anyone in the last 30 days)
  owner_idle,        ///< log(1 + days since our last interaction with anyone)
  contact_idle,      ///< log(1 + days since the contact's last interaction with anyone)
};
/// The pair's own features (the first 12 of `feature`), computed from a history or a state.
inline constexpr std::size_t feature_count = 12;
/// The network-context features (the last 4 of `feature`), computed from a `network_context`.
inline constexpr std::size_t context_feature_count = 4;
using feature_vector = std::array<double, feature_count>;

using context_vector = std::array<double, context_feature_count>;

constexpr const char* to_string(feature f) noexcept {
  constexpr const char* names[feature_count + context_feature_count] = {"recency",
                                                                        "inbound_recency",
                                                                        "engagement_in_short",
                                                                        "engagement_in_long",
                                                                        "engagement_out_short",
                                                                        "engagement_out_long",
                                                                        "reciprocity",
                                                                        "responsiveness",
                                                                        "unanswered",
                                                                        "silence",
                                                                        "tenure",
                                                                        "volume",
                                                                        "owner_activity",
                                                                        "contact_activity",
                                                                        "owner_idle",
                                                                        "contact_idle"};
  return static_cast<std::size_t>(f) < feature_count + context_feature_count ? names[static_cast<std::size_t>(f)] : "invalid";
}

/// The sign each coefficient is held to (+1: >= 0, -1: <= 0). These signs are what make the
/// documented guarantees hold for every fitted model: silence never raises warmth (recency,
/// inbound_recency, silence <= 0; engagement >= 0) and a reply never lowers it.
constexpr int required_sign(feature f) noexcept {
  switch (f) {
    case feature::recency:
    case feature::inbound_recency:
    case feature::unanswered:
    case feature::silence:
    case feature::owner_idle:
    case feature::contact_idle: return -1;
    default: return +1;
  }
}

/// Warmth bands on the 0-100 score.
enum class band : std::uint8_t { cold, cooling, warm, hot };
constexpr const char* to_string(band b) noexcept {
  switch (b) {
    case band::cold: return "cold";
    case band::cooling: return "cooling";
    case band::warm: return "warm";
    case band::hot: return "hot";
  }
  return "invalid";
}

/// Where the relationship stands (see docs/MODEL.md for the exact rules, applied in this order:
/// committed, dormant, awaiting_reply, new, established, ice_broken).
enum class stage : std::uint8_t { new_contact, ice_broken, established, awaiting_reply, committed, dormant };
constexpr const char* to_string(stage s) noexcept {
  switch (s) {
    case stage::new_contact: return "new";
    case stage::ice_broken: return "ice broken";
    case stage::established: return "established";
    case stage::awaiting_reply: return "awaiting reply";
    case stage::committed: return "committed";
    case stage::dormant: return "dormant";
  }
  return "invalid";
}

/// Every number the model uses. `model_params::defaults()` is the shipped fit; a value-initialised
/// `model_params{}` has all coefficients 0 (every contact scores 50): start from `defaults()`.
struct model_params {
  double horizon_days = 30;  ///< warmth = P(contact within this many days)
  double half_life_short_days = 14;
  double half_life_long_days = 180;
  double session_gap_seconds = 3600;  ///< interactions closer than this form one conversation
  double reply_window_days = 14;      ///< an answer later than this does not count as answering
  double prior_gap_days = 14;         ///< typical gap assumed until a second conversation
  double inbound_recency_cap_days = 365;
  double dormant_gap_multiple = 8;  ///< dormant when silent this many typical gaps ...
  double dormant_min_days = 90;     ///< ... and at least this long
  /// Reply latency (seconds) is log-normal; each contact's log-mean is shrunk toward the
  /// population's with the weight of `latency_prior_weight` replies.
  double latency_log_mean = 9.9;
  double latency_log_sd = 2.0;
  double latency_prior_weight = 3;
  double band_cooling = 15, band_warm = 40, band_hot = 70;  ///< score thresholds of the bands
  double intercept = 0;
  feature_vector beta{};
  feature_vector reference{};  ///< a typical case; contributions are beta * (x - reference)
  /// Second stage, applied only when the caller passes a `network_context`:
  /// logit = context_intercept + context_pair_weight * (the pair's logit) + sum_j context_beta_j * c_j.
  /// Without context the pair's logit is used as it is, so callers who know nothing of the rest of
  /// the network lose nothing. The identity (0, 1, zeros) turns the stage off.
  double context_intercept = 0;
  double context_pair_weight = 1;
  context_vector context_beta{};
  context_vector context_reference{};
  /// Warmth at another horizon H than `horizon_days` (H0): the pair's logit gains
  /// horizon_slope_short * min(ln(H / H0), 0) + horizon_slope_long * max(ln(H / H0), 0), odds
  /// proportional to a power of the horizon on each side of H0. Both slopes >= 0 make warmth
  /// non-decreasing in H for every contact; 0 and 0 make it the same at every horizon.
  double horizon_slope_short = 0;
  double horizon_slope_long = 0;

  /// The parameters fitted on the shared public logs (see docs/MODEL.md for data and command).
  static model_params defaults() noexcept;

  /// Largest accepted values (see `validate`). Each range is far wider than any fitted or sensible
  /// model, and narrow enough that no computation on valid inputs overflows or gives NaN: every day
  /// count fits the timestamp range, every feature is bounded (at most ~40 for the log features,
  /// 20 for silence), so |logit| stays far below 1e308 and every window date fits an int64.
  static constexpr double max_days = 36500;                 ///< horizon, half-lives, gaps, caps: 100 years
  static constexpr double min_half_life_days = 1.0 / 1440;  ///< one minute
  static constexpr double max_session_gap_seconds = 365.0 * 86400;
  static constexpr double max_dormant_gap_multiple = 1000;
  static constexpr double max_abs_latency_log_mean = 50;  ///< e^50 s is far beyond any reply
  static constexpr double max_latency_log_sd = 20;
  static constexpr double max_latency_prior_weight = 1e6;
  static constexpr double max_abs_coefficient = 1e3;  ///< intercepts, betas, context_pair_weight
  static constexpr double max_abs_reference = 1e6;
  static constexpr double max_channel_weight = 1e6;  ///< checked by `model::create`
  static constexpr double max_horizon_slope = 20;    ///< odds ~ H^20 is far steeper than any fitted model
  /// The horizons a caller may ask for (`score_options::horizon_days`), in days.
  static constexpr double min_query_horizon_days = 1, max_query_horizon_days = 365;

  /// Checks every value: finite, inside its range (the constants above), ordered bands,
  /// coefficient signs. The message names the parameter and its range.
  result<void> validate() const {
    auto bad = [](const char* name, const std::string& why) {
      return fail(errc::invalid_argument, std::string("model parameter ") + name + " " + why);
    };
    auto range_text = [](double lo, bool lo_open, double hi) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "must be finite and %s %g and <= %g", lo_open ? ">" : ">=", lo, hi);
      return std::string(buf);
    };
    struct bounded {
      const char* name;
      double v;
      double lo;
      bool lo_open;
      double hi;
    };
    const bounded ranges[] = {{"horizon_days", horizon_days, 0, true, max_days},
                              {"half_life_short_days", half_life_short_days, min_half_life_days, false, max_days},
                              {"half_life_long_days", half_life_long_days, min_half_life_days, false, max_days},
                              {"session_gap_seconds", session_gap_seconds, 0, true, max_session_gap_seconds},
                              {"reply_window_days", reply_window_days, 0, true, max_days},
                              {"prior_gap_days", prior_gap_days, 0, true, max_days},
                              {"inbound_recency_cap_days", inbound_recency_cap_days, 0, true, max_days},
                              {"dormant_gap_multiple", dormant_gap_multiple, 0, true, max_dormant_gap_multiple},
                              {"dormant_min_days", dormant_min_days, 0, true, max_days},
                              {"latency_log_mean", latency_log_mean, -max_abs_latency_log_mean, false, max_abs_latency_log_mean},
                              {"latency_log_sd", latency_log_sd, 0, true, max_latency_log_sd},
                              {"latency_prior_weight", latency_prior_weight, 0, true, max_latency_prior_weight},
                              {"intercept", intercept, -max_abs_coefficient, false, max_abs_coefficient},
                              {"context_intercept", context_intercept, -max_abs_coefficient, false, max_abs_coefficient},
                              // >= 0 keeps the guarantees: whatever moves the pair's logit moves warmth the same way.
                              {"context_pair_weight", context_pair_weight, 0, false, max_abs_coefficient},
                              // >= 0 keeps warmth non-decreasing in the horizon.
                              {"horizon_slope_short", horizon_slope_short, 0, false, max_horizon_slope},
                              {"horizon_slope_long", horizon_slope_long, 0, false, max_horizon_slope}};
    for (const auto& b : ranges)
      if (!std::isfinite(b.v) || (b.lo_open ? b.v <= b.lo : b.v < b.lo) || b.v > b.hi)
        return bad(b.name, range_text(b.lo, b.lo_open, b.hi));
    if (!(band_cooling > 0 && band_cooling < band_warm && band_warm < band_hot && band_hot < 100))
      return bad("band thresholds", "must satisfy 0 < cooling < warm < hot < 100");
    for (std::size_t i = 0; i < feature_count + context_feature_count; ++i) {
      const auto f = static_cast<feature>(i);
      const bool pair = i < feature_count;
      const double b = pair ? beta[i] : context_beta[i - feature_count];
      const double r = pair ? reference[i] : context_reference[i - feature_count];
      const std::string name = std::string(pair ? "beta." : "context_beta.") + to_string(f);
      const std::string ref_name = std::string(pair ? "reference." : "context_reference.") + to_string(f);
      if (!std::isfinite(b) || std::fabs(b) > max_abs_coefficient)
        return bad(name.c_str(), range_text(-max_abs_coefficient, false, max_abs_coefficient));
      if (!std::isfinite(r) || std::fabs(r) > max_abs_reference)
        return bad(ref_name.c_str(), range_text(-max_abs_reference, false, max_abs_reference));
      if (b * required_sign(f) < 0) return bad(name.c_str(), required_sign(f) > 0 ? "must be >= 0" : "must be <= 0");
    }
    return {};
  }

  band band_of(double score) const noexcept {
    return score >= band_hot ? band::hot : score >= band_warm ? band::warm : score >= band_cooling ? band::cooling : band::cold;
  }
};

/// Parameters plus channel table, validated once. Immutable; share one across threads freely.
class model {
 public:
  static result<model> create(model_params p, channel_table channels = channel_table::defaults()) {
    if (auto ok = p.validate(); !ok) return std::move(ok).error();
    // A weight near DBL_MAX would make the decayed sums infinite after two interactions.
    for (std::size_t i = 0; i < channels.size(); ++i)
      if (channels.weight(static_cast<channel>(i)) > model_params::max_channel_weight)
        return fail(errc::invalid_argument,
                    "channel \"" + channels.spec(static_cast<channel>(i)).name + "\": weight must be at most 1e6 for a model");
    return model(std::move(p), std::move(channels));
  }
  /// The shipped parameters with the built-in channels.
  static const model& defaults() {
    static const model m(model_params::defaults(), channel_table::defaults());
    return m;
  }
  const model_params& params() const noexcept { return p_; }
  const channel_table& channels() const noexcept { return channels_; }
  double inv_half_life_short_s() const noexcept { return inv_short_; }
  double inv_half_life_long_s() const noexcept { return inv_long_; }

 private:
  model(model_params p, channel_table c)
      : p_(std::move(p)),
        channels_(std::move(c)),
        inv_short_(1.0 / (p_.half_life_short_days * seconds_per_day)),
        inv_long_(1.0 / (p_.half_life_long_days * seconds_per_day)) {}
  model_params p_;
  channel_table channels_;
  double inv_short_, inv_long_;
};

/// What the features are computed from: a contact's tallies as seen at the scoring time `now`.
/// Both a history rescan and a `contact_state` produce one.
struct snapshot {
  double in_short = 0, in_long = 0, out_short = 0, out_long = 0;  ///< decayed engagement at `now`
  std::int64_t first = 0, last = 0, last_inbound = -1;            ///< seconds; -1 = never
  std::uint32_t conversations = 0;
  std::uint32_t unanswered = 0;
  std::uint32_t outreach = 0, answered = 0;
  std::uint32_t replies = 0;   ///< reply-latency samples
  double log_latency_sum = 0;  ///< sum of ln(latency seconds) over those samples
  bool has_inbound = false, has_outbound = false, has_substantive = false, has_commitment = false, has_two_way = false;
};

namespace detail {
inline double log1p_days(double seconds) noexcept { return std::log1p(seconds / seconds_per_day); }
}  // namespace detail

/// The feature vector of `s` at `now` (>= s.last).
inline feature_vector features_of(const snapshot& s, std::int64_t now, const model_params& p) noexcept {
  feature_vector x{};
  const double since_last = static_cast<double>(now - s.last);
  const double cap = p.inbound_recency_cap_days * seconds_per_day;
  const double since_in = s.last_inbound < 0 ? cap : std::fmin(static_cast<double>(now - s.last_inbound), cap);
  const double gap =
      s.conversations >= 2 ? static_cast<double>(s.last - s.first) / (s.conversations - 1) : p.prior_gap_days * seconds_per_day;
  const double total_long = s.in_long + s.out_long;
  x[0] = detail::log1p_days(since_last);
  x[1] = detail::log1p_days(since_in);
  x[2] = std::log1p(s.in_short);
  x[3] = std::log1p(s.in_long);
  x[4] = std::log1p(s.out_short);
  x[5] = std::log1p(s.out_long);
  x[6] = total_long > 0 ? (s.in_long - s.out_long) / total_long : 0.0;
  x[7] = (s.answered + 1.0) / (s.outreach + 2.0);
  x[8] = std::log1p(static_cast<double>(s.unanswered));
  x[9] = std::fmin(since_last / std::fmax(gap, p.session_gap_seconds), 20.0);
  x[10] = detail::log1p_days(static_cast<double>(s.last - s.first));
  x[11] = std::log1p(static_cast<double>(s.conversations));
  return x;
}

inline double logit_of(const feature_vector& x, const model_params& p) noexcept {
  double z = p.intercept;
  for (std::size_t i = 0; i < feature_count; ++i) z += p.beta[i] * x[i];
  return z;
}

/// Number of horizon terms (`horizon_terms`), the columns a joint fit on several horizons appends.
inline constexpr std::size_t horizon_term_count = 2;

/// The horizon terms of H days under `p`: {min(ln(H / H0), 0), max(ln(H / H0), 0)}, H0 =
/// `p.horizon_days`; H <= 0 means H0 (both 0). Their coefficients are the horizon slopes.
inline std::array<double, horizon_term_count> horizon_terms(double horizon_days, const model_params& p) noexcept {
  if (!(horizon_days > 0)) return {0, 0};
  const double r = std::log(horizon_days / p.horizon_days);
  return {std::fmin(r, 0.0), std::fmax(r, 0.0)};
}

/// What the horizon adds to the pair's logit (0 at the model's own horizon).
inline double horizon_shift(double horizon_days, const model_params& p) noexcept {
  const auto t = horizon_terms(horizon_days, p);
  return p.horizon_slope_short * t[0] + p.horizon_slope_long * t[1];
}

/// A horizon a caller asks for: 0 (the model's own) or finite in [1, 365] days.
inline result<void> check_horizon(double horizon_days) {
  if (horizon_days == 0 ||
      (horizon_days >= model_params::min_query_horizon_days && horizon_days <= model_params::max_query_horizon_days))
    return {};
  return fail(errc::invalid_argument,
              "horizon_days must be 0 (the model's own) or between 1 and 365 days, got " + std::to_string(horizon_days));
}

inline double logistic(double z) noexcept { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }

/// What a CRM usually knows beyond the pair: how active each side is with everyone. Optional; it
/// sharpens warmth where the pair's own history is thin (docs/ACCURACY.md measures by how much).
struct network_context {
  double owner_events_30d = 0;    ///< our interactions with anyone in the 30 days before the scoring time
  double contact_events_30d = 0;  ///< the contact's known interactions with anyone in those 30 days
  double owner_idle_days = 0;     ///< days since our last interaction with anyone
  double contact_idle_days = 0;   ///< days since the contact's last known interaction with anyone

  /// Every field finite and >= 0; the message names the field.
  result<void> validate() const {
    const std::pair<const char*, double> fields[] = {{"owner_events_30d", owner_events_30d},
                                                     {"contact_events_30d", contact_events_30d},
                                                     {"owner_idle_days", owner_idle_days},
                                                     {"contact_idle_days", contact_idle_days}};
    for (const auto& [name, v] : fields)
      if (!std::isfinite(v) || v < 0)
        return fail(errc::invalid_argument, std::string("network context: ") + name + " must be finite and >= 0");
    return {};
  }
};

/// The context features (log(1 + x) of each field, in `feature` order).
inline context_vector context_features_of(const network_context& c) noexcept {
  return {std::log1p(c.owner_events_30d), std::log1p(c.contact_events_30d), std::log1p(c.owner_idle_days),
          std::log1p(c.contact_idle_days)};
}

/// The final logit: the pair's, refined by the second stage when a context is given.
inline double logit_with_context(double pair_logit, const network_context* c, const model_params& p) noexcept {
  if (c == nullptr) return pair_logit;
  const context_vector x = context_features_of(*c);
  double z = p.context_intercept + p.context_pair_weight * pair_logit;
  for (std::size_t j = 0; j < context_feature_count; ++j) z += p.context_beta[j] * x[j];
  return z;
}

/// The final logit of `s` at `now` within `horizon_days` (0: the model's own): the pair's logit
/// plus the horizon shift, through the context stage when `c` is given.
inline double final_logit(const snapshot& s, std::int64_t now, const model_params& p, const network_context* c = nullptr,
                          double horizon_days = 0) noexcept {
  return logit_with_context(logit_of(features_of(s, now, p), p) + horizon_shift(horizon_days, p), c, p);
}

/// Warmth (0-100) of `s` at `now`: the one formula every path (history, state, batch, recommender)
/// uses, with the optional context stage; `horizon_days` 0 is the model's own horizon.
inline double score_of(const snapshot& s, std::int64_t now, const model_params& p, const network_context* c = nullptr,
                       double horizon_days = 0) noexcept {
  return 100 * logistic(final_logit(s, now, p, c, horizon_days));
}

namespace detail {
inline double inverse_normal_cdf(double p) noexcept {  // Acklam's rational approximation, |error| < 1.2e-9 after one Newton step
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                             -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * 3.14159265358979323846) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

}  // namespace detail

/// The contact's reply latency is log-normal: its log-mean is their mean log latency shrunk toward
/// the population's (`latency_log_mean`) with the weight of `latency_prior_weight` replies, its
/// log-sd the population's (`latency_log_sd`).
inline double latency_log_mean_of(const snapshot& s, const model_params& p) noexcept {
  return (s.log_latency_sum + p.latency_prior_weight * p.latency_log_mean) / (s.replies + p.latency_prior_weight);
}

/// The contact's reply latency (seconds) at quantile `q` in (0, 1); the recommender waits for it,
/// the accuracy harness measures its coverage: one function for both.
[[nodiscard]] inline double reply_latency_quantile(const snapshot& s, const model_params& p, double q) noexcept {
  return std::exp(latency_log_mean_of(s, p) + detail::inverse_normal_cdf(q) * p.latency_log_sd);
}

/// The contact's typical gap between conversations, in seconds.
inline double typical_gap_seconds(const snapshot& s, const model_params& p) noexcept {
  return s.conversations >= 2 ? std::fmax(static_cast<double>(s.last - s.first) / (s.conversations - 1), p.session_gap_seconds)
                              : p.prior_gap_days * seconds_per_day;
}

/// The stage of `s` at `now`; rules in docs/MODEL.md.
inline stage stage_of(const snapshot& s, std::int64_t now, const model_params& p) noexcept {
  if (s.has_commitment) return stage::committed;
  const double silent = static_cast<double>(now - s.last);
  if (silent > std::fmax(p.dormant_gap_multiple * typical_gap_seconds(s, p), p.dormant_min_days * seconds_per_day))
    return stage::dormant;
  if (s.unanswered > 0) return stage::awaiting_reply;
  if (!s.has_two_way) return stage::new_contact;
  if (s.has_substantive || s.answered >= 2) return stage::established;
  return stage::ice_broken;
}

}  // namespace v1
}  // namespace rapport

// The shipped parameters (generated by tools/fit_defaults).
#include <rapport/detail/default_params.hpp>
