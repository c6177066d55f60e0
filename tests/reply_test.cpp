// The reply model (issue 9, item 3): features, signs, range, validation, reasons, and the fit.
#include <rapport/calibrate.hpp>
#include <rapport/rapport.hpp>
#include <rapport/reply.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "random_history.hpp"

using namespace rapport;

namespace {
// Random parameters of the required signs; half the coefficients zero.
reply_params random_params(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> mag(0.0, 1.5), icpt(-3, 3);
  std::bernoulli_distribution keep(0.5);
  reply_params p;
  p.intercept = icpt(rng);
  for (std::size_t j = 0; j < reply_feature_count; ++j)
    p.beta[j] = keep(rng) ? required_sign(static_cast<reply_feature>(j)) * mag(rng) : 0.0;
  return p;
}

snapshot random_snapshot(std::mt19937_64& rng, const model& m, timestamp& now) {
  const auto h = rapport_test::make_history(rng);
  auto hist = history::from(h.items, m.channels());
  EXPECT_TRUE(hist);
  now = {h.last.seconds + std::uniform_int_distribution<std::int64_t>(0, 60 * 86400)(rng)};
  auto s = snapshot_of(*hist, now, m);
  EXPECT_TRUE(s);
  return *s;
}
}  // namespace

TEST(ReplyTest, ShippedDefaultsValidate) {
  EXPECT_TRUE(reply_params::defaults().validate());
  EXPECT_TRUE(default_reply_params().validate());
  EXPECT_EQ(default_reply_params().version, reply_params::current_version);
}

TEST(ReplyTest, FeatureNamesAndSigns) {
  EXPECT_STREQ(to_string(reply_feature::answers_them), "answers_them");
  EXPECT_STREQ(to_string(reply_feature::hour_lift), "hour_lift");
  EXPECT_STREQ(to_string(static_cast<reply_feature>(reply_feature_count)), "invalid");
  EXPECT_EQ(required_sign(reply_feature::unanswered), -1);
  EXPECT_EQ(required_sign(reply_feature::since_theirs), -1);
  EXPECT_EQ(required_sign(reply_feature::answers_them), +1);
  EXPECT_EQ(required_sign(reply_feature::hour_lift), +1);
  EXPECT_EQ(reply_signs().size(), reply_feature_count);
}

TEST(ReplyTest, ChanceIsStrictlyInsideZeroOneForEveryValidModelAndLift) {
  std::mt19937_64 rng(91);
  const double lifts[] = {1.0, 0.0, -2.0, 1e-300, 1e300, std::numeric_limits<double>::infinity(), std::nan(""), 3.5};
  for (int trial = 0; trial < 2000; ++trial) {
    const model m = trial % 2 ? rapport_test::make_model(rng) : model::defaults();
    const reply_params rp = trial % 3 ? random_params(rng) : reply_params::defaults();
    ASSERT_TRUE(rp.validate());
    timestamp now;
    const snapshot s = random_snapshot(rng, m, now);
    for (double lift : lifts) {
      const reply_vector x = reply_features_of(s, now.seconds, lift, m.params(), rp);
      for (double v : x) ASSERT_TRUE(std::isfinite(v)) << "trial " << trial;
      const double p = reply_chance(x, rp);
      ASSERT_GT(p, 0.0);
      ASSERT_LT(p, 1.0);
      for (double v : reply_features_of(s, s.last - 400 * 86400, lift, m.params(), rp))
        ASSERT_TRUE(std::isfinite(v));  // before its last: read as s.last
      const double later = reply_chance_at(s, now, {now.seconds + 86400 * 3}, lift, m, rp);
      ASSERT_GT(later, 0.0);
      ASSERT_LT(later, 1.0);
    }
  }
}

TEST(ReplyTest, EachFeatureMovesTheChanceOnlyInItsSignsDirection) {
  std::mt19937_64 rng(92);
  std::normal_distribution<double> v(0, 2);
  for (int trial = 0; trial < 5000; ++trial) {
    const reply_params rp = random_params(rng);
    reply_vector x{};
    for (double& xi : x) xi = v(rng);
    const double p0 = reply_chance(x, rp);
    for (std::size_t j = 0; j < reply_feature_count; ++j) {
      reply_vector y = x;
      y[j] += 0.5;
      const double p1 = reply_chance(y, rp);
      if (required_sign(static_cast<reply_feature>(j)) > 0)
        ASSERT_GE(p1, p0) << to_string(static_cast<reply_feature>(j));
      else
        ASSERT_LE(p1, p0) << to_string(static_cast<reply_feature>(j));
    }
  }
}

TEST(ReplyTest, MoreUnansweredOutreachesNeverRaiseTheChance) {
  std::mt19937_64 rng(93);
  for (int trial = 0; trial < 2000; ++trial) {
    const model m = trial % 2 ? rapport_test::make_model(rng) : model::defaults();
    const reply_params rp = trial % 3 ? random_params(rng) : reply_params::defaults();
    timestamp now;
    snapshot s = random_snapshot(rng, m, now);
    const double before = reply_chance(reply_features_of(s, now.seconds, 1.0, m.params(), rp), rp);
    s.unanswered += 1;
    const double after = reply_chance(reply_features_of(s, now.seconds, 1.0, m.params(), rp), rp);
    ASSERT_LE(after, before) << "trial " << trial;
  }
}

TEST(ReplyTest, TheirTurnNeverLowersTheChance) {
  // Same tallies; they wrote an hour before the outreach, our run is empty: answers_them is 1.
  // With nothing of ours unanswered flipped to one unanswered outreach, answers_them goes to 0
  // and unanswered up: the chance can only fall.
  const model& m = model::defaults();
  const std::int64_t t0 = utc(2026, 5, 4, 10).seconds;
  std::vector<interaction> items;
  for (int k = 0; k < 4; ++k) {
    interaction a, b;
    a.at = {t0 + k * 86400};
    a.dir = direction::outbound;
    b.at = {t0 + k * 86400 + 7200};
    b.dir = direction::inbound;
    items.push_back(a);
    items.push_back(b);
  }
  auto h = history::from(items, m.channels());
  ASSERT_TRUE(h);
  const timestamp now{items.back().at.seconds + 3600};
  const snapshot s = *snapshot_of(*h, now, m);
  const reply_vector x = reply_features_of(s, now.seconds, 1.0, m.params());
  EXPECT_EQ(x[static_cast<std::size_t>(reply_feature::answers_them)], 1.0);
  std::mt19937_64 rng(94);
  for (int trial = 0; trial < 500; ++trial) {
    const reply_params rp = trial ? random_params(rng) : reply_params::defaults();
    reply_vector off = reply_features_of(s, now.seconds, 1.0, m.params(), rp);
    const double on = reply_chance(off, rp);
    off[static_cast<std::size_t>(reply_feature::answers_them)] = 0;
    ASSERT_GE(on, reply_chance(off, rp));
  }
  // Past the reply window their message no longer makes it their turn.
  const timestamp late{now.seconds + 20 * 86400};
  EXPECT_EQ(reply_features_of(snapshot_later(s, now, late, m), late.seconds, 1.0, m.params())[0], 0.0);
}

TEST(ReplyTest, ChanceAtNowEqualsTheFeaturesPath) {
  std::mt19937_64 rng(95);
  const model& m = model::defaults();
  for (int trial = 0; trial < 300; ++trial) {
    timestamp now;
    const snapshot s = random_snapshot(rng, m, now);
    EXPECT_DOUBLE_EQ(reply_chance_at(s, now, now, 2.0, m), reply_chance(reply_features_of(s, now.seconds, 2.0, m.params())));
    // Later: the same as a snapshot taken then.
    const timestamp t{now.seconds + 5 * 86400};
    EXPECT_DOUBLE_EQ(reply_chance_at(s, now, t, 1.0, m),
                     reply_chance(reply_features_of(snapshot_later(s, now, t, m), t.seconds, 1.0, m.params())));
  }
}

TEST(ReplyTest, TheHourPartSplitsOffExactly) {
  std::mt19937_64 rng(97);
  const model& m = model::defaults();
  const double lifts[] = {1.0, 0.2, 3.0, 1e9, 0.0, std::nan("")};
  for (int trial = 0; trial < 300; ++trial) {
    const reply_params rp = trial % 2 ? random_params(rng) : reply_params::defaults();
    timestamp now;
    const snapshot s = random_snapshot(rng, m, now);
    const timestamp t{now.seconds + 7200 * trial};
    for (double lift : lifts) {
      const double whole = reply_chance_at(s, now, t, lift, m, rp);
      const double split = reply_chance_of_logit(reply_logit_at(s, now, t, m, rp) + hour_lift_logit(lift, rp));
      ASSERT_NEAR(whole, split, 1e-12);
      ASSERT_NEAR(whole, reply_chance(reply_features_of(snapshot_later(s, now, t, m), t.seconds, lift, m.params(), rp), rp),
                  1e-12);
    }
  }
}

// The best-hour scan adds a profile's kept log lift instead of taking a log per hour: the same bits.
TEST(ReplyTest, TheHourPartFromAProfilesLogLiftIsTheSame) {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> share(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    const reply_params rp = trial % 2 ? random_params(rng) : reply_params::defaults();
    std::array<double, week_profile::slots> counts{};
    for (double& c : counts) c = share(rng) < 0.7 ? 0.0 : std::floor(1e4 * share(rng) * share(rng));
    const week_profile prof = trial == 0 ? week_profile::population() : *week_profile::from_counts(counts, 0.01 + share(rng));
    const double lo = std::log(rp.lift_min), hi = std::log(rp.lift_max);
    for (std::size_t slot = 0; slot < week_profile::slots; ++slot)
      ASSERT_EQ(hour_lift_logit_of_log(prof.log_lift(slot), lo, hi, rp), hour_lift_logit(prof.lift(slot), rp))
          << "trial " << trial << ", slot " << slot << ", lift " << prof.lift(slot);
  }
}

TEST(ReplyTest, WaitingNeverRaisesTheChanceAtAnOrdinaryHour) {
  std::mt19937_64 rng(98);
  std::uniform_int_distribution<std::int64_t> step(0, 3 * 86400);
  for (int trial = 0; trial < 1000; ++trial) {
    const model m = trial % 2 ? rapport_test::make_model(rng) : model::defaults();
    const reply_params rp = trial % 3 ? random_params(rng) : reply_params::defaults();
    timestamp now;
    const snapshot s = random_snapshot(rng, m, now);
    timestamp t = now;
    double prev = reply_logit_at(s, now, t, m, rp);
    for (int k = 0; k < 20; ++k) {
      t.seconds += step(rng);
      const double z = reply_logit_at(s, now, t, m, rp);
      ASSERT_LE(z, prev + 1e-12) << "trial " << trial << " step " << k;
      prev = z;
    }
  }
}

TEST(ReplyTest, ValidateRejectsBadParametersNamingThem) {
  auto expect_bad = [](const reply_params& p, const std::string& name) {
    auto r = p.validate();
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, errc::invalid_argument);
    EXPECT_NE(r.error().message.find(name), std::string::npos) << r.error().message;
  };
  reply_params p = reply_params::defaults();
  p.beta[static_cast<std::size_t>(reply_feature::unanswered)] = 0.5;
  expect_bad(p, "beta.unanswered");
  p = reply_params::defaults();
  p.beta[static_cast<std::size_t>(reply_feature::answers_them)] = -0.5;
  expect_bad(p, "beta.answers_them");
  p = reply_params::defaults();
  p.intercept = std::nan("");
  expect_bad(p, "intercept");
  p = reply_params::defaults();
  p.beta[0] = std::numeric_limits<double>::infinity();
  expect_bad(p, "beta.answers_them");
  p = reply_params::defaults();
  p.beta[static_cast<std::size_t>(reply_feature::warmth)] = 1e9;
  expect_bad(p, "beta.warmth");
  p = reply_params::defaults();
  p.reference[3] = std::nan("");
  expect_bad(p, "reference.unanswered");
  p = reply_params::defaults();
  p.version = 99;
  expect_bad(p, "version");
  p = reply_params::defaults();
  p.share_prior_answered = 0;
  expect_bad(p, "share_prior_answered");
  p = reply_params::defaults();
  p.never_hours = -1;
  expect_bad(p, "never_hours");
  p = reply_params::defaults();
  p.lift_min = 2;
  expect_bad(p, "lift_min");
}

TEST(ReplyTest, ReasonsAreWordsLargestFirst) {
  const model& m = model::defaults();
  const std::int64_t t0 = utc(2026, 5, 4, 10).seconds;
  std::vector<interaction> items;
  for (int k = 0; k < 6; ++k) {
    interaction a;
    a.at = {t0 + k * 3 * 86400};
    a.dir = direction::outbound;
    items.push_back(a);
  }
  auto h = history::from(items, m.channels());
  ASSERT_TRUE(h);
  const timestamp now{items.back().at.seconds + 4 * 86400};
  const snapshot s = *snapshot_of(*h, now, m);
  const auto why = reply_reasons(reply_features_of(s, now.seconds, 1.0, m.params()), s, m.params());
  ASSERT_FALSE(why.empty());
  for (std::size_t k = 0; k < why.size(); ++k) {
    EXPECT_FALSE(why[k].text.empty());
    EXPECT_GE(std::fabs(why[k].contribution), 0.1);
    if (k) {
      EXPECT_GE(std::fabs(why[k - 1].contribution), std::fabs(why[k].contribution));
    }
  }
  // Six unanswered outreaches of ours and no word from them lower the chance, and say so.
  bool said = false;
  for (const auto& r : why)
    if (r.which == reply_feature::unanswered || r.which == reply_feature::ignored) {
      EXPECT_LT(r.contribution, 0);
      said = true;
    }
  EXPECT_TRUE(said);
  EXPECT_LT(reply_chance_at(s, now, now, 1.0, m), 0.5);
}

TEST(ReplyTest, TinySyntheticFitRecoversKnownCoefficients) {
  std::mt19937_64 rng(96);
  std::normal_distribution<double> v(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  reply_params truth;
  truth.intercept = 0.4;
  for (std::size_t j = 0; j < reply_feature_count; ++j)
    truth.beta[j] = j % 3 == 2 ? 0.0 : required_sign(static_cast<reply_feature>(j)) * (0.3 + 0.1 * static_cast<double>(j % 4));
  ASSERT_TRUE(truth.validate());
  const std::size_t n = 40000;
  std::vector<double> x(n * reply_feature_count), y(n), w(n, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    reply_vector row{};
    for (std::size_t j = 0; j < reply_feature_count; ++j) row[j] = x[i * reply_feature_count + j] = v(rng);
    y[i] = u(rng) < reply_chance(row, truth) ? 1.0 : 0.0;
  }
  calibrator_options opt;
  opt.l2 = 0;
  auto f = fit_logistic(matrix_view::row_major(x.data(), n, reply_feature_count), vector_view::of(y), vector_view::of(w),
                        reply_signs(), {}, opt, reply_feature_names(), "reply test");
  ASSERT_TRUE(f) << f.error().message;
  auto p = reply_params_from_fit(f->intercept, f->beta, f->mean);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_NEAR(p->intercept, truth.intercept, 0.08);
  for (std::size_t j = 0; j < reply_feature_count; ++j)
    EXPECT_NEAR(p->beta[j], truth.beta[j], 0.08) << to_string(static_cast<reply_feature>(j));
  // A fit that asks for the wrong size is refused.
  EXPECT_FALSE(reply_params_from_fit(0, {1.0}, {0.0}));
}

TEST(ReplyTest, RecalibrationKeepsSignsAndRanking) {
  const reply_params d = reply_params::defaults();
  auto same = recalibrated(d, 0, 1);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->intercept, d.intercept);
  auto r = recalibrated(d, 0.7, 1.3);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->validate());
  reply_vector a{}, b{};
  b[static_cast<std::size_t>(reply_feature::unanswered)] = 1;
  EXPECT_GE(reply_chance(a, *r), reply_chance(b, *r));
  EXPECT_FALSE(recalibrated(d, 0, -1));
  EXPECT_FALSE(recalibrated(d, std::nan(""), 1));
}

TEST(ReplyTest, RecalibrateMatchesTheCalibratorsPlattFit) {
  std::mt19937_64 rng(99);
  std::normal_distribution<double> v(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  const reply_params d = reply_params::defaults();
  for (int trial = 0; trial < 5; ++trial) {
    // Outcomes from a network that answers more than the shipped model says, and more sharply.
    const double true_a = 0.3 * trial - 0.5, true_b = 0.6 + 0.3 * trial;
    std::vector<reply_outcome> outcomes(4000);
    std::vector<double> z, y, w;
    for (auto& o : outcomes) {
      for (double& xi : o.x) xi = v(rng);
      const double zz = reply_logit(o.x, d);
      o.answered = u(rng) < logistic(true_a + true_b * zz);
      z.push_back(std::clamp(zz, -30.0, 30.0));
      y.push_back(o.answered ? 1.0 : 0.0);
      w.push_back(1.0);
    }
    auto r = recalibrate(d, outcomes);
    ASSERT_TRUE(r) << r.error().message;
    calibrator_options opt;
    opt.l2 = 0;
    auto f = fit_logistic(matrix_view::row_major(z.data(), z.size(), 1), vector_view::of(y), vector_view::of(w), {+1}, {}, opt);
    ASSERT_TRUE(f);
    auto expect = recalibrated(d, f->intercept, f->beta[0]);
    ASSERT_TRUE(expect);
    EXPECT_NEAR(r->intercept, expect->intercept, 1e-6);
    for (std::size_t j = 0; j < reply_feature_count; ++j) EXPECT_NEAR(r->beta[j], expect->beta[j], 1e-6);
  }
}

TEST(ReplyTest, RecalibrateRefusesWhatItCannotFit) {
  const reply_params d = reply_params::defaults();
  std::vector<reply_outcome> all_answered(10);
  for (auto& o : all_answered) o.answered = true;
  auto r = recalibrate(d, all_answered);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("answered and unanswered"), std::string::npos);
  EXPECT_FALSE(recalibrate(d, {}));
  std::vector<reply_outcome> bad(2);
  bad[0].answered = true;
  bad[1].weight = -1;
  r = recalibrate(d, bad);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("#1"), std::string::npos);
  bad[1].weight = 1;
  bad[1].x[2] = std::nan("");
  EXPECT_FALSE(recalibrate(d, bad));
  // Outcomes that say nothing about the ranking: the slope goes to 0, never below.
  std::vector<reply_outcome> flat(200);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> v(0, 1);
  for (std::size_t i = 0; i < flat.size(); ++i) {
    for (double& xi : flat[i].x) xi = v(rng);
    flat[i].answered = reply_logit(flat[i].x, d) < 0.5;  // anti-correlated with the model
  }
  auto f = recalibrate(d, flat);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->validate());
  for (std::size_t j = 0; j < reply_feature_count; ++j) EXPECT_EQ(f->beta[j], 0.0);
}
