// Histories: one contact's interactions, checked as they are added.

#include <cstdio>

#include "capi.hpp"

using rapport::errc;
using namespace rapport::capi;

rapport_status rapport_history_new(rapport_history** out) {
  RAPPORT_C_ENTRY { return create<rapport_history>(fn, out); };
}

void rapport_history_free(rapport_history* history) { delete history; }

rapport_status rapport_history_add(rapport_history* history, const rapport_interaction* x) {
  RAPPORT_C_ENTRY {
    if (!history) return null_arg(fn, "history");
    if (!x) return null_arg(fn, "x");
    char what[64];
    std::snprintf(what, sizeof what, "interaction #%zu", history->items.size());
    rapport::interaction item;
    if (auto st = to_interaction(item, *x, fn, what); st != ok) return st;
    history->items.push_back(item);
    return ok;
  };
}

rapport_status rapport_history_add_columns(rapport_history* history, const int64_t* at, const uint8_t* channels,
                                           const uint8_t* directions, size_t n) {
  RAPPORT_C_ENTRY {
    if (!history) return null_arg(fn, "history");
    if (n == 0) return ok;
    if (!at) return null_arg(fn, "at");
    if (!channels) return null_arg(fn, "channels");
    if (!directions) return null_arg(fn, "directions");
    auto& items = history->items;
    if (n > items.max_size() - items.size()) return fail_c(errc::out_of_range, "%s: n = %zu rows do not fit in a history", fn, n);
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
  };
}

rapport_status rapport_history_size(const rapport_history* history, size_t* size_out) {
  RAPPORT_C_ENTRY {
    return get(fn, history, "history", size_out, "size_out", [&] { return history->items.size(); });
  };
}

rapport_status rapport_history_clear(rapport_history* history) {
  RAPPORT_C_ENTRY {
    if (!history) return null_arg(fn, "history");
    history->items.clear();
    return ok;
  };
}
