/* Scores one contact through rapport::rapport_c, found with find_package(rapport). */
#include <rapport/rapport.h>

#include <stdio.h>

int main(void) {
  rapport_history* h = NULL;
  rapport_warmth* w = NULL;
  rapport_score s;
  rapport_interaction x = {0, RAPPORT_NO_REPLY, 0.0, RAPPORT_CHANNEL_MEETING, RAPPORT_MUTUAL, {0, 0, 0, 0, 0, 0}};
  int64_t now = 0;
  int rc = 1;
  if (rapport_version_number() != RAPPORT_VERSION_NUMBER) goto done;
  if (rapport_time_parse(&x.at, "2026-11-20T10:00:00Z") != RAPPORT_OK) goto done;
  if (rapport_time_parse(&now, "2026-11-25T09:00:00Z") != RAPPORT_OK) goto done;
  if (rapport_history_new(&h) != RAPPORT_OK || rapport_history_add(h, &x) != RAPPORT_OK) goto done;
  if (rapport_history_score(h, &w, NULL, now, NULL) != RAPPORT_OK || rapport_warmth_get(w, &s) != RAPPORT_OK) goto done;
  printf("c consumer: rapport %s, warmth %.1f\n", rapport_version_string(), s.score);
  rc = 0;
done:
  if (rc) fprintf(stderr, "c consumer: %s\n", rapport_last_error());
  rapport_warmth_free(w);
  rapport_history_free(h);
  return rc;
}
