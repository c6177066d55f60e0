// Conversions of C arguments into the C++ core's values, shared by the area files: each checks
// what it converts and names the argument at fault (capi.hpp says what each does).

#include <cmath>
#include <cstring>
#include <type_traits>
#include <utility>

#include "capi.hpp"

namespace rapport::capi {

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
static_assert(offsetof(rapport_recommend_options, threads) == offsetof(rapport_recommend_options, nudge_below_chance) + 8 &&
                  sizeof(rapport_recommend_options) == offsetof(rapport_recommend_options, reserved) + 4,
              "version-4 recommend options follow version 3, without padding");
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
  rapport::contact_state s;
  std::memcpy(static_cast<void*>(&s), raw, sizeof s);
  if (const char* why = s.defect())
    return fail_c(errc::invalid_argument,
                  "%s: %s does not hold a valid state (initialise it with rapport_state_init or zeros): %s", fn, arg, why);
  out = s;
  return ok;
}
void store_state(rapport_state* raw, const rapport::contact_state& s) noexcept {
  std::memcpy(raw, static_cast<const void*>(&s), sizeof s);
}

const rapport::model& model_or_default(const rapport_model* m) { return m ? m->m : rapport::model::defaults(); }

rapport_status null_arg(const char* fn, const char* arg) { return fail_c(errc::invalid_argument, "%s: %s is NULL", fn, arg); }

rapport_status check_time(std::int64_t t, const char* fn, const char* what) {
  if (t < 0 || t > rapport::timestamp::max().seconds)
    return fail_c(errc::out_of_range, "%s: %s = %lld s is outside 0..4294967295 (1970-01-01T00:00:00Z..2106-02-07T06:28:15Z)", fn,
                  what, static_cast<long long>(t));
  return ok;
}

// Checks what can be checked without a model and converts; `what` names the interaction.
rapport_status to_interaction(rapport::interaction& out, const rapport_interaction& x, const char* fn, const char* what) {
  if (auto st = check_time(x.at, fn, what); st != ok) return st;
  if (x.channel >= RAPPORT_CHANNEL_MAX)
    return fail_c(errc::invalid_argument, "%s: %s has channel %u; channel ids are below 64", fn, what, unsigned{x.channel});
  if (x.direction > RAPPORT_MUTUAL)
    return fail_c(errc::invalid_argument,
                  "%s: %s has direction %u; expected RAPPORT_OUTBOUND (0), RAPPORT_INBOUND (1) or RAPPORT_MUTUAL (2)", fn, what,
                  unsigned{x.direction});
  if (!std::isfinite(x.duration_seconds) || x.duration_seconds < 0)
    return fail_c(errc::invalid_argument, "%s: %s has duration %g s; it must be finite and >= 0", fn, what, x.duration_seconds);
  if (x.in_reply_to != RAPPORT_NO_REPLY) {
    if (x.direction == RAPPORT_MUTUAL)
      return fail_c(errc::invalid_argument, "%s: %s is mutual and cannot be a reply (set in_reply_to = RAPPORT_NO_REPLY)", fn,
                    what);
    if (x.in_reply_to < 0 || x.in_reply_to > x.at)
      return fail_c(errc::out_of_range, "%s: %s answers time %lld, which is not between 0 and its own time %lld", fn, what,
                    static_cast<long long>(x.in_reply_to), static_cast<long long>(x.at));
  }
  out.at = {x.at};
  out.via = static_cast<rapport::channel>(x.channel);
  out.dir = static_cast<rapport::direction>(x.direction);
  out.duration_seconds = x.duration_seconds;
  if (x.in_reply_to != RAPPORT_NO_REPLY)
    out.in_reply_to = rapport::timestamp{x.in_reply_to};
  else
    out.in_reply_to.reset();
  return ok;
}

rapport_status future_code(std::uint32_t future, const char* fn, const char* what, rapport::future_policy& out) {
  if (future == RAPPORT_FUTURE_REJECT)
    out = rapport::future_policy::reject;
  else if (future == RAPPORT_FUTURE_IGNORE)
    out = rapport::future_policy::ignore;
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

rapport_status to_context(rapport::network_context& out, const rapport_network_context& in, const char* fn, const char* what) {
  if (!known_version(in.version, RAPPORT_NETWORK_CONTEXT_VERSION))
    return what ? check_version(in.version, RAPPORT_NETWORK_CONTEXT_VERSION, fn, what, "rapport_network_context_init")
                : RAPPORT_EINVAL;
  const std::pair<const char*, double> fields[] = {{"owner_events_30d", in.owner_events_30d},
                                                   {"contact_events_30d", in.contact_events_30d},
                                                   {"owner_idle_days", in.owner_idle_days},
                                                   {"contact_idle_days", in.contact_idle_days}};
  for (const auto& [name, v] : fields)
    if (!std::isfinite(v) || v < 0)
      return what ? fail_c(errc::invalid_argument, "%s: %s->%s = %g; it must be finite and >= 0", fn, what, name, v)
                  : RAPPORT_EINVAL;
  out.owner_events_30d = in.owner_events_30d;
  out.contact_events_30d = in.contact_events_30d;
  out.owner_idle_days = in.owner_idle_days;
  out.contact_idle_days = in.contact_idle_days;
  return ok;
}

rapport_status read_score_options(const rapport_score_options* o, rapport::score_options& out, rapport::network_context& context,
                                  const char* fn) {
  if (!o) return ok;
  if (auto st = check_version(o->version, RAPPORT_SCORE_OPTIONS_VERSION, fn, "options", "rapport_score_options_init"); st != ok)
    return st;
  if (auto st = future_code(o->future, fn, "options", out.future); st != ok) return st;
  if (o->version >= 2 && o->context) {
    if (auto st = to_context(context, *o->context, fn, "options->context"); st != ok) return st;
    out.context = &context;
  }
  if (o->version >= 3) return read_horizon(o->horizon_days, out.horizon_days, fn);
  return ok;
}

rapport_status read_horizon(double horizon_days, double& out, const char* fn) {
  if (auto h = rapport::check_horizon(horizon_days); !h)
    return fail_c(errc::invalid_argument, "%s: options->horizon_days: %s", fn, h.error().message.c_str());
  out = horizon_days;
  return ok;
}

rapport_status check_version(std::uint32_t version, std::uint32_t latest, const char* fn, const char* what, const char* init) {
  if (known_version(version, latest)) return ok;
  const auto v = static_cast<unsigned>(version);
  if (!what) {
    if (latest <= 2)
      return fail_c(errc::invalid_argument, "%s: unknown version %u (this library knows 1%s)", fn, v,
                    latest == 2 ? " and 2" : "");
    return fail_c(errc::invalid_argument, "%s: unknown version %u (this library knows 1 to %u)", fn, v,
                  static_cast<unsigned>(latest));
  }
  return fail_c(errc::invalid_argument, "%s: %s->version = %u is unknown (fill it with %s)", fn, what, v, init);
}

rapport_status new_warmth(rapport_warmth** out, rapport::warmth&& w) {
  *out = new rapport_warmth{std::move(w)};
  return ok;
}

rapport_status to_constraints(rapport::contact_constraints& out, const rapport_constraints& in, const char* fn,
                              const char* what) {
  if (auto st = check_version(in.version, RAPPORT_CONSTRAINTS_VERSION, fn, what, "rapport_constraints_init"); st != ok) return st;
  if (in.override_stage > RAPPORT_OVERRIDE_PARKED)
    return fail_c(errc::invalid_argument, "%s: %s->override_stage = %u; expected RAPPORT_OVERRIDE_NONE, _COMMITTED or _PARKED",
                  fn, what, static_cast<unsigned>(in.override_stage));
  if (in.quiet_start_minute < 0 || in.quiet_start_minute >= 1440 || in.quiet_end_minute < 0 || in.quiet_end_minute >= 1440)
    return fail_c(errc::invalid_argument, "%s: %s quiet hours %ld-%ld: start and end must be minutes 0-1439 after midnight", fn,
                  what, static_cast<long>(in.quiet_start_minute), static_cast<long>(in.quiet_end_minute));
  if (in.n_do_not_contact > 0 && !in.do_not_contact)
    return fail_c(errc::invalid_argument, "%s: %s->do_not_contact is NULL but n_do_not_contact is %zu", fn, what,
                  in.n_do_not_contact);
  if (in.n_do_not_contact > out.do_not_contact.max_size())
    return fail_c(errc::out_of_range, "%s: %s->n_do_not_contact = %zu is too large", fn, what, in.n_do_not_contact);
  if (in.preferred_days > 0x7F)
    return fail_c(errc::invalid_argument, "%s: %s->preferred_days = 0x%x has bits beyond the seven weekdays", fn, what,
                  static_cast<unsigned>(in.preferred_days));
  for (const auto& [name, t] :
       {std::pair<const char*, int64_t>{"reach_out_after", in.reach_out_after}, {"reach_out_before", in.reach_out_before}})
    if (t != RAPPORT_NO_TIME && (t < 0 || t > rapport::timestamp::max().seconds))
      return fail_c(errc::out_of_range, "%s: %s->%s = %lld is neither RAPPORT_NO_TIME nor inside 0..4294967295", fn, what, name,
                    static_cast<long long>(t));
  out.zone = in.zone ? &in.zone->z : nullptr;
  out.cal = in.calendar ? &in.calendar->c : nullptr;
  out.quiet.start_minute = static_cast<std::int16_t>(in.quiet_start_minute);
  out.quiet.end_minute = static_cast<std::int16_t>(in.quiet_end_minute);
  out.do_not_contact.clear();
  for (std::size_t i = 0; i < in.n_do_not_contact; ++i)
    out.do_not_contact.push_back(
        {rapport::timestamp{in.do_not_contact[2 * i]}, rapport::timestamp{in.do_not_contact[2 * i + 1]}});
  out.reach_out_after.reset();
  out.reach_out_before.reset();
  if (in.reach_out_after != RAPPORT_NO_TIME) out.reach_out_after = rapport::timestamp{in.reach_out_after};
  if (in.reach_out_before != RAPPORT_NO_TIME) out.reach_out_before = rapport::timestamp{in.reach_out_before};
  out.preferred_days = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(in.preferred_days));
  out.preferred_hours = in.preferred_hours;
  out.override_stage = static_cast<rapport::stage_override>(in.override_stage);
  out.profile = in.profile ? &in.profile->p : nullptr;
  const std::uint32_t off = in.version >= 2 ? in.courtesy_off : 0u;  // a version-1 struct ends before it
  if (off > 0x1F)
    return fail_c(errc::invalid_argument, "%s: %s->courtesy_off = 0x%x has bits beyond RAPPORT_COURTESY_*", fn, what,
                  static_cast<unsigned>(off));
  out.courtesy.quiet_hours = !(off & RAPPORT_COURTESY_QUIET_HOURS);
  out.courtesy.weekends = !(off & RAPPORT_COURTESY_WEEKENDS);
  out.courtesy.holidays = !(off & RAPPORT_COURTESY_HOLIDAYS);
  out.courtesy.leave = !(off & RAPPORT_COURTESY_LEAVE);
  out.courtesy.first_meeting_wait = !(off & RAPPORT_COURTESY_FIRST_MEETING_WAIT);
  if (auto v = out.validate(); !v) return fail_c(v.error().code, "%s: %s: %s", fn, what, v.error().message.c_str());
  return ok;
}

rapport_status to_recommend_options(rapport::recommend_options& out, rapport::score_options* so,
                                    const rapport_recommend_options* in, const char* fn) {
  out = rapport::recommend_options{};
  if (!in) return ok;
  if (auto st = check_version(in->version, RAPPORT_RECOMMEND_OPTIONS_VERSION, fn, "options", "rapport_recommend_options_init");
      st != ok)
    return st;
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
  if (in->version >= 3) out.nudge_below_chance = in->nudge_below_chance;
  if (auto v = out.validate(); !v) return fail_c(v.error().code, "%s: %s", fn, v.error().message.c_str());
  return ok;
}

unsigned recommend_threads(const rapport_recommend_options* in) noexcept { return in && in->version >= 4 ? in->threads : 1u; }

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

namespace {
// The window's fields as pairs of members, C first: one list serves both directions.
template <class C, class Cpp>
using field = std::pair<C rapport_window::*, Cpp rapport::follow_up_window::*>;
constexpr field<int64_t, rapport::timestamp> window_times[] = {
    {&rapport_window::earliest, &rapport::follow_up_window::earliest},
    {&rapport_window::best, &rapport::follow_up_window::best},
    {&rapport_window::latest, &rapport::follow_up_window::latest},
    {&rapport_window::next_opening, &rapport::follow_up_window::next_opening},
    {&rapport_window::anchor, &rapport::follow_up_window::anchor},
    {&rapport_window::natural_earliest, &rapport::follow_up_window::natural_earliest},
    {&rapport_window::natural_latest, &rapport::follow_up_window::natural_latest}};
constexpr field<double, double> window_numbers[] = {{&rapport_window::reply_chance, &rapport::follow_up_window::reply_chance},
                                                    {&rapport_window::warmth, &rapport::follow_up_window::warmth},
                                                    {&rapport_window::warmth_floor, &rapport::follow_up_window::warmth_floor},
                                                    {&rapport_window::p_active, &rapport::follow_up_window::p_active},
                                                    {&rapport_window::wait_seconds, &rapport::follow_up_window::wait_seconds}};
}  // namespace

void to_c_window(rapport_window& out, const rapport::follow_up_window& w) noexcept {
  out = rapport_window{};
  out.action = static_cast<int32_t>(w.what);
  out.stage = static_cast<int32_t>(w.stage);
  for (const auto& [c, cpp] : window_times) out.*c = (w.*cpp).seconds;
  for (const auto& [c, cpp] : window_numbers) out.*c = w.*cpp;
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
  for (const auto& [c, cpp] : window_times)
    if (in.*c < 0 || in.*c > rapport::timestamp::max().seconds)
      return fail_c(errc::out_of_range, "%s: window holds a time (%lld) outside 0..4294967295", fn,
                    static_cast<long long>(in.*c));
  w.what = static_cast<rapport::action>(in.action);
  w.stage = static_cast<rapport::stage>(in.stage);
  for (const auto& [c, cpp] : window_times) w.*cpp = rapport::timestamp{in.*c};
  for (const auto& [c, cpp] : window_numbers) w.*cpp = in.*c;
  w.paused_seconds = in.paused_seconds;
  w.why = in.why;
  w.unanswered = in.unanswered;
  w.earliest_moved_by = static_cast<rapport::closed_reason>(in.earliest_moved_by);
  return ok;
}

}  // namespace rapport::capi
