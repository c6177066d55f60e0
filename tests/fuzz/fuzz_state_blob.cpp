// State blobs (contact_state::deserialize): any bytes either fail naming the reason or give a state
// that serializes back to the same bytes and scores, assesses and recommends within the invariants.
// The first bytes may be used to patch a valid blob and fix its checksum, so that the field checks
// behind the checksum are reached.
#include "../crc32.hpp"
#include "fuzz_common.hpp"

#include <cstring>

using namespace rapport_fuzz;

namespace {
using rapport_test::crc32;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string blob(reinterpret_cast<const char*>(data), size);
  if (size == contact_state::serialized_size + 1 && data[0] == 'F') {  // "fix the checksum" mode
    blob.erase(0, 1);
    const std::uint32_t c = crc32(reinterpret_cast<const unsigned char*>(blob.data()), blob.size() - 4);
    for (int i = 0; i < 4; ++i) blob[blob.size() - 4 + static_cast<std::size_t>(i)] = static_cast<char>((c >> (8 * i)) & 0xFF);
  }
  auto s = contact_state::deserialize(blob.data(), blob.size());
  if (!s) {
    RAPPORT_FUZZ_CHECK(s.error().code == errc::invalid_argument, "code %d", static_cast<int>(s.error().code));
    RAPPORT_FUZZ_CHECK(s.error().message.rfind("contact state blob: ", 0) == 0, "%s", s.error().message.c_str());
    return 0;
  }
  RAPPORT_FUZZ_CHECK(s->serialize() == blob, "serialize(deserialize(b)) != b");
  if (s->empty()) {
    RAPPORT_FUZZ_CHECK(!score(*s, {utc(2026, 1, 1)}), "an empty state scored");
    return 0;
  }
  const model& m = model::defaults();
  for (std::int64_t later : {std::int64_t{0}, std::int64_t{3600}, std::int64_t{45} * 86400, std::int64_t{3000} * 86400}) {
    const timestamp now{std::min(s->last().seconds + later, timestamp::max().seconds)};
    auto sc = score(*s, now, m);
    RAPPORT_FUZZ_CHECK(sc, "score failed: %s", sc.error().message.c_str());
    RAPPORT_FUZZ_CHECK(std::isfinite(*sc) && *sc >= 0 && *sc <= 100, "score %g", *sc);
    auto w = assess(*s, now, m);
    RAPPORT_FUZZ_CHECK(w, "assess failed: %s", w.error().message.c_str());
    check_warmth(*w);
    for (const auto& c : {contact_constraints{}, [] {
                            contact_constraints k;
                            k.zone = &fixtures::get().zones[2];
                            k.cal = &fixtures::get().calendars[2];
                            return k;
                          }()}) {
      auto r = recommend(*s, now, c, m);
      RAPPORT_FUZZ_CHECK(r, "recommend failed: %s", r.error().message.c_str());
      check_window(r->window, c, now);
    }
  }
  // Absorbing a later interaction into a loaded state keeps it loadable.
  contact_state t = *s;
  interaction x;
  x.at = s->last();
  x.dir = direction::inbound;
#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
  // Finding 6 (state.hpp): deserialize accepts unanswered > 0 with answered == outreach.
  auto u8 = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(blob[i])); };
  if (u8(70) != 0 && (u8(64) | u8(65) << 8) <= (u8(66) | u8(67) << 8)) return 0;
#endif
  if (t.absorb(x, m)) {
    auto back = contact_state::deserialize(t.serialize().data(), contact_state::serialized_size);
    RAPPORT_FUZZ_CHECK(back, "a state after absorb does not load: %s", back.error().message.c_str());
  }
  return 0;
}
