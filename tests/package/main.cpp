#include <rapport/rapport.hpp>

#include <cstdio>

int main() {
  rapport::interaction x;
  x.at = rapport::utc(2026, 11, 20, 10);
  x.via = rapport::channel::meeting;
  x.dir = rapport::direction::mutual;
  auto h = rapport::history::from({x}, rapport::channel_table::defaults());
  auto w = h ? rapport::assess(*h, rapport::utc(2026, 11, 25)) : rapport::result<rapport::warmth>(h.error());
  if (!w) return std::fprintf(stderr, "%s\n", w.error().message.c_str()), 1;
  // The compiled part of the library links too: a zone, a calendar and the recommender.
  auto zone = rapport::time_zone::from_posix("GMT0BST,M3.5.0/1,M10.5.0");
  auto cal = rapport::calendar::builtin("england_wales");
  if (!zone || !cal) return std::fprintf(stderr, "zone or calendar failed\n"), 1;
  rapport::contact_constraints c;
  c.zone = &*zone;
  c.cal = &*cal;
  auto r = rapport::recommend(*h, rapport::utc(2026, 11, 25), c);
  if (!r) return std::fprintf(stderr, "%s\n", r.error().message.c_str()), 1;
  std::printf("consumer: rapport %s, warmth %.1f, follow up from %s\n", RAPPORT_VERSION_STRING, w->score,
              r->earliest_local.c_str());
  return w->score > 0 && w->score < 100 ? 0 : 1;
}
