// `recommend`: checks the inputs, plans the window (recommend_window.cpp) and renders it for people
// (recommend_explain.cpp).

#include "recommend_rules.hpp"

#include <string>
#include <utility>

namespace rapport {
inline namespace v1 {
namespace {

result<recommendation> render(const follow_up_window& w, const contact_constraints& c, timestamp now,
                              const recommend_options& o) {
  using detail::local_text;
  recommendation r;
  r.window = w;
  if (w.what != action::no_window || w.next_opening.seconds > 0) {
    r.earliest_local = local_text(w.earliest, c);
    r.best_local = local_text(w.best, c);
    r.latest_local = local_text(w.latest, c);
  }
  if (w.what == action::no_window && w.next_opening.seconds > 0) r.next_opening_local = local_text(w.next_opening, c);
  r.reasons = explain(w, c, now, o);
  return r;
}

result<void> check_inputs(timestamp now, const contact_constraints& c, const recommend_options& o) {
  if (!now.ok())
    return fail(errc::out_of_range, "recommend: now (" + std::to_string(now.seconds) + " s) is outside the valid time range");
  if (auto v = c.validate(); !v) return v;
  return o.validate();
}

}  // namespace

result<recommendation> recommend(const snapshot& s, timestamp now, const contact_constraints& c, const model& m,
                                 const recommend_options& o) {
  if (auto ok = check_inputs(now, c, o); !ok) return std::move(ok).error();
  if (s.conversations == 0)
    return fail(errc::invalid_argument, "recommend: no interaction before now: there is no connection to follow up");
  if (now.seconds < s.last)
    return fail(errc::out_of_range, "recommend: now is before the last interaction " + format_utc({s.last}));
  return render(plan_follow_up(s, now, c, m, o), c, now, o);
}

result<recommendation> recommend(const history& h, timestamp now, const contact_constraints& c, const model& m,
                                 const recommend_options& o, const score_options& so) {
  if (auto ok = check_inputs(now, c, o); !ok) return std::move(ok).error();
  if (so.context)
    if (auto ok = so.context->validate(); !ok) return std::move(ok).error();
  auto s = snapshot_of(h, now, m, so);
  if (!s) return std::move(s).error();
  return render(plan_follow_up(*s, now, c, m, o, so.context), c, now, o);
}

result<recommendation> recommend(const contact_state& st, timestamp now, const contact_constraints& c, const model& m,
                                 const recommend_options& o, const network_context* context) {
  if (auto ok = check_inputs(now, c, o); !ok) return std::move(ok).error();
  if (context)
    if (auto ok = context->validate(); !ok) return std::move(ok).error();
  if (st.empty())
    return fail(errc::invalid_argument, "recommend: the contact state is empty: there is no connection to follow up");
  if (now < st.last())
    return fail(errc::out_of_range,
                "recommend: now " + format_utc(now) + " is before the state's last interaction " + format_utc(st.last()));
  return render(plan_follow_up(st.at(now, m), now, c, m, o, context), c, now, o);
}

}  // namespace v1
}  // namespace rapport
