// <rapport/rapport.h> is valid C++ too: compiled as C++11 with strict warnings (old-style casts,
// conversions), the way a C++ host that uses the C ABI would include it.
#include <rapport/rapport.h>

#include <cstdio>

int main() {
  rapport_constraints c;
  if (rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION) != RAPPORT_OK) return 1;
  if (c.reach_out_after != RAPPORT_NO_TIME || RAPPORT_NO_REPLY != -1) return 1;
  std::printf("rapport %s, C++\n", rapport_version_string());
  return rapport_version_number() == RAPPORT_VERSION_NUMBER ? 0 : 1;
}
