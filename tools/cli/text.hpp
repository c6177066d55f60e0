#pragma once
// Small text helpers shared by the readers and the commands.

#include <string>
#include <string_view>
#include <vector>

namespace rapport_cli {

std::string trim(std::string_view s);
std::string lower(std::string_view s);
/// Splits on `sep`; an empty text gives no parts.
std::vector<std::string> split(std::string_view s, char sep);
/// printf into a std::string.
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace rapport_cli
