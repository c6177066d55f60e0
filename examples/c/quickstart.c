/* Three contacts, three kinds of warmth, from C: a person met at an event yesterday, a warm
 * two-way colleague, and a prospect we keep chasing who never answers.
 * Build: cc quickstart.c $(pkg-config --cflags --libs rapport) */
#include <rapport/rapport.h>

#include <stdio.h>
#include <string.h>

struct touch {
  const char* when;
  uint8_t channel, direction;
};

/* Scores one contact at `now` and prints its warmth, band, stage and reasons. */
static int report(const char* name, const struct touch* touches, size_t n, int64_t now) {
  rapport_history* h = NULL;
  rapport_warmth* w = NULL;
  rapport_score s;
  size_t i, reasons = 0;
  int failed = 1;
  if (rapport_history_new(&h) != RAPPORT_OK) goto done;
  for (i = 0; i < n; ++i) {
    rapport_interaction x;
    memset(&x, 0, sizeof x);
    x.in_reply_to = RAPPORT_NO_REPLY;
    x.channel = touches[i].channel;
    x.direction = touches[i].direction;
    if (rapport_time_parse(&x.at, touches[i].when) != RAPPORT_OK || rapport_history_add(h, &x) != RAPPORT_OK) goto done;
  }
  if (rapport_history_score(h, &w, NULL /* the shipped model */, now, NULL) != RAPPORT_OK) goto done;
  if (rapport_warmth_get(w, &s) != RAPPORT_OK || rapport_warmth_reason_count(w, &reasons) != RAPPORT_OK) goto done;
  printf("%-8s warmth %5.1f  %-7s  stage: %s\n", name, s.score, rapport_band_name(s.band), rapport_stage_name(s.stage));
  for (i = 0; i < reasons; ++i) {
    double contribution = 0;
    const char* text = NULL; /* owned by w */
    if (rapport_warmth_reason(w, NULL, &contribution, &text, i) != RAPPORT_OK) goto done;
    printf("         %s %s\n", contribution > 0 ? "+" : "-", text);
  }
  failed = 0;
done:
  if (failed) fprintf(stderr, "%s: %s\n", name, rapport_last_error());
  rapport_warmth_free(w); /* NULL is fine */
  rapport_history_free(h);
  return failed;
}

int main(void) {
  static const struct touch ana[] = {{"2026-11-24T16:30:00Z", RAPPORT_CHANNEL_EVENT, RAPPORT_MUTUAL}};
  static const struct touch bruno[] = {{"2026-06-02T10:00:00Z", RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL},
                                       {"2026-07-14T08:12:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND},
                                       {"2026-07-14T11:40:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND},
                                       {"2026-08-20T15:00:00Z", RAPPORT_CHANNEL_CALL, RAPPORT_MUTUAL},
                                       {"2026-09-30T09:05:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND},
                                       {"2026-09-30T13:20:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND},
                                       {"2026-10-21T12:00:00Z", RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL},
                                       {"2026-11-10T17:45:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_INBOUND},
                                       {"2026-11-11T08:30:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_OUTBOUND},
                                       {"2026-11-20T10:00:00Z", RAPPORT_CHANNEL_VIDEO_CALL, RAPPORT_MUTUAL}};
  static const struct touch carla[] = {{"2026-09-01T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND},
                                       {"2026-09-15T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND},
                                       {"2026-10-06T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND},
                                       {"2026-10-27T09:00:00Z", RAPPORT_CHANNEL_MESSAGE, RAPPORT_OUTBOUND},
                                       {"2026-11-17T09:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND}};
  int64_t now = 0;
  int failures = 0;
  if (rapport_version_number() != RAPPORT_VERSION_NUMBER) {
    fprintf(stderr, "header %s but library %s\n", RAPPORT_VERSION_STRING, rapport_version_string());
    return 1;
  }
  if (rapport_time_parse(&now, "2026-11-25T09:00:00Z") != RAPPORT_OK) return 1;
  failures += report("Ana", ana, sizeof ana / sizeof ana[0], now);
  failures += report("Bruno", bruno, sizeof bruno / sizeof bruno[0], now);
  failures += report("Carla", carla, sizeof carla / sizeof carla[0], now);
  return failures;
}
