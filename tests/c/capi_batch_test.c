/* The C API from C: batch scoring over columnar arrays and states. */
#include "capi_test.h"

static rapport_model* engagement_model(void) {
  rapport_model *m = NULL, *e = NULL;
  size_t n = 0;
  char *json, *a = NULL, *b = NULL;
  CHECK_OK(rapport_model_new(&m));
  CHECK_OK(rapport_model_to_json(m, NULL, 0, &n));
  json = (char*)malloc(n + 1);
  if (json && rapport_model_to_json(m, json, n + 1, NULL) == RAPPORT_OK) {
    a = replace_number(json, "\"beta\"", "\"engagement_out_long\": ", "0.8");
    b = a ? replace_number(a, "\"beta\"", "\"engagement_in_long\": ", "0.8") : NULL;
    CHECK(b != NULL);
    if (b) CHECK_OK(rapport_model_from_json(&e, b, strlen(b)));
  }
  free(json);
  free(a);
  free(b);
  rapport_model_free(m);
  if (!e) CHECK_OK(rapport_model_new(&e)); /* keep going; the checks using it will fail loudly */
  return e;
}

/* Three contacts in columns: Bruno, an empty one, and Carla (five unanswered outreaches). */
static void test_batch(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  enum { ROWS = BRUNO_N + 5 };
  int64_t at[ROWS], offsets[4];
  uint8_t ch[ROWS], dir[ROWS], bands[3], stages[3];
  double scores[3];
  rapport_status statuses[3];
  rapport_interaction carla[5];
  rapport_score bs, cs;
  rapport_batch_options opt;
  size_t i;

  make_carla(carla);
  for (i = 0; i < BRUNO_N; ++i) {
    at[i] = bruno[i].at;
    ch[i] = bruno[i].channel;
    dir[i] = bruno[i].direction;
  }
  for (i = 0; i < 5; ++i) {
    at[BRUNO_N + i] = carla[i].at;
    ch[BRUNO_N + i] = carla[i].channel;
    dir[BRUNO_N + i] = carla[i].direction;
  }
  offsets[0] = 0;
  offsets[1] = BRUNO_N;
  offsets[2] = BRUNO_N;
  offsets[3] = ROWS;
  history_score(bruno, BRUNO_N, now, &bs);
  history_score(carla, 5, now, &cs);

  CHECK_OK(rapport_batch_score(NULL, scores, bands, stages, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL));
  CHECK(near(scores[0], bs.score, 1e-9) && bands[0] == bs.band && stages[0] == bs.stage);
  CHECK(isnan(scores[1]) && bands[1] == RAPPORT_BAND_NONE && stages[1] == RAPPORT_STAGE_NONE);
  CHECK(near(scores[2], cs.score, 1e-9) && bands[2] == cs.band && stages[2] == cs.stage);
  CHECK(stages[2] == RAPPORT_STAGE_AWAITING_REPLY);
  /* optional outputs */
  CHECK_OK(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL));
  CHECK(near(scores[2], cs.score, 1e-9));
  CHECK_OK(rapport_batch_score(NULL, NULL, NULL, NULL, NULL, offsets, 0, NULL, NULL, NULL, 0, now, NULL));

  /* exact duplicates count once, as in a history; same-second different rows both count. A model
   * that weighs engagement makes a miscount visible (the shipped fit may not use it). */
  {
    int64_t dat[3], doff[2] = {0, 3};
    uint8_t dch[3], ddir[3];
    rapport_interaction rows[3];
    rapport_model* eng = engagement_model();
    double d = 0, merged, kept;
    rapport_history* h3;
    rapport_warmth* w3 = NULL;
    rapport_score s3;
    rows[0] = bruno[0];
    rows[1] = bruno[1];
    rows[2] = bruno[1];
    for (i = 0; i < 3; ++i) {
      dat[i] = rows[i].at;
      dch[i] = rows[i].channel;
      ddir[i] = rows[i].direction;
    }
    h3 = history_of(rows, 3);
    CHECK_OK(rapport_history_score(h3, &w3, eng, now, NULL));
    CHECK_OK(rapport_warmth_get(w3, &s3));
    rapport_warmth_free(w3);
    rapport_history_free(h3);
    merged = s3.score;
    CHECK_OK(rapport_batch_score(eng, &d, NULL, NULL, NULL, doff, 1, dat, dch, ddir, 3, now, NULL));
    CHECK(near(d, merged, 1e-9));
    rows[2].direction = ddir[2] = RAPPORT_INBOUND; /* a different record in the same second */
    h3 = history_of(rows, 3);
    CHECK_OK(rapport_history_score(h3, &w3, eng, now, NULL));
    CHECK_OK(rapport_warmth_get(w3, &s3));
    rapport_warmth_free(w3);
    rapport_history_free(h3);
    kept = s3.score;
    CHECK_OK(rapport_batch_score(eng, &d, NULL, NULL, NULL, doff, 1, dat, dch, ddir, 3, now, NULL));
    CHECK(near(d, kept, 1e-9));
    CHECK(!near(merged, kept, 1e-6)); /* the engagement model does see the difference */
    rapport_model_free(eng);
  }

  /* argument errors */
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, NULL, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "offsets is NULL");
  CHECK_ERR(rapport_batch_score(NULL, NULL, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "scores is NULL");
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, NULL, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "at is NULL");
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, NULL, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "channels is NULL");
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, NULL, ROWS, now, NULL), RAPPORT_EINVAL,
            "directions is NULL");
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, SIZE_MAX, at, ch, dir, ROWS, now, NULL), RAPPORT_ERANGE,
            "overflows");
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, -1, NULL), RAPPORT_ERANGE,
            "now = -1");
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS + 1, now, NULL), RAPPORT_EINVAL,
            "must equal rows");
  offsets[0] = 1;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "offsets[0] = 1");
  offsets[0] = 0;
  offsets[2] = 2;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "offsets[2] = 2 is less than offsets[1]");
  offsets[2] = BRUNO_N;
  offsets[3] = -4;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "offsets[3] = -4");
  offsets[3] = ROWS;

  /* options */
  CHECK_ERR(rapport_batch_options_init(NULL, RAPPORT_BATCH_OPTIONS_VERSION), RAPPORT_EINVAL, "options is NULL");
  CHECK_ERR(rapport_batch_options_init(&opt, 0), RAPPORT_EINVAL, "unknown version 0");
  CHECK_OK(rapport_batch_options_init(&opt, RAPPORT_BATCH_OPTIONS_VERSION));
  CHECK(opt.version == RAPPORT_BATCH_OPTIONS_VERSION && opt.future == RAPPORT_FUTURE_REJECT);
  opt.future = 2;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, &opt), RAPPORT_EINVAL,
            "options.future = 2");
  opt.future = RAPPORT_FUTURE_REJECT;
  opt.version = 7;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, &opt), RAPPORT_EINVAL,
            "options->version = 7");
  CHECK_OK(rapport_batch_options_init(&opt, RAPPORT_BATCH_OPTIONS_VERSION));

  /* row errors name contact and row */
  dir[3] = 3;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "contact 0, row 3: direction 3");
  dir[3] = bruno[3].direction;
  ch[11] = 9;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "contact 2, row 11: channel 9");
  ch[11] = carla[1].channel;
  at[12] = at[10];
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_EINVAL,
            "contact 2, row 12: time");
  CHECK(strstr(rapport_last_error(), "sort") != NULL);
  at[12] = -1;
  CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, now, NULL), RAPPORT_ERANGE,
            "contact 2, row 12");
  at[12] = carla[2].at;

  /* per-contact statuses: the bad contact is marked, the others are scored */
  ch[1] = 50;
  CHECK_OK(rapport_batch_score(NULL, scores, bands, stages, statuses, offsets, 3, at, ch, dir, ROWS, now, NULL));
  CHECK(statuses[0] == RAPPORT_EINVAL && isnan(scores[0]) && bands[0] == RAPPORT_BAND_NONE && stages[0] == RAPPORT_STAGE_NONE);
  CHECK(strstr(rapport_last_error(), "contact 0, row 1: channel 50") != NULL);
  CHECK(statuses[1] == RAPPORT_OK && isnan(scores[1]));
  CHECK(statuses[2] == RAPPORT_OK && near(scores[2], cs.score, 1e-9) && stages[2] == RAPPORT_STAGE_AWAITING_REPLY);
  ch[1] = bruno[1].channel;

  /* rows after now: rejected, or ignored on request (equal to scoring only the earlier rows) */
  {
    const int64_t earlier = t_of("2026-10-01T00:00:00Z");
    CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, earlier, NULL), RAPPORT_ERANGE,
              "contact 0, row 6");
    CHECK_OK(rapport_batch_score(NULL, scores, NULL, NULL, statuses, offsets, 3, at, ch, dir, ROWS, earlier, NULL));
    CHECK(statuses[0] == RAPPORT_ERANGE && statuses[1] == RAPPORT_OK && statuses[2] == RAPPORT_ERANGE);
    opt.future = RAPPORT_FUTURE_IGNORE;
    CHECK_OK(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, earlier, &opt));
    CHECK(near(scores[0], history_score(bruno, 6, earlier, NULL), 1e-9));
    CHECK(near(scores[2], history_score(carla, 2, earlier, NULL), 1e-9));
    /* ignored rows are still checked */
    dir[14] = 9;
    CHECK_ERR(rapport_batch_score(NULL, scores, NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, earlier, &opt), RAPPORT_EINVAL,
              "row 14: direction 9");
    dir[14] = carla[4].direction;
  }

  /* states in batch */
  {
    rapport_state states[3];
    double ss[3] = {0, 0, 0}, one = 0;
    uint8_t sb[3];
    CHECK_OK(rapport_state_init(&states[0]));
    CHECK_OK(rapport_state_init(&states[1]));
    CHECK_OK(rapport_state_init(&states[2]));
    for (i = 0; i < BRUNO_N; ++i) CHECK_OK(rapport_state_absorb(&states[0], NULL, &bruno[i]));
    for (i = 0; i < 5; ++i) CHECK_OK(rapport_state_absorb(&states[2], NULL, &carla[i]));
    CHECK_OK(rapport_batch_score_states(NULL, ss, sb, states, 3, now, NULL));
    CHECK_OK(rapport_state_score(&states[0], &one, NULL, now, NULL));
    CHECK(ss[0] == one && sb[0] == bs.band);
    CHECK(isnan(ss[1]) && sb[1] == RAPPORT_BAND_NONE);
    CHECK(near(ss[2], cs.score, 1e-9) && sb[2] == cs.band);
    CHECK_OK(rapport_batch_score_states(NULL, ss, NULL, states, 3, bruno[5].at, NULL)); /* Bruno's last is later */
    CHECK(isnan(ss[0]) && !isnan(ss[2]) == (carla[4].at <= bruno[5].at));
    CHECK_OK(rapport_batch_score_states(NULL, NULL, NULL, NULL, 0, now, NULL));
    memset(&states[1], 0xEE, sizeof states[1]);
    CHECK_ERR(rapport_batch_score_states(NULL, ss, NULL, states, 3, now, NULL), RAPPORT_EINVAL, "states[1]");
    CHECK_ERR(rapport_batch_score_states(NULL, NULL, NULL, states, 3, now, NULL), RAPPORT_EINVAL, "scores is NULL");
    CHECK_ERR(rapport_batch_score_states(NULL, ss, NULL, NULL, 3, now, NULL), RAPPORT_EINVAL, "states is NULL");
    CHECK_ERR(rapport_batch_score_states(NULL, ss, NULL, states, 3, -9, NULL), RAPPORT_ERANGE, "now = -9");
  }
}

/* ---- the network context: an optional second stage over the pair's log-odds ---- */

int main(void) {
  make_bruno();
  test_batch();
  return summary();
}
