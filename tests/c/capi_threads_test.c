/* The C API from C: threads sharing handles, each with its own message. */
#include <pthread.h>

#include "capi_test.h"

/* Errors are per thread; one model and one history may be read from many threads at once. */
struct thread_arg {
  const rapport_model* model;
  const rapport_history* history;
  int64_t now;
  double score;
  int ok;
};

static void* score_in_thread(void* p) {
  struct thread_arg* a = (struct thread_arg*)p;
  int k;
  a->ok = strcmp(rapport_last_error(), "") == 0; /* a new thread starts with no message */
  for (k = 0; k < 50; ++k) {
    rapport_warmth* w = NULL;
    rapport_score s;
    if (rapport_history_score(a->history, &w, a->model, a->now, NULL) != RAPPORT_OK) a->ok = 0;
    if (rapport_warmth_get(w, &s) != RAPPORT_OK) a->ok = 0;
    a->score = s.score;
    rapport_warmth_free(w);
  }
  if (rapport_model_channel_find(a->model, NULL, "email") != RAPPORT_EINVAL) a->ok = 0; /* sets this thread's message */
  return NULL;
}

static void test_threads(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_model* m = NULL;
  rapport_history* h = history_of(bruno, BRUNO_N);
  pthread_t th[4];
  struct thread_arg args[4];
  int i;
  double expect = history_score(bruno, BRUNO_N, now, NULL);
  CHECK_OK(rapport_model_new(&m));
  CHECK_ERR(rapport_history_size(NULL, NULL), RAPPORT_EINVAL, "history is NULL"); /* this thread's message */
  for (i = 0; i < 4; ++i) {
    args[i].model = m;
    args[i].history = h;
    args[i].now = now;
    args[i].score = -1;
    args[i].ok = 0;
    CHECK(pthread_create(&th[i], NULL, score_in_thread, &args[i]) == 0);
  }
  for (i = 0; i < 4; ++i) {
    CHECK(pthread_join(th[i], NULL) == 0);
    CHECK(args[i].ok);
    CHECK(args[i].score == expect);
  }
  /* the other threads' failures did not overwrite ours */
  CHECK(strstr(rapport_last_error(), "rapport_history_size: history is NULL") != NULL);
  rapport_history_free(h);
  rapport_model_free(m);
}

/* One zone, calendar, profile and constraints struct shared by threads planning at once. */
struct plan_arg {
  const rapport_history* history;
  const rapport_constraints* constraints;
  int64_t now;
  rapport_window expect;
  int ok;
};

static void* plan_in_thread(void* p) {
  struct plan_arg* a = (struct plan_arg*)p;
  int k;
  a->ok = 1;
  for (k = 0; k < 20; ++k) {
    rapport_recommendation* r = NULL;
    rapport_window w;
    if (rapport_history_recommend(a->history, &r, NULL, a->now, a->constraints, NULL) != RAPPORT_OK ||
        rapport_recommendation_window(r, &w) != RAPPORT_OK || memcmp(&w, &a->expect, sizeof w) != 0)
      a->ok = 0;
    rapport_recommendation_free(r);
  }
  return NULL;
}

static void test_threads_recommend(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_history* h = history_of(bruno, BRUNO_N);
  rapport_zone* z = NULL;
  rapport_calendar* cal = NULL;
  rapport_profile* prof = NULL;
  rapport_constraints c;
  rapport_recommendation* r = NULL;
  rapport_window expect;
  pthread_t th[4];
  struct plan_arg args[4];
  int i;
  CHECK_OK(rapport_zone_new(&z, "America/Chicago"));
  CHECK_OK(rapport_calendar_new(&cal, "us_federal", RAPPORT_WEEKEND_SAT_SUN, NULL, 0));
  CHECK_OK(rapport_profile_from_history(&prof, h, NULL, z));
  CHECK_OK(rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION));
  c.zone = z;
  c.calendar = cal;
  c.profile = prof;
  CHECK_OK(rapport_history_recommend(h, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &expect));
  rapport_recommendation_free(r);
  for (i = 0; i < 4; ++i) {
    args[i].history = h;
    args[i].constraints = &c;
    args[i].now = now;
    args[i].expect = expect;
    args[i].ok = 0;
    CHECK(pthread_create(&th[i], NULL, plan_in_thread, &args[i]) == 0);
  }
  for (i = 0; i < 4; ++i) {
    CHECK(pthread_join(th[i], NULL) == 0);
    CHECK(args[i].ok);
  }
  rapport_profile_free(prof);
  rapport_calendar_free(cal);
  rapport_zone_free(z);
  rapport_history_free(h);
}

/* rapport_batch_recommend and _states on several threads: the same windows, statuses and first
 * failure as on one. 60 contacts cut from Bruno's history at different points, under two
 * constraints objects (one invalid), with two bad contacts (no row before now, a row after it). */
#define BATCH_N 60
static void test_batch_recommend_threads(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  int64_t offsets[BATCH_N + 1], at[BATCH_N * BRUNO_N];
  uint8_t ch[BATCH_N * BRUNO_N], dir[BATCH_N * BRUNO_N];
  rapport_constraints good, bad;
  const rapport_constraints* cs[BATCH_N];
  rapport_window one[BATCH_N], many[BATCH_N];
  rapport_status st_one[BATCH_N], st_many[BATCH_N];
  rapport_state states[BATCH_N];
  rapport_recommend_options o;
  char first[512];
  size_t rows = 0, k, j;
  CHECK_OK(rapport_constraints_init(&good, RAPPORT_CONSTRAINTS_VERSION));
  CHECK_OK(rapport_constraints_init(&bad, RAPPORT_CONSTRAINTS_VERSION));
  bad.quiet_start_minute = 2000; /* invalid: that contact is skipped */
  offsets[0] = 0;
  for (k = 0; k < BATCH_N; ++k) {
    const size_t n = 1 + k % BRUNO_N;
    CHECK_OK(rapport_state_init(&states[k]));
    for (j = 0; j < n && k != 17; ++j) { /* contact 17: no rows */
      at[rows] = bruno[j].at - (int64_t)(k % 7) * 3600;
      if (k == 40 && j == n - 1) at[rows] = now + 60; /* contact 40: a row after now */
      ch[rows] = bruno[j].channel;
      dir[rows] = bruno[j].direction;
      if (k != 40) {
        rapport_interaction x = bruno[j];
        x.at = at[rows];
        CHECK_OK(rapport_state_absorb(&states[k], NULL, &x));
      }
      ++rows;
    }
    offsets[k + 1] = (int64_t)rows;
    cs[k] = k == 23 ? &bad : k % 3 ? &good : NULL;
  }
  CHECK_OK(rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION));
  CHECK_OK(rapport_batch_recommend(NULL, one, st_one, offsets, BATCH_N, at, ch, dir, rows, cs, now, &o));
  snprintf(first, sizeof first, "%s", rapport_last_error());
  CHECK(st_one[17] != RAPPORT_OK && st_one[23] != RAPPORT_OK && st_one[40] != RAPPORT_OK && st_one[0] == RAPPORT_OK);
  CHECK(strstr(first, "contact 17") != NULL || strstr(first, "[17]") != NULL);
  o.threads = 3;
  memset(many, 0xAB, sizeof many);
  CHECK_OK(rapport_batch_recommend(NULL, many, st_many, offsets, BATCH_N, at, ch, dir, rows, cs, now, &o));
  CHECK(memcmp(one, many, sizeof one) == 0 && memcmp(st_one, st_many, sizeof st_one) == 0);
  CHECK(strcmp(first, rapport_last_error()) == 0);
  /* without statuses the first bad contact fails the call, naming the same contact on any thread count */
  CHECK_ERR(rapport_batch_recommend(NULL, many, NULL, offsets, BATCH_N, at, ch, dir, rows, cs, now, &o), st_one[17], "17");

  /* the states: contact 40's state holds no row after now, so only 17 (empty) and 23 fail */
  o.threads = 1;
  CHECK_OK(rapport_batch_recommend_states(NULL, one, st_one, states, BATCH_N, cs, now, &o));
  o.threads = 4;
  memset(many, 0xAB, sizeof many);
  CHECK_OK(rapport_batch_recommend_states(NULL, many, st_many, states, BATCH_N, cs, now, &o));
  CHECK(memcmp(one, many, sizeof one) == 0 && memcmp(st_one, st_many, sizeof st_one) == 0);
  CHECK(st_one[17] != RAPPORT_OK && st_one[23] != RAPPORT_OK && st_one[1] == RAPPORT_OK);
}

int main(void) {
  make_bruno();
  test_threads();
  test_threads_recommend();
  test_batch_recommend_threads();
  return summary();
}
