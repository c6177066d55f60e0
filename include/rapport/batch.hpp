#pragma once
/// Batch warmth over columnar arrays, the layout a CRM's warehouse exports: rows sorted by
/// (contact, time), contact c owning rows [offsets[c], offsets[c + 1]).
///
/// One pass, no allocation: each contact's rows are folded into a stack `contact_state` and scored
/// at `now`. Every row is checked (channel, direction, time range, order, not after `now`); the
/// first bad row stops the call with an error naming the contact and the row.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include <rapport/state.hpp>
#include <rapport/warmth.hpp>

namespace rapport {
inline namespace v1 {

/// Interactions as parallel arrays of `size` rows (durations and reply links are not needed for warmth).
struct interaction_columns {
  const std::int64_t* at = nullptr;         ///< UTC seconds
  const std::uint8_t* channel = nullptr;    ///< `rapport::channel` values
  const std::uint8_t* direction = nullptr;  ///< `rapport::direction` values
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
    if (message)
      *message = std::string(caller) + ": contact " + std::to_string(contact) + ", row " + std::to_string(r) + ": " + why;
    return code;
  };
  bool past_now = false;
  for (std::size_t r = begin; r < end; ++r) {
    const std::int64_t t = rows.at[r];
    const std::uint8_t c = rows.channel[r], d = rows.direction[r];
    if (t < timestamp::min().seconds || t > timestamp::max().seconds)
      return bad(errc::out_of_range, r, "time " + std::to_string(t) + " s is outside 0..4294967295 (1970-01-01..2106-02-07)");
    if (c >= channel_count)
      return bad(errc::invalid_argument, r,
                 "channel " + std::to_string(c) + " is unknown to the model (it has " + std::to_string(channel_count) + ")");
    if (d > 2) return bad(errc::invalid_argument, r, "direction " + std::to_string(d) + " is not 0, 1 or 2");
    if (r > begin && t < rows.at[r - 1])
      return bad(errc::invalid_argument, r,
                 "time " + std::to_string(t) + " is earlier than row " + std::to_string(r - 1) +
                     "'s; rows are not sorted by time within the contact");
    if (t > now.seconds) {
      if (future == future_policy::reject)
        return bad(errc::out_of_range, r, "time " + format_utc({t}) + " is after now (" + format_utc(now) + ")");
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
/// `Offset` is `std::size_t` or a signed type whose values are compared as `std::size_t` (negative
/// ones then fail the checks).
template <class Offset>
result<void> check_columns(const Offset* offsets, std::size_t contacts, const interaction_columns& rows, timestamp now,
                           const void* outputs, const char* caller) {
  static_assert(std::is_integral_v<Offset>, "offsets are integers");
  const std::string fn(caller);
  auto off = [&](std::size_t c) { return static_cast<std::size_t>(offsets[c]); };
  if (contacts > 0 && (offsets == nullptr || outputs == nullptr))
    return fail(errc::invalid_argument, fn + ": offsets and the output array must not be null");
  if (rows.size > 0 && (rows.at == nullptr || rows.channel == nullptr || rows.direction == nullptr))
    return fail(errc::invalid_argument, fn + ": the row arrays must not be null");
  if (!now.ok()) return fail(errc::out_of_range, fn + ": the scoring time is outside the valid range");
  if (contacts == 0 && rows.size != 0)
    return fail(errc::invalid_argument, fn + ": " + std::to_string(rows.size) + " rows but no contact to own them");
  if (contacts > 0 && (off(0) != 0 || off(contacts) != rows.size))
    return fail(errc::invalid_argument,
                fn + ": offsets must start at 0 and end at the row count (" + std::to_string(rows.size) + ")");
  for (std::size_t c = 0; c < contacts; ++c)
    if (off(c + 1) < off(c))
      return fail(errc::invalid_argument,
                  fn + ": offsets[" + std::to_string(c + 1) + "] is smaller than offsets[" + std::to_string(c) + "]");
  return {};
}
}  // namespace detail

struct contact_constraints;  // recommend.hpp

/// What a batch call did, contact by contact.
struct batch_report {
  std::size_t planned = 0;           ///< contacts handled without error (a score, possibly NaN; a window)
  std::size_t skipped = 0;           ///< contacts with bad input: their outputs say "no result"
  std::size_t first_bad = SIZE_MAX;  ///< index of the first skipped contact
  std::string first_error;           ///< its message (the only one formatted: later bad contacts cost nothing)
  errc first_code = errc::ok;        ///< its code
};

/// The per-contact options of the batch calls.
struct batch_options {
  future_policy future = future_policy::reject;  ///< rows after `now` (columnar calls)
  /// Null, or one pointer per contact: null (no context for that contact) or its network context;
  /// contacts may share one. A bad context is that contact's failure, as a bad row is.
  const network_context* const* contexts = nullptr;
  /// Null: the first bad contact fails the call (`recommend_batch`: skips it, as always). Otherwise
  /// one code per contact: a bad contact gets its code, its outputs say "no result", the call goes
  /// on and the report names the first one.
  errc* statuses = nullptr;
};

namespace detail {

/// How a batch loop treats a contact it cannot handle: fail the call, skip it and go on, or fail
/// only when its input (a row, a state's bytes, a context) is bad and skip it otherwise.
enum class on_bad_contact { stop, skip, stop_on_bad_input };

/// One contact as a batch loop holds it: its state and, when it has them, its context and
/// constraints (`own_context` is storage for a reader that converts contexts).
struct contact_input {
  contact_state state;
  network_context own_context;
  const network_context* context = nullptr;
  const contact_constraints* constraints = nullptr;
};

/// The one loop under every batch call, C++ and C alike. For each contact k, `read(k, in, message)`
/// fills `in` from the caller's arrays, then `use(k, in, message)` computes and writes k's outputs;
/// each returns `errc::ok` or the code of what is wrong, with its text put into `*message` only
/// when `message` is not null (it is null once a bad contact has been described). A bad contact
/// gets `skip(k, code)` and is counted, or ends the call, as `policy` says.
template <class Read, class Use, class Skip>
result<batch_report> for_each_contact(std::size_t n, on_bad_contact policy, Read&& read, Use&& use, Skip&& skip) {
  batch_report report;
  std::string message;  // stays empty (no allocation) unless a contact is bad
  for (std::size_t k = 0; k < n; ++k) {
    contact_input in;
    std::string* text = report.first_bad == SIZE_MAX ? &message : nullptr;
    // bad input that ends the call is described even after skipped contacts (it happens once)
    errc code = read(k, in, policy == on_bad_contact::stop_on_bad_input ? &message : text);
    const bool bad_input = code != errc::ok;
    if (!bad_input) code = use(k, in, text);
    if (code == errc::ok) {
      ++report.planned;
      continue;
    }
    if (policy == on_bad_contact::stop || (policy == on_bad_contact::stop_on_bad_input && bad_input))
      return fail(code, std::move(message));
    skip(k, code);
    if (report.first_bad == SIZE_MAX) {
      report.first_bad = k;
      report.first_code = code;
      report.first_error = std::move(message);
    }
    ++report.skipped;
  }
  return report;
}

/// Contact k's context from `contexts` (null array or entry: none), checked; the message starts
/// "<caller>: contact k: ".
inline errc context_of(contact_input& in, const network_context* const* contexts, std::size_t k, const char* caller,
                       std::string* message) {
  if (!contexts || !contexts[k]) return errc::ok;
  if (auto v = contexts[k]->validate(); !v) {
    if (message) *message = std::string(caller) + ": contact " + std::to_string(k) + ": " + v.error().message;
    return v.error().code;
  }
  in.context = contexts[k];
  return errc::ok;
}

/// A contact's warmth at `now`: NaN when there is nothing to score (no interaction, or all after `now`).
struct contact_score {
  double score = std::numeric_limits<double>::quiet_NaN();
  stage which = stage::new_contact;
  bool empty = true;
};
inline contact_score score_contact(const contact_input& in, timestamp now, const model& m) noexcept {
  contact_score out;
  if (in.state.empty() || in.state.last() > now) return out;
  const snapshot snap = in.state.at(now, m);
  out.score = score_of(snap, now.seconds, m.params(), in.context);
  out.which = stage_of(snap, now.seconds, m.params());
  out.empty = false;
  return out;
}

/// Writes contact k's score, stage and status (`code` other than ok: a bad contact, NaN).
inline errc write_score(std::size_t k, const contact_score& s, double* scores, stage* stages, const batch_options& o,
                        errc code = errc::ok) noexcept {
  scores[k] = s.score;
  if (stages) stages[k] = s.which;
  if (o.statuses) o.statuses[k] = code;
  return errc::ok;
}

/// The policy of a call with optional per-contact statuses.
inline on_bad_contact policy_of(const batch_options& o, on_bad_contact without) noexcept {
  return o.statuses ? on_bad_contact::skip : without;
}

}  // namespace detail

namespace detail {
/// `score_batch`'s loop; `context(k, in, message)` gives contact k its context (see for_each_contact).
template <class Offset, class Context>
result<batch_report> score_columns(const Offset* offsets, std::size_t contacts, const interaction_columns& rows, timestamp now,
                                   const model& m, double* scores, stage* stages, const batch_options& o, Context&& context) {
  if (auto ok = check_columns(offsets, contacts, rows, now, scores, "score_batch"); !ok) return std::move(ok).error();
  return for_each_contact(
      contacts, policy_of(o, on_bad_contact::stop),
      [&](std::size_t k, contact_input& in, std::string* message) {
        if (const errc e = context(k, in, message); e != errc::ok) return e;
        const auto b = static_cast<std::size_t>(offsets[k]), e = static_cast<std::size_t>(offsets[k + 1]);
        return fold_rows(in.state, rows, b, e, now, m, o.future, "score_batch", k, message);
      },
      [&](std::size_t k, contact_input& in, std::string*) {
        return write_score(k, score_contact(in, now, m), scores, stages, o);
      },
      [&](std::size_t k, errc code) { write_score(k, contact_score{}, scores, stages, o, code); });
}
}  // namespace detail

/// Writes the 0-100 warmth of each contact into `scores[0..contacts)`; a contact with no rows (or
/// none before `now` under `future_policy::ignore`) gets NaN: there is nothing to score. `offsets`
/// has `contacts + 1` non-decreasing entries with offsets[contacts] == rows.size (`Offset` is
/// `std::size_t`, or the C API's `std::int64_t`). Optionally writes each contact's stage
/// (`stage::new_contact` when there is no score). Exact duplicate rows are merged, as in
/// `history::from`. `o.contexts` gives contacts their network contexts; with `o.statuses`, a bad
/// contact (a bad row or context) gets its code and NaN while the others are scored; without, the
/// first one fails the call. No allocation per contact.
template <class Offset>
result<batch_report> score_batch(const Offset* offsets, std::size_t contacts, const interaction_columns& rows, timestamp now,
                                 const model& m, double* scores, stage* stages, const batch_options& o) {
  return detail::score_columns(offsets, contacts, rows, now, m, scores, stages, o,
                               [&](std::size_t k, detail::contact_input& in, std::string* message) {
                                 return detail::context_of(in, o.contexts, k, "score_batch", message);
                               });
}

/// As above with a `future` policy and, when `contexts` is not null, one `network_context` per
/// contact, all checked before any row is read; the first bad row fails the call.
inline result<void> score_batch(const std::size_t* offsets, std::size_t contacts, const interaction_columns& rows, timestamp now,
                                const model& m, double* scores, stage* stages = nullptr,
                                future_policy future = future_policy::reject, const network_context* contexts = nullptr) {
  if (auto ok = detail::check_columns(offsets, contacts, rows, now, scores, "score_batch"); !ok) return ok;
  if (contexts)
    for (std::size_t c = 0; c < contacts; ++c)
      if (auto ok = contexts[c].validate(); !ok)
        return fail(errc::invalid_argument, "score_batch: contact " + std::to_string(c) + ": " + ok.error().message);
  batch_options o;
  o.future = future;
  auto r = detail::score_columns(offsets, contacts, rows, now, m, scores, stages, o,
                                 [&](std::size_t k, detail::contact_input& in, std::string*) {
                                   if (contexts) in.context = &contexts[k];
                                   return errc::ok;
                                 });
  if (!r) return std::move(r).error();
  return {};
}

/// Warmth at `now` of `n` incremental states (`scores[k]` of `states[k]`, as `score(state, now)`);
/// an empty state, or one whose last interaction is after `now`, gets NaN. Each state is checked
/// (`contact_state::defect`, for states whose bytes came from outside). Contexts and statuses as
/// in `score_batch`. No allocation per contact.
inline result<batch_report> score_states(const contact_state* states, std::size_t n, timestamp now, const model& m,
                                         double* scores, stage* stages = nullptr, const batch_options& o = {}) {
  if (n > 0 && (states == nullptr || scores == nullptr))
    return fail(errc::invalid_argument, "score_states: states and scores must not be null");
  if (!now.ok()) return fail(errc::out_of_range, "score_states: the scoring time is outside the valid range");
  return detail::for_each_contact(
      n, detail::policy_of(o, detail::on_bad_contact::stop),
      [&](std::size_t k, detail::contact_input& in, std::string* message) {
        if (const char* why = states[k].defect()) {
          if (message) *message = "score_states: contact " + std::to_string(k) + ": contact state: " + why;
          return errc::invalid_argument;
        }
        in.state = states[k];
        return detail::context_of(in, o.contexts, k, "score_states", message);
      },
      [&](std::size_t k, detail::contact_input& in, std::string*) {
        return detail::write_score(k, detail::score_contact(in, now, m), scores, stages, o);
      },
      [&](std::size_t k, errc code) { detail::write_score(k, detail::contact_score{}, scores, stages, o, code); });
}

}  // namespace v1
}  // namespace rapport
