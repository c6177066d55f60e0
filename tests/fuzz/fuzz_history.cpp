// Histories decoded from bytes through history::from, then assess: bad interactions fail naming
// "interaction #i"; a history that loads scores within 0-100 with finite parts, at any `now`, with
// either future policy, with or without a network context; and the incremental state built from
// the sorted history gives the same warmth.
#include "fuzz_common.hpp"

using namespace rapport_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::int64_t now_s = pick_time(in);
  const bool ignore_future = in.ConsumeBool();
  network_context ctx;
  const bool with_ctx = in.ConsumeBool();
  if (with_ctx) {
    ctx.owner_events_30d = in.ConsumeFloatingPoint<double>();
    ctx.contact_events_30d = in.ConsumeFloatingPointInRange<double>(0, 1e6);
    ctx.owner_idle_days = in.ConsumeFloatingPointInRange<double>(0, 1e308);
    ctx.contact_idle_days = in.ConsumeIntegralInRange<int>(0, 1000);
  }
  const std::vector<interaction> xs = pick_interactions(in, 64);
  const model& m = model::defaults();
  auto h = history::from(xs, m.channels());
  if (!h) {
    const errc c = h.error().code;
    RAPPORT_FUZZ_CHECK(c == errc::invalid_argument || c == errc::out_of_range, "code %d", static_cast<int>(c));
    RAPPORT_FUZZ_CHECK(h.error().message.rfind("interaction #", 0) == 0, "message does not name the interaction: %s",
                       h.error().message.c_str());
    return 0;
  }
  RAPPORT_FUZZ_CHECK(h->size() + h->merged_duplicates() == xs.size(), "sizes");
  for (std::size_t i = 1; i < h->size(); ++i) RAPPORT_FUZZ_CHECK((*h)[i - 1].at <= (*h)[i].at, "not sorted");
  score_options so;
  so.future = ignore_future ? future_policy::ignore : future_policy::reject;
  so.context = with_ctx ? &ctx : nullptr;
  auto w = assess(*h, {now_s}, m, so);
  if (!w) {
    const errc c = w.error().code;
    RAPPORT_FUZZ_CHECK(c == errc::invalid_argument || c == errc::out_of_range, "code %d: %s", static_cast<int>(c),
                       w.error().message.c_str());
    return 0;
  }
  check_warmth(*w);
  // The same warmth from the incremental state of the interactions up to now.
  contact_state st;
  for (const interaction& x : *h)
    if (x.at.seconds <= now_s) {
      if (!st.absorb(x, m)) return 0;  // a link the state cannot hold
    }
  auto ws = assess(st, {now_s}, m, so.context);
  RAPPORT_FUZZ_CHECK(ws, "the state of a scorable history does not score: %s", ws.error().message.c_str());
  RAPPORT_FUZZ_CHECK(std::fabs(ws->score - w->score) <= 1e-6 * std::max(1.0, w->score), "history %.17g vs state %.17g", w->score,
                     ws->score);
  return 0;
}
