#include <rapport/rapport.hpp>

#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "random_history.hpp"

using namespace rapport;

namespace {
contact_state fold(const std::vector<interaction>& items, const model& m) {
  contact_state s;
  for (const auto& x : items) EXPECT_TRUE(s.absorb(x, m));
  return s;
}
}  // namespace

TEST(StateTest, IsSixtyFourBytes) { EXPECT_LE(sizeof(contact_state), 64u); }

TEST(StateTest, IncrementalEqualsRescanOnThousandsOfRandomHistories) {
  std::mt19937_64 rng(20261125);
  std::uniform_real_distribution<double> later(0, 400 * 86400.0);
  for (int trial = 0; trial < 3000; ++trial) {
    const auto h = rapport_test::make_history(rng);
    const model m = trial % 2 ? rapport_test::make_model(rng) : model::defaults();
    const timestamp now{h.last.seconds + static_cast<std::int64_t>(later(rng))};
    auto hist = history::from(h.items, m.channels());
    ASSERT_TRUE(hist);
    // The state absorbs what it is given; merging duplicates is the history's job.
    const contact_state s = fold(hist->items(), m);
    auto rescan = assess(*hist, now, m);
    auto incremental = assess(s, now, m);
    ASSERT_TRUE(rescan && incremental);
    ASSERT_NEAR(rescan->score, incremental->score, 1e-9) << "trial " << trial;
    for (std::size_t i = 0; i < feature_count; ++i)
      ASSERT_NEAR(rescan->parts[i].value, incremental->parts[i].value, 1e-9) << "trial " << trial << " feature " << i;
    ASSERT_EQ(rescan->stage, incremental->stage) << "trial " << trial;
  }
}

TEST(StateTest, RejectsOlderInteractionAndStaysUnchanged) {
  contact_state s;
  interaction x;
  x.at = {1000};
  ASSERT_TRUE(s.absorb(x, model::defaults()));
  const std::string before = s.serialize();
  x.at = {999};
  auto r = s.absorb(x, model::defaults());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::out_of_range);
  EXPECT_NE(r.error().message.find("earlier"), std::string::npos);
  EXPECT_EQ(s.serialize(), before);
  x.at = {1000};  // the same second is fine
  EXPECT_TRUE(s.absorb(x, model::defaults()));
}

TEST(StateTest, RejectsInvalidInteractionAndStaysUnchanged) {
  contact_state s;
  interaction x;
  x.at = {1000};
  x.duration_seconds = -5;
  auto r = s.absorb(x, model::defaults());
  ASSERT_FALSE(r);
  EXPECT_TRUE(s.empty());
  x.duration_seconds = 0;
  x.via = static_cast<channel>(63);
  EXPECT_FALSE(s.absorb(x, model::defaults()));
  EXPECT_TRUE(s.empty());
}

TEST(StateTest, SerialisationRoundTripsAndIsDeterministic) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const auto h = rapport_test::make_history(rng);
    const contact_state a = fold(h.items, model::defaults());
    const contact_state b = fold(h.items, model::defaults());
    const std::string bytes = a.serialize();
    ASSERT_EQ(bytes.size(), contact_state::serialized_size);
    ASSERT_EQ(bytes, b.serialize());  // same input, same bytes
    auto back = contact_state::deserialize(bytes.data(), bytes.size());
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->serialize(), bytes);
    const timestamp now{h.last.seconds + 86400};
    EXPECT_EQ(*score(*back, now), *score(a, now));
  }
}

TEST(StateTest, SerialisedLayoutIsPinned) {
  // The blob is stored by CRMs: its bytes must not change within format version 1.
  contact_state s;
  interaction x;
  x.at = {1700000000};
  x.dir = direction::inbound;
  ASSERT_TRUE(s.absorb(x, model::defaults()));
  const std::string b = s.serialize();
  EXPECT_EQ(b.substr(0, 4), "RPST");
  EXPECT_EQ(static_cast<unsigned char>(b[4]), 1u);
  double in_short = 0;
  std::memcpy(&in_short, b.data() + 8, 8);  // little-endian hosts only; CI is x86-64
  EXPECT_EQ(in_short, 1.0);
  std::uint32_t first = 0;
  std::memcpy(&first, b.data() + 48, 4);
  EXPECT_EQ(first, 1700000000u);
}

TEST(StateTest, RejectsCorruptOrForeignBlobs) {
  contact_state s;
  interaction x;
  x.at = {5000};
  ASSERT_TRUE(s.absorb(x, model::defaults()));
  const std::string good = s.serialize();
  for (std::size_t i = 0; i < good.size(); ++i) {  // every single-byte corruption is caught
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    auto r = contact_state::deserialize(bad.data(), bad.size());
    ASSERT_FALSE(r) << "byte " << i;
    EXPECT_EQ(r.error().code, errc::invalid_argument);
  }
  auto short_blob = contact_state::deserialize(good.data(), good.size() - 1);
  ASSERT_FALSE(short_blob);
  EXPECT_NE(short_blob.error().message.find("bytes"), std::string::npos);
  EXPECT_FALSE(contact_state::deserialize(nullptr, good.size()));
}

TEST(StateTest, RejectsOtherFormatVersionsEvenWithValidChecksum) {
  // Build a blob of version 2 with a correct CRC: the version check must speak, not the checksum.
  contact_state s;
  std::string blob = s.serialize();
  blob[4] = 2;
  auto r = contact_state::deserialize(blob.data(), blob.size());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("version 2"), std::string::npos) << r.error().message;
}

TEST(StateTest, EmptyStateHasNoScore) {
  contact_state s;
  auto r = score(s, timestamp{100});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::invalid_argument);
}

TEST(StateTest, ScoringBeforeTheLastInteractionIsAnError) {
  contact_state s;
  interaction x;
  x.at = {5000};
  ASSERT_TRUE(s.absorb(x, model::defaults()));
  auto r = score(s, timestamp{4999});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::out_of_range);
}

TEST(StateTest, RejectsAnEmptyStateCarryingEngagement) {
  // A blob with no conversation but non-zero sums and a valid checksum: no history gives that.
  contact_state s;
  std::string blob = s.serialize();
  const double fake = 1000;
  std::memcpy(blob.data() + 8, &fake, 8);
  // Recompute the CRC-32 the way serialize does, so only the field check can object.
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i + 4 < blob.size(); ++i) {
    c ^= static_cast<unsigned char>(blob[i]);
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  c = ~c;
  for (int i = 0; i < 4; ++i) blob[blob.size() - 4 + i] = static_cast<char>((c >> (8 * i)) & 0xFF);
  auto r = contact_state::deserialize(blob.data(), blob.size());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("empty state with data"), std::string::npos) << r.error().message;
}

TEST(StateTest, RejectsAReplyLinkBeforeItsSpan) {
  contact_state s;
  interaction x;
  x.at = {1000};
  x.dir = direction::inbound;
  x.in_reply_to = timestamp{0};
  EXPECT_FALSE(s.absorb(x, model::defaults()));  // empty: nothing to answer
  interaction first;
  first.at = {500};
  ASSERT_TRUE(s.absorb(first, model::defaults()));
  x.in_reply_to = timestamp{400};
  EXPECT_FALSE(s.absorb(x, model::defaults()));
  x.in_reply_to = timestamp{500};
  EXPECT_TRUE(s.absorb(x, model::defaults()));
}

TEST(StateTest, PublicCheckAcceptsRealStatesAndRejectsImpossibleBytes) {
  // The check deserialize uses, offered for states whose bytes came from outside (the C API's).
  std::mt19937_64 rng(5);
  for (int i = 0; i < 200; ++i) {
    auto h = rapport_test::make_history(rng);
    auto hist = history::from(h.items, channel_table::defaults());
    ASSERT_TRUE(hist);
    contact_state s;
    for (const auto& x : *hist) s.absorb_unchecked(x, model::defaults());
    EXPECT_EQ(s.defect(), nullptr);
    EXPECT_TRUE(s.check());
  }
  EXPECT_TRUE(contact_state{}.check());
  contact_state junk;
  std::memset(static_cast<void*>(&junk), 0xFF, sizeof junk);  // NaN sums, whatever the layout
  ASSERT_NE(junk.defect(), nullptr);
  auto r = junk.check();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::invalid_argument);
  EXPECT_NE(r.error().message.find(junk.defect()), std::string::npos) << r.error().message;
}
