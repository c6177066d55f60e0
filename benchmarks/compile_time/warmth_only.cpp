// The compile-time budget's "warmth alone" translation unit: <rapport/warmth.hpp>, a contact's
// state folded in O(1) and scored, the core's everyday use (benchmarks/compile_time/run.sh).
#include <rapport/warmth.hpp>

#include <cstdio>

int main() {
  rapport::interaction x;
  x.at = rapport::utc(2026, 11, 3, 9);
  x.via = rapport::channel::email;
  x.dir = rapport::direction::inbound;
  rapport::contact_state s;
  if (!s.absorb(x, rapport::model::defaults())) return 1;
  auto w = rapport::score(s, rapport::utc(2026, 11, 25));
  if (w) std::printf("%.1f\n", *w);
}
