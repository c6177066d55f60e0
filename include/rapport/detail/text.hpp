#pragma once
// printf-style formatting of one or two numbers into a std::string, for the reasons in words
// (warmth's and the reply model's share it).

#include <cstdio>
#include <string>

namespace rapport {
inline namespace v1 {
namespace detail {
inline std::string fmt(const char* f, double a, double b = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}
}  // namespace detail
}  // namespace v1
}  // namespace rapport
