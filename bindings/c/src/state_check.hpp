#pragma once
// Checks that 64 caller bytes can be a rapport::contact_state before we use them: a serialize +
// deserialize round trip would cost a CRC and an allocation per call, this costs a few compares.
// `state_mirror` lists contact_state's members in declaration order (the same order serialize()
// writes them); tests/c/capi_guard_test.cpp fails if the two ever disagree.

#include <cmath>
#include <cstdint>
#include <cstring>

#include <rapport/rapport.h>
#include <rapport/state.hpp>

namespace rapport::capi {

struct state_mirror {
  double in_short, in_long, out_short, out_long, log_latency_sum;
  std::uint32_t first, last, last_inbound, conversations;
  std::uint16_t outreach, answered, replies;
  std::uint8_t unanswered, flags;
};
static_assert(sizeof(state_mirror) == 64, "state mirror");

inline bool plausible(const rapport_state& raw) noexcept {
  state_mirror s;
  std::memcpy(&s, &raw, sizeof s);
  for (double d : {s.in_short, s.in_long, s.out_short, s.out_long, s.log_latency_sum})
    if (!std::isfinite(d)) return false;
  if (s.in_short < 0 || s.in_long < 0 || s.out_short < 0 || s.out_long < 0) return false;
  if (s.first > s.last || s.answered > s.outreach || s.flags >= 32) return false;
  if ((s.flags & rapport::detail::flag_inbound) && (s.last_inbound < s.first || s.last_inbound > s.last)) return false;
  if (s.conversations == 0 && (s.first || s.last || s.flags)) return false;
  return true;
}

}  // namespace rapport::capi
