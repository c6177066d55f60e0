// A networker's Monday morning: whom to follow up with this week, and when, each on the contact's
// own calendar. Two people met at an event on Thursday, a colleague on leave, a prospect gone
// quiet, and a client in New Zealand. "Now" is fixed so the output is the same on every run.
//
// Build: part of the examples (cmake -DRAPPORT_BUILD_EXAMPLES=ON); run: ./follow_up

#include <rapport/rapport.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

using rapport::channel;
using rapport::direction;
using rapport::timestamp;
using rapport::utc;

rapport::interaction ix(timestamp t, channel c, direction d) {
  rapport::interaction x;
  x.at = t;
  x.via = c;
  x.dir = d;
  return x;
}

// The system's zoneinfo when present; the same rule as a POSIX TZ string otherwise.
rapport::time_zone zone(const char* iana, const char* posix) {
  if (auto z = rapport::time_zone::from_iana(iana)) return *z;
  if (auto z = rapport::time_zone::from_posix(posix)) return *z;
  std::fprintf(stderr, "cannot build zone %s\n", iana);
  return rapport::time_zone::utc();
}

// New Zealand public holidays from rules: "Mondayised" days move to the next working day.
rapport::calendar new_zealand() {
  using rapport::holiday_rule;
  using rapport::weekday;
  const auto next = rapport::observance::next_weekday;
  rapport::calendar_spec nz;
  nz.name = "new_zealand";
  nz.rules = {holiday_rule::fixed("New Year's Day", 1, 1, next),
              holiday_rule::fixed("Day after New Year's Day", 1, 2, next),
              holiday_rule::fixed("Waitangi Day", 2, 6, next),
              holiday_rule::easter("Good Friday", -2),
              holiday_rule::easter("Easter Monday", 1),
              holiday_rule::fixed("ANZAC Day", 4, 25, next),
              holiday_rule::nth_weekday("King's Birthday", 1, weekday::monday, 6),
              holiday_rule::nth_weekday("Labour Day", 4, weekday::monday, 10),
              holiday_rule::fixed("Christmas Day", 12, 25, next),
              holiday_rule::fixed("Boxing Day", 12, 26, next)};
  auto c = rapport::calendar::create(nz);
  if (!c) {
    std::fprintf(stderr, "%s\n", c.error().message.c_str());
    return rapport::calendar::weekdays_only();
  }
  return *c;
}

void print(const char* who, const char* where, const rapport::history& h, timestamp now, const rapport::contact_constraints& c) {
  auto r = rapport::recommend(h, now, c);
  if (!r) {
    std::printf("%s: error: %s\n\n", who, r.error().message.c_str());
    return;
  }
  const rapport::follow_up_window& w = r->window;
  std::printf("%s (%s), stage: %s, warmth %.0f\n", who, where, to_string(w.stage), w.warmth);
  if (w.what == rapport::action::no_window) {
    std::printf("  action:   no window; next opening %s\n", r->next_opening_local.c_str());
  } else {
    std::printf("  action:   %s\n", to_string(w.what));
    std::printf("  earliest: %s\n", r->earliest_local.c_str());
    std::printf("  best:     %s  (%s; reply chance %.0f%%)\n", r->best_local.c_str(), rapport::format_utc(w.best).c_str(),
                100 * w.reply_chance);
    std::printf("  latest:   %s\n", r->latest_local.c_str());
  }
  for (const std::string& why : r->reasons) std::printf("  - %s\n", why.c_str());
  std::printf("\n");
}

rapport::history history_of(std::vector<rapport::interaction> xs) {
  auto h = rapport::history::from(std::move(xs), rapport::channel_table::defaults());
  if (!h) std::fprintf(stderr, "%s\n", h.error().message.c_str());
  return h ? *h : rapport::history{};
}

}  // namespace

int main() {
  const timestamp now = utc(2026, 11, 30, 9);  // Monday 30 November 2026, 09:00 UTC
  std::printf("Follow-ups as of %s\n\n", rapport::format_utc(now).c_str());

  const auto london = zone("Europe/London", "GMT0BST,M3.5.0/1,M10.5.0");
  const auto new_york = zone("America/New_York", "EST5EDT,M3.2.0,M11.1.0");
  const auto chicago = zone("America/Chicago", "CST6CDT,M3.2.0,M11.1.0");
  const auto auckland = zone("Pacific/Auckland", "NZST-12NZDT,M9.5.0,M4.1.0/3");
  const auto uk = rapport::calendar::builtin("england_wales");
  const auto us = rapport::calendar::builtin("us_federal");
  const auto nz = new_zealand();
  if (!uk || !us) return 1;

  // 1. Maya: met at a London meetup on Thursday evening, nothing since.
  {
    rapport::contact_constraints c;
    c.zone = &london;
    c.cal = &*uk;
    print("Maya Chen", "London", history_of({ix(utc(2026, 11, 26, 18, 30), channel::event, direction::mutual)}), now, c);
  }
  // 2. Tom: met at the same meetup (over from New York); he emailed on Sunday afternoon.
  {
    rapport::contact_constraints c;
    c.zone = &new_york;
    c.cal = &*us;
    print("Tom Okafor", "New York",
          history_of({ix(utc(2026, 11, 26, 18, 30), channel::event, direction::mutual),
                      ix(utc(2026, 11, 29, 20), channel::email, direction::inbound)}),
          now, c);
  }
  // 3. Priya: a colleague we talk to about weekly; on leave 21 Nov - 11 Dec ("reach out after").
  {
    std::vector<rapport::interaction> xs;
    for (int week = 0; week < 12; ++week) {
      const timestamp t{utc(2026, 9, 1, 10).seconds + week * 7LL * 86400};
      xs.push_back(ix(t, channel::message, direction::outbound));
      xs.push_back(ix({t.seconds + 1800}, channel::message, direction::inbound));
      if (week % 3 == 2) xs.push_back(ix({t.seconds + 2 * 86400}, channel::meeting, direction::mutual));  // last: 19 Nov
    }
    rapport::contact_constraints c;
    c.zone = &london;
    c.cal = &*uk;
    c.do_not_contact = {{utc(2026, 11, 21), utc(2026, 12, 12)}};
    print("Priya Raman", "London, on leave until 11 Dec", history_of(xs), now, c);
  }
  // 4. Daniel: a prospect; one good call, one reply, then three follow-ups without an answer.
  {
    rapport::contact_constraints c;
    c.zone = &chicago;
    c.cal = &*us;
    print("Daniel Ruiz", "Chicago",
          history_of({ix(utc(2026, 9, 15, 16), channel::call, direction::mutual),
                      ix(utc(2026, 9, 16, 14), channel::email, direction::outbound),
                      ix(utc(2026, 9, 17, 15), channel::email, direction::inbound),
                      ix(utc(2026, 10, 20, 14), channel::email, direction::outbound),
                      ix(utc(2026, 11, 3, 15), channel::email, direction::outbound),
                      ix(utc(2026, 11, 17, 15), channel::email, direction::outbound)}),
          now, c);
  }
  // 5. Aroha: a client in Auckland since the deal in October; calls every two weeks. She answers
  //    first thing in her morning, which is the previous evening in London.
  {
    std::vector<rapport::interaction> xs;
    for (int k = 0; k < 8; ++k) {
      const timestamp ask{utc(2026, 8, 18, 2).seconds + k * 14LL * 86400};  // Tuesday 14:00 NZ time
      xs.push_back(ix(ask, channel::email, direction::outbound));
      xs.push_back(
          ix({ask.seconds + 17 * 3600 + 1800}, channel::email, direction::inbound));  // Wednesday 07:30 (08:30 in summer time)
      xs.push_back(ix({ask.seconds + 43 * 3600}, channel::video_call, direction::mutual));  // Thursday 09:00
    }
    xs.push_back(ix(utc(2026, 10, 13, 21), channel::commitment, direction::mutual));
    const auto h = history_of(xs);
    auto profile = rapport::week_profile::from_history(h, &auckland);
    rapport::contact_constraints c;
    c.zone = &auckland;
    c.cal = &nz;
    c.quiet = {19 * 60, 7 * 60};
    if (profile) c.profile = &*profile;
    print("Aroha Ngata", "Auckland", h, now, c);
  }
  return 0;
}
