#pragma once
/// Batch warmth over columnar arrays, the layout a CRM's warehouse exports: rows sorted by
/// (contact, time), contact c owning rows [offsets[c], offsets[c + 1]).
///
/// One pass, no allocation: each contact's rows are folded into a stack `contact_state` and scored
/// at `now`. Every row is checked (channel, direction, time range, order, not after `now`); the
/// first bad row stops the call with an error naming the contact and the row.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include <rapport/state.hpp>
#include <rapport/warmth.hpp>

namespace rapport {
inline namespace v1 {

/// Interactions as parallel arrays of `size` rows (durations and reply links are not needed for warmth).
struct interaction_columns {
  const std::int64_t* at = nullptr;        ///< UTC seconds
  const std::uint8_t* channel = nullptr;   ///< `rapport::channel` values
  const std::uint8_t* direction = nullptr; ///< `rapport::direction` values
  std::size_t size = 0;
};

namespace detail {
/// Checks rows [begin, end) of contact `contact` and folds them into `s`. Exact duplicate rows
/// (same second, channel and direction: one record synced twice) are merged, as `history::from`
/// does. Rows after `now` are an error, or with `future_policy::ignore` checked but not folded.
/// Returns `errc::ok`, or the code of the first bad row and, when `message` is not null, a message
/// "<caller>: contact C, row R: ..." (so that a caller that only counts failures never formats).
inline errc fold_rows(contact_state& s, const interaction_columns& rows, std::size_t begin, std::size_t end, timestamp now,
                      const model& m, future_policy future, const char* caller, std::size_t contact, std::string* message) {
  const std::size_t channel_count = m.channels().size();
  auto bad = [&](errc code, std::size_t r, const std::string& why) {
    if (message) *message = std::string(caller) + ": contact " + std::to_string(contact) + ", row " + std::to_string(r) + ": " + why;
    return code;
  };
  bool past_now = false;
  for (std::size_t r = begin; r < end; ++r) {
    const std::int64_t t = rows.at[r];
    const std::uint8_t c = rows.channel[r], d = rows.direction[r];
    if (t < timestamp::min().seconds || t > timestamp::max().seconds)
      return bad(errc::out_of_range, r, "time " + std::to_string(t) + " s is outside 0..4294967295 (1970-01-01..2106-02-07)");
    if (c >= channel_count)
      return bad(errc::invalid_argument, r, "channel " + std::to_string(c) + " is unknown to the model (it has " +
                                                std::to_string(channel_count) + ")");
    if (d > 2) return bad(errc::invalid_argument, r, "direction " + std::to_string(d) + " is not 0, 1 or 2");
    if (r > begin && t < rows.at[r - 1])
      return bad(errc::invalid_argument, r, "time " + std::to_string(t) + " is earlier than row " + std::to_string(r - 1) +
                                                "'s; rows are not sorted by time within the contact");
    if (t > now.seconds) {
      if (future == future_policy::reject) return bad(errc::out_of_range, r, "time " + format_utc({t}) + " is after now (" + format_utc(now) + ")");
      past_now = true;  // keep checking the rest, as a history would
    }
    if (past_now) continue;
    bool duplicate = false;
    for (std::size_t j = r; j > begin && rows.at[j - 1] == t && !duplicate; --j)
      duplicate = rows.channel[j - 1] == c && rows.direction[j - 1] == d;
    if (duplicate) continue;
    interaction x;
    x.at = {t};
    x.via = static_cast<channel>(c);
    x.dir = static_cast<direction>(d);
    s.absorb_unchecked(x, m);
  }
  return errc::ok;
}

/// Checks the batch arguments shared by every columnar call; `outputs` is the caller's main output.
inline result<void> check_columns(const std::size_t* offsets, std::size_t contacts, const interaction_columns& rows,
                                  timestamp now, const void* outputs, const char* caller) {
  const std::string fn(caller);
  if (contacts > 0 && (offsets == nullptr || outputs == nullptr))
    return fail(errc::invalid_argument, fn + ": offsets and the output array must not be null");
  if (rows.size > 0 && (rows.at == nullptr || rows.channel == nullptr || rows.direction == nullptr))
    return fail(errc::invalid_argument, fn + ": the row arrays must not be null");
  if (!now.ok()) return fail(errc::out_of_range, fn + ": the scoring time is outside the valid range");
  if (contacts == 0 && rows.size != 0)
    return fail(errc::invalid_argument, fn + ": " + std::to_string(rows.size) + " rows but no contact to own them");
  if (contacts > 0 && (offsets[0] != 0 || offsets[contacts] != rows.size))
    return fail(errc::invalid_argument, fn + ": offsets must start at 0 and end at the row count (" + std::to_string(rows.size) + ")");
  for (std::size_t c = 0; c < contacts; ++c)
    if (offsets[c + 1] < offsets[c])
      return fail(errc::invalid_argument, fn + ": offsets[" + std::to_string(c + 1) + "] is smaller than offsets[" + std::to_string(c) + "]");
  return {};
}
}  // namespace detail

/// Writes the 0-100 warmth of each contact into `scores[0..contacts)`; a contact with no rows (or
/// none before `now` under `future_policy::ignore`) gets NaN: there is nothing to score. `offsets`
/// has `contacts + 1` non-decreasing entries with offsets[contacts] == rows.size. Optionally writes
/// each contact's stage. Exact duplicate rows are merged, as in `history::from`. `contexts`, when
/// not null, holds one `network_context` per contact (checked before any row is read).
inline result<void> score_batch(const std::size_t* offsets, std::size_t contacts, const interaction_columns& rows,
                                timestamp now, const model& m, double* scores, stage* stages = nullptr,
                                future_policy future = future_policy::reject, const network_context* contexts = nullptr) {
  if (auto ok = detail::check_columns(offsets, contacts, rows, now, scores, "score_batch"); !ok) return ok;
  if (contexts)
    for (std::size_t c = 0; c < contacts; ++c)
      if (auto ok = contexts[c].validate(); !ok) return fail(errc::invalid_argument, "score_batch: contact " + std::to_string(c) + ": " + ok.error().message);
  for (std::size_t c = 0; c < contacts; ++c) {
    contact_state s;
    std::string row_error;  // empty (no allocation) unless a row is bad
    if (const errc e = detail::fold_rows(s, rows, offsets[c], offsets[c + 1], now, m, future, "score_batch", c, &row_error); e != errc::ok)
      return fail(e, std::move(row_error));
    if (s.empty()) {
      scores[c] = std::numeric_limits<double>::quiet_NaN();
      if (stages) stages[c] = stage::new_contact;
      continue;
    }
    const snapshot snap = s.at(now, m);
    scores[c] = score_of(snap, now.seconds, m.params(), contexts ? &contexts[c] : nullptr);
    if (stages) stages[c] = stage_of(snap, now.seconds, m.params());
  }
  return {};
}

}  // namespace v1
}  // namespace rapport
