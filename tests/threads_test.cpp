// The documented sharing rules, checked under ThreadSanitizer (preset `tsan`): "one handle per
// thread, const handles shared freely". Several threads share one model, calendar, zone and
// profile, through the C++ API and the C ABI, and score, recommend and run batches at once; each
// thread's results must equal the ones computed alone beforehand. Without TSan this is an ordinary
// (fast) test of the same property.

#include <rapport/rapport.h>
#include <rapport/rapport.hpp>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {
using namespace rapport;

constexpr int thread_count = 4;
constexpr int rounds = 3;
const std::int64_t t0 = utc(2026, 3, 2, 9).seconds;
const std::int64_t now_s = utc(2026, 5, 4, 9, 30).seconds;

// A few contacts' rows, sorted by (contact, time), as the batch calls want them.
struct columns {
  std::vector<std::int64_t> at;
  std::vector<std::uint8_t> channel, direction;
  std::vector<std::size_t> offsets{0};
  std::vector<std::int64_t> offsets64{0};
};
columns make_columns(int contacts) {
  columns c;
  for (int k = 0; k < contacts; ++k) {
    for (int i = 0; i <= k % 7; ++i) {
      c.at.push_back(t0 + k * 3600 + i * (2 + k % 5) * 86400);
      c.channel.push_back(static_cast<std::uint8_t>((k + i) % 8));
      c.direction.push_back(static_cast<std::uint8_t>((k + i) % 3));
    }
    c.offsets.push_back(c.at.size());
    c.offsets64.push_back(static_cast<std::int64_t>(c.at.size()));
  }
  return c;
}

struct shared_cpp {
  model m = *model::create(model_params::defaults());
  calendar cal = *calendar::builtin("england_wales");
  time_zone zone = *time_zone::from_iana("Europe/London");
  week_profile profile = *week_profile::from_counts([] {
    std::array<double, week_profile::slots> a{};
    for (std::size_t s = 0; s < a.size(); ++s) a[s] = (s % 24 >= 9 && s % 24 < 18) ? 3.0 : 0.0;
    return a;
  }());
  contact_constraints constraints() const {
    contact_constraints c;
    c.zone = &zone;
    c.cal = &cal;
    c.profile = &profile;
    c.do_not_contact = {period{{utc(2026, 5, 5).seconds}, {utc(2026, 5, 8).seconds}}};
    return c;
  }
};

struct cpp_results {
  std::vector<double> warmth;
  std::vector<std::int64_t> best;
  std::vector<double> batch_scores;
  std::vector<std::int64_t> batch_latest;
};

cpp_results run_cpp(const shared_cpp& s, const columns& cols) {
  cpp_results r;
  const contact_constraints c = s.constraints();
  const std::size_t contacts = cols.offsets.size() - 1;
  for (std::size_t k = 0; k < contacts; ++k) {
    std::vector<interaction> xs;
    for (std::size_t i = cols.offsets[k]; i < cols.offsets[k + 1]; ++i)
      xs.push_back({{cols.at[i]}, static_cast<channel>(cols.channel[i]), static_cast<direction>(cols.direction[i]), 0, {}});
    auto h = history::from(xs, s.m.channels());
    EXPECT_TRUE(h);
    if (!h) continue;
    auto w = assess(*h, {now_s}, s.m);
    EXPECT_TRUE(w);
    r.warmth.push_back(w ? w->score : -1);
    auto rec = recommend(*h, {now_s}, c, s.m);
    EXPECT_TRUE(rec);
    r.best.push_back(rec ? rec->window.best.seconds : -1);
  }
  const interaction_columns rows{cols.at.data(), cols.channel.data(), cols.direction.data(), cols.at.size()};
  r.batch_scores.resize(contacts);
  EXPECT_TRUE(score_batch(cols.offsets.data(), contacts, rows, {now_s}, s.m, r.batch_scores.data()));
  std::vector<follow_up_window> out(contacts);
  std::vector<const contact_constraints*> cs(contacts, &c);
  EXPECT_TRUE(recommend_columns(cols.offsets.data(), contacts, rows, cs.data(), {now_s}, out.data(), s.m));
  for (const auto& w : out) r.batch_latest.push_back(w.latest.seconds);
  return r;
}

TEST(ThreadsTest, CppApiSharesModelCalendarZoneAndProfile) {
  const shared_cpp s;
  const columns cols = make_columns(24);
  const cpp_results alone = run_cpp(s, cols);
  std::vector<cpp_results> got(thread_count);
  std::vector<std::thread> pool;
  for (int t = 0; t < thread_count; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < rounds; ++i) got[static_cast<std::size_t>(t)] = run_cpp(s, cols);
    });
  for (auto& th : pool) th.join();
  for (const auto& g : got) {
    EXPECT_EQ(g.warmth, alone.warmth);
    EXPECT_EQ(g.best, alone.best);
    EXPECT_EQ(g.batch_latest, alone.batch_latest);
    ASSERT_EQ(g.batch_scores.size(), alone.batch_scores.size());
    for (std::size_t k = 0; k < g.batch_scores.size(); ++k) EXPECT_EQ(g.batch_scores[k], alone.batch_scores[k]);
  }
}

// Function-local statics (model::defaults, the population profile, the weekday calendar) are
// first touched from several threads at once.
TEST(ThreadsTest, CppDefaultsFirstUsedFromManyThreads) {
  std::atomic<int> ok{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < thread_count; ++t)
    pool.emplace_back([&] {
      auto h = history::from({{{t0}, channel::meeting, direction::mutual, 0, {}}}, channel_table::defaults());
      if (h && recommend(*h, {now_s}) && assess(*h, {now_s})) ++ok;
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(ok.load(), thread_count);
}

struct shared_c {
  rapport_model* m = nullptr;
  rapport_zone* zone = nullptr;
  rapport_calendar* cal = nullptr;
  rapport_profile* profile = nullptr;
  std::int64_t dnc[2] = {utc(2026, 5, 5).seconds, utc(2026, 5, 8).seconds};
  shared_c() {
    EXPECT_EQ(rapport_model_new(&m), RAPPORT_OK);
    EXPECT_EQ(rapport_zone_new(&zone, "Europe/London"), RAPPORT_OK);
    EXPECT_EQ(rapport_calendar_new(&cal, "england_wales", RAPPORT_WEEKEND_SAT_SUN, nullptr, 0), RAPPORT_OK);
    double counts[168] = {};
    for (int s = 0; s < 168; ++s) counts[s] = (s % 24 >= 9 && s % 24 < 18) ? 3.0 : 0.0;
    EXPECT_EQ(rapport_profile_from_counts(&profile, counts, 168, 12), RAPPORT_OK);
  }
  ~shared_c() {
    rapport_profile_free(profile);
    rapport_calendar_free(cal);
    rapport_zone_free(zone);
    rapport_model_free(m);
  }
  rapport_constraints constraints() const {
    rapport_constraints c;
    EXPECT_EQ(rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION), RAPPORT_OK);
    c.zone = zone;
    c.calendar = cal;
    c.profile = profile;
    c.do_not_contact = dnc;
    c.n_do_not_contact = 1;
    return c;
  }
};

struct c_results {
  std::vector<double> warmth;
  std::vector<std::int64_t> best;
  std::vector<std::string> reasons;
  std::vector<double> batch_scores;
  std::vector<std::int64_t> batch_latest;
};

c_results run_c(const shared_c& s, const columns& cols) {
  c_results r;
  const rapport_constraints c = s.constraints();
  const std::size_t contacts = cols.offsets.size() - 1;
  rapport_history* h = nullptr;  // one handle per thread
  EXPECT_EQ(rapport_history_new(&h), RAPPORT_OK);
  for (std::size_t k = 0; k < contacts; ++k) {
    EXPECT_EQ(rapport_history_clear(h), RAPPORT_OK);
    for (std::size_t i = cols.offsets[k]; i < cols.offsets[k + 1]; ++i) {
      rapport_interaction x;
      std::memset(&x, 0, sizeof x);
      x.at = cols.at[i];
      x.in_reply_to = RAPPORT_NO_REPLY;
      x.channel = cols.channel[i];
      x.direction = cols.direction[i];
      EXPECT_EQ(rapport_history_add(h, &x), RAPPORT_OK);
    }
    rapport_warmth* w = nullptr;
    EXPECT_EQ(rapport_history_score(h, &w, s.m, now_s, nullptr), RAPPORT_OK) << rapport_last_error();
    rapport_score sc{};
    EXPECT_EQ(rapport_warmth_get(w, &sc), RAPPORT_OK);
    r.warmth.push_back(sc.score);
    rapport_warmth_free(w);
    rapport_recommendation* rec = nullptr;
    EXPECT_EQ(rapport_history_recommend(h, &rec, s.m, now_s, &c, nullptr), RAPPORT_OK) << rapport_last_error();
    rapport_window win{};
    EXPECT_EQ(rapport_recommendation_window(rec, &win), RAPPORT_OK);
    r.best.push_back(win.best);
    char buf[4096];
    size_t needed = 0;
    EXPECT_EQ(rapport_recommendation_reasons_text(rec, buf, sizeof buf, &needed), RAPPORT_OK);
    r.reasons.emplace_back(buf);
    rapport_recommendation_free(rec);
  }
  rapport_history_free(h);
  r.batch_scores.resize(contacts);
  std::vector<rapport_status> statuses(contacts);
  EXPECT_EQ(rapport_batch_score(s.m, r.batch_scores.data(), nullptr, nullptr, statuses.data(), cols.offsets64.data(), contacts,
                                cols.at.data(), cols.channel.data(), cols.direction.data(), cols.at.size(), now_s, nullptr),
            RAPPORT_OK)
      << rapport_last_error();
  std::vector<rapport_window> windows(contacts);
  std::vector<const rapport_constraints*> cs(contacts, &c);
  rapport_recommend_options ro = RAPPORT_RECOMMEND_OPTIONS_INIT;
  ro.threads = 2;  // threads of its own inside each caller's thread, sharing the constraints
  EXPECT_EQ(rapport_batch_recommend(s.m, windows.data(), statuses.data(), cols.offsets64.data(), contacts, cols.at.data(),
                                    cols.channel.data(), cols.direction.data(), cols.at.size(), cs.data(), now_s, &ro),
            RAPPORT_OK)
      << rapport_last_error();
  for (const auto& w : windows) r.batch_latest.push_back(w.latest);
  return r;
}

TEST(ThreadsTest, CApiSharesModelCalendarZoneAndProfile) {
  const shared_c s;
  const columns cols = make_columns(24);
  const c_results alone = run_c(s, cols);
  std::vector<c_results> got(thread_count);
  std::vector<std::thread> pool;
  for (int t = 0; t < thread_count; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < rounds; ++i) got[static_cast<std::size_t>(t)] = run_c(s, cols);
    });
  for (auto& th : pool) th.join();
  for (const auto& g : got) {
    EXPECT_EQ(g.warmth, alone.warmth);
    EXPECT_EQ(g.best, alone.best);
    EXPECT_EQ(g.reasons, alone.reasons);
    EXPECT_EQ(g.batch_latest, alone.batch_latest);
  }
}

// Each thread's last error is its own: failures in one thread never show in another's message.
TEST(ThreadsTest, CApiLastErrorIsPerThread) {
  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < thread_count; ++t)
    pool.emplace_back([&, t] {
      const std::string name = "Mars/Thread" + std::to_string(t);
      for (int i = 0; i < 50; ++i) {
        rapport_zone* z = nullptr;
        if (rapport_zone_new(&z, name.c_str()) != RAPPORT_EINVAL) ++mismatches;
        if (std::string(rapport_last_error()).find(name) == std::string::npos) ++mismatches;
        rapport_zone_free(z);
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
