// parse_utc: any text either fails (invalid_argument quoting it, or out_of_range) or gives an
// instant in the valid range that format_utc writes back and parse_utc reads to the same instant.
#include "fuzz_common.hpp"

using namespace rapport_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto t = parse_utc(text);
  if (!t) {
    const errc c = t.error().code;
    RAPPORT_FUZZ_CHECK(c == errc::invalid_argument || c == errc::out_of_range, "code %d", static_cast<int>(c));
    RAPPORT_FUZZ_CHECK(t.error().message.find(text) != std::string::npos, "message does not quote the text: %s",
                       t.error().message.c_str());
    return 0;
  }
  RAPPORT_FUZZ_CHECK(t->ok(), "accepted %lld outside the range", (long long)t->seconds);
  const std::string iso = format_utc(*t);
  auto back = parse_utc(iso);
  RAPPORT_FUZZ_CHECK(back && *back == *t, "\"%s\" -> %lld -> \"%s\" does not read back", text.c_str(), (long long)t->seconds,
                     iso.c_str());
  return 0;
}
