// <rapport/rapport.h> is valid C++ too: compiled as C++11 with strict warnings (old-style casts,
// conversions), the way a C++ host that uses the C ABI would include it.
#include <rapport/rapport.h>

#include <cstdio>

int main() {
  rapport_constraints c;
  if (rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION) != RAPPORT_OK) return 1;
  if (c.reach_out_after != RAPPORT_NO_TIME || RAPPORT_NO_REPLY != -1) return 1;
  // the static initialisers too
  const rapport_score_options so = RAPPORT_SCORE_OPTIONS_INIT;
  const rapport_batch_options bo = RAPPORT_BATCH_OPTIONS_INIT;
  const rapport_recommend_options ro = RAPPORT_RECOMMEND_OPTIONS_INIT;
  const rapport_constraints co = RAPPORT_CONSTRAINTS_INIT;
  const rapport_network_context nc = RAPPORT_NETWORK_CONTEXT_INIT;
  if (so.version != RAPPORT_SCORE_OPTIONS_VERSION || bo.version != RAPPORT_BATCH_OPTIONS_VERSION || bo.threads != 1 ||
      ro.max_nudges != 3 || co.quiet_start_minute != c.quiet_start_minute || nc.reserved != 0)
    return 1;
  std::printf("rapport %s, C++\n", rapport_version_string());
  return rapport_version_number() == RAPPORT_VERSION_NUMBER ? 0 : 1;
}
