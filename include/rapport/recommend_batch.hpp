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

namespace detail {

/// Contact k's constraints from `constraints` (a null array or entry: the defaults), checked once
/// per run of contacts that share them (callers usually pass a few objects for many contacts).
struct constraints_checker {
  const contact_constraints* last_checked = nullptr;

  errc operator()(contact_input& in, const contact_constraints* const* constraints, std::size_t k, const char* caller,
                  std::string* message) {
    if (!constraints || !constraints[k]) return errc::ok;
    const contact_constraints* c = constraints[k];
    if (c != last_checked) {
      if (auto v = c->validate(); !v) {
        if (message) *message = std::string(caller) + ": contact " + std::to_string(k) + ": " + v.error().message;
        return v.error().code;
      }
      last_checked = c;
    }
    in.constraints = c;
    return errc::ok;
  }
};

/// Plans one contact whose input is read: it needs a connection and `now` not before it.
inline errc plan_contact(std::size_t k, const contact_input& in, timestamp now, follow_up_window& out, const model& m,
                         const recommend_options& o, const char* caller, std::string* message) {
  auto bad = [&](errc code, const std::string& why) {
    if (message) *message = std::string(caller) + ": contact " + std::to_string(k) + why;
    return code;
  };
  if (in.state.empty()) return bad(errc::invalid_argument, " has no interaction before now: there is nothing to follow up");
  if (now < in.state.last())
    return bad(errc::out_of_range, ": now is before its last interaction " + format_utc(in.state.last()));
  static const contact_constraints defaults{};
  out = plan_follow_up(in.state.at(now, m), now, in.constraints ? *in.constraints : defaults, m, o, in.context);
  return errc::ok;
}

/// The step every batch planner shares once a contact's state is read: its constraints, its
/// context, then its window.
inline errc plan_checked(std::size_t k, contact_input& in, constraints_checker& check,
                         const contact_constraints* const* constraints, const network_context* const* contexts, timestamp now,
                         follow_up_window* out, const model& m, const recommend_options& o, errc* statuses, const char* caller,
                         std::string* message) {
  errc e = check(in, constraints, k, caller, message);
  if (e == errc::ok) e = context_of(in, contexts, k, caller, message);
  if (e == errc::ok) e = plan_contact(k, in, now, out[k], m, o, caller, message);
  if (statuses && e == errc::ok) statuses[k] = e;
  return e;
}

/// A skipped contact's window: no window, no next opening.
inline void skip_window(follow_up_window& out) noexcept {
  out = follow_up_window{};
  out.what = action::no_window;
}

/// The planning half of both batch planners, for one range of contacts: `use` plans a read
/// contact, `skip` writes a bad one's outputs (its own constraints checker: it remembers).
struct range_planner {
  const contact_constraints* const* constraints;
  const batch_options& b;
  timestamp now;
  follow_up_window* out;
  const model& m;
  const recommend_options& o;
  const char* caller;
  constraints_checker check{};

  errc use(std::size_t k, contact_input& in, std::string* message) {
    return plan_checked(k, in, check, constraints, b.contexts, now, out, m, o, b.statuses, caller, message);
  }
  void skip(std::size_t k, errc code) const noexcept {
    skip_window(out[k]);
    if (b.statuses) b.statuses[k] = code;
  }
};

}  // namespace detail

/// Windows for `n` contacts in one call: `out[i]` for `states[i]` under `*constraints[i]` (a null
/// `constraints` array or entry means the defaults: UTC, Saturday/Sunday off, quiet 20:00-08:00).
/// A contact with no interaction, with `now` before its last one, with invalid constraints or a bad
/// context (`b.contexts`, as in `score_batch`) is skipped (`out[i].what == action::no_window`) and
/// reported, with its code in `b.statuses[i]` when given. No allocation per contact on the way (a
/// bad contact's message is kept only for the first). Reasons are produced on demand by
/// `explain(out[i], *constraints[i], now)`.
inline result<batch_report> recommend_batch(const contact_state* states, std::size_t n,
                                            const contact_constraints* const* constraints, timestamp now, follow_up_window* out,
                                            const model& m = model::defaults(), const recommend_options& o = {},
                                            const batch_options& b = {}) {
  if (n > 0 && (states == nullptr || out == nullptr))
    return fail(errc::invalid_argument, "recommend_batch: states and out must not be null");
  if (!now.ok()) return fail(errc::out_of_range, "recommend_batch: now is outside the valid time range");
  if (auto v = o.validate(); !v) return std::move(v).error();
  return detail::in_ranges(
      n, b.threads, [](std::size_t c) { return c; },
      [&](std::size_t first, std::size_t end) {
        detail::range_planner plan{constraints, b, now, out, m, o, "recommend_batch"};
        return detail::for_each_contact_in(
            first, end, detail::on_bad_contact::skip,
            [&](std::size_t k, detail::contact_input& in, std::string*) {
              in.state = states[k];
              return errc::ok;
            },
            [&](std::size_t k, detail::contact_input& in, std::string* message) { return plan.use(k, in, message); },
            [&](std::size_t k, errc code) { plan.skip(k, code); });
      });
}

/// Windows straight from columnar interaction arrays sorted by (contact, time), the layout of
/// `score_batch`: contact c owns rows [offsets[c], offsets[c + 1]). Each contact's rows are folded
/// into a stack `contact_state` and planned; `constraints` and `b.contexts` as in `recommend_batch`.
/// A malformed row (or one after `now` under `b.future == future_policy::reject`) stops the call
/// with an error naming the contact and the row (as `score_batch`), unless `b.statuses` is given:
/// then it is that contact's failure. A contact with no rows, invalid constraints or a bad context
/// is skipped and reported.
template <class Offset>
result<batch_report> recommend_columns(const Offset* offsets, std::size_t contacts, const interaction_columns& rows,
                                       const contact_constraints* const* constraints, timestamp now, follow_up_window* out,
                                       const model& m = model::defaults(), const recommend_options& o = {},
                                       const batch_options& b = {}) {
  if (auto ok = detail::check_columns(offsets, contacts, rows, now, out, "recommend_columns"); !ok) return std::move(ok).error();
  if (auto v = o.validate(); !v) return std::move(v).error();
  return detail::in_ranges(contacts, b.threads, detail::rows_before(offsets), [&](std::size_t first, std::size_t end) {
    detail::range_planner plan{constraints, b, now, out, m, o, "recommend_columns"};
    detail::row_folder<Offset> fold{offsets, rows, end, now, m, b.future, "recommend_columns"};
    return detail::for_each_contact_in(
        first, end, detail::policy_of(b, detail::on_bad_contact::stop_on_bad_input),
        [&](std::size_t k, detail::contact_input& in, std::string* message) { return fold(k, in, message); },
        [&](std::size_t k, detail::contact_input& in, std::string* message) { return plan.use(k, in, message); },
        [&](std::size_t k, errc code) { plan.skip(k, code); });
  });
}

}  // namespace v1
}  // namespace rapport
