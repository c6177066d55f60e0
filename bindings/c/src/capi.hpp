#pragma once
// Private to bindings/c: what its area files (status.cpp, model.cpp, history.cpp, warmth.cpp,
// state.cpp, batch.cpp, calendar.cpp, recommend.cpp) share. The handles, the one entry macro, the
// one version check, and the conversions of C arguments into C++ values (convert.cpp). The C layer
// computes nothing itself: every rule lives in the C++ core, batch loops included.
//
// The entry points take C linkage from their declarations in rapport.h; the helpers here are C++
// functions in rapport::capi (an extern "C" block around them would make them global C symbols in
// a static librapport_c), hidden by the library's visibility settings.

#include <rapport/rapport.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <rapport/rapport.hpp>
#include <rapport/recommend.hpp>

#include "guard.hpp"

struct rapport_model {
  rapport::model m;
};
struct rapport_history {
  std::vector<rapport::interaction> items;
};
struct rapport_warmth {
  rapport::warmth w;
};
struct rapport_zone {
  rapport::time_zone z;
};
struct rapport_calendar {
  rapport::calendar c;
};
struct rapport_recommendation {
  rapport::recommendation r;
};
struct rapport_profile {
  rapport::week_profile p;
};
struct rapport_calibrator {
  rapport::online_calibrator c;
};

namespace rapport::capi {

inline constexpr rapport_status ok = RAPPORT_OK;

/// Runs an entry point's body inside `guard`, named by the function itself (see RAPPORT_C_ENTRY).
struct entry {
  const char* fn;
  template <class Body>
  rapport_status operator->*(Body&& body) const noexcept {
    return guard(fn, body);
  }
};

/// The first statement of every status-returning entry point: `RAPPORT_C_ENTRY { ...body... };`.
/// The body returns a status; `fn` (the function's own name, from __func__) starts its messages.
/// Nothing thrown inside leaves the call (tests/c/check_guards.py checks every entry uses it).
#define RAPPORT_C_ENTRY            \
  const char* const fn = __func__; \
  return ::rapport::capi::entry{fn}->*[&]() -> rapport_status

/// The one version check of the options structs: `version` is one of 1 .. `latest`. In an _init
/// function (`what` null) the message says which versions this library knows; otherwise it names
/// `what` ("options", "contexts[3]") and the `init` function that fills it.
rapport_status check_version(std::uint32_t version, std::uint32_t latest, const char* fn, const char* what, const char* init);
inline bool known_version(std::uint32_t version, std::uint32_t latest) noexcept { return version >= 1 && version <= latest; }

/// The shape of rapport_score_options_init and rapport_batch_options_init: version, future policy,
/// and from version 2 one pointer (`extra`) that a version-1 struct ends before, so it is written
/// only for version 2.
template <class Options, class Extra>
rapport_status init_future_options(const char* fn, Options* options, std::uint32_t version, std::uint32_t latest,
                                   Extra Options::*extra) {
  if (!options) return fail_c(errc::invalid_argument, "%s: options is NULL", fn);
  if (auto st = check_version(version, latest, fn, nullptr, nullptr); st != ok) return st;
  options->version = version;
  options->future = RAPPORT_FUTURE_REJECT;
  if (version >= 2) options->*extra = nullptr;
  return ok;
}

rapport_status null_arg(const char* fn, const char* arg);
/// `*out = new Handle{args...}`, `out` checked: the shape of the constructors.
template <class Handle, class... Args>
rapport_status create(const char* fn, Handle** out, Args&&... args) {
  if (!out) return null_arg(fn, "out");
  *out = new Handle{std::forward<Args>(args)...};
  return ok;
}

/// The shape of the simple getters and copies: `handle` and `out` must not be NULL, then
/// `*out = value()`.
template <class Handle, class Out, class Value>
rapport_status get(const char* fn, const Handle* handle, const char* handle_name, Out* out, const char* out_name, Value&& value) {
  if (!handle) return null_arg(fn, handle_name);
  if (!out) return null_arg(fn, out_name);
  *out = value();
  return ok;
}

rapport_status check_time(std::int64_t t, const char* fn, const char* what);
const rapport::model& model_or_default(const rapport_model* m);
rapport_status copy_text(const std::string& text, char* buf, std::size_t size, std::size_t* needed, const char* fn);
rapport_status future_code(std::uint32_t future, const char* fn, const char* what, rapport::future_policy& out);

/// Checks what can be checked without a model and converts; `what` names the interaction.
rapport_status to_interaction(rapport::interaction& out, const rapport_interaction& x, const char* fn, const char* what);

/// Checks a caller's network context and converts it; `what` names it ("options->context",
/// "contexts[3]"). With `what` null only the status comes back: batches describe only their first
/// bad contact.
rapport_status to_context(rapport::network_context& out, const rapport_network_context& in, const char* fn, const char* what);

/// `options->horizon_days` of a score or batch options struct (version 3), checked and copied into `out`.
rapport_status read_horizon(double horizon_days, double& out, const char* fn);

/// Score options; `context` receives options->context (version 2) and `out.context` points to it.
rapport_status read_score_options(const rapport_score_options* o, rapport::score_options& out, rapport::network_context& context,
                                  const char* fn);

/// 64 caller bytes as a contact_state, checked by the core's own rule (contact_state::defect).
rapport_status load_state(rapport::contact_state& out, const rapport_state* raw, const char* fn, const char* arg);
void store_state(rapport_state* raw, const rapport::contact_state& s) noexcept;

rapport_status new_warmth(rapport_warmth** out, rapport::warmth&& w);

/// Caller constraints -> contact_constraints, checked. `out` may be reused across batch contacts:
/// its period vector keeps its capacity. Messages start with `fn` and `what` ("constraints[7]").
rapport_status to_constraints(rapport::contact_constraints& out, const rapport_constraints& in, const char* fn, const char* what);

/// Recommend options -> recommend_options (and the future policy into `so` when not null).
rapport_status to_recommend_options(rapport::recommend_options& out, rapport::score_options* so,
                                    const rapport_recommend_options* in, const char* fn);

/// The thread count of the batch calls (version 4; 1 before it or without options).
unsigned recommend_threads(const rapport_recommend_options* in) noexcept;

/// The version-2 context fields of recommend options. `single`: the call plans one contact, so
/// options->context applies (converted into `storage`, `*context_out` then points to it) and
/// options->contexts must be NULL; otherwise the reverse, and `*contexts_out` gets the array.
rapport_status recommend_contexts(const rapport_recommend_options* in, bool single, const char* fn,
                                  rapport::network_context& storage, const rapport::network_context** context_out,
                                  const rapport_network_context* const** contexts_out);

/// Windows between the two APIs; from C, every code and time is checked.
void to_c_window(rapport_window& out, const rapport::follow_up_window& w) noexcept;
rapport_status from_c_window(rapport::follow_up_window& w, const rapport_window& in, const char* fn);

}  // namespace rapport::capi
