// Incremental states: 64 caller-owned bytes per contact.

#include <cstring>

#include "capi.hpp"

using rapport::errc;
using namespace rapport::capi;

rapport_status rapport_state_init(rapport_state* state) {
  RAPPORT_C_ENTRY {
    if (!state) return null_arg(fn, "state");
    store_state(state, rapport::contact_state{});
    return ok;
  };
}

rapport_status rapport_state_absorb(rapport_state* state, const rapport_model* model, const rapport_interaction* x) {
  RAPPORT_C_ENTRY {
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!x) return null_arg(fn, "x");
    rapport::interaction item;
    if (auto st = to_interaction(item, *x, fn, "x"); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    if (!m.channels().contains(item.via))
      return fail_c(errc::invalid_argument, "%s: x has channel %u, unknown to the model (it has %zu)", fn, unsigned{x->channel},
                    m.channels().size());
    if (!s.empty() && item.at < s.last())
      return fail_c(errc::out_of_range,
                    "%s: x at %lld is earlier than the state's last interaction (%lld); rebuild the state with "
                    "rapport_state_from_history",
                    fn, static_cast<long long>(x->at), static_cast<long long>(s.last().seconds));
    s.absorb_unchecked(item, m);
    store_state(state, s);
    return ok;
  };
}

rapport_status rapport_state_from_history(rapport_state* state_out, const rapport_history* history, const rapport_model* model) {
  RAPPORT_C_ENTRY {
    if (!state_out) return null_arg(fn, "state_out");
    if (!history) return null_arg(fn, "history");
    const rapport::model& m = model_or_default(model);
    auto h = rapport::history::from(history->items, m.channels());
    if (!h) return set_error(h.error());
    rapport::contact_state s;
    for (const auto& x : *h) s.absorb_unchecked(x, m);
    store_state(state_out, s);
    return ok;
  };
}

rapport_status rapport_state_span(const rapport_state* state, int64_t* first_out, int64_t* last_out) {
  RAPPORT_C_ENTRY {
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (s.empty()) return fail_c(errc::invalid_argument, "rapport_state_span: the state is empty");
    if (first_out) *first_out = s.first().seconds;
    if (last_out) *last_out = s.last().seconds;
    return ok;
  };
}

namespace {
// What scoring a state needs from the caller, checked and converted: the state, `now`, the options.
struct state_call {
  rapport::contact_state s;
  rapport::score_options opt;
  rapport::network_context context;

  rapport_status read(const rapport_state* state, const void* out, int64_t now, const rapport_score_options* options,
                      const char* fn, const char* out_name) {
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!out) return null_arg(fn, out_name);
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    return read_score_options(options, opt, context, fn);  // a state has no rows: `future` has nothing to act on
  }
};
}  // namespace

// rapport_state_score and rapport_state_assess are alike on purpose: the same checked inputs
// (state_call), each handed to its own core function, each writing its own kind of output.
rapport_status rapport_state_score(const rapport_state* state, double* score_out, const rapport_model* model, int64_t now,
                                   const rapport_score_options* options) {
  RAPPORT_C_ENTRY {
    state_call c;
    if (auto st = c.read(state, score_out, now, options, fn, "score_out"); st != ok) return st;
    auto r = rapport::score(c.s, rapport::timestamp{now}, model_or_default(model), c.opt.context, c.opt.horizon_days);
    if (!r) return set_error(r.error());
    *score_out = *r;
    return ok;
  };
}

rapport_status rapport_state_assess(const rapport_state* state, rapport_warmth** out, const rapport_model* model, int64_t now,
                                    const rapport_score_options* options) {
  RAPPORT_C_ENTRY {
    state_call c;
    if (auto st = c.read(state, out, now, options, fn, "out"); st != ok) return st;
    auto w = rapport::assess(c.s, rapport::timestamp{now}, model_or_default(model), c.opt.context, c.opt.horizon_days);
    if (!w) return set_error(w.error());
    return new_warmth(out, std::move(*w));
  };
}

rapport_status rapport_state_serialize(const rapport_state* state, uint8_t* buf, size_t size, size_t* written_out) {
  RAPPORT_C_ENTRY {
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!buf) return null_arg(fn, "buf");
    if (size < RAPPORT_STATE_SERIALIZED_SIZE)
      return fail_c(errc::out_of_range, "%s: size = %zu; the buffer needs RAPPORT_STATE_SERIALIZED_SIZE (%d) bytes", fn, size,
                    RAPPORT_STATE_SERIALIZED_SIZE);
    const std::string bytes = s.serialize();
    std::memcpy(buf, bytes.data(), bytes.size());
    if (written_out) *written_out = bytes.size();
    return ok;
  };
}

rapport_status rapport_state_deserialize(rapport_state* state_out, const uint8_t* data, size_t size) {
  RAPPORT_C_ENTRY {
    if (!state_out) return null_arg(fn, "state_out");
    if (!data) return null_arg(fn, "data");
    auto s = rapport::contact_state::deserialize(data, size);
    if (!s) return set_error(s.error());
    store_state(state_out, *s);
    return ok;
  };
}
