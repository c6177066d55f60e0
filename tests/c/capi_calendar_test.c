/* The C API from C: zones, calendars and activity profiles. */
#include "capi_test.h"

static void test_zones_and_calendars(void) {
  rapport_zone* z = NULL;
  rapport_calendar* cal = NULL;
  int32_t extra[2] = {20261224, 20260230}, is = -1;
  const char* name = NULL;

  CHECK_OK(rapport_zone_new(&z, "Europe/London"));
  rapport_zone_free(z);
  z = NULL;
  CHECK_OK(rapport_zone_new(&z, "EST5EDT,M3.2.0,M11.1.0"));
  rapport_zone_free(z);
  z = NULL;
  CHECK_OK(rapport_zone_new(&z, "UTC"));
  rapport_zone_free(z);
  z = NULL;
  CHECK_ERR(rapport_zone_new(&z, "Atlantis/Capital"), RAPPORT_EINVAL, "Atlantis/Capital");
  CHECK_ERR(rapport_zone_new(&z, "EST5EDT,M99.1.0,M11.1.0"), RAPPORT_EINVAL, "EST5EDT");
  CHECK_ERR(rapport_zone_new(&z, "../../etc/passwd"), RAPPORT_EINVAL, "not a zone name");
  CHECK_ERR(rapport_zone_new(NULL, "UTC"), RAPPORT_EINVAL, "out is NULL");
  CHECK_ERR(rapport_zone_new(&z, NULL), RAPPORT_EINVAL, "name is NULL");
  CHECK(z == NULL);
  rapport_zone_free(NULL);

  CHECK_ERR(rapport_calendar_new(&cal, "us_federal", RAPPORT_WEEKEND_SAT_SUN, extra, 2), RAPPORT_EINVAL,
            "extra_days[1] = 20260230");
  CHECK(cal == NULL);
  CHECK_OK(rapport_calendar_new(&cal, "us_federal", RAPPORT_WEEKEND_SAT_SUN, extra, 1));
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20261126));
  CHECK(is == 0 && strcmp(name, "Thanksgiving Day") == 0);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20261124));
  CHECK(is == 1 && strcmp(name, "") == 0);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20261224));
  CHECK(is == 0 && strcmp(name, "day off") == 0);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, NULL, 20261128)); /* a Saturday */
  CHECK(is == 0);
  CHECK_ERR(rapport_calendar_is_business_day(cal, &is, NULL, 20261131), RAPPORT_EINVAL, "yyyymmdd = 20261131");
  CHECK_ERR(rapport_calendar_is_business_day(cal, &is, NULL, -20261130), RAPPORT_EINVAL, "yyyymmdd");
  CHECK_ERR(rapport_calendar_is_business_day(NULL, &is, NULL, 20261124), RAPPORT_EINVAL, "calendar is NULL");
  CHECK_ERR(rapport_calendar_is_business_day(cal, NULL, NULL, 20261124), RAPPORT_EINVAL, "result_out is NULL");
  rapport_calendar_free(cal);
  cal = NULL;
  /* a Friday/Saturday weekend, England's holidays */
  CHECK_OK(rapport_calendar_new(&cal, "england_wales", RAPPORT_FRIDAY | RAPPORT_SATURDAY, NULL, 0));
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, NULL, 20261129)); /* a Sunday */
  CHECK(is == 1);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20251225)); /* a Thursday */
  CHECK(is == 0 && strcmp(name, "Christmas Day") == 0);
  rapport_calendar_free(cal);
  cal = NULL;
  CHECK_ERR(rapport_calendar_new(&cal, "mars", RAPPORT_WEEKEND_SAT_SUN, NULL, 0), RAPPORT_EINVAL, "mars");
  CHECK_ERR(rapport_calendar_new(&cal, "none", 0x80, NULL, 0), RAPPORT_EINVAL, "weekend = 0x80");
  CHECK_ERR(rapport_calendar_new(&cal, "none", 0x7F, NULL, 0), RAPPORT_EINVAL, "every day");
  CHECK_ERR(rapport_calendar_new(&cal, "none", 0, NULL, 2), RAPPORT_EINVAL, "extra_days is NULL");
  CHECK_ERR(rapport_calendar_new(&cal, NULL, 0, NULL, 0), RAPPORT_EINVAL, "holidays is NULL");
  CHECK_ERR(rapport_calendar_new(NULL, "none", 0, NULL, 0), RAPPORT_EINVAL, "out is NULL");
  CHECK(cal == NULL);
  rapport_calendar_free(NULL);
}

static void test_rule_calendars_and_profiles(void) {
  rapport_holiday_rule rules[4];
  rapport_calendar* cal = NULL;
  rapport_profile* p = NULL;
  rapport_history* h = NULL;
  rapport_zone* z = NULL;
  int32_t is = -1, extra = 20260310;
  const char* name = NULL;
  double counts[168], weights[169], sum = 0, samples = -1;
  size_t i;

  memset(rules, 0, sizeof rules);
  rules[0].name = "Founders' Day";
  rules[0].kind = RAPPORT_HOLIDAY_FIXED;
  rules[0].month = 7;
  rules[0].day = 4; /* a Saturday in 2026 */
  rules[0].observed = RAPPORT_OBSERVE_NEAREST_WEEKDAY;
  rules[1].name = "Harvest Thursday";
  rules[1].kind = RAPPORT_HOLIDAY_NTH_WEEKDAY;
  rules[1].month = 11;
  rules[1].weekday = 4;
  rules[1].nth = 4;
  rules[2].name = "Spring Monday";
  rules[2].kind = RAPPORT_HOLIDAY_LAST_WEEKDAY;
  rules[2].month = 5;
  rules[2].weekday = 1;
  rules[2].from_year = 2027; /* not yet in 2026 */
  rules[3].name = "Easter Monday";
  rules[3].kind = RAPPORT_HOLIDAY_EASTER;
  rules[3].easter_offset = 1;
  CHECK_OK(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, &extra, 1));
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20260703));
  CHECK(is == 0 && strcmp(name, "Founders' Day") == 0); /* observed on Friday */
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20261126));
  CHECK(is == 0 && strcmp(name, "Harvest Thursday") == 0);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, NULL, 20260525));
  CHECK(is == 1);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20270531));
  CHECK(is == 0 && strcmp(name, "Spring Monday") == 0);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20260406));
  CHECK(is == 0 && strcmp(name, "Easter Monday") == 0);
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, &name, 20260310));
  CHECK(is == 0 && strcmp(name, "day off") == 0);
  rapport_calendar_free(cal);
  cal = NULL;

  rules[1].nth = 5;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL,
            "Harvest Thursday");
  rules[1].nth = 4;
  rules[0].day = 31;
  rules[0].month = 6;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL, "never exists");
  rules[0].month = 7;
  rules[0].kind = 4;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL,
            "rules[0] (\"Founders' Day\"): kind = 4");
  rules[0].kind = RAPPORT_HOLIDAY_FIXED;
  rules[0].observed = 3;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL, "observed = 3");
  rules[0].observed = RAPPORT_OBSERVE_NONE;
  rules[2].weekday = 7;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL,
            "rules[2] (\"Spring Monday\"): weekday = 7");
  rules[2].weekday = 1;
  rules[2].to_year = 2020; /* before from_year */
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL, "from_year");
  rules[2].to_year = 0;
  rules[3].name = NULL;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL,
            "rules[3].name is NULL");
  rules[3].name = "";
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL, "needs a name");
  rules[3].name = "Easter Monday";
  rules[3].easter_offset = 99;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, NULL, 0), RAPPORT_EINVAL,
            "Easter offset");
  rules[3].easter_offset = 1;
  extra = 20260229;
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", RAPPORT_WEEKEND_SAT_SUN, rules, 4, &extra, 1), RAPPORT_EINVAL,
            "extra_days[0] = 20260229");
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", 0x100, rules, 4, NULL, 0), RAPPORT_EINVAL, "weekend = 0x100");
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", 0x7F, rules, 4, NULL, 0), RAPPORT_EINVAL, "every day");
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", 0, NULL, 4, NULL, 0), RAPPORT_EINVAL, "rules is NULL");
  CHECK_ERR(rapport_calendar_new_rules(&cal, "test", 0, rules, 4, NULL, 1), RAPPORT_EINVAL, "extra_days is NULL");
  CHECK_ERR(rapport_calendar_new_rules(&cal, NULL, 0, rules, 4, NULL, 0), RAPPORT_EINVAL, "name is NULL");
  CHECK_ERR(rapport_calendar_new_rules(NULL, "test", 0, rules, 4, NULL, 0), RAPPORT_EINVAL, "out is NULL");
  CHECK(cal == NULL);
  CHECK_OK(rapport_calendar_new_rules(&cal, "plain", RAPPORT_SUNDAY, NULL, 0, NULL, 0)); /* Saturday works */
  CHECK_OK(rapport_calendar_is_business_day(cal, &is, NULL, 20261128));
  CHECK(is == 1);
  rapport_calendar_free(cal);

  /* profiles: from counts, and from the times they wrote */
  for (i = 0; i < 168; ++i) counts[i] = 0;
  counts[3 * 24 + 7] = 30; /* Wednesdays 07:00 */
  CHECK_OK(rapport_profile_from_counts(&p, counts, 168, 12));
  CHECK_OK(rapport_profile_weights(p, weights, 169, &samples));
  for (i = 0; i < 168; ++i) sum += weights[i];
  CHECK(near(sum, 1, 1e-12) && samples == 30);
  for (i = 0; i < 168; ++i) CHECK(i == 3 * 24 + 7 || weights[i] < weights[3 * 24 + 7]);
  CHECK_ERR(rapport_profile_weights(p, weights, 167, NULL), RAPPORT_ERANGE, "168");
  CHECK_OK(rapport_profile_weights(p, NULL, 0, NULL));
  CHECK_ERR(rapport_profile_weights(NULL, weights, 168, NULL), RAPPORT_EINVAL, "profile is NULL");
  rapport_profile_free(p);
  p = NULL;
  counts[5] = -1;
  CHECK_ERR(rapport_profile_from_counts(&p, counts, 168, 12), RAPPORT_EINVAL, "slot 5");
  counts[5] = 0;
  CHECK_ERR(rapport_profile_from_counts(&p, counts, 168, 0), RAPPORT_EINVAL, "prior_weight");
  CHECK_ERR(rapport_profile_from_counts(&p, counts, 24, 12), RAPPORT_EINVAL, "n_counts = 24");
  CHECK_ERR(rapport_profile_from_counts(&p, NULL, 168, 12), RAPPORT_EINVAL, "counts is NULL");
  CHECK_ERR(rapport_profile_from_counts(NULL, counts, 168, 12), RAPPORT_EINVAL, "out is NULL");
  CHECK(p == NULL);

  h = history_of(bruno, BRUNO_N); /* inbound: 2 emails, a message */
  CHECK_OK(rapport_zone_new(&z, "America/New_York"));
  CHECK_OK(rapport_profile_from_history(&p, h, NULL, z));
  CHECK_OK(rapport_profile_weights(p, NULL, 0, &samples));
  CHECK(samples == 3);
  rapport_profile_free(p);
  p = NULL;
  CHECK_OK(rapport_profile_from_history(&p, h, NULL, NULL));
  rapport_profile_free(p);
  p = NULL;
  {
    rapport_interaction x = ix("2026-11-01", 33, RAPPORT_INBOUND);
    CHECK_OK(rapport_history_add(h, &x));
    CHECK_ERR(rapport_profile_from_history(&p, h, NULL, z), RAPPORT_EINVAL, "unknown channel id 33");
  }
  CHECK_ERR(rapport_profile_from_history(&p, NULL, NULL, z), RAPPORT_EINVAL, "history is NULL");
  CHECK_ERR(rapport_profile_from_history(NULL, h, NULL, z), RAPPORT_EINVAL, "out is NULL");
  CHECK(p == NULL);
  rapport_profile_free(NULL);
  rapport_zone_free(z);
  rapport_history_free(h);
}

/* A profile moves `best` to the hour they are active (the constraints carry it): within a day the
   reply model's chance differs only by the hour's lift. */
static void test_profile_moves_best(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_history* h = history_of(bruno, BRUNO_N);
  rapport_constraints c;
  rapport_recommendation* r = NULL;
  rapport_window plain, profiled;
  rapport_profile* p = NULL;
  double counts[168];
  size_t i;
  int active;
  CHECK_OK(rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION));
  CHECK_OK(rapport_history_recommend(h, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &plain));
  rapport_recommendation_free(r);
  r = NULL;
  /* they write on weekdays at an open hour (08:00-19:59 UTC) four hours from the population's best */
  active = hour_of(plain.best) >= 14 ? hour_of(plain.best) - 4 : hour_of(plain.best) + 4;
  for (i = 0; i < 168; ++i) counts[i] = 0;
  for (i = 1; i <= 5; ++i) counts[i * 24 + (size_t)active] = 40;
  CHECK_OK(rapport_profile_from_counts(&p, counts, 168, 12));
  c.profile = p;
  CHECK_OK(rapport_history_recommend(h, &r, NULL, now, &c, NULL));
  CHECK_OK(rapport_recommendation_window(r, &profiled));
  rapport_recommendation_free(r);
  CHECK(hour_of(plain.best) >= 8 && hour_of(plain.best) < 20);
  CHECK(hour_of(profiled.best) == active && profiled.best != plain.best);
  CHECK(profiled.reply_chance > 0 && profiled.reply_chance < 1);
  rapport_profile_free(p);
  rapport_history_free(h);
}

int main(void) {
  make_bruno();
  test_zones_and_calendars();
  test_rule_calendars_and_profiles();
  test_profile_moves_best();
  return summary();
}
