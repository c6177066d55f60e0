// Time zones: POSIX TZ parsing and the yearly DST table, computed once per zone with
// Boost.Date_Time (kept here so that no includer of <rapport/zone.hpp> pays for Boost).
#include <rapport/zone.hpp>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include <boost/date_time/local_time/posix_time_zone.hpp>

#include <rapport/interop/boost_date.hpp>

namespace rapport {
inline namespace v1 {
namespace {
// Reads a whole file; false on a read error (an I/O error must not escape as an exception).
bool read_all(std::ifstream& in, std::string& out) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
  try {
#endif
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
  } catch (const std::ios_base::failure&) {
    return false;
  }
#endif
}
}  // namespace

namespace detail {

namespace {
// A cursor over a POSIX TZ string; each reader advances it past what it accepted.
class posix_reader {
 public:
  explicit posix_reader(std::string_view s) : s_(s) {}

  error_info bad(const std::string& why) const {
    return {errc::invalid_argument, "malformed POSIX TZ string \"" + std::string(s_) + "\": " + why};
  }
  bool at_end() const noexcept { return i_ == s_.size(); }
  bool take(char c) noexcept {
    if (i_ >= s_.size() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  std::string_view rest() const noexcept { return s_.substr(i_); }
  bool next_is_not(char c) const noexcept { return i_ < s_.size() && s_[i_] != c; }

  // "EST", or "<+0530>" (3+ letters, digits and signs between angle brackets).
  bool name(std::string& out) {
    if (i_ < s_.size() && s_[i_] == '<') {
      const std::size_t close = s_.find('>', i_);
      if (close == std::string_view::npos) return false;
      out = std::string(s_.substr(i_ + 1, close - i_ - 1));
      i_ = close + 1;
      if (out.size() < 3) return false;
      for (char c : out)
        if (!(is_letter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-')) return false;
      return true;
    }
    const std::size_t b = i_;
    while (i_ < s_.size() && is_letter(s_[i_])) ++i_;
    out = std::string(s_.substr(b, i_ - b));
    return out.size() >= 3;
  }

  // [+-]hh[:mm[:ss]] with hh <= max_hours.
  bool hms(std::int32_t& out, int max_hours) {
    int sign = 1;
    if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) sign = s_[i_++] == '-' ? -1 : 1;
    int parts[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
      if (k > 0 && !take(':')) break;
      if (!digits(parts[k], 3)) return false;
    }
    if (parts[0] > max_hours || parts[1] > 59 || parts[2] > 59) return false;
    out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    return true;
  }

  // Mm.w.d[/time]; the julian forms (Jn, n) are refused with a message saying so.
  result<void> rule(posix_rule& r, const char* which) {
    const std::string w(which);
    if (i_ >= s_.size()) return bad("missing the " + w + " rule");
    if (s_[i_] == 'J' || (s_[i_] >= '0' && s_[i_] <= '9'))
      return bad("the " + w +
                 " rule uses a julian-day form (Jn or n), which Boost.Date_Time does not read correctly; use the Mm.w.d form");
    if (!take('M')) return bad("the " + w + " rule must start with M (Mm.w.d)");
    int vals[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k)
      if ((k > 0 && !take('.')) || !digits(vals[k], 2)) return bad("the " + w + " rule must read Mm.w.d");
    if (vals[0] < 1 || vals[0] > 12 || vals[1] < 1 || vals[1] > 5 || vals[2] > 6)
      return bad("the " + w + " rule has month 1-12, week 1-5, day 0-6 out of range");
    r.month = vals[0];
    r.week = vals[1];
    r.wday = vals[2];
    r.time = 7200;
    if (take('/') && !hms(r.time, 167)) return bad("bad time in the " + w + " rule");
    return {};
  }

 private:
  static bool is_letter(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
  // Up to `max` decimal digits into `v`; false when there is none.
  bool digits(int& v, std::size_t max) noexcept {
    const std::size_t b = i_;
    v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && i_ - b < max) v = v * 10 + (s_[i_++] - '0');
    return i_ != b;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// ",Mm.w.d[/t],Mm.w.d[/t]" to the end of the string.
result<void> read_dst_rules(posix_reader& in, posix_tz& z) {
  if (in.at_end()) return in.bad("a DST zone needs its rule (e.g. \",M3.2.0,M11.1.0\")");
  if (!in.take(',')) return in.bad("expected ',' before the DST rule");
  if (auto r = in.rule(z.start, "start"); !r) return r;
  if (!in.take(',')) return in.bad("expected ',' between the start and end rules");
  if (auto r = in.rule(z.end, "end"); !r) return r;
  if (!in.at_end()) return in.bad("unexpected trailing text \"" + std::string(in.rest()) + "\"");
  return {};
}
}  // namespace

result<posix_tz> parse_posix_tz(std::string_view s) {
  posix_reader in(s);
  posix_tz z;
  if (!in.name(z.std_name)) return in.bad("expected a zone name of 3+ letters (or <...>) at the start");
  if (!in.hms(z.std_west, 24)) return in.bad("expected the UTC offset after \"" + z.std_name + "\"");
  if (in.at_end()) return z;
  if (!in.name(z.dst_name)) return in.bad("expected a DST name after the offset");
  z.has_dst = true;
  z.dst_west = z.std_west - 3600;
  if (in.next_is_not(',') && !in.hms(z.dst_west, 24)) return in.bad("bad DST offset after \"" + z.dst_name + "\"");
  if (auto r = read_dst_rules(in, z); !r) return std::move(r).error();
  if (z.dst_west == z.std_west) return in.bad("the DST offset equals the standard offset");
  return z;
}

std::string hms(std::int32_t secs, bool with_sign) {
  const char sign = secs < 0 ? '-' : '+';
  const std::int32_t a = secs < 0 ? -secs : secs;
  char buf[32];
  if (with_sign)
    std::snprintf(buf, sizeof buf, "%c%02d:%02d:%02d", sign, a / 3600, a / 60 % 60, a % 60);
  else
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", a / 3600, a / 60 % 60, a % 60);
  return buf;
}

boost_tz_text to_boost_tz(const posix_tz& z) {
  boost_tz_text out;
  // Names: Boost reads letters only, so <+0530>-style names are sent as placeholders.
  out.text = "STD" + hms(-z.std_west, true);
  if (!z.has_dst) return out;
  out.text += "DST" + hms(z.std_west - z.dst_west, true);
  auto rule = [](const posix_rule& r, std::int32_t& extra) {
    std::int32_t t = r.time;
    extra = 0;
    if (t < 0 || t >= 86400) {
      extra = t;
      t = 0;
    }
    return ",M" + std::to_string(r.month) + "." + std::to_string(r.week) + "." + std::to_string(r.wday) + "/" + hms(t, false);
  };
  out.text += rule(z.start, out.extra_start);
  out.text += rule(z.end, out.extra_end);
  return out;
}

}  // namespace detail

time_zone time_zone::utc() {
  time_zone z;
  z.name_ = "UTC";
  z.posix_ = "UTC0";
  z.std_abbr_ = "UTC";
  return z;
}

result<time_zone> time_zone::from_iana(std::string_view name, const std::string& zoneinfo_dir) {
  const std::string n(name);
  auto bad = [&](const std::string& why) { return fail(errc::invalid_argument, "time zone \"" + n + "\": " + why); };
  if (n.empty() || n.front() == '/' || n.find("..") != std::string::npos) return bad("not a zone name");
  for (char c : n)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
          c == '+' || c == '.'))
      return bad("not a zone name");
  const std::string path = zoneinfo_dir + "/" + n;
  // A directory ("America") opens as a stream but throws on reading: ask first.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return bad("a folder of zones, not a zone (try \"" + n + "/...\")");
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad("unknown zone (no file " + path + ")");
  std::string data;
  if (!read_all(in, data)) return bad("cannot read " + path);
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return bad("not a TZif file");
  if (data[4] == '\0') return bad("TZif version 1 file has no POSIX rule footer");
  if (data.back() != '\n') return bad("TZif footer missing");
  const std::size_t start = data.rfind('\n', data.size() - 2);
  if (start == std::string::npos) return bad("TZif footer missing");
  const std::string footer = data.substr(start + 1, data.size() - start - 2);
  if (footer.empty()) return bad("the TZif file has an empty POSIX rule (no rule after its last transition)");
  auto z = build(footer, n);
  if (!z) return fail(errc::invalid_argument, "time zone \"" + n + "\": " + z.error().message);
  return z;
}

result<time_zone> time_zone::from_text(std::string_view text, const std::string& zoneinfo_dir) {
  const bool has_digit = text.find_first_of("0123456789") != std::string_view::npos;
  const bool rule_syntax = text.find_first_of(",<") != std::string_view::npos;
  if (!rule_syntax && (text.find('/') != std::string_view::npos || !has_digit)) {
    if (text == "UTC" || text == "Etc/UTC") return utc();
    return from_iana(text, zoneinfo_dir);
  }
  auto z = from_posix(text);
  if (!z && !rule_syntax) {  // "EST5EDT" is also a zoneinfo file
    auto named = from_iana(text, zoneinfo_dir);
    if (named) return named;
  }
  return z;
}

result<time_zone> time_zone::build(std::string_view tz, std::string name) {
  auto parsed = detail::parse_posix_tz(tz);
  if (!parsed) return std::move(parsed).error();
  const detail::posix_tz& p = *parsed;
  time_zone z;
  z.name_ = std::move(name);
  z.posix_ = std::string(tz);
  z.std_abbr_ = p.std_name;
  z.dst_abbr_ = p.dst_name;
  z.std_east_ = -p.std_west;
  z.dst_east_ = p.has_dst ? -p.dst_west : z.std_east_;
  z.has_dst_ = p.has_dst;
  if (!p.has_dst) return z;
  const detail::boost_tz_text bt = detail::to_boost_tz(p);
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
  try {
#endif
    const boost::local_time::posix_time_zone bz(bt.text);
    const std::size_t years = static_cast<std::size_t>(detail::tz_last_year - detail::tz_first_year + 1);
    z.starts_.resize(years);
    z.ends_.resize(years);
    z.year_start_.resize(years + 1);
    for (std::size_t k = 0; k <= years; ++k)
      z.year_start_[k] = detail::days_from_civil(detail::tz_first_year + static_cast<int>(k), 1, 1) * seconds_per_day;
    for (std::size_t k = 0; k < years; ++k) {
      const auto y = static_cast<boost::gregorian::greg_year::value_type>(detail::tz_first_year + static_cast<int>(k));
      // Boost gives local wall times: the start in standard time, the end in DST.
      z.starts_[k] = detail::seconds_since_epoch(bz.dst_local_start_time(y)) + bt.extra_start - z.std_east_;
      z.ends_[k] = detail::seconds_since_epoch(bz.dst_local_end_time(y)) + bt.extra_end - z.dst_east_;
    }
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
  } catch (const std::exception& e) {
    return fail(errc::invalid_argument,
                "POSIX TZ string \"" + std::string(tz) + "\" (as \"" + bt.text + "\" for Boost.Date_Time): " + e.what());
  }
#endif
  return z;
}

result<time_zone> time_zone::from_posix(std::string_view tz) { return build(tz, std::string(tz)); }

}  // namespace v1
}  // namespace rapport
