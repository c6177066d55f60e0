#pragma once
/// What happened between us and one contact: `interaction`, its `channel` and `direction`, and the
/// `channel_table` that gives each channel its weight (built-in channels plus the caller's own).

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapport/result.hpp>
#include <rapport/time.hpp>

namespace rapport {
inline namespace v1 {

/// Who acted. `mutual` is a meeting or call both attended: it counts as engagement in each direction.
enum class direction : std::uint8_t { outbound = 0, inbound = 1, mutual = 2 };

constexpr const char* to_string(direction d) noexcept {
  switch (d) {
    case direction::outbound: return "outbound";
    case direction::inbound: return "inbound";
    case direction::mutual: return "mutual";
  }
  return "invalid";
}

/// A channel is a small integer: the built-ins below, then whatever `channel_table::add` returns.
enum class channel : std::uint8_t {
  meeting = 0,  ///< in-person meeting
  event = 1,    ///< met at an event (conference, meetup)
  call = 2,
  video_call = 3,
  email = 4,
  message = 5,       ///< direct / instant message, SMS
  social = 6,        ///< like, comment, reaction
  introduction = 7,  ///< introduction or referral
  commitment = 8,    ///< deal signed, hire, partnership: marks the relationship committed
};
inline constexpr std::size_t builtin_channel_count = 9;
inline constexpr std::size_t max_channels = 64;

/// How a channel counts.
struct channel_spec {
  std::string name;          ///< unique, non-empty, e.g. "email"
  double weight = 1.0;       ///< engagement one interaction adds to the decayed sums; finite, >= 0
  bool substantive = false;  ///< a live conversation (meeting, call): enough on its own to establish a connection
  bool commitment = false;   ///< an explicit commitment: the stage becomes committed
};

/// The channels a model knows, indexed by `channel`. A value type: copy it, add to the copy.
class channel_table {
 public:
  /// The built-in channels with their default weights (a meeting outweighs an email, a like is light).
  static channel_table defaults() {
    channel_table t;
    t.specs_[0] = {"meeting", 3.0, true, false};
    t.specs_[1] = {"event", 2.0, false, false};
    t.specs_[2] = {"call", 2.0, true, false};
    t.specs_[3] = {"video_call", 2.0, true, false};
    t.specs_[4] = {"email", 1.0, false, false};
    t.specs_[5] = {"message", 1.0, false, false};
    t.specs_[6] = {"social", 0.3, false, false};
    t.specs_[7] = {"introduction", 1.5, false, false};
    t.specs_[8] = {"commitment", 3.0, true, true};
    t.size_ = builtin_channel_count;
    t.refresh_weights();
    return t;
  }

  std::size_t size() const noexcept { return size_; }
  bool contains(channel c) const noexcept { return static_cast<std::size_t>(c) < size_; }
  /// Precondition: `contains(c)`.
  const channel_spec& spec(channel c) const noexcept { return specs_[static_cast<std::size_t>(c)]; }
  double weight(channel c) const noexcept { return weights_[static_cast<std::size_t>(c)]; }

  /// The channel called `name`, or `errc::invalid_argument` naming the unknown name.
  result<channel> find(std::string_view name) const {
    for (std::size_t i = 0; i < size_; ++i)
      if (specs_[i].name == name) return static_cast<channel>(i);
    return fail(errc::invalid_argument, "unknown channel \"" + std::string(name) + "\"");
  }

  /// Registers a user-defined channel and returns its id.
  result<channel> add(channel_spec s) {
    if (s.name.empty()) return fail(errc::invalid_argument, "a channel needs a non-empty name");
    if (find(s.name)) return fail(errc::invalid_argument, "channel \"" + s.name + "\" already exists");
    if (!std::isfinite(s.weight) || s.weight < 0)
      return fail(errc::invalid_argument, "channel \"" + s.name + "\": weight must be finite and >= 0");
    if (size_ == max_channels) return fail(errc::out_of_range, "at most 64 channels can be defined");
    specs_[size_] = std::move(s);
    ++size_;
    refresh_weights();
    return static_cast<channel>(size_ - 1);
  }

  /// Changes the weight of an existing channel.
  result<void> set_weight(channel c, double w) {
    // The explicit bound beside contains() lets the optimiser see that the write below stays in
    // the array (GCC 12's -Warray-bounds at -O2 does not follow contains()).
    if (static_cast<std::size_t>(c) >= specs_.size() || !contains(c))
      return fail(errc::invalid_argument, "unknown channel id " + std::to_string(static_cast<int>(c)));
    if (!std::isfinite(w) || w < 0)
      return fail(errc::invalid_argument, "channel \"" + spec(c).name + "\": weight must be finite and >= 0");
    specs_[static_cast<std::size_t>(c)].weight = w;
    refresh_weights();
    return {};
  }

 private:
  void refresh_weights() noexcept {
    for (std::size_t i = 0; i < max_channels; ++i) weights_[i] = i < size_ ? specs_[i].weight : 0.0;
  }
  std::array<channel_spec, max_channels> specs_{};
  std::array<double, max_channels> weights_{};  // hot-path copy of specs_[i].weight
  std::size_t size_ = 0;
};

/// One interaction with a contact. Times are UTC (`rapport::timestamp`).
struct interaction {
  timestamp at;
  channel via = channel::email;
  direction dir = direction::outbound;
  double duration_seconds = 0.0;         ///< 0 when not applicable or unknown; finite, >= 0
  std::optional<timestamp> in_reply_to;  ///< time of the other side's interaction this one answers
};

constexpr bool same_record(const interaction& a, const interaction& b) noexcept {
  return a.at == b.at && a.via == b.via && a.dir == b.dir && a.duration_seconds == b.duration_seconds &&
         a.in_reply_to == b.in_reply_to;
}

/// `validate` with the item's name built only on failure: `where()` returns it (a valid interaction,
/// the common case in hot loops, costs no string).
template <class Where>
result<void> validate_lazily(const interaction& x, const channel_table& channels, Where&& where) {
  if (!x.at.ok())
    return fail(errc::out_of_range,
                where() + ": time " + std::to_string(x.at.seconds) + " s is outside 1970-01-01T00:00:00Z..2106-02-07T06:28:15Z");
  if (!channels.contains(x.via))
    return fail(errc::invalid_argument, where() + ": unknown channel id " + std::to_string(static_cast<int>(x.via)));
  if (static_cast<std::uint8_t>(x.dir) > 2)
    return fail(errc::invalid_argument, where() + ": invalid direction " + std::to_string(static_cast<int>(x.dir)));
  if (!std::isfinite(x.duration_seconds) || x.duration_seconds < 0)
    return fail(errc::invalid_argument, where() + ": duration must be finite and >= 0 seconds");
  if (x.in_reply_to) {
    if (x.dir == direction::mutual) return fail(errc::invalid_argument, where() + ": a mutual interaction cannot be a reply");
    if (!x.in_reply_to->ok() || *x.in_reply_to > x.at)
      return fail(errc::out_of_range, where() + ": it answers a time after itself (" + format_utc(*x.in_reply_to) + ")");
  }
  return {};
}

/// Checks one interaction against `channels`; `where` names it in the message ("interaction #3").
inline result<void> validate(const interaction& x, const channel_table& channels, const std::string& where) {
  return validate_lazily(x, channels, [&] { return where; });
}

}  // namespace v1
}  // namespace rapport
