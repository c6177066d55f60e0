/* rapport version. Plain C so that both the C++ headers and <rapport/rapport.h> can include it;
 * CMake parses the three numbers below to set the project version. */
#ifndef RAPPORT_VERSION_H
#define RAPPORT_VERSION_H

#define RAPPORT_VERSION_MAJOR 0
#define RAPPORT_VERSION_MINOR 2
#define RAPPORT_VERSION_PATCH 0

/* MAJOR * 10000 + MINOR * 100 + PATCH, comparable with < and >. */
#define RAPPORT_VERSION_NUMBER (RAPPORT_VERSION_MAJOR * 10000 + RAPPORT_VERSION_MINOR * 100 + RAPPORT_VERSION_PATCH)

#define RAPPORT_STRINGIFY_(x) #x
#define RAPPORT_STRINGIFY(x) RAPPORT_STRINGIFY_(x)
#define RAPPORT_VERSION_STRING             \
  RAPPORT_STRINGIFY(RAPPORT_VERSION_MAJOR) \
  "." RAPPORT_STRINGIFY(RAPPORT_VERSION_MINOR) "." RAPPORT_STRINGIFY(RAPPORT_VERSION_PATCH)

#endif /* RAPPORT_VERSION_H */
