/* A networker's Monday morning, from C: whom to follow up with this week, and when, each on the
 * contact's own calendar. Two people met at an event on Thursday, a colleague on leave, a prospect
 * gone quiet, and a client in New Zealand. The same contacts and output as
 * examples/cpp/follow_up.cpp (a test checks that both print the same).
 * Build: cc follow_up.c $(pkg-config --cflags --libs rapport) */
#include <rapport/rapport.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A UTC time from text; the examples' times are literals, so a bad one is a bug here. */
static int64_t at(const char* text) {
  int64_t t = 0;
  if (rapport_time_parse(&t, text) != RAPPORT_OK) {
    fprintf(stderr, "%s\n", rapport_last_error());
    exit(1);
  }
  return t;
}

static void add(rapport_history* h, int64_t t, uint8_t channel, uint8_t direction) {
  rapport_interaction x;
  memset(&x, 0, sizeof x);
  x.at = t;
  x.in_reply_to = RAPPORT_NO_REPLY;
  x.channel = channel;
  x.direction = direction;
  if (rapport_history_add(h, &x) != RAPPORT_OK) fprintf(stderr, "%s\n", rapport_last_error());
}

/* The system's zoneinfo when present; the same rule as a POSIX TZ string otherwise. */
static rapport_zone* zone(const char* iana, const char* posix) {
  rapport_zone* z = NULL;
  if (rapport_zone_new(&z, iana) == RAPPORT_OK || rapport_zone_new(&z, posix) == RAPPORT_OK) return z;
  fprintf(stderr, "cannot build zone %s\n", iana);
  if (rapport_zone_new(&z, "UTC") != RAPPORT_OK) exit(1);
  return z;
}

/* New Zealand public holidays from rules: "Mondayised" days move to the next working day. */
static rapport_calendar* new_zealand(void) {
  static const rapport_holiday_rule rules[] = {
      {"New Year's Day", RAPPORT_HOLIDAY_FIXED, 1, 1, 0, 0, 0, RAPPORT_OBSERVE_NEXT_WEEKDAY, 0, 0, 0},
      {"Day after New Year's Day", RAPPORT_HOLIDAY_FIXED, 1, 2, 0, 0, 0, RAPPORT_OBSERVE_NEXT_WEEKDAY, 0, 0, 0},
      {"Waitangi Day", RAPPORT_HOLIDAY_FIXED, 2, 6, 0, 0, 0, RAPPORT_OBSERVE_NEXT_WEEKDAY, 0, 0, 0},
      {"Good Friday", RAPPORT_HOLIDAY_EASTER, 0, 0, 0, 0, -2, RAPPORT_OBSERVE_NONE, 0, 0, 0},
      {"Easter Monday", RAPPORT_HOLIDAY_EASTER, 0, 0, 0, 0, 1, RAPPORT_OBSERVE_NONE, 0, 0, 0},
      {"ANZAC Day", RAPPORT_HOLIDAY_FIXED, 4, 25, 0, 0, 0, RAPPORT_OBSERVE_NEXT_WEEKDAY, 0, 0, 0},
      {"King's Birthday", RAPPORT_HOLIDAY_NTH_WEEKDAY, 6, 0, 1 /* Monday */, 1, 0, RAPPORT_OBSERVE_NONE, 0, 0, 0},
      {"Labour Day", RAPPORT_HOLIDAY_NTH_WEEKDAY, 10, 0, 1 /* Monday */, 4, 0, RAPPORT_OBSERVE_NONE, 0, 0, 0},
      {"Christmas Day", RAPPORT_HOLIDAY_FIXED, 12, 25, 0, 0, 0, RAPPORT_OBSERVE_NEXT_WEEKDAY, 0, 0, 0},
      {"Boxing Day", RAPPORT_HOLIDAY_FIXED, 12, 26, 0, 0, 0, RAPPORT_OBSERVE_NEXT_WEEKDAY, 0, 0, 0}};
  rapport_calendar* c = NULL;
  if (rapport_calendar_new_rules(&c, "new_zealand", RAPPORT_WEEKEND_SAT_SUN, rules, sizeof rules / sizeof rules[0], NULL, 0) ==
      RAPPORT_OK)
    return c;
  fprintf(stderr, "%s\n", rapport_last_error());
  if (rapport_calendar_new(&c, "none", RAPPORT_WEEKEND_SAT_SUN, NULL, 0) != RAPPORT_OK) exit(1);
  return c;
}

static void print(const char* who, const char* where, const rapport_history* h, int64_t now, const rapport_constraints* c) {
  rapport_recommendation* r = NULL;
  rapport_window w;
  char earliest[64], best[64], latest[64], next[64], best_utc[32];
  size_t i, n = 0;
  if (rapport_history_recommend(h, &r, NULL, now, c, NULL) != RAPPORT_OK) {
    printf("%s: error: %s\n\n", who, rapport_last_error());
    return;
  }
  rapport_recommendation_window(r, &w);
  rapport_recommendation_local_time(r, earliest, sizeof earliest, NULL, RAPPORT_WHEN_EARLIEST);
  rapport_recommendation_local_time(r, best, sizeof best, NULL, RAPPORT_WHEN_BEST);
  rapport_recommendation_local_time(r, latest, sizeof latest, NULL, RAPPORT_WHEN_LATEST);
  rapport_recommendation_local_time(r, next, sizeof next, NULL, RAPPORT_WHEN_NEXT_OPENING);
  rapport_time_format(best_utc, sizeof best_utc, NULL, w.best);
  printf("%s (%s), stage: %s, warmth %.0f\n", who, where, rapport_stage_name(w.stage), w.warmth);
  if (w.action == RAPPORT_ACTION_NO_WINDOW) {
    printf("  action:   no window; next opening %s\n", next);
  } else {
    printf("  action:   %s\n", rapport_action_name(w.action));
    printf("  earliest: %s\n", earliest);
    printf("  best:     %s  (%s; reply chance %.0f%%)\n", best, best_utc, 100 * w.reply_chance);
    printf("  latest:   %s\n", latest);
  }
  rapport_recommendation_reason_count(r, &n);
  for (i = 0; i < n; ++i) {
    const char* why = NULL; /* owned by r */
    if (rapport_recommendation_reason(r, &why, i) == RAPPORT_OK) printf("  - %s\n", why);
  }
  printf("\n");
  rapport_recommendation_free(r);
}

int main(void) {
  const int64_t now = at("2026-11-30T09:00"); /* Monday 30 November 2026, 09:00 UTC */
  char text[32];
  rapport_zone* london = zone("Europe/London", "GMT0BST,M3.5.0/1,M10.5.0");
  rapport_zone* new_york = zone("America/New_York", "EST5EDT,M3.2.0,M11.1.0");
  rapport_zone* chicago = zone("America/Chicago", "CST6CDT,M3.2.0,M11.1.0");
  rapport_zone* auckland = zone("Pacific/Auckland", "NZST-12NZDT,M9.5.0,M4.1.0/3");
  rapport_calendar *uk = NULL, *us = NULL, *nz = new_zealand();
  rapport_history* h = NULL;
  rapport_constraints c;
  int k;
  if (rapport_calendar_new(&uk, "england_wales", RAPPORT_WEEKEND_SAT_SUN, NULL, 0) != RAPPORT_OK ||
      rapport_calendar_new(&us, "us_federal", RAPPORT_WEEKEND_SAT_SUN, NULL, 0) != RAPPORT_OK ||
      rapport_history_new(&h) != RAPPORT_OK) {
    fprintf(stderr, "%s\n", rapport_last_error());
    return 1;
  }
  rapport_time_format(text, sizeof text, NULL, now);
  printf("Follow-ups as of %s\n\n", text);

  /* 1. Maya: met at a London meetup on Thursday evening, nothing since. */
  rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION);
  c.zone = london;
  c.calendar = uk;
  add(h, at("2026-11-26T18:30"), RAPPORT_CHANNEL_EVENT, RAPPORT_MUTUAL);
  print("Maya Chen", "London", h, now, &c);

  /* 2. Tom: met at the same meetup (over from New York); he emailed on Sunday afternoon. */
  rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION);
  c.zone = new_york;
  c.calendar = us;
  rapport_history_clear(h);
  add(h, at("2026-11-26T18:30"), RAPPORT_CHANNEL_EVENT, RAPPORT_MUTUAL);
  add(h, at("2026-11-29T20:00"), RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND);
  print("Tom Okafor", "New York", h, now, &c);

  /* 3. Priya: a colleague we talk to about weekly; on leave 21 Nov - 11 Dec ("reach out after"). */
  {
    int64_t leave[2];
    leave[0] = at("2026-11-21");
    leave[1] = at("2026-12-12");
    rapport_history_clear(h);
    for (k = 0; k < 12; ++k) {
      const int64_t t = at("2026-09-01T10:00") + k * 7LL * 86400;
      add(h, t, RAPPORT_CHANNEL_MESSAGE, RAPPORT_OUTBOUND);
      add(h, t + 1800, RAPPORT_CHANNEL_MESSAGE, RAPPORT_INBOUND);
      if (k % 3 == 2) add(h, t + 2 * 86400, RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL); /* last: 19 Nov */
    }
    rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION);
    c.zone = london;
    c.calendar = uk;
    c.do_not_contact = leave; /* read during the call only */
    c.n_do_not_contact = 1;
    print("Priya Raman", "London, on leave until 11 Dec", h, now, &c);
  }

  /* 4. Daniel: a prospect; one good call, one reply, then three follow-ups without an answer. */
  rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION);
  c.zone = chicago;
  c.calendar = us;
  rapport_history_clear(h);
  add(h, at("2026-09-15T16:00"), RAPPORT_CHANNEL_CALL, RAPPORT_MUTUAL);
  add(h, at("2026-09-16T14:00"), RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  add(h, at("2026-09-17T15:00"), RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND);
  add(h, at("2026-10-20T14:00"), RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  add(h, at("2026-11-03T15:00"), RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  add(h, at("2026-11-17T15:00"), RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  print("Daniel Ruiz", "Chicago", h, now, &c);

  /* 5. Aroha: a client in Auckland since the deal in October; calls every two weeks. She answers
   *    first thing in her morning, which is the previous evening in London. */
  {
    rapport_profile* profile = NULL;
    rapport_history_clear(h);
    for (k = 0; k < 8; ++k) {
      const int64_t ask = at("2026-08-18T02:00") + k * 14LL * 86400; /* Tuesday 14:00 NZ time */
      add(h, ask, RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
      add(h, ask + 17 * 3600 + 1800, RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND); /* Wednesday 07:30 (08:30 in summer time) */
      add(h, ask + 43 * 3600, RAPPORT_CHANNEL_VIDEO_CALL, RAPPORT_MUTUAL);    /* Thursday 09:00 */
    }
    add(h, at("2026-10-13T21:00"), RAPPORT_CHANNEL_COMMITMENT, RAPPORT_MUTUAL);
    rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION);
    c.zone = auckland;
    c.calendar = nz;
    c.quiet_start_minute = 19 * 60;
    c.quiet_end_minute = 7 * 60;
    if (rapport_profile_from_history(&profile, h, NULL, auckland) == RAPPORT_OK) c.profile = profile;
    print("Aroha Ngata", "Auckland", h, now, &c);
    rapport_profile_free(profile);
  }

  rapport_history_free(h);
  rapport_calendar_free(nz);
  rapport_calendar_free(us);
  rapport_calendar_free(uk);
  rapport_zone_free(auckland);
  rapport_zone_free(chicago);
  rapport_zone_free(new_york);
  rapport_zone_free(london);
  return 0;
}
