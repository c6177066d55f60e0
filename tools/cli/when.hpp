#pragma once
// Times as people's exports write them: ISO 8601 ("2026-11-24", "2026-11-24T16:30", with seconds,
// a fraction, and "Z" or an offset "+01:00" / "-0500" / "+01"; a space may replace 'T') or unix
// seconds ("1795000000", a fraction is dropped). Text without an offset is read on `local`'s wall
// clock (null: UTC).

#include <rapport/result.hpp>
#include <rapport/time.hpp>
#include <rapport/zone.hpp>

#include <string_view>

namespace rapport_cli {

rapport::result<rapport::timestamp> parse_when(std::string_view text, const rapport::time_zone* local = nullptr);

/// The same for a calendar day given as "YYYY-MM-DD".
rapport::result<rapport::date> parse_day(std::string_view text);

/// "HH:MM" as minutes after midnight (0-1439).
rapport::result<int> parse_clock(std::string_view text);

}  // namespace rapport_cli
