// What the C suite cannot provoke from outside: exceptions thrown through the guard (the
// internal-error and out-of-memory paths), message truncation, the entry macro's naming, and the
// core's check of raw 64-byte states that the C layer relies on. Also compiles <rapport/rapport.h>
// as C++.
#include <rapport/rapport.h>

#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <rapport/rapport.hpp>

#include "capi.hpp"
#include "guard.hpp"

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

// An entry point written with RAPPORT_C_ENTRY, as every one in bindings/c/src is.
rapport_status rapport_demo_entry(int what) {
  RAPPORT_C_ENTRY {
    if (what == 1) throw std::runtime_error("boom");
    if (what == 2) return rapport::capi::fail_c(rapport::errc::invalid_argument, "%s: x is NULL", fn);
    return RAPPORT_OK;
  };
}

TEST(CapiEntryTest, NamesTheFunctionAndGuardsItsBody) {
  EXPECT_EQ(rapport_demo_entry(0), RAPPORT_OK);
  EXPECT_EQ(rapport_demo_entry(1), RAPPORT_EINTERNAL);
  EXPECT_EQ(last(), "rapport_demo_entry: internal error: boom");
  EXPECT_EQ(rapport_demo_entry(2), RAPPORT_EINVAL);
  EXPECT_EQ(last(), "rapport_demo_entry: x is NULL");
}

// The C layer copies a caller's 64 bytes into a contact_state and asks the core whether any
// history could give them (contact_state::defect): no copy of the state's private layout.
TEST(CapiStateCheckTest, RawStatesAreCheckedByTheCoresRule) {
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
  static_assert(sizeof(rapport_state) == sizeof(rapport::contact_state), "state size");
  rapport_state raw;
  std::memcpy(&raw, static_cast<const void*>(&s), sizeof raw);
  rapport::contact_state back;
  std::memcpy(static_cast<void*>(&back), &raw, sizeof back);
  EXPECT_EQ(back.defect(), nullptr);
  EXPECT_EQ(back.serialize(), s.serialize());
  EXPECT_EQ(rapport::contact_state{}.defect(), nullptr);  // all zeros: empty
  rapport_state junk;
  std::memset(&junk, 0xFF, sizeof junk);
  std::memcpy(static_cast<void*>(&back), &junk, sizeof back);
  EXPECT_NE(back.defect(), nullptr);
}

}  // namespace
