#pragma once
// Turn-taking bookkeeping shared by the history rescan and contact_state: conversations, the
// unanswered run (in outreaches: a burst of outbound messages closer than the session gap is one),
// outreach answered, reply latencies. Integer logic only; the decayed sums, where
// rescan and incremental state really differ, live with each of them.

#include <cmath>
#include <cstdint>

#include <rapport/interaction.hpp>
#include <rapport/model.hpp>

namespace rapport {
inline namespace v1 {
namespace detail {

enum : std::uint8_t {
  flag_inbound = 1,
  flag_outbound = 2,
  flag_substantive = 4,
  flag_commitment = 8,
  flag_two_way = 16,
};

struct tally {  // 12 bytes, so that contact_state stays at 64
  std::uint32_t conversations = 0;
  std::uint16_t outreach = 0, answered = 0, replies = 0;
  std::uint8_t unanswered = 0;  // saturates at 255
  std::uint8_t flags = 0;
};
static_assert(sizeof(tally) == 12, "tally layout");

// Counters halve when full, so ratios and means survive very long histories (documented in
// docs/MODEL.md: after 65,535 outreaches the oldest half weigh half).
inline void halve_if_full(std::uint16_t& a, std::uint16_t& b) noexcept {
  if (a == 0xFFFF) {
    a = static_cast<std::uint16_t>(a / 2);
    b = static_cast<std::uint16_t>(b / 2);
  }
}

// Advances `t` over `x`. `prev_at` is the time of the previous interaction (ignored for the first);
// precondition: x.at >= prev_at and `x` is valid.
inline void step(tally& t, double& log_latency_sum, const interaction& x, std::int64_t prev_at, const channel_spec& spec,
                 const model_params& p) noexcept {
  const bool first = t.conversations == 0;
  if (first || static_cast<double>(x.at.seconds - prev_at) > p.session_gap_seconds) ++t.conversations;
  if (spec.substantive && x.dir == direction::mutual) t.flags |= flag_substantive | flag_two_way;
  if (spec.commitment) t.flags |= flag_commitment;
  switch (x.dir) {
    case direction::outbound:
      t.flags |= flag_outbound;
      if (spec.substantive) t.flags |= flag_substantive;
      // A burst is one outreach: an outbound starts a new outreach only when the run is empty or
      // it comes more than the session gap after the previous interaction (while the run is
      // unanswered, that is our previous outbound). The run counts outreaches, not messages.
      if (t.unanswered == 0) {
        halve_if_full(t.outreach, t.answered);
        ++t.outreach;
        t.unanswered = 1;
      } else if (static_cast<double>(x.at.seconds - prev_at) > p.session_gap_seconds && t.unanswered < 255) {
        ++t.unanswered;
      }
      break;
    case direction::inbound: {
      t.flags |= flag_inbound;
      if (spec.substantive) t.flags |= flag_substantive;
      // Latency runs from the message answered: the linked one if given, else our last outbound
      // (while a run is unanswered, the previous interaction is that outbound).
      const bool linked = x.in_reply_to.has_value();
      if (linked || t.unanswered > 0) {
        const std::int64_t asked = linked ? x.in_reply_to->seconds : prev_at;
        const double latency = static_cast<double>(x.at.seconds - asked);
        if (latency <= p.reply_window_days * seconds_per_day) {
          if (t.unanswered > 0) ++t.answered;
          if (t.replies == 0xFFFF) {
            t.replies /= 2;
            log_latency_sum /= 2;
          }
          ++t.replies;
          log_latency_sum += std::log(std::fmax(latency, 1.0));  // a same-second answer counts as 1 s
        }
      }
      t.unanswered = 0;
      break;
    }
    case direction::mutual:
      // A meeting or call soon after our outreach answers it too (no latency sample: we do not
      // know who set it up).
      if (t.unanswered > 0 && static_cast<double>(x.at.seconds - prev_at) <= p.reply_window_days * seconds_per_day) ++t.answered;
      t.unanswered = 0;
      break;
  }
  if ((t.flags & (flag_inbound | flag_outbound)) == (flag_inbound | flag_outbound)) t.flags |= flag_two_way;
}

inline void fill(snapshot& s, const tally& t, double log_latency_sum) noexcept {
  s.conversations = t.conversations;
  s.unanswered = t.unanswered;
  s.outreach = t.outreach;
  s.answered = t.answered;
  s.replies = t.replies;
  s.log_latency_sum = log_latency_sum;
  s.has_inbound = t.flags & flag_inbound;
  s.has_outbound = t.flags & flag_outbound;
  s.has_substantive = t.flags & flag_substantive;
  s.has_commitment = t.flags & flag_commitment;
  s.has_two_way = t.flags & flag_two_way;
}

}  // namespace detail
}  // namespace v1
}  // namespace rapport
