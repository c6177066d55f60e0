// recommend on histories and constraints decoded from bytes: invalid constraints or options fail
// with a message, no exception escapes, and every window keeps the documented invariants:
// earliest <= best <= latest, inside the valid range, never inside a do-not-contact period, never
// past a deadline, warmth and chances in range. The batch planner's windows keep them too.
#include "fuzz_common.hpp"

using namespace rapport_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::int64_t now_s = pick_time(in);
  const contact_constraints c = pick_constraints(in, now_s);
  const recommend_options o = pick_options(in);
  std::vector<interaction> xs = pick_interactions(in, 24);
  const model& m = model::defaults();
  auto h = history::from(xs, m.channels());
  if (!h) return 0;  // fuzz_history covers bad interactions
  auto r = recommend(*h, {now_s}, c, m, o);
  if (!r) {
    const errc code = r.error().code;
    RAPPORT_FUZZ_CHECK(code == errc::invalid_argument || code == errc::out_of_range, "code %d: %s", static_cast<int>(code),
                       r.error().message.c_str());
    return 0;
  }
  check_window(r->window, c, {now_s});
  RAPPORT_FUZZ_CHECK(!r->reasons.empty(), "a window without reasons");
  // The batch planner on the state of the same history (reply links dropped).
  contact_state st;
  for (const interaction& x : *h) {
    interaction y = x;
    y.in_reply_to.reset();
    if (!st.absorb(y, m)) return 0;
  }
  if (st.last().seconds > now_s) return 0;
  follow_up_window out[1];
  const contact_constraints* cs[] = {&c};
  auto rep = recommend_batch(&st, 1, cs, {now_s}, out, m, o);
  RAPPORT_FUZZ_CHECK(rep && rep->planned == 1, "batch did not plan a contact the single call planned");
  check_window(out[0], c, {now_s});
  return 0;
}
