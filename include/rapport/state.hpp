#pragma once
/// `contact_state`: everything warmth needs about one contact, in 64 bytes, updated in O(1) per
/// interaction. A CRM keeps one per contact (in memory or in a column, via `serialize`) instead of
/// rescanning history; the warmth it gives equals a rescan of the same history.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include <rapport/detail/bytes.hpp>
#include <rapport/detail/tally.hpp>
#include <rapport/model.hpp>

namespace rapport {
inline namespace v1 {

class contact_state {
 public:
  /// Size of `serialize()`'s output: magic "RPST", format version, 64 bytes of fields, CRC-32.
  static constexpr std::size_t serialized_size = 4 + 4 + 64 + 4;
  static constexpr std::uint32_t format_version = 1;

  bool empty() const noexcept { return t_.conversations == 0; }
  timestamp first() const noexcept { return {first_}; }
  timestamp last() const noexcept { return {last_}; }

  /// Folds `x` into the state in O(1). `x` must be valid for `m` and not earlier than `last()`
  /// (equal is fine); otherwise the state is unchanged and the error says why. To add an older
  /// interaction, rebuild the state from the sorted history.
  /// The state keeps no list, so it cannot merge duplicates as `history::from` does: feed it each
  /// record once (a rescan of the same history then gives the same warmth). A reply link must
  /// point inside the state's span; whose interaction it names cannot be checked here.
  result<void> absorb(const interaction& x, const model& m) {
    if (auto ok = validate_lazily(x, m.channels(), [&] { return "interaction at " + format_utc(x.at); }); !ok) return ok;
    if (!empty() && x.at.seconds < last_)
      return fail(errc::out_of_range, "interaction at " + format_utc(x.at) + " is earlier than the state's last one (" +
                                          format_utc(last()) + "); rebuild the state from the sorted history");
    if (x.in_reply_to && (empty() || x.in_reply_to->seconds < first_))
      return fail(errc::invalid_argument, "interaction at " + format_utc(x.at) + " answers " + format_utc(*x.in_reply_to) +
                                              ", before anything the state holds");
    absorb_unchecked(x, m);
    return {};
  }

  /// `absorb` without the checks, for hot loops over data already validated (a `history`, or
  /// arrays checked by the batch API). Preconditions: `x` valid, x.at >= last().
  void absorb_unchecked(const interaction& x, const model& m) noexcept {
    const auto t = static_cast<std::uint32_t>(x.at.seconds);
    if (empty()) {
      first_ = t;
    } else if (t != last_) {
      const double dt = static_cast<double>(t - last_);
      const double fs = std::exp2(-dt * m.inv_half_life_short_s()), fl = std::exp2(-dt * m.inv_half_life_long_s());
      in_short_ *= fs;
      out_short_ *= fs;
      in_long_ *= fl;
      out_long_ *= fl;
    }
    const double w = m.channels().weight(x.via);
    if (x.dir != direction::outbound) {
      in_short_ += w;
      in_long_ += w;
    }
    if (x.dir != direction::inbound) {
      out_short_ += w;
      out_long_ += w;
    }
    detail::step(t_, log_latency_sum_, x, last_, m.channels().spec(x.via), m.params());
    if (x.dir == direction::inbound) last_inbound_ = t;
    last_ = t;
  }

  /// The tallies as seen at `now` (>= last()).
  snapshot at(timestamp now, const model& m) const noexcept {
    snapshot s;
    const double dt = static_cast<double>(now.seconds - last_);
    const double fs = std::exp2(-dt * m.inv_half_life_short_s()), fl = std::exp2(-dt * m.inv_half_life_long_s());
    s.in_short = in_short_ * fs;
    s.out_short = out_short_ * fs;
    s.in_long = in_long_ * fl;
    s.out_long = out_long_ * fl;
    s.first = first_;
    s.last = last_;
    s.last_inbound = (t_.flags & detail::flag_inbound) ? static_cast<std::int64_t>(last_inbound_) : -1;
    detail::fill(s, t_, log_latency_sum_);
    return s;
  }

  /// Why no sequence of interactions could give these fields ("negative engagement", ...), or
  /// null when some could: every number finite, engagement >= 0, first <= last, the last inbound
  /// inside the span, answered <= outreach, known flags, an empty state all zeros. Static text, no
  /// allocation. `deserialize` and `check` use it, as does the C API on a caller's raw 64 bytes.
  const char* defect() const noexcept {
    for (double d : {in_short_, in_long_, out_short_, out_long_, log_latency_sum_})
      if (!std::isfinite(d)) return "non-finite number";
    if (in_short_ < 0 || in_long_ < 0 || out_short_ < 0 || out_long_ < 0) return "negative engagement";
    if (first_ > last_) return "first interaction after the last";
    if ((t_.flags & detail::flag_inbound) && (last_inbound_ < first_ || last_inbound_ > last_))
      return "last inbound outside the history";
    if (t_.answered > t_.outreach) return "more answered than outreach";
    // An unanswered run is an outreach not yet answered (found by fuzzing: such a blob loaded, and
    // a reply then made a state that did not).
    if (t_.unanswered > 0 && t_.answered >= t_.outreach) return "an unanswered run with every outreach answered";
    if (t_.flags >= 32) return "unknown flags";
    if (empty() && (first_ || last_ || last_inbound_ || t_.flags || t_.outreach || t_.replies || t_.unanswered ||
                    in_short_ != 0 || in_long_ != 0 || out_short_ != 0 || out_long_ != 0 || log_latency_sum_ != 0))
      return "empty state with data";
    return nullptr;
  }

  /// `defect()` as a result: `errc::invalid_argument` with its text, for states whose bytes came
  /// from outside (a memcpy'd copy, shared memory).
  result<void> check() const {
    if (const char* why = defect()) return fail(errc::invalid_argument, std::string("contact state: ") + why);
    return {};
  }

  /// A versioned, checksummed, little-endian byte string of exactly `serialized_size` bytes.
  /// The same state always gives the same bytes, on every platform.
  std::string serialize() const {
    std::string out(serialized_size, '\0');
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    std::memcpy(p, "RPST", 4);
    detail::put32(p + 4, format_version);
    unsigned char* q = p + 8;
    for (double d : {in_short_, in_long_, out_short_, out_long_, log_latency_sum_}) {
      detail::put64(q, detail::bits_of(d));
      q += 8;
    }
    for (std::uint32_t v : {first_, last_, last_inbound_, t_.conversations}) {
      detail::put32(q, v);
      q += 4;
    }
    for (std::uint16_t v : {t_.outreach, t_.answered, t_.replies}) {
      q[0] = static_cast<unsigned char>(v & 0xFF);
      q[1] = static_cast<unsigned char>(v >> 8);
      q += 2;
    }
    *q++ = t_.unanswered;
    *q++ = t_.flags;
    detail::put32(q, detail::crc32(p, serialized_size - 4));
    return out;
  }

  /// Reads `serialize()`'s output back. Wrong size, magic, version or checksum, or fields that no
  /// sequence of interactions could produce: `errc::invalid_argument` saying which.
  static result<contact_state> deserialize(const void* data, std::size_t size) {
    auto bad = [](const std::string& why) { return fail(errc::invalid_argument, "contact state blob: " + why); };
    if (data == nullptr) return bad("null data");
    if (size != serialized_size)
      return bad("expected " + std::to_string(serialized_size) + " bytes, got " + std::to_string(size));
    const auto* p = static_cast<const unsigned char*>(data);
    if (std::memcmp(p, "RPST", 4) != 0) return bad("not a rapport state (bad magic)");
    if (detail::get32(p + 4) != format_version)
      return bad("format version " + std::to_string(detail::get32(p + 4)) + " is not supported (this build reads " +
                 std::to_string(format_version) + ")");
    if (detail::get32(p + serialized_size - 4) != detail::crc32(p, serialized_size - 4))
      return bad("checksum mismatch (corrupt data)");
    contact_state s;
    const unsigned char* q = p + 8;
    double* ds[] = {&s.in_short_, &s.in_long_, &s.out_short_, &s.out_long_, &s.log_latency_sum_};
    for (double* d : ds) {
      *d = detail::from_bits(detail::get64(q));
      q += 8;
    }
    std::uint32_t* us[] = {&s.first_, &s.last_, &s.last_inbound_, &s.t_.conversations};
    for (std::uint32_t* u : us) {
      *u = detail::get32(q);
      q += 4;
    }
    std::uint16_t* hs[] = {&s.t_.outreach, &s.t_.answered, &s.t_.replies};
    for (std::uint16_t* h : hs) {
      *h = static_cast<std::uint16_t>(q[0] | (q[1] << 8));
      q += 2;
    }
    s.t_.unanswered = *q++;
    s.t_.flags = *q++;
    if (const char* why = s.defect()) return bad(why);
    return s;
  }

 private:
  double in_short_ = 0, in_long_ = 0, out_short_ = 0, out_long_ = 0;  // decayed engagement as of last_
  double log_latency_sum_ = 0;
  std::uint32_t first_ = 0, last_ = 0, last_inbound_ = 0;  // seconds since 1970 (see time.hpp)
  detail::tally t_;
};
static_assert(sizeof(contact_state) == 64, "contact_state must stay at 64 bytes");

}  // namespace v1
}  // namespace rapport
