// The column-wise batch engine against the per-contact API, on random batches with duplicates,
// future rows and bad rows spread over many validation blocks; and threads giving bit-identical
// results to one thread, in C++ and through the C ABI.
#include <rapport/batch.hpp>
#include <rapport/recommend_batch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "random_history.hpp"
#if RAPPORT_TEST_C_API
#include <rapport/rapport.h>
#endif

using namespace rapport;

namespace {
struct random_batch {
  std::vector<std::size_t> offsets{0};
  std::vector<std::int64_t> at;
  std::vector<std::uint8_t> channel, direction;
  std::vector<network_context> context_store;
  std::vector<const network_context*> contexts;
  timestamp now{0};
  interaction_columns view() const { return {at.data(), channel.data(), direction.data(), at.size()}; }
  std::size_t contacts() const { return offsets.size() - 1; }
};

// Contacts of 0-40 rows (several 4096-row blocks in all); now and then a duplicate row, a row
// after `now`, a bad channel, direction or time, or two rows out of order.
random_batch make_batch(std::mt19937_64& rng, std::size_t contacts) {
  random_batch b;
  b.now = utc(2026, 1, 1);
  std::uniform_int_distribution<int> len(0, 40), pct(0, 99), pick(0, 6);
  b.context_store.resize(contacts);
  for (std::size_t c = 0; c < contacts; ++c) {
    auto h = rapport_test::make_history(rng, static_cast<std::size_t>(len(rng)) + 1);
    const std::int64_t shift = b.now.seconds - h.last.seconds - (pct(rng) < 5 ? -3 * 86400 : 86400);
    const bool empty = pct(rng) < 3;
    for (std::size_t i = 0; i < h.items.size() && !empty; ++i) {
      b.at.push_back(h.items[i].at.seconds + shift);
      b.channel.push_back(static_cast<std::uint8_t>(h.items[i].via));
      b.direction.push_back(static_cast<std::uint8_t>(h.items[i].dir));
      if (pct(rng) < 4)
        b.at.push_back(b.at.back()), b.channel.push_back(b.channel.back()), b.direction.push_back(b.direction.back());
    }
    if (!empty && pct(rng) < 4) {  // one bad row somewhere in the contact
      const std::size_t r =
          b.offsets.back() + std::uniform_int_distribution<std::size_t>(0, b.at.size() - 1 - b.offsets.back())(rng);
      switch (pick(rng)) {
        case 0: b.channel[r] = 200; break;
        case 1: b.direction[r] = 3; break;
        case 2: b.at[r] = -5; break;
        case 3: b.at[r] = std::int64_t{1} << 33; break;
        default:
          if (r > b.offsets.back()) b.at[r] = b.at[r - 1] - 1;
      }
    }
    b.offsets.push_back(b.at.size());
    b.context_store[c] = rapport_test::make_context(rng);
    b.contexts.push_back(pct(rng) < 50 ? &b.context_store[c] : nullptr);
  }
  return b;
}

// The per-contact API's answer for contact c: NaN for no score, or the error of its rows.
struct expected {
  bool bad = false;
  double score = std::nan("");
};
expected per_contact(const random_batch& b, std::size_t c, const model& m, future_policy future) {
  std::vector<interaction> items;
  for (std::size_t r = b.offsets[c]; r < b.offsets[c + 1]; ++r) {
    if (r > b.offsets[c] && b.at[r] < b.at[r - 1]) return {true};  // a history would sort them; a batch says so
    interaction x;
    x.at = {b.at[r]};
    x.via = static_cast<channel>(b.channel[r]);
    x.dir = static_cast<direction>(b.direction[r]);
    items.push_back(x);
  }
  auto h = history::from(items, m.channels());
  if (!h) return {true};
  score_options o;
  o.future = future;
  o.context = b.contexts[c];
  auto w = assess(*h, b.now, m, o);
  if (!w) return {w.error().code == errc::out_of_range, std::nan("")};  // after now under reject, or nothing to score
  return {false, w->score};
}
}  // namespace

TEST(BatchEngineTest, EqualsPerContactApiOnRandomBatches) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    std::mt19937_64 rng(seed);
    const model m = rapport_test::make_model(rng);
    // Odd seeds make batches past rescan_min_rows (the rescan with decay tables), even ones
    // smaller batches (the fold through contact_state): both must equal the per-contact API.
    const random_batch b = make_batch(rng, seed % 2 ? 1500 : 150);
    ASSERT_EQ(b.at.size() >= detail::rescan_min_rows, seed % 2 == 1) << b.at.size();
    for (future_policy future : {future_policy::reject, future_policy::ignore}) {
      std::vector<double> scores(b.contacts());
      std::vector<errc> statuses(b.contacts());
      batch_options o;
      o.future = future;
      o.contexts = b.contexts.data();
      o.statuses = statuses.data();
      auto r = score_batch(b.offsets.data(), b.contacts(), b.view(), b.now, m, scores.data(), nullptr, o);
      ASSERT_TRUE(r) << r.error().message;
      std::size_t first_bad = SIZE_MAX;
      for (std::size_t c = 0; c < b.contacts(); ++c) {
        const expected e = per_contact(b, c, m, future);
        ASSERT_EQ(statuses[c] != errc::ok, e.bad) << "seed " << seed << " contact " << c;
        if (e.bad && first_bad == SIZE_MAX) first_bad = c;
        if (std::isnan(e.score))
          EXPECT_TRUE(std::isnan(scores[c])) << "seed " << seed << " contact " << c;
        else
          EXPECT_NEAR(scores[c], e.score, 1e-9) << "seed " << seed << " contact " << c;
      }
      EXPECT_EQ(r->first_bad, first_bad);
      // Without statuses the first bad contact fails the call, named in the message.
      o.statuses = nullptr;
      auto stop = score_batch(b.offsets.data(), b.contacts(), b.view(), b.now, m, scores.data(), nullptr, o);
      ASSERT_EQ(!stop, first_bad != SIZE_MAX);
      if (!stop) {
        EXPECT_NE(stop.error().message.find("contact " + std::to_string(first_bad) + ","), std::string::npos);
      }
    }
  }
}

TEST(BatchEngineTest, ThreadsGiveBitIdenticalResults) {
  std::mt19937_64 rng(99);
  const random_batch b = make_batch(rng, 3000);
  auto run = [&](unsigned threads, std::vector<double>& scores, std::vector<stage>& stages, std::vector<errc>& statuses) {
    scores.assign(b.contacts(), 0);
    stages.assign(b.contacts(), stage::committed);
    statuses.assign(b.contacts(), errc::internal);
    batch_options o;
    o.future = future_policy::ignore;
    o.contexts = b.contexts.data();
    o.statuses = statuses.data();
    o.threads = threads;
    return score_batch(b.offsets.data(), b.contacts(), b.view(), b.now, model::defaults(), scores.data(), stages.data(), o);
  };
  std::vector<double> s1, sn;
  std::vector<stage> g1, gn;
  std::vector<errc> e1, en;
  const auto one = run(1, s1, g1, e1);
  ASSERT_TRUE(one);
  ASSERT_GT(one->skipped, 0u);  // the batch has bad contacts, so merging reports is exercised
  for (unsigned threads : {2u, 3u, 7u, 64u}) {
    const auto many = run(threads, sn, gn, en);
    ASSERT_TRUE(many);
    EXPECT_EQ(std::memcmp(s1.data(), sn.data(), s1.size() * sizeof(double)), 0) << threads << " threads";
    EXPECT_EQ(g1, gn);
    EXPECT_EQ(e1, en);
    EXPECT_EQ(many->planned, one->planned);
    EXPECT_EQ(many->skipped, one->skipped);
    EXPECT_EQ(many->first_bad, one->first_bad);
    EXPECT_EQ(many->first_error, one->first_error);
  }
  // Without statuses, the error is the first bad contact's, as with one thread.
  batch_options o;
  o.threads = 4;
  std::vector<double> scores(b.contacts());
  const auto stop1 = score_batch(b.offsets.data(), b.contacts(), b.view(), b.now, model::defaults(), scores.data());
  const auto stop4 = score_batch(b.offsets.data(), b.contacts(), b.view(), b.now, model::defaults(), scores.data(), nullptr, o);
  ASSERT_FALSE(stop1);
  ASSERT_FALSE(stop4);
  EXPECT_EQ(stop1.error().message, stop4.error().message);
}

TEST(BatchEngineTest, RecommendBatchThreadsGiveIdenticalWindows) {
  std::mt19937_64 rng(5);
  std::vector<contact_state> states(500);
  timestamp now{0};
  for (auto& s : states) {
    const auto h = rapport_test::make_history(rng, 20);
    for (const auto& x : h.items) s.absorb_unchecked(x, model::defaults());
    now = std::max(now, timestamp{h.last.seconds + 86400});
  }
  states[7] = contact_state{};  // a skipped contact
  std::vector<follow_up_window> one(states.size()), many(states.size());
  batch_options b;
  const auto r1 = recommend_batch(states.data(), states.size(), nullptr, now, one.data(), model::defaults(), {}, b);
  b.threads = 3;
  const auto r3 = recommend_batch(states.data(), states.size(), nullptr, now, many.data(), model::defaults(), {}, b);
  ASSERT_TRUE(r1 && r3);
  EXPECT_EQ(r1->first_bad, 7u);
  EXPECT_EQ(r3->first_bad, 7u);
  EXPECT_EQ(r3->first_error, r1->first_error);
  for (std::size_t k = 0; k < states.size(); ++k) {
    EXPECT_EQ(one[k].what, many[k].what) << k;
    EXPECT_EQ(one[k].earliest, many[k].earliest) << k;
    EXPECT_EQ(one[k].latest, many[k].latest) << k;
    EXPECT_EQ(std::memcmp(&one[k].warmth, &many[k].warmth, sizeof(double)), 0) << k;
  }
}

TEST(BatchEngineTest, MoreThreadsThanContactsRunOneContactPerThread) {
  std::mt19937_64 rng(5);
  const random_batch b = make_batch(rng, 5);
  std::vector<double> one(b.contacts()), many(b.contacts());
  std::vector<errc> statuses(b.contacts());
  batch_options o;
  o.future = future_policy::ignore;
  o.statuses = statuses.data();  // a random contact may be bad: it gets its code, the others a score
  ASSERT_TRUE(score_batch(b.offsets.data(), b.contacts(), b.view(), b.now, model::defaults(), one.data(), nullptr, o));
  o.threads = 1000;  // capped at one thread per contact
  ASSERT_TRUE(score_batch(b.offsets.data(), b.contacts(), b.view(), b.now, model::defaults(), many.data(), nullptr, o));
  EXPECT_EQ(std::memcmp(one.data(), many.data(), one.size() * sizeof(double)), 0);
}

#if RAPPORT_TEST_C_API
TEST(BatchEngineTest, CApiThreadsGiveBitIdenticalResults) {
  std::mt19937_64 rng(17);
  const random_batch b = make_batch(rng, 2000);
  const std::vector<std::int64_t> offsets(b.offsets.begin(), b.offsets.end());
  auto run = [&](std::uint32_t threads, std::vector<double>& scores, std::vector<rapport_status>& statuses) {
    scores.assign(b.contacts(), 0);
    statuses.assign(b.contacts(), RAPPORT_OK);
    rapport_batch_options o = RAPPORT_BATCH_OPTIONS_INIT;
    o.future = RAPPORT_FUTURE_IGNORE;
    o.threads = threads;
    return rapport_batch_score(nullptr, scores.data(), nullptr, nullptr, statuses.data(), offsets.data(), b.contacts(),
                               b.at.data(), b.channel.data(), b.direction.data(), b.at.size(), b.now.seconds, &o);
  };
  std::vector<double> s1, s4;
  std::vector<rapport_status> e1, e4;
  ASSERT_EQ(run(1, s1, e1), RAPPORT_OK);
  ASSERT_EQ(run(4, s4, e4), RAPPORT_OK);
  EXPECT_EQ(std::memcmp(s1.data(), s4.data(), s1.size() * sizeof(double)), 0);
  EXPECT_EQ(e1, e4);
  rapport_batch_options o;
  ASSERT_EQ(rapport_batch_options_init(&o, 3), RAPPORT_OK);
  EXPECT_EQ(o.threads, 1u);
}
#endif
