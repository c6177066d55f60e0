// The accuracy harness on small logs with known answers: loaders, rolling-origin replay,
// metrics (hand-computed AUC, a perfectly calibrated toy), isotonic and Platt calibration.
// The public part (replay, metrics) comes from <rapport/eval/...>; the loaders and baselines
// from the accuracy tool's own headers (benchmarks/accuracy/, not installed).
#include "../benchmarks/accuracy/harness.hpp"
#include "../benchmarks/accuracy/load.hpp"
#include <rapport/eval/events.hpp>
#include <rapport/eval/metrics.hpp>
#include <rapport/eval/replay.hpp>
#include <rapport/rapport.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace rapport;
using namespace rapport::eval;

namespace {
constexpr std::int64_t day = 86400;
}

// ---------------------------------------------------------------------------------------------
// Loaders.

TEST(LoadTest, ReadsSnapStyleEdges) {
  auto log = parse_edges("1 2 100\n2 1 200\n1 3 300\n", "x.txt");
  ASSERT_TRUE(log) << log.error().message;
  ASSERT_EQ(log->events.size(), 3u);
  EXPECT_EQ(log->node_count(), 3u);
  EXPECT_EQ(log->events[0].t, 100);
  EXPECT_EQ(log->names[log->events[0].src], "1");
  EXPECT_EQ(log->names[log->events[0].dst], "2");
  EXPECT_EQ(log->events[0].via, channel::message);
  EXPECT_TRUE(log->stats.was_sorted);
}

TEST(LoadTest, AcceptsCrlfTabsCommasCommentsHeaderAndWeights) {
  const std::string text =
      "% konect header\r\n"
      "src\tdst\tweight\tt\r\n"
      "# another comment\r\n"
      "\r\n"
      "1\t2\t1\t100\r\n"
      "2,1,1,200\r\n"
      "3  1   1 300\r\n";
  auto log = parse_edges(text, "k.txt");
  ASSERT_TRUE(log) << log.error().message;
  EXPECT_EQ(log->events.size(), 3u);
  EXPECT_EQ(log->stats.comments, 3u);  // two comment lines and one blank line
  EXPECT_EQ(log->stats.headers, 1u);
  EXPECT_EQ(log->events[2].t, 300);
}

TEST(LoadTest, DropsAndCountsDuplicatesAndSelfLoops) {
  auto log = parse_edges("1 2 100\n1 2 100\n5 5 150\n2 1 100\n1 2 100\n", "d.txt");
  ASSERT_TRUE(log);
  EXPECT_EQ(log->events.size(), 2u);  // 1->2 @100 once, 2->1 @100
  EXPECT_EQ(log->stats.duplicates, 2u);
  EXPECT_EQ(log->stats.self_loops, 1u);
  EXPECT_EQ(log->stats.rows, 5u);
}

TEST(LoadTest, SortsUnsortedInputStably) {
  auto log = parse_edges("1 2 300\n1 3 100\n2 3 200\n", "u.txt");
  ASSERT_TRUE(log);
  EXPECT_FALSE(log->stats.was_sorted);
  ASSERT_EQ(log->events.size(), 3u);
  EXPECT_EQ(log->events[0].t, 100);
  EXPECT_EQ(log->events[1].t, 200);
  EXPECT_EQ(log->events[2].t, 300);
}

TEST(LoadTest, BadRowNamesFileAndLine) {
  auto log = parse_edges("1 2 100\n% c\n1 2 abc\n", "bad.txt");
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, errc::invalid_argument);
  EXPECT_NE(log.error().message.find("bad.txt:3"), std::string::npos) << log.error().message;

  auto few = parse_edges("1 2 100\n7\n", "few.txt");
  ASSERT_FALSE(few);
  EXPECT_NE(few.error().message.find("few.txt:2"), std::string::npos) << few.error().message;

  auto neg = parse_edges("1 2 -5\n", "neg.txt");
  ASSERT_FALSE(neg);
  EXPECT_NE(neg.error().message.find("neg.txt:1"), std::string::npos) << neg.error().message;

  auto weight = parse_edges("1 2 x 100\n1 2 1 200\n", "w.txt");  // first line: header (non-numeric time? no: time 100 is numeric)
  ASSERT_FALSE(weight);
  EXPECT_NE(weight.error().message.find("w.txt:1"), std::string::npos) << weight.error().message;
}

TEST(LoadTest, SkipsAndCountsBadRowsWhenAsked) {
  load_options opt;
  opt.skip_bad_rows = true;
  auto log = parse_edges("1 2 100\n1 2 abc\n3\n2 1 200\n", "s.txt", opt);
  ASSERT_TRUE(log) << log.error().message;
  EXPECT_EQ(log->events.size(), 2u);
  EXPECT_EQ(log->stats.bad_rows, 2u);
}

TEST(LoadTest, MissingFileIsAnError) {
  auto log = load_edges("/nonexistent/rapport/edges.txt");
  ASSERT_FALSE(log);
  EXPECT_NE(log.error().message.find("/nonexistent/rapport/edges.txt"), std::string::npos);
}

TEST(LoadTest, ReadsCopenhagenSmsAndCalls) {
  const std::string sms = "timestamp,from,to\r\n18,370,512\r\n37,512,370\r\n";
  const std::string calls = "timestamp,from,to,duration\n20,370,512,121\n40,512,370,-1\n";
  auto log = parse_copenhagen(sms, "sms.csv", calls, "calls.csv");
  ASSERT_TRUE(log) << log.error().message;
  ASSERT_EQ(log->events.size(), 4u);
  EXPECT_EQ(log->stats.headers, 2u);
  EXPECT_EQ(log->stats.missed_calls, 1u);
  EXPECT_EQ(log->events[0].via, channel::message);
  EXPECT_EQ(log->events[1].via, channel::call);
  EXPECT_EQ(log->events[1].duration_seconds, 121);
  EXPECT_EQ(log->events[3].via, channel::call);
  EXPECT_EQ(log->events[3].duration_seconds, 0);  // missed call: an attempt of zero duration
  EXPECT_EQ(log->node_count(), 2u);               // ids shared across the files

  auto bad = parse_copenhagen(sms, "sms.csv", "timestamp,from,to,duration\n20,370,512,-3\n", "calls.csv");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("calls.csv:2"), std::string::npos) << bad.error().message;
}

// ---------------------------------------------------------------------------------------------
// Replay with a rolling origin.

namespace {
// Days 0..100; H = 10 days; cutoffs at day 30 and day 90.
event_log toy_log() {
  auto log = parse_edges("1 2 " + std::to_string(0 * day) + "\n" + "2 1 " + std::to_string(1 * day) + "\n" + "1 3 " +
                             std::to_string(5 * day) + "\n" + "1 2 " + std::to_string(35 * day) + "\n" + "3 1 " +
                             std::to_string(95 * day) + "\n" + "4 5 " + std::to_string(100 * day) + "\n",
                         "toy");
  return *log;
}
replay_options toy_options() {
  replay_options o;
  o.horizon_days = 10;
  o.cutoffs = 2;
  o.start_fraction = 0.3;
  return o;
}
const warmth_case* find_case(const replay_result& r, int cutoff, const std::string& owner, const std::string& contact,
                             const event_log& log) {
  for (const auto& c : r.cases)
    if (c.cutoff == cutoff && log.names[c.owner] == owner && log.names[c.contact] == contact) return &c;
  return nullptr;
}
}  // namespace

TEST(ReplayTest, CutoffsCasesAndLabelsByHand) {
  const event_log log = toy_log();
  auto r = replay(log, model::defaults(), toy_options());
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->cutoffs.size(), 2u);
  EXPECT_EQ(r->cutoffs[0], 30 * day);
  EXPECT_EQ(r->cutoffs[1], 90 * day);
  ASSERT_EQ(r->cases.size(), 8u);  // pairs (1,2) and (1,3), both directions, at both cutoffs; (4,5) has no history yet

  const auto* a = find_case(*r, 0, "1", "2", log);
  const auto* b = find_case(*r, 0, "1", "3", log);
  const auto* c = find_case(*r, 1, "1", "2", log);
  const auto* d = find_case(*r, 1, "3", "1", log);
  ASSERT_TRUE(a && b && c && d);
  EXPECT_TRUE(a->label);  // 1->2 on day 35 is in (30, 40]
  EXPECT_DOUBLE_EQ(a->next_contact_days, 5);
  EXPECT_FALSE(b->label);  // next 1-3 event on day 95
  EXPECT_DOUBLE_EQ(b->next_contact_days, 65);
  EXPECT_FALSE(c->label);  // nothing after day 90
  EXPECT_TRUE(std::isinf(c->next_contact_days));
  EXPECT_TRUE(d->label);  // 3->1 on day 95 is in (90, 100]

  // Only events before the cutoff are visible: at day 30 the pair (1,2) has two conversations.
  EXPECT_EQ(a->snap.conversations, 2u);
  EXPECT_EQ(a->snap.last, 1 * day);
  EXPECT_EQ(a->snap.last_inbound, 1 * day);  // 2 -> 1 is inbound for owner 1
  EXPECT_EQ(c->snap.conversations, 3u);

  // Baselines at day 30 for (1,2): last contact 29 days ago, 2 events within 90 days.
  EXPECT_DOUBLE_EQ(baseline_score(*r, *a, baseline::recency), -29);
  EXPECT_DOUBLE_EQ(baseline_score(*r, *a, baseline::frequency_90d), 2);
  EXPECT_DOUBLE_EQ(baseline_score(*r, *a, baseline::cadence_30d), 1);
  EXPECT_NEAR(baseline_score(*r, *a, baseline::decay_30d), std::exp2(-30.0 / 30) + std::exp2(-29.0 / 30), 1e-12);
  // PingCRM: reciprocity round(4 * 1/1) = 4, last inbound 29 days ago -> 2, frequency 0, breadth 0, tenure 0.
  EXPECT_DOUBLE_EQ(baseline_score(*r, *a, baseline::pingcrm), 6);
  // EverReach: 40 + round(61/90 * 25) + round(2/6 * 15) + 0 - round(22 * 0.5) = 40 + 17 + 5 - 11.
  EXPECT_DOUBLE_EQ(baseline_score(*r, *a, baseline::everreach), 51);

  // Network context at day 30: node 1 took part in the events of days 0, 1 and 5; node 2 in days 0 and 1.
  EXPECT_DOUBLE_EQ(a->owner_events_30d, 3);
  EXPECT_DOUBLE_EQ(a->owner_idle_days, 25);
  EXPECT_DOUBLE_EQ(a->contact_events_30d, 2);
  EXPECT_DOUBLE_EQ(a->contact_idle_days, 29);
}

TEST(ReplayTest, SnapshotsEqualAHistoryRescan) {
  const event_log log = toy_log();
  const model& m = model::defaults();
  auto r = replay(log, m, toy_options());
  ASSERT_TRUE(r);
  const auto* c = find_case(*r, 1, "1", "2", log);
  ASSERT_TRUE(c);
  std::vector<interaction> items;
  for (const auto& e : log.events) {
    if (!((log.names[e.src] == "1" && log.names[e.dst] == "2") || (log.names[e.src] == "2" && log.names[e.dst] == "1"))) continue;
    interaction x;
    x.at = {e.t};
    x.via = e.via;
    x.dir = log.names[e.src] == "1" ? direction::outbound : direction::inbound;
    items.push_back(x);
  }
  auto h = history::from(items, m.channels());
  ASSERT_TRUE(h);
  auto s = snapshot_of(*h, {c->at}, m);
  ASSERT_TRUE(s);
  const feature_vector want = features_of(*s, c->at, m.params());
  for (std::size_t j = 0; j < feature_count; ++j) EXPECT_NEAR(c->x[j], want[j], 1e-9) << to_string(static_cast<feature>(j));
}

TEST(ReplayTest, ReplyCasesByHand) {
  const event_log log = toy_log();
  auto r = replay(log, model::defaults(), toy_options());
  ASSERT_TRUE(r);
  // Events whose 14-day reply window ends inside the log: days 0, 1, 5, 35.
  ASSERT_EQ(r->replies.size(), 4u);
  EXPECT_TRUE(r->replies[0].answered);  // 1->2 day 0, answered on day 1
  EXPECT_DOUBLE_EQ(r->replies[0].latency_seconds, static_cast<double>(day));
  EXPECT_TRUE(r->replies[0].first_contact);
  EXPECT_FALSE(r->replies[1].answered);  // 2->1 day 1: 1->2 only on day 35
  EXPECT_FALSE(r->replies[1].first_contact);
  EXPECT_FALSE(r->replies[2].answered);  // 1->3 day 5: 3->1 only on day 95
  EXPECT_FALSE(r->replies[3].answered);
  EXPECT_EQ(r->replies[3].before.replies, 1u);  // the day-1 answer is known before day 35
}

TEST(ReplayTest, RejectsAHorizonLongerThanTheLog) {
  const event_log log = toy_log();
  replay_options o = toy_options();
  o.horizon_days = 90;
  auto r = replay(log, model::defaults(), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::out_of_range);
}

TEST(ReplayTest, TimeSplitKeepsTrainingLabelsBeforeTheTest) {
  std::string text;
  for (int d = 0; d <= 200; d += 3)
    text += "1 2 " + std::to_string(d * day) + "\n" + "3 " + std::to_string(4 + d % 5) + " " + std::to_string(d * day + 7) + "\n";
  auto log = parse_edges(text, "split");
  ASSERT_TRUE(log);
  replay_options o;
  o.horizon_days = 30;
  o.cutoffs = 8;
  auto r = replay(*log, model::defaults(), o);
  ASSERT_TRUE(r);
  const time_split s = split_by_time(*r);
  EXPECT_EQ(s.test_cutoffs.size(), 4u);
  ASSERT_FALSE(s.train_cutoffs.empty());
  const std::int64_t first_test = r->cutoffs[s.test_cutoffs.front()];
  for (int k : s.train_cutoffs) EXPECT_LE(r->cutoffs[k] + 30 * day, first_test);
  for (std::size_t i : s.train) EXPECT_LT(r->cases[i].at, first_test);
  for (std::size_t i : s.test) EXPECT_GE(r->cases[i].at, first_test);
}

// ---------------------------------------------------------------------------------------------
// Metrics.

TEST(MetricsTest, HandComputedAuc) {
  // Positives 0.35 and 0.8; negatives 0.1 and 0.4: 3 of 4 pairs ordered right.
  EXPECT_DOUBLE_EQ(roc_auc({0.1, 0.4, 0.35, 0.8}, {false, false, true, true}), 0.75);
  EXPECT_DOUBLE_EQ(roc_auc({0.5, 0.5}, {false, true}), 0.5);  // a tie counts one half
  EXPECT_DOUBLE_EQ(roc_auc({1, 2, 2, 3}, {false, true, false, true}), 0.875);
  EXPECT_TRUE(std::isnan(roc_auc({0.1, 0.2}, {true, true})));
}

TEST(MetricsTest, LogLossAndBrierByHand) {
  EXPECT_NEAR(log_loss({0.8, 0.4}, {true, false}), -(std::log(0.8) + std::log(0.6)) / 2, 1e-12);
  EXPECT_NEAR(brier({0.8, 0.4}, {true, false}), (0.04 + 0.16) / 2, 1e-12);
}

TEST(MetricsTest, PerfectlyCalibratedToyHasZeroEce) {
  std::vector<double> p;
  std::vector<bool> y;
  for (int i = 0; i < 10; ++i) {
    p.push_back(0.2);
    y.push_back(i < 2);
  }
  for (int i = 0; i < 10; ++i) {
    p.push_back(0.7);
    y.push_back(i < 7);
  }
  EXPECT_NEAR(ece(p, y), 0, 1e-12);
  const auto t = reliability(p, y);
  EXPECT_EQ(t[2].count, 10u);
  EXPECT_NEAR(t[2].observed, 0.2, 1e-12);
  EXPECT_EQ(t[7].count, 10u);
  EXPECT_NEAR(t[7].observed, 0.7, 1e-12);
  // Overconfident by 0.1 in every case: ECE 0.1.
  for (auto& v : p) v += 0.1;
  EXPECT_NEAR(ece(p, y), 0.1, 1e-12);
}

TEST(MetricsTest, PinballByHand) {
  // tau = 0.8: under-prediction by 2 costs 1.6, over-prediction by 1 costs 0.2.
  EXPECT_NEAR(pinball({1, 4}, {3, 3}, 0.8), (1.6 + 0.2) / 2, 1e-12);
}

TEST(MetricsTest, NormalQuantile) {
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-9);
  EXPECT_NEAR(normal_quantile(0.8), 0.8416212335729143, 1e-8);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-8);
  EXPECT_NEAR(normal_quantile(0.01), -2.326347874040841, 1e-8);
}

TEST(MetricsTest, IsotonicIsMonotoneAndPoolsViolators) {
  // Scores 1..4 with rates 0, 1, 0, 1 (one case each): the middle violators pool to 0.5.
  const isotonic f = isotonic::fit({1, 2, 3, 4}, {false, true, false, true});
  EXPECT_NEAR(f(1), probability_floor, 1e-12);
  EXPECT_NEAR(f(2.5), 0.5, 1e-12);
  EXPECT_NEAR(f(4), 1 - probability_floor, 1e-12);
  double prev = 0;
  for (double s = 0; s <= 5; s += 0.25) {
    EXPECT_GE(f(s), prev);
    prev = f(s);
  }
}

TEST(MetricsTest, PlattRecoversAKnownMap) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> n01;
  std::vector<double> z;
  std::vector<bool> y;
  for (int i = 0; i < 40000; ++i) {
    const double zi = 2 * n01(rng);
    z.push_back(zi);
    y.push_back(std::uniform_real_distribution<double>(0, 1)(rng) < logistic(-1 + 0.5 * zi));
  }
  const platt f = platt::fit(z, y);
  EXPECT_NEAR(f.a, -1, 0.05);
  EXPECT_NEAR(f.b, 0.5, 0.05);
  // A score on a 0-100 point scale converges too.
  std::vector<double> pts;
  std::vector<bool> yp;
  std::uniform_real_distribution<double> u100(0, 100);
  for (int i = 0; i < 40000; ++i) {
    pts.push_back(u100(rng));
    yp.push_back(std::uniform_real_distribution<double>(0, 1)(rng) < logistic(-5 + 0.1 * pts.back()));
  }
  const platt h = platt::fit(pts, yp);
  EXPECT_NEAR(h.a, -5, 0.2);
  EXPECT_NEAR(h.b, 0.1, 0.005);
  // Weight 2 on every case is the same fit.
  const platt g = platt::fit(z, y, std::vector<double>(z.size(), 2.0));
  EXPECT_NEAR(g.a, f.a, 1e-6);
  EXPECT_NEAR(g.b, f.b, 1e-6);
}

TEST(HarnessTest, BaselineCalibrationKeepsTheRawRanking) {
  const event_log log = toy_log();
  auto r = replay(log, model::defaults(), toy_options());
  ASSERT_TRUE(r);
  std::vector<std::size_t> all(r->cases.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const auto m = score_baseline(*r, baseline::recency, all, all);
  std::vector<double> raw;
  for (const auto& c : r->cases) raw.push_back(baseline_score(*r, c, baseline::recency));
  EXPECT_DOUBLE_EQ(m.auc, roc_auc(raw, labels_of(*r, all)));
  EXPECT_EQ(m.cases, 8u);
  EXPECT_DOUBLE_EQ(m.base_rate, 0.5);
}

TEST(ReplayTest, InboundOnlyLabelExperiment) {
  const event_log log = toy_log();
  auto r = replay(log, model::defaults(), toy_options());
  ASSERT_TRUE(r);
  relabel_inbound_only(*r);  // the experiment lives with the harness, not in the public replay
  // Day 30: the only event of (1,2) in (30, 40] is 1 -> 2 on day 35: inbound for 2, outbound for 1.
  EXPECT_FALSE(find_case(*r, 0, "1", "2", log)->label);
  EXPECT_TRUE(find_case(*r, 0, "2", "1", log)->label);
  // Day 90: 3 -> 1 on day 95 is inbound for 1.
  EXPECT_TRUE(find_case(*r, 1, "1", "3", log)->label);
  EXPECT_FALSE(find_case(*r, 1, "3", "1", log)->label);
}
