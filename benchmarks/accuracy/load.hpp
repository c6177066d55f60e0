#pragma once
/// Loaders for the shared public interaction logs the accuracy tool replays (not installed, not
/// API: a CRM fills a public `eval::event_log` from its own database instead).
///
/// - Temporal edge lists, one event per line: `src dst t` or `src dst weight t` (SNAP, KONECT).
///   Fields split on spaces, tabs or commas; CRLF is accepted; lines starting with `%` or `#` are
///   comments; a first data line whose time is not a number is taken as a header. The weight is
///   read (it must be a number) but every event counts once.
/// - The Copenhagen Networks Study CSVs: `sms.csv` (`timestamp,from,to`, each row a
///   `channel::message`) and `calls.csv` (`timestamp,from,to,duration`, each row a `channel::call`;
///   duration -1 is a missed call, kept as an attempt of zero duration and counted).
///
/// Normalisation (counted in `load_stats`): self-loops are dropped; exact duplicates (same time,
/// sender, recipient and channel) are dropped; the events are sorted by time (stable).
/// Bad rows (a missing field, a non-numeric time, a negative or out-of-range time, a negative
/// duration other than -1): `errc::invalid_argument` naming file and line, or, with
/// `load_options::skip_bad_rows`, skipped and counted.

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <rapport/eval/events.hpp>
#include <rapport/interaction.hpp>
#include <rapport/result.hpp>
#include <rapport/time.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

struct load_stats {
  std::size_t lines = 0;     ///< lines read, comments and header included
  std::size_t comments = 0;  ///< `%` / `#` lines and blank lines
  std::size_t headers = 0;
  std::size_t rows = 0;          ///< data rows parsed
  std::size_t self_loops = 0;    ///< dropped
  std::size_t duplicates = 0;    ///< dropped
  std::size_t bad_rows = 0;      ///< skipped (only with skip_bad_rows)
  std::size_t missed_calls = 0;  ///< Copenhagen calls with duration -1 (kept, duration 0)
  bool was_sorted = true;        ///< the input was already in time order
};

/// A loaded log and how it was normalised.
struct loaded_log : event_log {
  load_stats stats;
};

struct load_options {
  bool skip_bad_rows = false;      ///< skip and count bad rows instead of failing
  channel via = channel::message;  ///< channel of edge-list events
};

namespace detail {

inline std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  const auto sep = [](char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; };
  while (i < line.size()) {
    while (i < line.size() && sep(line[i])) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    while (j < line.size() && !sep(line[j])) ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

inline bool parse_number(std::string_view s, double& out) {
  if (s.empty() || s.size() > 64) return false;
  char buf[65];
  std::copy(s.begin(), s.end(), buf);
  buf[s.size()] = '\0';
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(buf, &end);
  if (end != buf + s.size() || errno == ERANGE || !std::isfinite(v)) return false;
  out = v;
  return true;
}

enum class layout { edges, sms, calls };

class loader {
 public:
  loader(loaded_log& log, const load_options& opt) : log_(log), opt_(opt) {}

  result<void> parse(std::string_view text, const std::string& file, layout how) {
    std::size_t line_no = 0, pos = 0;
    bool seen_data = false;
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      ++log_.stats.lines;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const auto f = split_fields(line);
      if (f.empty() || f[0][0] == '%' || f[0][0] == '#') {
        ++log_.stats.comments;
        continue;
      }
      auto where = [&] { return file + ":" + std::to_string(line_no); };
      auto bad = [&](const std::string& why) -> result<void> {
        if (opt_.skip_bad_rows) {
          ++log_.stats.bad_rows;
          return {};
        }
        return fail(errc::invalid_argument, where() + ": " + why + " in \"" + std::string(line) + "\"");
      };
      // Field positions.
      std::size_t need = 3, ti = 2, si = 0, di = 1;
      if (how == layout::edges) {
        if (f.size() == 4) ti = 3;
        if (f.size() < 3 || f.size() > 4) {
          if (!seen_data && f.size() >= 2) {
            ++log_.stats.headers;
            seen_data = true;
            continue;
          }
          auto r = bad("expected 3 or 4 fields (src dst [weight] t), found " + std::to_string(f.size()));
          if (!r) return r;
          continue;
        }
      } else {
        ti = 0;
        si = 1;
        di = 2;
        need = how == layout::calls ? 4 : 3;
        if (f.size() != need) {
          auto r = bad("expected " + std::to_string(need) + " fields, found " + std::to_string(f.size()));
          if (!r) return r;
          continue;
        }
      }
      double t = 0;
      if (!parse_number(f[ti], t)) {
        if (!seen_data) {
          ++log_.stats.headers;
          seen_data = true;
          continue;
        }
        auto r = bad("time \"" + std::string(f[ti]) + "\" is not a number");
        if (!r) return r;
        continue;
      }
      seen_data = true;
      if (t < static_cast<double>(timestamp::min().seconds) || t > static_cast<double>(timestamp::max().seconds)) {
        auto r = bad("time " + std::string(f[ti]) + " is outside 0..4294967295 s");
        if (!r) return r;
        continue;
      }
      double w = 0, dur = 0;
      if (how == layout::edges && f.size() == 4 && !parse_number(f[2], w)) {
        auto r = bad("weight \"" + std::string(f[2]) + "\" is not a number");
        if (!r) return r;
        continue;
      }
      channel via = opt_.via;
      if (how == layout::sms) via = channel::message;
      bool missed = false;
      if (how == layout::calls) {
        via = channel::call;
        if (!parse_number(f[3], dur) || (dur < 0 && dur != -1)) {
          auto r = bad("duration \"" + std::string(f[3]) + "\" must be >= 0 or -1 (missed)");
          if (!r) return r;
          continue;
        }
        if (dur == -1) {
          missed = true;
          dur = 0;
        }
      }
      ++log_.stats.rows;
      const std::uint32_t s = id_of(f[si]), d = id_of(f[di]);
      if (s == d) {
        ++log_.stats.self_loops;
        continue;
      }
      if (missed) ++log_.stats.missed_calls;
      log_.events.push_back({static_cast<std::int64_t>(std::llround(t)), s, d, via, dur});
    }
    return {};
  }

  void finish() {
    auto& ev = log_.events;
    log_.stats.was_sorted = std::is_sorted(ev.begin(), ev.end(), [](const event& a, const event& b) { return a.t < b.t; });
    // Same second: by sender, recipient, channel, so exact duplicates sit next to each other.
    std::stable_sort(ev.begin(), ev.end(), [](const event& a, const event& b) {
      return std::tie(a.t, a.src, a.dst, a.via) < std::tie(b.t, b.src, b.dst, b.via);
    });
    std::vector<event> kept;
    kept.reserve(ev.size());
    for (const event& e : ev) {
      if (!kept.empty()) {
        const event& k = kept.back();
        if (k.t == e.t && k.src == e.src && k.dst == e.dst && k.via == e.via) {
          ++log_.stats.duplicates;
          continue;
        }
      }
      kept.push_back(e);
    }
    ev.swap(kept);
  }

 private:
  std::uint32_t id_of(std::string_view name) {
    auto it = ids_.find(std::string(name));
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(log_.names.size());
    log_.names.emplace_back(name);
    ids_.emplace(std::string(name), id);
    return id;
  }

  loaded_log& log_;
  load_options opt_;
  std::unordered_map<std::string, std::uint32_t> ids_;
};

inline result<std::string> read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(errc::invalid_argument, path + ": a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errc::invalid_argument, path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return fail(errc::invalid_argument, path + ": read error");
  return ss.str();
}

}  // namespace detail

/// Parses an edge list held in `text`; `name` names it in error messages.
inline result<loaded_log> parse_edges(std::string_view text, const std::string& name, const load_options& opt = {}) {
  loaded_log log;
  detail::loader l(log, opt);
  if (auto ok = l.parse(text, name, detail::layout::edges); !ok) return std::move(ok).error();
  l.finish();
  return log;
}

/// Reads an edge list file (see the format above).
inline result<loaded_log> load_edges(const std::string& path, const load_options& opt = {}) {
  auto text = detail::read_file(path);
  if (!text) return std::move(text).error();
  return parse_edges(*text, path, opt);
}

/// Parses the Copenhagen SMS and call tables held in memory (either may be empty).
inline result<loaded_log> parse_copenhagen(std::string_view sms, const std::string& sms_name, std::string_view calls,
                                           const std::string& calls_name, const load_options& opt = {}) {
  loaded_log log;
  detail::loader l(log, opt);
  if (auto ok = l.parse(sms, sms_name, detail::layout::sms); !ok) return std::move(ok).error();
  if (auto ok = l.parse(calls, calls_name, detail::layout::calls); !ok) return std::move(ok).error();
  l.finish();
  return log;
}

/// Reads Copenhagen's sms.csv and calls.csv; an empty path skips that file.
inline result<loaded_log> load_copenhagen(const std::string& sms_path, const std::string& calls_path,
                                          const load_options& opt = {}) {
  std::string sms, calls;
  if (!sms_path.empty()) {
    auto t = detail::read_file(sms_path);
    if (!t) return std::move(t).error();
    sms = std::move(*t);
  }
  if (!calls_path.empty()) {
    auto t = detail::read_file(calls_path);
    if (!t) return std::move(t).error();
    calls = std::move(*t);
  }
  return parse_copenhagen(sms, sms_path, calls, calls_path, opt);
}

}  // namespace eval
}  // namespace v1
}  // namespace rapport
