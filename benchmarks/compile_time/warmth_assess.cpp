// Not a budget item, for reference: <rapport/warmth.hpp> with a full assessment (a history built,
// sorted and checked, warmth with its parts and reasons in words) compiled inline.
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
