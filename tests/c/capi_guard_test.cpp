// What the C suite cannot provoke from outside: exceptions thrown through the guard (the
// internal-error and out-of-memory paths), message truncation, and the state check's mirror of
// contact_state's layout. Also compiles <rapport/rapport.h> as C++.
#include <rapport/rapport.h>

#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <rapport/rapport.hpp>

#include "guard.hpp"
#include "state_check.hpp"

namespace {

std::string last() { return rapport::capi::message_buffer(); }

TEST(CapiGuardTest, ReturnsTheStatusOfTheBody) {
  EXPECT_EQ(rapport::capi::guard("f", [] { return 0; }), RAPPORT_OK);
  EXPECT_EQ(rapport::capi::guard("f", [] { return static_cast<int>(RAPPORT_ERANGE); }), RAPPORT_ERANGE);
}

TEST(CapiGuardTest, TurnsAStdExceptionIntoAnInternalError) {
  const auto st = rapport::capi::guard("rapport_thing", []() -> int { throw std::runtime_error("boom"); });
  EXPECT_EQ(st, RAPPORT_EINTERNAL);
  EXPECT_EQ(last(), "rapport_thing: internal error: boom");
}

TEST(CapiGuardTest, TurnsAnythingElseIntoAnInternalError) {
  const auto st = rapport::capi::guard("rapport_thing", []() -> int { throw 42; });
  EXPECT_EQ(st, RAPPORT_EINTERNAL);
  EXPECT_EQ(last(), "rapport_thing: internal error: unknown exception");
}

TEST(CapiGuardTest, TurnsBadAllocIntoOutOfMemory) {
  const auto st = rapport::capi::guard("rapport_thing", []() -> int { throw std::bad_alloc(); });
  EXPECT_EQ(st, RAPPORT_ENOMEM);
  EXPECT_EQ(last(), "rapport_thing: out of memory");
}

TEST(CapiGuardTest, TruncatesLongMessagesWithoutAllocating) {
  const std::string huge(5000, 'x');
  EXPECT_EQ(rapport::capi::set_error(rapport::errc::invalid_argument, huge.c_str()), RAPPORT_EINVAL);
  EXPECT_EQ(last().size(), rapport::capi::message_capacity - 1);
  EXPECT_EQ(rapport::capi::fail_c(rapport::errc::out_of_range, "%s=%d", "n", 7), RAPPORT_ERANGE);
  EXPECT_EQ(last(), "n=7");
}

// The mirror must read a real contact_state's fields where serialize() says they are.
TEST(CapiStateCheckTest, MirrorMatchesSerializedFields) {
  const auto& m = rapport::model::defaults();
  rapport::contact_state s;
  auto add = [&](std::int64_t t, rapport::channel c, rapport::direction d) {
    rapport::interaction x;
    x.at = {t};
    x.via = c;
    x.dir = d;
    ASSERT_TRUE(s.absorb(x, m));
  };
  add(1'700'000'000, rapport::channel::email, rapport::direction::outbound);
  add(1'700'003'000, rapport::channel::email, rapport::direction::inbound);
  add(1'700'900'000, rapport::channel::meeting, rapport::direction::mutual);
  add(1'701'900'000, rapport::channel::message, rapport::direction::outbound);
  add(1'702'900'000, rapport::channel::message, rapport::direction::outbound);

  rapport::capi::state_mirror mirror;
  std::memcpy(&mirror, static_cast<const void*>(&s), sizeof mirror);
  const std::string bytes = s.serialize();
  const auto* q = reinterpret_cast<const unsigned char*>(bytes.data()) + 8;
  auto u64 = [&](int at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(q[at + i]) << (8 * i);
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  };
  auto u32 = [&](int at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(q[at + i]) << (8 * i);
    return v;
  };
  auto u16 = [&](int at) { return static_cast<std::uint16_t>(q[at] | (q[at + 1] << 8)); };
  EXPECT_EQ(mirror.in_short, u64(0));
  EXPECT_EQ(mirror.in_long, u64(8));
  EXPECT_EQ(mirror.out_short, u64(16));
  EXPECT_EQ(mirror.out_long, u64(24));
  EXPECT_EQ(mirror.log_latency_sum, u64(32));
  EXPECT_EQ(mirror.first, u32(40));
  EXPECT_EQ(mirror.last, u32(44));
  EXPECT_EQ(mirror.last_inbound, u32(48));
  EXPECT_EQ(mirror.conversations, u32(52));
  EXPECT_EQ(mirror.outreach, u16(56));
  EXPECT_EQ(mirror.answered, u16(58));
  EXPECT_EQ(mirror.replies, u16(60));
  EXPECT_EQ(mirror.unanswered, q[62]);
  EXPECT_EQ(mirror.flags, q[63]);
  // and the values are the ones this history must give
  EXPECT_EQ(mirror.first, 1'700'000'000u);
  EXPECT_EQ(mirror.last, 1'702'900'000u);
  EXPECT_EQ(mirror.last_inbound, 1'700'003'000u);
  EXPECT_EQ(mirror.unanswered, 2);
  EXPECT_GT(mirror.in_long, 0);

  rapport_state raw;
  std::memcpy(&raw, static_cast<const void*>(&s), sizeof raw);
  EXPECT_TRUE(rapport::capi::plausible(raw));
  rapport_state zero{};
  EXPECT_TRUE(rapport::capi::plausible(zero));
  rapport_state bad = raw;
  mirror.answered = static_cast<std::uint16_t>(mirror.outreach + 1);
  std::memcpy(&bad, &mirror, sizeof bad);
  EXPECT_FALSE(rapport::capi::plausible(bad));
}

}  // namespace
