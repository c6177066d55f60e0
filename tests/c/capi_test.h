/* Shared by the C suite (tests/c/capi_*_test.c, one program and one ctest per area of rapport.h):
 * the check macros and counters, and the data and helpers several areas use. Each program exercises
 * its area from C (C11, -Wall -Wextra -pedantic -Werror): every function, every status it can
 * return, the messages naming what is wrong, and agreement between the history, state and batch
 * paths; it prints "N passed, M failed" and exits non-zero on any failure. */
#ifndef RAPPORT_CAPI_TEST_H
#define RAPPORT_CAPI_TEST_H

#include <rapport/rapport.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0, failed = 0;

static inline void check(int ok, const char* file, int line, const char* what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    fprintf(stderr, "%s:%d: FAILED: %s\n    last error: \"%s\"\n", file, line, what, rapport_last_error());
  }
}

#define CHECK(cond) check((cond) != 0, __FILE__, __LINE__, #cond)

/* The call returns `want` and, when `text` is not NULL, the thread's message contains it. */
static inline void check_status(rapport_status got, rapport_status want, const char* text, const char* file, int line,
                                const char* expr) {
  int ok = got == want;
  if (ok && want != RAPPORT_OK && text != NULL) ok = strstr(rapport_last_error(), text) != NULL;
  if (!ok) {
    ++failed;
    fprintf(stderr,
            "%s:%d: FAILED: %s\n    got %d (%s), want %d (%s) with message containing \"%s\"\n"
            "    last error: \"%s\"\n",
            file, line, expr, (int)got, rapport_status_string(got), (int)want, rapport_status_string(want), text ? text : "",
            rapport_last_error());
  } else {
    ++passed;
  }
}

#define CHECK_OK(expr) check_status((expr), RAPPORT_OK, NULL, __FILE__, __LINE__, #expr)

#define CHECK_ERR(expr, want, text) check_status((expr), (want), (text), __FILE__, __LINE__, #expr)

static inline int near(double a, double b, double tol) { return fabs(a - b) <= tol * (1.0 + fabs(b)); }

static inline int64_t t_of(const char* text) {
  int64_t t = -1;
  if (rapport_time_parse(&t, text) != RAPPORT_OK) {
    fprintf(stderr, "cannot parse %s: %s\n", text, rapport_last_error());
    exit(2);
  }
  return t;
}

static inline rapport_interaction ix(const char* when, uint8_t channel, uint8_t direction) {
  rapport_interaction x;
  memset(&x, 0, sizeof x);
  x.at = t_of(when);
  x.in_reply_to = RAPPORT_NO_REPLY;
  x.channel = channel;
  x.direction = direction;
  return x;
}

/* Bruno: a warm two-way colleague (the quickstart's middle contact). */
#define BRUNO_N 10
static rapport_interaction bruno[BRUNO_N];

static inline void make_bruno(void) {
  bruno[0] = ix("2026-06-02T10:00:00Z", RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL);
  bruno[1] = ix("2026-07-14T08:12:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  bruno[2] = ix("2026-07-14T11:40:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND);
  bruno[3] = ix("2026-08-20T15:00:00Z", RAPPORT_CHANNEL_CALL, RAPPORT_MUTUAL);
  bruno[4] = ix("2026-09-30T09:05:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND);
  bruno[5] = ix("2026-09-30T13:20:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  bruno[6] = ix("2026-10-21T12:00:00Z", RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL);
  bruno[7] = ix("2026-11-10T17:45:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_INBOUND);
  bruno[8] = ix("2026-11-11T08:30:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_OUTBOUND);
  bruno[9] = ix("2026-11-20T10:00:00Z", RAPPORT_CHANNEL_VIDEO_CALL, RAPPORT_MUTUAL);
}

/* Carla: five outreaches of ours, all unanswered (the quickstart's cooling contact). */
static inline void make_carla(rapport_interaction carla[5]) {
  carla[0] = ix("2026-09-01T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  carla[1] = ix("2026-09-15T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  carla[2] = ix("2026-10-06T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  carla[3] = ix("2026-10-27T09:00:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_OUTBOUND);
  carla[4] = ix("2026-11-17T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
}

static inline rapport_history* history_of(const rapport_interaction* xs, size_t n) {
  rapport_history* h = NULL;
  size_t i;
  CHECK_OK(rapport_history_new(&h));
  for (i = 0; i < n; ++i) CHECK_OK(rapport_history_add(h, &xs[i]));
  return h;
}

static inline double history_score(const rapport_interaction* xs, size_t n, int64_t now, rapport_score* out) {
  rapport_history* h = history_of(xs, n);
  rapport_warmth* w = NULL;
  rapport_score s;
  memset(&s, 0, sizeof s);
  CHECK_OK(rapport_history_score(h, &w, NULL, now, NULL));
  CHECK_OK(rapport_warmth_get(w, &s));
  if (out) *out = s;
  rapport_warmth_free(w);
  rapport_history_free(h);
  return s.score;
}

/* The shipped parameters with the engagement coefficients raised (through JSON, as a user would). */
static inline char* replace_number(const char* json, const char* section, const char* key, const char* value) {
  const char *sec = strstr(json, section), *at, *end;
  char* out;
  size_t head;
  if (!sec) return NULL;
  at = strstr(sec, key);
  if (!at) return NULL;
  at += strlen(key);
  end = at + strcspn(at, ",}");
  head = (size_t)(at - json);
  out = (char*)malloc(strlen(json) + strlen(value) + 1);
  if (!out) return NULL;
  memcpy(out, json, head);
  strcpy(out + head, value);
  strcat(out, end);
  return out;
}

static inline int hour_of(int64_t t) { return (int)((t % 86400) / 3600); }

/* The end of every program: the counts, and the exit status. */
static inline int summary(void) {
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

#endif /* RAPPORT_CAPI_TEST_H */
