// online_calibrator: identity before evidence, learns a drifted rate, forgets at its half-life,
// stays monotone whatever it is fed, and serialises deterministically with a checked blob.
#include <rapport/recalibrate.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "crc32.hpp"

namespace {

using rapport::calibration_method;
using rapport::online_calibrator;
using rapport::online_calibrator_options;
constexpr std::int64_t day = rapport::seconds_per_day;
constexpr std::int64_t t0 = 1'700'000'000;
const calibration_method all_methods[] = {calibration_method::platt, calibration_method::beta, calibration_method::isotonic};

online_calibrator make(calibration_method m, double half_life_days = 30) {
  online_calibrator_options o;
  o.method = m;
  o.half_life_days = half_life_days;
  return *online_calibrator::create(o);
}

double logistic(double z) { return 1 / (1 + std::exp(-z)); }

// Feeds `n` labels whose true probability is logistic(raw logit + shift), raw logits spread over
// [-6, 2]; `within` is the labels' horizon (0: the full one), `slope` how the odds shrink with it.
void feed(online_calibrator& c, std::mt19937_64& rng, int n, double shift, std::int64_t at, double within = 0, double slope = 0) {
  std::uniform_real_distribution<double> z(-6, 2), u(0, 1);
  std::vector<double> scores;
  std::vector<unsigned char> labels;
  for (int i = 0; i < n; ++i) {
    const double zi = z(rng);
    scores.push_back(100 * logistic(zi));
    const double u_h = within > 0 ? std::log(within / c.options().horizon_days) : 0.0;
    labels.push_back(u(rng) < logistic(zi + shift + slope * u_h) ? 1 : 0);
  }
  ASSERT_TRUE(c.observe(scores.data(), labels.data(), scores.size(), {at}, within));
}

TEST(RecalibrateTest, IsTheIdentityBeforeAnyLabel) {
  for (auto m : all_methods) {
    const auto c = make(m);
    for (double raw : {0.5, 5.0, 20.0, 50.0, 80.0, 99.0})
      EXPECT_NEAR(c.calibrate(raw), raw, m == calibration_method::isotonic ? 0.6 : 1e-6) << to_string(m) << " at " << raw;
  }
}

TEST(RecalibrateTest, LearnsARateThatDriftedFromTheRawWarmth) {
  for (auto m : all_methods) {
    std::mt19937_64 rng(11);
    auto c = make(m);
    feed(c, rng, 40000, -1.0, t0);  // contact is rarer than the raw warmth says
    for (double z : {-4.0, -2.0, 0.0, 1.5}) {
      const double want = 100 * logistic(z - 1.0), got = c.calibrate(100 * logistic(z));
      EXPECT_NEAR(got, want, m == calibration_method::isotonic ? 3.0 : 1.0) << to_string(m) << " at logit " << z;
    }
  }
}

TEST(RecalibrateTest, ForgetsAtItsHalfLife) {
  auto c = make(calibration_method::platt, 10);
  std::mt19937_64 rng(12);
  feed(c, rng, 5000, 0.0, t0);
  const double before = c.evidence();
  EXPECT_NEAR(before, 5000, 1e-6);
  ASSERT_TRUE(c.observe(50, true, {t0 + 10 * day}));  // one half-life later: the old labels weigh half
  EXPECT_NEAR(c.evidence(), 2500 + 1, 1e-6);
  ASSERT_TRUE(c.observe(50, false, {t0}));  // a label that matured a half-life before the newest counts half
  EXPECT_NEAR(c.evidence(), 2500 + 1 + 0.5, 1e-6);
  // Ten half-lives of a new regime outweigh the old one: the map follows the new rate.
  for (int k = 1; k <= 10; ++k) feed(c, rng, 2000, -1.5, t0 + (10 + 10 * k) * day);
  EXPECT_NEAR(c.calibrate(100 * logistic(-1)), 100 * logistic(-2.5), 1.0);
}

TEST(RecalibrateTest, ShorterLabelsMoveTheMapAtTheFullHorizon) {
  // For 200 days labels of the full horizon, half and a quarter of it arrive side by side, the odds
  // shrinking as (h / H)^1; then the rate falls, and for 40 days only the shorter labels (which
  // mature sooner) report it. The horizon term is learnt from the side-by-side period, and the
  // map at the full horizon follows the recent shorter labels.
  auto c = make(calibration_method::platt, 10);
  std::mt19937_64 rng(15);
  for (int d = 0; d <= 200; d += 10)
    for (double within : {0.0, 15.0, 7.5}) feed(c, rng, 2000, 0.0, t0 + d * day, within, 1.0);
  for (int d = 210; d <= 250; d += 5)
    for (double within : {15.0, 7.5}) feed(c, rng, 2000, -1.0, t0 + d * day, within, 1.0);
  EXPECT_NEAR(c.coefficients()[3], 1.0, 0.3);
  for (double z : {-4.0, -2.0, 0.0}) {  // closer to the new rate than to the old one
    const double got = c.calibrate(100 * logistic(z)), now = 100 * logistic(z - 1.0), before = 100 * logistic(z);
    EXPECT_LT(std::fabs(got - now), std::fabs(got - before)) << z;
  }
  EXPECT_FALSE(c.observe(50, true, {t0 + 251 * day}, 31));  // longer than the horizon
  EXPECT_FALSE(c.observe(50, true, {t0 + 251 * day}, -1));
}

TEST(RecalibratePropertyTest, NeverReordersWhateverItIsFed) {
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> u(0, 1), shift(-3, 3);
  for (int trial = 0; trial < 60; ++trial) {
    auto c = make(all_methods[trial % 3], 1 + 50 * u(rng));
    for (int batch = 0; batch < 5; ++batch) {
      // Sometimes labels that fall as the raw warmth rises: the map must stay non-decreasing anyway.
      std::vector<double> scores;
      std::vector<unsigned char> labels;
      const bool inverted = trial % 2 == 1;
      for (int i = 0; i < 300; ++i) {
        const double p = u(rng);
        scores.push_back(100 * p);
        labels.push_back(u(rng) < (inverted ? 1 - p : logistic(std::log(p / (1 - p)) + shift(rng))) ? 1 : 0);
      }
      ASSERT_TRUE(c.observe(scores.data(), labels.data(), scores.size(), {t0 + batch * day}));
      double previous = -1;
      for (double raw = 0; raw <= 100; raw += 0.25) {
        const double w = c.calibrate(raw);
        ASSERT_GE(w, previous - 1e-12) << to_string(c.options().method) << " trial " << trial << " raw " << raw;
        ASSERT_TRUE(w >= 0 && w <= 100);
        previous = w;
      }
    }
  }
}

TEST(RecalibrateTest, SerialisesToTheSameBytesAndBack) {
  for (auto m : all_methods) {
    std::mt19937_64 a(14), b(14);
    auto c1 = make(m), c2 = make(m);
    feed(c1, a, 3000, -0.7, t0);
    feed(c2, b, 3000, -0.7, t0);
    const std::string blob = c1.serialize();
    ASSERT_EQ(blob.size(), online_calibrator::serialized_size);
    EXPECT_LE(blob.size(), 5000u);  // a few KB, whatever the number of labels
    EXPECT_EQ(blob, c2.serialize());
    auto back = online_calibrator::deserialize(blob.data(), blob.size());
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->serialize(), blob);
    for (double raw : {1.0, 10.0, 40.0, 90.0}) EXPECT_DOUBLE_EQ(back->calibrate(raw), c1.calibrate(raw)) << to_string(m);
  }
}

TEST(RecalibrateTest, RejectsBadBlobsSayingWhy) {
  auto c = make(calibration_method::platt);
  ASSERT_TRUE(c.observe(30, true, {t0}));
  std::string blob = c.serialize();
  auto why = [](const std::string& b) {
    auto r = online_calibrator::deserialize(b.data(), b.size());
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_NE(why(blob.substr(0, 100)).find("expected 4656 bytes"), std::string::npos);
  std::string flipped = blob;
  flipped[200] ^= 1;
  EXPECT_NE(why(flipped).find("checksum"), std::string::npos);
  std::string magic = blob;
  magic[0] = 'X';
  EXPECT_NE(why(magic).find("magic"), std::string::npos);
  auto recrc = [](std::string b) {  // a valid checksum over edited content
    const std::uint32_t v = rapport_test::crc32(reinterpret_cast<const unsigned char*>(b.data()), b.size() - 4);
    for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    return b;
  };
  std::string version = blob;
  version[4] = 9;
  EXPECT_NE(why(recrc(version)).find("format version 9"), std::string::npos);
  std::string negative = blob;
  negative[44 + 7] = static_cast<char>(0xBF);  // bin 0's weight: a negative double
  EXPECT_NE(why(recrc(negative)).find("bin"), std::string::npos);
  EXPECT_FALSE(online_calibrator::deserialize(nullptr, online_calibrator::serialized_size));
}

TEST(RecalibrateTest, RejectsBadLabelsAndOptionsAndRecordsNothing) {
  auto c = make(calibration_method::beta);
  const std::string before = c.serialize();
  EXPECT_FALSE(c.observe(std::nan(""), true, {t0}));
  EXPECT_FALSE(c.observe(100.5, true, {t0}));
  EXPECT_FALSE(c.observe(50, true, {-1}));
  const double scores[] = {10, 20, -3};
  const unsigned char labels[] = {1, 0, 1};
  auto r = c.observe(scores, labels, 3, {t0});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("#2"), std::string::npos) << r.error().message;
  EXPECT_EQ(c.serialize(), before);
  online_calibrator_options o;
  o.half_life_days = -1;
  EXPECT_FALSE(online_calibrator::create(o));
  o = {};
  o.prior_weight = std::nan("");
  EXPECT_FALSE(online_calibrator::create(o));
  o = {};
  o.method = static_cast<calibration_method>(7);
  EXPECT_FALSE(online_calibrator::create(o));
}

}  // namespace
