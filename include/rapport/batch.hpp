#pragma once
/// Batch warmth over columnar arrays, the layout a CRM's warehouse exports: rows sorted by
/// (contact, time), contact c owning rows [offsets[c], offsets[c + 1]).
///
/// Column-wise, in blocks of about 4096 rows: a validation pass over the block's columns (time
/// range, not after `now`, channel, direction, order within each contact), then a read of each
/// row once without checks: scoring calls rescan each contact's rows into its tallies at `now`
/// (as `snapshot_of` does for a history, decays from tables), planning calls fold them into a
/// stack `contact_state`; either way the contact is scored through the per-contact API's
/// `score_of`. A contact that fails validation is folded with every check, so the first bad row
/// stops the call (or fails its contact) with an error naming the contact and the row. No
/// allocation per contact; with `batch_options::threads` > 1, contiguous ranges of contacts run on
/// that many `std::thread`s, with the same results. docs/PERFORMANCE.md has the figures.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <rapport/detail/batch_decay.hpp>
#include <rapport/detail/tally.hpp>
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
/// Row r repeats an earlier row of its contact (from `begin`) exactly: same second, channel and
/// direction (one record synced twice).
inline bool repeats_earlier_row(const interaction_columns& rows, std::size_t begin, std::size_t r) noexcept {
  const std::int64_t t = rows.at[r];
  for (std::size_t j = r; j > begin && rows.at[j - 1] == t; --j)
    if (rows.channel[j - 1] == rows.channel[r] && rows.direction[j - 1] == rows.direction[r]) return true;
  return false;
}

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
    if (past_now || repeats_earlier_row(rows, begin, r)) continue;
    interaction x;
    x.at = {t};
    x.via = static_cast<channel>(c);
    x.dir = static_cast<direction>(d);
    s.absorb_unchecked(x, m);
  }
  return errc::ok;
}

}  // namespace detail

struct contact_constraints;  // recommend.hpp

namespace detail {
/// One contact as a batch loop holds it: its state (or, read by the scoring engine's rescan, its
/// tallies at `now`: `snap` when `rescanned`) and, when it has them, its context and constraints
/// (`own_context` is storage for a reader that converts contexts).
struct contact_input {
  contact_state state;
  snapshot snap;
  bool rescanned = false;
  network_context own_context;
  const network_context* context = nullptr;
  const contact_constraints* constraints = nullptr;
};

/// The validation pass of a block, contacts [first, end): true when no row needs a check, that is
/// every time is in 0..`now` (so in range and not in the future), every channel known, every
/// direction 0..2 and each contact's rows in time order. One branch-free loop over the columns
/// (vectorised from SSE4.2 on: x86-64-v2; plain x86-64 has no 64-bit compare); a block that fails is then folded with `fold_rows`, which finds
/// and names the bad row.
template <class Offset>
bool rows_clean(const Offset* offsets, std::size_t first, std::size_t end, const interaction_columns& rows, timestamp now,
                std::size_t channel_count) noexcept {
  const auto b = static_cast<std::size_t>(offsets[first]), e = static_cast<std::size_t>(offsets[end]);
  const auto latest = static_cast<std::uint64_t>(now.seconds);     // a negative time wraps above it
  const auto channels = static_cast<std::uint8_t>(channel_count);  // at most max_channels (64)
  if (b == e) return true;
  unsigned bad = static_cast<unsigned>(static_cast<std::uint64_t>(rows.at[b]) > latest) |
                 static_cast<unsigned>(rows.channel[b] >= channels) | static_cast<unsigned>(rows.direction[b] > 2);
  unsigned descents = 0;
  for (std::size_t r = b + 1; r < e; ++r) {  // one pass over the columns
    bad |= static_cast<unsigned>(static_cast<std::uint64_t>(rows.at[r]) > latest) |
           static_cast<unsigned>(rows.channel[r] >= channels) | static_cast<unsigned>(rows.direction[r] > 2);
    descents += static_cast<unsigned>(rows.at[r] < rows.at[r - 1]);
  }
  // A descent where a contact starts is no disorder: take those back (each start once).
  for (std::size_t c = first + 1, previous = b; c < end; ++c) {
    const auto r = static_cast<std::size_t>(offsets[c]);
    if (r == previous || r >= e) continue;
    descents -= static_cast<unsigned>(rows.at[r] < rows.at[r - 1]);
    previous = r;
  }
  return bad == 0 && descents == 0;
}

/// Calls `f(x)` for each row of [begin, end) that `rows_clean` passed, as an interaction, each
/// read once, exact duplicates merged as in `fold_rows`.
template <class F>
void for_each_distinct_row(const interaction_columns& rows, std::size_t begin, std::size_t end, F&& f) {
  for (std::size_t r = begin; r < end; ++r) {
    if (r > begin && rows.at[r] == rows.at[r - 1] && repeats_earlier_row(rows, begin, r)) continue;
    interaction x;
    x.at = {rows.at[r]};
    x.via = static_cast<channel>(rows.channel[r]);
    x.dir = static_cast<direction>(rows.direction[r]);
    f(x);
  }
}

/// Folds rows [begin, end) that `rows_clean` passed through `contact_state::absorb_unchecked`
/// (so the state, and the score, are the per-contact API's).
inline void fold_clean(contact_state& s, const interaction_columns& rows, std::size_t begin, std::size_t end,
                       const model& m) noexcept {
  for_each_distinct_row(rows, begin, end, [&](const interaction& x) { s.absorb_unchecked(x, m); });
}

/// The tallies at `now` of rows [begin, end) that `rows_clean` passed, by a rescan as
/// `snapshot_of` does for a history: each distinct row's decayed weight summed directly (the
/// decays read from `d`), the turn-taking through the shared `detail::step`. Exact duplicates are
/// merged as in `fold_rows`. Equals the fold of a `contact_state` to rounding (a few ulp).
inline void rescan_clean(snapshot& s, const interaction_columns& rows, std::size_t begin, std::size_t end, timestamp now,
                         const model& m, const decay_tables& d) noexcept {
  const channel_table& channels = m.channels();
  tally t;
  double log_latency = 0;
  std::int64_t prev = 0;
  for_each_distinct_row(rows, begin, end, [&](const interaction& x) {
    const double w = channels.weight(x.via);
    const auto age = static_cast<std::uint32_t>(now.seconds - x.at.seconds);
    const double ws = w * d.short_half_life(age), wl = w * d.long_half_life(age);
    const bool theirs = x.dir != direction::outbound, ours = x.dir != direction::inbound;
    s.in_short += theirs ? ws : 0.0;  // adding 0 leaves a sum as it was: no branch on the data
    s.in_long += theirs ? wl : 0.0;
    s.out_short += ours ? ws : 0.0;
    s.out_long += ours ? wl : 0.0;
    step(t, log_latency, x, prev, channels.spec(x.via), m.params());
    if (x.dir == direction::inbound) s.last_inbound = x.at.seconds;
    prev = x.at.seconds;
  });
  s.first = end > begin ? rows.at[begin] : 0;
  s.last = prev;
  fill(s, t, log_latency);
}

/// Reads contact after contact of one range [.., end): validates a block of about `block_rows`
/// rows when a contact starts one (a block ends with a contact), then reads each contact of a
/// clean block once, with `rescan_clean` into `in.snap` when `decay` is given (scoring), else
/// with `fold_clean` into `in.state` (planning needs the state); in a block that failed
/// validation, a contact that fails it alone goes through `fold_rows`, which names the bad row.
/// Contacts must come in order.
template <class Offset>
struct row_folder {
  static constexpr std::size_t block_rows = 4096;  // a block's columns stay in L1 between the two passes
  const Offset* offsets;
  const interaction_columns& rows;
  std::size_t end;
  timestamp now;
  const model& m;
  future_policy future;
  const char* caller;
  const decay_tables* decay = nullptr;
  std::size_t block_end = 0;
  bool clean = false;

  errc operator()(std::size_t k, contact_input& in, std::string* message) {
    if (k >= block_end) {
      const auto start = static_cast<std::size_t>(offsets[k]);
      block_end = k + 1;
      while (block_end < end && static_cast<std::size_t>(offsets[block_end + 1]) - start <= block_rows) ++block_end;
      clean = rows_clean(offsets, k, block_end, rows, now, m.channels().size());
    }
    const auto b = static_cast<std::size_t>(offsets[k]), e = static_cast<std::size_t>(offsets[k + 1]);
    // In a failed block, each contact is checked alone: how a contact is read depends on its own
    // rows only, never on its neighbours (so every thread split gives the same bits).
    if (!clean && !rows_clean(offsets, k, k + 1, rows, now, m.channels().size()))
      return fold_rows(in.state, rows, b, e, now, m, future, caller, k, message);
    if (decay) {
      rescan_clean(in.snap, rows, b, e, now, m, *decay);
      in.rescanned = true;
    } else {
      fold_clean(in.state, rows, b, e, m);
    }
    return errc::ok;
  }
};

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
  /// Threads to run on (0 or 1: the calling thread only). Contacts are split into contiguous
  /// ranges of about equal work, one per thread; every output is bit-identical to one thread's.
  /// Each call starts and joins its own `std::thread`s (no pool, no global state).
  unsigned threads = 1;
  /// The horizon warmth is the probability of contact within, in days: 0 = the model's own, else
  /// 1-365 (as `score_options::horizon_days`). Scoring calls only; planning ignores it.
  double horizon_days = 0;
};

namespace detail {

/// How a batch loop treats a contact it cannot handle: fail the call, skip it and go on, or fail
/// only when its input (a row, a state's bytes, a context) is bad and skip it otherwise.
enum class on_bad_contact { stop, skip, stop_on_bad_input };

/// The one loop under every batch call, C++ and C alike. For each contact k, `read(k, in, message)`
/// fills `in` from the caller's arrays, then `use(k, in, message)` computes and writes k's outputs;
/// each returns `errc::ok` or the code of what is wrong, with its text put into `*message` only
/// when `message` is not null (it is null once a bad contact has been described). A bad contact
/// gets `skip(k, code)` and is counted, or ends the call, as `policy` says.
/// Contacts [first, end) only: `for_each_contact_in`; one range of a threaded call.
template <class Read, class Use, class Skip>
result<batch_report> for_each_contact_in(std::size_t first, std::size_t end, on_bad_contact policy, Read&& read, Use&& use,
                                         Skip&& skip) {
  batch_report report;
  std::string message;  // stays empty (no allocation) unless a contact is bad
  for (std::size_t k = first; k < end; ++k) {
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
template <class Read, class Use, class Skip>
result<batch_report> for_each_contact(std::size_t n, on_bad_contact policy, Read&& read, Use&& use, Skip&& skip) {
  return for_each_contact_in(0, n, policy, std::forward<Read>(read), std::forward<Use>(use), std::forward<Skip>(skip));
}

/// The reports of consecutive ranges as one loop over all of them would give: the first range's
/// error, else the counts summed and the first bad contact of the first range that has one.
inline result<batch_report> merge_reports(std::vector<result<batch_report>>& parts) {
  batch_report total;
  for (auto& p : parts) {
    if (!p) return std::move(p).error();
    total.planned += p->planned;
    total.skipped += p->skipped;
    if (total.first_bad == SIZE_MAX && p->first_bad != SIZE_MAX) {
      total.first_bad = p->first_bad;
      total.first_code = p->first_code;
      total.first_error = std::move(p->first_error);
    }
  }
  return total;
}

/// `run(first, end)` over contacts [0, n) split into `threads` contiguous ranges of about equal
/// work, `work_before(c)` being the (non-decreasing) work of contacts [0, c); the first range runs
/// on the calling thread. Each contact's outputs depend on that contact alone, so the results are
/// those of `run(0, n)`.
template <class Work, class Run>
result<batch_report> in_ranges(std::size_t n, unsigned threads, Work&& work_before, Run&& run) {
  const std::size_t t = std::max<std::size_t>(1, std::min<std::size_t>(threads, n));
  if (t == 1) return run(std::size_t{0}, n);
  std::vector<std::size_t> cut(t + 1, n);
  cut[0] = 0;
  const double total = static_cast<double>(work_before(n));
  for (std::size_t i = 1; i < t; ++i) {  // the first contact whose work before reaches i/t of the total
    std::size_t lo = cut[i - 1], hi = n;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (static_cast<double>(work_before(mid)) * static_cast<double>(t) < total * static_cast<double>(i))
        lo = mid + 1;
      else
        hi = mid;
    }
    cut[i] = lo;
  }
  std::vector<result<batch_report>> parts(t, batch_report{});
  auto part = [&](std::size_t i) {
    try {
      parts[i] = run(cut[i], cut[i + 1]);
    } catch (const std::bad_alloc&) {  // a thread must not throw: say it as the call's error
      parts[i] = fail(errc::out_of_memory, "batch: out of memory in thread " + std::to_string(i));
    }
  };
  std::vector<std::thread> pool;
  std::size_t started = 1;
  try {
    pool.reserve(t - 1);
    for (; started < t; ++started) pool.emplace_back(part, started);
  } catch (const std::exception&) {  // no more threads (or memory for them): the rest run here
  }
  part(0);
  for (std::size_t i = started; i < t; ++i) part(i);
  for (auto& th : pool) th.join();
  return merge_reports(parts);
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
inline contact_score score_contact(const contact_input& in, timestamp now, const model& m, double horizon_days) noexcept {
  contact_score out;
  if (in.rescanned ? in.snap.conversations == 0 : in.state.empty() || in.state.last() > now) return out;
  const snapshot snap = in.rescanned ? in.snap : in.state.at(now, m);
  out.score = score_of(snap, now.seconds, m.params(), in.context, horizon_days);
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
/// Contact k's rows folded into `in.state` by a range's `row_folder`, after its context.
template <class Offset, class Context>
errc read_rows(row_folder<Offset>& fold, std::size_t k, contact_input& in, Context& context, std::string* message) {
  if (const errc e = context(k, in, message); e != errc::ok) return e;
  return fold(k, in, message);
}

/// The thread split of a columnar call: the work before contact c is its rows plus, per contact,
/// about four rows' worth for scoring (BM_ScoreStates against BM_BatchWarmth).
template <class Offset>
auto rows_before(const Offset* offsets) {
  return [offsets](std::size_t c) { return static_cast<std::size_t>(offsets[c]) + 4 * c; };
}

/// From this many rows a scoring call reads clean rows with `rescan_clean` and decay tables.
inline constexpr std::size_t rescan_min_rows = 8192;

/// `score_batch`'s engine, C++ and C alike: `context(k, in, message)` gives contact k its context
/// (see for_each_contact), `write(k, score)` writes a scored contact's outputs and `skip(k, code)`
/// a bad one's. Arguments already checked by `check_columns`.
template <class Offset, class Context, class Write, class Skip>
result<batch_report> score_rows(const Offset* offsets, std::size_t contacts, const interaction_columns& rows, timestamp now,
                                const model& m, const batch_options& o, on_bad_contact policy, const char* caller,
                                Context&& context, Write&& write, Skip&& skip) {
  // The decay tables cost 2,048 std::exp2 per range: worth it from a few thousand rows. The
  // choice depends on the whole call, so that every thread count takes the same path.
  const bool tables = rows.size >= rescan_min_rows;
  return in_ranges(contacts, o.threads, rows_before(offsets), [&](std::size_t first, std::size_t end) {
    const std::optional<decay_tables> decay = tables ? std::optional<decay_tables>(m) : std::nullopt;
    row_folder<Offset> fold{offsets, rows, end, now, m, o.future, caller, decay ? &*decay : nullptr};
    return for_each_contact_in(
        first, end, policy,
        [&](std::size_t k, contact_input& in, std::string* message) { return read_rows(fold, k, in, context, message); },
        [&](std::size_t k, contact_input& in, std::string*) {
          write(k, score_contact(in, now, m, o.horizon_days));
          return errc::ok;
        },
        skip);
  });
}

/// `score_batch`'s loop; `context(k, in, message)` gives contact k its context (see for_each_contact).
template <class Offset, class Context>
result<batch_report> score_columns(const Offset* offsets, std::size_t contacts, const interaction_columns& rows, timestamp now,
                                   const model& m, double* scores, stage* stages, const batch_options& o, Context&& context) {
  if (auto ok = check_columns(offsets, contacts, rows, now, scores, "score_batch"); !ok) return std::move(ok).error();
  if (auto ok = check_horizon(o.horizon_days); !ok) return fail(errc::invalid_argument, "score_batch: " + ok.error().message);
  return score_rows(
      offsets, contacts, rows, now, m, o, policy_of(o, on_bad_contact::stop), "score_batch", context,
      [&](std::size_t k, const contact_score& s) { write_score(k, s, scores, stages, o); },
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
  if (auto ok = check_horizon(o.horizon_days); !ok) return fail(errc::invalid_argument, "score_states: " + ok.error().message);
  auto run = [&](std::size_t first, std::size_t end) {
    return detail::for_each_contact_in(
        first, end, detail::policy_of(o, detail::on_bad_contact::stop),
        [&](std::size_t k, detail::contact_input& in, std::string* message) {
          if (const char* why = states[k].defect()) {
            if (message) *message = "score_states: contact " + std::to_string(k) + ": contact state: " + why;
            return errc::invalid_argument;
          }
          in.state = states[k];
          return detail::context_of(in, o.contexts, k, "score_states", message);
        },
        [&](std::size_t k, detail::contact_input& in, std::string*) {
          return detail::write_score(k, detail::score_contact(in, now, m, o.horizon_days), scores, stages, o);
        },
        [&](std::size_t k, errc code) { detail::write_score(k, detail::contact_score{}, scores, stages, o, code); });
  };
  return detail::in_ranges(
      n, o.threads, [](std::size_t c) { return c; }, run);
}

}  // namespace v1
}  // namespace rapport
