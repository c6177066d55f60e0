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
  std::printf("consumer: rapport %s, warmth %.1f\n", RAPPORT_VERSION_STRING, w->score);
  return w->score > 0 && w->score < 100 ? 0 : 1;
}
