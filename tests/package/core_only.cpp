// A host that only scores warmth: the core's headers, C++17 standard library only.
#include <rapport/batch.hpp>
#include <rapport/state.hpp>
#include <rapport/version.h>
#include <rapport/warmth.hpp>

#include <cstdint>
#include <cstdio>

int main() {
  const std::int64_t at[] = {rapport::utc(2026, 11, 2, 9).seconds, rapport::utc(2026, 11, 3, 14).seconds};
  const std::uint8_t channels[] = {static_cast<std::uint8_t>(rapport::channel::email),
                                   static_cast<std::uint8_t>(rapport::channel::email)};
  const std::uint8_t directions[] = {static_cast<std::uint8_t>(rapport::direction::outbound),
                                     static_cast<std::uint8_t>(rapport::direction::inbound)};
  const std::size_t offsets[] = {0, 2};
  double score = 0;
  auto ok = rapport::score_batch(offsets, 1, {at, channels, directions, 2}, rapport::utc(2026, 11, 25),
                                 rapport::model::defaults(), &score);
  if (!ok) return std::fprintf(stderr, "%s\n", ok.error().message.c_str()), 1;
  std::printf("core consumer: rapport %s, warmth %.1f\n", RAPPORT_VERSION_STRING, score);
  return score > 0 && score < 100 ? 0 : 1;
}
