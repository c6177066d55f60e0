#pragma once
// The fuzz targets' "this must hold": aborts with a message, and libFuzzer then saves the input.
// Apart from fuzz_common.hpp so that the C ABI target checks without the C++ API.
#include <cstdio>
#include <cstdlib>

#define RAPPORT_FUZZ_CHECK(cond, ...)                                                       \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "\n%s:%d: invariant failed: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                    \
      std::fprintf(stderr, "\n");                                                           \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)
