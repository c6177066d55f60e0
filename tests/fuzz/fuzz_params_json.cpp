// Model parameters as JSON (params_json.hpp): any text either fails with a message or gives
// parameters that validate, round-trip through to_json, and score and plan without NaN or overflow.
#include "fuzz_common.hpp"

using namespace rapport_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = params_from_json(text, "fuzz");
  if (!p) {
    RAPPORT_FUZZ_CHECK(p.error().code == errc::invalid_argument, "code %d", static_cast<int>(p.error().code));
    RAPPORT_FUZZ_CHECK(p.error().message.rfind("fuzz", 0) == 0, "message does not name the source: %s",
                       p.error().message.c_str());
    return 0;
  }
  RAPPORT_FUZZ_CHECK(p->validate(), "accepted parameters fail validate()");
  auto again = params_from_json(to_json(*p));
  RAPPORT_FUZZ_CHECK(again && to_json(*again) == to_json(*p), "to_json does not round-trip");
  auto m = model::create(*p);
  RAPPORT_FUZZ_CHECK(m, "model::create refuses validated parameters: %s", m.error().message.c_str());
  // A few typical histories, scored and planned with the fuzzed model.
  const std::int64_t t0 = utc(2026, 3, 2, 10).seconds;
  const std::vector<std::vector<interaction>> cases = {
      {{{t0}, channel::meeting, direction::mutual, 3600, {}}},
      {{{t0}, channel::email, direction::outbound, 0, {}}, {{t0 + 7200}, channel::email, direction::inbound, 0, timestamp{t0}}},
      {{{t0}, channel::email, direction::outbound, 0, {}}, {{t0 + 86400}, channel::email, direction::outbound, 0, {}}},
      {{{t0}, channel::event, direction::inbound, 0, {}},
       {{t0 + 10 * 86400}, channel::call, direction::mutual, 0, {}},
       {{t0 + 40 * 86400}, channel::commitment, direction::mutual, 0, {}}}};
  network_context ctx;
  ctx.owner_events_30d = 1e308;
  ctx.contact_idle_days = 3;
  for (const auto& xs : cases) {
    auto h = history::from(xs, m->channels());
    RAPPORT_FUZZ_CHECK(h, "history");
    for (std::int64_t now : {t0 + 40 * 86400, t0 + 400 * 86400, timestamp::max().seconds}) {
      score_options so;
      const network_context* contexts[] = {nullptr, &ctx};
      for (const network_context* c : contexts) {
        so.context = c;
        auto w = assess(*h, {now}, *m, so);
        RAPPORT_FUZZ_CHECK(w, "assess failed: %s", w.error().message.c_str());
        check_warmth(*w);
      }
      auto r = recommend(*h, {now}, {}, *m);
      RAPPORT_FUZZ_CHECK(r, "recommend failed: %s", r.error().message.c_str());
      check_window(r->window, {}, {now});
    }
  }
  return 0;
}
