// The bad-input catalogue, C++ part (issue 11): one table of malformed inputs across the parsers
// and the C++ API, each with the exact error code and a piece of the message that names the item.
// The C ABI part is tests/c/bad_input_test.cpp. docs/FUZZING.md lists both tables; print this one
// with RAPPORT_PRINT_CATALOGUE=1 build/.../bad_input_test --gtest_filter=*Print*.
//
// Regression tests for the defects the first fuzzing pass found follow the table.

#include "crc32.hpp"
#include <rapport/rapport.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/accuracy_load.hpp"
#include "fuzz/contact_log_path.hpp"

namespace {
using namespace rapport;

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

struct bad_case {
  const char* what;                                // the malformed input, for people
  std::function<std::optional<error_info>()> run;  // nullopt: the input was accepted
  errc code;
  std::string needle;  // must appear in the message: names the item
};

template <class T>
std::optional<error_info> err(const result<T>& r) {
  if (r) return std::nullopt;
  return r.error();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::string default_json() { return to_json(model_params::defaults()); }
// The default JSON with `key`'s value replaced by `value` (the text up to the next ',' or '}').
std::string json_with(const std::string& key, const std::string& value) {
  std::string js = default_json();
  const std::string k = "\"" + key + "\": ";
  const auto at = js.find(k);
  if (at == std::string::npos) return js;
  const auto from = at + k.size(), to = js.find_first_of(",}\n", from);
  return js.replace(from, to - from, value);
}
// The default JSON without `key` (and its value).
std::string json_without(const std::string& key) {
  std::string js = default_json();
  const auto at = js.find("\"" + key + "\": ");
  if (at == std::string::npos) return js;
  const auto to = js.find(',', at);
  return js.erase(at, to + 1 - at);
}
std::string temp_file(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + "rapport_bad_input_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}
interaction at(std::int64_t s, channel c = channel::email, direction d = direction::outbound) {
  interaction x;
  x.at = {s};
  x.via = c;
  x.dir = d;
  return x;
}
const std::int64_t t0 = utc(2026, 3, 2, 10).seconds;  // a Monday

result<history> hist(std::vector<interaction> xs) { return history::from(std::move(xs), channel_table::defaults()); }
std::optional<error_info> assess_at(std::vector<interaction> xs, std::int64_t now, const model& m = model::defaults()) {
  auto h = hist(std::move(xs));
  if (!h) return h.error();
  return err(assess(*h, {now}, m));
}
std::optional<error_info> with_params(const std::function<void(model_params&)>& edit) {
  model_params p = model_params::defaults();
  edit(p);
  return err(model::create(p));
}
std::optional<error_info> with_constraints(const std::function<void(contact_constraints&)>& edit,
                                           const recommend_options& o = {}) {
  auto h = hist({at(t0), at(t0 + 3600, channel::email, direction::inbound)});
  contact_constraints c;
  edit(c);
  return err(recommend(*h, {t0 + 7200}, c, model::defaults(), o));
}
std::optional<error_info> with_options(const std::function<void(recommend_options&)>& edit) {
  recommend_options o;
  edit(o);
  return with_constraints([](contact_constraints&) {}, o);
}
// A serialized state with `edit` applied to its bytes and the checksum recomputed when `fix_crc`.
using rapport_test::crc32;
std::string good_blob() {
  contact_state s;
  (void)s.absorb(at(t0), model::defaults());
  (void)s.absorb(at(t0 + 86400, channel::meeting, direction::inbound), model::defaults());
  return s.serialize();
}
std::optional<error_info> blob(const std::function<void(std::string&)>& edit, bool fix_crc) {
  std::string b = good_blob();
  edit(b);
  if (fix_crc && b.size() == contact_state::serialized_size) {
    const std::uint32_t c = crc32(reinterpret_cast<const unsigned char*>(b.data()), b.size() - 4);
    for (int i = 0; i < 4; ++i) b[b.size() - 4 + static_cast<std::size_t>(i)] = static_cast<char>((c >> (8 * i)) & 0xFF);
  }
  return err(contact_state::deserialize(b.data(), b.size()));
}
void put_double(std::string& b, std::size_t off, double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, 8);
  for (int i = 0; i < 8; ++i) b[off + static_cast<std::size_t>(i)] = static_cast<char>((u >> (8 * i)) & 0xFF);
}
void put_u32(std::string& b, std::size_t off, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[off + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
// Columnar batches.
std::optional<error_info> batch(std::vector<std::size_t> offsets, std::size_t contacts, std::vector<std::int64_t> t,
                                std::vector<std::uint8_t> ch, std::vector<std::uint8_t> dir) {
  std::vector<double> scores(contacts + 1);
  interaction_columns rows{t.data(), ch.data(), dir.data(), t.size()};
  return err(score_batch(offsets.data(), contacts, rows, {t0 + 30 * 86400}, model::defaults(), scores.data()));
}
std::optional<error_info> csv(const std::string& name, const std::string& content) {
  return err(rapport_tools::read_contact_log(temp_file(name, content), channel_table::defaults()));
}
const std::string csv_header = "contact,at,channel,direction,duration_seconds\n";
calendar_spec spec_with(holiday_rule r) {
  calendar_spec s;
  s.name = "acme";
  s.rules.push_back(std::move(r));
  return s;
}

std::vector<bad_case> catalogue() {
  using e = errc;
  const std::int64_t max = timestamp::max().seconds;
  std::vector<bad_case> table = {
      // --- parse_utc
      {"parse_utc: empty text", [] { return err(parse_utc("")); }, e::invalid_argument, "cannot read time \"\""},
      {"parse_utc: 2026-02-30", [] { return err(parse_utc("2026-02-30")); }, e::invalid_argument,
       "\"2026-02-30\": no such calendar date"},
      {"parse_utc: one second after timestamp::max()", [] { return err(parse_utc("2106-02-07T06:28:16Z")); }, e::out_of_range,
       "2106-02-07T06:28:16Z"},
      {"parse_utc: before 1970", [] { return err(parse_utc("1969-12-31T23:59:59Z")); }, e::out_of_range, "1969-12-31T23:59:59Z"},
      {"parse_utc: hour 24", [] { return err(parse_utc("2026-01-01T24:00")); }, e::invalid_argument, "no such time of day"},
      {"parse_utc: NUL byte inside", [] { return err(parse_utc(std::string("2026-01-01\0T10:00", 16))); }, e::invalid_argument,
       "unexpected character"},
      {"parse_utc: sign inside a field", [] { return err(parse_utc("2026-+1-01")); }, e::invalid_argument, "2026-+1-01"},
      {"parse_utc: one digit of seconds", [] { return err(parse_utc("2026-01-01T10:00:5")); }, e::invalid_argument,
       "two digits of seconds"},
      {"parse_utc: invalid UTF-8 after the date", [] { return err(parse_utc("2026-01-01\xff")); }, e::invalid_argument,
       "trailing"},
      // --- model parameters as JSON
      {"params JSON: empty text", [] { return err(params_from_json("")); }, e::invalid_argument, "<json>"},
      {"params JSON: truncated in the middle",
       [] {
         const auto js = default_json();
         return err(params_from_json(js.substr(0, js.size() / 2)));
       },
       e::invalid_argument, "<json>"},
      {"params JSON: unknown key", [] { return err(params_from_json(json_with("horizon_days", "30, \"colour\": 1"))); },
       e::invalid_argument, "unknown key \"colour\""},
      {"params JSON: key with invalid UTF-8",
       [] { return err(params_from_json(json_with("horizon_days", "30, \"h\xff\xfe\": 1"))); }, e::invalid_argument,
       "unknown key \"h\xff\xfe\""},
      {"params JSON: NUL byte in a key",
       [] { return err(params_from_json(json_with("horizon_days", std::string("30, \"a\0b\": 1", 12)))); }, e::invalid_argument,
       "unknown key"},
      {"params JSON: number that overflows (1e999)", [] { return err(params_from_json(json_with("horizon_days", "1e999"))); },
       e::invalid_argument, "horizon_days"},
      {"params JSON: NaN", [] { return err(params_from_json(json_with("horizon_days", "NaN"))); }, e::invalid_argument,
       "horizon_days"},
      {"params JSON: version 2", [] { return err(params_from_json(json_with("version", "2"))); }, e::invalid_argument,
       "version 2 is not supported"},
      {"params JSON: missing key", [] { return err(params_from_json(json_without("half_life_long_days"))); }, e::invalid_argument,
       "missing key \"half_life_long_days\""},
      {"params JSON: prior_gap_days 1e15 (defect 3)", [] { return err(params_from_json(json_with("prior_gap_days", "1e15"))); },
       e::invalid_argument, "prior_gap_days"},
      {"params JSON: session_gap_seconds 1e300 (defect 3)",
       [] { return err(params_from_json(json_with("session_gap_seconds", "1e300"))); }, e::invalid_argument,
       "session_gap_seconds"},
      {"params JSON: oversized file (10 MB string value)",
       [] { return err(params_from_json(json_with("horizon_days", "30, \"note\": \"" + std::string(10 << 20, 'x') + "\""))); },
       e::invalid_argument, "unknown key \"note\""},
      {"load_params: no such file", [] { return err(load_params("/nonexistent/params.json")); }, e::invalid_argument,
       "/nonexistent/params.json"},
      {"load_params: a directory", [] { return err(load_params("/usr/share/zoneinfo/America")); }, e::invalid_argument,
       "/usr/share/zoneinfo/America"},
      // --- model parameters (validate)
      {"beta.recency -1e308 with beta.volume 1.7e308 (defect 4)",
       [] {
         return with_params([](model_params& p) {
           p.beta[0] = -1e308;
           p.beta[11] = 1.7e308;
         });
       },
       e::invalid_argument, "beta.recency"},
      {"beta.recency NaN", [] { return with_params([](model_params& p) { p.beta[0] = nan_v; }); }, e::invalid_argument,
       "beta.recency"},
      {"beta.recency of the wrong sign", [] { return with_params([](model_params& p) { p.beta[0] = 0.5; }); },
       e::invalid_argument, "beta.recency must be <= 0"},
      {"reference.silence infinite", [] { return with_params([](model_params& p) { p.reference[9] = inf_v; }); },
       e::invalid_argument, "reference.silence"},
      {"half_life_short_days 0", [] { return with_params([](model_params& p) { p.half_life_short_days = 0; }); },
       e::invalid_argument, "half_life_short_days"},
      {"half_life_long_days denormal (1e-320)",
       [] { return with_params([](model_params& p) { p.half_life_long_days = 1e-320; }); }, e::invalid_argument,
       "half_life_long_days"},
      {"latency_prior_weight 1e308", [] { return with_params([](model_params& p) { p.latency_prior_weight = 1e308; }); },
       e::invalid_argument, "latency_prior_weight"},
      {"inbound_recency_cap_days 1e306", [] { return with_params([](model_params& p) { p.inbound_recency_cap_days = 1e306; }); },
       e::invalid_argument, "inbound_recency_cap_days"},
      {"context_pair_weight negative", [] { return with_params([](model_params& p) { p.context_pair_weight = -0.5; }); },
       e::invalid_argument, "context_pair_weight"},
      {"band thresholds out of order", [] { return with_params([](model_params& p) { p.band_warm = 80; }); }, e::invalid_argument,
       "band thresholds"},
      {"channel weight 1e300 in a model",
       [] {
         channel_table t = channel_table::defaults();
         (void)t.add({"fax", 1e300});
         return err(model::create(model_params::defaults(), t));
       },
       e::invalid_argument, "channel \"fax\""},
      {"channel: empty name",
       [] {
         channel_table t = channel_table::defaults();
         return err(t.add({"", 1}));
       },
       e::invalid_argument, "non-empty name"},
      {"channel: NaN weight",
       [] {
         channel_table t = channel_table::defaults();
         return err(t.add({"fax", nan_v}));
       },
       e::invalid_argument, "channel \"fax\""},
      {"channel: a 65th channel",
       [] {
         channel_table t = channel_table::defaults();
         for (int i = 0; t.size() < max_channels; ++i) (void)t.add({"c" + std::to_string(i), 1});
         return err(t.add({"one_too_many", 1}));
       },
       e::out_of_range, "at most 64"},
      {"channel: set_weight of an unknown id",
       [] {
         channel_table t = channel_table::defaults();
         return err(t.set_weight(static_cast<channel>(200), 1));
       },
       e::invalid_argument, "unknown channel id 200"},
      // --- time zones
      {"zone: a directory under zoneinfo (\"America\", defect 1)", [] { return err(time_zone::from_iana("America")); },
       e::invalid_argument, "\"America\""},
      {"zone: unknown name", [] { return err(time_zone::from_iana("Mars/Olympus")); }, e::invalid_argument, "\"Mars/Olympus\""},
      {"zone: path traversal", [] { return err(time_zone::from_iana("../../etc/passwd")); }, e::invalid_argument,
       "not a zone name"},
      {"zone: invalid UTF-8 in the name",
       [] {
         return err(
             time_zone::from_iana("Europe/Lon\xff"
                                  "don"));
       },
       e::invalid_argument, "not a zone name"},
      {"zone: NUL byte in the name", [] { return err(time_zone::from_iana(std::string_view("Europe/London\0x", 15))); },
       e::invalid_argument, "not a zone name"},
      {"zone: not a TZif file", [] { return err(time_zone::from_iana("iso3166.tab")); }, e::invalid_argument, "not a TZif file"},
      {"zone: truncated TZif file",
       [] {
         const std::string dir = ::testing::TempDir() + "rapport_bad_input_tz";
         std::filesystem::create_directories(dir);
         std::ofstream(dir + "/Trunc", std::ios::binary) << read_text("/usr/share/zoneinfo/Europe/London").substr(0, 40);
         return err(time_zone::from_iana("Trunc", dir));
       },
       e::invalid_argument, "\"Trunc\""},
      {"POSIX TZ: DST without a rule", [] { return err(time_zone::from_posix("EST5EDT")); }, e::invalid_argument, "\"EST5EDT\""},
      {"POSIX TZ: offset of 99 hours", [] { return err(time_zone::from_posix("EST99")); }, e::invalid_argument, "\"EST99\""},
      {"POSIX TZ: julian-day rule", [] { return err(time_zone::from_posix("EST5EDT,J60,J300")); }, e::invalid_argument, "julian"},
      {"POSIX TZ: month 13", [] { return err(time_zone::from_posix("EST5EDT,M13.1.0,M11.1.0")); }, e::invalid_argument,
       "out of range"},
      {"POSIX TZ: rule time 999 h", [] { return err(time_zone::from_posix("EST5EDT,M3.2.0,M11.1.0/999")); }, e::invalid_argument,
       "end rule"},
      {"POSIX TZ: empty", [] { return err(time_zone::from_posix("")); }, e::invalid_argument, "POSIX TZ string \"\""},
      // --- calendars
      {"calendar: unknown built-in set", [] { return err(calendar::builtin("mars_federal")); }, e::invalid_argument,
       "mars_federal"},
      {"calendar: weekend of all seven days",
       [] {
         calendar_spec s;
         s.name = "never";
         s.weekend = weekday_set::from_bits(0x7F);
         return err(calendar::create(s));
       },
       e::invalid_argument, "\"never\""},
      {"calendar: 30 February", [] { return err(calendar::create(spec_with(holiday_rule::fixed("Leap Day Plus", 2, 30)))); },
       e::invalid_argument, "Leap Day Plus"},
      {"calendar: 6th Monday",
       [] { return err(calendar::create(spec_with(holiday_rule::nth_weekday("Sixth Monday", 6, weekday::monday, 5)))); },
       e::invalid_argument, "Sixth Monday"},
      {"calendar: added day in 2300",
       [] {
         calendar_spec s;
         s.name = "far";
         s.extra.push_back({date::ymd(2300, 1, 1), "Future"});
         return err(calendar::create(s));
       },
       e::out_of_range, "added holiday #0"},
      {"date::make 2026-02-30", [] { return err(date::make(2026, 2, 30)); }, e::invalid_argument, "2026-2-30"},
      // --- histories
      {"history: time -1", [] { return err(hist({at(-1)})); }, e::out_of_range, "interaction #0"},
      {"history: time after timestamp::max()",
       [=] {
         return err(hist({at(t0), at(max + 1)}));
       },
       e::out_of_range, "interaction #1"},
      {"history: time INT64_MIN", [] { return err(hist({at(INT64_MIN)})); }, e::out_of_range, "interaction #0"},
      {"history: out-of-range channel enum 200", [] { return err(hist({at(t0, static_cast<channel>(200))})); },
       e::invalid_argument, "unknown channel id 200"},
      {"history: out-of-range direction enum 7", [] { return err(hist({at(t0, channel::email, static_cast<direction>(7))})); },
       e::invalid_argument, "invalid direction 7"},
      {"history: NaN duration",
       [] {
         auto x = at(t0);
         x.duration_seconds = nan_v;
         return err(hist({x}));
       },
       e::invalid_argument, "interaction #0: duration"},
      {"history: infinite duration",
       [] {
         auto x = at(t0);
         x.duration_seconds = inf_v;
         return err(hist({at(t0 - 60), x}));
       },
       e::invalid_argument, "interaction #1: duration"},
      {"history: negative duration",
       [] {
         auto x = at(t0);
         x.duration_seconds = -1;
         return err(hist({x}));
       },
       e::invalid_argument, "interaction #0: duration"},
      {"history: a mutual reply",
       [] {
         auto x = at(t0 + 60, channel::meeting, direction::mutual);
         x.in_reply_to = timestamp{t0};
         return err(hist({at(t0, channel::email, direction::inbound), x}));
       },
       e::invalid_argument, "mutual interaction cannot be a reply"},
      {"history: reply to a later time",
       [] {
         auto x = at(t0, channel::email, direction::inbound);
         x.in_reply_to = timestamp{t0 + 60};
         return err(hist({x}));
       },
       e::out_of_range, "after itself"},
      {"history: reply to nothing",
       [] {
         auto x = at(t0 + 60, channel::email, direction::inbound);
         x.in_reply_to = timestamp{t0 - 60};
         return err(hist({at(t0), x}));
       },
       e::invalid_argument, "interaction #1 answers"},
      {"history: huge (1,000,000 interactions), the last one bad",
       [] {
         std::vector<interaction> xs(1000000, at(t0));
         for (std::size_t i = 0; i < xs.size(); ++i) xs[i].at = {t0 + static_cast<std::int64_t>(i)};
         xs.back().duration_seconds = -2;
         return err(hist(std::move(xs)));
       },
       e::invalid_argument, "interaction #999999"},
      // --- scoring
      {"assess: empty history", [] { return assess_at({}, t0); }, e::invalid_argument, "the history is empty"},
      {"assess: an interaction after now",
       [] {
         return assess_at({at(t0), at(t0 + 86400)}, t0 + 3600);
       },
       e::out_of_range, "after"},
      {"assess: now before 1970", [] { return assess_at({at(t0)}, -5); }, e::out_of_range, "scoring time -5 s"},
      {"assess: NaN in the network context",
       [] {
         auto h = hist({at(t0)});
         network_context ctx;
         ctx.owner_events_30d = nan_v;
         score_options o;
         o.context = &ctx;
         return err(assess(*h, {t0 + 60}, model::defaults(), o));
       },
       e::invalid_argument, "owner_events_30d"},
      {"assess: infinite idle days in the network context",
       [] {
         auto h = hist({at(t0)});
         network_context ctx;
         ctx.contact_idle_days = inf_v;
         score_options o;
         o.context = &ctx;
         return err(assess(*h, {t0 + 60}, model::defaults(), o));
       },
       e::invalid_argument, "contact_idle_days"},
      // --- state blobs
      {"state blob: truncated (75 bytes)", [] { return blob([](std::string& b) { b.pop_back(); }, false); }, e::invalid_argument,
       "expected 76 bytes, got 75"},
      {"state blob: oversized (77 bytes)", [] { return blob([](std::string& b) { b.push_back('\0'); }, false); },
       e::invalid_argument, "expected 76 bytes, got 77"},
      {"state blob: empty", [] { return err(contact_state::deserialize("", 0)); }, e::invalid_argument, "got 0"},
      {"state blob: null data", [] { return err(contact_state::deserialize(nullptr, 76)); }, e::invalid_argument, "null data"},
      {"state blob: bad magic", [] { return blob([](std::string& b) { b[0] = 'X'; }, true); }, e::invalid_argument, "bad magic"},
      {"state blob: other version (2)", [] { return blob([](std::string& b) { put_u32(b, 4, 2); }, true); }, e::invalid_argument,
       "format version 2 is not supported"},
      {"state blob: one bit flipped", [] { return blob([](std::string& b) { b[20] ^= 1; }, false); }, e::invalid_argument,
       "checksum mismatch"},
      {"state blob: NaN engagement, valid checksum", [] { return blob([](std::string& b) { put_double(b, 8, nan_v); }, true); },
       e::invalid_argument, "non-finite"},
      {"state blob: negative engagement, valid checksum",
       [] { return blob([](std::string& b) { put_double(b, 16, -1); }, true); }, e::invalid_argument, "negative engagement"},
      {"state blob: first after last, valid checksum",
       [] { return blob([](std::string& b) { put_u32(b, 48, 0xFFFFFFFFu); }, true); }, e::invalid_argument,
       "first interaction after the last"},
      {"state blob: an unanswered run with every outreach answered (finding 6)",
       [] {
         return blob(
             [](std::string& b) {
               b[64] = 1;
               b[65] = 0;
               b[66] = 1;
               b[67] = 0;
               b[70] = 1;
             },
             true);
       },
       e::invalid_argument, "contact state blob"},
      {"state: absorb an earlier interaction",
       [] {
         contact_state s;
         (void)s.absorb(at(t0), model::defaults());
         return err(s.absorb(at(t0 - 60), model::defaults()));
       },
       e::out_of_range, "earlier than the state's last"},
      // --- recommend: constraints and options
      {"constraints: quiet hours minute 1440",
       [] { return with_constraints([](contact_constraints& c) { c.quiet.start_minute = 1440; }); }, e::invalid_argument,
       "quiet hours"},
      {"constraints: period that ends before it starts",
       [] {
         return with_constraints([](contact_constraints& c) {
           c.do_not_contact = {period{{t0 - 100}, {t0 - 50}}, period{{t0 + 100}, {t0}}};
         });
       },
       e::invalid_argument, "do-not-contact period #1"},
      {"constraints: period after timestamp::max()",
       [=] { return with_constraints([=](contact_constraints& c) {
               c.do_not_contact = {period{{t0}, {max + 10}}};
             }); },
       e::out_of_range, "do-not-contact period #0"},
      {"constraints: preferred hour 24",
       [] { return with_constraints([](contact_constraints& c) { c.preferred_hours = 1u << 24; }); }, e::invalid_argument,
       "preferred_hours"},
      {"constraints: deadline before reach_out_after",
       [] {
         return with_constraints([](contact_constraints& c) {
           c.reach_out_after = timestamp{t0 + 86400 * 5};
           c.reach_out_before = timestamp{t0 + 86400};
         });
       },
       e::invalid_argument, "reach_out_before"},
      {"constraints: reach_out_after after timestamp::max()",
       [=] { return with_constraints([=](contact_constraints& c) { c.reach_out_after = timestamp{max + 1}; }); }, e::out_of_range,
       "reach_out_after"},
      {"options: reply_quantile 1", [] { return with_options([](recommend_options& o) { o.reply_quantile = 1; }); },
       e::invalid_argument, "reply_quantile"},
      {"options: search_days 1e9", [] { return with_options([](recommend_options& o) { o.search_days = 1e9; }); },
       e::invalid_argument, "search_days"},
      {"options: give_space_days NaN", [] { return with_options([](recommend_options& o) { o.give_space_days = nan_v; }); },
       e::invalid_argument, "give_space_days"},
      {"options: max_nudges 0", [] { return with_options([](recommend_options& o) { o.max_nudges = 0; }); }, e::invalid_argument,
       "max_nudges"},
      // --- batches
      {"batch: offsets that do not start at 0",
       [] {
         return batch({1, 2}, 1, {t0, t0}, {4, 4}, {0, 0});
       },
       e::invalid_argument, "offsets must start at 0"},
      {"batch: offsets that decrease",
       [] {
         return batch({0, 2, 1, 3}, 3, {t0, t0, t0}, {4, 4, 4}, {0, 0, 0});
       },
       e::invalid_argument, "offsets[2] is smaller than offsets[1]"},
      {"batch: offsets that end past the rows",
       [] {
         return batch({0, 1, 4}, 2, {t0, t0, t0}, {4, 4, 4}, {0, 0, 0});
       },
       e::invalid_argument, "end at the row count (3)"},
      {"batch: rows not sorted within a contact",
       [] {
         return batch({0, 1, 3}, 2, {t0, t0 + 60, t0}, {4, 4, 4}, {0, 0, 0});
       },
       e::invalid_argument, "contact 1, row 2"},
      {"batch: unknown channel 99",
       [] {
         return batch({0, 2}, 1, {t0, t0 + 60}, {4, 99}, {0, 0});
       },
       e::invalid_argument, "contact 0, row 1: channel 99"},
      {"batch: direction 3",
       [] {
         return batch({0, 1}, 1, {t0}, {4}, {3});
       },
       e::invalid_argument, "direction 3"},
      {"batch: null offsets",
       [] {
         double s[1];
         interaction_columns rows{};
         return err(score_batch(nullptr, 1, rows, {t0}, model::defaults(), s));
       },
       e::invalid_argument, "offsets and the output array"},
      {"recommend_batch: now after timestamp::max()",
       [=] {
         contact_state s;
         follow_up_window w[1];
         return err(recommend_batch(&s, 1, nullptr, {max + 1}, w));
       },
       e::out_of_range, "now is outside"},
      // --- the CLI's CSV reader
      {"CSV: no header", [] { return csv("noheader.csv", "ana,2026-01-01,email,outbound\n"); }, e::invalid_argument,
       "noheader.csv:1:1: the header has no column \"contact\""},
      {"CSV: empty file", [] { return csv("empty.csv", ""); }, e::invalid_argument, "empty.csv:1:1: the file is empty"},
      {"CSV: three fields", [] { return csv("three.csv", csv_header + "ana,2026-01-01,email\n"); }, e::invalid_argument,
       "three.csv:2:16: expected at least 4 fields"},
      {"CSV: impossible date", [] { return csv("date.csv", csv_header + "ana,2026-02-30,email,outbound\n"); },
       e::invalid_argument, "date.csv:2:5: time \"2026-02-30\""},
      {"CSV: date after 2106", [] { return csv("late.csv", csv_header + "ana,2200-01-01,email,outbound\n"); }, e::out_of_range,
       "late.csv:2:"},
      {"CSV: unknown channel", [] { return csv("fax.csv", csv_header + "ana,2026-01-01,fax,outbound\n"); }, e::invalid_argument,
       "fax.csv:2:16: unknown channel \"fax\""},
      {"CSV: unknown direction", [] { return csv("dir.csv", csv_header + "ana,2026-01-01,email,sideways\n"); },
       e::invalid_argument, "dir.csv:2:22: direction"},
      {"CSV: duration that overflows (1e999)",
       [] { return csv("dur.csv", csv_header + "ana,2026-01-01,email,outbound,1e999\n"); }, e::invalid_argument,
       "dur.csv:2:31: duration \"1e999\""},
      {"CSV: NaN duration", [] { return csv("nan.csv", csv_header + "ana,2026-01-01,email,outbound,nan\n"); },
       e::invalid_argument, "nan.csv:2:"},
      {"CSV: empty contact name", [] { return csv("noname.csv", csv_header + ",2026-01-01,email,outbound\n"); },
       e::invalid_argument, "noname.csv:2:1: empty contact"},
      {"CSV: NUL byte in the date",
       [] { return csv("nul.csv", csv_header + std::string("ana,2026-01-01\0,email,outbound\n", 31)); }, e::invalid_argument,
       "nul.csv:2:"},
      {"CSV: a directory",
       [] { return err(rapport_tools::read_contact_log("/usr/share/zoneinfo/America", channel_table::defaults())); },
       e::invalid_argument, "/usr/share/zoneinfo/America"},
      {"CSV: no such file",
       [] { return err(rapport_tools::read_contact_log("/nonexistent/log.csv", channel_table::defaults())); },
       e::invalid_argument, "/nonexistent/log.csv"},
      // --- the accuracy loaders
      {"edges: a row with two fields", [] { return err(eval::parse_edges("1 2 100\n3 4\n", "e.txt")); }, e::invalid_argument,
       "e.txt"},
      {"edges: negative time", [] { return err(eval::parse_edges("1 2 100\n1 2 -5\n", "neg.txt")); }, e::invalid_argument,
       "neg.txt"},
      {"edges: time that overflows", [] { return err(eval::parse_edges("1 2 1e30\n", "big.txt")); }, e::invalid_argument,
       "big.txt"},
      {"edges: NaN time", [] { return err(eval::parse_edges("1 2 100\n1 2 nan\n", "nan.txt")); }, e::invalid_argument, "nan.txt"},
      {"edges: non-numeric weight", [] { return err(eval::parse_edges("1 2 w 100\n1 2 x 200\n", "w.txt")); }, e::invalid_argument,
       "w.txt"},
      {"copenhagen: call duration -2",
       [] { return err(eval::parse_copenhagen("", "sms.csv", "timestamp,caller,callee,duration\n100,1,2,-2\n", "calls.csv")); },
       e::invalid_argument, "calls.csv"},
      {"copenhagen: sms row with two fields",
       [] { return err(eval::parse_copenhagen("timestamp,sender,recipient\n100,1\n", "sms.csv", "", "calls.csv")); },
       e::invalid_argument, "sms.csv"},
      {"edges: no such file", [] { return err(eval::load_edges("/nonexistent/edges.txt")); }, e::invalid_argument,
       "/nonexistent/edges.txt"},
      {"edges: a directory", [] { return err(eval::load_edges("/usr/share/zoneinfo/America")); }, e::invalid_argument,
       "/usr/share/zoneinfo/America"},
  };
  return table;
}

const char* code_name(errc c) {
  switch (c) {
    case errc::ok: return "ok";
    case errc::invalid_argument: return "invalid_argument";
    case errc::out_of_range: return "out_of_range";
    case errc::no_convergence: return "no_convergence";
    case errc::numerical_issue: return "numerical_issue";
    case errc::out_of_memory: return "out_of_memory";
    case errc::internal: return "internal";
  }
  return "?";
}

TEST(BadInputTest, CatalogueHasAtLeastSixtyCases) { EXPECT_GE(catalogue().size(), 60u); }

TEST(BadInputTest, EveryCaseFailsWithItsCodeAndNamesTheItem) {
  for (const bad_case& c : catalogue()) {
    SCOPED_TRACE(c.what);
    try {
      const auto e = c.run();
      if (!e) {
        ADD_FAILURE() << c.what << ": accepted";
        continue;
      }
      EXPECT_EQ(e->code, c.code) << c.what << ": got " << code_name(e->code) << " (" << e->message << ")";
      EXPECT_NE(e->message.find(c.needle), std::string::npos)
          << c.what << ": message \"" << e->message.substr(0, 300) << "\" does not contain \"" << c.needle << "\"";
    } catch (const std::exception& ex) {
      ADD_FAILURE() << c.what << ": threw " << ex.what();
    }
  }
}

// docs/FUZZING.md's table: RAPPORT_PRINT_CATALOGUE=1 bad_input_test --gtest_filter=BadInputTest.Print
TEST(BadInputTest, Print) {
  if (!std::getenv("RAPPORT_PRINT_CATALOGUE")) GTEST_SKIP() << "set RAPPORT_PRINT_CATALOGUE=1 to print the table";
  std::printf("| # | input | code | the message names |\n| --- | --- | --- | --- |\n");
  int i = 0;
  for (const bad_case& c : catalogue()) {
    std::string needle;
    for (unsigned char ch : c.needle)
      needle += ch == '|' ? std::string("\\|") : ch < 0x20 || ch >= 0x7F ? "?" : std::string(1, static_cast<char>(ch));
    std::printf("| %d | %s | `%s` | `%s` |\n", ++i, c.what, code_name(c.code), needle.c_str());
  }
}

// --- Regression tests for the first fuzzing pass (issue 11) ---------------------------------

// Defect 1: a directory under zoneinfo made from_iana let std::ios_base::failure escape.
TEST(BadInputTest, ZoneDirectoryIsAnErrorNotAnException) {
  for (const char* name : {"America", "Europe", "Etc"}) {
    SCOPED_TRACE(name);
    std::optional<result<time_zone>> z;
    EXPECT_NO_THROW(z.emplace(time_zone::from_iana(name)));
    if (!z) continue;
    ASSERT_FALSE(*z);
    EXPECT_EQ(z->error().code, errc::invalid_argument);
    EXPECT_NE(z->error().message.find(name), std::string::npos) << z->error().message;
    std::optional<result<time_zone>> t;
    EXPECT_NO_THROW(t.emplace(time_zone::from_text(name)));
    if (t) {
      EXPECT_FALSE(*t);
    }
  }
}

// Defect 2: the stretched branch extended `latest` after the clamp to timestamp::max().
TEST(BadInputTest, WindowNeverEndsAfterTimestampMax) {
  auto h = history::from({at(utc(2026, 1, 1).seconds, channel::event, direction::inbound)}, channel_table::defaults());
  ASSERT_TRUE(h);
  const timestamp now{4294841400LL};  // 2106-02-05T19:30Z
  auto r = recommend(*h, now);
  ASSERT_TRUE(r) << r.error().message;
  const follow_up_window& w = r->window;
  EXPECT_TRUE(w.earliest.ok()) << w.earliest.seconds;
  EXPECT_TRUE(w.best.ok()) << w.best.seconds;
  EXPECT_TRUE(w.latest.ok()) << w.latest.seconds;
  EXPECT_LE(w.earliest, w.best);
  EXPECT_LE(w.best, w.latest);
  EXPECT_FALSE(explain(w, {}, now).empty());
}

// Finding 6 (fuzz_state_blob): deserialize accepted a blob with an unanswered run although every
// outreach was answered; absorbing a reply then produced a state that deserialize itself rejects.
TEST(BadInputTest, StateThatCannotExistIsRejectedAndAbsorbKeepsStatesLoadable) {
  std::string b = good_blob();
  b[64] = 1;
  b[65] = 0;  // outreach 1
  b[66] = 1;
  b[67] = 0;  // answered 1
  b[70] = 1;  // unanswered 1
  const std::uint32_t c = crc32(reinterpret_cast<const unsigned char*>(b.data()), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + static_cast<std::size_t>(i)] = static_cast<char>((c >> (8 * i)) & 0xFF);
  auto s = contact_state::deserialize(b.data(), b.size());
  if (!s) {
    EXPECT_EQ(s.error().code, errc::invalid_argument);
    return;
  }
  contact_state t = *s;  // accepted: then it must at least stay loadable after a reply
  ASSERT_TRUE(t.absorb(at(t.last().seconds + 60, channel::email, direction::inbound), model::defaults()));
  const std::string again = t.serialize();
  auto back = contact_state::deserialize(again.data(), again.size());
  EXPECT_TRUE(back) << back.error().message;
  ADD_FAILURE() << "deserialize accepted unanswered 1 with outreach 1, answered 1";
}

// Finding 7 (fuzz_zone): a POSIX rule whose DST ends the instant it starts ("M8.5.0/1,M8.5.0": on
// at 01:00 standard time, off at 02:00 DST, the same instant) was read as DST all year round.
TEST(BadInputTest, ZeroLengthDstIsNotPermanentDst) {
  auto z = time_zone::from_posix("AAA3BBB,M8.5.0/1,M8.5.0");
  if (!z) {
    EXPECT_EQ(z.error().code, errc::invalid_argument);  // refusing it is fine too
    return;
  }
  for (int month : {1, 4, 8, 11}) {
    const timestamp t = utc(2026, static_cast<unsigned>(month), 15, 12);
    EXPECT_FALSE(z->is_dst(t)) << "month " << month;
    EXPECT_EQ(z->offset_at(t), -3 * 3600) << "month " << month;
  }
}

// Defect 3: prior_gap_days 1e15 passed validate() and overflowed plan_follow_up (UBSan).
TEST(BadInputTest, HugeGapsAreRejectedByValidate) {
  for (auto edit : {+[](model_params& p) { p.prior_gap_days = 1e15; }, +[](model_params& p) { p.session_gap_seconds = 1e300; },
                    +[](model_params& p) { p.dormant_min_days = 1e300; }, +[](model_params& p) { p.reply_window_days = 1e300; },
                    +[](model_params& p) { p.horizon_days = 1e300; }}) {
    model_params p = model_params::defaults();
    edit(p);
    auto m = model::create(p);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, errc::invalid_argument);
  }
  // The largest accepted values still plan a window without overflow (UBSan checks this run).
  model_params p = model_params::defaults();
  p.prior_gap_days = p.dormant_min_days = p.reply_window_days = p.horizon_days = p.inbound_recency_cap_days =
      model_params::max_days;
  p.session_gap_seconds = model_params::max_session_gap_seconds;
  p.dormant_gap_multiple = model_params::max_dormant_gap_multiple;
  auto m = model::create(p);
  ASSERT_TRUE(m) << m.error().message;
  for (std::vector<interaction> xs :
       {std::vector<interaction>{at(t0, channel::meeting, direction::mutual)},
        std::vector<interaction>{at(t0), at(t0 + 600, channel::email, direction::inbound)},
        std::vector<interaction>{at(t0), at(t0 + 86400, channel::email, direction::inbound), at(t0 + 2 * 86400),
                                 at(t0 + 3 * 86400, channel::call, direction::inbound)}}) {
    auto h = history::from(xs, channel_table::defaults());
    ASSERT_TRUE(h);
    for (std::int64_t later : {std::int64_t{3600}, std::int64_t{400} * 86400, timestamp::max().seconds - t0 - 4 * 86400}) {
      auto r = recommend(*h, {t0 + 4 * 86400 + later}, {}, *m);
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_LE(r->window.earliest, r->window.best);
      EXPECT_LE(r->window.best, r->window.latest);
      EXPECT_TRUE(std::isfinite(r->window.warmth));
    }
  }
}

// Defect 4: coefficients of opposite sign near DBL_MAX passed validate() and warmth was NaN.
TEST(BadInputTest, ExtremeCoefficientsAreRejectedAndTheLargestAcceptedStayFinite) {
  model_params p = model_params::defaults();
  p.beta[0] = -1e308;
  p.beta[11] = 1.7e308;
  ASSERT_FALSE(model::create(p));
  // Every coefficient at its bound, the reference at its bound: warmth stays in 0..100.
  for (double sign : {+1.0, -1.0}) {
    model_params q = model_params::defaults();
    for (std::size_t i = 0; i < feature_count; ++i) {
      q.beta[i] = required_sign(static_cast<feature>(i)) * model_params::max_abs_coefficient;
      q.reference[i] = sign * model_params::max_abs_reference;
    }
    for (std::size_t j = 0; j < context_feature_count; ++j)
      q.context_beta[j] = required_sign(static_cast<feature>(feature_count + j)) * model_params::max_abs_coefficient;
    q.intercept = q.context_intercept = sign * model_params::max_abs_coefficient;
    q.context_pair_weight = model_params::max_abs_coefficient;
    channel_table t = channel_table::defaults();
    ASSERT_TRUE(t.add({"heavy", model_params::max_channel_weight}));
    auto m = model::create(q, t);
    ASSERT_TRUE(m) << m.error().message;
    std::vector<interaction> xs;
    for (int i = 0; i < 200; ++i)
      xs.push_back(at(t0 + i * 60, static_cast<channel>(9), i % 2 ? direction::inbound : direction::outbound));
    auto h = history::from(xs, t);
    ASSERT_TRUE(h);
    network_context ctx;
    ctx.owner_events_30d = ctx.contact_events_30d = ctx.owner_idle_days = ctx.contact_idle_days = 1.7e308;
    score_options o;
    const network_context* contexts[] = {nullptr, &ctx};
    for (const network_context* c : contexts) {
      o.context = c;
      for (std::int64_t now : {t0 + 200 * 60, t0 + 86400, timestamp::max().seconds}) {
        auto w = assess(*h, {now}, *m, o);
        ASSERT_TRUE(w) << w.error().message;
        EXPECT_TRUE(std::isfinite(w->logit)) << w->logit;
        EXPECT_GE(w->score, 0);
        EXPECT_LE(w->score, 100);
        for (const auto& part : w->parts) EXPECT_TRUE(std::isfinite(part.contribution));
      }
    }
  }
}

}  // namespace
