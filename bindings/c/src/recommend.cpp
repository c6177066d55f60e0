// Follow-up windows for one contact, and their local times and reasons.

#include <cstring>
#include <string>
#include <vector>

#include "capi.hpp"

using rapport::errc;
using namespace rapport::capi;

static_assert(sizeof(rapport_window) == 128, "rapport_window layout is frozen");
static_assert(static_cast<int>(rapport::action::no_window) == RAPPORT_ACTION_NO_WINDOW, "action codes");
static_assert(static_cast<int>(rapport::closed_reason::quiet_hours) == RAPPORT_CLOSED_QUIET_HOURS, "closed codes");
static_assert(static_cast<int>(rapport::stage_override::parked) == RAPPORT_OVERRIDE_PARKED, "override codes");
static_assert(static_cast<std::uint32_t>(rapport::why_code::momentum) == RAPPORT_WHY_MOMENTUM &&
                  static_cast<std::uint32_t>(rapport::why_code::their_turn) == RAPPORT_WHY_THEIR_TURN &&
                  static_cast<std::uint32_t>(rapport::why_code::best_slot) == RAPPORT_WHY_BEST_SLOT,
              "why bits");

rapport_status rapport_constraints_init(rapport_constraints* constraints, uint32_t version) {
  RAPPORT_C_ENTRY {
    if (!constraints) return null_arg(fn, "constraints");
    if (auto st = check_version(version, RAPPORT_CONSTRAINTS_VERSION, fn, nullptr, nullptr); st != ok) return st;
    const rapport::contact_constraints d;
    // A version-1 struct ends before `courtesy_off`: write only its bytes.
    std::memset(static_cast<void*>(constraints), 0,
                version >= 2 ? sizeof *constraints : offsetof(rapport_constraints, courtesy_off));
    constraints->version = version;
    constraints->override_stage = RAPPORT_OVERRIDE_NONE;
    constraints->quiet_start_minute = d.quiet.start_minute;
    constraints->quiet_end_minute = d.quiet.end_minute;
    constraints->reach_out_after = RAPPORT_NO_TIME;
    constraints->reach_out_before = RAPPORT_NO_TIME;
    return ok;
  };
}

rapport_status rapport_recommend_options_init(rapport_recommend_options* options, uint32_t version) {
  RAPPORT_C_ENTRY {
    if (!options) return null_arg(fn, "options");
    if (auto st = check_version(version, RAPPORT_RECOMMEND_OPTIONS_VERSION, fn, nullptr, nullptr); st != ok) return st;
    const rapport::recommend_options d;
    rapport_recommend_options& o = *options;
    // A version-1 struct ends before `context`: write only its bytes.
    std::memset(static_cast<void*>(&o), 0,
                version >= 4   ? sizeof o
                : version == 3 ? offsetof(rapport_recommend_options, threads)
                : version == 2 ? offsetof(rapport_recommend_options, nudge_below_chance)
                               : offsetof(rapport_recommend_options, context));
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
    if (version >= 3) o.nudge_below_chance = d.nudge_below_chance;
    if (version >= 4) o.threads = 1;
    return ok;
  };
}

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) {
    all += l;
    all += '\n';
  }
  return all;
}

}  // namespace

namespace {
// What planning one contact needs from the caller, checked and converted: `now`, the
// constraints, the options and the context they carry (`so.context` points to `context`).
struct one_contact {
  rapport::contact_constraints c;
  rapport::recommend_options o;
  rapport::score_options so;
  rapport::network_context context;

  rapport_status read(int64_t now, const rapport_constraints* constraints, const rapport_recommend_options* options,
                      const char* fn) {
    if (auto st = check_time(now, fn, "now"); st != ok) return st;
    if (constraints)
      if (auto st = to_constraints(c, *constraints, fn, "constraints"); st != ok) return st;
    if (auto st = to_recommend_options(o, &so, options, fn); st != ok) return st;
    return recommend_contexts(options, true, fn, context, &so.context, nullptr);
  }
};

rapport_status new_recommendation(rapport_recommendation** out, rapport::result<rapport::recommendation>&& r) {
  if (!r) return set_error(r.error());
  *out = new rapport_recommendation{std::move(*r)};
  return ok;
}
}  // namespace

rapport_status rapport_history_recommend(const rapport_history* history, rapport_recommendation** out, const rapport_model* model,
                                         int64_t now, const rapport_constraints* constraints,
                                         const rapport_recommend_options* options) {
  RAPPORT_C_ENTRY {
    if (!history) return null_arg(fn, "history");
    if (!out) return null_arg(fn, "out");
    one_contact a;
    if (auto st = a.read(now, constraints, options, fn); st != ok) return st;
    const rapport::model& m = model_or_default(model);
    auto h = rapport::history::from(history->items, m.channels());
    if (!h) return set_error(h.error());
    return new_recommendation(out, rapport::recommend(*h, rapport::timestamp{now}, a.c, m, a.o, a.so));
  };
}

rapport_status rapport_state_recommend(const rapport_state* state, rapport_recommendation** out, const rapport_model* model,
                                       int64_t now, const rapport_constraints* constraints,
                                       const rapport_recommend_options* options) {
  RAPPORT_C_ENTRY {
    rapport::contact_state s;
    if (auto st = load_state(s, state, fn, "state"); st != ok) return st;
    if (!out) return null_arg(fn, "out");
    one_contact a;
    if (auto st = a.read(now, constraints, options, fn); st != ok) return st;
    return new_recommendation(out,
                              rapport::recommend(s, rapport::timestamp{now}, a.c, model_or_default(model), a.o, a.so.context));
  };
}

void rapport_recommendation_free(rapport_recommendation* recommendation) { delete recommendation; }

rapport_status rapport_recommendation_window(const rapport_recommendation* recommendation, rapport_window* out) {
  RAPPORT_C_ENTRY {
    if (!recommendation) return null_arg(fn, "recommendation");
    if (!out) return null_arg(fn, "out");
    to_c_window(*out, recommendation->r.window);
    return ok;
  };
}

rapport_status rapport_recommendation_local_time(const rapport_recommendation* recommendation, char* buf, size_t size,
                                                 size_t* needed_out, int32_t which) {
  RAPPORT_C_ENTRY {
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
  };
}

rapport_status rapport_recommendation_reason_count(const rapport_recommendation* recommendation, size_t* count_out) {
  RAPPORT_C_ENTRY {
    return get(fn, recommendation, "recommendation", count_out, "count_out", [&] { return recommendation->r.reasons.size(); });
  };
}

rapport_status rapport_recommendation_reason(const rapport_recommendation* recommendation, const char** text_out, size_t index) {
  RAPPORT_C_ENTRY {
    if (!recommendation) return null_arg(fn, "recommendation");
    if (!text_out) return null_arg(fn, "text_out");
    const auto& rs = recommendation->r.reasons;
    if (index >= rs.size()) return fail_c(errc::out_of_range, "%s: index %zu is past the %zu reasons", fn, index, rs.size());
    *text_out = rs[index].c_str();
    return ok;
  };
}

rapport_status rapport_recommendation_reasons_text(const rapport_recommendation* recommendation, char* buf, size_t size,
                                                   size_t* needed_out) {
  RAPPORT_C_ENTRY {
    if (!recommendation) return null_arg(fn, "recommendation");
    return copy_text(joined(recommendation->r.reasons), buf, size, needed_out, fn);
  };
}

rapport_status rapport_window_reasons_text(const rapport_window* window, char* buf, size_t size, size_t* needed_out,
                                           const rapport_constraints* constraints, int64_t now,
                                           const rapport_recommend_options* options) {
  RAPPORT_C_ENTRY {
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
  };
}
