// Accuracy metrics on the slices an evaluation meets at its edges (eval/metrics.hpp): a period
// with no contacts, or with only one outcome, must report "undefined" (NaN) rather than a number
// that reads as a result; the hand-computed values are in eval_test.cpp.

#include <rapport/eval/metrics.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {
using namespace rapport::eval;

TEST(MetricsEdgeTest, AnEmptySliceHasNoMetrics) {
  const std::vector<double> none;
  const std::vector<bool> no_labels;
  const binary_metrics m = score_binary(none, no_labels);
  EXPECT_EQ(m.cases, 0u);
  EXPECT_EQ(m.base_rate, 0.0);
  EXPECT_TRUE(std::isnan(m.auc));
  EXPECT_TRUE(std::isnan(m.log_loss));
  EXPECT_TRUE(std::isnan(m.brier));
  EXPECT_TRUE(std::isnan(m.ece));
  for (const auto& b : m.table) EXPECT_EQ(b.count, 0u);
  EXPECT_TRUE(std::isnan(pinball({}, {}, 0.5)));
  // A calibration fitted on nothing knows nothing: even odds everywhere.
  const isotonic f = isotonic::fit(none, no_labels);
  EXPECT_EQ(f(0.0), 0.5);
  EXPECT_EQ(f(0.99), 0.5);
}

TEST(MetricsEdgeTest, AucNeedsBothOutcomes) {
  EXPECT_TRUE(std::isnan(roc_auc({0.1, 0.9, 0.5}, {true, true, true})));
  EXPECT_TRUE(std::isnan(roc_auc({0.1, 0.9, 0.5}, {false, false, false})));
  const binary_metrics all_contacted = score_binary({0.2, 0.8}, {true, true});
  EXPECT_TRUE(std::isnan(all_contacted.auc));
  EXPECT_EQ(all_contacted.base_rate, 1.0);
  EXPECT_NEAR(all_contacted.brier, (0.64 + 0.04) / 2, 1e-12);  // the others stay defined
}

TEST(MetricsEdgeTest, AucCanRankByAnotherScore) {
  // Probabilities that invert the ranking, and the raw score that orders it right.
  const std::vector<double> p = {0.9, 0.1}, rank = {0.0, 1.0};
  const std::vector<bool> y = {false, true};
  EXPECT_EQ(score_binary(p, y).auc, 0.0);
  EXPECT_EQ(score_binary(p, y, &rank).auc, 1.0);
}

TEST(MetricsEdgeTest, NormalQuantileIsInfiniteAtTheEnds) {
  EXPECT_EQ(normal_quantile(0.0), -INFINITY);
  EXPECT_EQ(normal_quantile(-0.5), -INFINITY);
  EXPECT_EQ(normal_quantile(1.0), INFINITY);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-6);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-12);
}

}  // namespace
