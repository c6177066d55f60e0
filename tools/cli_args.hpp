#pragma once
// Strict numeric command-line values for the tools: "30days" or "1e99" is an error naming the flag,
// never a silent 30 or an allocation failure later.

#include <rapport/result.hpp>

#include <charconv>
#include <algorithm>
#include <string>
#include <vector>

namespace rapport_tools {

inline rapport::result<double> number_arg(const std::string& flag, const std::string& text, double lo, double hi) {
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
    return rapport::fail(rapport::errc::invalid_argument, flag + " takes a number, not \"" + text + "\"");
  if (!(v >= lo && v <= hi))
    return rapport::fail(rapport::errc::out_of_range,
                         flag + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", not " + text);
  return v;
}

inline rapport::result<int> int_arg(const std::string& flag, const std::string& text, int lo, int hi) {
  auto v = number_arg(flag, text, lo, hi);
  if (!v) return std::move(v).error();
  if (*v != static_cast<double>(static_cast<int>(*v)))
    return rapport::fail(rapport::errc::invalid_argument, flag + " takes a whole number, not \"" + text + "\"");
  return static_cast<int>(*v);
}

/// The value, or `die(message)` (which must not return).
template <class Die>
double number_or_die(const std::string& flag, const std::string& text, double lo, double hi, Die&& die) {
  auto v = number_arg(flag, text, lo, hi);
  if (!v) die(v.error().message);
  return *v;
}
template <class Die>
int whole_or_die(const std::string& flag, const std::string& text, int lo, int hi, Die&& die) {
  auto v = int_arg(flag, text, lo, hi);
  if (!v) die(v.error().message);
  return *v;
}

/// A comma-separated list of numbers, each in [lo, hi] ("7,30,90"), or `die(message)`.
template <class Die>
std::vector<double> numbers_or_die(const std::string& flag, const std::string& text, double lo, double hi, Die&& die) {
  std::vector<double> out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    out.push_back(number_or_die(flag, text.substr(pos, comma - pos), lo, hi, die));
    pos = comma + 1;
  }
  return out;
}

}  // namespace rapport_tools
