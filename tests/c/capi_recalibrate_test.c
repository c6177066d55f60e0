/* The C API from C: the online calibrator (options, labels, map, blob, bad input). */
#include "capi_test.h"

static void test_calibrator(void) {
  rapport_calibrator_options o = RAPPORT_CALIBRATOR_OPTIONS_INIT, d;
  rapport_calibrator *c = NULL, *back = NULL;
  double scores[200], raw, x = 0, y = 0, previous = -1;
  uint8_t labels[200], blob[RAPPORT_CALIBRATOR_SERIALIZED_SIZE], blob2[RAPPORT_CALIBRATOR_SERIALIZED_SIZE];
  size_t written = 0;
  int i, k;
  const int64_t t0 = 1700000000;

  CHECK_OK(rapport_calibrator_options_init(&d, RAPPORT_CALIBRATOR_OPTIONS_VERSION));
  CHECK(d.method == o.method && d.horizon_days == o.horizon_days && d.half_life_days == o.half_life_days &&
        d.prior_weight == o.prior_weight && d.learn_horizon_term == o.learn_horizon_term);
  CHECK_ERR(rapport_calibrator_options_init(&d, 9), RAPPORT_EINVAL, "unknown version 9");
  CHECK_ERR(rapport_calibrator_new(NULL, NULL), RAPPORT_EINVAL, "out is NULL");
  o.method = 7;
  CHECK_ERR(rapport_calibrator_new(&c, &o), RAPPORT_EINVAL, "options->method = 7");
  o.method = RAPPORT_CALIBRATION_PLATT;
  o.horizon_days = 400;
  CHECK_ERR(rapport_calibrator_new(&c, &o), RAPPORT_EINVAL, "horizon_days");
  o.horizon_days = 30;
  CHECK_OK(rapport_calibrator_new(&c, &o));

  /* Before any label: the identity. */
  CHECK_OK(rapport_calibrator_apply(c, 25, &x));
  CHECK(near(x, 25, 1e-6));

  /* Labels say contact is rarer than the raw warmth: the map lowers it, and stays monotone. */
  for (k = 0; k < 20; ++k) {
    for (i = 0; i < 200; ++i) {
      scores[i] = 100.0 * (i + 0.5) / 200;
      labels[i] = (uint8_t)((i * 7 + k * 13) % 200 < i / 2);
    }
    CHECK_OK(rapport_calibrator_observe(c, scores, labels, 200, t0 + k * 86400, 0));
  }
  CHECK_OK(rapport_calibrator_apply(c, 60, &x));
  CHECK(x < 55);
  for (raw = 0; raw <= 100; raw += 0.5) {
    CHECK_OK(rapport_calibrator_apply(c, raw, &y));
    CHECK(y >= previous - 1e-12);
    previous = y;
  }

  /* Bad labels change nothing and say which. */
  scores[3] = 120;
  CHECK_ERR(rapport_calibrator_observe(c, scores, labels, 200, t0, 0), RAPPORT_EINVAL, "shown score #3");
  CHECK_ERR(rapport_calibrator_observe(c, NULL, labels, 1, t0, 0), RAPPORT_EINVAL, "shown_scores is NULL");
  CHECK_ERR(rapport_calibrator_observe(c, scores, labels, 1, t0, 45), RAPPORT_EINVAL, "within_days");
  CHECK_ERR(rapport_calibrator_observe(c, scores, labels, 1, -5, 0), RAPPORT_ERANGE, "matured");
  CHECK_OK(rapport_calibrator_apply(c, 60, &y));
  CHECK(y == x);

  /* The blob: exact size, same bytes, same map after the round trip, corruption refused. */
  CHECK_ERR(rapport_calibrator_serialize(c, blob, 10, &written), RAPPORT_ERANGE, "RAPPORT_CALIBRATOR_SERIALIZED_SIZE");
  CHECK_OK(rapport_calibrator_serialize(c, blob, sizeof blob, &written));
  CHECK(written == RAPPORT_CALIBRATOR_SERIALIZED_SIZE);
  CHECK_OK(rapport_calibrator_deserialize(&back, blob, sizeof blob));
  CHECK_OK(rapport_calibrator_serialize(back, blob2, sizeof blob2, NULL));
  CHECK(memcmp(blob, blob2, sizeof blob) == 0);
  CHECK_OK(rapport_calibrator_apply(back, 60, &y));
  CHECK(y == x);
  rapport_calibrator_free(back);
  back = NULL;
  blob[100] ^= 1;
  CHECK_ERR(rapport_calibrator_deserialize(&back, blob, sizeof blob), RAPPORT_EINVAL, "checksum");
  CHECK(back == NULL);
  CHECK_ERR(rapport_calibrator_deserialize(&back, blob, 12), RAPPORT_EINVAL, "expected 4656 bytes");
  CHECK_ERR(rapport_calibrator_apply(NULL, 1, &y), RAPPORT_EINVAL, "calibrator is NULL");
  rapport_calibrator_free(c);
  rapport_calibrator_free(NULL);
}

int main(void) {
  test_calibrator();
  return summary();
}
