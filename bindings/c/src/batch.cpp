// Batches: warmth and follow-up windows for many contacts per call. The loop, its per-contact
// statuses and the rules are the C++ core's (rapport::detail::for_each_contact, the same engine as
// score_batch / score_states / recommend_batch / recommend_columns); this file converts the C
// arguments (int64 offsets, raw states, C contexts and constraints) and writes the C outputs.

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include <rapport/batch.hpp>
#include <rapport/recommend_batch.hpp>

#include "capi.hpp"

using rapport::errc;
using rapport::detail::contact_input;
using namespace rapport::capi;

rapport_status rapport_batch_options_init(rapport_batch_options* options, uint32_t version) {
  RAPPORT_C_ENTRY {
    const rapport_status st =
        init_future_options(fn, options, version, RAPPORT_BATCH_OPTIONS_VERSION, &rapport_batch_options::contexts);
    if (st == ok && version >= 3) {
      options->threads = 1;
      options->reserved = 0;
      options->horizon_days = 0;
    }
    return st;
  };
}

namespace {

// The offsets first, so that no row is read out of bounds (and every offset is >= 0 after).
rapport_status check_offsets(const int64_t* offsets, std::size_t contacts, std::size_t rows, const char* fn) {
  if (offsets[0] != 0)
    return fail_c(errc::invalid_argument, "%s: offsets[0] = %lld; it must be 0", fn, static_cast<long long>(offsets[0]));
  for (std::size_t k = 0; k < contacts; ++k) {
    if (offsets[k + 1] < offsets[k])
      return fail_c(errc::invalid_argument, "%s: offsets[%zu] = %lld is less than offsets[%zu] = %lld", fn, k + 1,
                    static_cast<long long>(offsets[k + 1]), k, static_cast<long long>(offsets[k]));
  }
  if (static_cast<std::uint64_t>(offsets[contacts]) != rows)
    return fail_c(errc::invalid_argument, "%s: offsets[contacts = %zu] = %lld; it must equal rows = %zu", fn, contacts,
                  static_cast<long long>(offsets[contacts]), rows);
  return ok;
}

// The arguments every columnar call checks before the offsets.
rapport_status check_columns(const void* outputs, const char* outputs_name, const int64_t* offsets, std::size_t contacts,
                             const int64_t* at, const uint8_t* channels, const uint8_t* directions, std::size_t rows, int64_t now,
                             const char* fn) {
  if (!offsets) return null_arg(fn, "offsets");
  if (contacts > 0 && !outputs) return null_arg(fn, outputs_name);
  if (rows > 0 && !at) return null_arg(fn, "at");
  if (rows > 0 && !channels) return null_arg(fn, "channels");
  if (rows > 0 && !directions) return null_arg(fn, "directions");
  if (contacts == std::numeric_limits<size_t>::max())
    return fail_c(errc::out_of_range, "%s: contacts = %zu overflows offsets' length (contacts + 1)", fn, contacts);
  return check_time(now, fn, "now");
}

// The core's message of a C conversion that just failed (only when the engine asks for one).
errc noted(rapport_status st, std::string* message) {
  if (message) *message = message_buffer();
  return static_cast<errc>(st);
}

// contexts[k], converted into the contact's own storage.
errc context_of(contact_input& in, const rapport_network_context* const* contexts, std::size_t k, const char* fn,
                std::string* message) {
  if (!contexts || !contexts[k]) return errc::ok;
  char what[48];
  if (message) std::snprintf(what, sizeof what, "contexts[%zu]", k);
  if (auto st = to_context(in.own_context, *contexts[k], fn, message ? what : nullptr); st != ok) return noted(st, message);
  in.context = &in.own_context;
  return errc::ok;
}

// states[k], checked by the core's rule.
errc state_of(contact_input& in, const rapport_state* states, std::size_t k, const char* fn, std::string* message) {
  std::memcpy(static_cast<void*>(&in.state), &states[k], sizeof in.state);
  const char* why = in.state.defect();
  if (!why) return errc::ok;
  if (message) *message = std::string(fn) + ": states[" + std::to_string(k) + "] does not hold a valid state: " + why;
  return errc::invalid_argument;
}

// The engine's outcome as a status: its error, or OK with the first bad contact's message.
rapport_status finish(const rapport::result<rapport::batch_report>& r) {
  if (!r) return set_error(r.error());
  if (r->first_bad != SIZE_MAX) set_error(r->first_code, r->first_error.c_str());
  return ok;
}

// The batch options of any version (NULL: the defaults), checked: the C++ options (the C
// contexts, converted per contact, are kept apart).
struct batch_call_options {
  rapport::batch_options cpp;
  const rapport_network_context* const* contexts = nullptr;
};

rapport_status read_batch_options(const rapport_batch_options* options, const char* fn, batch_call_options& out) {
  if (!options) return ok;
  if (auto st = check_version(options->version, RAPPORT_BATCH_OPTIONS_VERSION, fn, "options", "rapport_batch_options_init");
      st != ok)
    return st;
  if (auto st = future_code(options->future, fn, "options", out.cpp.future); st != ok) return st;
  if (options->version >= 2) out.contexts = options->contexts;  // an older struct ends before it
  if (options->version >= 3) {
    out.cpp.threads = options->threads;
    if (auto st = read_horizon(options->horizon_days, out.cpp.horizon_days, fn); st != ok) return st;
  }
  return ok;
}

rapport::detail::on_bad_contact policy_of(const rapport_status* statuses) {
  return statuses ? rapport::detail::on_bad_contact::skip : rapport::detail::on_bad_contact::stop;
}

// Warmth, band and stage of one contact, in the C outputs.
struct score_writer {
  double* scores;
  uint8_t* bands;
  uint8_t* stages;
  const rapport::model& m;

  void operator()(std::size_t k, const rapport::detail::contact_score& s) const {
    scores[k] = s.score;
    if (bands) bands[k] = s.empty ? uint8_t{RAPPORT_BAND_NONE} : static_cast<uint8_t>(m.params().band_of(s.score));
    if (stages) stages[k] = s.empty ? uint8_t{RAPPORT_STAGE_NONE} : static_cast<uint8_t>(s.which);
  }
};

}  // namespace

rapport_status rapport_batch_score(const rapport_model* model, double* scores, uint8_t* bands, uint8_t* stages,
                                   rapport_status* statuses, const int64_t* offsets, size_t contacts, const int64_t* at,
                                   const uint8_t* channels, const uint8_t* directions, size_t rows, int64_t now,
                                   const rapport_batch_options* options) {
  RAPPORT_C_ENTRY {
    if (auto st = check_columns(scores, "scores", offsets, contacts, at, channels, directions, rows, now, fn); st != ok)
      return st;
    batch_call_options o;
    if (auto st = read_batch_options(options, fn, o); st != ok) return st;
    if (auto st = check_offsets(offsets, contacts, rows, fn); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    const rapport::interaction_columns cols{at, channels, directions, rows};
    const score_writer write{scores, bands, stages, m};
    return finish(rapport::detail::score_rows(
        offsets, contacts, cols, rapport::timestamp{now}, m, o.cpp, policy_of(statuses), fn,
        [&](std::size_t k, contact_input& in, std::string* message) { return context_of(in, o.contexts, k, fn, message); },
        [&](std::size_t k, const rapport::detail::contact_score& s) {
          write(k, s);
          if (statuses) statuses[k] = ok;
        },
        [&](std::size_t k, errc code) {
          write(k, rapport::detail::contact_score{});
          statuses[k] = static_cast<rapport_status>(code);
        }));
  };
}

rapport_status rapport_batch_score_states(const rapport_model* model, double* scores, uint8_t* bands, const rapport_state* states,
                                          size_t n, int64_t now, const rapport_batch_options* options) {
  RAPPORT_C_ENTRY {
    if (n > 0 && !scores) return null_arg(fn, "scores");
    if (n > 0 && !states) return null_arg(fn, "states");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    batch_call_options o;  // a state has no rows: `future` is checked but has nothing to act on
    if (auto st = read_batch_options(options, fn, o); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    const rapport::timestamp t{now};
    const score_writer write{scores, bands, nullptr, m};
    return finish(rapport::detail::in_ranges(
        n, o.cpp.threads, [](std::size_t c) { return c; },
        [&](std::size_t first, std::size_t end) {
          return rapport::detail::for_each_contact_in(
              first, end, rapport::detail::on_bad_contact::stop,
              [&](std::size_t k, contact_input& in, std::string* message) {
                if (const errc e = state_of(in, states, k, fn, message); e != errc::ok) return e;
                return context_of(in, o.contexts, k, fn, message);
              },
              [&](std::size_t k, contact_input& in, std::string*) {
                write(k, rapport::detail::score_contact(in, t, m, o.cpp.horizon_days));
                return errc::ok;
              },
              [&](std::size_t, errc) {});
        }));
  };
}

namespace {

// constraints[k], converted once per run of contacts that share one (contacts usually share a few
// objects); `converted` keeps its vectors' capacity, so this allocates nothing per contact.
struct constraints_cache {
  rapport::contact_constraints converted;
  const rapport_constraints* from = nullptr;
  rapport_status status = ok;

  errc operator()(contact_input& in, const rapport_constraints* const* constraints, std::size_t k, const char* fn,
                  std::string* message) {
    if (!constraints || !constraints[k]) return errc::ok;
    if (constraints[k] != from) {
      char what[48];
      std::snprintf(what, sizeof what, "constraints[%zu]", k);
      status = to_constraints(converted, *constraints[k], fn, what);
      from = constraints[k];
      if (status != ok) return noted(status, message);
    } else if (status != ok) {
      if (message) fail_c(static_cast<errc>(status), "%s: constraints[%zu] (shared with an earlier contact) are invalid", fn, k);
      return noted(status, message);
    }
    in.constraints = &converted;
    return errc::ok;
  }
};

// What both window batches pass to the engine besides how a contact's state is read.
struct window_batch {
  const char* fn;
  rapport_window* windows;
  rapport_status* statuses;
  const rapport_constraints* const* constraints;
  const rapport_network_context* const* contexts;
  rapport::timestamp now;
  const rapport::model& m;
  const rapport::recommend_options& o;
  unsigned threads;

  // Contacts [0, n) in `threads` ranges split by `work_before` (as rapport::detail::in_ranges);
  // `state_reader(end)` makes a range's reader, and `reader(k, in, message)` reads contact k's
  // state; its constraints and context follow. Each range converts constraints into its own cache.
  template <class Work, class StateReader>
  rapport_status run(std::size_t n, Work&& work_before, StateReader&& state_reader) const {
    return finish(rapport::detail::in_ranges(n, threads, work_before, [&](std::size_t first, std::size_t end) {
      constraints_cache cache;
      auto state = state_reader(end);
      return rapport::detail::for_each_contact_in(
          first, end, policy_of(statuses),
          [&](std::size_t k, contact_input& in, std::string* message) {
            errc e = state(k, in, message);
            if (e == errc::ok) e = cache(in, constraints, k, fn, message);
            if (e == errc::ok) e = context_of(in, contexts, k, fn, message);
            return e;
          },
          [&](std::size_t k, contact_input& in, std::string* message) { return plan(k, in, message); },
          [&](std::size_t k, errc code) { skip(k, code); });
    }));
  }

  errc plan(std::size_t k, const contact_input& in, std::string* message) const {
    rapport::follow_up_window w;
    const errc e = rapport::detail::plan_contact(k, in, now, w, m, o, fn, message);
    if (e != errc::ok) return e;
    to_c_window(windows[k], w);
    if (statuses) statuses[k] = ok;
    return errc::ok;
  }

  void skip(std::size_t k, errc code) const {
    windows[k] = rapport_window{};
    windows[k].action = RAPPORT_ACTION_NO_WINDOW;
    windows[k].stage = RAPPORT_STAGE_NONE;
    statuses[k] = static_cast<rapport_status>(code);
  }
};

}  // namespace

rapport_status rapport_batch_recommend(const rapport_model* model, rapport_window* windows, rapport_status* statuses,
                                       const int64_t* offsets, size_t contacts, const int64_t* at, const uint8_t* channels,
                                       const uint8_t* directions, size_t rows, const rapport_constraints* const* constraints,
                                       int64_t now, const rapport_recommend_options* options) {
  RAPPORT_C_ENTRY {
    if (auto st = check_columns(windows, "windows", offsets, contacts, at, channels, directions, rows, now, fn); st != ok)
      return st;
    rapport::recommend_options o;
    rapport::score_options so;
    if (auto st = to_recommend_options(o, &so, options, fn); st != ok) return st;
    rapport::network_context unused;
    const rapport_network_context* const* contexts = nullptr;
    if (auto st = recommend_contexts(options, false, fn, unused, nullptr, &contexts); st != ok) return st;
    if (auto st = check_offsets(offsets, contacts, rows, fn); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    const rapport::interaction_columns cols{at, channels, directions, rows};
    const window_batch batch{
        fn, windows, statuses, constraints, contexts, rapport::timestamp{now}, m, o, recommend_threads(options)};
    return batch.run(contacts, rapport::detail::rows_before(offsets), [&](std::size_t end) {
      return rapport::detail::row_folder<int64_t>{offsets, cols, end, batch.now, m, so.future, fn};
    });
  };
}

rapport_status rapport_batch_recommend_states(const rapport_model* model, rapport_window* windows, rapport_status* statuses,
                                              const rapport_state* states, size_t n,
                                              const rapport_constraints* const* constraints, int64_t now,
                                              const rapport_recommend_options* options) {
  RAPPORT_C_ENTRY {
    if (n > 0 && !windows) return null_arg(fn, "windows");
    if (n > 0 && !states) return null_arg(fn, "states");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::recommend_options o;
    if (auto st = to_recommend_options(o, nullptr, options, fn); st != ok) return st;
    rapport::network_context unused;
    const rapport_network_context* const* contexts = nullptr;
    if (auto st = recommend_contexts(options, false, fn, unused, nullptr, &contexts); st != ok) return st;
    const window_batch batch{fn,
                             windows,
                             statuses,
                             constraints,
                             contexts,
                             rapport::timestamp{now},
                             model_or_default(model),
                             o,
                             recommend_threads(options)};
    return batch.run(
        n, [](std::size_t c) { return c; },
        [&](std::size_t) {
          return [&](std::size_t k, contact_input& in, std::string* message) { return state_of(in, states, k, fn, message); };
        });
  };
}
