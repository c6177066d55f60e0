// The Calibrator (sign-constrained L2 logistic regression by Newton/IRLS), the latency fit, and
// model parameters as JSON.
#include <rapport/calibrate.hpp>
#include <rapport/interop/eigen.hpp>
#include <rapport/params_json.hpp>
#include <rapport/rapport.hpp>

#include <cmath>
#include <random>
#include <string>

#include <clocale>

#include <gtest/gtest.h>

using namespace rapport;

namespace {
constexpr auto F = static_cast<Eigen::Index>(feature_count);

double centre(Eigen::Index j) { return 1.0 + 0.5 * static_cast<double>(j); }

// The intercept on raw features that equals `intercept` on centred ones.
double raw_intercept(const feature_vector& beta, double intercept) {
  for (Eigen::Index j = 0; j < F; ++j) intercept -= beta[j] * centre(j);
  return intercept;
}

struct synthetic {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

synthetic make_cases(const feature_vector& beta, double intercept, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n01;
  std::uniform_real_distribution<double> u01(0, 1);
  synthetic s{Eigen::MatrixXd(n, F), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    double z = intercept;  // on centred features, so both classes are common
    for (Eigen::Index j = 0; j < F; ++j) {
      const double dev = n01(rng) * (0.5 + 0.1 * static_cast<double>(j));
      s.x(i, j) = centre(j) + dev;
      z += beta[j] * dev;
    }
    s.y[i] = u01(rng) < logistic(z) ? 1 : 0;
  }
  return s;
}

feature_vector valid_beta() {
  // Signs as required_sign(): recency, inbound_recency, unanswered, silence <= 0; the rest >= 0.
  return {-0.8, -0.3, 0.4, 0.2, 0.5, 0.1, 0.3, 0.6, -0.4, -0.5, 0.2, 0.7};
}
}  // namespace

TEST(CalibrateTest, RecoversKnownCoefficients) {
  const feature_vector beta = valid_beta();
  const auto s = make_cases(beta, 0.5, 60000, 42);
  calibrator_options opt;
  opt.l2 = 0;
  fit_report rep;
  auto p = fit_warmth(s.x, s.y, Eigen::VectorXd(), model_params{}, opt, &rep);
  ASSERT_TRUE(p) << p.error().message;
  for (std::size_t j = 0; j < feature_count; ++j) EXPECT_NEAR(p->beta[j], beta[j], 0.08) << to_string(static_cast<feature>(j));
  EXPECT_NEAR(p->intercept, raw_intercept(beta, 0.5), 0.5);
  EXPECT_EQ(rep.active_set_changes, 0);
  // reference = the feature means
  EXPECT_NEAR(p->reference[0], s.x.col(0).mean(), 1e-9);
  EXPECT_TRUE(p->validate());
}

TEST(CalibrateTest, HoldsWrongSignedEffectsAtZero) {
  feature_vector beta = valid_beta();
  beta[static_cast<std::size_t>(feature::recency)] = +0.6;         // the data say: longer silence, warmer
  beta[static_cast<std::size_t>(feature::responsiveness)] = -0.8;  // and: more answers, colder
  const auto s = make_cases(beta, -0.5, 30000, 7);
  fit_report rep;
  auto p = fit_warmth(s.x, s.y, Eigen::VectorXd(), model_params{}, calibrator_options{}, &rep);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->beta[static_cast<std::size_t>(feature::recency)], 0.0);
  EXPECT_EQ(p->beta[static_cast<std::size_t>(feature::responsiveness)], 0.0);
  EXPECT_TRUE(rep.held_at_zero[static_cast<std::size_t>(feature::recency)]);
  for (std::size_t j = 0; j < feature_count; ++j)
    EXPECT_GE(p->beta[j] * required_sign(static_cast<feature>(j)), 0.0) << to_string(static_cast<feature>(j));
  EXPECT_TRUE(p->validate());
}

TEST(CalibrateTest, WeightsActLikeRepeatedCases) {
  const auto s = make_cases(valid_beta(), 0, 3000, 3);
  Eigen::MatrixXd x2(2 * s.x.rows(), F);
  x2 << s.x, s.x.topRows(s.x.rows());
  Eigen::VectorXd y2(2 * s.y.size());
  y2 << s.y, s.y;
  Eigen::VectorXd w = Eigen::VectorXd::Constant(s.y.size(), 2.0);
  calibrator_options opt;
  opt.l2 = 0.01;
  auto a = fit_warmth(s.x, s.y, w, model_params{}, opt);
  auto b = fit_warmth(x2, y2, Eigen::VectorXd(), model_params{}, opt);
  ASSERT_TRUE(a && b);
  for (std::size_t j = 0; j < feature_count; ++j) EXPECT_NEAR(a->beta[j], b->beta[j], 1e-7);
  EXPECT_NEAR(a->intercept, b->intercept, 1e-6);
}

TEST(CalibrateTest, StrongerL2ShrinksCoefficients) {
  const auto s = make_cases(valid_beta(), 0, 5000, 11);
  calibrator_options weak, strong;
  weak.l2 = 1e-4;
  strong.l2 = 1.0;
  auto a = fit_warmth(s.x, s.y, Eigen::VectorXd(), model_params{}, weak);
  auto b = fit_warmth(s.x, s.y, Eigen::VectorXd(), model_params{}, strong);
  ASSERT_TRUE(a && b);
  double na = 0, nb = 0;
  for (std::size_t j = 0; j < feature_count; ++j) {
    na += std::fabs(a->beta[j]);
    nb += std::fabs(b->beta[j]);
  }
  EXPECT_LT(nb, 0.7 * na);
}

TEST(CalibrateTest, UnusedFeaturesGetZero) {
  const auto s = make_cases(valid_beta(), 0, 3000, 5);
  calibrator_options opt;
  opt.use.fill(false);
  opt.use[0] = opt.use[11] = true;
  auto p = fit_warmth(s.x, s.y, Eigen::VectorXd(), model_params{}, opt);
  ASSERT_TRUE(p);
  for (std::size_t j = 1; j < 11; ++j) EXPECT_EQ(p->beta[j], 0.0);
  EXPECT_LT(p->beta[0], 0);
  EXPECT_GT(p->beta[11], 0);
}

TEST(CalibrateTest, RejectsBadInputAndReportsNonConvergence) {
  const auto s = make_cases(valid_beta(), 0, 500, 9);
  auto wrong_cols = fit_warmth(s.x.leftCols(3), s.y, Eigen::VectorXd(), model_params{});
  ASSERT_FALSE(wrong_cols);
  EXPECT_EQ(wrong_cols.error().code, errc::invalid_argument);

  auto one_class = fit_warmth(s.x, Eigen::VectorXd::Zero(s.y.size()), Eigen::VectorXd(), model_params{});
  ASSERT_FALSE(one_class);
  EXPECT_EQ(one_class.error().code, errc::invalid_argument);

  Eigen::MatrixXd bad = s.x;
  bad(4, 9) = std::nan("");
  auto nan_feature = fit_warmth(bad, s.y, Eigen::VectorXd(), model_params{});
  ASSERT_FALSE(nan_feature);
  EXPECT_NE(nan_feature.error().message.find("silence"), std::string::npos) << nan_feature.error().message;
  EXPECT_NE(nan_feature.error().message.find("case 4"), std::string::npos) << nan_feature.error().message;

  Eigen::VectorXd neg_w = Eigen::VectorXd::Ones(s.y.size());
  neg_w[2] = -1;
  auto negative_weight = fit_warmth(s.x, s.y, neg_w, model_params{});
  ASSERT_FALSE(negative_weight);
  EXPECT_EQ(negative_weight.error().code, errc::invalid_argument);

  calibrator_options one_step;
  one_step.max_iterations = 1;
  one_step.l2 = 0;
  auto stopped = fit_warmth(s.x, s.y, Eigen::VectorXd(), model_params{}, one_step);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, errc::no_convergence);
}

TEST(CalibrateTest, LatencyFitIsTheLogNormalMle) {
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> ln(8.0, 1.5);
  std::vector<double> lat;
  for (int i = 0; i < 50000; ++i) lat.push_back(ln(rng));
  model_params p;
  ASSERT_TRUE(fit_latency(lat, p));
  EXPECT_NEAR(p.latency_log_mean, 8.0, 0.03);
  EXPECT_NEAR(p.latency_log_sd, 1.5, 0.03);
  model_params q;
  EXPECT_FALSE(fit_latency({5.0}, q));
  EXPECT_FALSE(fit_latency({5.0, std::nan("")}, q));
}

// ---------------------------------------------------------------------------------------------
// JSON.

TEST(ParamsJsonTest, RoundTripsExactly) {
  model_params p = model_params::defaults();
  p.intercept = -1.2345678901234567;
  p.beta[3] = 0.1 + 0.2;
  p.reference[9] = 1e-300;
  auto q = params_from_json(to_json(p), "p.json");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(to_json(*q), to_json(p));
  EXPECT_EQ(q->intercept, p.intercept);
  EXPECT_EQ(q->beta, p.beta);
  EXPECT_EQ(q->reference, p.reference);
  EXPECT_EQ(q->latency_log_sd, p.latency_log_sd);
}

TEST(ParamsJsonTest, RoundTripsTheContextStage) {
  model_params p = model_params::defaults();
  p.context_intercept = -0.1 + 0.2;
  p.context_pair_weight = 0.9375;
  p.context_beta = {0.25, 1.0 / 3, -0.125, -1e-17};
  p.context_reference = {1.5, 2.25, 0.75, 3.0 + 1e-15};
  const std::string text = to_json(p);
  for (const char* key : {"\"context_intercept\": ", "\"context_pair_weight\": ", "\"context_beta\": {\"owner_activity\": ",
                          "\"context_reference\": {\"owner_activity\": ", "\"contact_idle\": "})
    EXPECT_NE(text.find(key), std::string::npos) << key;
  auto q = params_from_json(text, "p.json");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(to_json(*q), text);
  EXPECT_EQ(q->context_intercept, p.context_intercept);
  EXPECT_EQ(q->context_pair_weight, p.context_pair_weight);
  EXPECT_EQ(q->context_beta, p.context_beta);
  EXPECT_EQ(q->context_reference, p.context_reference);
}

namespace {
// `text` with the line holding `key` (and its trailing comma on the line before) removed.
std::string drop_line(std::string text, const std::string& key) {
  const auto at = text.find("  \"" + key + "\"");
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) return text;
  const auto end = text.find('\n', at);
  text.erase(at, end + 1 - at);
  if (text.compare(at, 1, "}") == 0) {  // the last key went: drop the comma before it
    const auto comma = text.rfind(',', at);
    text.erase(comma, 1);
  }
  return text;
}
}  // namespace

TEST(ParamsJsonTest, JsonWithoutTheContextKeysReadsAsTheIdentityStage) {
  model_params p = model_params::defaults();
  p.context_intercept = 0.5;
  p.context_pair_weight = 0.75;
  p.context_beta = {0.1, 0.2, -0.3, -0.4};
  p.context_reference = {1, 2, 3, 4};
  std::string old = to_json(p);
  for (const char* key : {"context_reference", "context_beta", "context_pair_weight", "context_intercept"})
    old = drop_line(old, key);
  ASSERT_EQ(old.find("context"), std::string::npos) << old;
  auto q = params_from_json(old, "old.json");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->context_intercept, 0.0);
  EXPECT_EQ(q->context_pair_weight, 1.0);
  EXPECT_EQ(q->context_beta, context_vector{});
  EXPECT_EQ(q->context_reference, context_vector{});
  EXPECT_EQ(q->beta, p.beta);
  EXPECT_EQ(q->intercept, p.intercept);
}

TEST(ParamsJsonTest, ShippedJsonEqualsShippedHeader) {
  // docs/default_params.json is written by tools/fit_defaults together with the header.
  auto q = load_params(RAPPORT_SOURCE_DIR "/docs/default_params.json");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(to_json(*q), to_json(model_params::defaults()));
}

namespace {
std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}
void expect_rejected(const std::string& text, const std::string& needle) {
  auto q = params_from_json(text, "bad.json");
  ASSERT_FALSE(q) << "accepted, expected an error naming " << needle;
  EXPECT_EQ(q.error().code, errc::invalid_argument);
  EXPECT_NE(q.error().message.find(needle), std::string::npos) << q.error().message;
  EXPECT_NE(q.error().message.find("bad.json"), std::string::npos) << q.error().message;
}
}  // namespace

TEST(ParamsJsonTest, RejectsMissingUnknownNanAndInvalidValuesNamingTheKey) {
  const std::string good = to_json(model_params::defaults());
  expect_rejected(replace(good, "  \"half_life_long_days\"", "  \"half_life_lung_days\""), "half_life_long_days");  // missing
  expect_rejected(replace(good, "\"intercept\":", "\"colour\": 3,\n  \"intercept\":"), "colour");                   // unknown
  expect_rejected(replace(good, "\"beta\": {", "\"beta\": {\"charm\": 1, "), "beta.charm");  // unknown nested
  {
    const std::string t = good;
    const auto at = t.find("\"latency_log_sd\": ") + std::string("\"latency_log_sd\": ").size();
    const auto end = t.find(',', at);
    expect_rejected(t.substr(0, at) + "NaN" + t.substr(end), "latency_log_sd");
  }
  {
    const std::string t = good;
    const auto at = t.find("\"horizon_days\": ") + std::string("\"horizon_days\": ").size();
    const auto end = t.find(',', at);
    expect_rejected(t.substr(0, at) + "-30" + t.substr(end), "horizon_days");  // validate() names it
  }
  {
    const std::string t = good;
    const auto at = t.find("\"recency\": ") + std::string("\"recency\": ").size();
    const auto end = t.find(',', at);
    expect_rejected(t.substr(0, at) + "0.5" + t.substr(end), "beta.recency");  // wrong sign
  }
  expect_rejected(replace(good, "\"version\": 1", "\"version\": 2"), "version");
  expect_rejected(replace(good, "\"rapport.model_params\"", "\"something.else\""), "format");
  expect_rejected(replace(good, "\"intercept\":", "\"intercept\": 1,\n  \"intercept\":"), "intercept");  // twice
  expect_rejected(good.substr(0, good.size() / 2), "bad.json");                                          // truncated
}

TEST(ParamsJsonTest, ContextKeysComeAsAGroupAndAreCheckedLikeTheRest) {
  model_params p = model_params::defaults();
  p.context_pair_weight = 0.8;
  p.context_intercept = 0.25;
  p.context_beta = {0.1, 0.2, -0.3, -0.4};
  p.context_reference = {1, 2, 3, 4};
  const std::string good = to_json(p);
  ASSERT_TRUE(params_from_json(good, "good.json"));
  // Some but not all of the group: the message names the missing key.
  expect_rejected(drop_line(good, "context_pair_weight"), "context_pair_weight");
  expect_rejected(drop_line(good, "context_beta"), "context_beta.owner_activity");
  expect_rejected(drop_line(drop_line(drop_line(good, "context_beta"), "context_pair_weight"), "context_intercept"),
                  "\"context_reference.owner_activity\" is present");
  expect_rejected(replace(good, "\"context_reference\": {\"owner_activity\": 1, ", "\"context_reference\": {"),
                  "context_reference.owner_activity");
  {  // an empty object is not "absent"
    std::string t = good;
    for (const char* key : {"context_reference", "context_beta", "context_pair_weight", "context_intercept"})
      t = drop_line(t, key);
    expect_rejected(replace(t, "\"intercept\":", "\"context_beta\": {},\n  \"intercept\":"), "\"context_beta\" is present");
  }
  // Unknown, NaN, wrong sign, negative pair weight: named.
  expect_rejected(replace(good, "\"context_beta\": {", "\"context_beta\": {\"charm\": 1, "), "context_beta.charm");
  expect_rejected(replace(good, "\"context_intercept\": 0.25", "\"context_intercept\": 0.25,\n  \"context_colour\": 2"),
                  "context_colour");
  expect_rejected(replace(good, "\"context_intercept\": 0.25", "\"context_intercept\": NaN"), "context_intercept");
  expect_rejected(replace(good, "\"owner_idle\": -0.29999999999999999", "\"owner_idle\": nan"), "context_beta.owner_idle");
  expect_rejected(replace(good, "\"owner_idle\": -0.29999999999999999", "\"owner_idle\": 0.3"), "context_beta.owner_idle");
  expect_rejected(replace(good, "\"contact_activity\": 0.20000000000000001", "\"contact_activity\": -0.2"),
                  "context_beta.contact_activity");
  expect_rejected(replace(good, "\"context_pair_weight\": 0.80000000000000004", "\"context_pair_weight\": -1"),
                  "context_pair_weight");
  expect_rejected(replace(good, "\"context_intercept\": 0.25", "\"context_intercept\": 0.25,\n  \"context_intercept\": 1"),
                  "context_intercept");
}

TEST(CalibrateTest, FitLogisticTakesAnyColumnsAndSigns) {
  std::mt19937_64 rng(99);
  std::normal_distribution<double> n01;
  std::uniform_real_distribution<double> u01(0, 1);
  const int n = 20000;
  Eigen::MatrixXd x(n, 3);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 3; ++j) x(i, j) = n01(rng);
    y[i] = u01(rng) < logistic(0.2 + 0.5 * x(i, 0) - 0.7 * x(i, 1) + 0.3 * x(i, 2)) ? 1 : 0;
  }
  calibrator_options opt;
  opt.l2 = 0;
  // Column 0 free, column 1 held >= 0, column 2 held <= 0: the data want the opposite for 1 and 2.
  auto f = fit_logistic(x, y, Eigen::VectorXd(), {0, +1, -1}, {}, opt, {"a", "b", "c"});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_NEAR(f->beta[0], 0.5, 0.06);
  EXPECT_EQ(f->beta[1], 0.0);
  EXPECT_EQ(f->beta[2], 0.0);
  EXPECT_TRUE(f->held_at_zero[1] && f->held_at_zero[2] && !f->held_at_zero[0]);
  // All free: recovers the truth.
  auto g = fit_logistic(x, y, Eigen::VectorXd(), {0, 0, 0}, {}, opt);
  ASSERT_TRUE(g);
  EXPECT_NEAR(g->beta[1], -0.7, 0.06);
  EXPECT_NEAR(g->beta[2], 0.3, 0.06);
  EXPECT_NEAR(g->intercept, 0.2, 0.06);
  // Messages name the column.
  x(7, 2) = std::nan("");
  auto bad = fit_logistic(x, y, Eigen::VectorXd(), {0, 0, 0}, {}, opt, {"a", "b", "c"}, "my fit");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("my fit: c of case 7"), std::string::npos) << bad.error().message;
  auto shape = fit_logistic(x, y, Eigen::VectorXd(), {0, 0}, {}, opt);
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.error().code, errc::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// calibrate(): the Calibrator on a CRM's own histories.

namespace {
std::vector<history> synthetic_histories(std::uint64_t seed, int contacts) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  std::lognormal_distribution<double> latency(std::log(6 * 3600.0), 1.0);
  const std::int64_t t0 = utc(2025, 1, 1).seconds, day = seconds_per_day;
  std::vector<history> out;
  for (int c = 0; c < contacts; ++c) {
    const double gap_days = 2 + 40 * u01(rng);
    const std::int64_t stop = t0 + static_cast<std::int64_t>(u01(rng) * 400 * day);  // some ties fade out
    std::vector<interaction> items;
    for (std::int64_t t = t0 + static_cast<std::int64_t>(u01(rng) * 60 * day); t < std::min(stop, t0 + 365 * day);
         t += static_cast<std::int64_t>(-std::log(1 - u01(rng)) * gap_days * static_cast<double>(day)) + 60) {
      interaction out_msg;
      out_msg.at = {t};
      out_msg.via = channel::email;
      out_msg.dir = direction::outbound;
      items.push_back(out_msg);
      if (u01(rng) < 0.7) {
        interaction reply = out_msg;
        reply.dir = direction::inbound;
        reply.at = {t + static_cast<std::int64_t>(latency(rng))};
        items.push_back(reply);
      }
    }
    auto h = history::from(items, channel_table::defaults());
    EXPECT_TRUE(h);
    if (h) out.push_back(std::move(*h));
  }
  return out;
}
}  // namespace

TEST(CalibrateTest, FitContextRecoversTheSecondStageAndKeepsThePairModel) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> n01;
  std::uniform_real_distribution<double> u01(0, 1);
  const int n = 40000;
  Eigen::VectorXd z(n), y(n);
  Eigen::MatrixXd c(n, static_cast<Eigen::Index>(context_feature_count));
  for (int i = 0; i < n; ++i) {
    z[i] = 1.5 * n01(rng) - 1;
    for (Eigen::Index j = 0; j < c.cols(); ++j) c(i, j) = 2 + 0.8 * n01(rng);
    // contact_idle's true effect has the wrong sign (+): it must be held at 0.
    const double eta = -0.5 + 0.7 * z[i] + 0.3 * c(i, 0) + 0.2 * c(i, 1) - 0.4 * c(i, 2) + 0.3 * c(i, 3);
    y[i] = u01(rng) < logistic(eta) ? 1 : 0;
  }
  model_params base = model_params::defaults();
  calibrator_options opt;
  opt.l2 = 0;
  context_fit_report rep;
  auto p = fit_context(z, c, y, Eigen::VectorXd(), base, opt, &rep);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_NEAR(p->context_pair_weight, 0.7, 0.05);
  EXPECT_NEAR(p->context_beta[0], 0.3, 0.05);
  EXPECT_NEAR(p->context_beta[1], 0.2, 0.05);
  EXPECT_NEAR(p->context_beta[2], -0.4, 0.05);
  EXPECT_EQ(p->context_beta[3], 0.0);
  EXPECT_TRUE(rep.held_at_zero[3]);
  EXPECT_FALSE(rep.held_at_zero[0] || rep.held_at_zero[1] || rep.held_at_zero[2] || rep.pair_weight_held_at_zero);
  for (Eigen::Index j = 0; j < c.cols(); ++j)
    EXPECT_NEAR(p->context_reference[static_cast<std::size_t>(j)], c.col(j).mean(), 1e-9);
  // The pair model is untouched: without context the score is the same.
  EXPECT_EQ(p->intercept, base.intercept);
  EXPECT_EQ(p->beta, base.beta);
  EXPECT_EQ(p->reference, base.reference);
  EXPECT_TRUE(p->validate());
  // Shapes are checked.
  auto bad = fit_context(z, c.leftCols(3), y, Eigen::VectorXd(), base, opt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::invalid_argument);
  EXPECT_NE(bad.error().message.find("fit_context"), std::string::npos);
}

TEST(CalibrateTest, CalibratesOnOwnHistories) {
  const auto hs = synthetic_histories(2026, 400);
  std::vector<timestamp> cutoffs;
  for (int d : {120, 170, 220, 270, 320}) cutoffs.push_back(plus_days(utc(2025, 1, 1), d));
  fit_report rep;
  auto p = calibrate(hs, cutoffs, model::defaults(), calibrator_options{}, &rep);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_TRUE(p->validate());
  EXPECT_LT(p->beta[static_cast<std::size_t>(feature::recency)] + p->beta[static_cast<std::size_t>(feature::silence)], 0.0);
  // Latency: log-normal around 6 hours with log-sd 1 (as generated).
  EXPECT_NEAR(p->latency_log_mean, std::log(6 * 3600.0), 0.1);
  EXPECT_NEAR(p->latency_log_sd, 1.0, 0.1);
  // The calibrated model is calibrated in the large on its own cases: with an unpenalised
  // intercept, the weighted mean prediction equals the weighted base rate.
  const model mine = *model::create(*p);
  double wp = 0, wy = 0;
  for (std::size_t k = 0; k < cutoffs.size(); ++k) {
    const double w = std::pow(2.0, static_cast<double>(k) / 4.0);
    for (const auto& h : hs) {
      auto s = snapshot_of(h, cutoffs[k], mine, {future_policy::ignore});
      if (!s) continue;  // no history before the cutoff
      wp += w * logistic(logit_of(features_of(*s, cutoffs[k].seconds, *p), *p));
      bool label = false;
      for (const auto& x : h)
        if (x.at > cutoffs[k] && x.at.seconds <= cutoffs[k].seconds + 30 * seconds_per_day) label = true;
      wy += w * label;
    }
  }
  EXPECT_NEAR(wp / wy, 1.0, 1e-4);
}

TEST(CalibrateTest, CalibrateRejectsCutoffsWithIncompleteLabels) {
  const auto hs = synthetic_histories(3, 50);
  auto late = calibrate(hs, {plus_days(utc(2025, 1, 1), 360)}, model::defaults());
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, errc::out_of_range);
  EXPECT_NE(late.error().message.find("incomplete"), std::string::npos);
  auto none = calibrate(hs, {}, model::defaults());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, errc::invalid_argument);
  auto early = calibrate(hs, {utc(2024, 1, 1)}, model::defaults());  // nobody has history yet
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, errc::invalid_argument);
}

TEST(ParamsJsonTest, IgnoresTheHostLocaleAndRefusesDeepNesting) {
  // A host in a comma-decimal locale must still write and read "3.25".
  const char* saved = std::setlocale(LC_NUMERIC, nullptr);
  const std::string before = saved ? saved : "C";
  const bool switched = std::setlocale(LC_NUMERIC, "de_DE.UTF-8") != nullptr;
  const std::string text = rapport::to_json(rapport::model_params::defaults());
  auto back = rapport::params_from_json(text);
  const std::string written = rapport::detail::json_number(3.25);
  std::setlocale(LC_NUMERIC, before.c_str());
  ASSERT_TRUE(back) << back.error().message << (switched ? " (in de_DE)" : "");
  EXPECT_EQ(back->latency_log_sd, rapport::model_params::defaults().latency_log_sd);
  EXPECT_EQ(written, "3.25");
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "{\"a\":";
  auto nested = rapport::params_from_json(deep);
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("nested"), std::string::npos) << nested.error().message;
}
