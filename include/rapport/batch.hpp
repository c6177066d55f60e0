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

/// Writes the 0-100 warmth of each contact into `scores[0..contacts)`; a contact with no rows gets
/// NaN (there is nothing to score). `offsets` has `contacts + 1` non-decreasing entries with
/// offsets[contacts] == rows.size. Optionally writes each contact's stage.
inline result<void> score_batch(const std::size_t* offsets, std::size_t contacts, const interaction_columns& rows,
                                timestamp now, const model& m, double* scores, stage* stages = nullptr) {
  if (contacts > 0 && (offsets == nullptr || scores == nullptr))
    return fail(errc::invalid_argument, "score_batch: offsets and scores must not be null");
  if (rows.size > 0 && (rows.at == nullptr || rows.channel == nullptr || rows.direction == nullptr))
    return fail(errc::invalid_argument, "score_batch: the row arrays must not be null");
  if (!now.ok()) return fail(errc::out_of_range, "score_batch: scoring time outside the valid range");
  if (contacts > 0 && (offsets[0] != 0 || offsets[contacts] != rows.size))
    return fail(errc::invalid_argument, "score_batch: offsets must start at 0 and end at the row count (" +
                                            std::to_string(rows.size) + ")");
  const std::size_t channel_count = m.channels().size();
  for (std::size_t c = 0; c < contacts; ++c) {
    const std::size_t begin = offsets[c], end = offsets[c + 1];
    if (end < begin || end > rows.size)
      return fail(errc::invalid_argument, "score_batch: offsets[" + std::to_string(c + 1) + "] is smaller than offsets[" +
                                              std::to_string(c) + "] or past the last row");
    contact_state s;
    std::int64_t prev = 0;
    for (std::size_t r = begin; r < end; ++r) {
      const std::int64_t t = rows.at[r];
      if (rows.channel[r] >= channel_count || rows.direction[r] > 2 || t < 0 || t > now.seconds || (r > begin && t < prev)) {
        const std::string where = "score_batch: contact " + std::to_string(c) + ", row " + std::to_string(r) + ": ";
        if (rows.channel[r] >= channel_count) return fail(errc::invalid_argument, where + "unknown channel " + std::to_string(rows.channel[r]));
        if (rows.direction[r] > 2) return fail(errc::invalid_argument, where + "invalid direction " + std::to_string(rows.direction[r]));
        if (t < 0) return fail(errc::out_of_range, where + "time before 1970-01-01");
        if (t > now.seconds) return fail(errc::out_of_range, where + "time after the scoring time " + format_utc(now));
        return fail(errc::invalid_argument, where + "rows are not sorted by time within the contact");
      }
      prev = t;
      interaction x;
      x.at = {t};
      x.via = static_cast<channel>(rows.channel[r]);
      x.dir = static_cast<direction>(rows.direction[r]);
      s.absorb_unchecked(x, m);
    }
    if (s.empty()) {
      scores[c] = std::numeric_limits<double>::quiet_NaN();
      if (stages) stages[c] = stage::new_contact;
      continue;
    }
    const snapshot snap = s.at(now, m);
    scores[c] = 100 * logistic(logit_of(features_of(snap, now.seconds, m.params()), m.params()));
    if (stages) stages[c] = stage_of(snap, now.seconds, m.params());
  }
  return {};
}

}  // namespace v1
}  // namespace rapport
