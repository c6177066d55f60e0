// The bad-input catalogue, C ABI part (issue 11; the C++ part is tests/bad_input_test.cpp): one
// table of malformed inputs a host can pass through rapport.h (NULL pointers, out-of-range enums
// and versions, NaN and infinities, corrupt blobs, mismatched batch offsets...), each with the exact
// status and a piece of rapport_last_error() that names the item. Written in C++ for the table;
// it uses only the C header. Print the table: RAPPORT_PRINT_CATALOGUE=1 capi_bad_input_test.

#include "../crc32.hpp"
#include <rapport/rapport.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
const std::int64_t t0 = 1772445600;  // 2026-03-02T10:00:00Z, a Monday
const std::int64_t max_t = 4294967295LL;

struct bad_case {
  const char* what;
  std::function<rapport_status()> run;
  rapport_status status;
  std::string needle;  // must appear in rapport_last_error()
};

// RAII for the handles the cases create.
struct handles {
  rapport_model* m = nullptr;
  rapport_history* h = nullptr;
  rapport_warmth* w = nullptr;
  rapport_zone* z = nullptr;
  rapport_calendar* c = nullptr;
  rapport_profile* p = nullptr;
  rapport_recommendation* r = nullptr;
  ~handles() {
    rapport_recommendation_free(r);
    rapport_profile_free(p);
    rapport_calendar_free(c);
    rapport_zone_free(z);
    rapport_warmth_free(w);
    rapport_history_free(h);
    rapport_model_free(m);
  }
};

rapport_interaction ix(std::int64_t at, std::uint8_t channel = RAPPORT_CHANNEL_EMAIL, std::uint8_t dir = RAPPORT_OUTBOUND) {
  rapport_interaction x;
  std::memset(&x, 0, sizeof x);
  x.at = at;
  x.in_reply_to = RAPPORT_NO_REPLY;
  x.channel = channel;
  x.direction = dir;
  return x;
}
// A history with two interactions (ours, then theirs).
rapport_history* two(handles& k) {
  rapport_history_new(&k.h);
  rapport_interaction a = ix(t0), b = ix(t0 + 3600, RAPPORT_CHANNEL_EMAIL, RAPPORT_INBOUND);
  rapport_history_add(k.h, &a);
  rapport_history_add(k.h, &b);
  return k.h;
}
std::string default_json() {
  handles k;
  rapport_model_new(&k.m);
  std::size_t needed = 0;
  rapport_model_to_json(k.m, nullptr, 0, &needed);
  std::string s(needed + 1, '\0');
  rapport_model_to_json(k.m, &s[0], s.size(), &needed);
  s.resize(needed);
  return s;
}
std::string json_with(const std::string& key, const std::string& value) {
  std::string js = default_json();
  const std::string k = "\"" + key + "\": ";
  const auto at = js.find(k);
  if (at == std::string::npos) return js;
  const auto from = at + k.size(), to = js.find_first_of(",}\n", from);
  return js.replace(from, to - from, value);
}
rapport_status from_json(const std::string& js) {
  handles k;
  return rapport_model_from_json(&k.m, js.data(), js.size());
}
using rapport_test::crc32;
std::vector<std::uint8_t> good_blob() {
  rapport_state s;
  rapport_state_init(&s);
  rapport_interaction a = ix(t0), b = ix(t0 + 86400, RAPPORT_CHANNEL_MEETING, RAPPORT_INBOUND);
  rapport_state_absorb(&s, nullptr, &a);
  rapport_state_absorb(&s, nullptr, &b);
  std::vector<std::uint8_t> out(RAPPORT_STATE_SERIALIZED_SIZE);
  rapport_state_serialize(&s, out.data(), out.size(), nullptr);
  return out;
}
rapport_status deserialize(std::vector<std::uint8_t> b, bool fix_crc,
                           const std::function<void(std::vector<std::uint8_t>&)>& edit) {
  edit(b);
  if (fix_crc && b.size() == RAPPORT_STATE_SERIALIZED_SIZE) {
    const std::uint32_t c = crc32(b.data(), b.size() - 4);
    for (int i = 0; i < 4; ++i) b[b.size() - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(c >> (8 * i));
  }
  rapport_state s;
  return rapport_state_deserialize(&s, b.data(), b.size());
}
rapport_status recommend_with(const std::function<void(rapport_constraints&, rapport_recommend_options&)>& edit) {
  handles k;
  two(k);
  rapport_constraints c;
  rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION);
  rapport_recommend_options o;
  rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION);
  edit(c, o);
  return rapport_history_recommend(k.h, &k.r, nullptr, t0 + 7200, &c, &o);
}
rapport_status batch(std::vector<std::int64_t> offsets, std::size_t contacts, std::vector<std::int64_t> at,
                     std::vector<std::uint8_t> ch, std::vector<std::uint8_t> dir, bool recommend = false) {
  std::vector<double> scores(contacts + 1);
  std::vector<rapport_window> windows(contacts + 1);
  if (recommend)
    return rapport_batch_recommend(nullptr, windows.data(), nullptr, offsets.data(), contacts, at.data(), ch.data(), dir.data(),
                                   at.size(), nullptr, t0 + 30 * 86400, nullptr);
  return rapport_batch_score(nullptr, scores.data(), nullptr, nullptr, nullptr, offsets.data(), contacts, at.data(), ch.data(),
                             dir.data(), at.size(), t0 + 30 * 86400, nullptr);
}

std::vector<bad_case> catalogue() {
  return {
      // --- models
      {"rapport_model_new(NULL)", [] { return rapport_model_new(nullptr); }, RAPPORT_EINVAL, "out"},
      {"rapport_model_from_json: NULL text, length 5",
       [] {
         handles k;
         return rapport_model_from_json(&k.m, nullptr, 5);
       },
       RAPPORT_EINVAL, "json"},
      {"rapport_model_from_json: truncated",
       [] {
         const auto js = default_json();
         return from_json(js.substr(0, js.find("\"beta\"") + 3));  // cut inside a key
       },
       RAPPORT_EINVAL, "unterminated string"},
      {"rapport_model_from_json: NUL byte inside",
       [] {
         auto js = default_json();
         js[20] = '\0';
         return from_json(js);
       },
       RAPPORT_EINVAL, "missing key \"format\""},
      {"rapport_model_from_json: prior_gap_days 1e15 (defect 3)", [] { return from_json(json_with("prior_gap_days", "1e15")); },
       RAPPORT_EINVAL, "prior_gap_days"},
      {"rapport_model_from_json: session_gap_seconds 1e300 (defect 3)",
       [] { return from_json(json_with("session_gap_seconds", "1e300")); }, RAPPORT_EINVAL, "session_gap_seconds"},
      {"rapport_model_from_json: beta -1e308 / 1.7e308 (defect 4)",
       [] {
         auto js = json_with("recency", "-1e308");
         const auto v = js.find("\"volume\": ");
         const auto e = js.find_first_of(",}", v + 10);
         return from_json(js.replace(v + 10, e - v - 10, "1.7e308"));
       },
       RAPPORT_EINVAL, "beta.recency"},
      {"rapport_model_load: no such file",
       [] {
         handles k;
         return rapport_model_load(&k.m, "/nonexistent/p.json");
       },
       RAPPORT_EINVAL, "/nonexistent/p.json"},
      {"rapport_model_load: a directory",
       [] {
         handles k;
         return rapport_model_load(&k.m, "/usr/share/zoneinfo/Europe");
       },
       RAPPORT_EINVAL, "/usr/share/zoneinfo/Europe"},
      {"rapport_model_channel_add: weight 1e300",
       [] {
         handles k;
         rapport_model_new(&k.m);
         std::uint8_t id;
         return rapport_model_channel_add(k.m, &id, "fax", 1e300, 0);
       },
       RAPPORT_EINVAL, "fax"},
      {"rapport_model_channel_add: unknown flags",
       [] {
         handles k;
         rapport_model_new(&k.m);
         std::uint8_t id;
         return rapport_model_channel_add(k.m, &id, "fax", 1, 0x80);
       },
       RAPPORT_EINVAL, "unknown flags 0x80"},
      {"rapport_model_channel_add: NULL name",
       [] {
         handles k;
         rapport_model_new(&k.m);
         std::uint8_t id;
         return rapport_model_channel_add(k.m, &id, nullptr, 1, 0);
       },
       RAPPORT_EINVAL, "name"},
      // --- histories
      {"rapport_history_add: NULL interaction",
       [] {
         handles k;
         rapport_history_new(&k.h);
         return rapport_history_add(k.h, nullptr);
       },
       RAPPORT_EINVAL, "x"},
      {"rapport_history_add: time -1",
       [] {
         handles k;
         rapport_history_new(&k.h);
         auto x = ix(-1);
         return rapport_history_add(k.h, &x);
       },
       RAPPORT_ERANGE, "-1"},
      {"rapport_history_add: time after 2106",
       [] {
         handles k;
         rapport_history_new(&k.h);
         auto x = ix(max_t + 1);
         return rapport_history_add(k.h, &x);
       },
       RAPPORT_ERANGE, "4294967296"},
      {"rapport_history_add: direction 9",
       [] {
         handles k;
         rapport_history_new(&k.h);
         auto x = ix(t0, 4, 9);
         return rapport_history_add(k.h, &x);
       },
       RAPPORT_EINVAL, "direction"},
      {"rapport_history_add: NaN duration",
       [] {
         handles k;
         rapport_history_new(&k.h);
         auto x = ix(t0);
         x.duration_seconds = nan_v;
         return rapport_history_add(k.h, &x);
       },
       RAPPORT_EINVAL, "duration"},
      {"rapport_history_add_columns: NULL arrays for 2 rows",
       [] {
         handles k;
         rapport_history_new(&k.h);
         return rapport_history_add_columns(k.h, nullptr, nullptr, nullptr, 2);
       },
       RAPPORT_EINVAL, "at"},
      {"rapport_history_add_columns: row 1 out of range",
       [] {
         handles k;
         rapport_history_new(&k.h);
         std::int64_t at[] = {t0, -5};
         std::uint8_t ch[] = {4, 4}, d[] = {0, 0};
         return rapport_history_add_columns(k.h, at, ch, d, 2);
       },
       RAPPORT_ERANGE, "1"},
      {"rapport_history_score: channel 60 unknown to the model",
       [] {
         handles k;
         rapport_history_new(&k.h);
         auto x = ix(t0, 60);
         rapport_history_add(k.h, &x);
         return rapport_history_score(k.h, &k.w, nullptr, t0 + 60, nullptr);
       },
       RAPPORT_EINVAL, "channel id 60"},
      {"rapport_history_score: empty history",
       [] {
         handles k;
         rapport_history_new(&k.h);
         return rapport_history_score(k.h, &k.w, nullptr, t0, nullptr);
       },
       RAPPORT_EINVAL, "empty"},
      {"rapport_history_score: now INT64_MAX",
       [] {
         handles k;
         two(k);
         return rapport_history_score(k.h, &k.w, nullptr, INT64_MAX, nullptr);
       },
       RAPPORT_ERANGE, "9223372036854775807"},
      {"rapport_history_score: NULL out",
       [] {
         handles k;
         two(k);
         return rapport_history_score(k.h, nullptr, nullptr, t0 + 7200, nullptr);
       },
       RAPPORT_EINVAL, "out"},
      {"rapport_history_score: options version 99",
       [] {
         handles k;
         two(k);
         rapport_score_options o;
         rapport_score_options_init(&o, RAPPORT_SCORE_OPTIONS_VERSION);
         o.version = 99;
         return rapport_history_score(k.h, &k.w, nullptr, t0 + 7200, &o);
       },
       RAPPORT_EINVAL, "version"},
      {"rapport_history_score: future policy 7",
       [] {
         handles k;
         two(k);
         rapport_score_options o;
         rapport_score_options_init(&o, RAPPORT_SCORE_OPTIONS_VERSION);
         o.future = 7;
         return rapport_history_score(k.h, &k.w, nullptr, t0 + 7200, &o);
       },
       RAPPORT_EINVAL, "future"},
      {"rapport_history_score: NaN in the network context",
       [] {
         handles k;
         two(k);
         rapport_network_context ctx;
         rapport_network_context_init(&ctx, RAPPORT_NETWORK_CONTEXT_VERSION);
         ctx.owner_idle_days = nan_v;
         rapport_score_options o;
         rapport_score_options_init(&o, RAPPORT_SCORE_OPTIONS_VERSION);
         o.context = &ctx;
         return rapport_history_score(k.h, &k.w, nullptr, t0 + 7200, &o);
       },
       RAPPORT_EINVAL, "owner_idle_days"},
      {"rapport_network_context_init: version 0",
       [] {
         rapport_network_context ctx;
         return rapport_network_context_init(&ctx, 0);
       },
       RAPPORT_EINVAL, "version"},
      {"rapport_warmth_reason: index past the end",
       [] {
         handles k;
         two(k);
         rapport_history_score(k.h, &k.w, nullptr, t0 + 7200, nullptr);
         const char* s;
         return rapport_warmth_reason(k.w, nullptr, nullptr, &s, 1000);
       },
       RAPPORT_ERANGE, "1000"},
      // --- states
      {"rapport_state_deserialize: truncated (75 bytes)",
       [] { return deserialize(good_blob(), false, [](auto& b) { b.pop_back(); }); }, RAPPORT_EINVAL, "75"},
      {"rapport_state_deserialize: oversized (77 bytes)",
       [] { return deserialize(good_blob(), false, [](auto& b) { b.push_back(0); }); }, RAPPORT_EINVAL, "77"},
      {"rapport_state_deserialize: other version (2)", [] { return deserialize(good_blob(), true, [](auto& b) { b[4] = 2; }); },
       RAPPORT_EINVAL, "version 2"},
      {"rapport_state_deserialize: one bit flipped", [] { return deserialize(good_blob(), false, [](auto& b) { b[30] ^= 4; }); },
       RAPPORT_EINVAL, "checksum"},
      {"rapport_state_deserialize: infinite engagement, valid checksum",
       [] {
         return deserialize(good_blob(), true, [](auto& b) {
           const double inf = HUGE_VAL;
           std::memcpy(&b[8], &inf, 8);
         });
       },
       RAPPORT_EINVAL, "non-finite"},
      {"rapport_state_deserialize: NULL data",
       [] {
         rapport_state s;
         return rapport_state_deserialize(&s, nullptr, RAPPORT_STATE_SERIALIZED_SIZE);
       },
       RAPPORT_EINVAL, "data"},
      {"rapport_state_serialize: buffer of 10 bytes",
       [] {
         rapport_state s;
         rapport_state_init(&s);
         std::uint8_t b[10];
         return rapport_state_serialize(&s, b, sizeof b, nullptr);
       },
       RAPPORT_ERANGE, "76"},
      {"rapport_state_absorb: an earlier interaction",
       [] {
         rapport_state s;
         rapport_state_init(&s);
         auto a = ix(t0), b = ix(t0 - 60);
         rapport_state_absorb(&s, nullptr, &a);
         return rapport_state_absorb(&s, nullptr, &b);
       },
       RAPPORT_ERANGE, "earlier"},
      {"rapport_state_score: bytes no interaction could produce",
       [] {
         rapport_state s;
         std::memset(&s, 0xFF, sizeof s);
         double v;
         return rapport_state_score(&s, &v, nullptr, t0, nullptr);
       },
       RAPPORT_EINVAL, "state"},
      {"rapport_state_score: empty state",
       [] {
         rapport_state s;
         rapport_state_init(&s);
         double v;
         return rapport_state_score(&s, &v, nullptr, t0, nullptr);
       },
       RAPPORT_EINVAL, "empty"},
      // --- zones, calendars, profiles
      {"rapport_zone_new: NULL name",
       [] {
         handles k;
         return rapport_zone_new(&k.z, nullptr);
       },
       RAPPORT_EINVAL, "name"},
      {"rapport_zone_new: \"America\", a directory (defect 1)",
       [] {
         handles k;
         return rapport_zone_new(&k.z, "America");
       },
       RAPPORT_EINVAL, "America"},
      {"rapport_zone_new: unknown zone",
       [] {
         handles k;
         return rapport_zone_new(&k.z, "Mars/Olympus");
       },
       RAPPORT_EINVAL, "Mars/Olympus"},
      {"rapport_zone_new: invalid UTF-8",
       [] {
         handles k;
         return rapport_zone_new(&k.z,
                                 "Europe/Lon\xff"
                                 "don");
       },
       RAPPORT_EINVAL, "Europe/Lon"},
      {"rapport_zone_new: malformed POSIX string",
       [] {
         handles k;
         return rapport_zone_new(&k.z, "EST5EDT,M13.1.0,M11.1.0");
       },
       RAPPORT_EINVAL, "EST5EDT,M13.1.0,M11.1.0"},
      {"rapport_calendar_new: unknown set",
       [] {
         handles k;
         return rapport_calendar_new(&k.c, "mars_federal", RAPPORT_WEEKEND_SAT_SUN, nullptr, 0);
       },
       RAPPORT_EINVAL, "mars_federal"},
      {"rapport_calendar_new: weekend of all seven days",
       [] {
         handles k;
         return rapport_calendar_new(&k.c, "none", 0x7F, nullptr, 0);
       },
       RAPPORT_EINVAL, "weekend"},
      {"rapport_calendar_new: weekend bit 7",
       [] {
         handles k;
         return rapport_calendar_new(&k.c, "none", 0x81, nullptr, 0);
       },
       RAPPORT_EINVAL, "weekend"},
      {"rapport_calendar_new: extra day 20260230",
       [] {
         handles k;
         std::int32_t d[] = {20260101, 20260230};
         return rapport_calendar_new(&k.c, "none", RAPPORT_WEEKEND_SAT_SUN, d, 2);
       },
       RAPPORT_EINVAL, "20260230"},
      {"rapport_calendar_new: extra days NULL for 3",
       [] {
         handles k;
         return rapport_calendar_new(&k.c, "none", RAPPORT_WEEKEND_SAT_SUN, nullptr, 3);
       },
       RAPPORT_EINVAL, "extra_days"},
      {"rapport_calendar_new_rules: kind 9",
       [] {
         handles k;
         rapport_holiday_rule r;
         std::memset(&r, 0, sizeof r);
         r.name = "Odd";
         r.kind = 9;
         return rapport_calendar_new_rules(&k.c, "acme", RAPPORT_WEEKEND_SAT_SUN, &r, 1, nullptr, 0);
       },
       RAPPORT_EINVAL, "Odd"},
      {"rapport_calendar_new_rules: 31 February",
       [] {
         handles k;
         rapport_holiday_rule r;
         std::memset(&r, 0, sizeof r);
         r.name = "Impossible";
         r.kind = RAPPORT_HOLIDAY_FIXED;
         r.month = 2;
         r.day = 31;
         return rapport_calendar_new_rules(&k.c, "acme", RAPPORT_WEEKEND_SAT_SUN, &r, 1, nullptr, 0);
       },
       RAPPORT_EINVAL, "Impossible"},
      {"rapport_calendar_is_business_day: day 20261399",
       [] {
         handles k;
         rapport_calendar_new(&k.c, "none", RAPPORT_WEEKEND_SAT_SUN, nullptr, 0);
         std::int32_t is;
         return rapport_calendar_is_business_day(k.c, &is, nullptr, 20261399);
       },
       RAPPORT_EINVAL, "20261399"},
      {"rapport_profile_from_counts: 100 counts",
       [] {
         handles k;
         double c[168] = {};
         return rapport_profile_from_counts(&k.p, c, 100, 12);
       },
       RAPPORT_EINVAL, "168"},
      {"rapport_profile_from_counts: NaN count",
       [] {
         handles k;
         double c[168] = {};
         c[77] = nan_v;
         return rapport_profile_from_counts(&k.p, c, 168, 12);
       },
       RAPPORT_EINVAL, "77"},
      {"rapport_profile_from_counts: prior weight 0",
       [] {
         handles k;
         double c[168] = {};
         return rapport_profile_from_counts(&k.p, c, 168, 0);
       },
       RAPPORT_EINVAL, "prior"},
      // --- recommend
      {"rapport_constraints_init: version 0",
       [] {
         rapport_constraints c;
         return rapport_constraints_init(&c, 0);
       },
       RAPPORT_EINVAL, "version"},
      {"constraints: override_stage 7",
       [] { return recommend_with([](rapport_constraints& c, rapport_recommend_options&) { c.override_stage = 7; }); },
       RAPPORT_EINVAL, "override_stage"},
      {"constraints: quiet minute 1500",
       [] { return recommend_with([](rapport_constraints& c, rapport_recommend_options&) { c.quiet_start_minute = 1500; }); },
       RAPPORT_EINVAL, "quiet"},
      {"constraints: do-not-contact period reversed",
       [] {
         static const std::int64_t p[] = {t0 + 100, t0};
         return recommend_with([](rapport_constraints& c, rapport_recommend_options&) {
           c.do_not_contact = p;
           c.n_do_not_contact = 1;
         });
       },
       RAPPORT_EINVAL, "do-not-contact period #0"},
      {"constraints: 2 periods, NULL pointer",
       [] { return recommend_with([](rapport_constraints& c, rapport_recommend_options&) { c.n_do_not_contact = 2; }); },
       RAPPORT_EINVAL, "do_not_contact"},
      {"constraints: reach_out_before -5",
       [] { return recommend_with([](rapport_constraints& c, rapport_recommend_options&) { c.reach_out_before = -5; }); },
       RAPPORT_ERANGE, "reach_out_before"},
      {"constraints: preferred_days bit 7",
       [] { return recommend_with([](rapport_constraints& c, rapport_recommend_options&) { c.preferred_days = 0x80; }); },
       RAPPORT_EINVAL, "preferred_days"},
      {"options: reply_quantile NaN",
       [] { return recommend_with([](rapport_constraints&, rapport_recommend_options& o) { o.reply_quantile = nan_v; }); },
       RAPPORT_EINVAL, "reply_quantile"},
      {"options: stretch_to_fit 2",
       [] { return recommend_with([](rapport_constraints&, rapport_recommend_options& o) { o.stretch_to_fit = 2; }); },
       RAPPORT_EINVAL, "stretch_to_fit"},
      {"options: contexts set in a single-contact call",
       [] {
         static const rapport_network_context* none[1] = {nullptr};
         return recommend_with([](rapport_constraints&, rapport_recommend_options& o) { o.contexts = none; });
       },
       RAPPORT_EINVAL, "contexts"},
      {"rapport_recommendation_local_time: which 7",
       [] {
         handles k;
         two(k);
         rapport_history_recommend(k.h, &k.r, nullptr, t0 + 7200, nullptr, nullptr);
         char b[64];
         return rapport_recommendation_local_time(k.r, b, sizeof b, nullptr, 7);
       },
       RAPPORT_EINVAL, "7"},
      {"rapport_window_reasons_text: action 99",
       [] {
         rapport_window w;
         std::memset(&w, 0, sizeof w);
         w.action = 99;
         char b[64];
         return rapport_window_reasons_text(&w, b, sizeof b, nullptr, nullptr, t0, nullptr);
       },
       RAPPORT_EINVAL, "action"},
      // --- batches
      {"rapport_batch_score: offsets end past the rows",
       [] {
         return batch({0, 1, 4}, 2, {t0, t0, t0}, {4, 4, 4}, {0, 0, 0});
       },
       RAPPORT_EINVAL, "offsets"},
      {"rapport_batch_score: offsets decrease",
       [] {
         return batch({0, 2, 1, 3}, 3, {t0, t0, t0}, {4, 4, 4}, {0, 0, 0});
       },
       RAPPORT_EINVAL, "offsets[2]"},
      {"rapport_batch_score: negative offset",
       [] {
         return batch({0, -1, 3}, 2, {t0, t0, t0}, {4, 4, 4}, {0, 0, 0});
       },
       RAPPORT_EINVAL, "offsets[1]"},
      {"rapport_batch_score: NULL scores",
       [] {
         std::int64_t off[] = {0, 1}, at[] = {t0};
         std::uint8_t ch[] = {4}, d[] = {0};
         return rapport_batch_score(nullptr, nullptr, nullptr, nullptr, nullptr, off, 1, at, ch, d, 1, t0 + 60, nullptr);
       },
       RAPPORT_EINVAL, "scores"},
      {"rapport_batch_score: rows not sorted",
       [] {
         return batch({0, 3}, 1, {t0, t0 + 60, t0}, {4, 4, 4}, {0, 0, 0});
       },
       RAPPORT_EINVAL, "row 2"},
      {"rapport_batch_recommend: unknown channel 99",
       [] {
         return batch({0, 2}, 1, {t0, t0 + 60}, {4, 99}, {0, 0}, true);
       },
       RAPPORT_EINVAL, "row 1"},
      {"rapport_batch_recommend: direction 3",
       [] {
         return batch({0, 1}, 1, {t0}, {4}, {3}, true);
       },
       RAPPORT_EINVAL, "direction 3"},
      // --- time
      {"rapport_time_parse: 2026-02-30",
       [] {
         std::int64_t s;
         return rapport_time_parse(&s, "2026-02-30");
       },
       RAPPORT_EINVAL, "2026-02-30"},
      {"rapport_time_parse: NULL text",
       [] {
         std::int64_t s;
         return rapport_time_parse(&s, nullptr);
       },
       RAPPORT_EINVAL, "text"},
      {"rapport_time_format: -1 s",
       [] {
         char b[40];
         return rapport_time_format(b, sizeof b, nullptr, -1);
       },
       RAPPORT_ERANGE, "-1"},
  };
}

TEST(CapiBadInputTest, CatalogueHasItsCases) { EXPECT_GE(catalogue().size(), 60u); }

TEST(CapiBadInputTest, EveryCaseFailsWithItsStatusAndNamesTheItem) {
  for (const bad_case& c : catalogue()) {
    SCOPED_TRACE(c.what);
    const rapport_status s = c.run();
    const std::string msg = rapport_last_error();
    EXPECT_EQ(s, c.status) << c.what << ": got " << rapport_status_string(s) << " (" << msg << ")";
    if (s != RAPPORT_OK) {
      EXPECT_NE(msg.find(c.needle), std::string::npos) << c.what << ": \"" << msg << "\" does not contain \"" << c.needle << "\"";
    }
  }
}

// Defect 2: the window rapport_history_recommend returned (latest after 2106-02-07T06:28:15Z) was
// refused by rapport_window_reasons_text with RAPPORT_ERANGE.
TEST(CapiBadInputTest, ReturnedWindowNearTheEndOfTimeRendersItsReasons) {
  handles k;
  ASSERT_EQ(rapport_history_new(&k.h), RAPPORT_OK);
  rapport_interaction x = ix(1767225600, RAPPORT_CHANNEL_EVENT, RAPPORT_INBOUND);  // 2026-01-01T00:00Z
  ASSERT_EQ(rapport_history_add(k.h, &x), RAPPORT_OK);
  const std::int64_t now = 4294841400LL;  // 2106-02-05T19:30Z
  ASSERT_EQ(rapport_history_recommend(k.h, &k.r, nullptr, now, nullptr, nullptr), RAPPORT_OK) << rapport_last_error();
  rapport_window w;
  ASSERT_EQ(rapport_recommendation_window(k.r, &w), RAPPORT_OK);
  EXPECT_LE(w.earliest, w.best);
  EXPECT_LE(w.best, w.latest);
  EXPECT_LE(w.latest, max_t);
  EXPECT_LE(w.best, max_t);
  char buf[2048];
  EXPECT_EQ(rapport_window_reasons_text(&w, buf, sizeof buf, nullptr, nullptr, now, nullptr), RAPPORT_OK) << rapport_last_error();
}

// Finding 8 (fuzz_capi): a deadline at the epoch (reach_out_before = 0, a valid time) made
// natural_latest = -1 in the window rapport_history_recommend returned, and
// rapport_window_reasons_text refused that window with RAPPORT_ERANGE.
TEST(CapiBadInputTest, WindowWithAnEarlyDeadlineRendersItsReasons) {
  handles k;
  two(k);
  rapport_constraints c;
  ASSERT_EQ(rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION), RAPPORT_OK);
  c.reach_out_before = 0;
  const std::int64_t now = t0 + 7200;
  ASSERT_EQ(rapport_history_recommend(k.h, &k.r, nullptr, now, &c, nullptr), RAPPORT_OK) << rapport_last_error();
  rapport_window w;
  ASSERT_EQ(rapport_recommendation_window(k.r, &w), RAPPORT_OK);
  EXPECT_GE(w.natural_latest, 0);
  EXPECT_GE(w.natural_earliest, 0);
  EXPECT_GE(w.anchor, 0);
  char buf[2048];
  EXPECT_EQ(rapport_window_reasons_text(&w, buf, sizeof buf, nullptr, &c, now, nullptr), RAPPORT_OK) << rapport_last_error();
}

// Defects 3 and 4 through the C ABI: the model is refused, so nothing downstream runs.
TEST(CapiBadInputTest, HugeGapModelIsRefusedNotUndefinedBehaviour) {
  EXPECT_EQ(from_json(json_with("prior_gap_days", "1e15")), RAPPORT_EINVAL);
  EXPECT_NE(std::string(rapport_last_error()).find("prior_gap_days"), std::string::npos);
}

TEST(CapiBadInputTest, Print) {
  if (!std::getenv("RAPPORT_PRINT_CATALOGUE")) GTEST_SKIP() << "set RAPPORT_PRINT_CATALOGUE=1 to print the table";
  std::printf("| # | input | status | the message names |\n| --- | --- | --- | --- |\n");
  int i = 0;
  for (const bad_case& c : catalogue()) {
    std::string needle;
    for (unsigned char ch : c.needle)
      needle += ch == '|' ? std::string("\\|") : ch < 0x20 || ch >= 0x7F ? "?" : std::string(1, static_cast<char>(ch));
    std::string what;
    for (char ch : std::string(c.what)) what += ch == '|' ? std::string("\\|") : std::string(1, ch);
    static const char* const names[] = {"RAPPORT_OK",       "RAPPORT_EINVAL", "RAPPORT_ERANGE",   "RAPPORT_ENOCONV",
                                        "RAPPORT_ENUMERIC", "RAPPORT_ENOMEM", "RAPPORT_EINTERNAL"};
    std::printf("| C%d | %s | `%s` | `%s` |\n", ++i, what.c_str(), c.status >= 0 && c.status <= 6 ? names[c.status] : "?",
                needle.c_str());
  }
}

}  // namespace
