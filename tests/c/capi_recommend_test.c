/* The C API from C: follow-up windows. */
#include "capi_test.h"

static int32_t ymd_of(int64_t t) { /* UTC date of t as YYYYMMDD */
  char buf[32];
  if (rapport_time_format(buf, sizeof buf, NULL, t) != RAPPORT_OK) return -1;
  return (int32_t)(atoi(buf) * 10000 + atoi(buf + 5) * 100 + atoi(buf + 8));
}

static void check_window_shape(const rapport_window* w) {
  CHECK(w->action >= RAPPORT_ACTION_REACH_OUT_NOW && w->action <= RAPPORT_ACTION_NO_WINDOW);
  CHECK(w->earliest <= w->best && w->best <= w->latest);
  CHECK(w->reply_chance >= 0 && w->reply_chance <= 1);
  CHECK(w->warmth >= 0 && w->warmth <= 100);
  CHECK(w->reserved == 0);
}

static void test_recommend(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_interaction carla[5], ana[1];
  rapport_history *hb = history_of(bruno, BRUNO_N), *hc, *ha, *empty = NULL;
  rapport_calendar* us = NULL;
  rapport_zone* london = NULL;
  rapport_constraints c, bad;
  rapport_recommend_options o, badopt;
  rapport_recommendation *r = NULL, *r2 = NULL;
  rapport_window w, w2;
  rapport_state st;
  size_t n = 0, needed = 0, i;
  const char* text = NULL;
  char buf[2048], buf2[2048];
  int64_t dnc[2];

  make_carla(carla);
  ana[0] = ix("2026-11-24T16:30:00Z", RAPPORT_CHANNEL_EVENT, RAPPORT_MUTUAL);
  hc = history_of(carla, 5);
  ha = history_of(ana, 1);
  CHECK_OK(rapport_history_new(&empty));
  CHECK_OK(rapport_calendar_new(&us, "us_federal", RAPPORT_WEEKEND_SAT_SUN, NULL, 0));
  CHECK_OK(rapport_zone_new(&london, "Europe/London"));

  /* init functions */
  CHECK_ERR(rapport_constraints_init(&c, 0), RAPPORT_EINVAL, "unknown version 0");
  CHECK_ERR(rapport_constraints_init(NULL, RAPPORT_CONSTRAINTS_VERSION), RAPPORT_EINVAL, "constraints is NULL");
  CHECK_OK(rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION));
  CHECK(c.version == RAPPORT_CONSTRAINTS_VERSION && c.zone == NULL && c.calendar == NULL);
  CHECK(c.quiet_start_minute == 1200 && c.quiet_end_minute == 480);
  CHECK(c.reach_out_after == RAPPORT_NO_TIME && c.reach_out_before == RAPPORT_NO_TIME);
  CHECK(c.n_do_not_contact == 0 && c.preferred_days == 0 && c.preferred_hours == 0 && c.override_stage == RAPPORT_OVERRIDE_NONE);
  CHECK_ERR(rapport_recommend_options_init(&o, 5), RAPPORT_EINVAL, "unknown version 5");
  CHECK_ERR(rapport_recommend_options_init(NULL, RAPPORT_RECOMMEND_OPTIONS_VERSION), RAPPORT_EINVAL, "options is NULL");
  CHECK_OK(rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION));
  CHECK(o.reply_quantile == 0.8 && o.max_nudges == 3 && o.stretch_to_fit == 1 && o.future == RAPPORT_FUTURE_REJECT);
  CHECK(o.nudge_below_chance == 0.5 && o.threads == 1 && o.reserved == 0 && c.courtesy_off == 0 && c.reserved2 == 0);
  CHECK(strcmp(rapport_action_name(RAPPORT_ACTION_REACH_OUT_NOW), "reach out now") == 0);
  CHECK(strcmp(rapport_action_name(RAPPORT_ACTION_WAIT_UNTIL), "wait until") == 0);
  CHECK(strcmp(rapport_action_name(RAPPORT_ACTION_GIVE_SPACE), "give space") == 0);
  CHECK(strcmp(rapport_action_name(RAPPORT_ACTION_RE_ENGAGE_ON), "re-engage on") == 0);
  CHECK(strcmp(rapport_action_name(RAPPORT_ACTION_NO_WINDOW), "no window") == 0);
  CHECK(strcmp(rapport_action_name(5), "invalid") == 0);

  /* Carla: five unanswered outreaches, more than max_nudges: give space */
  CHECK_OK(rapport_history_recommend(hc, &r, NULL, now, NULL, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w));
  check_window_shape(&w);
  CHECK(w.action == RAPPORT_ACTION_GIVE_SPACE && (w.why & RAPPORT_WHY_NUDGE_CAP) != 0);
  CHECK(w.stage == RAPPORT_STAGE_AWAITING_REPLY && w.unanswered == 5);
  CHECK(w.earliest > now);
  CHECK_OK(rapport_recommendation_reason_count(r, &n));
  CHECK(n > 0);
  needed = 0;
  for (i = 0; i < n; ++i) {
    CHECK_OK(rapport_recommendation_reason(r, &text, i));
    CHECK(text != NULL && strlen(text) > 0);
    needed += strlen(text) + 1;
  }
  CHECK_OK(rapport_recommendation_reasons_text(r, buf, sizeof buf, &i));
  CHECK(i == needed && strlen(buf) == needed);
  CHECK_OK(rapport_recommendation_reasons_text(r, NULL, 0, &i));
  CHECK(i == needed);
  CHECK_OK(rapport_recommendation_local_time(r, buf, sizeof buf, &needed, RAPPORT_WHEN_BEST));
  {
    char day[4], zone[8];
    int y = 0, mo = 0, d = 0, hh = 0, mm = 0; /* "Wed 2026-11-25 09:00 UTC" */
    CHECK(needed == strlen(buf) && sscanf(buf, "%3s %4d-%2d-%2d %2d:%2d %7s", day, &y, &mo, &d, &hh, &mm, zone) == 7);
    CHECK(strcmp(zone, "UTC") == 0 && y >= 2026);
  }
  CHECK_OK(rapport_recommendation_local_time(r, buf, sizeof buf, &needed, RAPPORT_WHEN_EARLIEST));
  CHECK(needed > 0);
  CHECK_OK(rapport_recommendation_local_time(r, buf, sizeof buf, &needed, RAPPORT_WHEN_LATEST));
  CHECK(needed > 0);
  CHECK_OK(rapport_recommendation_local_time(r, buf, sizeof buf, &needed, RAPPORT_WHEN_NEXT_OPENING));
  CHECK(needed == 0 && buf[0] == '\0'); /* there is a window */
  CHECK_ERR(rapport_recommendation_local_time(r, buf, sizeof buf, &needed, 4), RAPPORT_EINVAL, "which = 4");
  CHECK_ERR(rapport_recommendation_local_time(r, NULL, 4, &needed, 0), RAPPORT_EINVAL, "buf is NULL");
  CHECK_ERR(rapport_recommendation_local_time(NULL, buf, sizeof buf, &needed, 0), RAPPORT_EINVAL, "recommendation is NULL");
  CHECK_ERR(rapport_recommendation_reason(r, &text, n), RAPPORT_ERANGE, "past the");
  CHECK_ERR(rapport_recommendation_reason(r, NULL, 0), RAPPORT_EINVAL, "text_out is NULL");
  CHECK_ERR(rapport_recommendation_reason(NULL, &text, 0), RAPPORT_EINVAL, "recommendation is NULL");
  CHECK_ERR(rapport_recommendation_reason_count(NULL, &n), RAPPORT_EINVAL, "recommendation is NULL");
  CHECK_ERR(rapport_recommendation_reason_count(r, NULL), RAPPORT_EINVAL, "count_out is NULL");
  CHECK_ERR(rapport_recommendation_reasons_text(NULL, buf, sizeof buf, NULL), RAPPORT_EINVAL, "recommendation is NULL");
  CHECK_ERR(rapport_recommendation_window(NULL, &w), RAPPORT_EINVAL, "recommendation is NULL");
  CHECK_ERR(rapport_recommendation_window(r, NULL), RAPPORT_EINVAL, "out is NULL");

  /* the window of a batch explains itself the same way */
  CHECK_OK(rapport_window_reasons_text(&w, buf2, sizeof buf2, NULL, NULL, now, NULL));
  CHECK_OK(rapport_recommendation_reasons_text(r, buf, sizeof buf, NULL));
  CHECK(strcmp(buf, buf2) == 0);
  rapport_recommendation_free(r);
  r = NULL;
  rapport_recommendation_free(NULL);

  /* Bruno on a US calendar in UTC: best is a business day, outside quiet hours */
  c.calendar = us;
  CHECK_OK(rapport_history_recommend(hb, &r, NULL, now, &c, &o));
  CHECK_OK(rapport_recommendation_window(r, &w));
  check_window_shape(&w);
  CHECK(w.stage == RAPPORT_STAGE_ESTABLISHED);
  {
    int32_t is = -1;
    CHECK_OK(rapport_calendar_is_business_day(us, &is, NULL, ymd_of(w.best)));
    CHECK(is == 1);
    CHECK_OK(rapport_calendar_is_business_day(us, &is, NULL, ymd_of(w.earliest)));
    CHECK(is == 1);
    CHECK(hour_of(w.best) >= 8 && hour_of(w.best) < 20);
  }
  /* the state gives the same window */
  CHECK_OK(rapport_state_init(&st));
  for (i = 0; i < BRUNO_N; ++i) CHECK_OK(rapport_state_absorb(&st, NULL, &bruno[i]));
  CHECK_OK(rapport_state_recommend(&st, &r2, NULL, now, &c, &o));
  CHECK_OK(rapport_recommendation_window(r2, &w2));
  CHECK(w2.action == w.action && w2.stage == w.stage && w2.earliest == w.earliest && w2.best == w.best);
  CHECK(llabs(w2.latest - w.latest) <= 3600);
  rapport_recommendation_free(r2);
  r2 = NULL;
  rapport_recommendation_free(r);
  r = NULL;

  /* Ana, met yesterday: first follow-up within business days; a do-not-contact period pushes it out */
  CHECK_OK(rapport_history_recommend(ha, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w));
  check_window_shape(&w);
  CHECK(w.stage == RAPPORT_STAGE_NEW && (w.why & RAPPORT_WHY_FIRST_MEETING) != 0);
  CHECK(w.earliest - now < 7 * 86400);
  rapport_recommendation_free(r);
  r = NULL;
  dnc[0] = now - 86400;
  dnc[1] = t_of("2026-12-14T00:00:00Z");
  c.do_not_contact = dnc;
  c.n_do_not_contact = 1;
  CHECK_OK(rapport_history_recommend(ha, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w2));
  check_window_shape(&w2);
  CHECK(w2.earliest >= dnc[1] && w2.best >= dnc[1]);
  CHECK((w2.why & RAPPORT_WHY_PAUSED) != 0 || (w2.why & RAPPORT_WHY_MOVED) != 0);
  rapport_recommendation_free(r);
  r = NULL;
  c.do_not_contact = NULL;
  c.n_do_not_contact = 0;

  /* an explicit "reach out after" wins; the London zone shows in local times */
  c.reach_out_after = t_of("2026-12-15T00:00:00Z");
  c.zone = london;
  CHECK_OK(rapport_history_recommend(hb, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w));
  check_window_shape(&w);
  CHECK(w.earliest >= c.reach_out_after && (w.why & RAPPORT_WHY_EXPLICIT_DATE) != 0);
  CHECK_OK(rapport_recommendation_local_time(r, buf, sizeof buf, NULL, RAPPORT_WHEN_BEST));
  CHECK(strstr(buf, "2026-12-") != NULL && strstr(buf, "GMT") != NULL);
  rapport_recommendation_free(r);
  r = NULL;
  c.reach_out_after = RAPPORT_NO_TIME;
  c.zone = NULL;

  /* parked by the user: re-engage later */
  c.override_stage = RAPPORT_OVERRIDE_PARKED;
  CHECK_OK(rapport_history_recommend(hb, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w));
  CHECK((w.why & RAPPORT_WHY_PARKED) != 0 && w.action == RAPPORT_ACTION_RE_ENGAGE_ON);
  rapport_recommendation_free(r);
  r = NULL;
  c.override_stage = RAPPORT_OVERRIDE_NONE;

  /* bad constraints name the field; nothing is created */
#define BAD_CONSTRAINT(field_set, want, text)                                        \
  do {                                                                               \
    bad = c;                                                                         \
    field_set;                                                                       \
    CHECK_ERR(rapport_history_recommend(hb, &r, NULL, now, &bad, NULL), want, text); \
  } while (0)
  BAD_CONSTRAINT(bad.version = 0, RAPPORT_EINVAL, "constraints->version = 0");
  BAD_CONSTRAINT(bad.override_stage = 3, RAPPORT_EINVAL, "override_stage = 3");
  BAD_CONSTRAINT(bad.quiet_start_minute = 1440, RAPPORT_EINVAL, "quiet hours 1440");
  BAD_CONSTRAINT(bad.quiet_end_minute = -1, RAPPORT_EINVAL, "quiet hours");
  BAD_CONSTRAINT(bad.n_do_not_contact = 1, RAPPORT_EINVAL, "do_not_contact is NULL");
  BAD_CONSTRAINT((bad.n_do_not_contact = (size_t)-1, bad.do_not_contact = dnc), RAPPORT_ERANGE, "too large");
  dnc[0] = now + 86400;
  dnc[1] = now;
  BAD_CONSTRAINT((bad.n_do_not_contact = 1, bad.do_not_contact = dnc), RAPPORT_EINVAL, "do-not-contact period");
  BAD_CONSTRAINT(bad.reach_out_after = -5, RAPPORT_ERANGE, "reach_out_after = -5");
  BAD_CONSTRAINT(bad.reach_out_before = 4294967296LL, RAPPORT_ERANGE, "reach_out_before");
  BAD_CONSTRAINT((bad.reach_out_after = now + 86400, bad.reach_out_before = now), RAPPORT_EINVAL, "reach_out_before");
  BAD_CONSTRAINT(bad.preferred_days = 0x80, RAPPORT_EINVAL, "preferred_days = 0x80");
  BAD_CONSTRAINT(bad.preferred_hours = 1u << 24, RAPPORT_EINVAL, "preferred_hours");
  CHECK(r == NULL);

  /* bad options */
  badopt = o;
  badopt.version = 9;
  CHECK_ERR(rapport_history_recommend(hb, &r, NULL, now, NULL, &badopt), RAPPORT_EINVAL, "options->version = 9");
  badopt = o;
  badopt.reply_quantile = 1.5;
  CHECK_ERR(rapport_history_recommend(hb, &r, NULL, now, NULL, &badopt), RAPPORT_EINVAL, "reply_quantile");
  badopt = o;
  badopt.stretch_to_fit = 2;
  CHECK_ERR(rapport_history_recommend(hb, &r, NULL, now, NULL, &badopt), RAPPORT_EINVAL, "stretch_to_fit = 2");
  badopt = o;
  badopt.future = 4;
  CHECK_ERR(rapport_history_recommend(hb, &r, NULL, now, NULL, &badopt), RAPPORT_EINVAL, "options.future = 4");
  badopt = o;
  badopt.max_nudges = 0;
  CHECK_ERR(rapport_state_recommend(&st, &r, NULL, now, NULL, &badopt), RAPPORT_EINVAL, "max_nudges");
  /* future interactions: rejected, or ignored on request */
  CHECK_ERR(rapport_history_recommend(hb, &r, NULL, bruno[8].at, NULL, &o), RAPPORT_ERANGE, "after the scoring time");
  badopt = o;
  badopt.future = RAPPORT_FUTURE_IGNORE;
  CHECK_OK(rapport_history_recommend(hb, &r, NULL, bruno[8].at, NULL, &badopt));
  rapport_recommendation_free(r);
  r = NULL;
  badopt = o;
  badopt.max_nudges = 0; /* bad options for the checks below */

  /* other argument errors */
  CHECK_ERR(rapport_history_recommend(empty, &r, NULL, now, NULL, NULL), RAPPORT_EINVAL, "empty");
  CHECK_ERR(rapport_history_recommend(NULL, &r, NULL, now, NULL, NULL), RAPPORT_EINVAL, "history is NULL");
  CHECK_ERR(rapport_history_recommend(hb, NULL, NULL, now, NULL, NULL), RAPPORT_EINVAL, "out is NULL");
  CHECK_ERR(rapport_history_recommend(hb, &r, NULL, -1, NULL, NULL), RAPPORT_ERANGE, "now = -1");
  CHECK_ERR(rapport_state_recommend(NULL, &r, NULL, now, NULL, NULL), RAPPORT_EINVAL, "state is NULL");
  CHECK_ERR(rapport_state_recommend(&st, NULL, NULL, now, NULL, NULL), RAPPORT_EINVAL, "out is NULL");
  CHECK_ERR(rapport_state_recommend(&st, &r, NULL, 4294967296LL, NULL, NULL), RAPPORT_ERANGE, "now");
  CHECK_ERR(rapport_state_recommend(&st, &r, NULL, bruno[3].at, NULL, NULL), RAPPORT_ERANGE, "before the state's last");
  CHECK_ERR(rapport_state_recommend(&st, &r, NULL, now, &bad, NULL), RAPPORT_EINVAL, "preferred_hours");
  {
    rapport_state e, junk;
    CHECK_OK(rapport_state_init(&e));
    CHECK_ERR(rapport_state_recommend(&e, &r, NULL, now, NULL, NULL), RAPPORT_EINVAL, "empty");
    memset(&junk, 0xFF, sizeof junk);
    CHECK_ERR(rapport_state_recommend(&junk, &r, NULL, now, NULL, NULL), RAPPORT_EINVAL, "does not hold a valid state");
  }
  CHECK(r == NULL);

  /* window_reasons_text checks what it is given */
  w2 = w;
  w2.action = 9;
  CHECK_ERR(rapport_window_reasons_text(&w2, buf, sizeof buf, NULL, NULL, now, NULL), RAPPORT_EINVAL, "window->action = 9");
  w2 = w;
  w2.stage = -1;
  CHECK_ERR(rapport_window_reasons_text(&w2, buf, sizeof buf, NULL, NULL, now, NULL), RAPPORT_EINVAL, "window->stage");
  w2 = w;
  w2.earliest_moved_by = 7;
  CHECK_ERR(rapport_window_reasons_text(&w2, buf, sizeof buf, NULL, NULL, now, NULL), RAPPORT_EINVAL, "earliest_moved_by");
  w2 = w;
  w2.best = -3;
  CHECK_ERR(rapport_window_reasons_text(&w2, buf, sizeof buf, NULL, NULL, now, NULL), RAPPORT_ERANGE, "(-3)");
  CHECK_ERR(rapport_window_reasons_text(NULL, buf, sizeof buf, NULL, NULL, now, NULL), RAPPORT_EINVAL, "window is NULL");
  CHECK_ERR(rapport_window_reasons_text(&w, buf, sizeof buf, NULL, &bad, now, NULL), RAPPORT_EINVAL, "preferred_hours");
  CHECK_ERR(rapport_window_reasons_text(&w, buf, sizeof buf, NULL, NULL, -1, NULL), RAPPORT_ERANGE, "now");
  CHECK_ERR(rapport_window_reasons_text(&w, buf, sizeof buf, NULL, NULL, now, &badopt), RAPPORT_EINVAL, "max_nudges");
  CHECK_ERR(rapport_window_reasons_text(&w, NULL, 3, NULL, NULL, now, NULL), RAPPORT_EINVAL, "buf is NULL");

  /* batch from columns: Bruno, an empty contact, Carla; statuses mark the empty one */
  {
    enum { ROWS = BRUNO_N + 5 };
    int64_t at[ROWS], offsets[4] = {0, BRUNO_N, BRUNO_N, ROWS};
    uint8_t ch[ROWS], dir[ROWS];
    rapport_window ws[3];
    rapport_status sts[3];
    const rapport_constraints* cs[3];
    rapport_state states[3];
    rapport_window ws2[3];
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
    cs[0] = &c;
    cs[1] = NULL;
    cs[2] = &c;
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "contact 1 has no interaction");
    CHECK_OK(rapport_batch_recommend(NULL, ws, sts, offsets, 3, at, ch, dir, ROWS, cs, now, &o));
    CHECK(sts[0] == RAPPORT_OK && sts[1] == RAPPORT_EINVAL && sts[2] == RAPPORT_OK);
    CHECK(ws[1].action == RAPPORT_ACTION_NO_WINDOW && ws[1].next_opening == 0);
    check_window_shape(&ws[0]);
    check_window_shape(&ws[2]);
    CHECK(ws[2].action == RAPPORT_ACTION_GIVE_SPACE);
    CHECK_OK(rapport_state_recommend(&st, &r, NULL, now, &c, &o));
    CHECK_OK(rapport_recommendation_window(r, &w));
    CHECK(memcmp(&w, &ws[0], sizeof w) == 0); /* same as one at a time */
    CHECK_OK(rapport_window_reasons_text(&ws[0], buf2, sizeof buf2, NULL, &c, now, &o));
    CHECK_OK(rapport_recommendation_reasons_text(r, buf, sizeof buf, NULL));
    CHECK(strcmp(buf, buf2) == 0);
    rapport_recommendation_free(r);
    r = NULL;
    /* no constraints array at all: the defaults */
    CHECK_OK(rapport_batch_recommend(NULL, ws, sts, offsets, 3, at, ch, dir, ROWS, NULL, now, NULL));
    CHECK(sts[0] == RAPPORT_OK && sts[2] == RAPPORT_OK);
    /* bad constraints for one contact: its status; the message stays the first failure's */
    bad = c;
    bad.version = 0;
    cs[2] = &bad;
    CHECK_OK(rapport_batch_recommend(NULL, ws, sts, offsets, 3, at, ch, dir, ROWS, cs, now, &o));
    CHECK(sts[0] == RAPPORT_OK && sts[1] == RAPPORT_EINVAL && sts[2] == RAPPORT_EINVAL);
    CHECK(strstr(rapport_last_error(), "contact 1") != NULL);
    offsets[1] = 0; /* Bruno's rows now belong to contact 1 */
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "contact 0 has no interaction");
    offsets[1] = BRUNO_N;
    cs[1] = &c;
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "contact 1 has no interaction");
    offsets[2] = ROWS - 5 + 1; /* give contact 1 one of Carla's rows */
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "constraints[2]");
    offsets[2] = BRUNO_N;
    dir[4] = 8;
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "contact 0, row 4: direction 8");
    dir[4] = bruno[4].direction;
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, t_of("2026-11-01"), &o), RAPPORT_ERANGE,
              "after now");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, NULL, 3, at, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "offsets is NULL");
    CHECK_ERR(rapport_batch_recommend(NULL, NULL, NULL, offsets, 3, at, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "windows is NULL");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, NULL, ch, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "at is NULL");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, NULL, dir, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "channels is NULL");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, NULL, ROWS, cs, now, &o), RAPPORT_EINVAL,
              "directions is NULL");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, SIZE_MAX, at, ch, dir, ROWS, cs, now, &o), RAPPORT_ERANGE,
              "overflows");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS + 1, cs, now, &o), RAPPORT_EINVAL,
              "must equal rows");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, -1, &o), RAPPORT_ERANGE, "now = -1");
    CHECK_ERR(rapport_batch_recommend(NULL, ws, NULL, offsets, 3, at, ch, dir, ROWS, cs, now, &badopt), RAPPORT_EINVAL,
              "max_nudges");
    CHECK_OK(rapport_batch_recommend(NULL, NULL, NULL, offsets, 0, NULL, NULL, NULL, 0, NULL, now, NULL));

    /* batch over states */
    memcpy(&states[0], &st, sizeof st);
    CHECK_OK(rapport_state_init(&states[1]));
    CHECK_OK(rapport_state_init(&states[2]));
    for (i = 0; i < 5; ++i) CHECK_OK(rapport_state_absorb(&states[2], NULL, &carla[i]));
    cs[0] = &c;
    cs[1] = &c;
    cs[2] = &c;
    CHECK_OK(rapport_batch_recommend_states(NULL, ws2, sts, states, 3, cs, now, &o));
    CHECK(sts[0] == RAPPORT_OK && sts[1] == RAPPORT_EINVAL && sts[2] == RAPPORT_OK);
    CHECK(memcmp(&ws2[0], &w, sizeof w) == 0);
    CHECK(ws2[2].action == RAPPORT_ACTION_GIVE_SPACE);
    CHECK_ERR(rapport_batch_recommend_states(NULL, ws2, NULL, states, 3, cs, now, &o), RAPPORT_EINVAL,
              "contact 1 has no interaction");
    CHECK_ERR(rapport_batch_recommend_states(NULL, ws2, NULL, states, 1, cs, bruno[2].at, &o), RAPPORT_ERANGE,
              "contact 0: now is before");
    memset(&states[1], 0xFF, sizeof states[1]);
    CHECK_ERR(rapport_batch_recommend_states(NULL, ws2, NULL, states, 3, cs, now, &o), RAPPORT_EINVAL, "states[1]");
    CHECK_OK(rapport_batch_recommend_states(NULL, ws2, sts, states, 3, NULL, now, NULL));
    CHECK(sts[1] == RAPPORT_EINVAL && sts[0] == RAPPORT_OK);
    CHECK_ERR(rapport_batch_recommend_states(NULL, NULL, NULL, states, 3, cs, now, &o), RAPPORT_EINVAL, "windows is NULL");
    CHECK_ERR(rapport_batch_recommend_states(NULL, ws2, NULL, NULL, 3, cs, now, &o), RAPPORT_EINVAL, "states is NULL");
    CHECK_ERR(rapport_batch_recommend_states(NULL, ws2, NULL, states, 3, cs, -1, &o), RAPPORT_ERANGE, "now");
    CHECK_ERR(rapport_batch_recommend_states(NULL, ws2, NULL, states, 3, cs, now, &badopt), RAPPORT_EINVAL, "max_nudges");
    CHECK_OK(rapport_batch_recommend_states(NULL, NULL, NULL, NULL, 0, NULL, now, NULL));
  }

  rapport_history_free(hb);
  rapport_history_free(hc);
  rapport_history_free(ha);
  rapport_history_free(empty);
  rapport_calendar_free(us);
  rapport_zone_free(london);
}

/* Courtesy rules are policy: each can be turned off, and a version-1 constraints struct keeps them. */
static void test_courtesy(void) {
  const int64_t now = t_of("2026-11-28T13:00:00Z"); /* a Saturday */
  rapport_interaction x[2];
  rapport_history* h;
  rapport_constraints c;
  rapport_recommendation* r = NULL;
  rapport_window w;
  x[0] = ix("2026-11-20T10:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_OUTBOUND);
  x[1] = ix("2026-11-28T12:00:00Z", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND); /* they wrote last, on Saturday */
  h = history_of(x, 2);
  CHECK_OK(rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION));
  CHECK_OK(rapport_history_recommend(h, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w));
  rapport_recommendation_free(r);
  CHECK(w.action == RAPPORT_ACTION_WAIT_UNTIL && w.earliest >= t_of("2026-11-30T08:00:00Z"));
  CHECK(w.earliest_moved_by == RAPPORT_CLOSED_WEEKEND && w.reply_chance > 0 && w.reply_chance < 1);
  c.courtesy_off = RAPPORT_COURTESY_WEEKENDS;
  CHECK_OK(rapport_history_recommend(h, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w));
  rapport_recommendation_free(r);
  CHECK(w.action == RAPPORT_ACTION_REACH_OUT_NOW && w.earliest == now);
  c.version = 1; /* a version-1 struct ends before courtesy_off: never read */
  CHECK_OK(rapport_history_recommend(h, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &w));
  rapport_recommendation_free(r);
  CHECK(w.action == RAPPORT_ACTION_WAIT_UNTIL);
  c.version = RAPPORT_CONSTRAINTS_VERSION;
  c.courtesy_off = 0x20;
  CHECK_ERR(rapport_history_recommend(h, &r, NULL, now, &c, NULL), RAPPORT_EINVAL, "courtesy_off");
  rapport_history_free(h);
}

int main(void) {
  make_bruno();
  test_recommend();
  test_courtesy();
  return summary();
}
