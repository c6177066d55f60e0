#pragma once
/// `history`: one contact's interactions, validated and sorted by time.
///
/// Rules for imperfect input (each tested):
/// - out of order: sorted by time; interactions at the same second keep the caller's order;
/// - exact duplicates (same time, channel, direction, duration and reply link): merged into one,
///   the usual cause being a CRM sync delivering a record twice; `merged_duplicates()` counts them.
///   Two different interactions in the same second are both kept;
/// - a time outside the valid range, an unknown channel or direction, a negative, NaN or infinite
///   duration: `errc::out_of_range` / `errc::invalid_argument` naming the interaction by its index
///   in the caller's sequence;
/// - a reply link (`in_reply_to`) must name the time of an interaction of the other side at or
///   before the reply;
/// - an empty history is valid; scoring it is an error (there is no connection to score).
/// Interactions after the scoring time are handled by `score_options::future`.

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <rapport/interaction.hpp>

namespace rapport {
inline namespace v1 {

class history {
 public:
  history() = default;

  /// Validates, sorts and merges `items` (see the rules above).
  static result<history> from(std::vector<interaction> items, const channel_table& channels) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto ok = validate_lazily(items[i], channels, [&] { return "interaction #" + std::to_string(i); });
      if (!ok) return std::move(ok).error();
    }
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return items[a].at < items[b].at; });
    history h;
    h.items_.reserve(items.size());
    std::vector<std::size_t> kept_from;  // caller's index of each kept item, for messages
    kept_from.reserve(items.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      const interaction& x = items[order[k]];
      if (is_duplicate(h.items_, x)) {
        ++h.merged_;
        continue;
      }
      h.items_.push_back(x);
      kept_from.push_back(order[k]);
    }
    // Links are checked once everything is in place, so a reply in the same second as the message
    // it answers is found whatever the caller's order.
    for (std::size_t k = 0; k < h.items_.size(); ++k) {
      const interaction& x = h.items_[k];
      if (x.in_reply_to && !has_counterpart(h.items_, x)) {
        return fail(errc::invalid_argument, "interaction #" + std::to_string(kept_from[k]) + " answers " +
                                                format_utc(*x.in_reply_to) +
                                                " but the other side has no interaction at that time");
      }
    }
    return h;
  }

  const std::vector<interaction>& items() const noexcept { return items_; }
  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  auto begin() const noexcept { return items_.begin(); }
  auto end() const noexcept { return items_.end(); }
  const interaction& operator[](std::size_t i) const noexcept { return items_[i]; }
  /// How many exact duplicates `from` merged away.
  std::size_t merged_duplicates() const noexcept { return merged_; }

 private:
  // Same-second records sit next to each other once sorted, so only the tail needs checking.
  static bool is_duplicate(const std::vector<interaction>& kept, const interaction& x) {
    for (auto it = kept.rbegin(); it != kept.rend() && it->at == x.at; ++it)
      if (same_record(*it, x)) return true;
    return false;
  }
  static bool has_counterpart(const std::vector<interaction>& kept, const interaction& x) {
    const direction other = x.dir == direction::inbound ? direction::outbound : direction::inbound;
    auto lo =
        std::lower_bound(kept.begin(), kept.end(), *x.in_reply_to, [](const interaction& a, timestamp t) { return a.at < t; });
    for (; lo != kept.end() && lo->at == *x.in_reply_to; ++lo)
      if (lo->dir == other || lo->dir == direction::mutual) return true;
    return false;
  }

  std::vector<interaction> items_;
  std::size_t merged_ = 0;
};

}  // namespace v1
}  // namespace rapport
