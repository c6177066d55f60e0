// Sequences of C ABI calls decoded from bytes: handles are created, used, shared and freed in any
// order a host could, with NULL pointers, out-of-range enums and odd sizes mixed in. Every status
// is checked (a known code; never RAPPORT_EINTERNAL, which means an exception escaped for ordinary
// input; a message whenever it is not RAPPORT_OK), every window returned is checked against its
// invariants, and everything is freed at the end so that LeakSanitizer reports any leak.
#include <rapport/rapport.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
#include <filesystem>
#endif

#include "fuzz_check.hpp"
#define CHECK RAPPORT_FUZZ_CHECK

namespace {

const char* op_name = "";

rapport_status checked(rapport_status s) {
  CHECK(s >= RAPPORT_OK && s <= RAPPORT_EINTERNAL, "%s: unknown status %d", op_name, static_cast<int>(s));
  CHECK(s != RAPPORT_EINTERNAL, "%s: RAPPORT_EINTERNAL for ordinary input: %s", op_name, rapport_last_error());
  if (s != RAPPORT_OK) {
    const char* msg = rapport_last_error();
    CHECK(msg != nullptr && msg[0] != '\0', "%s: status %d without a message", op_name, static_cast<int>(s));
  }
  return s;
}
#define CALL(expr) (op_name = #expr, checked(expr))

// A pool of up to four handles of one kind; the fuzzer picks a slot (or NULL).
template <class T, void (*Free)(T*)>
struct pool {
  std::array<T*, 4> h{};
  T* pick(FuzzedDataProvider& in) {
    return in.ConsumeIntegralInRange<int>(0, 7) == 0 ? nullptr : h[in.ConsumeIntegralInRange<std::size_t>(0, 3)];
  }
  // Where a call puts a new handle: a staging pointer, so that a call may read the handle in the
  // slot it replaces (clone into the same slot); `commit` then frees the old one.
  T* staged = nullptr;
  std::size_t target = 0;
  T** slot(FuzzedDataProvider& in) {
    commit();
    target = in.ConsumeIntegralInRange<std::size_t>(0, 3);
    return &staged;
  }
  void commit() {
    if (!staged) return;
    Free(h[target]);
    h[target] = staged;
    staged = nullptr;
  }
  void free_one(FuzzedDataProvider& in) {
    commit();
    T*& p = h[in.ConsumeIntegralInRange<std::size_t>(0, 3)];
    Free(p);
    p = nullptr;
  }
  ~pool() {
    Free(staged);
    for (T*& p : h) Free(p);
  }
};

std::int64_t sat_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  return __builtin_add_overflow(a, b, &r) ? (b > 0 ? INT64_MAX : INT64_MIN) : r;
}

std::int64_t pick_time(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return in.ConsumeIntegralInRange<std::int64_t>(0, 4294967295LL);
    case 1: return 1772000000LL + in.ConsumeIntegralInRange<std::int64_t>(-3e7, 3e7);
    case 2: return 4294967295LL - in.ConsumeIntegralInRange<std::int64_t>(0, 7e7);
    default: return in.ConsumeIntegral<std::int64_t>();
  }
}

rapport_interaction pick_interaction(FuzzedDataProvider& in, std::int64_t& t) {
  rapport_interaction x;
  std::memset(&x, 0, sizeof x);
  t = in.ConsumeBool() ? sat_add(t, in.ConsumeIntegralInRange<std::int64_t>(0, 30 * 86400)) : pick_time(in);
  x.at = t;
  x.in_reply_to = in.ConsumeIntegralInRange<int>(0, 5) == 0 ? sat_add(t, -in.ConsumeIntegralInRange<std::int64_t>(-5, 86400))
                                                            : RAPPORT_NO_REPLY;
  x.duration_seconds = in.ConsumeBool() ? 0.0 : in.ConsumeFloatingPoint<double>();
  x.channel = in.ConsumeIntegralInRange<std::uint8_t>(0, 12);
  x.direction = in.ConsumeIntegralInRange<std::uint8_t>(0, 3);
  return x;
}

void check_window(const rapport_window& w, const rapport_constraints* c) {
  CHECK(w.earliest <= w.best && w.best <= w.latest, "earliest %lld best %lld latest %lld", (long long)w.earliest,
        (long long)w.best, (long long)w.latest);
  if (w.action != RAPPORT_ACTION_NO_WINDOW) {
#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
    if ((w.why & RAPPORT_WHY_STRETCHED) && w.latest > 4294967295LL) return;  // defect 2 of issue 11
#endif
    CHECK(w.earliest >= 0 && w.latest <= 4294967295LL, "window %lld..%lld outside the valid range", (long long)w.earliest,
          (long long)w.latest);
    if (c && c->do_not_contact)
      for (std::size_t i = 0; i < c->n_do_not_contact; ++i)
        for (std::int64_t t : {w.earliest, w.best, w.latest})
          CHECK(!(c->do_not_contact[2 * i] <= t && t < c->do_not_contact[2 * i + 1]), "%lld inside do-not-contact #%zu",
                (long long)t, i);
  }
  CHECK(std::isfinite(w.warmth) && w.warmth >= 0 && w.warmth <= 100, "warmth %g", w.warmth);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  pool<rapport_model, rapport_model_free> models;
  pool<rapport_history, rapport_history_free> histories;
  pool<rapport_zone, rapport_zone_free> zones;
  pool<rapport_calendar, rapport_calendar_free> calendars;
  pool<rapport_profile, rapport_profile_free> profiles;
  pool<rapport_warmth, rapport_warmth_free> warmths;
  pool<rapport_recommendation, rapport_recommendation_free> recs;
  std::array<rapport_state, 4> states{};
  std::vector<std::int64_t> dnc;
  std::int64_t t = 1772000000LL;
  char buf[256];
  std::size_t needed = 0;

  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    models.commit();
    histories.commit();
    zones.commit();
    calendars.commit();
    profiles.commit();
    warmths.commit();
    recs.commit();
    switch (in.ConsumeIntegralInRange<int>(0, 24)) {
      case 0: CALL(rapport_model_new(in.ConsumeBool() ? models.slot(in) : nullptr)); break;
      case 1: {
        const std::string js = in.ConsumeRandomLengthString(2048);
        CALL(rapport_model_from_json(models.slot(in), js.data(), js.size()));
        break;
      }
      case 2: {
        rapport_model* m = models.pick(in);
        CALL(rapport_model_clone(m, models.slot(in)));
        break;
      }
      case 3: {
        const std::string name = in.ConsumeRandomLengthString(16);
        std::uint8_t id = 0;
        CALL(rapport_model_channel_add(models.pick(in), &id, name.c_str(), in.ConsumeFloatingPoint<double>(),
                                       in.ConsumeIntegralInRange<std::uint32_t>(0, 4)));
        break;
      }
      case 4: CALL(rapport_history_new(histories.slot(in))); break;
      case 5: {
        const int n = in.ConsumeIntegralInRange<int>(1, 8);
        rapport_history* h = histories.pick(in);
        for (int i = 0; i < n; ++i) {
          const rapport_interaction x = pick_interaction(in, t);
          CALL(rapport_history_add(h, in.ConsumeIntegralInRange<int>(0, 15) ? &x : nullptr));
        }
        break;
      }
      case 6: {
        const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 16);
        std::vector<std::int64_t> at(n);
        std::vector<std::uint8_t> ch(n), dir(n);
        for (std::size_t i = 0; i < n; ++i) {
          at[i] = pick_interaction(in, t).at;
          ch[i] = in.ConsumeIntegralInRange<std::uint8_t>(0, 9);
          dir[i] = in.ConsumeIntegralInRange<std::uint8_t>(0, 3);
        }
        CALL(rapport_history_add_columns(histories.pick(in), n ? at.data() : nullptr, n ? ch.data() : nullptr,
                                         n ? dir.data() : nullptr, n));
        break;
      }
      case 7: CALL(rapport_history_clear(histories.pick(in))); break;
      case 8: {
        rapport_score_options so;
        CALL(rapport_score_options_init(&so, in.ConsumeIntegralInRange<std::uint32_t>(0, 3)));
        rapport_score_options_init(&so, RAPPORT_SCORE_OPTIONS_VERSION);
        so.future = in.ConsumeIntegralInRange<std::uint32_t>(0, 2);
        rapport_network_context ctx;
        rapport_network_context_init(&ctx, RAPPORT_NETWORK_CONTEXT_VERSION);
        if (in.ConsumeBool()) {
          ctx.owner_events_30d = in.ConsumeFloatingPoint<double>();
          ctx.contact_idle_days = in.ConsumeFloatingPointInRange<double>(0, 1e9);
          so.context = &ctx;
        }
        rapport_history* h = histories.pick(in);
        rapport_model* m = models.pick(in);
        if (CALL(rapport_history_score(h, warmths.slot(in), m, pick_time(in), in.ConsumeBool() ? &so : nullptr)) == RAPPORT_OK) {}
        break;
      }
      case 9: {
        const rapport_warmth* w = warmths.pick(in);
        rapport_score sc;
        if (CALL(rapport_warmth_get(w, &sc)) == RAPPORT_OK)
          CHECK(std::isfinite(sc.score) && sc.score >= 0 && sc.score <= 100, "score %g", sc.score);
        double v[16], c[16];
        std::size_t count = 0;
        CALL(rapport_warmth_features(w, &count, v, c, in.ConsumeIntegralInRange<std::size_t>(0, 16)));
        CALL(rapport_warmth_context_features(w, &count, v, c, in.ConsumeIntegralInRange<std::size_t>(0, 4)));
        CALL(rapport_warmth_reason_count(w, &count));
        const char* text = nullptr;
        std::int32_t f = 0;
        double contribution = 0;
        CALL(rapport_warmth_reason(w, &f, &contribution, &text, in.ConsumeIntegralInRange<std::size_t>(0, 20)));
        const std::size_t cap = in.ConsumeIntegralInRange<std::size_t>(0, sizeof buf);
        CALL(rapport_warmth_reasons_text(w, cap ? buf : nullptr, cap, &needed));
        break;
      }
      case 10: {
        rapport_state& s = states[in.ConsumeIntegralInRange<std::size_t>(0, 3)];
        const int what = in.ConsumeIntegralInRange<int>(0, 2);
        if (what == 0) CALL(rapport_state_init(&s));
        if (what == 1) {
          const rapport_interaction x = pick_interaction(in, t);
          CALL(rapport_state_absorb(&s, models.pick(in), &x));
        }
        if (what == 2) CALL(rapport_state_from_history(&s, histories.pick(in), models.pick(in)));
        break;
      }
      case 11: {
        rapport_state& s = states[in.ConsumeIntegralInRange<std::size_t>(0, 3)];
        std::uint8_t blob[RAPPORT_STATE_SERIALIZED_SIZE + 4];
        std::size_t written = 0;
        if (in.ConsumeBool()) {
          CALL(rapport_state_serialize(&s, blob, in.ConsumeIntegralInRange<std::size_t>(0, sizeof blob), &written));
        } else {
          const std::string bytes = in.ConsumeBytesAsString(in.ConsumeIntegralInRange<std::size_t>(0, sizeof blob));
          CALL(rapport_state_deserialize(&s, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
        }
        break;
      }
      case 12: {
        const rapport_state& s = states[in.ConsumeIntegralInRange<std::size_t>(0, 3)];
        double score = 0;
        if (CALL(rapport_state_score(&s, &score, models.pick(in), pick_time(in), nullptr)) == RAPPORT_OK)
          CHECK(std::isfinite(score) && score >= 0 && score <= 100, "state score %g", score);
        CALL(rapport_state_assess(&s, warmths.slot(in), models.pick(in), pick_time(in), nullptr));
        std::int64_t first = 0, last = 0;
        CALL(rapport_state_span(&s, &first, &last));
        break;
      }
      case 13: {
        const std::string name = in.ConsumeRandomLengthString(64);
#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
        std::error_code ec;  // defect 1 of issue 11: a zoneinfo directory gives RAPPORT_EINTERNAL
        if (!name.empty() && name.find_first_of(",<") == std::string::npos &&
            std::filesystem::is_directory("/usr/share/zoneinfo/" + std::string(name.c_str()), ec))
          break;
#endif
        CALL(rapport_zone_new(zones.slot(in), in.ConsumeIntegralInRange<int>(0, 15) ? name.c_str() : nullptr));
        break;
      }
      case 14: {
        static const char* sets[] = {"none", "us_federal", "england_wales", "mars", ""};
        std::vector<std::int32_t> extra(in.ConsumeIntegralInRange<std::size_t>(0, 4));
        for (auto& d : extra)
          d = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::int32_t>(19690101, 21071231) : in.ConsumeIntegral<std::int32_t>();
        CALL(rapport_calendar_new(calendars.slot(in), sets[in.ConsumeIntegralInRange<int>(0, 4)],
                                  in.ConsumeIntegralInRange<std::uint32_t>(0, 130), extra.empty() ? nullptr : extra.data(),
                                  extra.size()));
        if (calendars.h[0]) {
          std::int32_t is = 0;
          const char* name = nullptr;
          CALL(rapport_calendar_is_business_day(calendars.h[0], &is, &name, in.ConsumeIntegral<std::int32_t>()));
        }
        break;
      }
      case 15: {
        if (in.ConsumeBool()) {
          double counts[170];
          for (double& c : counts) c = in.ConsumeBool() ? 0.0 : in.ConsumeFloatingPoint<double>();
          CALL(rapport_profile_from_counts(profiles.slot(in), counts, in.ConsumeIntegralInRange<std::size_t>(166, 170),
                                           in.ConsumeFloatingPoint<double>()));
        } else {
          rapport_history* h = histories.pick(in);
          rapport_model* m = models.pick(in);
          rapport_zone* z = zones.pick(in);
          CALL(rapport_profile_from_history(profiles.slot(in), h, m, z));
        }
        break;
      }
      case 16:
      case 17: {
        rapport_constraints c;
        CALL(rapport_constraints_init(&c, in.ConsumeBool() ? RAPPORT_CONSTRAINTS_VERSION : in.ConsumeIntegral<std::uint32_t>()));
        rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION);
        c.zone = zones.pick(in);
        c.calendar = calendars.pick(in);
        c.profile = profiles.pick(in);
        c.override_stage = in.ConsumeIntegralInRange<std::uint32_t>(0, 3);
        if (in.ConsumeBool()) {
          c.quiet_start_minute = in.ConsumeIntegralInRange<std::int32_t>(-1, 1441);
          c.quiet_end_minute = in.ConsumeIntegralInRange<std::int32_t>(-1, 1441);
        }
        dnc.clear();
        for (std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, 3); i > 0; --i) {
          const std::int64_t from = pick_time(in);
          dnc.push_back(from);
          dnc.push_back(sat_add(from, in.ConsumeIntegralInRange<std::int64_t>(-10, 60 * 86400)));
        }
        c.do_not_contact = dnc.empty() ? nullptr : dnc.data();
        c.n_do_not_contact = dnc.size() / 2;
        if (in.ConsumeIntegralInRange<int>(0, 3) == 0) c.reach_out_after = pick_time(in);
        if (in.ConsumeIntegralInRange<int>(0, 3) == 0) c.reach_out_before = pick_time(in);
        c.preferred_days = in.ConsumeIntegralInRange<std::uint32_t>(0, 130);
        c.preferred_hours = in.ConsumeBool() ? 0 : in.ConsumeIntegral<std::uint32_t>() & 0x1FFFFFF;
        rapport_recommend_options o;
        rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION);
        if (in.ConsumeBool()) {
          o.reply_quantile = in.ConsumeFloatingPoint<double>();
          o.search_days = in.ConsumeFloatingPointInRange<double>(-1, 4000);
          o.max_nudges = in.ConsumeIntegralInRange<std::int32_t>(-1, 21);
        }
        const std::int64_t now = pick_time(in);
        const rapport_constraints* cp = in.ConsumeIntegralInRange<int>(0, 5) ? &c : nullptr;
        const rapport_recommend_options* op = in.ConsumeBool() ? &o : nullptr;
        rapport_recommendation** out = recs.slot(in);
        rapport_status s;
        if (in.ConsumeBool()) {
          s = CALL(rapport_history_recommend(histories.pick(in), out, models.pick(in), now, cp, op));
        } else {
          const rapport_state& st = states[in.ConsumeIntegralInRange<std::size_t>(0, 3)];
          s = CALL(rapport_state_recommend(&st, out, models.pick(in), now, cp, op));
        }
        if (s == RAPPORT_OK) {
          rapport_window w;
          CHECK(CALL(rapport_recommendation_window(*out, &w)) == RAPPORT_OK, "window");
          check_window(w, cp);
          // The window the library returned renders with the inputs that produced it.
          const rapport_status rs = CALL(rapport_window_reasons_text(&w, buf, sizeof buf, &needed, cp, now, op));
#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
          if (rs == RAPPORT_ERANGE && (w.why & RAPPORT_WHY_STRETCHED) && w.latest > 4294967295LL) break;  // defect 2
          if (rs == RAPPORT_ERANGE &&
              (w.natural_latest < 0 || w.natural_earliest > 4294967295LL || w.natural_latest > 4294967295LL))
            break;  // finding 8: natural times outside the valid range
#endif
          CHECK(rs == RAPPORT_OK, "reasons of a returned window (action %d, %lld..%lld..%lld, now %lld): %s", w.action,
                (long long)w.earliest, (long long)w.best, (long long)w.latest, (long long)now, rapport_last_error());
          CALL(rapport_recommendation_local_time(*out, buf, in.ConsumeIntegralInRange<std::size_t>(0, sizeof buf), &needed,
                                                 in.ConsumeIntegralInRange<std::int32_t>(-1, 4)));
          std::size_t count = 0;
          CALL(rapport_recommendation_reason_count(*out, &count));
          const char* text = nullptr;
          CALL(rapport_recommendation_reason(*out, &text, in.ConsumeIntegralInRange<std::size_t>(0, count + 1)));
          CALL(rapport_recommendation_reasons_text(*out, buf, in.ConsumeIntegralInRange<std::size_t>(1, sizeof buf), &needed));
        }
        break;
      }
      case 18:
      case 19: {
        const std::size_t contacts = in.ConsumeIntegralInRange<std::size_t>(0, 5);
        std::vector<std::int64_t> offsets(contacts + 1), at;
        std::vector<std::uint8_t> ch, dir;
        for (std::size_t k = 0; k < contacts; ++k) {
          const std::size_t rows = in.ConsumeIntegralInRange<std::size_t>(0, 6);
          std::int64_t tt = pick_time(in);
          for (std::size_t r = 0; r < rows; ++r) {
            tt =
                sat_add(tt, in.ConsumeIntegralInRange<std::int64_t>(in.ConsumeIntegralInRange<int>(0, 9) ? 0 : -100, 20 * 86400));
            at.push_back(tt);
            ch.push_back(in.ConsumeIntegralInRange<std::uint8_t>(0, 9));
            dir.push_back(in.ConsumeIntegralInRange<std::uint8_t>(0, 3));
          }
          offsets[k + 1] = static_cast<std::int64_t>(at.size());
        }
        if (contacts && in.ConsumeIntegralInRange<int>(0, 7) == 0)
          offsets[in.ConsumeIntegralInRange<std::size_t>(0, contacts)] += in.ConsumeIntegralInRange<int>(-3, 3);
        std::vector<double> scores(contacts);
        std::vector<std::uint8_t> bands(contacts), stages(contacts);
        std::vector<rapport_status> statuses(contacts);
        std::vector<rapport_window> windows(contacts);
        rapport_status* st = in.ConsumeBool() ? statuses.data() : nullptr;
        const std::int64_t now = pick_time(in);
        // Threads (0-3, 0 meaning 1) must not change a bit: the call is repeated on one thread.
        const std::uint32_t threads =
            in.ConsumeIntegralInRange<int>(0, 3) == 0 ? in.ConsumeIntegralInRange<std::uint32_t>(0, 3) : 1;
        rapport_batch_options bo = RAPPORT_BATCH_OPTIONS_INIT;
        rapport_recommend_options ro = RAPPORT_RECOMMEND_OPTIONS_INIT;
        bo.threads = ro.threads = threads;
        const rapport_model* model = models.pick(in);
        const std::int64_t* at_p = at.empty() ? nullptr : at.data();
        const std::uint8_t* ch_p = ch.empty() ? nullptr : ch.data();
        const std::uint8_t* dir_p = dir.empty() ? nullptr : dir.data();
        std::vector<rapport_status> statuses1(contacts);
        rapport_status* st1 = st ? statuses1.data() : nullptr;
        rapport_status s;
        if (in.ConsumeBool()) {
          s = CALL(rapport_batch_score(model, scores.data(), bands.data(), stages.data(), st, offsets.data(), contacts, at_p,
                                       ch_p, dir_p, at.size(), now, &bo));
          if (s == RAPPORT_OK)
            for (std::size_t k = 0; k < contacts; ++k)
              CHECK(std::isnan(scores[k]) || (scores[k] >= 0 && scores[k] <= 100), "batch score %g", scores[k]);
          if (threads > 1 && contacts > 0) {
            std::vector<double> scores1(contacts);
            bo.threads = 1;
            const rapport_status s1 = CALL(rapport_batch_score(model, scores1.data(), nullptr, nullptr, st1, offsets.data(),
                                                               contacts, at_p, ch_p, dir_p, at.size(), now, &bo));
            CHECK(s1 == s, "batch score: %d on %u threads, %d on one", s, threads, s1);
            if (s == RAPPORT_OK)
              CHECK(std::memcmp(scores.data(), scores1.data(), contacts * sizeof(double)) == 0 &&
                        (!st || std::memcmp(st, st1, contacts * sizeof *st) == 0),
                    "batch score differs on %u threads", threads);
          }
        } else {
          s = CALL(rapport_batch_recommend(model, windows.data(), st, offsets.data(), contacts, at_p, ch_p, dir_p, at.size(),
                                           nullptr, now, &ro));
          if (s == RAPPORT_OK)
            for (std::size_t k = 0; k < contacts; ++k)
              if (!st || statuses[k] == RAPPORT_OK) check_window(windows[k], nullptr);
          if (threads > 1 && contacts > 0) {
            std::vector<rapport_window> windows1(contacts);
            ro.threads = 1;
            const rapport_status s1 = CALL(rapport_batch_recommend(model, windows1.data(), st1, offsets.data(), contacts, at_p,
                                                                   ch_p, dir_p, at.size(), nullptr, now, &ro));
            CHECK(s1 == s, "batch recommend: %d on %u threads, %d on one", s, threads, s1);
            if (s == RAPPORT_OK)
              CHECK(std::memcmp(windows.data(), windows1.data(), contacts * sizeof(rapport_window)) == 0 &&
                        (!st || std::memcmp(st, st1, contacts * sizeof *st) == 0),
                    "batch recommend differs on %u threads", threads);
          }
        }
        if (s == RAPPORT_OK && st)
          for (std::size_t k = 0; k < contacts; ++k)
            CHECK(statuses[k] >= 0 && statuses[k] < RAPPORT_EINTERNAL, "statuses[%zu] = %d", k, statuses[k]);
        break;
      }
      case 20: {
        double scores[4];
        std::uint8_t bands[4];
        const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 4);
        CALL(rapport_batch_score_states(models.pick(in), scores, bands, states.data(), n, pick_time(in), nullptr));
        break;
      }
      case 21: {
        const std::string text = in.ConsumeRandomLengthString(32);
        std::int64_t secs = 0;
        CALL(rapport_time_parse(in.ConsumeIntegralInRange<int>(0, 15) ? &secs : nullptr, text.c_str()));
        CALL(rapport_time_format(buf, in.ConsumeIntegralInRange<std::size_t>(0, sizeof buf), &needed, pick_time(in)));
        break;
      }
      case 22: {
        const std::int32_t v = in.ConsumeIntegral<std::int32_t>();
        for (const char* s : {rapport_band_name(v), rapport_stage_name(v), rapport_feature_name(v), rapport_direction_name(v),
                              rapport_action_name(v), rapport_status_string(v)})
          CHECK(s != nullptr, "a name function returned NULL for %d", v);
        break;
      }
      case 23: {
        double days = 0;
        CALL(rapport_model_horizon_days(models.pick(in), in.ConsumeBool() ? &days : nullptr));
        std::size_t count = 0;
        CALL(rapport_model_channel_count(models.pick(in), &count));
        std::uint8_t id = 0;
        const std::string name = in.ConsumeRandomLengthString(16);
        CALL(rapport_model_channel_find(models.pick(in), &id, name.c_str()));
        CALL(rapport_model_to_json(models.pick(in), buf, in.ConsumeIntegralInRange<std::size_t>(0, sizeof buf), &needed));
        break;
      }
      default: {
        switch (in.ConsumeIntegralInRange<int>(0, 6)) {
          case 0: models.free_one(in); break;
          case 1: histories.free_one(in); break;
          case 2: zones.free_one(in); break;
          case 3: calendars.free_one(in); break;
          case 4: profiles.free_one(in); break;
          case 5: warmths.free_one(in); break;
          default: recs.free_one(in); break;
        }
      }
    }
  }
  return 0;
}
