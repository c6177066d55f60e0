#pragma once
/// Follow-up windows for many contacts in one call, without allocation per contact: from
/// incremental states (`recommend_batch`) or straight from columnar interaction arrays
/// (`recommend_columns`, the layout of `score_batch`).

#include <cstddef>
#include <cstdint>
#include <string>

#include <rapport/batch.hpp>
#include <rapport/recommend.hpp>

namespace rapport {
inline namespace v1 {

/// What `recommend_batch` did.
struct batch_report {
  std::size_t planned = 0;   ///< contacts with a window
  std::size_t skipped = 0;   ///< contacts with bad input: their window has what = no_window, next_opening = 0
  std::size_t first_bad = SIZE_MAX;  ///< index of the first skipped contact
  std::string first_error;   ///< its message
};

namespace detail {
// One contact of a batch: plans it, or skips it with its reason (only the first reason is kept, so
// bad contacts cost no allocation after the first). Constraints objects are usually shared by many
// contacts, so each is validated once per run of contacts that share it.
struct batch_planner {
  batch_report report;
  const contact_constraints* last_checked = nullptr;

  void plan(std::size_t i, const contact_state& st, const contact_constraints* const* constraints, timestamp now,
            follow_up_window* out, const model& m, const recommend_options& o) {
    static const contact_constraints defaults{};
    const contact_constraints* c = constraints && constraints[i] ? constraints[i] : &defaults;
    if (st.empty()) return skip(i, out, [] { return std::string("no interactions: there is no connection to follow up"); });
    if (now < st.last()) return skip(i, out, [&] { return "now is before its last interaction " + format_utc(st.last()); });
    if (c != last_checked) {
      if (auto v = c->validate(); !v) return skip(i, out, [&] { return v.error().message; });
      last_checked = c;
    }
    out[i] = plan_follow_up(st.at(now, m), now, *c, m, o);
    ++report.planned;
  }
  // `why` is called only for the first skipped contact: later ones cost no allocation.
  template <class Why>
  void skip(std::size_t i, follow_up_window* out, Why&& why) {
    out[i] = follow_up_window{};
    out[i].what = action::no_window;
    if (report.first_bad == SIZE_MAX) {
      report.first_bad = i;
      report.first_error = "contact " + std::to_string(i) + ": " + why();
    }
    ++report.skipped;
  }
};
}  // namespace detail

/// Windows for `n` contacts in one call: `out[i]` for `states[i]` under `*constraints[i]` (a null
/// `constraints` array or entry means the defaults: UTC, Saturday/Sunday off, quiet 20:00-08:00).
/// No allocation per contact on the way (a bad contact's message is kept only for the first).
/// Reasons are produced on demand by `explain(out[i], *constraints[i], now)`.
inline result<batch_report> recommend_batch(const contact_state* states, std::size_t n,
                                            const contact_constraints* const* constraints, timestamp now,
                                            follow_up_window* out, const model& m = model::defaults(),
                                            const recommend_options& o = {}) {
  if (n > 0 && (states == nullptr || out == nullptr))
    return fail(errc::invalid_argument, "recommend_batch: states and out must not be null");
  if (!now.ok()) return fail(errc::out_of_range, "recommend_batch: now is outside the valid time range");
  if (auto v = o.validate(); !v) return std::move(v).error();
  detail::batch_planner planner;
  for (std::size_t i = 0; i < n; ++i) planner.plan(i, states[i], constraints, now, out, m, o);
  return std::move(planner.report);
}

/// Windows straight from columnar interaction arrays sorted by (contact, time), the layout of
/// `score_batch`: contact c owns rows [offsets[c], offsets[c + 1]). Each contact's rows are folded
/// into a stack `contact_state` and planned; `constraints` as in `recommend_batch`. A malformed row
/// stops the call with an error naming the contact and the row (as `score_batch`); a contact with
/// no rows, or with invalid constraints, is skipped and reported.
inline result<batch_report> recommend_columns(const std::size_t* offsets, std::size_t contacts, const interaction_columns& rows,
                                              const contact_constraints* const* constraints, timestamp now,
                                              follow_up_window* out, const model& m = model::defaults(),
                                              const recommend_options& o = {}) {
  if (auto ok = detail::check_columns(offsets, contacts, rows, now, out, "recommend_columns"); !ok) return std::move(ok).error();
  if (auto v = o.validate(); !v) return std::move(v).error();
  detail::batch_planner planner;
  for (std::size_t c = 0; c < contacts; ++c) {
    contact_state st;
    std::string row_error;  // empty (no allocation) unless a row is bad
    if (const errc e = detail::fold_rows(st, rows, offsets[c], offsets[c + 1], now, m, future_policy::reject, "recommend_columns", c,
                                         &row_error);
        e != errc::ok)
      return fail(e, std::move(row_error));
    planner.plan(c, st, constraints, now, out, m, o);
  }
  return std::move(planner.report);
}

}  // namespace v1
}  // namespace rapport
