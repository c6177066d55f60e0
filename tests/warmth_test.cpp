#include <rapport/rapport.hpp>

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "random_history.hpp"

using namespace rapport;

namespace {
constexpr std::int64_t day = 86400;
interaction at(std::int64_t s, direction d, channel c = channel::email) {
  interaction x;
  x.at = {s};
  x.dir = d;
  x.via = c;
  return x;
}
history make(std::vector<interaction> items) { return *history::from(std::move(items), channel_table::defaults()); }
const std::int64_t t0 = utc(2026, 1, 5, 9).seconds;

// One trial of a property test: a random history folded into a state under a random model (the
// shipped one on even trials), with a random network context on one trial in four.
struct trial_state {
  model m;
  network_context ctx;
  bool with_context;
  std::int64_t last;
  contact_state s;
  const network_context* context() const { return with_context ? &ctx : nullptr; }
};
trial_state make_trial(std::mt19937_64& rng, int trial) {
  const auto h = rapport_test::make_history(rng);
  trial_state t{trial % 2 ? rapport_test::make_model(rng) : model::defaults(),
                rapport_test::make_context(rng),
                trial % 4 == 3,
                h.last.seconds,
                {}};
  for (const auto& x : h.items) t.s.absorb_unchecked(x, t.m);
  return t;
}
}  // namespace

TEST(WarmthPropertyTest, SilenceNeverRaisesWarmth) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 2000; ++trial) {
    const trial_state t = make_trial(rng, trial);  // the context, when given, held fixed
    std::int64_t now = t.last;
    double previous = *score(t.s, timestamp{now}, t.m, t.context());
    for (int step = 0; step < 12; ++step) {
      now += static_cast<std::int64_t>(u(rng) * u(rng) * 200 * day) + 1;
      const double w = *score(t.s, timestamp{now}, t.m, t.context());
      ASSERT_LE(w, previous + 1e-12) << "trial " << trial << " step " << step;
      previous = w;
    }
  }
}

TEST(WarmthPropertyTest, AnInboundReplyNeverLowersWarmth) {
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> chan(0, 8);
  for (int trial = 0; trial < 2000; ++trial) {
    trial_state t = make_trial(rng, trial);
    const timestamp now{t.last + static_cast<std::int64_t>(u(rng) * u(rng) * 120 * day)};
    const double before = *score(t.s, now, t.m, t.context());
    interaction reply = at(now.seconds, direction::inbound, static_cast<channel>(chan(rng)));
    ASSERT_TRUE(t.s.absorb(reply, t.m));
    const double after = *score(t.s, now, t.m, t.context());
    ASSERT_GE(after, before - 1e-12) << "trial " << trial;
  }
}

TEST(WarmthPropertyTest, SameInputSameOutputBits) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const auto h = rapport_test::make_history(rng);
    const history a = make(h.items), b = make(h.items);
    const timestamp now{h.last.seconds + 3 * day};
    auto wa = assess(a, now), wb = assess(b, now);
    ASSERT_TRUE(wa && wb);
    ASSERT_EQ(std::memcmp(&wa->score, &wb->score, sizeof(double)), 0);
    ASSERT_EQ(wa->reasons.size(), wb->reasons.size());
    for (std::size_t i = 0; i < wa->reasons.size(); ++i) ASSERT_EQ(wa->reasons[i].text, wb->reasons[i].text);
  }
}

TEST(WarmthPropertyTest, WarmthNeverFallsAsTheHorizonGrows) {
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 2000; ++trial) {
    const trial_state t = make_trial(rng, trial);
    const timestamp now{t.last + static_cast<std::int64_t>(u(rng) * u(rng) * 200 * day)};
    std::vector<double> horizons{1};  // 1 to 365 days, steps small and large
    while (horizons.back() < 365) horizons.push_back(std::fmin(horizons.back() + u(rng) * u(rng) * 60 + 1e-3, 365.0));
    double previous = -1;
    for (double horizon : horizons) {
      const double w = *score(t.s, now, t.m, t.context(), horizon);
      ASSERT_GE(w, previous - 1e-12) << "trial " << trial << " horizon " << horizon;
      ASSERT_TRUE(w >= 0 && w <= 100) << "trial " << trial;
      previous = w;
    }
  }
}

TEST(WarmthTest, TheModelsOwnHorizonIsTheDefaultAndOthersAreChecked) {
  const history h = make({at(t0, direction::outbound), at(t0 + 2 * day, direction::inbound)});
  const timestamp now{t0 + 10 * day};
  const model& m = model::defaults();
  EXPECT_EQ(m.params().horizon_days, 30);
  auto own = assess(h, now, m);
  score_options o;
  o.horizon_days = 30;
  auto asked = assess(h, now, m, o);
  ASSERT_TRUE(own && asked);
  EXPECT_EQ(own->score, asked->score);
  EXPECT_EQ(own->horizon_days, 30);
  o.horizon_days = 7;
  auto week = assess(h, now, m, o);
  o.horizon_days = 90;
  auto quarter = assess(h, now, m, o);
  ASSERT_TRUE(week && quarter);
  EXPECT_EQ(week->horizon_days, 7);
  // The shipped fit has positive slopes: a week is less likely than a month, a quarter more.
  EXPECT_LT(week->score, own->score);
  EXPECT_GT(quarter->score, own->score);
  for (double bad : {0.5, 366.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    o.horizon_days = bad;
    auto w = assess(h, now, m, o);
    ASSERT_FALSE(w) << bad;
    EXPECT_NE(w.error().message.find("horizon_days"), std::string::npos) << w.error().message;
  }
  contact_state st;
  for (const auto& x : h) ASSERT_TRUE(st.absorb(x, m));
  EXPECT_FALSE(score(st, now, m, nullptr, 400));
  EXPECT_DOUBLE_EQ(*score(st, now, m, nullptr, 7), week->score);
}

TEST(WarmthTest, ScoreIsAProbabilityInPercent) {
  const history h = make({at(t0, direction::outbound), at(t0 + 3600 * 5, direction::inbound)});
  auto w = assess(h, timestamp{t0 + 2 * day});
  ASSERT_TRUE(w);
  EXPECT_GT(w->score, 0);
  EXPECT_LT(w->score, 100);
  EXPECT_DOUBLE_EQ(w->score, 100 * w->probability);
  EXPECT_DOUBLE_EQ(w->probability, 1 / (1 + std::exp(-w->logit)));
  // Parts add up: logit = intercept + sum beta * reference + sum contributions.
  const auto& p = model::defaults().params();
  double z = p.intercept;
  for (std::size_t i = 0; i < feature_count; ++i) z += p.beta[i] * p.reference[i] + w->parts[i].contribution;
  EXPECT_NEAR(z, w->logit, 1e-9);
  EXPECT_EQ(w->level, p.band_of(w->score));
}

TEST(WarmthTest, InteractionsAfterNowAreRejectedOrIgnoredAsAsked) {
  const history h = make({at(t0, direction::outbound), at(t0 + 10 * day, direction::mutual, channel::meeting)});
  const timestamp now{t0 + 5 * day};
  auto rejected = assess(h, now);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, errc::out_of_range);
  EXPECT_NE(rejected.error().message.find("after the scoring time"), std::string::npos);
  score_options ignore;
  ignore.future = future_policy::ignore;
  auto w = assess(h, now, model::defaults(), ignore);
  ASSERT_TRUE(w);
  auto only_past = assess(make({at(t0, direction::outbound)}), now);
  EXPECT_DOUBLE_EQ(w->score, only_past->score);
}

TEST(WarmthTest, RejectsNonFiniteOrWronglySignedParameters) {
  model_params p = model_params::defaults();
  p.half_life_short_days = std::nan("");
  auto m = model::create(p);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("half_life_short_days"), std::string::npos);
  p = model_params::defaults();
  p.beta[static_cast<std::size_t>(feature::recency)] = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(model::create(p));
  p = model_params::defaults();
  p.beta[static_cast<std::size_t>(feature::silence)] = 0.5;  // silence may not raise warmth
  auto wrong = model::create(p);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("beta.silence"), std::string::npos);
  p = model_params::defaults();
  p.band_warm = p.band_hot + 1;
  EXPECT_FALSE(model::create(p));
  EXPECT_TRUE(model::create(model_params::defaults()));
}

TEST(StageTest, FollowsTheRelationshipArc) {
  const timestamp soon{t0 + day};
  // Met at an event: new.
  EXPECT_EQ(assess(make({at(t0, direction::mutual, channel::event)}), soon)->stage, stage::new_contact);
  // We wrote after meeting and wait: awaiting reply.
  EXPECT_EQ(assess(make({at(t0, direction::mutual, channel::event), at(t0 + 3600 * 3, direction::outbound)}), soon)->stage,
            stage::awaiting_reply);
  // They answered: ice broken.
  const auto ice = make({at(t0, direction::outbound), at(t0 + 7200, direction::inbound)});
  EXPECT_EQ(assess(ice, soon)->stage, stage::ice_broken);
  // Several answered exchanges or a call: established.
  const auto est = make({at(t0, direction::outbound), at(t0 + 7200, direction::inbound), at(t0 + 3 * day, direction::outbound),
                         at(t0 + 3 * day + 7200, direction::inbound)});
  EXPECT_EQ(assess(est, timestamp{t0 + 4 * day})->stage, stage::established);
  EXPECT_EQ(assess(make({at(t0, direction::mutual, channel::call)}), soon)->stage, stage::established);
  // Silent far beyond its rhythm: dormant.
  EXPECT_EQ(assess(est, timestamp{t0 + 200 * day})->stage, stage::dormant);
  // A commitment wins over everything.
  EXPECT_EQ(assess(make({at(t0, direction::mutual, channel::commitment)}), timestamp{t0 + 400 * day})->stage, stage::committed);
}

TEST(ReasonTest, SaysWhatMattersInWords) {
  std::vector<interaction> chase;
  for (int i = 0; i < 5; ++i) chase.push_back(at(t0 + i * 6 * day, direction::outbound));
  auto w = assess(make(chase), timestamp{t0 + 26 * day});
  ASSERT_TRUE(w);
  ASSERT_FALSE(w->reasons.empty());
  bool found = false;
  for (const auto& r : w->reasons) {
    EXPECT_GE(std::fabs(r.contribution), 0.1);
    if (r.text.find("5 messages in a row without an answer") != std::string::npos ||
        r.text.find("they have never reached out") != std::string::npos)
      found = true;
  }
  EXPECT_TRUE(found);
  for (std::size_t i = 1; i < w->reasons.size(); ++i)
    EXPECT_GE(std::fabs(w->reasons[i - 1].contribution), std::fabs(w->reasons[i].contribution));
}

TEST(ReasonTest, CountsAnsweredOutreach) {
  std::vector<interaction> items;
  for (int i = 0; i < 5; ++i) {  // five outreaches; the third is answered too late to count
    items.push_back(at(t0 + i * 30 * day, direction::outbound));
    items.push_back(at(t0 + i * 30 * day + (i == 2 ? 16 * day : 3600 * 4), direction::inbound));
  }
  auto s = snapshot_of(make(items), timestamp{t0 + 150 * day}, model::defaults());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->outreach, 5u);
  EXPECT_EQ(s->answered, 4u);
  EXPECT_EQ(detail::reason_text(feature::responsiveness, *s, t0 + 150 * day, model::defaults().params()),
            "they answered 4 of your 5 outreaches within 14 days");
}

TEST(ReasonTest, LateAnswersDoNotCountAsAnswered) {
  auto s = snapshot_of(make({at(t0, direction::outbound), at(t0 + 20 * day, direction::inbound)}), timestamp{t0 + 21 * day},
                       model::defaults());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->outreach, 1u);
  EXPECT_EQ(s->answered, 0u);
  EXPECT_EQ(s->unanswered, 0u);
  EXPECT_EQ(s->replies, 0u);
}

TEST(ReasonTest, ExplicitReplyLinkMeasuresLatencyFromTheLinkedMessage) {
  auto reply = at(t0 + 2 * day, direction::inbound);
  reply.in_reply_to = timestamp{t0};
  auto s = snapshot_of(make({at(t0, direction::outbound), at(t0 + day, direction::outbound), reply}), timestamp{t0 + 3 * day},
                       model::defaults());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->replies, 1u);
  EXPECT_NEAR(s->log_latency_sum, std::log(2.0 * day), 1e-12);
}

TEST(ContextTest, WithoutContextNothingChanges) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    const auto h = rapport_test::make_history(rng);
    const model m = rapport_test::make_model(rng);
    const history hist = make(h.items);
    const timestamp now{h.last.seconds + 5 * day};
    auto plain = assess(hist, now, m);
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->with_context);
    // The pair's own logit, as if the second stage did not exist.
    auto s = snapshot_of(hist, now, m);
    EXPECT_DOUBLE_EQ(plain->logit, logit_of(features_of(*s, now.seconds, m.params()), m.params()));
  }
}

TEST(ContextTest, TheIdentityStageLeavesTheScoreAlone) {
  model_params p = model_params::defaults();
  p.context_intercept = 0;
  p.context_pair_weight = 1;
  p.context_beta = {};
  const model m = *model::create(p);
  const history h = make({at(t0, direction::outbound), at(t0 + 3600 * 5, direction::inbound)});
  network_context ctx;
  ctx.owner_events_30d = 40;
  ctx.contact_idle_days = 3;
  score_options with;
  with.context = &ctx;
  auto a = assess(h, timestamp{t0 + 2 * day}, m), b = assess(h, timestamp{t0 + 2 * day}, m, with);
  ASSERT_TRUE(a && b);
  EXPECT_DOUBLE_EQ(a->score, b->score);
  EXPECT_TRUE(b->with_context);
}

TEST(ContextTest, ActivityWarmsAndIdlenessCools) {
  model_params p = model_params::defaults();
  p.context_beta = {0.5, 0.5, -0.5, -0.5};
  const model m = *model::create(p);
  const history h = make({at(t0, direction::outbound), at(t0 + 3600 * 5, direction::inbound)});
  const timestamp now{t0 + 2 * day};
  auto with = [&](network_context c) {
    score_options o;
    o.context = &c;
    return assess(h, now, m, o)->score;
  };
  network_context base;
  base.owner_events_30d = 10;
  base.contact_events_30d = 10;
  base.owner_idle_days = 2;
  base.contact_idle_days = 2;
  network_context busier = base, idler = base;
  busier.contact_events_30d = 60;
  idler.contact_idle_days = 25;
  EXPECT_GT(with(busier), with(base));
  EXPECT_LT(with(idler), with(base));
  score_options o;
  o.context = &idler;
  auto w = assess(h, now, m, o);
  bool named = false;
  for (const auto& r : w->reasons) named = named || r.text == "they have been idle for 25 days";
  EXPECT_TRUE(named);
}

TEST(ContextTest, StateHistoryAndBatchAgreeWithContext) {
  std::mt19937_64 rng(9);
  const model m = rapport_test::make_model(rng);
  const auto h = rapport_test::make_history(rng);
  const network_context ctx = rapport_test::make_context(rng);
  const history hist = make(h.items);
  contact_state s;
  for (const auto& x : hist) s.absorb_unchecked(x, m);
  const timestamp now{h.last.seconds + day};
  score_options o;
  o.context = &ctx;
  const double from_history = assess(hist, now, m, o)->score;
  EXPECT_NEAR(*score(s, now, m, &ctx), from_history, 1e-9);
  EXPECT_NEAR(assess(s, now, m, &ctx)->score, from_history, 1e-9);
  std::vector<std::int64_t> t;
  std::vector<std::uint8_t> c, d;
  for (const auto& x : hist) {
    t.push_back(x.at.seconds);
    c.push_back(static_cast<std::uint8_t>(x.via));
    d.push_back(static_cast<std::uint8_t>(x.dir));
  }
  const std::size_t offsets[] = {0, t.size()};
  double batch = 0;
  ASSERT_TRUE(
      score_batch(offsets, 1, {t.data(), c.data(), d.data(), t.size()}, now, m, &batch, nullptr, future_policy::reject, &ctx));
  EXPECT_NEAR(batch, from_history, 1e-9);
}

TEST(ContextTest, RejectsNanOrNegativeContextNamingTheField) {
  const history h = make({at(t0, direction::outbound)});
  network_context bad;
  bad.contact_idle_days = -1;
  score_options o;
  o.context = &bad;
  auto r = assess(h, timestamp{t0 + day}, model::defaults(), o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("contact_idle_days"), std::string::npos);
  bad.contact_idle_days = 0;
  bad.owner_events_30d = std::nan("");
  contact_state s;
  ASSERT_TRUE(s.absorb(at(t0, direction::outbound), model::defaults()));
  auto q = score(s, timestamp{t0 + day}, model::defaults(), &bad);
  ASSERT_FALSE(q);
  EXPECT_NE(q.error().message.find("owner_events_30d"), std::string::npos);
  model_params p = model_params::defaults();
  p.context_pair_weight = -0.5;
  EXPECT_FALSE(model::create(p));
  p = model_params::defaults();
  p.context_beta[2] = 0.3;  // owner idleness may not warm
  auto wrong = model::create(p);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("context_beta.owner_idle"), std::string::npos);
}
