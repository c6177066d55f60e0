/* The C API from C: versions, status codes, code names and times. */
#include "capi_test.h"

static void test_versions_and_status(void) {
  char buf[32];
  CHECK(strcmp(rapport_last_error(), "") == 0); /* nothing failed on this thread yet */
  CHECK(rapport_version_number() == RAPPORT_VERSION_NUMBER);
  CHECK(strcmp(rapport_version_string(), RAPPORT_VERSION_STRING) == 0);
  snprintf(buf, sizeof buf, "%d.%d.%d", RAPPORT_VERSION_MAJOR, RAPPORT_VERSION_MINOR, RAPPORT_VERSION_PATCH);
  CHECK(strcmp(rapport_version_string(), buf) == 0);
  CHECK(strcmp(rapport_status_string(RAPPORT_OK), "ok") == 0);
  CHECK(strcmp(rapport_status_string(RAPPORT_EINVAL), "invalid_argument") == 0);
  CHECK(strcmp(rapport_status_string(RAPPORT_ERANGE), "out_of_range") == 0);
  CHECK(strcmp(rapport_status_string(RAPPORT_ENOCONV), "no_convergence") == 0);
  CHECK(strcmp(rapport_status_string(RAPPORT_ENUMERIC), "numerical_issue") == 0);
  CHECK(strcmp(rapport_status_string(RAPPORT_ENOMEM), "out_of_memory") == 0);
  CHECK(strcmp(rapport_status_string(RAPPORT_EINTERNAL), "internal") == 0);
  CHECK(strcmp(rapport_status_string(7), "unknown status") == 0);
  CHECK(strcmp(rapport_status_string(-1), "unknown status") == 0);
}

static void test_names(void) {
  CHECK(strcmp(rapport_band_name(RAPPORT_BAND_COLD), "cold") == 0);
  CHECK(strcmp(rapport_band_name(RAPPORT_BAND_COOLING), "cooling") == 0);
  CHECK(strcmp(rapport_band_name(RAPPORT_BAND_WARM), "warm") == 0);
  CHECK(strcmp(rapport_band_name(RAPPORT_BAND_HOT), "hot") == 0);
  CHECK(strcmp(rapport_band_name(RAPPORT_BAND_NONE), "invalid") == 0);
  CHECK(strcmp(rapport_band_name(-1), "invalid") == 0);
  CHECK(strcmp(rapport_stage_name(RAPPORT_STAGE_NEW), "new") == 0);
  CHECK(strcmp(rapport_stage_name(RAPPORT_STAGE_ICE_BROKEN), "ice broken") == 0);
  CHECK(strcmp(rapport_stage_name(RAPPORT_STAGE_ESTABLISHED), "established") == 0);
  CHECK(strcmp(rapport_stage_name(RAPPORT_STAGE_AWAITING_REPLY), "awaiting reply") == 0);
  CHECK(strcmp(rapport_stage_name(RAPPORT_STAGE_COMMITTED), "committed") == 0);
  CHECK(strcmp(rapport_stage_name(RAPPORT_STAGE_DORMANT), "dormant") == 0);
  CHECK(strcmp(rapport_stage_name(6), "invalid") == 0);
  CHECK(strcmp(rapport_feature_name(RAPPORT_FEATURE_RECENCY), "recency") == 0);
  CHECK(strcmp(rapport_feature_name(RAPPORT_FEATURE_VOLUME), "volume") == 0);
  CHECK(strcmp(rapport_feature_name(RAPPORT_FEATURE_OWNER_ACTIVITY), "owner_activity") == 0);
  CHECK(strcmp(rapport_feature_name(RAPPORT_FEATURE_CONTACT_ACTIVITY), "contact_activity") == 0);
  CHECK(strcmp(rapport_feature_name(RAPPORT_FEATURE_OWNER_IDLE), "owner_idle") == 0);
  CHECK(strcmp(rapport_feature_name(RAPPORT_FEATURE_CONTACT_IDLE), "contact_idle") == 0);
  CHECK(RAPPORT_FEATURE_OWNER_ACTIVITY == RAPPORT_FEATURE_COUNT); /* the context's codes follow the pair's */
  CHECK(RAPPORT_FEATURE_CODE_COUNT == RAPPORT_FEATURE_COUNT + RAPPORT_CONTEXT_FEATURE_COUNT);
  CHECK(strcmp(rapport_feature_name(RAPPORT_FEATURE_CODE_COUNT), "invalid") == 0);
  CHECK(strcmp(rapport_feature_name(-3), "invalid") == 0);
  CHECK(strcmp(rapport_direction_name(RAPPORT_OUTBOUND), "outbound") == 0);
  CHECK(strcmp(rapport_direction_name(RAPPORT_INBOUND), "inbound") == 0);
  CHECK(strcmp(rapport_direction_name(RAPPORT_MUTUAL), "mutual") == 0);
  CHECK(strcmp(rapport_direction_name(3), "invalid") == 0);
}

static void test_times(void) {
  int64_t t = 123;
  char buf[32];
  size_t needed = 0;
  CHECK_OK(rapport_time_parse(&t, "2026-11-25T17:31:04Z"));
  CHECK(t == 1795627864);
  CHECK_OK(rapport_time_parse(&t, "1970-01-01"));
  CHECK(t == 0);
  CHECK_OK(rapport_time_format(buf, sizeof buf, &needed, 1795627864));
  CHECK(strcmp(buf, "2026-11-25T17:31:04Z") == 0 && needed == 20);
  CHECK_OK(rapport_time_format(buf, 5, &needed, 0)); /* truncated, still ok */
  CHECK(strcmp(buf, "1970") == 0 && needed == 20);
  CHECK_OK(rapport_time_format(NULL, 0, &needed, 0));
  CHECK(needed == 20);
  t = 77;
  CHECK_ERR(rapport_time_parse(&t, "2026-02-30"), RAPPORT_EINVAL, "2026-02-30");
  CHECK(t == 77); /* untouched on failure */
  CHECK_ERR(rapport_time_parse(&t, "yesterday"), RAPPORT_EINVAL, "yesterday");
  CHECK_ERR(rapport_time_parse(&t, "2200-01-01"), RAPPORT_ERANGE, "2200-01-01");
  CHECK_ERR(rapport_time_parse(NULL, "2026-01-01"), RAPPORT_EINVAL, "seconds_out is NULL");
  CHECK_ERR(rapport_time_parse(&t, NULL), RAPPORT_EINVAL, "text is NULL");
  CHECK_ERR(rapport_time_format(buf, sizeof buf, NULL, -1), RAPPORT_ERANGE, "seconds = -1");
  CHECK_ERR(rapport_time_format(buf, sizeof buf, NULL, 4294967296LL), RAPPORT_ERANGE, "4294967296");
  CHECK_ERR(rapport_time_format(NULL, 8, NULL, 0), RAPPORT_EINVAL, "buf is NULL");
}

int main(void) {
  make_bruno();
  test_versions_and_status();
  test_names();
  test_times();
  return summary();
}
