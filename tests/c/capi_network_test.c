/* The C API from C: the network context, in scoring and in the recommender. */
#include "capi_test.h"

/* The state calls with a network context: a score options struct carrying it (in 0.1 these were
 * rapport_state_score_v2, rapport_state_assess_v2 and rapport_batch_score_states_v2). */
static rapport_status state_score_with(const rapport_state* st, double* score, const rapport_model* m, int64_t now,
                                       const rapport_network_context* context) {
  rapport_score_options o = RAPPORT_SCORE_OPTIONS_INIT;
  o.context = context;
  return rapport_state_score(st, score, m, now, &o);
}

static rapport_status state_assess_with(const rapport_state* st, rapport_warmth** w, const rapport_model* m, int64_t now,
                                        const rapport_network_context* context) {
  rapport_score_options o = RAPPORT_SCORE_OPTIONS_INIT;
  o.context = context;
  return rapport_state_assess(st, w, m, now, &o);
}

static rapport_status score_states_with(const rapport_model* m, double* scores, uint8_t* bands, const rapport_state* states,
                                        size_t n, int64_t now, const rapport_network_context* const* contexts) {
  rapport_batch_options o = RAPPORT_BATCH_OPTIONS_INIT;
  o.contexts = contexts;
  return rapport_batch_score_states(m, scores, bands, states, n, now, &o);
}

/* ------------------------------------------------------------------------------------------- */

/* The shipped parameters with a second stage that is not the identity (the shipped one may be). */
static rapport_model* context_model(void) {
  static const char* const edits[][3] = {{"\"context_intercept\"", "\"context_intercept\": ", "0.3"},
                                         {"\"context_pair_weight\"", "\"context_pair_weight\": ", "0.8"},
                                         {"\"context_beta\"", "\"owner_activity\": ", "0.2"},
                                         {"\"context_beta\"", "\"contact_activity\": ", "0.4"},
                                         {"\"context_beta\"", "\"owner_idle\": ", "-0.3"},
                                         {"\"context_beta\"", "\"contact_idle\": ", "-0.5"},
                                         {"\"context_reference\"", "\"owner_activity\": ", "1.5"},
                                         {"\"context_reference\"", "\"contact_activity\": ", "1.5"},
                                         {"\"context_reference\"", "\"owner_idle\": ", "1"},
                                         {"\"context_reference\"", "\"contact_idle\": ", "1"}};
  rapport_model *m = NULL, *e = NULL;
  size_t n = 0, i;
  char* json;
  CHECK_OK(rapport_model_new(&m));
  CHECK_OK(rapport_model_to_json(m, NULL, 0, &n));
  json = (char*)malloc(n + 1);
  if (json && rapport_model_to_json(m, json, n + 1, NULL) == RAPPORT_OK) {
    for (i = 0; json && i < sizeof edits / sizeof edits[0]; ++i) {
      char* next = replace_number(json, edits[i][0], edits[i][1], edits[i][2]);
      CHECK(next != NULL);
      free(json);
      json = next;
    }
    if (json) CHECK_OK(rapport_model_from_json(&e, json, strlen(json)));
  }
  free(json);
  rapport_model_free(m);
  if (!e) CHECK_OK(rapport_model_new(&e)); /* keep going; the checks using it will fail loudly */
  return e;
}

static rapport_network_context make_context(double owner_events, double contact_events, double owner_idle, double contact_idle) {
  rapport_network_context c;
  memset(&c, 0x5A, sizeof c); /* init must set everything */
  CHECK_OK(rapport_network_context_init(&c, RAPPORT_NETWORK_CONTEXT_VERSION));
  c.owner_events_30d = owner_events;
  c.contact_events_30d = contact_events;
  c.owner_idle_days = owner_idle;
  c.contact_idle_days = contact_idle;
  return c;
}

/* Everything a warmth result holds, for bit-for-bit comparisons. */
struct warmth_dump {
  rapport_score s;
  double values[RAPPORT_FEATURE_COUNT], contrib[RAPPORT_FEATURE_COUNT];
  double cvalues[RAPPORT_CONTEXT_FEATURE_COUNT], ccontrib[RAPPORT_CONTEXT_FEATURE_COUNT];
  size_t count, ccount, reasons;
  char text[4096];
};

static void dump(struct warmth_dump* d, const rapport_warmth* w) {
  memset(d, 0, sizeof *d);
  CHECK_OK(rapport_warmth_get(w, &d->s));
  CHECK_OK(rapport_warmth_features(w, &d->count, d->values, d->contrib, RAPPORT_FEATURE_COUNT));
  CHECK_OK(rapport_warmth_context_features(w, &d->ccount, d->cvalues, d->ccontrib, RAPPORT_CONTEXT_FEATURE_COUNT));
  CHECK_OK(rapport_warmth_reason_count(w, &d->reasons));
  CHECK_OK(rapport_warmth_reasons_text(w, d->text, sizeof d->text, NULL));
}

static int same_dump(const struct warmth_dump* a, const struct warmth_dump* b) {
  return memcmp(&a->s, &b->s, sizeof a->s) == 0 && a->count == b->count && a->ccount == b->ccount &&
         memcmp(a->values, b->values, sizeof a->values) == 0 && memcmp(a->contrib, b->contrib, sizeof a->contrib) == 0 &&
         memcmp(a->cvalues, b->cvalues, sizeof a->cvalues) == 0 && memcmp(a->ccontrib, b->ccontrib, sizeof a->ccontrib) == 0 &&
         a->reasons == b->reasons && strcmp(a->text, b->text) == 0;
}

/* rapport_history_score of xs with `options`, dumped; 0 when the call failed. */
static int history_dump(struct warmth_dump* d, const rapport_interaction* xs, size_t n, const rapport_model* m, int64_t now,
                        const rapport_score_options* options) {
  rapport_history* h = history_of(xs, n);
  rapport_warmth* w = NULL;
  const rapport_status st = rapport_history_score(h, &w, m, now, options);
  CHECK_OK(st);
  if (st == RAPPORT_OK) dump(d, w);
  rapport_warmth_free(w);
  rapport_history_free(h);
  return st == RAPPORT_OK;
}

/* The state of xs built through a history. */
static rapport_status state_from(rapport_state* st, const rapport_interaction* xs, size_t n, const rapport_model* m) {
  rapport_history* h = history_of(xs, n);
  const rapport_status status = rapport_state_from_history(st, h, m);
  rapport_history_free(h);
  return status;
}

/* How an older program lays out the version-1 options structs (8 bytes). */
struct score_options_v1 {
  uint32_t version, future;
};

struct batch_options_v1 {
  uint32_t version, future;
};

static void test_network_context(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_model* cm = context_model();
  rapport_interaction carla[5];
  rapport_network_context ctx = make_context(40, 2, 0.5, 40), ctx2 = make_context(3, 25, 6, 0), bad;
  rapport_score_options opt;
  rapport_batch_options bopt;
  struct score_options_v1 old_opt;
  struct batch_options_v1 old_bopt;
  struct warmth_dump base, other, with, with2;
  rapport_warmth* w = NULL;
  rapport_state st, states[3];
  double score = -1, one = -1;
  size_t i, count = 99;
  const rapport_model* models[2];
  int k;

  make_carla(carla);
  models[0] = NULL; /* the shipped model, whatever its second stage */
  models[1] = cm;

  /* rapport_network_context_init */
  CHECK(ctx.version == RAPPORT_NETWORK_CONTEXT_VERSION && ctx.reserved == 0);
  bad = make_context(1, 2, 3, 4);
  CHECK_OK(rapport_network_context_init(&bad, RAPPORT_NETWORK_CONTEXT_VERSION));
  CHECK(bad.owner_events_30d == 0 && bad.contact_events_30d == 0 && bad.owner_idle_days == 0 && bad.contact_idle_days == 0);
  CHECK_ERR(rapport_network_context_init(NULL, RAPPORT_NETWORK_CONTEXT_VERSION), RAPPORT_EINVAL, "context is NULL");
  CHECK_ERR(rapport_network_context_init(&bad, 2), RAPPORT_EINVAL, "unknown version 2");
  CHECK_ERR(rapport_network_context_init(&bad, 0), RAPPORT_EINVAL, "unknown version 0");

  /* the options' versions: version 1 writes only its own 8 bytes */
  memset(&opt, 0, sizeof opt);
  opt.context = &ctx;
  CHECK_OK(rapport_score_options_init(&opt, 1));
  CHECK(opt.version == 1 && opt.future == RAPPORT_FUTURE_REJECT && opt.context == &ctx);
  CHECK_OK(rapport_score_options_init(&opt, RAPPORT_SCORE_OPTIONS_VERSION));
  CHECK(RAPPORT_SCORE_OPTIONS_VERSION == 3 && opt.version == 3 && opt.context == NULL && opt.horizon_days == 0);
  memset(&bopt, 0, sizeof bopt);
  bopt.contexts = (const rapport_network_context* const*)&opt; /* any non-NULL sentinel */
  CHECK_OK(rapport_batch_options_init(&bopt, 1));
  CHECK(bopt.version == 1 && bopt.contexts == (const rapport_network_context* const*)&opt);
  CHECK_OK(rapport_batch_options_init(&bopt, RAPPORT_BATCH_OPTIONS_VERSION));
  CHECK(RAPPORT_BATCH_OPTIONS_VERSION == 3 && bopt.version == 3 && bopt.contexts == NULL && bopt.threads == 1);
  CHECK_ERR(rapport_batch_options_init(&bopt, 4), RAPPORT_EINVAL, "unknown version 4");

  /* Without a context every path gives exactly what it gave before: NULL options, an old program's
   * version-1 struct, version 2 with no context; with the shipped model and with one whose second
   * stage is not the identity. */
  for (k = 0; k < 2; ++k) {
    const rapport_model* m = models[k];
    old_opt.version = 1;
    old_opt.future = RAPPORT_FUTURE_REJECT;
    CHECK_OK(rapport_score_options_init(&opt, RAPPORT_SCORE_OPTIONS_VERSION));
    if (!history_dump(&base, bruno, BRUNO_N, m, now, NULL)) continue;
    CHECK(base.count == RAPPORT_FEATURE_COUNT && base.ccount == 0);
    history_dump(&other, bruno, BRUNO_N, m, now, (const rapport_score_options*)(const void*)&old_opt);
    CHECK(same_dump(&base, &other));
    history_dump(&other, bruno, BRUNO_N, m, now, &opt);
    CHECK(same_dump(&base, &other));
    for (i = 0; i < base.reasons; ++i) {
      rapport_warmth* rw = NULL;
      int32_t f = -1;
      rapport_history* h = history_of(bruno, BRUNO_N);
      CHECK_OK(rapport_history_score(h, &rw, m, now, &opt));
      CHECK_OK(rapport_warmth_reason(rw, &f, NULL, NULL, i));
      CHECK(f >= 0 && f < RAPPORT_FEATURE_COUNT); /* never a context feature */
      rapport_warmth_free(rw);
      rapport_history_free(h);
    }

    /* the state: options with a NULL context are the old call */
    CHECK_OK(state_from(&st, bruno, BRUNO_N, m));
    CHECK_OK(rapport_state_score(&st, &one, m, now, NULL));
    CHECK_OK(state_score_with(&st, &score, m, now, NULL));
    CHECK(memcmp(&one, &score, sizeof one) == 0);
    CHECK_OK(rapport_state_assess(&st, &w, m, now, NULL));
    dump(&base, w);
    rapport_warmth_free(w);
    w = NULL;
    CHECK_OK(state_assess_with(&st, &w, m, now, NULL));
    dump(&other, w);
    rapport_warmth_free(w);
    w = NULL;
    CHECK(same_dump(&base, &other) && other.ccount == 0);

    /* the batches: no options, version 1, version 2 without contexts, version 2 with NULL entries */
    {
      enum { ROWS = BRUNO_N + 5 };
      int64_t at[ROWS], offsets[4] = {0, BRUNO_N, BRUNO_N, ROWS};
      uint8_t ch[ROWS], dir[ROWS], bands[4][3], stages[4][3];
      double scores[4][3], sscores[3][3];
      uint8_t sbands[3][3];
      const rapport_network_context* none[3] = {NULL, NULL, NULL};
      int v;
      for (i = 0; i < ROWS; ++i) {
        const rapport_interaction* x = i < BRUNO_N ? &bruno[i] : &carla[i - BRUNO_N];
        at[i] = x->at;
        ch[i] = x->channel;
        dir[i] = x->direction;
      }
      old_bopt.version = 1;
      old_bopt.future = RAPPORT_FUTURE_REJECT;
      CHECK_OK(rapport_batch_score(m, scores[0], bands[0], stages[0], NULL, offsets, 3, at, ch, dir, ROWS, now, NULL));
      CHECK_OK(rapport_batch_score(m, scores[1], bands[1], stages[1], NULL, offsets, 3, at, ch, dir, ROWS, now,
                                   (const rapport_batch_options*)(const void*)&old_bopt));
      CHECK_OK(rapport_batch_options_init(&bopt, RAPPORT_BATCH_OPTIONS_VERSION));
      CHECK_OK(rapport_batch_score(m, scores[2], bands[2], stages[2], NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt));
      bopt.contexts = none;
      CHECK_OK(rapport_batch_score(m, scores[3], bands[3], stages[3], NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt));
      for (v = 1; v < 4; ++v) {
        CHECK(memcmp(scores[0], scores[v], sizeof scores[0]) == 0);
        CHECK(memcmp(bands[0], bands[v], sizeof bands[0]) == 0 && memcmp(stages[0], stages[v], sizeof stages[0]) == 0);
      }
      CHECK_OK(state_from(&states[0], bruno, BRUNO_N, m));
      CHECK_OK(rapport_state_init(&states[1]));
      CHECK_OK(state_from(&states[2], carla, 5, m));
      CHECK_OK(rapport_batch_score_states(m, sscores[0], sbands[0], states, 3, now, NULL));
      CHECK_OK(score_states_with(m, sscores[1], sbands[1], states, 3, now, NULL));
      CHECK_OK(score_states_with(m, sscores[2], sbands[2], states, 3, now, none));
      for (v = 1; v < 3; ++v)
        CHECK(memcmp(sscores[0], sscores[v], sizeof sscores[0]) == 0 && memcmp(sbands[0], sbands[v], sizeof sbands[0]) == 0);
    }
  }

  /* With a context: the history, the state and the batches agree, and the parts add up. */
  CHECK_OK(rapport_score_options_init(&opt, RAPPORT_SCORE_OPTIONS_VERSION));
  history_dump(&base, bruno, BRUNO_N, cm, now, NULL);
  opt.context = &ctx;
  if (history_dump(&with, bruno, BRUNO_N, cm, now, &opt)) {
    double offset_a = with.s.logit, offset_b;
    CHECK(with.s.score != base.s.score); /* the model's second stage is not the identity */
    CHECK(with.s.score > 0 && with.s.score < 100 && near(with.s.probability, 1 / (1 + exp(-with.s.logit)), 1e-12));
    CHECK(with.s.stage == base.s.stage); /* the stage comes from the pair alone */
    CHECK(with.count == RAPPORT_FEATURE_COUNT && with.ccount == RAPPORT_CONTEXT_FEATURE_COUNT);
    CHECK(near(with.cvalues[0], log1p(40), 1e-15) && near(with.cvalues[1], log1p(2), 1e-15) &&
          near(with.cvalues[2], log1p(0.5), 1e-15) && near(with.cvalues[3], log1p(40), 1e-15));
    for (i = 0; i < RAPPORT_FEATURE_COUNT; ++i) {
      CHECK(with.values[i] == base.values[i]);                    /* the pair's features are the pair's */
      CHECK(near(with.contrib[i], 0.8 * base.contrib[i], 1e-12)); /* scaled by context_pair_weight */
    }
    CHECK(near(with.ccontrib[3], -0.5 * (log1p(40) - 1), 1e-12)); /* beta * (x - reference) */
    /* logit - (sum of every contribution) is the same for any history and any context */
    for (i = 0; i < RAPPORT_FEATURE_COUNT; ++i) offset_a -= with.contrib[i];
    for (i = 0; i < RAPPORT_CONTEXT_FEATURE_COUNT; ++i) offset_a -= with.ccontrib[i];
    opt.context = &ctx2;
    history_dump(&with2, carla, 5, cm, now, &opt);
    offset_b = with2.s.logit;
    for (i = 0; i < RAPPORT_FEATURE_COUNT; ++i) offset_b -= with2.contrib[i];
    for (i = 0; i < RAPPORT_CONTEXT_FEATURE_COUNT; ++i) offset_b -= with2.ccontrib[i];
    CHECK(near(offset_a, offset_b, 1e-9));
    /* more contact activity, less idling: warmer (the signs every model keeps) */
    {
      rapport_network_context livelier = ctx;
      livelier.contact_events_30d = 30;
      livelier.contact_idle_days = 1;
      opt.context = &livelier;
      history_dump(&other, bruno, BRUNO_N, cm, now, &opt);
      CHECK(other.s.score > with.s.score);
    }
  }

  /* reasons may name context features; their contributions are the context parts' */
  {
    rapport_history* h = history_of(bruno, BRUNO_N);
    size_t reasons = 0;
    int saw_context = 0;
    opt.context = &ctx;
    CHECK_OK(rapport_history_score(h, &w, cm, now, &opt));
    CHECK_OK(rapport_warmth_reason_count(w, &reasons));
    for (i = 0; i < reasons; ++i) {
      int32_t f = -1;
      double c = 0;
      const char* text = NULL;
      CHECK_OK(rapport_warmth_reason(w, &f, &c, &text, i));
      CHECK(f >= 0 && f < RAPPORT_FEATURE_CODE_COUNT && text != NULL && text[0] != '\0');
      if (f >= RAPPORT_FEATURE_OWNER_ACTIVITY) {
        saw_context = 1;
        CHECK(c == with.ccontrib[f - RAPPORT_FEATURE_OWNER_ACTIVITY]);
        CHECK(strcmp(rapport_feature_name(f), "invalid") != 0);
      } else {
        CHECK(c == with.contrib[f]);
      }
      if (f == RAPPORT_FEATURE_CONTACT_IDLE) CHECK(strstr(text, "40 days") != NULL);
    }
    CHECK(saw_context); /* contact_idle: -0.5 * (log(41) - 1) = -1.36 log-odds */
    /* short capacity, NULL arrays, count only */
    {
      double v[RAPPORT_CONTEXT_FEATURE_COUNT] = {-7, -7, -7, -7};
      CHECK_OK(rapport_warmth_context_features(w, &count, v, NULL, 2));
      CHECK(count == RAPPORT_CONTEXT_FEATURE_COUNT && v[1] == with.cvalues[1] && v[2] == -7);
      CHECK_OK(rapport_warmth_context_features(w, NULL, NULL, NULL, 0));
      CHECK_ERR(rapport_warmth_context_features(NULL, &count, v, NULL, 4), RAPPORT_EINVAL, "warmth is NULL");
    }
    rapport_warmth_free(w);
    w = NULL;
    rapport_history_free(h);
  }

  /* the state with a context equals the history with it */
  CHECK_OK(state_from(&st, bruno, BRUNO_N, cm));
  CHECK_OK(state_score_with(&st, &score, cm, now, &ctx));
  CHECK(near(score, with.s.score, 1e-9));
  CHECK_OK(state_assess_with(&st, &w, cm, now, &ctx));
  dump(&other, w);
  rapport_warmth_free(w);
  w = NULL;
  CHECK(other.s.score == score); /* score and assess compute the same expression */
  CHECK(near(other.s.logit, with.s.logit, 1e-9) && other.s.band == with.s.band && other.s.stage == with.s.stage);
  CHECK(other.ccount == RAPPORT_CONTEXT_FEATURE_COUNT && memcmp(other.cvalues, with.cvalues, sizeof other.cvalues) == 0);
  CHECK(other.reasons == with.reasons && strcmp(other.text, with.text) == 0);

  /* the batches: per-contact contexts, NULL entries, a shared one */
  {
    enum { ROWS = BRUNO_N + 5 };
    int64_t at[ROWS], offsets[4] = {0, BRUNO_N, BRUNO_N, ROWS};
    uint8_t ch[ROWS], dir[ROWS], bands[3], stages[3], sbands[3];
    double scores[3], sscores[3], carla_plain, carla_ctx;
    rapport_status statuses[3];
    const rapport_network_context* contexts[3];
    for (i = 0; i < ROWS; ++i) {
      const rapport_interaction* x = i < BRUNO_N ? &bruno[i] : &carla[i - BRUNO_N];
      at[i] = x->at;
      ch[i] = x->channel;
      dir[i] = x->direction;
    }
    history_dump(&other, carla, 5, cm, now, NULL);
    carla_plain = other.s.score;
    CHECK_OK(rapport_batch_options_init(&bopt, RAPPORT_BATCH_OPTIONS_VERSION));
    bopt.contexts = contexts;
    contexts[0] = &ctx;
    contexts[1] = &ctx; /* an empty contact: still NaN */
    contexts[2] = NULL;
    CHECK_OK(rapport_batch_score(cm, scores, bands, stages, NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt));
    CHECK(near(scores[0], with.s.score, 1e-9) && bands[0] == with.s.band && stages[0] == with.s.stage);
    CHECK(isnan(scores[1]) && bands[1] == RAPPORT_BAND_NONE && stages[1] == RAPPORT_STAGE_NONE);
    CHECK(near(scores[2], carla_plain, 1e-9));
    contexts[2] = &ctx2;
    CHECK_OK(rapport_batch_score(cm, scores, bands, stages, NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt));
    CHECK(near(scores[2], with2.s.score, 1e-9) && bands[2] == with2.s.band);
    carla_ctx = scores[2];
    CHECK(carla_ctx != carla_plain);
    /* states */
    CHECK_OK(state_from(&states[0], bruno, BRUNO_N, cm));
    CHECK_OK(rapport_state_init(&states[1]));
    CHECK_OK(state_from(&states[2], carla, 5, cm));
    CHECK_OK(score_states_with(cm, sscores, sbands, states, 3, now, contexts));
    CHECK(near(sscores[0], scores[0], 1e-12) && isnan(sscores[1]) && near(sscores[2], carla_ctx, 1e-12));
    CHECK(sbands[0] == bands[0] && sbands[1] == RAPPORT_BAND_NONE && sbands[2] == bands[2]);
    CHECK_OK(state_score_with(&states[2], &one, cm, now, &ctx2));
    CHECK(one == sscores[2]);

    /* a bad context is that contact's failure, as a bad row is */
    bad = ctx2;
    bad.contact_idle_days = -1;
    contexts[2] = &bad;
    CHECK_ERR(rapport_batch_score(cm, scores, bands, stages, NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt), RAPPORT_EINVAL,
              "rapport_batch_score: contexts[2]->contact_idle_days = -1");
    CHECK_OK(rapport_batch_score(cm, scores, bands, stages, statuses, offsets, 3, at, ch, dir, ROWS, now, &bopt));
    CHECK(statuses[0] == RAPPORT_OK && statuses[1] == RAPPORT_OK && statuses[2] == RAPPORT_EINVAL);
    CHECK(near(scores[0], with.s.score, 1e-9) && isnan(scores[2]) && bands[2] == RAPPORT_BAND_NONE &&
          stages[2] == RAPPORT_STAGE_NONE);
    CHECK(strstr(rapport_last_error(), "contexts[2]->contact_idle_days") != NULL);
    CHECK_ERR(score_states_with(cm, sscores, sbands, states, 3, now, contexts), RAPPORT_EINVAL,
              "rapport_batch_score_states: contexts[2]->contact_idle_days = -1");
    bad = ctx2;
    bad.version = 9;
    CHECK_ERR(rapport_batch_score(cm, scores, bands, stages, NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt), RAPPORT_EINVAL,
              "contexts[2]->version = 9 is unknown");
    contexts[2] = &ctx2;
    bad = ctx;
    bad.owner_events_30d = NAN;
    contexts[1] = &bad; /* checked even for a contact with no rows */
    CHECK_ERR(score_states_with(cm, sscores, sbands, states, 3, now, contexts), RAPPORT_EINVAL,
              "contexts[1]->owner_events_30d = nan");
    CHECK_ERR(rapport_batch_score(cm, scores, bands, stages, NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt), RAPPORT_EINVAL,
              "contexts[1]->owner_events_30d");
    bopt.version = 4;
    CHECK_ERR(rapport_batch_score(cm, scores, bands, stages, NULL, offsets, 3, at, ch, dir, ROWS, now, &bopt), RAPPORT_EINVAL,
              "options->version = 4");
    /* the rest of batch_score_states' checks hold with contexts */
    CHECK_ERR(score_states_with(cm, NULL, NULL, states, 3, now, NULL), RAPPORT_EINVAL, "scores is NULL");
    CHECK_ERR(score_states_with(cm, sscores, NULL, NULL, 3, now, NULL), RAPPORT_EINVAL, "states is NULL");
    CHECK_ERR(score_states_with(cm, sscores, NULL, states, 3, -1, NULL), RAPPORT_ERANGE, "now");
    CHECK_OK(score_states_with(cm, NULL, NULL, NULL, 0, now, NULL));
  }

  /* bad contexts in the single calls: RAPPORT_EINVAL naming the field, outputs untouched */
  bad = ctx;
  bad.owner_idle_days = INFINITY;
  opt.context = &bad;
  {
    rapport_history* h = history_of(bruno, BRUNO_N);
    CHECK_ERR(rapport_history_score(h, &w, cm, now, &opt), RAPPORT_EINVAL,
              "rapport_history_score: options->context->owner_idle_days = inf; it must be finite and >= 0");
    bad = ctx;
    bad.contact_events_30d = -0.5;
    CHECK_ERR(rapport_history_score(h, &w, cm, now, &opt), RAPPORT_EINVAL, "options->context->contact_events_30d = -0.5");
    bad = ctx;
    bad.version = 0;
    CHECK_ERR(rapport_history_score(h, &w, cm, now, &opt), RAPPORT_EINVAL,
              "options->context->version = 0 is unknown (fill it with rapport_network_context_init)");
    /* a version-1 struct's bytes past its end are never read: the same struct marked version 1 ignores the context */
    opt.version = 1;
    CHECK_OK(rapport_history_score(h, &w, cm, now, &opt));
    dump(&other, w);
    rapport_warmth_free(w);
    w = NULL;
    CHECK(same_dump(&other, &base));
    opt.version = 2;
    rapport_history_free(h);
  }
  CHECK(w == NULL);
  score = 12345;
  CHECK_ERR(state_score_with(&st, &score, cm, now, &bad), RAPPORT_EINVAL,
            "rapport_state_score: options->context->version = 0 is unknown");
  bad = ctx;
  bad.contact_idle_days = NAN;
  CHECK_ERR(state_score_with(&st, &score, cm, now, &bad), RAPPORT_EINVAL,
            "rapport_state_score: options->context->contact_idle_days = nan");
  CHECK_ERR(state_assess_with(&st, &w, cm, now, &bad), RAPPORT_EINVAL,
            "rapport_state_assess: options->context->contact_idle_days = nan");
  CHECK(score == 12345 && w == NULL);
  CHECK_ERR(state_score_with(NULL, &score, cm, now, &ctx), RAPPORT_EINVAL, "rapport_state_score: state is NULL");
  CHECK_ERR(state_score_with(&st, NULL, cm, now, &ctx), RAPPORT_EINVAL, "score_out is NULL");
  CHECK_ERR(state_score_with(&st, &score, cm, -1, &ctx), RAPPORT_ERANGE, "now = -1");
  CHECK_ERR(state_score_with(&st, &score, cm, bruno[5].at, &ctx), RAPPORT_ERANGE, "before the state's last");
  CHECK_ERR(state_assess_with(NULL, &w, cm, now, &ctx), RAPPORT_EINVAL, "rapport_state_assess: state is NULL");
  CHECK_ERR(state_assess_with(&st, NULL, cm, now, &ctx), RAPPORT_EINVAL, "out is NULL");
  CHECK_ERR(state_assess_with(&st, &w, cm, 4294967296LL, &ctx), RAPPORT_ERANGE, "now");
  CHECK_OK(rapport_state_init(&states[1]));
  CHECK_ERR(state_assess_with(&states[1], &w, cm, now, &ctx), RAPPORT_EINVAL, "empty");
  CHECK_ERR(state_score_with(&states[1], &score, cm, now, &ctx), RAPPORT_EINVAL, "empty");
  CHECK(score == 12345 && w == NULL);
  rapport_model_free(cm);
}

/* ---- follow-up windows ---- */

/* The network context in the recommender: the window's warmth is the score with the context. */
static void test_network_context_recommend(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_model* cm = context_model();
  rapport_interaction carla[5];
  rapport_network_context ctx = make_context(40, 2, 0.5, 40), ctx2 = make_context(3, 25, 6, 0), bad;
  rapport_recommend_options o, o1;
  rapport_recommendation* r = NULL;
  rapport_window base, win, windows[2], more[2];
  rapport_status statuses[2];
  rapport_history* h = history_of(bruno, BRUNO_N);
  rapport_state states[2];
  enum { ROWS = BRUNO_N + 5 };
  int64_t at[ROWS], offsets[3] = {0, BRUNO_N, ROWS};
  uint8_t ch[ROWS], dir[ROWS];
  const rapport_network_context* contexts[2];
  struct warmth_dump with;
  double score = 0;
  size_t i;

  make_carla(carla);
  for (i = 0; i < ROWS; ++i) {
    const rapport_interaction* x = i < BRUNO_N ? &bruno[i] : &carla[i - BRUNO_N];
    at[i] = x->at;
    ch[i] = x->channel;
    dir[i] = x->direction;
  }
  CHECK_OK(state_from(&states[0], bruno, BRUNO_N, cm));
  CHECK_OK(state_from(&states[1], carla, 5, cm));

  /* init: version 1 writes only its own fields; 2 clears the context fields */
  memset(&o, 0, sizeof o);
  o.context = &ctx;
  o.contexts = contexts;
  CHECK_OK(rapport_recommend_options_init(&o, 1));
  CHECK(o.version == 1 && o.search_days > 0 && o.context == &ctx && o.contexts == contexts);
  o1 = o; /* a version-1 struct that happens to carry pointers past its end: they are never read */
  CHECK_OK(rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION));
  CHECK(RAPPORT_RECOMMEND_OPTIONS_VERSION == 4 && o.version == 4 && o.context == NULL && o.contexts == NULL && o.threads == 1);
  CHECK_ERR(rapport_recommend_options_init(&o, 5), RAPPORT_EINVAL, "unknown version 5");
  /* version 3 ends before `threads`: init leaves it alone */
  o.threads = 7;
  CHECK_OK(rapport_recommend_options_init(&o, 3));
  CHECK(o.version == 3 && o.threads == 7 && o.nudge_below_chance == 0.5);
  CHECK_OK(rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION));

  /* without a context: NULL options, version 1, version 2 without contexts give the same windows */
  CHECK_OK(rapport_history_recommend(h, &r, cm, now, NULL, NULL));
  CHECK_OK(rapport_recommendation_window(r, &base));
  rapport_recommendation_free(r);
  r = NULL;
  CHECK_OK(rapport_history_recommend(h, &r, cm, now, NULL, &o1));
  CHECK_OK(rapport_recommendation_window(r, &win));
  rapport_recommendation_free(r);
  r = NULL;
  CHECK(memcmp(&win, &base, sizeof win) == 0);
  CHECK_OK(rapport_history_recommend(h, &r, cm, now, NULL, &o));
  CHECK_OK(rapport_recommendation_window(r, &win));
  rapport_recommendation_free(r);
  r = NULL;
  CHECK(memcmp(&win, &base, sizeof win) == 0);
  CHECK_OK(rapport_batch_recommend(cm, windows, NULL, offsets, 2, at, ch, dir, ROWS, NULL, now, NULL));
  CHECK_OK(rapport_batch_recommend(cm, more, NULL, offsets, 2, at, ch, dir, ROWS, NULL, now, &o1));
  CHECK(memcmp(windows, more, sizeof windows) == 0);
  contexts[0] = contexts[1] = NULL;
  o.contexts = contexts;
  CHECK_OK(rapport_batch_recommend(cm, more, NULL, offsets, 2, at, ch, dir, ROWS, NULL, now, &o));
  CHECK(memcmp(windows, more, sizeof windows) == 0);
  CHECK_OK(rapport_batch_recommend_states(cm, more, NULL, states, 2, NULL, now, &o));
  CHECK(memcmp(windows, more, sizeof windows) == 0);
  o.contexts = NULL;

  /* with a context: the window's warmth is the score with it, on every path */
  o.context = &ctx;
  history_dump(&with, bruno, BRUNO_N, cm, now, NULL);
  CHECK(near(base.warmth, with.s.score, 1e-9));
  {
    rapport_score_options so;
    CHECK_OK(rapport_score_options_init(&so, RAPPORT_SCORE_OPTIONS_VERSION));
    so.context = &ctx;
    history_dump(&with, bruno, BRUNO_N, cm, now, &so);
  }
  CHECK_OK(rapport_history_recommend(h, &r, cm, now, NULL, &o));
  CHECK_OK(rapport_recommendation_window(r, &win));
  rapport_recommendation_free(r);
  r = NULL;
  CHECK(near(win.warmth, with.s.score, 1e-12) && win.warmth != base.warmth);
  CHECK_OK(rapport_state_recommend(&states[0], &r, cm, now, NULL, &o));
  CHECK_OK(rapport_recommendation_window(r, &win));
  rapport_recommendation_free(r);
  r = NULL;
  CHECK_OK(state_score_with(&states[0], &score, cm, now, &ctx));
  CHECK(win.warmth == score);
  o.context = NULL;
  contexts[0] = &ctx;
  contexts[1] = &ctx2;
  o.contexts = contexts;
  CHECK_OK(rapport_batch_recommend(cm, windows, NULL, offsets, 2, at, ch, dir, ROWS, NULL, now, &o));
  CHECK(memcmp(&windows[0], &win, sizeof win) == 0); /* the batch plans exactly as the single call */
  CHECK_OK(state_score_with(&states[1], &score, cm, now, &ctx2));
  CHECK(windows[1].warmth == score);
  CHECK_OK(rapport_batch_recommend_states(cm, more, NULL, states, 2, NULL, now, &o));
  CHECK(memcmp(windows, more, sizeof windows) == 0);

  /* errors: a bad context names its field; each kind of call refuses the other's field */
  bad = ctx2;
  bad.owner_idle_days = -3;
  contexts[1] = &bad;
  CHECK_ERR(rapport_batch_recommend(cm, windows, NULL, offsets, 2, at, ch, dir, ROWS, NULL, now, &o), RAPPORT_EINVAL,
            "rapport_batch_recommend: contexts[1]->owner_idle_days = -3");
  CHECK_OK(rapport_batch_recommend_states(cm, windows, statuses, states, 2, NULL, now, &o));
  CHECK(statuses[0] == RAPPORT_OK && statuses[1] == RAPPORT_EINVAL && windows[1].action == RAPPORT_ACTION_NO_WINDOW);
  CHECK(memcmp(&windows[0], &more[0], sizeof windows[0]) == 0);
  CHECK(strstr(rapport_last_error(), "contexts[1]->owner_idle_days") != NULL);
  o.context = &ctx;
  CHECK_ERR(rapport_batch_recommend_states(cm, windows, statuses, states, 2, NULL, now, &o), RAPPORT_EINVAL,
            "options->context is for the single-contact calls");
  CHECK_ERR(rapport_history_recommend(h, &r, cm, now, NULL, &o), RAPPORT_EINVAL, "options->contexts is for the batch calls");
  o.contexts = NULL;
  bad = ctx;
  bad.contact_events_30d = NAN;
  o.context = &bad;
  CHECK_ERR(rapport_history_recommend(h, &r, cm, now, NULL, &o), RAPPORT_EINVAL,
            "rapport_history_recommend: options->context->contact_events_30d = nan");
  CHECK_ERR(rapport_state_recommend(&states[0], &r, cm, now, NULL, &o), RAPPORT_EINVAL,
            "rapport_state_recommend: options->context->contact_events_30d");
  CHECK(r == NULL);
  rapport_history_free(h);
  rapport_model_free(cm);
}

/* The RAPPORT_<NAME>_INIT macros equal what the _init functions write for the current versions. */
static void test_init_macros(void) {
  rapport_score_options so = RAPPORT_SCORE_OPTIONS_INIT, so_init;
  rapport_batch_options bo = RAPPORT_BATCH_OPTIONS_INIT, bo_init;
  rapport_recommend_options ro = RAPPORT_RECOMMEND_OPTIONS_INIT, ro_init;
  rapport_constraints co = RAPPORT_CONSTRAINTS_INIT, co_init;
  rapport_network_context nc = RAPPORT_NETWORK_CONTEXT_INIT, nc_init;
  memset(&so_init, 0xAB, sizeof so_init);
  memset(&bo_init, 0xAB, sizeof bo_init);
  memset(&ro_init, 0xAB, sizeof ro_init);
  memset(&co_init, 0xAB, sizeof co_init);
  memset(&nc_init, 0xAB, sizeof nc_init);
  CHECK_OK(rapport_score_options_init(&so_init, RAPPORT_SCORE_OPTIONS_VERSION));
  CHECK_OK(rapport_batch_options_init(&bo_init, RAPPORT_BATCH_OPTIONS_VERSION));
  CHECK_OK(rapport_recommend_options_init(&ro_init, RAPPORT_RECOMMEND_OPTIONS_VERSION));
  CHECK_OK(rapport_constraints_init(&co_init, RAPPORT_CONSTRAINTS_VERSION));
  CHECK_OK(rapport_network_context_init(&nc_init, RAPPORT_NETWORK_CONTEXT_VERSION));
  /* no padding in these structs on the platforms we test: the bytes must agree */
  CHECK(memcmp(&so, &so_init, sizeof so) == 0);
  CHECK(memcmp(&bo, &bo_init, sizeof bo) == 0);
  CHECK(memcmp(&ro, &ro_init, sizeof ro) == 0);
  CHECK(memcmp(&co, &co_init, sizeof co) == 0);
  CHECK(memcmp(&nc, &nc_init, sizeof nc) == 0);
  CHECK(ro.version == RAPPORT_RECOMMEND_OPTIONS_VERSION && ro.reply_quantile == ro_init.reply_quantile &&
        ro.active_b == ro_init.active_b && ro.stretch_to_fit == ro_init.stretch_to_fit);
  CHECK(co.quiet_start_minute == co_init.quiet_start_minute && co.reach_out_before == co_init.reach_out_before);
}

int main(void) {
  make_bruno();
  test_network_context();
  test_network_context_recommend();
  test_init_macros();
  return summary();
}
