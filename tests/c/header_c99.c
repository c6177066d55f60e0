/* <rapport/rapport.h> compiles as strict C99 with every warning an error, and links. */
#include <rapport/rapport.h>

#include <stdio.h>

int main(void) {
  rapport_state st = {{0}};
  rapport_score_options so;
  rapport_batch_options bo;
  rapport_network_context nc;
  if (rapport_state_init(&st) != RAPPORT_OK) return 1;
  if (rapport_score_options_init(&so, RAPPORT_SCORE_OPTIONS_VERSION) != RAPPORT_OK) return 1;
  if (rapport_batch_options_init(&bo, RAPPORT_BATCH_OPTIONS_VERSION) != RAPPORT_OK) return 1;
  if (rapport_network_context_init(&nc, RAPPORT_NETWORK_CONTEXT_VERSION) != RAPPORT_OK) return 1;
  so.context = &nc;
  { /* the static initialisers are C99 too */
    rapport_score_options so2 = RAPPORT_SCORE_OPTIONS_INIT;
    rapport_batch_options bo2 = RAPPORT_BATCH_OPTIONS_INIT;
    rapport_recommend_options ro = RAPPORT_RECOMMEND_OPTIONS_INIT;
    rapport_constraints co = RAPPORT_CONSTRAINTS_INIT;
    rapport_network_context nc2 = RAPPORT_NETWORK_CONTEXT_INIT;
    if (so2.version != RAPPORT_SCORE_OPTIONS_VERSION || bo2.version != RAPPORT_BATCH_OPTIONS_VERSION || bo2.threads != 1 ||
        ro.version != RAPPORT_RECOMMEND_OPTIONS_VERSION || co.zone || nc2.owner_idle_days != 0)
      return 1;
  }
  if (rapport_version_number() != RAPPORT_VERSION_NUMBER) return 1;
  printf("rapport %s, C99\n", rapport_version_string());
  return 0;
}
