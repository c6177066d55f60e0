/* The C API from C: incremental states. */
#include "capi_test.h"

static void test_state(void) {
  const int64_t now = t_of("2026-11-25T09:00:00Z");
  rapport_state st, st2, zero;
  rapport_history* h = history_of(bruno, BRUNO_N);
  rapport_warmth* w = NULL;
  rapport_score hs, ss;
  double score = -1;
  int64_t first = 0, last = 0;
  uint8_t blob[RAPPORT_STATE_SERIALIZED_SIZE + 4];
  size_t written = 0, i;
  rapport_interaction x;

  CHECK(sizeof(rapport_state) == RAPPORT_STATE_SIZE);
  CHECK(RAPPORT_STATE_SIZE == 64);
  memset(&st, 0xAB, sizeof st);
  CHECK_OK(rapport_state_init(&st));
  memset(&zero, 0, sizeof zero);
  CHECK(memcmp(&st, &zero, sizeof st) == 0); /* an all-zero state is the empty state */
  CHECK_ERR(rapport_state_init(NULL), RAPPORT_EINVAL, "state is NULL");
  CHECK_ERR(rapport_state_span(&st, &first, &last), RAPPORT_EINVAL, "empty");
  CHECK_ERR(rapport_state_score(&st, &score, NULL, now, NULL), RAPPORT_EINVAL, "empty");

  for (i = 0; i < BRUNO_N; ++i) CHECK_OK(rapport_state_absorb(&st, NULL, &bruno[i]));
  CHECK_OK(rapport_state_span(&st, &first, &last));
  CHECK(first == bruno[0].at && last == bruno[BRUNO_N - 1].at);
  CHECK_OK(rapport_state_span(&st, NULL, NULL));

  /* the state scores like the history */
  history_score(bruno, BRUNO_N, now, &hs);
  CHECK_OK(rapport_state_score(&st, &score, NULL, now, NULL));
  CHECK(near(score, hs.score, 1e-9));
  CHECK_OK(rapport_state_assess(&st, &w, NULL, now, NULL));
  CHECK_OK(rapport_warmth_get(w, &ss));
  CHECK(near(ss.score, hs.score, 1e-9) && ss.band == hs.band && ss.stage == hs.stage);
  rapport_warmth_free(w);
  w = NULL;

  /* from a history: the same bytes as absorbing the sorted history */
  memset(&st2, 0x5A, sizeof st2);
  CHECK_OK(rapport_state_from_history(&st2, h, NULL));
  CHECK(memcmp(&st, &st2, sizeof st) == 0);
  CHECK_ERR(rapport_state_from_history(NULL, h, NULL), RAPPORT_EINVAL, "state_out is NULL");
  CHECK_ERR(rapport_state_from_history(&st2, NULL, NULL), RAPPORT_EINVAL, "history is NULL");
  {
    rapport_history* u = history_of(bruno, 1);
    x = ix("2026-11-01", 40, RAPPORT_INBOUND);
    CHECK_OK(rapport_history_add(u, &x));
    CHECK_ERR(rapport_state_from_history(&st2, u, NULL), RAPPORT_EINVAL, "unknown channel id 40");
    CHECK(memcmp(&st, &st2, sizeof st) == 0); /* unchanged */
    rapport_history_free(u);
  }

  /* absorb errors leave the state unchanged */
  memcpy(&st2, &st, sizeof st);
  x = ix("2026-11-01", RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND);
  CHECK_ERR(rapport_state_absorb(&st, NULL, &x), RAPPORT_ERANGE, "earlier than the state's last");
  x = ix("2026-11-24", 30, RAPPORT_INBOUND);
  CHECK_ERR(rapport_state_absorb(&st, NULL, &x), RAPPORT_EINVAL, "channel 30, unknown to the model");
  x = ix("2026-11-24", RAPPORT_CHANNEL_EMAIL, 5);
  CHECK_ERR(rapport_state_absorb(&st, NULL, &x), RAPPORT_EINVAL, "direction 5");
  x.direction = RAPPORT_INBOUND;
  x.at = -1;
  CHECK_ERR(rapport_state_absorb(&st, NULL, &x), RAPPORT_ERANGE, "x = -1 s is outside");
  CHECK_ERR(rapport_state_absorb(&st, NULL, NULL), RAPPORT_EINVAL, "x is NULL");
  CHECK_ERR(rapport_state_absorb(NULL, NULL, &x), RAPPORT_EINVAL, "state is NULL");
  CHECK(memcmp(&st, &st2, sizeof st) == 0);
  /* equal time is fine */
  x = ix("2026-11-20T10:00:00Z", RAPPORT_CHANNEL_SOCIAL, RAPPORT_INBOUND);
  CHECK_OK(rapport_state_absorb(&st2, NULL, &x));
  CHECK(memcmp(&st, &st2, sizeof st) != 0);

  /* scoring errors */
  CHECK_ERR(rapport_state_score(&st, &score, NULL, bruno[5].at, NULL), RAPPORT_ERANGE, "before the state's last");
  CHECK_ERR(rapport_state_score(&st, &score, NULL, 4294967296LL, NULL), RAPPORT_ERANGE, "now");
  CHECK_ERR(rapport_state_score(&st, NULL, NULL, now, NULL), RAPPORT_EINVAL, "score_out is NULL");
  CHECK_ERR(rapport_state_score(NULL, &score, NULL, now, NULL), RAPPORT_EINVAL, "state is NULL");
  CHECK_ERR(rapport_state_assess(&st, &w, NULL, bruno[5].at, NULL), RAPPORT_ERANGE, "before the state's last");
  CHECK_ERR(rapport_state_assess(&st, &w, NULL, -2, NULL), RAPPORT_ERANGE, "now");
  CHECK_ERR(rapport_state_assess(&st, NULL, NULL, now, NULL), RAPPORT_EINVAL, "out is NULL");
  CHECK_ERR(rapport_state_assess(NULL, &w, NULL, now, NULL), RAPPORT_EINVAL, "state is NULL");
  CHECK_ERR(rapport_state_assess(&zero, &w, NULL, now, NULL), RAPPORT_EINVAL, "empty");
  CHECK(w == NULL);
  CHECK_ERR(rapport_state_span(NULL, &first, &last), RAPPORT_EINVAL, "state is NULL");

  /* bytes that are not a state: rejected, never used */
  {
    rapport_state junk;
    memset(&junk, 0xFF, sizeof junk);
    CHECK_ERR(rapport_state_score(&junk, &score, NULL, now, NULL), RAPPORT_EINVAL, "does not hold a valid state");
    CHECK_ERR(rapport_state_absorb(&junk, NULL, &x), RAPPORT_EINVAL, "does not hold a valid state");
    CHECK_ERR(rapport_state_span(&junk, NULL, NULL), RAPPORT_EINVAL, "does not hold a valid state");
    CHECK_ERR(rapport_state_serialize(&junk, blob, sizeof blob, NULL), RAPPORT_EINVAL, "does not hold a valid state");
    CHECK_ERR(rapport_state_assess(&junk, &w, NULL, now, NULL), RAPPORT_EINVAL, "does not hold a valid state");
  }

  /* serialise / deserialise */
  CHECK_OK(rapport_state_serialize(&st, blob, sizeof blob, &written));
  CHECK(written == RAPPORT_STATE_SERIALIZED_SIZE);
  CHECK(memcmp(blob, "RPST", 4) == 0);
  CHECK_OK(rapport_state_serialize(&st, blob, RAPPORT_STATE_SERIALIZED_SIZE, NULL));
  CHECK_ERR(rapport_state_serialize(&st, blob, RAPPORT_STATE_SERIALIZED_SIZE - 1, NULL), RAPPORT_ERANGE, "76");
  CHECK_ERR(rapport_state_serialize(&st, NULL, sizeof blob, NULL), RAPPORT_EINVAL, "buf is NULL");
  CHECK_ERR(rapport_state_serialize(NULL, blob, sizeof blob, NULL), RAPPORT_EINVAL, "state is NULL");
  memset(&st2, 0, sizeof st2);
  CHECK_OK(rapport_state_deserialize(&st2, blob, RAPPORT_STATE_SERIALIZED_SIZE));
  CHECK(memcmp(&st, &st2, sizeof st) == 0);
  CHECK_ERR(rapport_state_deserialize(&st2, blob, RAPPORT_STATE_SERIALIZED_SIZE + 1), RAPPORT_EINVAL, "expected 76 bytes");
  CHECK_ERR(rapport_state_deserialize(&st2, NULL, 76), RAPPORT_EINVAL, "data is NULL");
  CHECK_ERR(rapport_state_deserialize(NULL, blob, 76), RAPPORT_EINVAL, "state_out is NULL");
  blob[20] ^= 1;
  memset(&st2, 0, sizeof st2);
  CHECK_ERR(rapport_state_deserialize(&st2, blob, 76), RAPPORT_EINVAL, "checksum");
  CHECK(memcmp(&st2, &zero, sizeof st2) == 0); /* unchanged */
  blob[20] ^= 1;
  blob[0] = 'X';
  CHECK_ERR(rapport_state_deserialize(&st2, blob, 76), RAPPORT_EINVAL, "magic");

  rapport_history_free(h);
}

int main(void) {
  make_bruno();
  test_state();
  return summary();
}
