/* The C API from C: warmth at any horizon through the history, state and batch paths (score
 * options and batch options version 3), older option versions still read, bad horizons refused. */
#include "capi_test.h"

/* Bruno's warmth at `now` for `horizon` days, by each path; all three must agree. */
static double by_history(rapport_history* h, int64_t now, double horizon) {
  rapport_score_options o = RAPPORT_SCORE_OPTIONS_INIT;
  rapport_warmth* w = NULL;
  rapport_score s;
  memset(&s, 0, sizeof s);
  o.horizon_days = horizon;
  CHECK_OK(rapport_history_score(h, &w, NULL, now, &o));
  CHECK_OK(rapport_warmth_get(w, &s));
  rapport_warmth_free(w);
  return s.score;
}

static double by_state(const rapport_state* st, int64_t now, double horizon) {
  rapport_score_options o = RAPPORT_SCORE_OPTIONS_INIT;
  double score = -1;
  o.horizon_days = horizon;
  CHECK_OK(rapport_state_score(st, &score, NULL, now, &o));
  return score;
}

static double by_batch(int64_t now, double horizon) {
  rapport_batch_options o = RAPPORT_BATCH_OPTIONS_INIT;
  int64_t at[BRUNO_N], offsets[2] = {0, BRUNO_N};
  uint8_t ch[BRUNO_N], dir[BRUNO_N];
  double score = -1;
  size_t i;
  for (i = 0; i < BRUNO_N; ++i) {
    at[i] = bruno[i].at;
    ch[i] = bruno[i].channel;
    dir[i] = bruno[i].direction;
  }
  o.horizon_days = horizon;
  CHECK_OK(rapport_batch_score(NULL, &score, NULL, NULL, NULL, offsets, 1, at, ch, dir, BRUNO_N, now, &o));
  return score;
}

static void test_horizons(void) {
  const int64_t now = t_of("2026-12-20T09:00:00Z");
  const double horizons[] = {1, 7, 30, 90, 365};
  rapport_history* h;
  rapport_state st;
  double previous = -1, h30, h0;
  size_t i;
  make_bruno();
  h = history_of(bruno, BRUNO_N);
  CHECK_OK(rapport_state_init(&st));
  for (i = 0; i < BRUNO_N; ++i) CHECK_OK(rapport_state_absorb(&st, NULL, &bruno[i]));

  for (i = 0; i < sizeof horizons / sizeof horizons[0]; ++i) {
    const double a = by_history(h, now, horizons[i]);
    CHECK(near(a, by_state(&st, now, horizons[i]), 1e-9));
    CHECK(near(a, by_batch(now, horizons[i]), 1e-9));
    CHECK(a >= previous); /* a longer horizon never lowers warmth */
    previous = a;
  }
  CHECK(by_history(h, now, 1) < by_history(h, now, 365)); /* and it does move */

  /* 0 is the model's own horizon (30 days for the shipped model), as is an older struct. */
  h0 = by_history(h, now, 0);
  h30 = by_history(h, now, 30);
  CHECK(h0 == h30);
  {
    rapport_score_options v2;
    double score = -1;
    CHECK_OK(rapport_score_options_init(&v2, 2));
    CHECK_OK(rapport_state_score(&st, &score, NULL, now, &v2));
    CHECK(score == h0);
  }

  /* bad horizons name the field */
  {
    rapport_score_options o = RAPPORT_SCORE_OPTIONS_INIT;
    rapport_batch_options b = RAPPORT_BATCH_OPTIONS_INIT;
    rapport_warmth* w = NULL;
    double score = -1;
    int64_t offsets[2] = {0, 1};
    uint8_t ch = RAPPORT_CHANNEL_EMAIL, dir = RAPPORT_INBOUND;
    o.horizon_days = 0.5;
    CHECK_ERR(rapport_history_score(h, &w, NULL, now, &o), RAPPORT_EINVAL, "horizon_days");
    o.horizon_days = 366;
    CHECK_ERR(rapport_state_score(&st, &score, NULL, now, &o), RAPPORT_EINVAL, "horizon_days");
    o.horizon_days = NAN;
    CHECK_ERR(rapport_state_score(&st, &score, NULL, now, &o), RAPPORT_EINVAL, "horizon_days");
    CHECK(w == NULL && score == -1);
    b.horizon_days = -7;
    CHECK_ERR(rapport_batch_score(NULL, &score, NULL, NULL, NULL, offsets, 1, &bruno[0].at, &ch, &dir, 1, now, &b),
              RAPPORT_EINVAL, "horizon_days");
    CHECK_ERR(rapport_batch_score_states(NULL, &score, NULL, &st, 1, now, &b), RAPPORT_EINVAL, "horizon_days");
  }
  rapport_history_free(h);
}

int main(void) {
  test_horizons();
  return summary();
}
