#pragma once
/// Warmth: how likely the pair is to be in contact within a horizon (the model's, 30 days by
/// default, or any of 1-365 days the caller asks), with its parts,
/// the reasons in words, its band and the relationship's stage.
///
///   auto h = rapport::history::from(items, rapport::channel_table::defaults());
///   auto w = rapport::assess(*h, now);          // result<rapport::warmth>
///   if (w) std::cout << w->score << " " << to_string(w->level) << "\n";

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <rapport/detail/tally.hpp>
#include <rapport/detail/text.hpp>
#include <rapport/history.hpp>
#include <rapport/model.hpp>
#include <rapport/state.hpp>

namespace rapport {
inline namespace v1 {

/// What to do with interactions after the scoring time.
enum class future_policy : std::uint8_t {
  reject,  ///< error naming the first such interaction (the default: a clock or import problem)
  ignore,  ///< score as if they had not happened yet (scheduled meetings, replays)
};

struct score_options {
  future_policy future = future_policy::reject;
  /// Optional network context (borrowed for the call); null: the pair's history alone.
  const network_context* context = nullptr;
  /// The horizon warmth is the probability of contact within, in days: 0 = the model's own
  /// (`model_params::horizon_days`), else 1-365. Warmth never falls as the horizon grows.
  double horizon_days = 0;
};

/// One feature's part in a score.
struct feature_part {
  feature which{};
  double value = 0;         ///< the feature's value x
  double contribution = 0;  ///< beta * (x - reference), in log-odds
};

/// A reason in words, for a part that matters (|contribution| >= 0.1 log-odds), largest first.
struct reason {
  feature which{};
  double contribution = 0;
  std::string text;  ///< e.g. "they answered 4 of your 5 outreach attempts"
};

struct warmth {
  double score = 0;         ///< 0-100: probability (%) of contact within `horizon_days`
  double horizon_days = 0;  ///< the horizon of `score`, in days (the model's own when none was asked)
  double probability = 0;   ///< score / 100
  double logit = 0;
  band level = band::cold;
  rapport::stage stage = stage::new_contact;
  std::array<feature_part, feature_count> parts{};
  bool with_context = false;                                        ///< a network_context was given
  std::array<feature_part, context_feature_count> context_parts{};  ///< meaningful when with_context
  std::vector<reason> reasons;
};

namespace detail {
inline std::string days_text(double seconds) {
  const double d = seconds / seconds_per_day;
  if (d < 1) return "today";
  if (d < 2) return "yesterday";
  if (d < 60) return fmt("%.0f days ago", d);
  return fmt("%.0f months ago", d / 30.44);
}
inline std::string span_text(double seconds) {
  const double d = seconds / seconds_per_day;
  if (d < 1) return fmt("%.0f hours", seconds / 3600);
  if (d < 60) return fmt("%.0f days", d);
  if (d < 730) return fmt("%.0f months", d / 30.44);
  return fmt("%.1f years", d / 365.25);
}

inline std::string reason_text(feature f, const snapshot& s, std::int64_t now, const model_params& p) {
  switch (f) {
    case feature::recency: return "last contact " + days_text(static_cast<double>(now - s.last));
    case feature::inbound_recency:
      return s.last_inbound < 0 ? "they have never reached out"
                                : "they last reached out " + days_text(static_cast<double>(now - s.last_inbound));
    case feature::engagement_in_short:
    case feature::engagement_out_short: {
      const bool in = f == feature::engagement_in_short;
      const double v = in ? s.in_short : s.out_short;
      return fmt(in ? "their recent engagement: %.1f weighted touches (%.0f-day half-life)"
                    : "your recent engagement: %.1f weighted touches (%.0f-day half-life)",
                 v, p.half_life_short_days);
    }
    case feature::engagement_in_long:
    case feature::engagement_out_long: {
      const bool in = f == feature::engagement_in_long;
      const double v = in ? s.in_long : s.out_long;
      return fmt(in ? "their long-run engagement: %.1f weighted touches (%.0f-day half-life)"
                    : "your long-run engagement: %.1f weighted touches (%.0f-day half-life)",
                 v, p.half_life_long_days);
    }
    case feature::reciprocity: {
      const double total = s.in_long + s.out_long;
      const double theirs = total > 0 ? s.in_long / total : 0.5;
      if (theirs < 0.3) return fmt("mostly one-sided: %.0f%% of the engagement is yours", 100 * (1 - theirs));
      if (theirs > 0.7) return fmt("they drive it: %.0f%% of the engagement is theirs", 100 * theirs);
      return fmt("balanced: %.0f%% of the engagement is theirs", 100 * theirs);
    }
    case feature::responsiveness:
      if (s.outreach == 0) return "you have not reached out yet";
      return "they answered " + std::to_string(s.answered) + " of your " + std::to_string(s.outreach) +
             (s.outreach == 1 ? " outreach" : " outreaches") + " within " + fmt("%.0f days", p.reply_window_days);
    case feature::unanswered:
      if (s.unanswered == 0) return "nothing of yours is waiting for an answer";
      return std::to_string(s.unanswered) + (s.unanswered == 1 ? " message" : " messages") + " in a row without an answer";
    case feature::silence: {
      const double gap = typical_gap_seconds(s, p), silent = static_cast<double>(now - s.last);
      const std::string usual =
          s.conversations >= 2 ? "your usual gap of " + span_text(gap) : "the assumed gap of " + span_text(gap);
      if (silent <= gap) return "within " + usual;
      return fmt("silent for %.1fx ", silent / gap) + usual;
    }
    case feature::tenure:
      return s.last == s.first ? "a single moment of contact so far"
                               : "in touch over " + span_text(static_cast<double>(s.last - s.first));
    case feature::volume:
      return std::to_string(s.conversations) + (s.conversations == 1 ? " conversation" : " conversations") + " so far";
    default: return {};  // context features: see context_reason_text
  }
  return {};
}

inline std::string context_reason_text(feature f, const network_context& c) {
  switch (f) {
    case feature::owner_activity: return fmt("your own activity: %.0f interactions with anyone in 30 days", c.owner_events_30d);
    case feature::contact_activity: return fmt("their activity: %.0f interactions with anyone in 30 days", c.contact_events_30d);
    case feature::owner_idle: return fmt("you have been idle for %.0f days", c.owner_idle_days);
    case feature::contact_idle: return fmt("they have been idle for %.0f days", c.contact_idle_days);
    default: return {};
  }
}
}  // namespace detail

/// The tallies of `h` as seen at `now`, computed by a full rescan (each interaction's decayed
/// weight summed directly). Interactions after `now` follow `opt.future`.
inline result<snapshot> snapshot_of(const history& h, timestamp now, const model& m, const score_options& opt = {}) {
  if (!now.ok()) return fail(errc::out_of_range, "scoring time " + std::to_string(now.seconds) + " s is outside the valid range");
  snapshot s;
  detail::tally t;
  double log_latency = 0;
  std::int64_t prev = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const interaction& x = h[i];
    if (x.at > now) {
      if (opt.future == future_policy::ignore) break;
      return fail(errc::out_of_range, "interaction #" + std::to_string(i) + " of the sorted history (" + format_utc(x.at) +
                                          ") is after the scoring time " + format_utc(now));
    }
    const double w = m.channels().weight(x.via);
    const double age = static_cast<double>(now.seconds - x.at.seconds);
    const double ds = std::exp2(-age * m.inv_half_life_short_s()), dl = std::exp2(-age * m.inv_half_life_long_s());
    if (x.dir != direction::outbound) {
      s.in_short += w * ds;
      s.in_long += w * dl;
    }
    if (x.dir != direction::inbound) {
      s.out_short += w * ds;
      s.out_long += w * dl;
    }
    detail::step(t, log_latency, x, prev, m.channels().spec(x.via), m.params());
    if (n == 0) s.first = x.at.seconds;
    if (x.dir == direction::inbound) s.last_inbound = x.at.seconds;
    s.last = prev = x.at.seconds;
    ++n;
  }
  if (n == 0)
    return fail(errc::invalid_argument, "the history is empty (before the scoring time): there is no connection to score");
  detail::fill(s, t, log_latency);
  return s;
}

/// Scores a snapshot: parts, band, stage and (when `with_reasons`) reasons in words. `context`,
/// when not null, must be valid (`network_context::validate`); `horizon_days` must pass
/// `check_horizon` (0: the model's own).
inline warmth assess(const snapshot& s, timestamp now, const model& m, bool with_reasons = true,
                     const network_context* context = nullptr, double horizon_days = 0) {
  const model_params& p = m.params();
  const feature_vector x = features_of(s, now.seconds, p);
  warmth w;
  w.horizon_days = horizon_days > 0 ? horizon_days : p.horizon_days;
  w.logit = logit_with_context(logit_of(x, p) + horizon_shift(horizon_days, p), context, p);
  w.probability = logistic(w.logit);
  w.score = 100 * w.probability;
  w.level = p.band_of(w.score);
  w.stage = stage_of(s, now.seconds, p);
  // With a context the pair's logit is scaled by the second stage: so are its parts, so that every
  // contribution is in the final log-odds.
  const double pair_scale = context ? p.context_pair_weight : 1.0;
  for (std::size_t i = 0; i < feature_count; ++i)
    w.parts[i] = {static_cast<feature>(i), x[i], pair_scale * p.beta[i] * (x[i] - p.reference[i])};
  if (context) {
    w.with_context = true;
    const context_vector c = context_features_of(*context);
    for (std::size_t j = 0; j < context_feature_count; ++j)
      w.context_parts[j] = {static_cast<feature>(feature_count + j), c[j], p.context_beta[j] * (c[j] - p.context_reference[j])};
  }
  if (with_reasons) {
    std::array<feature_part, feature_count + context_feature_count> by_size{};
    std::size_t n = 0;
    for (const auto& part : w.parts) by_size[n++] = part;
    if (context)
      for (const auto& part : w.context_parts) by_size[n++] = part;
    std::sort(by_size.begin(), by_size.begin() + static_cast<std::ptrdiff_t>(n),
              [](const feature_part& a, const feature_part& b) { return std::fabs(a.contribution) > std::fabs(b.contribution); });
    for (std::size_t k = 0; k < n; ++k) {
      const feature_part& part = by_size[k];
      if (std::fabs(part.contribution) < 0.1) continue;
      const bool pair = static_cast<std::size_t>(part.which) < feature_count;
      w.reasons.push_back(
          {part.which, part.contribution,
           pair ? detail::reason_text(part.which, s, now.seconds, p) : detail::context_reason_text(part.which, *context)});
    }
  }
  return w;
}

/// Warmth of a history at `now` (full rescan).
inline result<warmth> assess(const history& h, timestamp now, const model& m = model::defaults(), const score_options& opt = {}) {
  if (opt.context)
    if (auto ok = opt.context->validate(); !ok) return std::move(ok).error();
  if (auto ok = check_horizon(opt.horizon_days); !ok) return std::move(ok).error();
  auto s = snapshot_of(h, now, m, opt);
  if (!s) return std::move(s).error();
  return assess(*s, now, m, true, opt.context, opt.horizon_days);
}

namespace detail {
inline result<void> check_scorable(const contact_state& st, timestamp now, const network_context* context,
                                   double horizon_days = 0) {
  if (auto ok = check_horizon(horizon_days); !ok) return ok;
  if (st.empty()) return fail(errc::invalid_argument, "the contact state is empty: there is no connection to score");
  if (!now.ok()) return fail(errc::out_of_range, "scoring time " + std::to_string(now.seconds) + " s is outside the valid range");
  if (now < st.last())
    return fail(errc::out_of_range,
                "scoring time " + format_utc(now) + " is before the state's last interaction " + format_utc(st.last()));
  if (context) return context->validate();
  return {};
}
}  // namespace detail

/// Warmth of an incremental state at `now` (>= its last interaction), optionally with context,
/// within `horizon_days` (0: the model's own; else 1-365).
inline result<warmth> assess(const contact_state& st, timestamp now, const model& m = model::defaults(),
                             const network_context* context = nullptr, double horizon_days = 0) {
  if (auto ok = detail::check_scorable(st, now, context, horizon_days); !ok) return std::move(ok).error();
  return assess(st.at(now, m), now, m, true, context, horizon_days);
}

/// Just the 0-100 score of a state, without parts or reasons (no allocation on success).
inline result<double> score(const contact_state& st, timestamp now, const model& m = model::defaults(),
                            const network_context* context = nullptr, double horizon_days = 0) {
  if (auto ok = detail::check_scorable(st, now, context, horizon_days); !ok) return std::move(ok).error();
  return score_of(st.at(now, m), now.seconds, m.params(), context, horizon_days);
}

}  // namespace v1
}  // namespace rapport
