#pragma once
/// The reply model: the probability that the contact answers, within the reply window, an outreach
/// sent at a given instant. A sign-constrained logistic model over the pair's state at that instant
/// (whose turn it is, how long since each side wrote, the unanswered outreaches, the pair's answer
/// share and latency, warmth) and the hour-of-week lift in the contact's zone, fitted on the shared
/// logs by tools/fit_reply (docs/REPLY.md: features, fit, figures), refittable on a CRM's history.
///
///   const rapport::snapshot s = state.at(now, m);              // or snapshot_of(history, now, m)
///   const double lift = profile.lift(slot_of_t);                // the caller's week profile; 1 = ordinary hour
///   double p = rapport::reply_chance_at(s, now, t, lift, m);    // in (0, 1), shipped parameters; t >= now
///   auto x = rapport::reply_features_of(s, now.seconds, lift, m.params());   // an outreach now
///   auto why = rapport::reply_reasons(x, s, m.params());        // the parts in words, largest first
///
/// Header-only, standard library only. `reply_features_of` and `reply_chance` never allocate or throw.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <rapport/detail/text.hpp>
#include <rapport/model.hpp>
#include <rapport/result.hpp>

namespace rapport {
inline namespace v1 {

/// The reply model's inputs at the instant `t` of a (possible) outreach.
enum class reply_feature : std::uint8_t {
  answers_them,  ///< 1 when nothing of ours is unanswered and they wrote within the reply window before t: our message answers theirs
  since_theirs,  ///< log(1 + hours since their last message), capped at `never_hours`; the cap if they never wrote
  since_last,    ///< log(1 + hours since the pair's last interaction, either side)
  unanswered,    ///< log(1 + our unanswered outreaches before t; a burst is one)
  answer_share,  ///< log-odds of the pair's smoothed answer share (answered + a) / (outreach + a + b)
  answered,      ///< log(1 + outreaches of ours they answered): evidence for the share
  ignored,       ///< log(1 + outreaches of ours they did not answer): evidence against it
  latency,       ///< the contact's typical reply latency: mean ln(latency in hours), shrunk toward the population's
  reciprocity,   ///< (theirs - ours) / (theirs + ours) of long-run engagement, in [-1, 1]
  their_recent,  ///< log(1 + their decayed engagement, short half-life) at t
  their_long,    ///< log(1 + their decayed engagement, long half-life) at t
  warmth,        ///< warmth's logit at t (the shipped or the caller's warmth model)
  hour_lift,     ///< ln of the hour-of-week lift at t in the contact's zone (0 = an ordinary hour)
};
inline constexpr std::size_t reply_feature_count = 13;
using reply_vector = std::array<double, reply_feature_count>;

constexpr const char* to_string(reply_feature f) noexcept {
  constexpr const char* names[reply_feature_count] = {"answers_them", "since_theirs", "since_last", "unanswered",  "answer_share",
                                                      "answered",     "ignored",      "latency",    "reciprocity", "their_recent",
                                                      "their_long",   "warmth",       "hour_lift"};
  return static_cast<std::size_t>(f) < reply_feature_count ? names[static_cast<std::size_t>(f)] : "invalid";
}

/// The sign each coefficient is held to (+1: >= 0, -1: <= 0). They make the guarantees hold for
/// every fitted model: more unanswered outreaches, longer silences, more ignored outreaches and a
/// slower contact never raise the chance; their turn, more answered outreaches, their engagement,
/// warmth and a livelier hour never lower it.
constexpr int required_sign(reply_feature f) noexcept {
  switch (f) {
    case reply_feature::since_theirs:
    case reply_feature::since_last:
    case reply_feature::unanswered:
    case reply_feature::ignored:
    case reply_feature::latency: return -1;
    default: return +1;
  }
}

/// Every number of the reply model. `reply_params::defaults()` is the shipped fit; a
/// value-initialised `reply_params{}` has all coefficients 0 (every chance is logistic(intercept)).
struct reply_params {
  static constexpr std::uint32_t current_version = 1;
  std::uint32_t version = current_version;  ///< of the feature set; parameters of another version are rejected
  double intercept = 0;
  reply_vector beta{};
  reply_vector reference{};           ///< a typical case (the fit's weighted means); contributions are beta * (x - reference)
  double share_prior_answered = 1;    ///< a in (answered + a) / (outreach + a + b)
  double share_prior_unanswered = 1;  ///< b
  double never_hours = 24 * 365;      ///< hours since their last message when they never wrote (and the cap)
  double lift_min = 1.0 / 64, lift_max = 64;  ///< hour lifts are clamped into this range

  /// The parameters fitted on the shared public logs (docs/REPLY.md: data, command, figures).
  static reply_params defaults() noexcept;

  /// Checks every value: the version, finite numbers, coefficient signs and sizes (|beta| <= 100,
  /// |intercept| <= 100), positive priors and caps; the message names the parameter.
  result<void> validate() const {
    auto bad = [](const std::string& name, const char* why) {
      return fail(errc::invalid_argument, "reply parameter " + name + " " + why);
    };
    if (version != current_version)
      return bad("version", ("must be " + std::to_string(current_version) + " (this build's feature set)").c_str());
    if (!std::isfinite(intercept) || std::fabs(intercept) > 100) return bad("intercept", "must be finite and within [-100, 100]");
    for (std::size_t i = 0; i < reply_feature_count; ++i) {
      const auto f = static_cast<reply_feature>(i);
      const std::string b = std::string("beta.") + to_string(f), r = std::string("reference.") + to_string(f);
      if (!std::isfinite(beta[i]) || std::fabs(beta[i]) > 100) return bad(b, "must be finite and within [-100, 100]");
      if (beta[i] * required_sign(f) < 0) return bad(b, required_sign(f) > 0 ? "must be >= 0" : "must be <= 0");
      if (!std::isfinite(reference[i]) || std::fabs(reference[i]) > 1e6) return bad(r, "must be finite and within [-1e6, 1e6]");
    }
    const std::pair<const char*, double> positive[] = {{"share_prior_answered", share_prior_answered},
                                                       {"share_prior_unanswered", share_prior_unanswered},
                                                       {"never_hours", never_hours},
                                                       {"lift_min", lift_min},
                                                       {"lift_max", lift_max}};
    for (const auto& [name, v] : positive)
      if (!std::isfinite(v) || v <= 0 || v > 1e7) return bad(name, "must be finite, > 0 and <= 1e7");
    if (!(lift_min <= 1 && lift_max >= 1)) return bad("lift_min/lift_max", "must satisfy lift_min <= 1 <= lift_max");
    return {};
  }
};

/// The shipped reply parameters, built once.
inline const reply_params& default_reply_params() noexcept {
  static const reply_params p = reply_params::defaults();
  return p;
}

/// The features of an outreach at `t` (>= s.last; an earlier t is read as s.last) to a contact
/// whose tallies `s` are seen at `t` (`contact_state::at(t)`, `snapshot_of(history, t)`; for a
/// later instant see `snapshot_later`).
/// `hour_lift`: the contact's activity at t's hour of the week relative to an ordinary hour (the
/// caller's week profile, e.g. `week_profile::lift`); 1 when unknown. Non-finite or non-positive
/// lifts count as 1, others are clamped into [lift_min, lift_max].
namespace detail {
// The features; with `lazy`, those whose coefficient is 0 are left at 0 (they add nothing to the
// log-odds), which skips warmth's logit for the shipped parameters.
inline reply_vector reply_features(const snapshot& s, std::int64_t t, double hour_lift, const model_params& m,
                                   const reply_params& rp, bool lazy) noexcept {
  t = std::max(t, s.last);  // an instant before the last interaction is read as that interaction's
  reply_vector x{};
  auto need = [&](reply_feature f) { return !lazy || rp.beta[static_cast<std::size_t>(f)] != 0; };
  const double hour = 3600;
  const double since_in =
      s.last_inbound < 0 ? rp.never_hours : std::fmin(static_cast<double>(t - s.last_inbound) / hour, rp.never_hours);
  const bool window = s.last_inbound >= 0 && static_cast<double>(t - s.last_inbound) <= m.reply_window_days * seconds_per_day;
  const double a = rp.share_prior_answered, b = rp.share_prior_unanswered;
  const double answered = std::fmin(s.answered, s.outreach);
  x[0] = s.unanswered == 0 && window ? 1.0 : 0.0;
  if (need(reply_feature::since_theirs)) x[1] = std::log1p(std::fmax(since_in, 0.0));
  if (need(reply_feature::since_last)) x[2] = std::log1p(std::fmax(static_cast<double>(t - s.last) / hour, 0.0));
  if (need(reply_feature::unanswered)) x[3] = std::log1p(static_cast<double>(s.unanswered));
  if (need(reply_feature::answer_share)) x[4] = std::log((answered + a) / (s.outreach - answered + b));
  if (need(reply_feature::answered)) x[5] = std::log1p(answered);
  if (need(reply_feature::ignored)) x[6] = std::log1p(s.outreach - answered);
  if (need(reply_feature::latency)) x[7] = latency_log_mean_of(s, m) - std::log(hour);
  const double total = s.in_long + s.out_long;
  x[8] = total > 0 ? (s.in_long - s.out_long) / total : 0.0;
  if (need(reply_feature::their_recent)) x[9] = std::log1p(s.in_short);
  if (need(reply_feature::their_long)) x[10] = std::log1p(s.in_long);
  if (need(reply_feature::warmth)) x[11] = logit_of(features_of(s, t, m), m);
  const double lift = std::isfinite(hour_lift) && hour_lift > 0 ? std::clamp(hour_lift, rp.lift_min, rp.lift_max) : 1.0;
  x[12] = std::log(lift);
  return x;
}
}  // namespace detail

[[nodiscard]] inline reply_vector reply_features_of(const snapshot& s, std::int64_t t, double hour_lift, const model_params& m,
                                                    const reply_params& rp = default_reply_params()) noexcept {
  return detail::reply_features(s, t, hour_lift, m, rp, false);
}

/// The reply model's log-odds for features `x`.
[[nodiscard]] inline double reply_logit(const reply_vector& x, const reply_params& rp) noexcept {
  double z = rp.intercept;
  for (std::size_t i = 0; i < reply_feature_count; ++i) z += rp.beta[i] * x[i];
  return z;
}

/// The probability for log-odds `z`, clamped to [-30, 30] so that 0 and 1 stay out of reach.
[[nodiscard]] inline double reply_chance_of_logit(double z) noexcept { return logistic(std::clamp(z, -30.0, 30.0)); }

/// The probability, in (0, 1), that the contact answers within the reply window an outreach with
/// features `x`. `rp` must be valid (`reply_params::validate`); then the result is finite and
/// strictly inside (0, 1).
[[nodiscard]] inline double reply_chance(const reply_vector& x, const reply_params& rp = default_reply_params()) noexcept {
  return reply_chance_of_logit(reply_logit(x, rp));
}

/// The hour's part of the log-odds: beta(hour_lift) * ln(lift), the lift cleaned as in
/// `reply_features_of`. With `reply_logit_at` it splits a scan over candidate hours into a part per
/// day and a cheap part per hour.
[[nodiscard]] inline double hour_lift_logit(double hour_lift, const reply_params& rp = default_reply_params()) noexcept {
  const double lift = std::isfinite(hour_lift) && hour_lift > 0 ? std::clamp(hour_lift, rp.lift_min, rp.lift_max) : 1.0;
  return rp.beta[static_cast<std::size_t>(reply_feature::hour_lift)] * std::log(lift);
}

/// `hour_lift_logit` of a lift given by its log (`week_profile::log_lift`), with `log_lift_min` and
/// `log_lift_max` the logs of `rp.lift_min` and `rp.lift_max`: the same value (log is monotone, so
/// clamping before or after it agrees) without a log per call.
[[nodiscard]] inline double hour_lift_logit_of_log(double log_lift, double log_lift_min, double log_lift_max,
                                                   const reply_params& rp = default_reply_params()) noexcept {
  return rp.beta[static_cast<std::size_t>(reply_feature::hour_lift)] * std::clamp(log_lift, log_lift_min, log_lift_max);
}

/// The tallies `s`, seen at `at`, as they will be seen at the later instant `t` if nothing happens
/// meanwhile: the decayed sums decay, counts and times stay.
[[nodiscard]] inline snapshot snapshot_later(const snapshot& s, timestamp at, timestamp t, const model& m) noexcept {
  snapshot u = s;
  const double dt = std::fmax(static_cast<double>(t.seconds - at.seconds), 0.0);
  const double fs = std::exp2(-dt * m.inv_half_life_short_s()), fl = std::exp2(-dt * m.inv_half_life_long_s());
  u.in_short *= fs;
  u.out_short *= fs;
  u.in_long *= fl;
  u.out_long *= fl;
  return u;
}

/// The log-odds of an outreach at `t` (>= now) without the hour's part (an ordinary hour, lift 1),
/// from the contact's tallies `s` seen at `now`. Waiting never raises it: every feature that moves
/// with t (their message leaving the reply window, hours since theirs and since the last
/// interaction, their decaying engagement, warmth) moves it down or not at all, for every valid
/// model and parameters. So over candidate hours only the hour's part can pay for waiting.
[[nodiscard]] inline double reply_logit_at(const snapshot& s, timestamp now, timestamp t, const model& m,
                                           const reply_params& rp = default_reply_params()) noexcept {
  const snapshot u = t.seconds > now.seconds ? snapshot_later(s, now, t, m) : s;
  return reply_logit(detail::reply_features(u, std::max(t.seconds, now.seconds), 1.0, m.params(), rp, true), rp);
}

/// One call for the recommender's best-hour step: the chance that an outreach at `t` (>= now) is
/// answered within the reply window, from the contact's tallies `s` seen at `now`, the hour lift
/// at `t` (their week profile's `lift(slot)`; 1 when unknown) and the warmth model `m`.
/// Equal to reply_chance_of_logit(reply_logit_at(s, now, t, m, rp) + hour_lift_logit(hour_lift, rp)):
/// a scan over many hours may compute the first part once per day (it moves slowly: decay and
/// elapsed time) and add the second per hour.
[[nodiscard]] inline double reply_chance_at(const snapshot& s, timestamp now, timestamp t, double hour_lift, const model& m,
                                            const reply_params& rp = default_reply_params()) noexcept {
  return reply_chance_of_logit(reply_logit_at(s, now, t, m, rp) + hour_lift_logit(hour_lift, rp));
}

/// A part of the reply chance in words, largest first (|contribution| >= 0.1 log-odds).
struct reply_reason {
  reply_feature which{};
  double contribution = 0;  ///< beta * (x - reference), in log-odds
  std::string text;         ///< e.g. "they wrote 3 hours ago and are waiting for your answer"
};

namespace detail {
inline std::string reply_hours_text(double hours) {
  if (hours < 1) return "less than an hour";
  if (hours < 48) return fmt(hours < 1.5 ? "%.0f hour" : "%.0f hours", hours);
  if (hours < 24 * 60) return fmt("%.0f days", hours / 24);
  return fmt("%.0f months", hours / (24 * 30.44));
}
inline std::string reply_reason_text(reply_feature f, const reply_vector& x, const snapshot& s, const model_params& m) {
  switch (f) {
    case reply_feature::answers_them:
      return x[0] > 0 ? "they wrote last: your message answers theirs" : "nothing of theirs is waiting for your answer";
    case reply_feature::since_theirs:
      return s.last_inbound < 0 ? "they have never written to you"
                                : "they last wrote " + reply_hours_text(std::expm1(x[1])) + " before";
    case reply_feature::since_last: return "the last exchange was " + reply_hours_text(std::expm1(x[2])) + " before";
    case reply_feature::unanswered: {
      const auto n = static_cast<unsigned>(s.unanswered);
      if (n == 0) return "nothing of yours is waiting for an answer";
      return std::to_string(n) + (n == 1 ? " outreach" : " outreaches") + " of yours already without an answer";
    }
    case reply_feature::answer_share:
    case reply_feature::answered:
    case reply_feature::ignored:
      if (s.outreach == 0) return "you have not reached out before";
      return "they answered " + std::to_string(std::min(s.answered, s.outreach)) + " of your " + std::to_string(s.outreach) +
             (s.outreach == 1 ? " outreach" : " outreaches") + fmt(" within %.0f days", m.reply_window_days);
    case reply_feature::latency:
      return s.replies == 0 ? "their reply speed is not known yet (a typical contact's is assumed)"
                            : "they usually answer within about " + reply_hours_text(std::exp(x[7]));
    case reply_feature::reciprocity: {
      const double theirs = 0.5 * (1 + x[8]);
      if (theirs < 0.3) return fmt("mostly one-sided: %.0f%% of the engagement is yours", 100 * (1 - theirs));
      if (theirs > 0.7) return fmt("they drive it: %.0f%% of the engagement is theirs", 100 * theirs);
      return fmt("balanced: %.0f%% of the engagement is theirs", 100 * theirs);
    }
    case reply_feature::their_recent:
      return fmt("their recent engagement: %.1f weighted touches (%.0f-day half-life)", std::expm1(x[9]), m.half_life_short_days);
    case reply_feature::their_long:
      return fmt("their long-run engagement: %.1f weighted touches (%.0f-day half-life)", std::expm1(x[10]),
                 m.half_life_long_days);
    case reply_feature::warmth: return fmt("warmth %.0f at that time", 100 * logistic(x[11]));
    case reply_feature::hour_lift: {
      const double lift = std::exp(x[12]);
      if (lift >= 1.1) return fmt("an active hour for them (%.1fx an ordinary hour)", lift);
      if (lift <= 0.9) return fmt("a quiet hour for them (%.1fx an ordinary hour)", lift);
      return "an ordinary hour for them";
    }
  }
  return {};
}
}  // namespace detail

/// The parts of the reply chance with features `x` (from `reply_features_of(s, t, ...)`) in
/// words, largest first; parts under 0.1 log-odds are left out. Empty only when every part is small.
[[nodiscard]] inline std::vector<reply_reason> reply_reasons(const reply_vector& x, const snapshot& s, const model_params& m,
                                                             const reply_params& rp = default_reply_params()) {
  std::vector<reply_reason> out;
  for (std::size_t i = 0; i < reply_feature_count; ++i) {
    const double c = rp.beta[i] * (x[i] - rp.reference[i]);
    if (std::fabs(c) < 0.1) continue;
    const auto f = static_cast<reply_feature>(i);
    out.push_back({f, c, detail::reply_reason_text(f, x, s, m)});
  }
  std::sort(out.begin(), out.end(),
            [](const reply_reason& a, const reply_reason& b) { return std::fabs(a.contribution) > std::fabs(b.contribution); });
  return out;
}

/// Required signs as the Calibrator takes them: `rapport::fit_logistic(X, y, w, reply_signs(), {}, opt)`
/// on rows of `reply_features_of`, then `reply_params_from_fit` (see tools/fit_reply.cpp).
inline std::vector<int> reply_signs() {
  std::vector<int> s(reply_feature_count);
  for (std::size_t i = 0; i < reply_feature_count; ++i) s[i] = required_sign(static_cast<reply_feature>(i));
  return s;
}
inline std::vector<std::string> reply_feature_names() {
  std::vector<std::string> n(reply_feature_count);
  for (std::size_t i = 0; i < reply_feature_count; ++i) n[i] = to_string(static_cast<reply_feature>(i));
  return n;
}

/// Parameters from a fit (intercept and coefficients on the raw features, the weighted feature
/// means as reference); the shaping values (priors, caps) come from `base`. Validated.
inline result<reply_params> reply_params_from_fit(double intercept, const std::vector<double>& beta,
                                                  const std::vector<double>& mean, reply_params base = default_reply_params()) {
  if (beta.size() != reply_feature_count || mean.size() != reply_feature_count)
    return fail(errc::invalid_argument, "reply fit: expected " + std::to_string(reply_feature_count) + " coefficients and means");
  base.intercept = intercept;
  for (std::size_t i = 0; i < reply_feature_count; ++i) {
    base.beta[i] = beta[i];
    base.reference[i] = mean[i];
  }
  if (auto ok = base.validate(); !ok) return std::move(ok).error();
  return base;
}

/// The parameters recalibrated on a CRM's own outcomes: logit' = a + b * logit (Platt scaling;
/// fit `a` and `b >= 0` by `fit_logistic` on the one column `reply_logit`). `b >= 0` keeps every
/// sign; the ranking does not change, only the probabilities. Validated.
inline result<reply_params> recalibrated(reply_params p, double a, double b) {
  if (!std::isfinite(a) || !std::isfinite(b) || b < 0)
    return fail(errc::invalid_argument, "reply recalibration: need finite a and finite b >= 0");
  p.intercept = a + b * p.intercept;
  for (double& v : p.beta) v *= b;
  if (auto ok = p.validate(); !ok) return std::move(ok).error();
  return p;
}

/// One past outreach of a CRM: its features when it was sent (`reply_features_of` the state just
/// before it) and whether the contact answered within the reply window.
struct reply_outcome {
  reply_vector x{};
  bool answered = false;
  double weight = 1;  ///< >= 0
};

/// Recalibrates `p` on a CRM's own outcomes, e.g. its outreach of the last 30 days whose reply
/// window has closed: Platt scaling, logit' = a + b * logit with b >= 0, fitted by Newton's method
/// on the weighted mean log loss (standard library only; no Eigen, no compiled library). The
/// ranking is kept, only the probabilities move; docs/REPLY.md measures what it buys on a log the
/// shipped parameters never saw.
/// @return the recalibrated parameters, or `errc::invalid_argument` when `p` is invalid, a weight
/// or feature is not finite (or a weight negative), or the outcomes lack an answered or an
/// unanswered case with positive weight
inline result<reply_params> recalibrate(const reply_params& p, const std::vector<reply_outcome>& outcomes) {
  if (auto ok = p.validate(); !ok) return std::move(ok).error();
  double pos = 0, neg = 0;
  std::vector<double> z(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const reply_outcome& o = outcomes[i];
    if (!std::isfinite(o.weight) || o.weight < 0)
      return fail(errc::invalid_argument,
                  "reply recalibration: outcome #" + std::to_string(i) + " has a weight that is negative or not finite");
    for (double v : o.x)
      if (!std::isfinite(v))
        return fail(errc::invalid_argument, "reply recalibration: outcome #" + std::to_string(i) + " has a non-finite feature");
    z[i] = std::clamp(reply_logit(o.x, p), -30.0, 30.0);
    (o.answered ? pos : neg) += o.weight;
  }
  if (!(pos > 0 && neg > 0))
    return fail(errc::invalid_argument, "reply recalibration: needs answered and unanswered outcomes (with positive weight)");
  const double total = pos + neg;
  auto loss = [&](double a, double b) {
    double l = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double u = a + b * z[i];  // log(1 + e^u) - y u, computed stably
      l += outcomes[i].weight *
           ((u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u))) - (outcomes[i].answered ? u : 0.0));
    }
    return l / total;
  };
  // Newton's method on (a, b), with step halving; b is held at 0 if it would turn negative.
  double a = 0, b = 1;
  bool hold_b = false;
  for (int it = 0; it < 100; ++it) {
    double g0 = 0, g1 = 0, h00 = 1e-9, h01 = 0, h11 = 1e-9;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double q = logistic(a + b * z[i]), w = outcomes[i].weight / total, r = q - (outcomes[i].answered ? 1.0 : 0.0);
      g0 += w * r;
      g1 += w * r * z[i];
      const double h = w * q * (1 - q);
      h00 += h;
      h01 += h * z[i];
      h11 += h * z[i] * z[i];
    }
    if (hold_b) {
      g1 = 0;
      h01 = 0;
      h11 = 1;
    }
    const double det = h00 * h11 - h01 * h01;
    if (!(det > 0)) break;
    double da = -(h11 * g0 - h01 * g1) / det, db = -(h00 * g1 - h01 * g0) / det;
    if (std::fabs(g0) + std::fabs(g1) < 1e-12) break;
    const double before = loss(a, b);
    double step = 1;
    while (step > 1e-8 && loss(a + step * da, std::fmax(b + step * db, 0.0)) > before + 1e-15) step /= 2;
    a += step * da;
    b = std::fmax(b + step * db, 0.0);
    if (b == 0 && !hold_b) hold_b = true;
    if (std::fabs(step * da) + std::fabs(step * db) < 1e-12) break;
  }
  return recalibrated(p, a, b);
}

}  // namespace v1
}  // namespace rapport

// The shipped parameters (generated by tools/fit_reply).
#include <rapport/detail/default_reply.hpp>
