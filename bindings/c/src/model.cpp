// Models: parameters plus the channel table.

#include <rapport/params_json.hpp>

#include "capi.hpp"

using rapport::errc;
using namespace rapport::capi;

rapport_status rapport_model_new(rapport_model** out) {
  RAPPORT_C_ENTRY { return create<rapport_model>(fn, out, rapport::model::defaults()); };
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
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!json) return null_arg(fn, "json");
    return model_from(out, rapport::params_from_json(std::string_view(json, length), fn));
  };
}

rapport_status rapport_model_load(rapport_model** out, const char* path) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!path) return null_arg(fn, "path");
    return model_from(out, rapport::load_params(path));
  };
}

rapport_status rapport_model_to_json(const rapport_model* model, char* buf, size_t size, size_t* needed_out) {
  RAPPORT_C_ENTRY {
    if (!model) return null_arg(fn, "model");
    return copy_text(rapport::to_json(model->m.params()), buf, size, needed_out, fn);
  };
}

rapport_status rapport_model_clone(const rapport_model* model, rapport_model** out) {
  RAPPORT_C_ENTRY {
    return get(fn, model, "model", out, "out", [&] { return new rapport_model{model->m}; });
  };
}

rapport_status rapport_model_channel_count(const rapport_model* model, size_t* count_out) {
  RAPPORT_C_ENTRY {
    return get(fn, model, "model", count_out, "count_out", [&] { return model->m.channels().size(); });
  };
}

rapport_status rapport_model_channel_find(const rapport_model* model, uint8_t* id_out, const char* name) {
  RAPPORT_C_ENTRY {
    if (!model) return null_arg(fn, "model");
    if (!id_out) return null_arg(fn, "id_out");
    if (!name) return null_arg(fn, "name");
    auto c = model->m.channels().find(name);
    if (!c) return set_error(c.error());
    *id_out = static_cast<uint8_t>(*c);
    return ok;
  };
}

rapport_status rapport_model_channel_name(const rapport_model* model, char* buf, size_t size, size_t* needed_out, uint32_t id) {
  RAPPORT_C_ENTRY {
    if (!model) return null_arg(fn, "model");
    const auto& t = model->m.channels();
    if (id >= t.size())
      return fail_c(errc::invalid_argument, "rapport_model_channel_name: unknown channel id %u (the model has %zu)",
                    static_cast<unsigned>(id), t.size());
    return copy_text(t.spec(static_cast<rapport::channel>(id)).name, buf, size, needed_out, fn);
  };
}

rapport_status rapport_model_channel_add(rapport_model* model, uint8_t* id_out, const char* name, double weight, uint32_t flags) {
  RAPPORT_C_ENTRY {
    if (!model) return null_arg(fn, "model");
    if (!id_out) return null_arg(fn, "id_out");
    if (!name) return null_arg(fn, "name");
    if (flags & ~static_cast<uint32_t>(RAPPORT_CHANNEL_SUBSTANTIVE | RAPPORT_CHANNEL_IS_COMMITMENT))
      return fail_c(errc::invalid_argument, "rapport_model_channel_add: unknown flags 0x%x", static_cast<unsigned>(flags));
    rapport::channel_table table = model->m.channels();
    auto id = table.add({name, weight, (flags & RAPPORT_CHANNEL_SUBSTANTIVE) != 0, (flags & RAPPORT_CHANNEL_IS_COMMITMENT) != 0});
    if (!id) return set_error(id.error());
    auto next = rapport::model::create(model->m.params(), std::move(table));
    if (!next) return set_error(next.error());
    model->m = std::move(*next);
    *id_out = static_cast<uint8_t>(*id);
    return ok;
  };
}

rapport_status rapport_model_horizon_days(const rapport_model* model, double* days_out) {
  RAPPORT_C_ENTRY {
    return get(fn, model, "model", days_out, "days_out", [&] { return model->m.params().horizon_days; });
  };
}
