// Time zones from text (IANA names read from the system's zoneinfo, POSIX TZ strings): any text
// either fails with invalid_argument quoting it, or gives a zone whose local <-> UTC conversions
// round-trip: from_local(to_local(t)) shows the same wall time, is at or before t (a fall-back
// overlap gives its first occurrence) and at most the DST shift away.
#include "fuzz_common.hpp"

#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
#include <filesystem>
#endif

using namespace rapport_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const int how = in.ConsumeIntegralInRange<int>(0, 2);
  std::vector<std::int64_t> times;
  for (int i = 0; i < 6; ++i) times.push_back(pick_time(in));
  const std::string text = in.ConsumeRemainingBytesAsString();
#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
  // Defect 1 of issue 11 (zone.hpp: a directory under zoneinfo throws std::ios_base::failure).
  std::error_code ec;
  if (how != 1 && !text.empty() && text.find('\0') == std::string::npos &&
      std::filesystem::is_directory("/usr/share/zoneinfo/" + text, ec))
    return 0;
#endif
  auto z = how == 0 ? time_zone::from_text(text) : how == 1 ? time_zone::from_posix(text) : time_zone::from_iana(text);
  if (!z) {
    RAPPORT_FUZZ_CHECK(z.error().code == errc::invalid_argument, "code %d", static_cast<int>(z.error().code));
    RAPPORT_FUZZ_CHECK(!z.error().message.empty(), "empty message");
    return 0;
  }
  for (std::int64_t s : times) {
    if (!timestamp{s}.ok()) continue;
    const timestamp t{s};
    const local_time l = z->to_local(t);
    RAPPORT_FUZZ_CHECK(l.second_of_day >= 0 && l.second_of_day < 86400, "second_of_day %d", l.second_of_day);
    RAPPORT_FUZZ_CHECK(l.utc_offset == z->offset_at(t), "offset");
    RAPPORT_FUZZ_CHECK(static_cast<std::int64_t>(l.day.days) * 86400 + l.second_of_day == s + l.utc_offset, "local arithmetic");
    const timestamp u = z->from_local(l.day, l.second_of_day);
    const local_time back = z->to_local(u);
    RAPPORT_FUZZ_CHECK(back.day == l.day && back.second_of_day == l.second_of_day,
                       "zone \"%s\": t %lld shows %d+%d s, from_local gives %lld which shows %d+%d s", z->posix().c_str(),
                       (long long)s, l.day.days, l.second_of_day, (long long)u.seconds, back.day.days, back.second_of_day);
    RAPPORT_FUZZ_CHECK(u <= t, "zone \"%s\": from_local(to_local(%lld)) = %lld is later", z->posix().c_str(), (long long)s,
                       (long long)u.seconds);
    RAPPORT_FUZZ_CHECK(t.seconds - u.seconds <= 2 * 86400, "zone \"%s\": %lld vs %lld", z->posix().c_str(), (long long)s,
                       (long long)u.seconds);
    (void)format_local(t, *z);
  }
#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
  // Finding 7 (zone.hpp): DST that ends the instant it starts is read as DST all year.
  for (int y = 1970; y <= 2106; ++y)
    if (auto tr = z->transitions(y); tr && tr->first == tr->second) return 0;
#endif
  for (int y : {1970, 2026, 2106})
    if (auto tr = z->transitions(y))
      RAPPORT_FUZZ_CHECK(tr->first != tr->second, "zone \"%s\": empty DST in %d", z->posix().c_str(), y);
  return 0;
}
