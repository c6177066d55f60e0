// Three contacts, three kinds of warmth: a person met at an event yesterday, a warm two-way
// colleague, and a prospect we keep chasing who never answers.
#include <rapport/rapport.hpp>

#include <cstdio>
#include <vector>

using rapport::channel;
using rapport::direction;

namespace {
rapport::interaction touch(const char* when, channel via, direction dir) {
  rapport::interaction x;
  x.at = rapport::parse_utc(when).value();
  x.via = via;
  x.dir = dir;
  return x;
}

int report(const char* name, std::vector<rapport::interaction> items, rapport::timestamp now) {
  auto h = rapport::history::from(std::move(items), rapport::channel_table::defaults());
  if (!h) return std::fprintf(stderr, "%s: %s\n", name, h.error().message.c_str()), 1;
  auto w = rapport::assess(*h, now);
  if (!w) return std::fprintf(stderr, "%s: %s\n", name, w.error().message.c_str()), 1;
  std::printf("%-8s warmth %5.1f  %-7s  stage: %s\n", name, w->score, to_string(w->level), to_string(w->stage));
  for (const auto& r : w->reasons) std::printf("         %s %s\n", r.contribution > 0 ? "+" : "-", r.text.c_str());
  return 0;
}
}  // namespace

int main() {
  const rapport::timestamp now = rapport::parse_utc("2026-11-25T09:00:00Z").value();
  int failures = 0;

  failures += report("Ana", {touch("2026-11-24T16:30:00Z", channel::event, direction::mutual)}, now);

  failures += report("Bruno",
                     {touch("2026-06-02T10:00:00Z", channel::meeting, direction::mutual),
                      touch("2026-07-14T08:12:00Z", channel::email, direction::outbound),
                      touch("2026-07-14T11:40:00Z", channel::email, direction::inbound),
                      touch("2026-08-20T15:00:00Z", channel::call, direction::mutual),
                      touch("2026-09-30T09:05:00Z", channel::email, direction::inbound),
                      touch("2026-09-30T13:20:00Z", channel::email, direction::outbound),
                      touch("2026-10-21T12:00:00Z", channel::meeting, direction::mutual),
                      touch("2026-11-10T17:45:00Z", channel::message, direction::inbound),
                      touch("2026-11-11T08:30:00Z", channel::message, direction::outbound),
                      touch("2026-11-20T10:00:00Z", channel::video_call, direction::mutual)},
                     now);

  failures += report("Carla",
                     {touch("2026-09-01T09:00:00Z", channel::email, direction::outbound),
                      touch("2026-09-15T09:00:00Z", channel::email, direction::outbound),
                      touch("2026-10-06T09:00:00Z", channel::email, direction::outbound),
                      touch("2026-10-27T09:00:00Z", channel::message, direction::outbound),
                      touch("2026-11-17T09:00:00Z", channel::email, direction::outbound)},
                     now);
  return failures;
}
