// The extern "C" layer over rapport's C++ API. Every entry point runs inside capi::guard, checks
// each pointer and code before using it, and converts rapport::result errors into a status plus
// the thread's message. Nothing here keeps a pointer to caller memory past the call.

#include <rapport/rapport.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <rapport/params_json.hpp>
#include <rapport/rapport.hpp>
#include <rapport/recommend.hpp>

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
static_assert(RAPPORT_CONTEXT_FEATURE_COUNT == rapport::context_feature_count &&
                  RAPPORT_FEATURE_CODE_COUNT == rapport::feature_count + rapport::context_feature_count,
              "context feature count");
static_assert(static_cast<int>(rapport::feature::owner_activity) == RAPPORT_FEATURE_OWNER_ACTIVITY &&
                  static_cast<int>(rapport::feature::contact_activity) == RAPPORT_FEATURE_CONTACT_ACTIVITY &&
                  static_cast<int>(rapport::feature::owner_idle) == RAPPORT_FEATURE_OWNER_IDLE &&
                  static_cast<int>(rapport::feature::contact_idle) == RAPPORT_FEATURE_CONTACT_IDLE,
              "context feature codes");
// A version-1 options struct is 8 bytes: the library must read nothing past them for version 1.
static_assert(offsetof(rapport_score_options, context) == 8 && offsetof(rapport_batch_options, contexts) == 8,
              "version-2 fields follow the version-1 struct");
static_assert(offsetof(rapport_recommend_options, context) == offsetof(rapport_recommend_options, active_b) + 8,
              "version-2 recommend options follow the version-1 struct");
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

// Checks a caller's network context and converts it; `what` names it ("context", "contexts[3]").
// With `report` false only the status comes back (no message): see fold_rows.
rapport_status to_context(rapport::network_context& out, const rapport_network_context& in, const char* fn,
                          const char* what, bool report = true) {
  if (in.version != 1) {
    if (!report) return einval;
    return fail_c(errc::invalid_argument, "%s: %s->version = %u is unknown (fill it with rapport_network_context_init)",
                  fn, what, static_cast<unsigned>(in.version));
  }
  const std::pair<const char*, double> fields[] = {{"owner_events_30d", in.owner_events_30d},
                                                   {"contact_events_30d", in.contact_events_30d},
                                                   {"owner_idle_days", in.owner_idle_days},
                                                   {"contact_idle_days", in.contact_idle_days}};
  for (const auto& [name, v] : fields)
    if (!std::isfinite(v) || v < 0) {
      if (!report) return einval;
      return fail_c(errc::invalid_argument, "%s: %s->%s = %g; it must be finite and >= 0", fn, what, name, v);
    }
  out.owner_events_30d = in.owner_events_30d;
  out.contact_events_30d = in.contact_events_30d;
  out.owner_idle_days = in.owner_idle_days;
  out.contact_idle_days = in.contact_idle_days;
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
  return feature >= 0 && feature < RAPPORT_FEATURE_CODE_COUNT ? rapport::to_string(static_cast<rapport::feature>(feature))
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

namespace {
// The score and batch options share a shape: version, future policy, and from version 2 one
// pointer field (`extra`) that a version-1 struct ends before, so it is written only for version 2.
template <class Options, class Extra>
rapport_status init_future_options(const char* fn, Options* options, uint32_t version, Extra Options::*extra) {
  if (!options) return null_arg(fn, "options");
  if (version != 1 && version != 2)
    return fail_c(errc::invalid_argument, "%s: unknown version %u (this library knows 1 and 2)", fn, static_cast<unsigned>(version));
  options->version = version;
  options->future = RAPPORT_FUTURE_REJECT;
  if (version >= 2) options->*extra = nullptr;
  return ok;
}
}  // namespace

rapport_status rapport_score_options_init(rapport_score_options* options, uint32_t version) {
  return guard("rapport_score_options_init", [&]() -> rapport_status {
    return init_future_options("rapport_score_options_init", options, version, &rapport_score_options::context);
  });
}

rapport_status rapport_network_context_init(rapport_network_context* context, uint32_t version) {
  return guard("rapport_network_context_init", [&]() -> rapport_status {
    if (!context) return null_arg("rapport_network_context_init", "context");
    if (version != 1)
      return fail_c(errc::invalid_argument, "rapport_network_context_init: unknown version %u (this library knows 1)",
                    static_cast<unsigned>(version));
    context->version = version;
    context->reserved = 0;
    context->owner_events_30d = 0;
    context->contact_events_30d = 0;
    context->owner_idle_days = 0;
    context->contact_idle_days = 0;
    return ok;
  });
}

namespace {
// `context` receives options->context (version 2), and `out.context` points to it when given.
rapport_status read_score_options(const rapport_score_options* o, rapport::score_options& out,
                                  rapport::network_context& context, const char* fn) {
  if (!o) return ok;
  if (o->version != 1 && o->version != 2)
    return fail_c(errc::invalid_argument, "%s: options->version = %u is unknown (fill it with rapport_score_options_init)", fn,
                  static_cast<unsigned>(o->version));
  if (auto st = future_code(o->future, fn, "options", out.future); st != ok) return st;
  if (o->version >= 2 && o->context) {
    if (auto st = to_context(context, *o->context, fn, "options->context"); st != ok) return st;
    out.context = &context;
  }
  return ok;
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
    rapport::network_context context;
    if (auto st = read_score_options(options, opt, context, fn); st != ok) return st;
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

rapport_status rapport_warmth_context_features(const rapport_warmth* warmth, size_t* count_out, double* values,
                                           double* contributions, size_t capacity) {
  return guard("rapport_warmth_context_features", [&]() -> rapport_status {
    if (!warmth) return null_arg("rapport_warmth_context_features", "warmth");
    const auto& w = warmth->w;
    const std::size_t n = w.with_context ? w.context_parts.size() : 0;
    const std::size_t k = capacity < n ? capacity : n;
    for (std::size_t i = 0; i < k; ++i) {
      if (values) values[i] = w.context_parts[i].value;
      if (contributions) contributions[i] = w.context_parts[i].contribution;
    }
    if (count_out) *count_out = n;
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

namespace {
rapport_status state_score(const char* fn, const rapport_state* state, double* score_out, const rapport_model* model,
                           int64_t now, const rapport_network_context* context) {
  rapport::contact_state s;
  if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
  if (!score_out) return null_arg(fn, "score_out");
  if (auto st = check_time(now, fn, "now"); st != ok) return st;
  rapport::network_context c;
  if (context)
    if (auto st = to_context(c, *context, fn, "context"); st != ok) return st;
  auto r = rapport::score(s, rapport::timestamp{now}, model_or_default(model), context ? &c : nullptr);
  if (!r) return set_error(r.error());
  *score_out = *r;
  return ok;
}

rapport_status state_assess(const char* fn, const rapport_state* state, rapport_warmth** out, const rapport_model* model,
                            int64_t now, const rapport_network_context* context) {
  rapport::contact_state s;
  if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
  if (!out) return null_arg(fn, "out");
  if (auto st = check_time(now, fn, "now"); st != ok) return st;
  rapport::network_context c;
  if (context)
    if (auto st = to_context(c, *context, fn, "context"); st != ok) return st;
  auto w = rapport::assess(s, rapport::timestamp{now}, model_or_default(model), context ? &c : nullptr);
  if (!w) return set_error(w.error());
  return new_warmth(out, std::move(*w));
}
}  // namespace

rapport_status rapport_state_score(const rapport_state* state, double* score_out, const rapport_model* model, int64_t now) {
  return guard("rapport_state_score", [&]() -> rapport_status {
    return state_score("rapport_state_score", state, score_out, model, now, nullptr);
  });
}

rapport_status rapport_state_score_v2(const rapport_state* state, double* score_out, const rapport_model* model,
                                  int64_t now, const rapport_network_context* context) {
  return guard("rapport_state_score_v2", [&]() -> rapport_status {
    return state_score("rapport_state_score_v2", state, score_out, model, now, context);
  });
}

rapport_status rapport_state_assess(const rapport_state* state, rapport_warmth** out, const rapport_model* model,
                                int64_t now) {
  return guard("rapport_state_assess", [&]() -> rapport_status {
    return state_assess("rapport_state_assess", state, out, model, now, nullptr);
  });
}

rapport_status rapport_state_assess_v2(const rapport_state* state, rapport_warmth** out, const rapport_model* model,
                                   int64_t now, const rapport_network_context* context) {
  return guard("rapport_state_assess_v2", [&]() -> rapport_status {
    return state_assess("rapport_state_assess_v2", state, out, model, now, context);
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
    return init_future_options("rapport_batch_options_init", options, version, &rapport_batch_options::contexts);
  });
}

namespace {

constexpr double nan_score = std::numeric_limits<double>::quiet_NaN();

// The offsets first, so that no row is read out of bounds.
rapport_status check_offsets(const int64_t* offsets, std::size_t contacts, std::size_t rows, const char* fn) {
  if (offsets[0] != 0) return fail_c(errc::invalid_argument, "%s: offsets[0] = %lld; it must be 0", fn, static_cast<long long>(offsets[0]));
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

// Folds one contact's rows [b, e) into `s` with the C++ batch's own checker (same rules as a
// history: duplicates merged, rows after now rejected or skipped). Returns ok, or an error status
// with the message set only when `report` is true: with per-contact statuses only the first failure
// is described, so that bad contacts cost no formatting.
rapport_status fold_rows(rapport::contact_state& s, const rapport::model& m, const char* fn, std::size_t k,
                         std::size_t b, std::size_t e, const int64_t* at, const uint8_t* channels,
                         const uint8_t* directions, int64_t now, bool ignore_future, bool report) {
  const rapport::interaction_columns rows{at, channels, directions, e};
  std::string message;
  const errc code = rapport::detail::fold_rows(s, rows, b, e, rapport::timestamp{now}, m,
                                               ignore_future ? rapport::future_policy::ignore : rapport::future_policy::reject,
                                               fn, k, report ? &message : nullptr);
  if (code == errc::ok) return ok;
  return report ? set_error(code, message.c_str()) : static_cast<rapport_status>(code);
}

// Converts contexts[k] when there is one: `*out` points to `storage` then, else stays null.
rapport_status context_of(const rapport::network_context*& out, rapport::network_context& storage,
                          const rapport_network_context* const* contexts, std::size_t k, const char* fn, bool report) {
  out = nullptr;
  if (!contexts || !contexts[k]) return ok;
  char what[48];
  if (report) std::snprintf(what, sizeof what, "contexts[%zu]", k);
  if (auto st = to_context(storage, *contexts[k], fn, report ? what : "", report); st != ok) return st;
  out = &storage;
  return ok;
}

// Scores one contact's rows [b, e) (see fold_rows), with its context when it has one.
rapport_status score_contact(const rapport::model& m, double& score, std::uint8_t& band, std::uint8_t& stage,
                             std::size_t k, std::size_t b, std::size_t e, const int64_t* at, const uint8_t* channels,
                             const uint8_t* directions, int64_t now, bool ignore_future, bool report,
                             const rapport_network_context* const* contexts) {
  rapport::network_context storage;
  const rapport::network_context* context = nullptr;
  if (auto st = context_of(context, storage, contexts, k, "rapport_batch_score", report); st != ok) return st;
  rapport::contact_state s;
  if (auto st = fold_rows(s, m, "rapport_batch_score", k, b, e, at, channels, directions, now, ignore_future, report);
      st != ok)
    return st;
  if (s.empty()) {
    score = nan_score;
    band = RAPPORT_BAND_NONE;
    stage = RAPPORT_STAGE_NONE;
    return ok;
  }
  const auto& p = m.params();
  const rapport::snapshot snap = s.at(rapport::timestamp{now}, m);
  score = rapport::score_of(snap, now, p, context);
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
    const rapport_network_context* const* contexts = nullptr;
    if (options) {
      if (options->version != 1 && options->version != 2)
        return fail_c(errc::invalid_argument,
                      "%s: options->version = %u is unknown (fill it with rapport_batch_options_init)", fn,
                      static_cast<unsigned>(options->version));
      if (auto st = future_code(options->future, fn, "options", future); st != ok) return st;
      if (options->version >= 2) contexts = options->contexts;  // a version-1 struct ends before it
    }
    if (auto st = check_offsets(offsets, contacts, rows, fn); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    const bool ignore = future == rapport::future_policy::ignore;
    bool reported = false;
    for (std::size_t k = 0; k < contacts; ++k) {
      std::uint8_t band = RAPPORT_BAND_NONE, stage = RAPPORT_STAGE_NONE;
      const auto b = static_cast<std::size_t>(offsets[k]), e = static_cast<std::size_t>(offsets[k + 1]);
      const rapport_status st =
          score_contact(m, scores[k], band, stage, k, b, e, at, channels, directions, now, ignore, !reported, contexts);
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

namespace {
rapport_status batch_score_states(const char* fn, const rapport_model* model, double* scores, uint8_t* bands,
                                  const rapport_state* states, size_t n, int64_t now,
                                  const rapport_network_context* const* contexts) {
  if (n > 0 && !scores) return null_arg(fn, "scores");
  if (n > 0 && !states) return null_arg(fn, "states");
  if (auto st = check_time(now, fn, "now"); st != ok) return st;
  const rapport::model& m = model_or_default(model);
  const auto& p = m.params();
  for (std::size_t k = 0; k < n; ++k) {
    if (!rapport::capi::plausible(states[k]))
      return fail_c(errc::invalid_argument, "%s: states[%zu] does not hold a valid state", fn, k);
    rapport::network_context storage;
    const rapport::network_context* context = nullptr;
    if (auto st = context_of(context, storage, contexts, k, fn, true); st != ok) return st;
    rapport::contact_state s;
    std::memcpy(static_cast<void*>(&s), &states[k], sizeof s);
    if (s.empty() || s.last().seconds > now) {
      scores[k] = nan_score;
      if (bands) bands[k] = RAPPORT_BAND_NONE;
      continue;
    }
    scores[k] = rapport::score_of(s.at(rapport::timestamp{now}, m), now, p, context);
    if (bands) bands[k] = static_cast<std::uint8_t>(p.band_of(scores[k]));
  }
  return ok;
}
}  // namespace

rapport_status rapport_batch_score_states(const rapport_model* model, double* scores, uint8_t* bands,
                                      const rapport_state* states, size_t n, int64_t now) {
  return guard("rapport_batch_score_states", [&]() -> rapport_status {
    return batch_score_states("rapport_batch_score_states", model, scores, bands, states, n, now, nullptr);
  });
}

rapport_status rapport_batch_score_states_v2(const rapport_model* model, double* scores, uint8_t* bands,
                                         const rapport_state* states, size_t n, int64_t now,
                                         const rapport_network_context* const* contexts) {
  return guard("rapport_batch_score_states_v2", [&]() -> rapport_status {
    return batch_score_states("rapport_batch_score_states_v2", model, scores, bands, states, n, now, contexts);
  });
}

/* ---- follow-up windows ---- */

static_assert(sizeof(rapport_window) == 128, "rapport_window layout is frozen");
static_assert(static_cast<int>(rapport::action::no_window) == RAPPORT_ACTION_NO_WINDOW, "action codes");
static_assert(static_cast<int>(rapport::closed_reason::quiet_hours) == RAPPORT_CLOSED_QUIET_HOURS, "closed codes");
static_assert(static_cast<int>(rapport::stage_override::parked) == RAPPORT_OVERRIDE_PARKED, "override codes");
static_assert(static_cast<std::uint32_t>(rapport::why_code::momentum) == RAPPORT_WHY_MOMENTUM &&
                  static_cast<std::uint32_t>(rapport::why_code::their_turn) == RAPPORT_WHY_THEIR_TURN &&
                  static_cast<std::uint32_t>(rapport::why_code::best_slot) == RAPPORT_WHY_BEST_SLOT,
              "why bits");

rapport_status rapport_zone_new(rapport_zone** out, const char* name) {
  return guard("rapport_zone_new", [&]() -> rapport_status {
    if (!out) return null_arg("rapport_zone_new", "out");
    if (!name) return null_arg("rapport_zone_new", "name");
    auto z = rapport::time_zone::from_text(name);
    if (!z) return set_error(z.error());
    *out = new rapport_zone{std::move(*z)};
    return ok;
  });
}

void rapport_zone_free(rapport_zone* zone) { delete zone; }

namespace {
rapport_status date_of(rapport::date& out, int32_t yyyymmdd, const char* fn, const char* what) {
  auto d = rapport::date::make(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
  if (yyyymmdd < 0 || !d)
    return fail_c(errc::invalid_argument, "%s: %s = %ld is not a date YYYYMMDD between 1900 and 2200", fn, what,
                  static_cast<long>(yyyymmdd));
  out = *d;
  return ok;
}
}  // namespace

rapport_status rapport_calendar_new(rapport_calendar** out, const char* holidays, uint32_t weekend,
                                const int32_t* extra_days, size_t n_extra) {
  return guard("rapport_calendar_new", [&]() -> rapport_status {
    const char* fn = "rapport_calendar_new";
    if (!out) return null_arg(fn, "out");
    if (!holidays) return null_arg(fn, "holidays");
    if (n_extra > 0 && !extra_days) return null_arg(fn, "extra_days");
    if (weekend > 0x7F)
      return fail_c(errc::invalid_argument, "%s: weekend = 0x%x has bits beyond the seven weekdays", fn,
                    static_cast<unsigned>(weekend));
    auto spec = rapport::calendar::builtin_spec(holidays);
    if (!spec) return set_error(spec.error());
    spec->weekend = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(weekend));
    for (std::size_t i = 0; i < n_extra; ++i) {
      char what[48];
      std::snprintf(what, sizeof what, "extra_days[%zu]", i);
      rapport::date d;
      if (auto st = date_of(d, extra_days[i], fn, what); st != ok) return st;
      spec->add(d, "day off");
    }
    auto c = rapport::calendar::create(*spec);
    if (!c) return set_error(c.error());
    *out = new rapport_calendar{std::move(*c)};
    return ok;
  });
}

void rapport_calendar_free(rapport_calendar* calendar) { delete calendar; }

rapport_status rapport_calendar_new_rules(rapport_calendar** out, const char* name, uint32_t weekend,
                                      const rapport_holiday_rule* rules, size_t n_rules, const int32_t* extra_days,
                                      size_t n_extra) {
  return guard("rapport_calendar_new_rules", [&]() -> rapport_status {
    const char* fn = "rapport_calendar_new_rules";
    if (!out) return null_arg(fn, "out");
    if (!name) return null_arg(fn, "name");
    if (n_rules > 0 && !rules) return null_arg(fn, "rules");
    if (n_extra > 0 && !extra_days) return null_arg(fn, "extra_days");
    if (weekend > 0x7F)
      return fail_c(errc::invalid_argument, "%s: weekend = 0x%x has bits beyond the seven weekdays", fn,
                    static_cast<unsigned>(weekend));
    rapport::calendar_spec spec;
    spec.name = name;
    spec.weekend = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(weekend));
    spec.rules.reserve(n_rules);
    for (std::size_t i = 0; i < n_rules; ++i) {
      const rapport_holiday_rule& in = rules[i];
      if (!in.name) return fail_c(errc::invalid_argument, "%s: rules[%zu].name is NULL", fn, i);
      if (in.kind < RAPPORT_HOLIDAY_FIXED || in.kind > RAPPORT_HOLIDAY_EASTER)
        return fail_c(errc::invalid_argument, "%s: rules[%zu] (\"%s\"): kind = %ld is not a RAPPORT_HOLIDAY_*", fn, i, in.name,
                      static_cast<long>(in.kind));
      if (in.observed < RAPPORT_OBSERVE_NONE || in.observed > RAPPORT_OBSERVE_NEXT_WEEKDAY)
        return fail_c(errc::invalid_argument, "%s: rules[%zu] (\"%s\"): observed = %ld is not a RAPPORT_OBSERVE_*", fn, i,
                      in.name, static_cast<long>(in.observed));
      if (in.weekday < 0 || in.weekday > 6)
        return fail_c(errc::invalid_argument, "%s: rules[%zu] (\"%s\"): weekday = %ld is not 0 (Sunday) - 6", fn, i, in.name,
                      static_cast<long>(in.weekday));
      rapport::holiday_rule r;
      r.name = in.name;
      r.what = static_cast<rapport::holiday_rule::kind>(in.kind);
      r.month = in.month;
      r.day = in.day;
      r.wday = static_cast<rapport::weekday>(in.weekday);
      r.nth = in.nth;
      r.easter_offset = in.easter_offset;
      r.observed = static_cast<rapport::observance>(in.observed);
      if (in.from_year != 0) r.from_year = in.from_year;
      if (in.to_year != 0) r.to_year = in.to_year;
      spec.rules.push_back(std::move(r));
    }
    for (std::size_t i = 0; i < n_extra; ++i) {
      char what[48];
      std::snprintf(what, sizeof what, "extra_days[%zu]", i);
      rapport::date d;
      if (auto st = date_of(d, extra_days[i], fn, what); st != ok) return st;
      spec.add(d, "day off");
    }
    auto c = rapport::calendar::create(spec);
    if (!c) return set_error(c.error());
    *out = new rapport_calendar{std::move(*c)};
    return ok;
  });
}

rapport_status rapport_profile_from_history(rapport_profile** out, const rapport_history* history,
                                        const rapport_model* model, const rapport_zone* zone) {
  return guard("rapport_profile_from_history", [&]() -> rapport_status {
    const char* fn = "rapport_profile_from_history";
    if (!out) return null_arg(fn, "out");
    if (!history) return null_arg(fn, "history");
    auto h = rapport::history::from(history->items, model_or_default(model).channels());
    if (!h) return set_error(h.error());
    auto p = rapport::week_profile::from_history(*h, zone ? &zone->z : nullptr);
    if (!p) return set_error(p.error());
    *out = new rapport_profile{std::move(*p)};
    return ok;
  });
}

rapport_status rapport_profile_from_counts(rapport_profile** out, const double* counts, size_t n_counts,
                                       double prior_weight) {
  return guard("rapport_profile_from_counts", [&]() -> rapport_status {
    const char* fn = "rapport_profile_from_counts";
    if (!out) return null_arg(fn, "out");
    if (!counts) return null_arg(fn, "counts");
    if (n_counts != rapport::week_profile::slots)
      return fail_c(errc::invalid_argument, "%s: n_counts = %zu; a week has 168 hourly slots", fn, n_counts);
    std::array<double, rapport::week_profile::slots> c{};
    std::memcpy(c.data(), counts, sizeof(double) * c.size());
    auto p = rapport::week_profile::from_counts(c, prior_weight);
    if (!p) return set_error(p.error());
    *out = new rapport_profile{std::move(*p)};
    return ok;
  });
}

rapport_status rapport_profile_weights(const rapport_profile* profile, double* weights, size_t capacity,
                                   double* samples_out) {
  return guard("rapport_profile_weights", [&]() -> rapport_status {
    const char* fn = "rapport_profile_weights";
    if (!profile) return null_arg(fn, "profile");
    if (weights) {
      if (capacity < rapport::week_profile::slots)
        return fail_c(errc::out_of_range, "%s: capacity = %zu; the weights need 168", fn, capacity);
      for (std::size_t i = 0; i < rapport::week_profile::slots; ++i) weights[i] = profile->p.weight(i);
    }
    if (samples_out) *samples_out = profile->p.samples();
    return ok;
  });
}

void rapport_profile_free(rapport_profile* profile) { delete profile; }


rapport_status rapport_calendar_is_business_day(const rapport_calendar* calendar, int32_t* result_out,
                                            const char** name_out, int32_t yyyymmdd) {
  return guard("rapport_calendar_is_business_day", [&]() -> rapport_status {
    const char* fn = "rapport_calendar_is_business_day";
    if (!calendar) return null_arg(fn, "calendar");
    if (!result_out) return null_arg(fn, "result_out");
    rapport::date d;
    if (auto st = date_of(d, yyyymmdd, fn, "yyyymmdd"); st != ok) return st;
    *result_out = calendar->c.is_business_day(d) ? 1 : 0;
    if (name_out) {
      const std::string_view name = calendar->c.holiday_name(d);
      *name_out = name.empty() ? "" : name.data();  // a view of a whole std::string: NUL-terminated
    }
    return ok;
  });
}

rapport_status rapport_constraints_init(rapport_constraints* constraints, uint32_t version) {
  return guard("rapport_constraints_init", [&]() -> rapport_status {
    if (!constraints) return null_arg("rapport_constraints_init", "constraints");
    if (version != 1)
      return fail_c(errc::invalid_argument, "rapport_constraints_init: unknown version %u (this library knows 1)",
                    static_cast<unsigned>(version));
    const rapport::contact_constraints d;
    *constraints = rapport_constraints{};
    constraints->version = version;
    constraints->override_stage = RAPPORT_OVERRIDE_NONE;
    constraints->quiet_start_minute = d.quiet.start_minute;
    constraints->quiet_end_minute = d.quiet.end_minute;
    constraints->reach_out_after = RAPPORT_NO_TIME;
    constraints->reach_out_before = RAPPORT_NO_TIME;
    return ok;
  });
}

rapport_status rapport_recommend_options_init(rapport_recommend_options* options, uint32_t version) {
  return guard("rapport_recommend_options_init", [&]() -> rapport_status {
    if (!options) return null_arg("rapport_recommend_options_init", "options");
    if (version != 1 && version != 2)
      return fail_c(errc::invalid_argument, "rapport_recommend_options_init: unknown version %u (this library knows 1 and 2)",
                    static_cast<unsigned>(version));
    const rapport::recommend_options d;
    rapport_recommend_options& o = *options;
    // A version-1 struct ends before `context`: write only its bytes.
    std::memset(static_cast<void*>(&o), 0, version >= 2 ? sizeof o : offsetof(rapport_recommend_options, context));
    o.version = version;
    o.future = RAPPORT_FUTURE_REJECT;
    o.reply_quantile = d.reply_quantile;
    o.min_nudge_wait_days = d.min_nudge_wait_days;
    o.nudge_backoff = d.nudge_backoff;
    o.max_nudges = d.max_nudges;
    o.respond_within_business_days = d.respond_within_business_days;
    o.give_space_days = d.give_space_days;
    o.first_follow_up_min_business_days = d.first_follow_up_min_business_days;
    o.first_follow_up_max_business_days = d.first_follow_up_max_business_days;
    o.cadence_early = d.cadence_early;
    o.cadence_late = d.cadence_late;
    o.committed_cadence_multiple = d.committed_cadence_multiple;
    o.explicit_window_days = d.explicit_window_days;
    o.revival_window_days = d.revival_window_days;
    o.min_window_days = d.min_window_days;
    o.stretch_to_fit = d.stretch_to_fit ? 1u : 0u;
    o.best_search_days = d.best_search_days;
    o.search_days = d.search_days;
    o.active_r = d.active_r;
    o.active_alpha = d.active_alpha;
    o.active_a = d.active_a;
    o.active_b = d.active_b;
    if (version >= 2) {
      o.context = nullptr;
      o.contexts = nullptr;
    }
    return ok;
  });
}

const char* rapport_action_name(int32_t action) {
  return action >= 0 && action <= RAPPORT_ACTION_NO_WINDOW ? rapport::to_string(static_cast<rapport::action>(action))
                                                            : "invalid";
}

namespace {

// Caller constraints -> contact_constraints, checked. `out` is reused across batch contacts, so its
// period vector keeps its capacity (no allocation per contact once it is large enough). Messages
// start with `fn` and `what` ("constraints", "constraints[7]").
rapport_status to_constraints(rapport::contact_constraints& out, const rapport_constraints& in, const char* fn,
                              const char* what) {
  if (in.version != 1)
    return fail_c(errc::invalid_argument, "%s: %s->version = %u is unknown (fill it with rapport_constraints_init)", fn,
                  what, static_cast<unsigned>(in.version));
  if (in.override_stage > RAPPORT_OVERRIDE_PARKED)
    return fail_c(errc::invalid_argument, "%s: %s->override_stage = %u; expected RAPPORT_OVERRIDE_NONE, _COMMITTED or _PARKED",
                  fn, what, static_cast<unsigned>(in.override_stage));
  if (in.quiet_start_minute < 0 || in.quiet_start_minute >= 1440 || in.quiet_end_minute < 0 || in.quiet_end_minute >= 1440)
    return fail_c(errc::invalid_argument, "%s: %s quiet hours %ld-%ld: start and end must be minutes 0-1439 after midnight",
                  fn, what, static_cast<long>(in.quiet_start_minute), static_cast<long>(in.quiet_end_minute));
  if (in.n_do_not_contact > 0 && !in.do_not_contact)
    return fail_c(errc::invalid_argument, "%s: %s->do_not_contact is NULL but n_do_not_contact is %zu", fn, what,
                  in.n_do_not_contact);
  if (in.n_do_not_contact > out.do_not_contact.max_size())
    return fail_c(errc::out_of_range, "%s: %s->n_do_not_contact = %zu is too large", fn, what, in.n_do_not_contact);
  if (in.preferred_days > 0x7F)
    return fail_c(errc::invalid_argument, "%s: %s->preferred_days = 0x%x has bits beyond the seven weekdays", fn, what,
                  static_cast<unsigned>(in.preferred_days));
  for (const auto& [name, t] : {std::pair<const char*, int64_t>{"reach_out_after", in.reach_out_after},
                                {"reach_out_before", in.reach_out_before}})
    if (t != RAPPORT_NO_TIME && (t < 0 || t > rapport::timestamp::max().seconds))
      return fail_c(errc::out_of_range, "%s: %s->%s = %lld is neither RAPPORT_NO_TIME nor inside 0..4294967295", fn, what,
                    name, static_cast<long long>(t));
  out.zone = in.zone ? &in.zone->z : nullptr;
  out.cal = in.calendar ? &in.calendar->c : nullptr;
  out.quiet.start_minute = static_cast<std::int16_t>(in.quiet_start_minute);
  out.quiet.end_minute = static_cast<std::int16_t>(in.quiet_end_minute);
  out.do_not_contact.clear();
  for (std::size_t i = 0; i < in.n_do_not_contact; ++i)
    out.do_not_contact.push_back({rapport::timestamp{in.do_not_contact[2 * i]}, rapport::timestamp{in.do_not_contact[2 * i + 1]}});
  out.reach_out_after.reset();
  out.reach_out_before.reset();
  if (in.reach_out_after != RAPPORT_NO_TIME) out.reach_out_after = rapport::timestamp{in.reach_out_after};
  if (in.reach_out_before != RAPPORT_NO_TIME) out.reach_out_before = rapport::timestamp{in.reach_out_before};
  out.preferred_days = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(in.preferred_days));
  out.preferred_hours = in.preferred_hours;
  out.override_stage = static_cast<rapport::stage_override>(in.override_stage);
  out.profile = in.profile ? &in.profile->p : nullptr;
  if (auto v = out.validate(); !v)
    return fail_c(v.error().code, "%s: %s: %s", fn, what, v.error().message.c_str());
  return ok;
}

rapport_status to_recommend_options(rapport::recommend_options& out, rapport::score_options* so,
                                    const rapport_recommend_options* in, const char* fn) {
  out = rapport::recommend_options{};
  if (!in) return ok;
  if (in->version != 1 && in->version != 2)
    return fail_c(errc::invalid_argument, "%s: options->version = %u is unknown (fill it with rapport_recommend_options_init)",
                  fn, static_cast<unsigned>(in->version));
  rapport::future_policy future{};
  if (auto st = future_code(in->future, fn, "options", future); st != ok) return st;
  if (so) so->future = future;
  if (in->stretch_to_fit > 1)
    return fail_c(errc::invalid_argument, "%s: options->stretch_to_fit = %u; expected 0 or 1", fn,
                  static_cast<unsigned>(in->stretch_to_fit));
  out.reply_quantile = in->reply_quantile;
  out.min_nudge_wait_days = in->min_nudge_wait_days;
  out.nudge_backoff = in->nudge_backoff;
  out.max_nudges = in->max_nudges;
  out.respond_within_business_days = in->respond_within_business_days;
  out.give_space_days = in->give_space_days;
  out.first_follow_up_min_business_days = in->first_follow_up_min_business_days;
  out.first_follow_up_max_business_days = in->first_follow_up_max_business_days;
  out.cadence_early = in->cadence_early;
  out.cadence_late = in->cadence_late;
  out.committed_cadence_multiple = in->committed_cadence_multiple;
  out.explicit_window_days = in->explicit_window_days;
  out.revival_window_days = in->revival_window_days;
  out.min_window_days = in->min_window_days;
  out.stretch_to_fit = in->stretch_to_fit != 0;
  out.best_search_days = in->best_search_days;
  out.search_days = in->search_days;
  out.active_r = in->active_r;
  out.active_alpha = in->active_alpha;
  out.active_a = in->active_a;
  out.active_b = in->active_b;
  if (auto v = out.validate(); !v) return fail_c(v.error().code, "%s: %s", fn, v.error().message.c_str());
  return ok;
}

// The version-2 context fields of recommend options. `single`: the call scores one contact, so
// options->context applies (converted into `storage`, `*context_out` then points to it) and
// options->contexts must be NULL; otherwise the reverse, and `*contexts_out` gets the array.
rapport_status recommend_contexts(const rapport_recommend_options* in, bool single, const char* fn,
                                  rapport::network_context& storage, const rapport::network_context** context_out,
                                  const rapport_network_context* const** contexts_out) {
  if (context_out) *context_out = nullptr;
  if (contexts_out) *contexts_out = nullptr;
  if (!in || in->version < 2) return ok;
  if (single) {
    if (in->contexts)
      return fail_c(errc::invalid_argument, "%s: options->contexts is for the batch calls; set options->context", fn);
    if (in->context) {
      if (auto st = to_context(storage, *in->context, fn, "options->context"); st != ok) return st;
      *context_out = &storage;
    }
  } else {
    if (in->context)
      return fail_c(errc::invalid_argument,
                    "%s: options->context is for the single-contact calls; set options->contexts (one per contact)", fn);
    *contexts_out = in->contexts;
  }
  return ok;
}

void to_c_window(rapport_window& out, const rapport::follow_up_window& w) noexcept {
  out = rapport_window{};
  out.action = static_cast<int32_t>(w.what);
  out.stage = static_cast<int32_t>(w.stage);
  out.earliest = w.earliest.seconds;
  out.best = w.best.seconds;
  out.latest = w.latest.seconds;
  out.next_opening = w.next_opening.seconds;
  out.reply_chance = w.reply_chance;
  out.warmth = w.warmth;
  out.warmth_floor = w.warmth_floor;
  out.p_active = w.p_active;
  out.wait_seconds = w.wait_seconds;
  out.anchor = w.anchor.seconds;
  out.natural_earliest = w.natural_earliest.seconds;
  out.natural_latest = w.natural_latest.seconds;
  out.paused_seconds = w.paused_seconds;
  out.why = w.why;
  out.unanswered = w.unanswered;
  out.earliest_moved_by = static_cast<int32_t>(w.earliest_moved_by);
}

rapport_status from_c_window(rapport::follow_up_window& w, const rapport_window& in, const char* fn) {
  if (in.action < 0 || in.action > RAPPORT_ACTION_NO_WINDOW)
    return fail_c(errc::invalid_argument, "%s: window->action = %ld is not a RAPPORT_ACTION_*", fn, static_cast<long>(in.action));
  if (in.stage < 0 || in.stage > RAPPORT_STAGE_DORMANT)
    return fail_c(errc::invalid_argument, "%s: window->stage = %ld is not a RAPPORT_STAGE_*", fn, static_cast<long>(in.stage));
  if (in.earliest_moved_by < 0 || in.earliest_moved_by > RAPPORT_CLOSED_QUIET_HOURS)
    return fail_c(errc::invalid_argument, "%s: window->earliest_moved_by = %ld is not a RAPPORT_CLOSED_*", fn,
                  static_cast<long>(in.earliest_moved_by));
  for (int64_t t : {in.earliest, in.best, in.latest, in.next_opening, in.anchor, in.natural_earliest, in.natural_latest})
    if (t < 0 || t > rapport::timestamp::max().seconds)
      return fail_c(errc::out_of_range, "%s: window holds a time (%lld) outside 0..4294967295", fn, static_cast<long long>(t));
  w.what = static_cast<rapport::action>(in.action);
  w.stage = static_cast<rapport::stage>(in.stage);
  w.earliest = {in.earliest};
  w.best = {in.best};
  w.latest = {in.latest};
  w.next_opening = {in.next_opening};
  w.reply_chance = in.reply_chance;
  w.warmth = in.warmth;
  w.warmth_floor = in.warmth_floor;
  w.p_active = in.p_active;
  w.wait_seconds = in.wait_seconds;
  w.anchor = {in.anchor};
  w.natural_earliest = {in.natural_earliest};
  w.natural_latest = {in.natural_latest};
  w.paused_seconds = in.paused_seconds;
  w.why = in.why;
  w.unanswered = in.unanswered;
  w.earliest_moved_by = static_cast<rapport::closed_reason>(in.earliest_moved_by);
  return ok;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) {
    all += l;
    all += '\n';
  }
  return all;
}

// Plans contacts [0, n) whose tallies `fold(k, state)` produces; shared by both batch calls.
template <class Fold>
rapport_status plan_batch(const char* fn, const rapport::model& m, rapport_window* windows, rapport_status* statuses,
                          std::size_t n, const rapport_constraints* const* constraints,
                          const rapport_network_context* const* contexts, int64_t now,
                          const rapport::recommend_options& o, Fold&& fold) {
  static const rapport::contact_constraints defaults{};
  rapport::contact_constraints converted;  // reused: contacts usually share a few constraints objects
  const rapport_constraints* converted_from = nullptr;
  rapport_status converted_status = ok;
  bool reported = false;
  for (std::size_t k = 0; k < n; ++k) {
    const bool report = !reported;
    rapport::contact_state s;
    rapport_status st = fold(k, s, report);
    const rapport::contact_constraints* c = &defaults;
    if (st == ok && constraints && constraints[k]) {
      if (constraints[k] != converted_from) {
        char what[48];
        std::snprintf(what, sizeof what, "constraints[%zu]", k);
        char saved[rapport::capi::message_capacity];  // keep the first failed contact's message
        if (!report) std::memcpy(saved, rapport::capi::message_buffer(), sizeof saved);
        converted_status = to_constraints(converted, *constraints[k], fn, what);
        converted_from = constraints[k];
        if (!report && converted_status != ok) std::memcpy(rapport::capi::message_buffer(), saved, sizeof saved);
      } else if (converted_status != ok && report) {
        fail_c(static_cast<errc>(converted_status), "%s: constraints[%zu] (shared with an earlier contact) are invalid", fn, k);
      }
      st = converted_status;
      c = &converted;
    }
    rapport::network_context storage;
    const rapport::network_context* context = nullptr;
    if (st == ok) st = context_of(context, storage, contexts, k, fn, report);
    if (st == ok && s.empty())
      st = report ? fail_c(errc::invalid_argument, "%s: contact %zu has no interaction before now: there is nothing to follow up",
                           fn, k)
                  : RAPPORT_EINVAL;
    if (st == ok && s.last().seconds > now)
      st = report ? fail_c(errc::out_of_range, "%s: contact %zu: now is before its last interaction", fn, k) : RAPPORT_ERANGE;
    if (st != ok) {
      if (!statuses) return st;
      reported = true;
      statuses[k] = st;
      windows[k] = rapport_window{};
      windows[k].action = RAPPORT_ACTION_NO_WINDOW;
      windows[k].stage = RAPPORT_STAGE_NONE;
      continue;
    }
    to_c_window(windows[k],
                rapport::plan_follow_up(s.at(rapport::timestamp{now}, m), rapport::timestamp{now}, *c, m, o, context));
    if (statuses) statuses[k] = ok;
  }
  return ok;
}

}  // namespace

rapport_status rapport_history_recommend(const rapport_history* history, rapport_recommendation** out,
                                     const rapport_model* model, int64_t now, const rapport_constraints* constraints,
                                     const rapport_recommend_options* options) {
  return guard("rapport_history_recommend", [&]() -> rapport_status {
    const char* fn = "rapport_history_recommend";
    if (!history) return null_arg(fn, "history");
    if (!out) return null_arg(fn, "out");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::contact_constraints c;
    if (constraints)
      if (auto st = to_constraints(c, *constraints, fn, "constraints"); st != ok) return st;
    rapport::recommend_options o;
    rapport::score_options so;
    if (auto st = to_recommend_options(o, &so, options, fn); st != ok) return st;
    rapport::network_context context;
    if (auto st = recommend_contexts(options, true, fn, context, &so.context, nullptr); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    auto h = rapport::history::from(history->items, m.channels());
    if (!h) return set_error(h.error());
    auto r = rapport::recommend(*h, rapport::timestamp{now}, c, m, o, so);
    if (!r) return set_error(r.error());
    *out = new rapport_recommendation{std::move(*r)};
    return ok;
  });
}

rapport_status rapport_state_recommend(const rapport_state* state, rapport_recommendation** out,
                                   const rapport_model* model, int64_t now, const rapport_constraints* constraints,
                                   const rapport_recommend_options* options) {
  return guard("rapport_state_recommend", [&]() -> rapport_status {
    const char* fn = "rapport_state_recommend";
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!out) return null_arg(fn, "out");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::contact_constraints c;
    if (constraints)
      if (auto st = to_constraints(c, *constraints, fn, "constraints"); st != ok) return st;
    rapport::recommend_options o;
    if (auto st = to_recommend_options(o, nullptr, options, fn); st != ok) return st;
    rapport::network_context storage;
    const rapport::network_context* context = nullptr;
    if (auto st = recommend_contexts(options, true, fn, storage, &context, nullptr); st != ok) return st;
    auto r = rapport::recommend(s, rapport::timestamp{now}, c, model_or_default(model), o, context);
    if (!r) return set_error(r.error());
    *out = new rapport_recommendation{std::move(*r)};
    return ok;
  });
}

void rapport_recommendation_free(rapport_recommendation* recommendation) { delete recommendation; }

rapport_status rapport_recommendation_window(const rapport_recommendation* recommendation, rapport_window* out) {
  return guard("rapport_recommendation_window", [&]() -> rapport_status {
    if (!recommendation) return null_arg("rapport_recommendation_window", "recommendation");
    if (!out) return null_arg("rapport_recommendation_window", "out");
    to_c_window(*out, recommendation->r.window);
    return ok;
  });
}

rapport_status rapport_recommendation_local_time(const rapport_recommendation* recommendation, char* buf, size_t size,
                                             size_t* needed_out, int32_t which) {
  return guard("rapport_recommendation_local_time", [&]() -> rapport_status {
    const char* fn = "rapport_recommendation_local_time";
    if (!recommendation) return null_arg(fn, "recommendation");
    const auto& r = recommendation->r;
    const std::string* text = nullptr;
    switch (which) {
      case RAPPORT_WHEN_EARLIEST: text = &r.earliest_local; break;
      case RAPPORT_WHEN_BEST: text = &r.best_local; break;
      case RAPPORT_WHEN_LATEST: text = &r.latest_local; break;
      case RAPPORT_WHEN_NEXT_OPENING: text = &r.next_opening_local; break;
      default:
        return fail_c(errc::invalid_argument, "%s: which = %ld; expected RAPPORT_WHEN_EARLIEST, _BEST, _LATEST or _NEXT_OPENING",
                      fn, static_cast<long>(which));
    }
    return copy_text(*text, buf, size, needed_out, fn);
  });
}

rapport_status rapport_recommendation_reason_count(const rapport_recommendation* recommendation, size_t* count_out) {
  return guard("rapport_recommendation_reason_count", [&]() -> rapport_status {
    if (!recommendation) return null_arg("rapport_recommendation_reason_count", "recommendation");
    if (!count_out) return null_arg("rapport_recommendation_reason_count", "count_out");
    *count_out = recommendation->r.reasons.size();
    return ok;
  });
}

rapport_status rapport_recommendation_reason(const rapport_recommendation* recommendation, const char** text_out,
                                         size_t index) {
  return guard("rapport_recommendation_reason", [&]() -> rapport_status {
    const char* fn = "rapport_recommendation_reason";
    if (!recommendation) return null_arg(fn, "recommendation");
    if (!text_out) return null_arg(fn, "text_out");
    const auto& rs = recommendation->r.reasons;
    if (index >= rs.size()) return fail_c(errc::out_of_range, "%s: index %zu is past the %zu reasons", fn, index, rs.size());
    *text_out = rs[index].c_str();
    return ok;
  });
}

rapport_status rapport_recommendation_reasons_text(const rapport_recommendation* recommendation, char* buf, size_t size,
                                               size_t* needed_out) {
  return guard("rapport_recommendation_reasons_text", [&]() -> rapport_status {
    if (!recommendation) return null_arg("rapport_recommendation_reasons_text", "recommendation");
    return copy_text(joined(recommendation->r.reasons), buf, size, needed_out, "rapport_recommendation_reasons_text");
  });
}

rapport_status rapport_window_reasons_text(const rapport_window* window, char* buf, size_t size, size_t* needed_out,
                                       const rapport_constraints* constraints, int64_t now,
                                       const rapport_recommend_options* options) {
  return guard("rapport_window_reasons_text", [&]() -> rapport_status {
    const char* fn = "rapport_window_reasons_text";
    if (!window) return null_arg(fn, "window");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::follow_up_window w;
    if (auto st = from_c_window(w, *window, fn); st != ok) return st;
    rapport::contact_constraints c;
    if (constraints)
      if (auto st = to_constraints(c, *constraints, fn, "constraints"); st != ok) return st;
    rapport::recommend_options o;
    if (auto st = to_recommend_options(o, nullptr, options, fn); st != ok) return st;
    return copy_text(joined(rapport::explain(w, c, rapport::timestamp{now}, o)), buf, size, needed_out, fn);
  });
}

rapport_status rapport_batch_recommend(const rapport_model* model, rapport_window* windows, rapport_status* statuses,
                                   const int64_t* offsets, size_t contacts, const int64_t* at, const uint8_t* channels,
                                   const uint8_t* directions, size_t rows, const rapport_constraints* const* constraints,
                                   int64_t now, const rapport_recommend_options* options) {
  return guard("rapport_batch_recommend", [&]() -> rapport_status {
    const char* fn = "rapport_batch_recommend";
    if (!offsets) return null_arg(fn, "offsets");
    if (contacts > 0 && !windows) return null_arg(fn, "windows");
    if (rows > 0 && !at) return null_arg(fn, "at");
    if (rows > 0 && !channels) return null_arg(fn, "channels");
    if (rows > 0 && !directions) return null_arg(fn, "directions");
    if (contacts == std::numeric_limits<size_t>::max())
      return fail_c(errc::out_of_range, "%s: contacts = %zu overflows offsets' length (contacts + 1)", fn, contacts);
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::recommend_options o;
    rapport::score_options so;
    if (auto st = to_recommend_options(o, &so, options, fn); st != ok) return st;
    rapport::network_context unused;
    const rapport_network_context* const* contexts = nullptr;
    if (auto st = recommend_contexts(options, false, fn, unused, nullptr, &contexts); st != ok) return st;
    if (auto st = check_offsets(offsets, contacts, rows, fn); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    const bool ignore = so.future == rapport::future_policy::ignore;
    return plan_batch(fn, m, windows, statuses, contacts, constraints, contexts, now, o,
                      [&](std::size_t k, rapport::contact_state& s, bool report) {
                        return fold_rows(s, m, fn, k, static_cast<std::size_t>(offsets[k]),
                                         static_cast<std::size_t>(offsets[k + 1]), at, channels, directions, now, ignore,
                                         report);
                      });
  });
}

rapport_status rapport_batch_recommend_states(const rapport_model* model, rapport_window* windows,
                                          rapport_status* statuses, const rapport_state* states, size_t n,
                                          const rapport_constraints* const* constraints, int64_t now,
                                          const rapport_recommend_options* options) {
  return guard("rapport_batch_recommend_states", [&]() -> rapport_status {
    const char* fn = "rapport_batch_recommend_states";
    if (n > 0 && !windows) return null_arg(fn, "windows");
    if (n > 0 && !states) return null_arg(fn, "states");
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    rapport::recommend_options o;
    if (auto st = to_recommend_options(o, nullptr, options, fn); st != ok) return st;
    rapport::network_context unused;
    const rapport_network_context* const* contexts = nullptr;
    if (auto st = recommend_contexts(options, false, fn, unused, nullptr, &contexts); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    return plan_batch(fn, m, windows, statuses, n, constraints, contexts, now, o,
                      [&](std::size_t k, rapport::contact_state& s, bool report) -> rapport_status {
                        if (!rapport::capi::plausible(states[k]))
                          return report ? fail_c(errc::invalid_argument, "%s: states[%zu] does not hold a valid state", fn, k)
                                        : RAPPORT_EINVAL;
                        std::memcpy(static_cast<void*>(&s), &states[k], sizeof s);
                        return ok;
                      });
  });
}
