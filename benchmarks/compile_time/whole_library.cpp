// The compile-time budget's "whole library" translation unit: the umbrella header and a
// recommendation on a contact's calendar (benchmarks/compile_time/run.sh).
#include <rapport/rapport.hpp>

#include <cstdio>

int main() {
  rapport::interaction x;
  x.at = rapport::utc(2026, 11, 3, 9);
  x.via = rapport::channel::meeting;
  x.dir = rapport::direction::mutual;
  auto h = rapport::history::from({x}, rapport::channel_table::defaults());
  if (!h) return 1;
  auto zone = rapport::time_zone::from_iana("Europe/London");
  auto cal = rapport::calendar::builtin("england_wales");
  rapport::contact_constraints c;
  c.zone = zone ? &*zone : nullptr;
  c.cal = cal ? &*cal : nullptr;
  auto r = rapport::recommend(*h, rapport::utc(2026, 11, 25), c);
  if (r) std::printf("%.1f %s\n", r->window.warmth, r->best_local.c_str());
}
