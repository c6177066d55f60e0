// The stored state (state.hpp): a CRM keeps one 76-byte blob per contact in a column and loads it
// back on every interaction. What it relies on: a blob whose checksum is right but whose fields no
// history could produce is refused with the reason (so a bug or a hand-edit upstream is caught at
// load, not as a wrong warmth later), and long-lived contacts keep sensible ratios when their
// 16-bit counters fill. Round trips, the pinned layout and corruption are in state_test.cpp.

#include <rapport/rapport.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "crc32.hpp"

namespace {
using namespace rapport;

interaction make(std::int64_t at, direction d, std::optional<timestamp> reply = std::nullopt) {
  interaction x;
  x.at = {at};
  x.via = channel::email;
  x.dir = d;
  x.in_reply_to = reply;
  return x;
}

// A state of a real exchange: we write, they answer the next day, we write again.
std::string real_blob() {
  contact_state s;
  const model& m = model::defaults();
  EXPECT_TRUE(s.absorb(make(1'700'000'000, direction::outbound), m));
  EXPECT_TRUE(s.absorb(make(1'700'086'400, direction::inbound, timestamp{1'700'000'000}), m));
  EXPECT_TRUE(s.absorb(make(1'700'500'000, direction::outbound), m));
  return s.serialize();
}

// Field offsets of format version 1 (state.hpp: magic, version, 5 doubles, 4 u32, 3 u16, 2 u8, CRC).
enum : std::size_t {
  in_short = 8,
  in_long = 16,
  out_short = 24,
  out_long = 32,
  log_latency = 40,
  first = 48,
  last = 52,
  last_inbound = 56,
  outreach = 64,
  answered = 66,
  unanswered = 70,
  flags = 71
};

void put_double(std::string& b, std::size_t at, double v) { std::memcpy(&b[at], &v, 8); }  // x86-64: little-endian
void put_u32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
std::uint32_t get_u32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}
void put_u16(std::string& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<char>(v & 0xFF);
  b[at + 1] = static_cast<char>(v >> 8);
}
std::uint16_t get_u16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}
void seal(std::string& b) {
  put_u32(b, b.size() - 4, rapport_test::crc32(reinterpret_cast<const unsigned char*>(b.data()), b.size() - 4));
}

struct impossible {
  const char* what;
  std::function<void(std::string&)> patch;
  const char* reason;  // deserialize's and defect()'s text
};

TEST(StateBlobTest, FieldsNoHistoryCouldProduceAreRefusedWithTheReason) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const std::vector<impossible> cases = {
      {"NaN latency sum", [&](std::string& b) { put_double(b, log_latency, nan); }, "non-finite number"},
      {"infinite long engagement", [&](std::string& b) { put_double(b, in_long, inf); }, "non-finite number"},
      {"negative inbound engagement", [](std::string& b) { put_double(b, in_short, -0.5); }, "negative engagement"},
      {"negative outbound engagement", [](std::string& b) { put_double(b, out_long, -1e-9); }, "negative engagement"},
      {"first after last", [](std::string& b) { put_u32(b, first, get_u32(b, last) + 1); }, "first interaction after the last"},
      {"last inbound after the last", [](std::string& b) { put_u32(b, last_inbound, get_u32(b, last) + 1); },
       "last inbound outside the history"},
      {"last inbound before the first", [](std::string& b) { put_u32(b, last_inbound, get_u32(b, first) - 1); },
       "last inbound outside the history"},
      {"more answered than outreach",
       [](std::string& b) { put_u16(b, answered, static_cast<std::uint16_t>(get_u16(b, outreach) + 1)); },
       "more answered than outreach"},
      {"unanswered run with all answered", [](std::string& b) { put_u16(b, answered, get_u16(b, outreach)); },
       "an unanswered run with every outreach answered"},
      {"flag bit 5", [](std::string& b) { b[flags] = static_cast<char>(b[flags] | 32); }, "unknown flags"},
  };
  const std::string good = real_blob();
  ASSERT_TRUE(contact_state::deserialize(good.data(), good.size()));
  ASSERT_EQ(good[unanswered], 1);  // the last outbound is unanswered: the run the 9th case needs
  for (const auto& c : cases) {
    std::string b = good;
    c.patch(b);
    seal(b);
    auto r = contact_state::deserialize(b.data(), b.size());
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error().code, errc::invalid_argument) << c.what;
    EXPECT_EQ(r.error().message, std::string("contact state blob: ") + c.reason) << c.what;
  }
}

TEST(StateBlobTest, BadMagicIsNamedBeforeTheChecksum) {
  std::string b = real_blob();
  b[3] = 'X';
  auto r = contact_state::deserialize(b.data(), b.size());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bad magic"), std::string::npos) << r.error().message;
  auto too_long = contact_state::deserialize((b + "x").data(), b.size() + 1);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("expected 76 bytes, got 77"), std::string::npos) << too_long.error().message;
}

TEST(StateBlobTest, AbsorbRefusesOlderAndInvalidInteractionsNamingTheTime) {
  contact_state s;
  const model& m = model::defaults();
  ASSERT_TRUE(s.absorb(make(1'700'000'000, direction::outbound), m));
  auto older = s.absorb(make(1'699'999'999, direction::inbound), m);
  ASSERT_FALSE(older);
  EXPECT_EQ(older.error().code, errc::out_of_range);
  EXPECT_NE(older.error().message.find(format_utc({1'699'999'999})), std::string::npos) << older.error().message;
  EXPECT_NE(older.error().message.find("rebuild the state"), std::string::npos) << older.error().message;
  interaction bad = make(1'700'000'100, direction::inbound);
  bad.duration_seconds = -1;
  auto invalid = s.absorb(bad, m);
  ASSERT_FALSE(invalid);
  EXPECT_NE(invalid.error().message.find("interaction at " + format_utc({1'700'000'100})), std::string::npos)
      << invalid.error().message;
  EXPECT_EQ(s.last(), timestamp{1'700'000'000});  // unchanged
}

// Counters are 16 bits and halve when full (docs/MODEL.md): a contact answered every time keeps
// answering every time, however long the history, and the state stays loadable and equal to a rescan.
TEST(StateBlobTest, CountersHalveWhenFullAndKeepTheirRatios) {
  const model& m = model::defaults();
  contact_state s;
  std::vector<interaction> items;
  std::int64_t t = 100'000;
  for (int i = 0; i < 70'000; ++i) {  // more outreaches (and replies) than 16 bits hold
    items.push_back(make(t, direction::outbound));
    items.push_back(make(t + 600, direction::inbound, timestamp{t}));
    t += 2 * 3600;
  }
  for (const auto& x : items) s.absorb_unchecked(x, m);
  ASSERT_EQ(s.defect(), nullptr);
  const std::string blob = s.serialize();
  EXPECT_LT(get_u16(blob, outreach), 0xFFFF);
  EXPECT_EQ(get_u16(blob, outreach), get_u16(blob, answered));
  auto back = contact_state::deserialize(blob.data(), blob.size());
  ASSERT_TRUE(back) << back.error().message;
  const snapshot snap = back->at(timestamp{t}, m);
  EXPECT_EQ(snap.answered, snap.outreach);  // every outreach answered, before and after halving
  EXPECT_GT(snap.outreach, 30'000u);
  // Ten minutes, as every reply (halving the count rounds down by half a sample, the sum does not).
  EXPECT_NEAR(snap.log_latency_sum / snap.replies, std::log(600.0), 1e-3);
  auto h = history::from(items, m.channels());
  ASSERT_TRUE(h);
  auto rescan = assess(*h, timestamp{t}, m);
  auto incremental = assess(*back, timestamp{t}, m);
  ASSERT_TRUE(rescan && incremental);
  EXPECT_NEAR(incremental->score, rescan->score, 1e-9);
}

}  // namespace
