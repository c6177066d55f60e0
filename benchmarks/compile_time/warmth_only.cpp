// The compile-time budget's "warmth alone" translation unit: <rapport/warmth.hpp> and one
// assessment with its reasons (benchmarks/compile_time/run.sh).
#include <rapport/warmth.hpp>

#include <cstdio>

int main() {
  rapport::interaction x;
  x.at = rapport::utc(2026, 11, 3, 9);
  x.via = rapport::channel::email;
  x.dir = rapport::direction::inbound;
  auto h = rapport::history::from({x}, rapport::channel_table::defaults());
  if (!h) return 1;
  auto w = rapport::assess(*h, rapport::utc(2026, 11, 25));
  if (w) std::printf("%.1f %zu\n", w->score, w->reasons.size());
}
