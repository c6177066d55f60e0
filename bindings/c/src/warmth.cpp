// Scoring a history, and reading the warmth results.

#include "capi.hpp"

using rapport::errc;
using namespace rapport::capi;

rapport_status rapport_score_options_init(rapport_score_options* options, uint32_t version) {
  RAPPORT_C_ENTRY {
    const rapport_status st =
        init_future_options(fn, options, version, RAPPORT_SCORE_OPTIONS_VERSION, &rapport_score_options::context);
    if (st == ok && version >= 3) options->horizon_days = 0;
    return st;
  };
}

rapport_status rapport_network_context_init(rapport_network_context* context, uint32_t version) {
  RAPPORT_C_ENTRY {
    if (!context) return null_arg(fn, "context");
    if (auto st = check_version(version, RAPPORT_NETWORK_CONTEXT_VERSION, fn, nullptr, nullptr); st != ok) return st;
    context->version = version;
    context->reserved = 0;
    context->owner_events_30d = 0;
    context->contact_events_30d = 0;
    context->owner_idle_days = 0;
    context->contact_idle_days = 0;
    return ok;
  };
}

rapport_status rapport_history_score(const rapport_history* history, rapport_warmth** out, const rapport_model* model,
                                     int64_t now, const rapport_score_options* options) {
  RAPPORT_C_ENTRY {
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
  };
}

void rapport_warmth_free(rapport_warmth* warmth) { delete warmth; }

rapport_status rapport_warmth_get(const rapport_warmth* warmth, rapport_score* out) {
  RAPPORT_C_ENTRY {
    if (!warmth) return null_arg(fn, "warmth");
    if (!out) return null_arg(fn, "out");
    const auto& w = warmth->w;
    out->score = w.score;
    out->probability = w.probability;
    out->logit = w.logit;
    out->band = static_cast<int32_t>(w.level);
    out->stage = static_cast<int32_t>(w.stage);
    return ok;
  };
}

rapport_status rapport_warmth_features(const rapport_warmth* warmth, size_t* count_out, double* values, double* contributions,
                                       size_t capacity) {
  RAPPORT_C_ENTRY {
    if (!warmth) return null_arg(fn, "warmth");
    const auto& parts = warmth->w.parts;
    const std::size_t k = capacity < parts.size() ? capacity : parts.size();
    for (std::size_t i = 0; i < k; ++i) {
      if (values) values[i] = parts[i].value;
      if (contributions) contributions[i] = parts[i].contribution;
    }
    if (count_out) *count_out = parts.size();
    return ok;
  };
}

rapport_status rapport_warmth_context_features(const rapport_warmth* warmth, size_t* count_out, double* values,
                                               double* contributions, size_t capacity) {
  RAPPORT_C_ENTRY {
    if (!warmth) return null_arg(fn, "warmth");
    const auto& w = warmth->w;
    const std::size_t n = w.with_context ? w.context_parts.size() : 0;
    const std::size_t k = capacity < n ? capacity : n;
    for (std::size_t i = 0; i < k; ++i) {
      if (values) values[i] = w.context_parts[i].value;
      if (contributions) contributions[i] = w.context_parts[i].contribution;
    }
    if (count_out) *count_out = n;
    return ok;
  };
}

rapport_status rapport_warmth_reason_count(const rapport_warmth* warmth, size_t* count_out) {
  RAPPORT_C_ENTRY {
    return get(fn, warmth, "warmth", count_out, "count_out", [&] { return warmth->w.reasons.size(); });
  };
}

rapport_status rapport_warmth_reason(const rapport_warmth* warmth, int32_t* feature_out, double* contribution_out,
                                     const char** text_out, size_t index) {
  RAPPORT_C_ENTRY {
    if (!warmth) return null_arg(fn, "warmth");
    const auto& rs = warmth->w.reasons;
    if (index >= rs.size())
      return fail_c(errc::out_of_range, "rapport_warmth_reason: index %zu is past the %zu reasons", index, rs.size());
    const auto& r = rs[index];
    if (feature_out) *feature_out = static_cast<int32_t>(r.which);
    if (contribution_out) *contribution_out = r.contribution;
    if (text_out) *text_out = r.text.c_str();
    return ok;
  };
}

rapport_status rapport_warmth_reasons_text(const rapport_warmth* warmth, char* buf, size_t size, size_t* needed_out) {
  RAPPORT_C_ENTRY {
    if (!warmth) return null_arg(fn, "warmth");
    std::string all;
    for (const auto& r : warmth->w.reasons) {
      all += r.text;
      all += '\n';
    }
    return copy_text(all, buf, size, needed_out, fn);
  };
}
