// The extern "C" layer over rapport's C++ API. Every entry point runs inside capi::guard, checks
// each pointer and code before using it, and converts rapport::result errors into a status plus
// the thread's message. Nothing here keeps a pointer to caller memory past the call.

#include <rapport/rapport.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <rapport/params_json.hpp>
#include <rapport/rapport.hpp>

#include "guard.hpp"
#include "state_check.hpp"

struct rapport_model {
  rapport::model m;
};
struct rapport_history {
  std::vector<rapport::interaction> items;
};
struct rapport_warmth {
  rapport::warmth w;
};

namespace {

using rapport::errc;
using rapport::capi::fail_c;
using rapport::capi::guard;
using rapport::capi::set_error;

constexpr rapport_status ok = RAPPORT_OK;
constexpr rapport_status einval = RAPPORT_EINVAL;

static_assert(static_cast<int>(errc::invalid_argument) == RAPPORT_EINVAL &&
                  static_cast<int>(errc::out_of_range) == RAPPORT_ERANGE &&
                  static_cast<int>(errc::no_convergence) == RAPPORT_ENOCONV &&
                  static_cast<int>(errc::numerical_issue) == RAPPORT_ENUMERIC &&
                  static_cast<int>(errc::out_of_memory) == RAPPORT_ENOMEM &&
                  static_cast<int>(errc::internal) == RAPPORT_EINTERNAL,
              "C status codes must equal rapport::errc");
static_assert(RAPPORT_FEATURE_COUNT == rapport::feature_count, "feature count");
static_assert(RAPPORT_CHANNEL_MAX == rapport::max_channels, "channel count");
static_assert(static_cast<int>(rapport::stage::dormant) == RAPPORT_STAGE_DORMANT &&
                  static_cast<int>(rapport::stage::awaiting_reply) == RAPPORT_STAGE_AWAITING_REPLY,
              "stage codes");
static_assert(static_cast<int>(rapport::band::hot) == RAPPORT_BAND_HOT, "band codes");
static_assert(static_cast<int>(rapport::channel::commitment) == RAPPORT_CHANNEL_COMMITMENT, "channel codes");
static_assert(static_cast<int>(rapport::direction::mutual) == RAPPORT_MUTUAL, "direction codes");
static_assert(sizeof(rapport_interaction) == 32, "rapport_interaction layout is frozen");
static_assert(sizeof(rapport_score) == 32, "rapport_score layout is frozen");

// The state travels as 64 opaque bytes; we always memcpy in and out, so the caller's alignment and
// the aliasing rules never matter.
static_assert(sizeof(rapport_state) == sizeof(rapport::contact_state) && RAPPORT_STATE_SIZE == 64, "state size");
static_assert(std::is_trivially_copyable_v<rapport::contact_state>, "contact_state must be memcpy-able");
static_assert(alignof(rapport::contact_state) <= alignof(rapport_state), "state alignment");
static_assert(RAPPORT_STATE_SERIALIZED_SIZE == rapport::contact_state::serialized_size, "serialized size");

rapport_status load_state(rapport::contact_state& out, const rapport_state* raw, const char* fn, const char* arg) {
  if (raw == nullptr) return fail_c(errc::invalid_argument, "%s: %s is NULL", fn, arg);
  if (!rapport::capi::plausible(*raw))
    return fail_c(errc::invalid_argument,
                  "%s: %s does not hold a valid state (initialise it with rapport_state_init or zeros)", fn, arg);
  std::memcpy(static_cast<void*>(&out), raw, sizeof out);
  return ok;
}
void store_state(rapport_state* raw, const rapport::contact_state& s) noexcept {
  std::memcpy(raw, static_cast<const void*>(&s), sizeof s);
}

const rapport::model& model_or_default(const rapport_model* m) { return m ? m->m : rapport::model::defaults(); }

rapport_status null_arg(const char* fn, const char* arg) {
  return fail_c(errc::invalid_argument, "%s: %s is NULL", fn, arg);
}

rapport_status check_time(std::int64_t t, const char* fn, const char* what) {
  if (t < 0 || t > rapport::timestamp::max().seconds)
    return fail_c(errc::out_of_range, "%s: %s = %lld s is outside 0..4294967295 (1970-01-01T00:00:00Z..2106-02-07T06:28:15Z)",
                  fn, what, static_cast<long long>(t));
  return ok;
}

// Checks what can be checked without a model and converts; `what` names the interaction.
rapport_status to_interaction(rapport::interaction& out, const rapport_interaction& x, const char* fn, const char* what) {
  if (auto st = check_time(x.at, fn, what); st != ok) return st;
  if (x.channel >= RAPPORT_CHANNEL_MAX)
    return fail_c(errc::invalid_argument, "%s: %s has channel %u; channel ids are below 64", fn, what, unsigned{x.channel});
  if (x.direction > RAPPORT_MUTUAL)
    return fail_c(errc::invalid_argument,
                  "%s: %s has direction %u; expected RAPPORT_OUTBOUND (0), RAPPORT_INBOUND (1) or RAPPORT_MUTUAL (2)", fn,
                  what, unsigned{x.direction});
  if (!std::isfinite(x.duration_seconds) || x.duration_seconds < 0)
    return fail_c(errc::invalid_argument, "%s: %s has duration %g s; it must be finite and >= 0", fn, what,
                  x.duration_seconds);
  if (x.in_reply_to != RAPPORT_NO_REPLY) {
    if (x.direction == RAPPORT_MUTUAL)
      return fail_c(errc::invalid_argument, "%s: %s is mutual and cannot be a reply (set in_reply_to = RAPPORT_NO_REPLY)",
                    fn, what);
    if (x.in_reply_to < 0 || x.in_reply_to > x.at)
      return fail_c(errc::out_of_range, "%s: %s answers time %lld, which is not between 0 and its own time %lld", fn, what,
                    static_cast<long long>(x.in_reply_to), static_cast<long long>(x.at));
  }
  out.at = {x.at};
  out.via = static_cast<rapport::channel>(x.channel);
  out.dir = static_cast<rapport::direction>(x.direction);
  out.duration_seconds = x.duration_seconds;
  if (x.in_reply_to != RAPPORT_NO_REPLY) out.in_reply_to = rapport::timestamp{x.in_reply_to};
  else out.in_reply_to.reset();
  return ok;
}

rapport_status future_code(std::uint32_t future, const char* fn, const char* what, rapport::future_policy& out) {
  if (future == RAPPORT_FUTURE_REJECT) out = rapport::future_policy::reject;
  else if (future == RAPPORT_FUTURE_IGNORE) out = rapport::future_policy::ignore;
  else
    return fail_c(errc::invalid_argument, "%s: %s.future = %u; expected RAPPORT_FUTURE_REJECT (0) or RAPPORT_FUTURE_IGNORE (1)",
                  fn, what, static_cast<unsigned>(future));
  return ok;
}

rapport_status copy_text(const std::string& text, char* buf, std::size_t size, std::size_t* needed, const char* fn) {
  if (buf == nullptr && size != 0) return fail_c(errc::invalid_argument, "%s: buf is NULL but size is %zu", fn, size);
  if (size != 0) {
    const std::size_t k = text.size() < size - 1 ? text.size() : size - 1;
    std::memcpy(buf, text.data(), k);
    buf[k] = '\0';
  }
  if (needed) *needed = text.size();
  return ok;
}

rapport_status new_warmth(rapport_warmth** out, rapport::warmth&& w) {
  *out = new rapport_warmth{std::move(w)};
  return ok;
}

const char* const band_names[] = {"cold", "cooling", "warm", "hot"};
const char* const direction_names[] = {"outbound", "inbound", "mutual"};

}  // namespace

// The entry points below take C linkage from their declarations in rapport.h; the helpers between
// them stay in unnamed namespaces, internal to this file (an extern "C" block around them would
// make them global C symbols in a static librapport_c).

/* ---- versions, status, errors ---- */

const char* rapport_status_string(rapport_status status) {
  if (status < 0 || status > RAPPORT_EINTERNAL) return "unknown status";
  return rapport::to_string(static_cast<errc>(status));
}

const char* rapport_last_error(void) { return rapport::capi::message_buffer(); }

uint32_t rapport_version_number(void) { return RAPPORT_VERSION_NUMBER; }

const char* rapport_version_string(void) { return RAPPORT_VERSION_STRING; }

const char* rapport_band_name(int32_t band) {
  return band >= 0 && band <= RAPPORT_BAND_HOT ? band_names[band] : "invalid";
}
const char* rapport_stage_name(int32_t stage) {
  return stage >= 0 && stage <= RAPPORT_STAGE_DORMANT ? rapport::to_string(static_cast<rapport::stage>(stage)) : "invalid";
}
const char* rapport_feature_name(int32_t feature) {
  return feature >= 0 && feature < RAPPORT_FEATURE_COUNT ? rapport::to_string(static_cast<rapport::feature>(feature))
                                                          : "invalid";
}
const char* rapport_direction_name(int32_t direction) {
  return direction >= 0 && direction <= RAPPORT_MUTUAL ? direction_names[direction] : "invalid";
}

/* ---- times ---- */

rapport_status rapport_time_parse(int64_t* seconds_out, const char* text) {
  return guard("rapport_time_parse", [&]() -> rapport_status {
    if (!seconds_out) return null_arg("rapport_time_parse", "seconds_out");
    if (!text) return null_arg("rapport_time_parse", "text");
    auto t = rapport::parse_utc(text);
    if (!t) return set_error(t.error());
    *seconds_out = t->seconds;
    return ok;
  });
}

rapport_status rapport_time_format(char* buf, size_t size, size_t* needed_out, int64_t seconds) {
  return guard("rapport_time_format", [&]() -> rapport_status {
    if (auto st = check_time(seconds, "rapport_time_format", "seconds"); st != ok) return st;
    return copy_text(rapport::format_utc(rapport::timestamp{seconds}), buf, size, needed_out, "rapport_time_format");
  });
}

/* ---- models ---- */

rapport_status rapport_model_new(rapport_model** out) {
  return guard("rapport_model_new", [&]() -> rapport_status {
    if (!out) return null_arg("rapport_model_new", "out");
    *out = new rapport_model{rapport::model::defaults()};
    return ok;
  });
}

void rapport_model_free(rapport_model* model) { delete model; }

namespace {
rapport_status model_from(rapport_model** out, rapport::result<rapport::model_params> p) {
  if (!p) return set_error(p.error());
  auto m = rapport::model::create(std::move(*p));
  if (!m) return set_error(m.error());
  *out = new rapport_model{std::move(*m)};
  return ok;
}
}  // namespace

rapport_status rapport_model_from_json(rapport_model** out, const char* json, size_t length) {
  return guard("rapport_model_from_json", [&]() -> rapport_status {
    if (!out) return null_arg("rapport_model_from_json", "out");
    if (!json) return null_arg("rapport_model_from_json", "json");
    return model_from(out, rapport::params_from_json(std::string_view(json, length), "rapport_model_from_json"));
  });
}

rapport_status rapport_model_load(rapport_model** out, const char* path) {
  return guard("rapport_model_load", [&]() -> rapport_status {
    if (!out) return null_arg("rapport_model_load", "out");
    if (!path) return null_arg("rapport_model_load", "path");
    return model_from(out, rapport::load_params(path));
  });
}

rapport_status rapport_model_to_json(const rapport_model* model, char* buf, size_t size, size_t* needed_out) {
  return guard("rapport_model_to_json", [&]() -> rapport_status {
    if (!model) return null_arg("rapport_model_to_json", "model");
    return copy_text(rapport::to_json(model->m.params()), buf, size, needed_out, "rapport_model_to_json");
  });
}



rapport_status rapport_model_clone(const rapport_model* model, rapport_model** out) {
  return guard("rapport_model_clone", [&]() -> rapport_status {
    if (!model) return null_arg("rapport_model_clone", "model");
    if (!out) return null_arg("rapport_model_clone", "out");
    *out = new rapport_model{model->m};
    return ok;
  });
}

rapport_status rapport_model_channel_count(const rapport_model* model, size_t* count_out) {
  return guard("rapport_model_channel_count", [&]() -> rapport_status {
    if (!model) return null_arg("rapport_model_channel_count", "model");
    if (!count_out) return null_arg("rapport_model_channel_count", "count_out");
    *count_out = model->m.channels().size();
    return ok;
  });
}

rapport_status rapport_model_channel_find(const rapport_model* model, uint8_t* id_out, const char* name) {
  return guard("rapport_model_channel_find", [&]() -> rapport_status {
    if (!model) return null_arg("rapport_model_channel_find", "model");
    if (!id_out) return null_arg("rapport_model_channel_find", "id_out");
    if (!name) return null_arg("rapport_model_channel_find", "name");
    auto c = model->m.channels().find(name);
    if (!c) return set_error(c.error());
    *id_out = static_cast<uint8_t>(*c);
    return ok;
  });
}

rapport_status rapport_model_channel_name(const rapport_model* model, char* buf, size_t size, size_t* needed_out,
                                      uint32_t id) {
  return guard("rapport_model_channel_name", [&]() -> rapport_status {
    if (!model) return null_arg("rapport_model_channel_name", "model");
    const auto& t = model->m.channels();
    if (id >= t.size())
      return fail_c(errc::invalid_argument, "rapport_model_channel_name: unknown channel id %u (the model has %zu)",
                    static_cast<unsigned>(id), t.size());
    return copy_text(t.spec(static_cast<rapport::channel>(id)).name, buf, size, needed_out, "rapport_model_channel_name");
  });
}

rapport_status rapport_model_channel_add(rapport_model* model, uint8_t* id_out, const char* name, double weight,
                                     uint32_t flags) {
  return guard("rapport_model_channel_add", [&]() -> rapport_status {
    if (!model) return null_arg("rapport_model_channel_add", "model");
    if (!id_out) return null_arg("rapport_model_channel_add", "id_out");
    if (!name) return null_arg("rapport_model_channel_add", "name");
    if (flags & ~static_cast<uint32_t>(RAPPORT_CHANNEL_SUBSTANTIVE | RAPPORT_CHANNEL_IS_COMMITMENT))
      return fail_c(errc::invalid_argument, "rapport_model_channel_add: unknown flags 0x%x", static_cast<unsigned>(flags));
    rapport::channel_table table = model->m.channels();
    auto id = table.add({name, weight, (flags & RAPPORT_CHANNEL_SUBSTANTIVE) != 0,
                         (flags & RAPPORT_CHANNEL_IS_COMMITMENT) != 0});
    if (!id) return set_error(id.error());
    auto next = rapport::model::create(model->m.params(), std::move(table));
    if (!next) return set_error(next.error());
    model->m = std::move(*next);
    *id_out = static_cast<uint8_t>(*id);
    return ok;
  });
}

rapport_status rapport_model_horizon_days(const rapport_model* model, double* days_out) {
  return guard("rapport_model_horizon_days", [&]() -> rapport_status {
    if (!model) return null_arg("rapport_model_horizon_days", "model");
    if (!days_out) return null_arg("rapport_model_horizon_days", "days_out");
    *days_out = model->m.params().horizon_days;
    return ok;
  });
}

/* ---- histories ---- */

rapport_status rapport_history_new(rapport_history** out) {
  return guard("rapport_history_new", [&]() -> rapport_status {
    if (!out) return null_arg("rapport_history_new", "out");
    *out = new rapport_history{};
    return ok;
  });
}

void rapport_history_free(rapport_history* history) { delete history; }

rapport_status rapport_history_add(rapport_history* history, const rapport_interaction* x) {
  return guard("rapport_history_add", [&]() -> rapport_status {
    if (!history) return null_arg("rapport_history_add", "history");
    if (!x) return null_arg("rapport_history_add", "x");
    char what[64];
    std::snprintf(what, sizeof what, "interaction #%zu", history->items.size());
    rapport::interaction item;
    if (auto st = to_interaction(item, *x, "rapport_history_add", what); st != ok) return st;
    history->items.push_back(item);
    return ok;
  });
}

rapport_status rapport_history_add_columns(rapport_history* history, const int64_t* at, const uint8_t* channels,
                                       const uint8_t* directions, size_t n) {
  return guard("rapport_history_add_columns", [&]() -> rapport_status {
    const char* fn = "rapport_history_add_columns";
    if (!history) return null_arg(fn, "history");
    if (n == 0) return ok;
    if (!at) return null_arg(fn, "at");
    if (!channels) return null_arg(fn, "channels");
    if (!directions) return null_arg(fn, "directions");
    auto& items = history->items;
    if (n > items.max_size() - items.size())
      return fail_c(errc::out_of_range, "%s: n = %zu rows do not fit in a history", fn, n);
    items.reserve(items.size() + n);  // first, so that a failed allocation leaves everything unread and unchanged
    const std::size_t base = items.size();
    for (std::size_t i = 0; i < n; ++i) {
      rapport_interaction x{};
      x.at = at[i];
      x.in_reply_to = RAPPORT_NO_REPLY;
      x.channel = channels[i];
      x.direction = directions[i];
      char what[64];
      std::snprintf(what, sizeof what, "row %zu (interaction #%zu)", i, base + i);
      rapport::interaction item;
      if (auto st = to_interaction(item, x, fn, what); st != ok) {
        items.resize(base);
        return st;
      }
      items.push_back(item);
    }
    return ok;
  });
}

rapport_status rapport_history_size(const rapport_history* history, size_t* size_out) {
  return guard("rapport_history_size", [&]() -> rapport_status {
    if (!history) return null_arg("rapport_history_size", "history");
    if (!size_out) return null_arg("rapport_history_size", "size_out");
    *size_out = history->items.size();
    return ok;
  });
}

rapport_status rapport_history_clear(rapport_history* history) {
  return guard("rapport_history_clear", [&]() -> rapport_status {
    if (!history) return null_arg("rapport_history_clear", "history");
    history->items.clear();
    return ok;
  });
}

rapport_status rapport_score_options_init(rapport_score_options* options, uint32_t version) {
  return guard("rapport_score_options_init", [&]() -> rapport_status {
    if (!options) return null_arg("rapport_score_options_init", "options");
    if (version != 1)
      return fail_c(errc::invalid_argument, "rapport_score_options_init: unknown version %u (this library knows 1)",
                    static_cast<unsigned>(version));
    options->version = version;
    options->future = RAPPORT_FUTURE_REJECT;
    return ok;
  });
}

namespace {
rapport_status read_score_options(const rapport_score_options* o, rapport::score_options& out, const char* fn) {
  if (!o) return ok;
  if (o->version != 1)
    return fail_c(errc::invalid_argument, "%s: options->version = %u is unknown (fill it with rapport_score_options_init)", fn,
                  static_cast<unsigned>(o->version));
  return future_code(o->future, fn, "options", out.future);
}
}  // namespace

rapport_status rapport_history_score(const rapport_history* history, rapport_warmth** out, const rapport_model* model,
                                 int64_t now, const rapport_score_options* options) {
  return guard("rapport_history_score", [&]() -> rapport_status {
    const char* fn = "rapport_history_score";
    if (!history) return null_arg(fn, "history");
    if (!out) return null_arg(fn, "out");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::score_options opt;
    if (auto st = read_score_options(options, opt, fn); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    auto h = rapport::history::from(history->items, m.channels());
    if (!h) return set_error(h.error());
    auto w = rapport::assess(*h, rapport::timestamp{now}, m, opt);
    if (!w) return set_error(w.error());
    return new_warmth(out, std::move(*w));
  });
}

/* ---- warmth results ---- */

void rapport_warmth_free(rapport_warmth* warmth) { delete warmth; }

rapport_status rapport_warmth_get(const rapport_warmth* warmth, rapport_score* out) {
  return guard("rapport_warmth_get", [&]() -> rapport_status {
    if (!warmth) return null_arg("rapport_warmth_get", "warmth");
    if (!out) return null_arg("rapport_warmth_get", "out");
    const auto& w = warmth->w;
    out->score = w.score;
    out->probability = w.probability;
    out->logit = w.logit;
    out->band = static_cast<int32_t>(w.level);
    out->stage = static_cast<int32_t>(w.stage);
    return ok;
  });
}

rapport_status rapport_warmth_features(const rapport_warmth* warmth, size_t* count_out, double* values,
                                   double* contributions, size_t capacity) {
  return guard("rapport_warmth_features", [&]() -> rapport_status {
    if (!warmth) return null_arg("rapport_warmth_features", "warmth");
    const auto& parts = warmth->w.parts;
    const std::size_t k = capacity < parts.size() ? capacity : parts.size();
    for (std::size_t i = 0; i < k; ++i) {
      if (values) values[i] = parts[i].value;
      if (contributions) contributions[i] = parts[i].contribution;
    }
    if (count_out) *count_out = parts.size();
    return ok;
  });
}

rapport_status rapport_warmth_reason_count(const rapport_warmth* warmth, size_t* count_out) {
  return guard("rapport_warmth_reason_count", [&]() -> rapport_status {
    if (!warmth) return null_arg("rapport_warmth_reason_count", "warmth");
    if (!count_out) return null_arg("rapport_warmth_reason_count", "count_out");
    *count_out = warmth->w.reasons.size();
    return ok;
  });
}

rapport_status rapport_warmth_reason(const rapport_warmth* warmth, int32_t* feature_out, double* contribution_out,
                                 const char** text_out, size_t index) {
  return guard("rapport_warmth_reason", [&]() -> rapport_status {
    if (!warmth) return null_arg("rapport_warmth_reason", "warmth");
    const auto& rs = warmth->w.reasons;
    if (index >= rs.size())
      return fail_c(errc::out_of_range, "rapport_warmth_reason: index %zu is past the %zu reasons", index, rs.size());
    const auto& r = rs[index];
    if (feature_out) *feature_out = static_cast<int32_t>(r.which);
    if (contribution_out) *contribution_out = r.contribution;
    if (text_out) *text_out = r.text.c_str();
    return ok;
  });
}

rapport_status rapport_warmth_reasons_text(const rapport_warmth* warmth, char* buf, size_t size, size_t* needed_out) {
  return guard("rapport_warmth_reasons_text", [&]() -> rapport_status {
    if (!warmth) return null_arg("rapport_warmth_reasons_text", "warmth");
    std::string all;
    for (const auto& r : warmth->w.reasons) {
      all += r.text;
      all += '\n';
    }
    return copy_text(all, buf, size, needed_out, "rapport_warmth_reasons_text");
  });
}

/* ---- incremental state ---- */

rapport_status rapport_state_init(rapport_state* state) {
  return guard("rapport_state_init", [&]() -> rapport_status {
    if (!state) return null_arg("rapport_state_init", "state");
    store_state(state, rapport::contact_state{});
    return ok;
  });
}

rapport_status rapport_state_absorb(rapport_state* state, const rapport_model* model, const rapport_interaction* x) {
  return guard("rapport_state_absorb", [&]() -> rapport_status {
    const char* fn = "rapport_state_absorb";
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!x) return null_arg(fn, "x");
    rapport::interaction item;
    if (auto st = to_interaction(item, *x, fn, "x"); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    if (!m.channels().contains(item.via))
      return fail_c(errc::invalid_argument, "%s: x has channel %u, unknown to the model (it has %zu)", fn,
                    unsigned{x->channel}, m.channels().size());
    if (!s.empty() && item.at < s.last())
      return fail_c(errc::out_of_range,
                    "%s: x at %lld is earlier than the state's last interaction (%lld); rebuild the state with "
                    "rapport_state_from_history",
                    fn, static_cast<long long>(x->at), static_cast<long long>(s.last().seconds));
    s.absorb_unchecked(item, m);
    store_state(state, s);
    return ok;
  });
}

rapport_status rapport_state_from_history(rapport_state* state_out, const rapport_history* history,
                                      const rapport_model* model) {
  return guard("rapport_state_from_history", [&]() -> rapport_status {
    const char* fn = "rapport_state_from_history";
    if (!state_out) return null_arg(fn, "state_out");
    if (!history) return null_arg(fn, "history");
    const rapport::model& m = model_or_default(model);
    auto h = rapport::history::from(history->items, m.channels());
    if (!h) return set_error(h.error());
    rapport::contact_state s;
    for (const auto& x : *h) s.absorb_unchecked(x, m);
    store_state(state_out, s);
    return ok;
  });
}

rapport_status rapport_state_span(const rapport_state* state, int64_t* first_out, int64_t* last_out) {
  return guard("rapport_state_span", [&]() -> rapport_status {
    rapport::contact_state s;
    if (auto st = load_state(s, state, "rapport_state_span", "state"); st != ok) return st;
    if (s.empty()) return fail_c(errc::invalid_argument, "rapport_state_span: the state is empty");
    if (first_out) *first_out = s.first().seconds;
    if (last_out) *last_out = s.last().seconds;
    return ok;
  });
}

rapport_status rapport_state_score(const rapport_state* state, double* score_out, const rapport_model* model, int64_t now) {
  return guard("rapport_state_score", [&]() -> rapport_status {
    const char* fn = "rapport_state_score";
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!score_out) return null_arg(fn, "score_out");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    auto r = rapport::score(s, rapport::timestamp{now}, model_or_default(model));
    if (!r) return set_error(r.error());
    *score_out = *r;
    return ok;
  });
}

rapport_status rapport_state_assess(const rapport_state* state, rapport_warmth** out, const rapport_model* model,
                                int64_t now) {
  return guard("rapport_state_assess", [&]() -> rapport_status {
    const char* fn = "rapport_state_assess";
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!out) return null_arg(fn, "out");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    auto w = rapport::assess(s, rapport::timestamp{now}, model_or_default(model));
    if (!w) return set_error(w.error());
    return new_warmth(out, std::move(*w));
  });
}

rapport_status rapport_state_serialize(const rapport_state* state, uint8_t* buf, size_t size, size_t* written_out) {
  return guard("rapport_state_serialize", [&]() -> rapport_status {
    const char* fn = "rapport_state_serialize";
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!buf) return null_arg(fn, "buf");
    if (size < RAPPORT_STATE_SERIALIZED_SIZE)
      return fail_c(errc::out_of_range, "%s: size = %zu; the buffer needs RAPPORT_STATE_SERIALIZED_SIZE (%d) bytes", fn,
                    size, RAPPORT_STATE_SERIALIZED_SIZE);
    const std::string bytes = s.serialize();
    std::memcpy(buf, bytes.data(), bytes.size());
    if (written_out) *written_out = bytes.size();
    return ok;
  });
}

rapport_status rapport_state_deserialize(rapport_state* state_out, const uint8_t* data, size_t size) {
  return guard("rapport_state_deserialize", [&]() -> rapport_status {
    if (!state_out) return null_arg("rapport_state_deserialize", "state_out");
    if (!data) return null_arg("rapport_state_deserialize", "data");
    auto s = rapport::contact_state::deserialize(data, size);
    if (!s) return set_error(s.error());
    store_state(state_out, *s);
    return ok;
  });
}

/* ---- batch ---- */

rapport_status rapport_batch_options_init(rapport_batch_options* options, uint32_t version) {
  return guard("rapport_batch_options_init", [&]() -> rapport_status {
    if (!options) return null_arg("rapport_batch_options_init", "options");
    if (version != 1)
      return fail_c(errc::invalid_argument, "rapport_batch_options_init: unknown version %u (this library knows 1)",
                    static_cast<unsigned>(version));
    options->version = version;
    options->future = RAPPORT_FUTURE_REJECT;
    return ok;
  });
}

namespace {

constexpr double nan_score = std::numeric_limits<double>::quiet_NaN();

// Scores one contact's rows [b, e). Returns ok, or an error status with the message set (only
// when `report` is true: with per-contact statuses only the first failure is described).
rapport_status score_contact(const rapport::model& m, double& score, std::uint8_t& band, std::uint8_t& stage,
                             std::size_t k, std::size_t b, std::size_t e, const int64_t* at, const uint8_t* channels,
                             const uint8_t* directions, int64_t now, bool ignore_future, bool report) {
  const char* fn = "rapport_batch_score";
  const std::size_t nch = m.channels().size();
  rapport::contact_state s;
  bool past_now = false;
  for (std::size_t i = b; i < e; ++i) {
    const std::int64_t t = at[i];
    const std::uint8_t c = channels[i], d = directions[i];
    if (t < 0 || t > rapport::timestamp::max().seconds)
      return report ? fail_c(errc::out_of_range, "%s: contact %zu, row %zu: time %lld s is outside 0..4294967295", fn, k, i,
                             static_cast<long long>(t))
                    : RAPPORT_ERANGE;
    if (c >= nch)
      return report ? fail_c(errc::invalid_argument, "%s: contact %zu, row %zu: channel %u is unknown to the model (it has %zu)",
                             fn, k, i, unsigned{c}, nch)
                    : RAPPORT_EINVAL;
    if (d > RAPPORT_MUTUAL)
      return report ? fail_c(errc::invalid_argument, "%s: contact %zu, row %zu: direction %u is not 0, 1 or 2", fn, k, i,
                             unsigned{d})
                    : RAPPORT_EINVAL;
    if (i > b && t < at[i - 1])
      return report ? fail_c(errc::invalid_argument,
                             "%s: contact %zu, row %zu: time %lld is earlier than row %zu (%lld); sort each contact's rows by time",
                             fn, k, i, static_cast<long long>(t), i - 1, static_cast<long long>(at[i - 1]))
                    : RAPPORT_EINVAL;
    if (t > now) {
      if (!ignore_future)
        return report ? fail_c(errc::out_of_range, "%s: contact %zu, row %zu: time %lld is after now (%lld)", fn, k, i,
                               static_cast<long long>(t), static_cast<long long>(now))
                      : RAPPORT_ERANGE;
      past_now = true;  // keep validating the rest, as a history would
    }
    if (past_now) continue;
    bool duplicate = false;  // same second, channel and direction as an earlier row: one record synced twice
    for (std::size_t j = i; j > b && at[j - 1] == t && !duplicate; --j)
      duplicate = channels[j - 1] == c && directions[j - 1] == d;
    if (duplicate) continue;
    rapport::interaction x;
    x.at = {t};
    x.via = static_cast<rapport::channel>(c);
    x.dir = static_cast<rapport::direction>(d);
    s.absorb_unchecked(x, m);
  }
  if (s.empty()) {
    score = nan_score;
    band = RAPPORT_BAND_NONE;
    stage = RAPPORT_STAGE_NONE;
    return ok;
  }
  const auto& p = m.params();
  const rapport::snapshot snap = s.at(rapport::timestamp{now}, m);
  score = 100 * rapport::logistic(rapport::logit_of(rapport::features_of(snap, now, p), p));
  band = static_cast<std::uint8_t>(p.band_of(score));
  stage = static_cast<std::uint8_t>(rapport::stage_of(snap, now, p));
  return ok;
}

}  // namespace

rapport_status rapport_batch_score(const rapport_model* model, double* scores, uint8_t* bands, uint8_t* stages,
                               rapport_status* statuses, const int64_t* offsets, size_t contacts, const int64_t* at,
                               const uint8_t* channels, const uint8_t* directions, size_t rows, int64_t now,
                               const rapport_batch_options* options) {
  return guard("rapport_batch_score", [&]() -> rapport_status {
    const char* fn = "rapport_batch_score";
    if (!offsets) return null_arg(fn, "offsets");
    if (contacts > 0 && !scores) return null_arg(fn, "scores");
    if (rows > 0 && !at) return null_arg(fn, "at");
    if (rows > 0 && !channels) return null_arg(fn, "channels");
    if (rows > 0 && !directions) return null_arg(fn, "directions");
    if (contacts == std::numeric_limits<size_t>::max())
      return fail_c(errc::out_of_range, "%s: contacts = %zu overflows offsets' length (contacts + 1)", fn, contacts);
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::future_policy future = rapport::future_policy::reject;
    if (options) {
      if (options->version != 1)
        return fail_c(errc::invalid_argument,
                      "%s: options->version = %u is unknown (fill it with rapport_batch_options_init)", fn,
                      static_cast<unsigned>(options->version));
      if (auto st = future_code(options->future, fn, "options", future); st != ok) return st;
    }
    // The offsets first, so that no row is read out of bounds.
    if (offsets[0] != 0) return fail_c(errc::invalid_argument, "%s: offsets[0] = %lld; it must be 0", fn, static_cast<long long>(offsets[0]));
    for (std::size_t k = 0; k < contacts; ++k) {
      if (offsets[k + 1] < offsets[k])
        return fail_c(errc::invalid_argument, "%s: offsets[%zu] = %lld is less than offsets[%zu] = %lld", fn, k + 1,
                      static_cast<long long>(offsets[k + 1]), k, static_cast<long long>(offsets[k]));
    }
    if (static_cast<std::uint64_t>(offsets[contacts]) != rows)
      return fail_c(errc::invalid_argument, "%s: offsets[contacts = %zu] = %lld; it must equal rows = %zu", fn, contacts,
                    static_cast<long long>(offsets[contacts]), rows);
    const rapport::model& m = model_or_default(model);
    const bool ignore = future == rapport::future_policy::ignore;
    bool reported = false;
    for (std::size_t k = 0; k < contacts; ++k) {
      std::uint8_t band = RAPPORT_BAND_NONE, stage = RAPPORT_STAGE_NONE;
      const auto b = static_cast<std::size_t>(offsets[k]), e = static_cast<std::size_t>(offsets[k + 1]);
      const rapport_status st =
          score_contact(m, scores[k], band, stage, k, b, e, at, channels, directions, now, ignore, !reported);
      if (st != ok) {
        if (!statuses) return st;
        reported = true;
        scores[k] = nan_score;
        band = RAPPORT_BAND_NONE;
        stage = RAPPORT_STAGE_NONE;
      }
      if (statuses) statuses[k] = st;
      if (bands) bands[k] = band;
      if (stages) stages[k] = stage;
    }
    return ok;
  });
}

rapport_status rapport_batch_score_states(const rapport_model* model, double* scores, uint8_t* bands,
                                      const rapport_state* states, size_t n, int64_t now) {
  return guard("rapport_batch_score_states", [&]() -> rapport_status {
    const char* fn = "rapport_batch_score_states";
    if (n > 0 && !scores) return null_arg(fn, "scores");
    if (n > 0 && !states) return null_arg(fn, "states");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    const auto& p = m.params();
    for (std::size_t k = 0; k < n; ++k) {
      if (!rapport::capi::plausible(states[k]))
        return fail_c(errc::invalid_argument, "%s: states[%zu] does not hold a valid state", fn, k);
      rapport::contact_state s;
      std::memcpy(static_cast<void*>(&s), &states[k], sizeof s);
      if (s.empty() || s.last().seconds > now) {
        scores[k] = nan_score;
        if (bands) bands[k] = RAPPORT_BAND_NONE;
        continue;
      }
      scores[k] = 100 * rapport::logistic(rapport::logit_of(rapport::features_of(s.at(rapport::timestamp{now}, m), now, p), p));
      if (bands) bands[k] = static_cast<std::uint8_t>(p.band_of(scores[k]));
    }
    return ok;
  });
}
