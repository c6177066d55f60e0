/* The C API from C: models, their JSON and the shipped parameters file. */
#include "capi_test.h"

static void test_models(void) {
  rapport_model *m = NULL, *c = NULL;
  size_t n = 0, needed = 0;
  uint8_t id = 99;
  char buf[64];
  double days = 0;
  int i;

  CHECK_ERR(rapport_model_new(NULL), RAPPORT_EINVAL, "out is NULL");
  CHECK_OK(rapport_model_new(&m));
  CHECK(m != NULL);
  CHECK_OK(rapport_model_channel_count(m, &n));
  CHECK(n == 9);
  CHECK_ERR(rapport_model_channel_count(NULL, &n), RAPPORT_EINVAL, "model is NULL");
  CHECK_ERR(rapport_model_channel_count(m, NULL), RAPPORT_EINVAL, "count_out is NULL");

  CHECK_OK(rapport_model_channel_find(m, &id, "email"));
  CHECK(id == RAPPORT_CHANNEL_EMAIL);
  CHECK_OK(rapport_model_channel_find(m, &id, "commitment"));
  CHECK(id == RAPPORT_CHANNEL_COMMITMENT);
  id = 99;
  CHECK_ERR(rapport_model_channel_find(m, &id, "carrier pigeon"), RAPPORT_EINVAL, "carrier pigeon");
  CHECK(id == 99);
  CHECK_ERR(rapport_model_channel_find(NULL, &id, "email"), RAPPORT_EINVAL, "model is NULL");
  CHECK_ERR(rapport_model_channel_find(m, NULL, "email"), RAPPORT_EINVAL, "id_out is NULL");
  CHECK_ERR(rapport_model_channel_find(m, &id, NULL), RAPPORT_EINVAL, "name is NULL");

  CHECK_OK(rapport_model_channel_name(m, buf, sizeof buf, &needed, RAPPORT_CHANNEL_VIDEO_CALL));
  CHECK(strcmp(buf, "video_call") == 0 && needed == 10);
  CHECK_OK(rapport_model_channel_name(m, buf, 4, &needed, RAPPORT_CHANNEL_VIDEO_CALL));
  CHECK(strcmp(buf, "vid") == 0 && needed == 10);
  needed = 0;
  CHECK_OK(rapport_model_channel_name(m, NULL, 0, &needed, RAPPORT_CHANNEL_MEETING));
  CHECK(needed == 7);
  CHECK_OK(rapport_model_channel_name(m, buf, sizeof buf, NULL, RAPPORT_CHANNEL_SOCIAL));
  CHECK(strcmp(buf, "social") == 0);
  CHECK_ERR(rapport_model_channel_name(m, buf, sizeof buf, NULL, 9), RAPPORT_EINVAL, "unknown channel id 9");
  CHECK_ERR(rapport_model_channel_name(m, NULL, 3, NULL, 0), RAPPORT_EINVAL, "buf is NULL");
  CHECK_ERR(rapport_model_channel_name(NULL, buf, sizeof buf, NULL, 0), RAPPORT_EINVAL, "model is NULL");

  CHECK_OK(rapport_model_horizon_days(m, &days));
  CHECK(days == 30);
  CHECK_ERR(rapport_model_horizon_days(NULL, &days), RAPPORT_EINVAL, "model is NULL");
  CHECK_ERR(rapport_model_horizon_days(m, NULL), RAPPORT_EINVAL, "days_out is NULL");

  /* a clone is independent */
  CHECK_ERR(rapport_model_clone(NULL, &c), RAPPORT_EINVAL, "model is NULL");
  CHECK_ERR(rapport_model_clone(m, NULL), RAPPORT_EINVAL, "out is NULL");
  CHECK_OK(rapport_model_clone(m, &c));
  CHECK_OK(rapport_model_channel_add(c, &id, "webinar", 1.2, RAPPORT_CHANNEL_SUBSTANTIVE));
  CHECK(id == 9);
  CHECK_OK(rapport_model_channel_count(c, &n));
  CHECK(n == 10);
  CHECK_OK(rapport_model_channel_count(m, &n));
  CHECK(n == 9);
  CHECK_OK(rapport_model_channel_find(c, &id, "webinar"));
  CHECK(id == 9);
  CHECK_OK(rapport_model_channel_add(c, &id, "contract", 3.0, RAPPORT_CHANNEL_SUBSTANTIVE | RAPPORT_CHANNEL_IS_COMMITMENT));
  CHECK(id == 10);

  /* channel_add errors leave the model unchanged */
  CHECK_ERR(rapport_model_channel_add(c, &id, "webinar", 1.0, 0), RAPPORT_EINVAL, "webinar");
  CHECK_ERR(rapport_model_channel_add(c, &id, "", 1.0, 0), RAPPORT_EINVAL, "non-empty");
  CHECK_ERR(rapport_model_channel_add(c, &id, "fax", NAN, 0), RAPPORT_EINVAL, "fax");
  CHECK_ERR(rapport_model_channel_add(c, &id, "fax", -1.0, 0), RAPPORT_EINVAL, "weight");
  CHECK_ERR(rapport_model_channel_add(c, &id, "fax", 1.0, 4), RAPPORT_EINVAL, "flags");
  CHECK_ERR(rapport_model_channel_add(NULL, &id, "fax", 1.0, 0), RAPPORT_EINVAL, "model is NULL");
  CHECK_ERR(rapport_model_channel_add(c, NULL, "fax", 1.0, 0), RAPPORT_EINVAL, "id_out is NULL");
  CHECK_ERR(rapport_model_channel_add(c, &id, NULL, 1.0, 0), RAPPORT_EINVAL, "name is NULL");
  CHECK_OK(rapport_model_channel_count(c, &n));
  CHECK(n == 11);
  for (i = 11; i < 64; ++i) {
    char name[16];
    snprintf(name, sizeof name, "custom%d", i);
    CHECK_OK(rapport_model_channel_add(c, &id, name, 0.5, 0));
  }
  CHECK(id == 63);
  CHECK_ERR(rapport_model_channel_add(c, &id, "one too many", 0.5, 0), RAPPORT_ERANGE, "64");
  rapport_model_free(c);
  rapport_model_free(m);
  rapport_model_free(NULL);
}

static void test_model_json(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_model *m = NULL, *back = NULL, *keep = NULL;
  size_t needed = 0, n2 = 0;
  char *json, *edited, *at;
  const char* path = "capi_test_model.json";
  FILE* f;
  rapport_history* h = history_of(bruno, BRUNO_N);
  rapport_warmth* w = NULL;
  rapport_score s1, s2;

  CHECK_OK(rapport_model_new(&m));
  CHECK_OK(rapport_model_to_json(m, NULL, 0, &needed));
  CHECK(needed > 100);
  json = (char*)malloc(needed + 1);
  edited = (char*)malloc(needed + 64);
  CHECK(json != NULL && edited != NULL);
  if (!json || !edited) return;
  CHECK_OK(rapport_model_to_json(m, json, needed + 1, &n2));
  CHECK(n2 == needed && strlen(json) == needed);
  CHECK(strstr(json, "\"format\": \"rapport.model_params\"") != NULL);
  CHECK_ERR(rapport_model_to_json(NULL, json, needed + 1, NULL), RAPPORT_EINVAL, "model is NULL");
  CHECK_ERR(rapport_model_to_json(m, NULL, 5, NULL), RAPPORT_EINVAL, "buf is NULL");

  /* the round trip scores the same; the text needs no NUL (length given) */
  json[needed] = 'X';
  CHECK_OK(rapport_model_from_json(&back, json, needed));
  json[needed] = '\0';
  CHECK_OK(rapport_history_score(h, &w, m, now, NULL));
  CHECK_OK(rapport_warmth_get(w, &s1));
  rapport_warmth_free(w);
  CHECK_OK(rapport_history_score(h, &w, back, now, NULL));
  CHECK_OK(rapport_warmth_get(w, &s2));
  rapport_warmth_free(w);
  CHECK(s1.score == s2.score && s1.stage == s2.stage);
  rapport_model_free(back);
  back = NULL;

  /* from a file */
  f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f) {
    fputs(json, f);
    fclose(f);
    CHECK_OK(rapport_model_load(&back, path));
    CHECK(back != NULL);
    rapport_model_free(back);
    back = NULL;
    remove(path);
  }
  CHECK_ERR(rapport_model_load(&back, "/nonexistent/rapport/model.json"), RAPPORT_EINVAL, "/nonexistent/rapport/model.json");
  CHECK_ERR(rapport_model_load(NULL, path), RAPPORT_EINVAL, "out is NULL");
  CHECK_ERR(rapport_model_load(&back, NULL), RAPPORT_EINVAL, "path is NULL");

  /* bad text: named key, *out untouched */
  keep = m;
  back = keep;
  CHECK_ERR(rapport_model_from_json(&back, "{", 1), RAPPORT_EINVAL, "rapport_model_from_json");
  CHECK_ERR(rapport_model_from_json(&back, json, needed / 2), RAPPORT_EINVAL, "rapport_model_from_json");
  strcpy(edited, json);
  at = strstr(edited, "\"horizon_days\"");
  CHECK(at != NULL);
  if (at) {
    memcpy(at, "\"horizon_daze\"", 14);
    CHECK_ERR(rapport_model_from_json(&back, edited, strlen(edited)), RAPPORT_EINVAL, "horizon_da");
  }
  CHECK(back == keep);
  CHECK_ERR(rapport_model_from_json(NULL, json, needed), RAPPORT_EINVAL, "out is NULL");
  CHECK_ERR(rapport_model_from_json(&back, NULL, 3), RAPPORT_EINVAL, "json is NULL");
  free(edited);
  free(json);
  rapport_history_free(h);
  rapport_model_free(m);
}

/* The parameters file shipped in docs/ is the model built in (the path comes from ctest). */
static void test_shipped_json(const char* path) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_model* shipped = NULL;
  rapport_history* h = history_of(bruno, BRUNO_N);
  rapport_warmth* w = NULL;
  rapport_score s1, s2;
  CHECK_OK(rapport_model_load(&shipped, path));
  CHECK_OK(rapport_history_score(h, &w, shipped, now, NULL));
  CHECK_OK(rapport_warmth_get(w, &s1));
  rapport_warmth_free(w);
  w = NULL;
  CHECK_OK(rapport_history_score(h, &w, NULL, now, NULL));
  CHECK_OK(rapport_warmth_get(w, &s2));
  rapport_warmth_free(w);
  CHECK(near(s1.score, s2.score, 1e-12) && s1.band == s2.band && s1.stage == s2.stage);
  rapport_history_free(h);
  rapport_model_free(shipped);
}

int main(int argc, char** argv) {
  make_bruno();
  test_models();
  test_model_json();
  if (argc > 1) test_shipped_json(argv[1]); /* the path of docs/default_params.json */
  return summary();
}
