// The C++ side of the PostgreSQL regression test: writes a generated data set and what the C++
// API answers for it, so that the SQL test can check the extension gives the same on the same rows.
//
//   rapport_pg_reference <dir> [contacts]
// writes <dir>/interactions.tsv  contact_id, at, channel, direction, duration_seconds
//        <dir>/contacts.tsv      contact_id, constraints (jsonb text)
//        <dir>/expected.tsv      contact_id, state, score, band, stage, earliest, best, latest, action
// (tab-separated, COPY's text format). Times are Unix seconds; scoring time: `now` below.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <rapport/recommend.hpp>
#include <rapport/state.hpp>
#include <rapport/warmth.hpp>

namespace {

constexpr rapport::timestamp now = rapport::utc(2026, 11, 16, 12, 0, 0);

// A tiny generator of our own: std:: distributions differ between standard libraries, and the
// data set must be the same everywhere.
struct rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

const char* const channels[] = {"meeting", "event",  "call",         "video_call", "email",
                                "message", "social", "introduction", "commitment"};
const char* const directions[] = {"outbound", "inbound", "mutual"};

std::vector<rapport::interaction> make_history(rng& r) {
  std::vector<rapport::interaction> h;
  const std::int64_t n = 1 + r.below(r.below(4) == 0 ? 60 : 12);
  std::int64_t t = now.seconds - 86400 * (5 + r.below(700));
  for (std::int64_t i = 0; i < n && t < now.seconds; ++i) {
    rapport::interaction x;
    x.at = {t};
    const std::int64_t c = r.below(100);  // commitments are rare, emails and messages common
    x.via = static_cast<rapport::channel>(c < 2 ? 8 : c < 30 ? 4 : c < 55 ? 5 : c % 8);
    x.dir = static_cast<rapport::direction>(r.below(10) < 5 ? 0 : r.below(10) < 8 ? 1 : 2);
    if (x.via == rapport::channel::call || x.via == rapport::channel::meeting) x.duration_seconds = 60.0 * r.below(90);
    h.push_back(x);
    const std::int64_t kind = r.below(4);  // bursts, same-second pairs and long silences all occur
    t += kind == 0 ? r.below(600) : kind == 1 ? r.below(86400 * 10) : kind == 2 ? r.below(86400 * 60) : 3600 + r.below(86400 * 3);
  }
  return h;
}

// Constraints vary with the contact: zones, calendars, leave, explicit dates, parked and committed.
std::string constraints_json(std::int64_t id) {
  static const char* const zones[] = {"UTC", "Europe/London", "America/New_York", "Asia/Tokyo", "EST5EDT,M3.2.0,M11.1.0"};
  static const char* const cals[] = {"none", "england_wales", "us_federal"};
  std::string j = "{\"zone\": \"" + std::string(zones[id % 5]) + "\", \"calendar\": \"" + cals[id % 3] + "\"";
  if (id % 4 == 1) j += ", \"leave\": [{\"from\": \"2026-11-18\", \"until\": \"2026-11-25T00:00:00Z\"}]";
  if (id % 7 == 2) j += ", \"reach_out_after\": \"2026-12-01T09:00:00+01:00\"";
  if (id % 11 == 3) j += ", \"stage\": \"parked\"";
  if (id % 13 == 4) j += ", \"quiet_start\": \"18:00\", \"quiet_end\": \"09:00\"";
  return j + "}";
}

// Mirrors the jsonb above with the C++ types (the SQL side reads the same text).
rapport::contact_constraints constraints_of(std::int64_t id, std::vector<rapport::time_zone>& zones,
                                            std::vector<rapport::calendar>& cals) {
  rapport::contact_constraints c;
  c.zone = &zones[static_cast<std::size_t>(id % 5)];
  c.cal = &cals[static_cast<std::size_t>(id % 3)];
  if (id % 4 == 1) c.do_not_contact.push_back({rapport::utc(2026, 11, 18), rapport::utc(2026, 11, 25)});
  if (id % 7 == 2) c.reach_out_after = rapport::utc(2026, 12, 1, 8, 0, 0);
  if (id % 11 == 3) c.override_stage = rapport::stage_override::parked;
  if (id % 13 == 4) c.quiet = {18 * 60, 9 * 60};
  return c;
}

std::string hex(const std::string& bytes) {
  static const char d[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += d[b >> 4];
    out += d[b & 15];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <dir> [contacts]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const std::int64_t contacts = argc > 2 ? std::atoll(argv[2]) : 400;
  std::vector<rapport::time_zone> zones;
  for (const char* z : {"UTC", "Europe/London", "America/New_York", "Asia/Tokyo", "EST5EDT,M3.2.0,M11.1.0"})
    zones.push_back(*rapport::time_zone::from_text(z));
  std::vector<rapport::calendar> cals;
  for (const char* k : {"none", "england_wales", "us_federal"}) cals.push_back(*rapport::calendar::builtin(k));
  FILE* rows = std::fopen((dir + "/interactions.tsv").c_str(), "w");
  FILE* people = std::fopen((dir + "/contacts.tsv").c_str(), "w");
  FILE* expected = std::fopen((dir + "/expected.tsv").c_str(), "w");
  if (!rows || !people || !expected) {
    std::perror(dir.c_str());
    return 1;
  }
  rng r{0x9E3779B97F4A7C15ull};
  for (std::int64_t id = 1; id <= contacts; ++id) {
    rapport::contact_state st;
    for (const rapport::interaction& x : make_history(r)) {
      std::fprintf(rows, "%lld\t%lld\t%s\t%s\t%.0f\n", static_cast<long long>(id), static_cast<long long>(x.at.seconds),
                   channels[static_cast<int>(x.via)], directions[static_cast<int>(x.dir)], x.duration_seconds);
      if (!st.absorb(x, rapport::model::defaults())) return 1;
    }
    std::fprintf(people, "%lld\t%s\n", static_cast<long long>(id), constraints_json(id).c_str());
    const auto w = rapport::assess(st, now);
    const auto rec = rapport::recommend(st, now, constraints_of(id, zones, cals));
    if (!w || !rec) {
      std::fprintf(stderr, "contact %lld: %s\n", static_cast<long long>(id), (!w ? w.error() : rec.error()).message.c_str());
      return 1;
    }
    const auto& win = rec->window;
    std::fprintf(expected, "%lld\t%s\t%.17g\t%s\t%s\t%lld\t%lld\t%lld\t%s\n", static_cast<long long>(id),
                 hex(st.serialize()).c_str(), w->score, rapport::to_string(w->level), rapport::to_string(w->stage),
                 static_cast<long long>(win.earliest.seconds), static_cast<long long>(win.best.seconds),
                 static_cast<long long>(win.latest.seconds), rapport::to_string(win.what));
  }
  std::fclose(rows);
  std::fclose(people);
  std::fclose(expected);
  return 0;
}
