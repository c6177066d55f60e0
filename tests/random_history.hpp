#pragma once
// Seeded random histories and models for property tests. Deterministic for a given seed.

#include <rapport/rapport.hpp>

#include <cmath>
#include <random>
#include <vector>

namespace rapport_test {

struct random_history {
  std::vector<rapport::interaction> items;  // sorted by time, valid for the default channels
  rapport::timestamp last;
};

inline random_history make_history(std::mt19937_64& rng, std::size_t max_len = 60) {
  using namespace rapport;
  std::uniform_int_distribution<std::size_t> len(1, max_len);
  std::uniform_int_distribution<int> dir(0, 9), chan(0, 8), kind(0, 3);
  std::exponential_distribution<double> gap_days(1.0 / 6.0);
  std::int64_t t = utc(2024, 1, 1).seconds + std::uniform_int_distribution<std::int64_t>(0, 400 * 86400)(rng);
  random_history h;
  const std::size_t n = len(rng);
  for (std::size_t i = 0; i < n; ++i) {
    // Bursts (seconds to minutes apart), same-second pairs and long silences all occur.
    switch (kind(rng)) {
      case 0: t += std::uniform_int_distribution<std::int64_t>(0, 600)(rng); break;
      case 1: t += static_cast<std::int64_t>(gap_days(rng) * 86400); break;
      case 2: t += static_cast<std::int64_t>(gap_days(rng) * 86400 * 5); break;
      default: t += std::uniform_int_distribution<std::int64_t>(3600, 3 * 86400)(rng); break;
    }
    interaction x;
    x.at = {t};
    const int d = dir(rng);
    x.dir = d < 5 ? direction::outbound : d < 9 ? direction::inbound : direction::mutual;
    x.via = static_cast<channel>(chan(rng));
    if (x.via == channel::call || x.via == channel::meeting) x.duration_seconds = 60.0 * dir(rng);
    // Now and then an explicit reply link to the previous interaction of the other side.
    if (x.dir == direction::inbound && !h.items.empty() && dir(rng) == 0 && h.items.back().dir == direction::outbound)
      x.in_reply_to = h.items.back().at;
    h.items.push_back(x);
  }
  h.last = {t};
  return h;
}

// A model with random coefficients of the required signs and random half-lives: properties that
// hold for every valid model must hold for these. Half the coefficients are zero, so that one
// feature misbehaving is not hidden by the others.
inline rapport::model make_model(std::mt19937_64& rng) {
  using namespace rapport;
  model_params p = model_params::defaults();
  std::uniform_real_distribution<double> mag(0.0, 1.5), hl(1.0, 400.0);
  std::bernoulli_distribution keep(0.5);
  for (std::size_t i = 0; i < feature_count; ++i) p.beta[i] = keep(rng) ? required_sign(static_cast<feature>(i)) * mag(rng) : 0.0;
  p.intercept = mag(rng) - 0.75;
  // A random second stage too, so the guarantees are checked with a network context as well.
  p.context_intercept = mag(rng) - 0.75;
  p.context_pair_weight = keep(rng) ? mag(rng) : 1.0;
  for (std::size_t j = 0; j < context_feature_count; ++j)
    p.context_beta[j] = keep(rng) ? required_sign(static_cast<feature>(feature_count + j)) * mag(rng) : 0.0;
  p.half_life_short_days = hl(rng);
  p.half_life_long_days = p.half_life_short_days + hl(rng);
  // Random horizon slopes (sometimes 0, sometimes the largest accepted) for the horizon property.
  std::uniform_real_distribution<double> slope(0.0, model_params::max_horizon_slope);
  p.horizon_slope_short = keep(rng) ? slope(rng) : keep(rng) ? 0.0 : model_params::max_horizon_slope;
  p.horizon_slope_long = keep(rng) ? slope(rng) : keep(rng) ? 0.0 : model_params::max_horizon_slope;
  return *model::create(p);
}

// A plausible network context: activity counts and idle days as a CRM would report them.
inline rapport::network_context make_context(std::mt19937_64& rng) {
  std::exponential_distribution<double> count(1.0 / 20), idle(1.0 / 5);
  rapport::network_context c;
  c.owner_events_30d = std::floor(count(rng));
  c.contact_events_30d = std::floor(count(rng));
  c.owner_idle_days = idle(rng);
  c.contact_idle_days = idle(rng);
  return c;
}

}  // namespace rapport_test
