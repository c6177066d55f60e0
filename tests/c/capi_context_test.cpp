// The C API's network-context paths give exactly what the C++ core gives for the same model,
// history and context: rapport_history_score against rapport::assess(history, ..., {context}),
// rapport_state_assess / _score with a context in their options and the batches against rapport::assess / score(state, ...,
// &context), the recommender's windows against rapport::recommend. Also: without a context the C
// results equal the C++ ones without.
#include <rapport/rapport.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapport/params_json.hpp>
#include <rapport/rapport.hpp>

namespace {

std::int64_t t(const char* text) { return rapport::parse_utc(text)->seconds; }

struct row {
  const char* when;
  std::uint8_t channel, direction;
};
const row bruno[] = {{"2026-06-02T10:00:00Z", RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL},
                     {"2026-07-14T08:12:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND},
                     {"2026-07-14T11:40:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND},
                     {"2026-08-20T15:00:00Z", RAPPORT_CHANNEL_CALL, RAPPORT_MUTUAL},
                     {"2026-09-30T09:05:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND},
                     {"2026-09-30T13:20:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND},
                     {"2026-10-21T12:00:00Z", RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL},
                     {"2026-11-10T17:45:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_INBOUND},
                     {"2026-11-11T08:30:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_OUTBOUND},
                     {"2026-11-20T10:00:00Z", RAPPORT_CHANNEL_VIDEO_CALL, RAPPORT_MUTUAL}};

class CapiContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    params_ = rapport::model_params::defaults();
    params_.context_intercept = 0.3;
    params_.context_pair_weight = 0.8;
    params_.context_beta = {0.2, 0.4, -0.3, -0.5};
    params_.context_reference = {1.5, 1.5, 1, 1};
    auto m = rapport::model::create(params_);
    ASSERT_TRUE(m) << m.error().message;
    model_ = std::make_unique<rapport::model>(std::move(*m));
    const std::string json = rapport::to_json(params_);
    ASSERT_EQ(rapport_model_from_json(&cmodel_, json.data(), json.size()), RAPPORT_OK) << rapport_last_error();
    ASSERT_EQ(rapport_history_new(&chistory_), RAPPORT_OK);
    for (const row& r : bruno) {
      rapport_interaction x{};
      x.at = t(r.when);
      x.in_reply_to = RAPPORT_NO_REPLY;
      x.channel = r.channel;
      x.direction = r.direction;
      ASSERT_EQ(rapport_history_add(chistory_, &x), RAPPORT_OK);
      rapport::interaction item;
      item.at = rapport::timestamp{x.at};
      item.via = static_cast<rapport::channel>(r.channel);
      item.dir = static_cast<rapport::direction>(r.direction);
      items_.push_back(item);
    }
    ASSERT_EQ(rapport_network_context_init(&cctx_, RAPPORT_NETWORK_CONTEXT_VERSION), RAPPORT_OK);
    cctx_.owner_events_30d = ctx_.owner_events_30d = 40;
    cctx_.contact_events_30d = ctx_.contact_events_30d = 2;
    cctx_.owner_idle_days = ctx_.owner_idle_days = 0.5;
    cctx_.contact_idle_days = ctx_.contact_idle_days = 40;
  }
  void TearDown() override {
    rapport_history_free(chistory_);
    rapport_model_free(cmodel_);
  }

  // The C warmth against the C++ one: every number exactly, the reasons word for word.
  static void expect_same(const rapport_warmth* cw, const rapport::warmth& w) {
    rapport_score s{};
    ASSERT_EQ(rapport_warmth_get(cw, &s), RAPPORT_OK);
    EXPECT_EQ(s.score, w.score);
    EXPECT_EQ(s.probability, w.probability);
    EXPECT_EQ(s.logit, w.logit);
    EXPECT_EQ(s.band, static_cast<int>(w.level));
    EXPECT_EQ(s.stage, static_cast<int>(w.stage));
    double v[RAPPORT_FEATURE_COUNT], c[RAPPORT_FEATURE_COUNT];
    std::size_t n = 0;
    ASSERT_EQ(rapport_warmth_features(cw, &n, v, c, RAPPORT_FEATURE_COUNT), RAPPORT_OK);
    ASSERT_EQ(n, w.parts.size());
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(v[i], w.parts[i].value) << i;
      EXPECT_EQ(c[i], w.parts[i].contribution) << i;
    }
    double cv[RAPPORT_CONTEXT_FEATURE_COUNT], cc[RAPPORT_CONTEXT_FEATURE_COUNT];
    ASSERT_EQ(rapport_warmth_context_features(cw, &n, cv, cc, RAPPORT_CONTEXT_FEATURE_COUNT), RAPPORT_OK);
    ASSERT_EQ(n, w.with_context ? w.context_parts.size() : 0u);
    for (std::size_t j = 0; j < n; ++j) {
      EXPECT_EQ(cv[j], w.context_parts[j].value) << j;
      EXPECT_EQ(cc[j], w.context_parts[j].contribution) << j;
    }
    ASSERT_EQ(rapport_warmth_reason_count(cw, &n), RAPPORT_OK);
    ASSERT_EQ(n, w.reasons.size());
    for (std::size_t i = 0; i < n; ++i) {
      std::int32_t f = -1;
      double contribution = 0;
      const char* text = nullptr;
      ASSERT_EQ(rapport_warmth_reason(cw, &f, &contribution, &text, i), RAPPORT_OK);
      EXPECT_EQ(f, static_cast<int>(w.reasons[i].which));
      EXPECT_EQ(contribution, w.reasons[i].contribution);
      EXPECT_EQ(std::string(text), w.reasons[i].text);
    }
  }

  rapport::model_params params_;
  std::unique_ptr<rapport::model> model_;
  rapport_model* cmodel_ = nullptr;
  rapport_history* chistory_ = nullptr;
  std::vector<rapport::interaction> items_;
  rapport_network_context cctx_{};
  rapport::network_context ctx_;
  const std::int64_t now_ = t("2026-11-25T09:00:00Z");
};

TEST_F(CapiContextTest, HistoryScoreEqualsTheCoreWithAndWithoutAContext) {
  auto h = rapport::history::from(items_, model_->channels());
  ASSERT_TRUE(h);
  for (const bool with : {false, true}) {
    rapport::score_options opt;
    opt.context = with ? &ctx_ : nullptr;
    auto w = rapport::assess(*h, rapport::timestamp{now_}, *model_, opt);
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_EQ(w->with_context, with);
    rapport_score_options copt;
    ASSERT_EQ(rapport_score_options_init(&copt, RAPPORT_SCORE_OPTIONS_VERSION), RAPPORT_OK);
    copt.context = with ? &cctx_ : nullptr;
    rapport_warmth* cw = nullptr;
    ASSERT_EQ(rapport_history_score(chistory_, &cw, cmodel_, now_, &copt), RAPPORT_OK) << rapport_last_error();
    expect_same(cw, *w);
    rapport_warmth_free(cw);
  }
  // the context moves this model's score, and a reason names a context feature
  auto plain = rapport::assess(*h, rapport::timestamp{now_}, *model_);
  rapport::score_options opt;
  opt.context = &ctx_;
  auto with = rapport::assess(*h, rapport::timestamp{now_}, *model_, opt);
  EXPECT_NE(plain->score, with->score);
  bool context_reason = false;
  for (const auto& r : with->reasons) context_reason |= static_cast<std::size_t>(r.which) >= rapport::feature_count;
  EXPECT_TRUE(context_reason);
}

TEST_F(CapiContextTest, StateAndBatchPathsEqualTheCore) {
  rapport_state cs;
  ASSERT_EQ(rapport_state_from_history(&cs, chistory_, cmodel_), RAPPORT_OK);
  rapport::contact_state s;
  std::memcpy(static_cast<void*>(&s), &cs, sizeof s);
  for (const bool with : {false, true}) {
    const rapport::network_context* c = with ? &ctx_ : nullptr;
    const rapport_network_context* cc = with ? &cctx_ : nullptr;
    auto w = rapport::assess(s, rapport::timestamp{now_}, *model_, c);
    auto score = rapport::score(s, rapport::timestamp{now_}, *model_, c);
    ASSERT_TRUE(w && score);
    rapport_score_options so = RAPPORT_SCORE_OPTIONS_INIT;
    so.context = cc;
    rapport_warmth* cw = nullptr;
    ASSERT_EQ(rapport_state_assess(&cs, &cw, cmodel_, now_, &so), RAPPORT_OK) << rapport_last_error();
    expect_same(cw, *w);
    rapport_warmth_free(cw);
    double one = -1;
    ASSERT_EQ(rapport_state_score(&cs, &one, cmodel_, now_, &so), RAPPORT_OK);
    EXPECT_EQ(one, *score);

    // the batches: the state array and the columns (one contact)
    const rapport_network_context* contexts[1] = {cc};
    double scores[1] = {-1};
    std::uint8_t bands[1] = {99}, stages[1] = {99};
    rapport_batch_options so_batch = RAPPORT_BATCH_OPTIONS_INIT;
    so_batch.contexts = contexts;
    ASSERT_EQ(rapport_batch_score_states(cmodel_, scores, bands, &cs, 1, now_, &so_batch), RAPPORT_OK);
    EXPECT_EQ(scores[0], *score);
    EXPECT_EQ(bands[0], static_cast<int>(w->level));
    std::vector<std::int64_t> at;
    std::vector<std::uint8_t> ch, dir;
    for (const row& r : bruno) {
      at.push_back(t(r.when));
      ch.push_back(r.channel);
      dir.push_back(r.direction);
    }
    const std::int64_t offsets[2] = {0, static_cast<std::int64_t>(at.size())};
    rapport_batch_options bo;
    ASSERT_EQ(rapport_batch_options_init(&bo, RAPPORT_BATCH_OPTIONS_VERSION), RAPPORT_OK);
    bo.contexts = contexts;
    ASSERT_EQ(rapport_batch_score(cmodel_, scores, bands, stages, nullptr, offsets, 1, at.data(), ch.data(), dir.data(),
                                  at.size(), now_, &bo),
              RAPPORT_OK)
        << rapport_last_error();
    EXPECT_EQ(scores[0], *score);
    EXPECT_EQ(bands[0], static_cast<int>(w->level));
    EXPECT_EQ(stages[0], static_cast<int>(w->stage));
  }
}

TEST_F(CapiContextTest, RecommendEqualsTheCoreWithAndWithoutAContext) {
  rapport_state cs;
  ASSERT_EQ(rapport_state_from_history(&cs, chistory_, cmodel_), RAPPORT_OK);
  rapport::contact_state s;
  std::memcpy(static_cast<void*>(&s), &cs, sizeof s);
  auto h = rapport::history::from(items_, model_->channels());
  ASSERT_TRUE(h);
  for (const bool with : {false, true}) {
    rapport_recommend_options o;
    ASSERT_EQ(rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION), RAPPORT_OK);
    o.context = with ? &cctx_ : nullptr;
    rapport::score_options so;
    so.context = with ? &ctx_ : nullptr;
    auto from_state = rapport::recommend(s, rapport::timestamp{now_}, {}, *model_, {}, so.context);
    auto from_history = rapport::recommend(*h, rapport::timestamp{now_}, {}, *model_, {}, so);
    ASSERT_TRUE(from_state && from_history);
    const rapport::recommendation* cpp_of[] = {&*from_state, &*from_history};
    for (int path = 0; path < 2; ++path) {
      rapport_recommendation* r = nullptr;
      ASSERT_EQ(path == 0 ? rapport_state_recommend(&cs, &r, cmodel_, now_, nullptr, &o)
                          : rapport_history_recommend(chistory_, &r, cmodel_, now_, nullptr, &o),
                RAPPORT_OK)
          << rapport_last_error();
      rapport_window w{};
      ASSERT_EQ(rapport_recommendation_window(r, &w), RAPPORT_OK);
      const rapport::follow_up_window& cpp = cpp_of[path]->window;
      EXPECT_EQ(w.warmth, cpp.warmth) << path;
      EXPECT_EQ(w.warmth_floor, cpp.warmth_floor) << path;
      EXPECT_EQ(w.action, static_cast<int>(cpp.what)) << path;
      EXPECT_EQ(w.earliest, cpp.earliest.seconds) << path;
      EXPECT_EQ(w.best, cpp.best.seconds) << path;
      EXPECT_EQ(w.latest, cpp.latest.seconds) << path;
      EXPECT_EQ(w.why, cpp.why) << path;
      rapport_recommendation_free(r);
    }
  }
}

TEST_F(CapiContextTest, ABadContextIsRefusedAsTheCoreRefusesIt) {
  for (int field = 0; field < 4; ++field) {
    rapport::network_context c = ctx_;
    rapport_network_context cc = cctx_;
    double* cpp[] = {&c.owner_events_30d, &c.contact_events_30d, &c.owner_idle_days, &c.contact_idle_days};
    double* cf[] = {&cc.owner_events_30d, &cc.contact_events_30d, &cc.owner_idle_days, &cc.contact_idle_days};
    *cpp[field] = *cf[field] = -1;
    auto ok = c.validate();
    ASSERT_FALSE(ok);
    double score = 0;
    rapport_state cs;
    ASSERT_EQ(rapport_state_from_history(&cs, chistory_, cmodel_), RAPPORT_OK);
    rapport_score_options so = RAPPORT_SCORE_OPTIONS_INIT;
    so.context = &cc;
    EXPECT_EQ(rapport_state_score(&cs, &score, cmodel_, now_, &so), RAPPORT_EINVAL);
    // both name the same field
    const std::string core = ok.error().message, capi = rapport_last_error();
    const auto name = core.substr(core.find(": ") + 2, core.find(' ', core.find(": ") + 2) - core.find(": ") - 2);
    EXPECT_NE(capi.find("context->" + name + " = -1"), std::string::npos) << capi << " / " << core;
  }
}

}  // namespace
