// The C++ half of the extension (see core.hpp for why it is split from the PostgreSQL glue).
// Every entry point runs its work inside `guarded`, which turns any exception into a status and a
// fixed-size message, so nothing C++ outlives the call and nothing is thrown into PostgreSQL.

#include "core.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <rapport/recommend.hpp>
#include <rapport/state.hpp>
#include <rapport/warmth.hpp>

namespace rapport_pg {
namespace {

static_assert(sizeof(rapport::contact_state) == sizeof(live_state), "live_state must hold a contact_state");
static_assert(std::is_trivially_copyable<rapport::contact_state>::value &&
                  std::is_trivially_destructible<rapport::contact_state>::value,
              "the aggregate keeps contact_state in PostgreSQL memory, which is freed without destructors");
static_assert(rapport::contact_state::serialized_size == state_size, "state_size must match the library's format");

status set(error* e, status code, const char* text) noexcept {
  e->code = code;
  std::snprintf(e->text, sizeof e->text, "%s", text);
  return code;
}

status set(error* e, const rapport::error_info& info) noexcept {
  const status code = info.code == rapport::errc::out_of_range ? status::out_of_range : status::invalid;
  return set(e, code, info.message.c_str());
}

// Runs `work` (which returns a status) and converts anything it throws.
template <class Work>
status guarded(error* e, Work&& work) noexcept {
  try {
    return work();
  } catch (const std::bad_alloc&) {
    return set(e, status::internal, "out of memory in rapport");
  } catch (const std::exception& x) {
    return set(e, status::internal, x.what());
  } catch (...) {
    return set(e, status::internal, "unknown C++ exception in rapport");
  }
}

rapport::contact_state& as_state(live_state* s) noexcept { return *reinterpret_cast<rapport::contact_state*>(s->bytes); }
const rapport::contact_state& as_state(const live_state* s) noexcept {
  return *reinterpret_cast<const rapport::contact_state*>(s->bytes);
}

// Reads a stored blob; a failure means the bytes are not a state this build wrote.
status load(const unsigned char* blob, rapport::contact_state* out, error* e) {
  auto s = rapport::contact_state::deserialize(blob, state_size);
  if (!s) return set(e, status::corrupt, ("corrupt rapport_state: " + s.error().message).c_str());
  *out = *s;
  return status::ok;
}

std::string quote_text(std::string_view text) {
  return "\"" + std::string(text.substr(0, 200)) + (text.size() > 200 ? "...\"" : "\"");
}

std::optional<rapport::direction> parse_direction(std::string_view d) {
  if (d == "outbound") return rapport::direction::outbound;
  if (d == "inbound") return rapport::direction::inbound;
  if (d == "mutual") return rapport::direction::mutual;
  return std::nullopt;
}

}  // namespace

status state_clear(live_state* s, error* e) noexcept {
  return guarded(e, [&] {
    new (s->bytes) rapport::contact_state();
    return status::ok;
  });
}

status state_load(const unsigned char* blob, live_state* s, error* e) noexcept {
  return guarded(e, [&] {
    rapport::contact_state st;
    if (load(blob, &st, e) != status::ok) return e->code;
    new (s->bytes) rapport::contact_state(st);  // begins the object's life in the caller's bytes
    return status::ok;
  });
}

status state_store(const live_state* s, unsigned char* blob, error* e) noexcept {
  return guarded(e, [&] {
    const std::string bytes = as_state(s).serialize();
    std::memcpy(blob, bytes.data(), state_size);
    return status::ok;
  });
}

status state_check(const unsigned char* blob, error* e) noexcept {
  return guarded(e, [&] {
    rapport::contact_state s;
    return load(blob, &s, e);
  });
}

status state_parse(const char* text, unsigned char* blob, error* e) noexcept {
  return guarded(e, [&] {
    const std::string_view t(text);
    const std::string head = "invalid rapport_state " + quote_text(t) + ": ";
    if (t.size() != 2 * state_size)
      return set(e, status::invalid,
                 (head + "expected " + std::to_string(2 * state_size) + " hexadecimal digits, got " + std::to_string(t.size()) +
                  " characters")
                     .c_str());
    for (std::size_t i = 0; i < state_size; ++i) {
      unsigned v = 0;
      const auto r = std::from_chars(t.data() + 2 * i, t.data() + 2 * i + 2, v, 16);
      if (r.ec != std::errc() || r.ptr != t.data() + 2 * i + 2)
        return set(e, status::invalid, (head + "character " + std::to_string(2 * i + 1) + " is not a hexadecimal digit").c_str());
      blob[i] = static_cast<unsigned char>(v);
    }
    rapport::contact_state s;
    auto ok = rapport::contact_state::deserialize(blob, state_size);
    if (!ok) return set(e, status::corrupt, (head + ok.error().message).c_str());
    return status::ok;
  });
}

void state_format(const unsigned char* blob, char* text) noexcept {
  static const char digits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < state_size; ++i) {
    text[2 * i] = digits[blob[i] >> 4];
    text[2 * i + 1] = digits[blob[i] & 15];
  }
  text[2 * state_size] = '\0';
}

status state_absorb(live_state* s, const interaction_in& x, error* e) noexcept {
  return guarded(e, [&] {
    const rapport::model& m = rapport::model::defaults();
    const std::string_view name(x.channel, x.channel_len), dir(x.direction, x.direction_len);
    auto via = m.channels().find(name);  // no allocation on success: this is the aggregate's hot path
    if (!via) return set(e, status::invalid, ("unknown channel " + quote_text(name)).c_str());
    const auto d = parse_direction(dir);
    if (!d)
      return set(e, status::invalid,
                 ("unknown direction " + quote_text(dir) + " (expected outbound, inbound or mutual)").c_str());
    rapport::interaction item;
    item.at = {x.at};
    item.via = *via;
    item.dir = *d;
    item.duration_seconds = x.duration_seconds;
    // The library's absorb() checks the same things but builds its message up front; the aggregate
    // calls this once per row, so the checks are done here and the message only on failure.
    rapport::contact_state& st = as_state(s);
    if (!item.at.ok())
      return set(e, status::out_of_range,
                 ("interaction time " + rapport::format_utc(item.at) + " is outside 1970-01-01T00:00:00Z..2106-02-07T06:28:15Z")
                     .c_str());
    if (!std::isfinite(x.duration_seconds) || x.duration_seconds < 0) {
      char d[48];
      std::snprintf(d, sizeof d, "%g", x.duration_seconds);
      return set(
          e, status::invalid,
          ("duration " + std::string(d) + " s of the interaction at " + rapport::format_utc(item.at) + " must be finite and >= 0")
              .c_str());
    }
    if (!st.empty() && item.at < st.last())
      return set(e, status::out_of_order,
                 ("interaction at " + rapport::format_utc(item.at) + " is earlier than the previous one (" +
                  rapport::format_utc(st.last()) + ")")
                     .c_str());
    st.absorb_unchecked(item, m);
    return status::ok;
  });
}

// ---- warmth -------------------------------------------------------------------------------------
namespace {

// Copies `text` into a fixed field; names are short constants of the library.
template <std::size_t N>
void copy_name(char (&field)[N], const char* text) noexcept {
  std::snprintf(field, N, "%s", text);
}

std::string json_string(std::string_view t) {
  std::string out = "\"";
  for (char c : t) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else
      out += c;
  }
  return out + "\"";
}

std::string json_number(double v) {  // to_chars: shortest round trip, blind to the locale
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Two-call protocol: write `text` into `buf` if it fits, always say how much it needs.
status deliver(const std::string& text, char* buf, std::size_t cap, std::size_t* needed) {
  *needed = text.size() + 1;
  if (text.size() + 1 <= cap) std::memcpy(buf, text.c_str(), text.size() + 1);
  return status::ok;
}

std::string explain_json(const rapport::warmth& w) {
  std::string j = "{\"score\": " + json_number(w.score) + ", \"probability\": " + json_number(w.probability) +
                  ", \"logit\": " + json_number(w.logit) + ", \"band\": " + json_string(rapport::to_string(w.level)) +
                  ", \"stage\": " + json_string(rapport::to_string(w.stage)) +
                  ", \"horizon_days\": " + json_number(rapport::model::defaults().params().horizon_days) + ", \"parts\": {";
  for (std::size_t i = 0; i < w.parts.size(); ++i)
    j += (i ? ", " : "") + json_string(rapport::to_string(w.parts[i].which)) + ": {\"value\": " + json_number(w.parts[i].value) +
         ", \"contribution\": " + json_number(w.parts[i].contribution) + "}";
  j += "}, \"reasons\": [";
  for (std::size_t i = 0; i < w.reasons.size(); ++i)
    j += (i ? ", " : "") + std::string("{\"feature\": ") + json_string(rapport::to_string(w.reasons[i].which)) +
         ", \"contribution\": " + json_number(w.reasons[i].contribution) + ", \"text\": " + json_string(w.reasons[i].text) + "}";
  return j + "]}";
}

}  // namespace

status warmth(const unsigned char* blob, seconds now, double horizon_days, warmth_out* out, error* e) noexcept {
  return guarded(e, [&] {
    const rapport::model& m = rapport::model::defaults();
    // The shipped model is fitted for one horizon; scoring another would be a different
    // probability under the same name, so anything else is refused rather than approximated.
    if (horizon_days != m.params().horizon_days)
      return set(
          e, status::invalid,
          ("horizon_days " + json_number(horizon_days) + " is not supported: this build scores at the model's horizon of " +
           json_number(m.params().horizon_days) + " days only")
              .c_str());
    rapport::contact_state st;
    if (load(blob, &st, e) != status::ok) return e->code;
    auto score = rapport::score(st, {now}, m);
    if (!score) return set(e, score.error());
    out->score = *score;
    copy_name(out->band, rapport::to_string(m.params().band_of(*score)));
    copy_name(out->stage, rapport::to_string(rapport::stage_of(st.at({now}, m), now, m.params())));
    return status::ok;
  });
}

status explain(const unsigned char* blob, seconds now, char* buf, std::size_t cap, std::size_t* needed, error* e) noexcept {
  return guarded(e, [&] {
    rapport::contact_state st;
    if (load(blob, &st, e) != status::ok) return e->code;
    auto w = rapport::assess(st, {now});
    if (!w) return set(e, w.error());
    return deliver(explain_json(*w), buf, cap, needed);
  });
}

// ---- follow-up window ---------------------------------------------------------------------------
namespace {

// "2026-12-20", "2026-12-20T09:00:00Z", or what to_jsonb(timestamptz) writes:
// "2026-12-20T09:00:00.5+01:00". Fractions are dropped (the library counts whole seconds).
rapport::result<rapport::timestamp> parse_time(const std::string& text, const std::string& where) {
  auto bad = [&](const std::string& why) {
    return rapport::fail(rapport::errc::invalid_argument, where + " " + quote_text(text) + ": " + why);
  };
  std::string base = text;
  std::int64_t offset = 0;
  const std::size_t sign = base.size() > 10 ? base.find_first_of("+-", 10) : std::string::npos;
  if (sign != std::string::npos) {
    int h = 0, mi = 0, used = 0;
    const char* z = base.c_str() + sign + 1;
    if (!((std::sscanf(z, "%2d:%2d%n", &h, &mi, &used) == 2 && used == 5 && z[5] == '\0') ||
          (std::sscanf(z, "%2d%n", &h, &used) == 1 && used == 2 && z[2] == '\0')) ||
        h > 15 || mi > 59)
      return bad("expected a UTC offset like +01:00 at the end");
    offset = (base[sign] == '-' ? -1 : 1) * (h * 3600LL + mi * 60LL);
    base.resize(sign);
  }
  if (const std::size_t dot = base.find('.'); dot != std::string::npos && dot > 10) {
    if (base.find_first_not_of("0123456789", dot + 1) != std::string::npos && base.back() != 'Z')
      return bad("unexpected characters after the fraction of a second");
    base.erase(dot, base.size() - dot - (base.back() == 'Z' ? 1 : 0));
  }
  auto t = rapport::parse_utc(base);
  if (!t) return bad(t.error().message);
  const rapport::timestamp r{t->seconds - offset};
  if (!r.ok())
    return rapport::fail(rapport::errc::out_of_range, where + " " + quote_text(text) + " is outside the valid time range");
  return r;
}

// Zones are read from zoneinfo files and calendars computed for 1969-2107: both cost far more
// than a recommendation, so each backend keeps the ones it has built (bounded: names come from data).
template <class T, class Make>
rapport::result<const T*> cached(std::map<std::string, T>& cache, const std::string& name, Make make) {
  if (auto it = cache.find(name); it != cache.end()) return &it->second;
  auto built = make(name);
  if (!built) return std::move(built).error();
  if (cache.size() >= 512) cache.clear();
  return &cache.emplace(name, std::move(*built)).first->second;
}

rapport::result<std::int16_t> parse_minute(const char* text, const char* key) {
  int h = 0, mi = 0, used = 0;
  if (std::sscanf(text, "%2d:%2d%n", &h, &mi, &used) != 2 || used != 5 || text[5] != '\0' || h > 23 || mi > 59 || h < 0 || mi < 0)
    return rapport::fail(rapport::errc::invalid_argument,
                         std::string("constraints.") + key + " " + quote_text(text) + ": expected HH:MM");
  return static_cast<std::int16_t>(h * 60 + mi);
}

rapport::result<void> read_optional_times(const constraints_in& in, rapport::contact_constraints& c) {
  if (in.reach_out_after) {
    auto t = parse_time(in.reach_out_after, "constraints.reach_out_after");
    if (!t) return std::move(t).error();
    c.reach_out_after = *t;
  }
  if (in.reach_out_before) {
    auto t = parse_time(in.reach_out_before, "constraints.reach_out_before");
    if (!t) return std::move(t).error();
    c.reach_out_before = *t;
  }
  for (std::size_t i = 0; i < in.leave_count; ++i) {
    const std::string where = "constraints.leave[" + std::to_string(i) + "]";
    auto from = parse_time(in.leave[i].from, where + ".from");
    if (!from) return std::move(from).error();
    auto until = parse_time(in.leave[i].until, where + ".until");
    if (!until) return std::move(until).error();
    if (*until <= *from) return rapport::fail(rapport::errc::invalid_argument, where + ": until must be after from");
    c.do_not_contact.push_back({*from, *until});
  }
  return {};
}

rapport::result<rapport::contact_constraints> read_constraints(const constraints_in& in) {
  static std::map<std::string, rapport::time_zone> zones;
  static std::map<std::string, rapport::calendar> calendars;
  rapport::contact_constraints c;
  if (in.zone) {
    auto z = cached(zones, in.zone, [](const std::string& n) { return rapport::time_zone::from_text(n); });
    if (!z) return rapport::fail(rapport::errc::invalid_argument, "constraints.zone: " + z.error().message);
    c.zone = *z;
  }
  if (in.calendar) {
    auto k = cached(calendars, in.calendar, [](const std::string& n) { return rapport::calendar::builtin(n); });
    if (!k)
      return rapport::fail(rapport::errc::invalid_argument,
                           "constraints.calendar " + quote_text(in.calendar) + ": " + k.error().message);
    c.cal = *k;
  }
  if (in.stage) {
    const std::string_view st(in.stage);
    if (st == "committed")
      c.override_stage = rapport::stage_override::committed;
    else if (st == "parked")
      c.override_stage = rapport::stage_override::parked;
    else if (st != "none")
      return rapport::fail(rapport::errc::invalid_argument,
                           "constraints.stage " + quote_text(st) + ": expected committed, parked or none");
  }
  if (in.quiet_start || in.quiet_end) {
    if (!in.quiet_start || !in.quiet_end)
      return rapport::fail(rapport::errc::invalid_argument, "constraints: quiet_start and quiet_end come together");
    auto a = parse_minute(in.quiet_start, "quiet_start");
    if (!a) return std::move(a).error();
    auto b = parse_minute(in.quiet_end, "quiet_end");
    if (!b) return std::move(b).error();
    c.quiet = {*a, *b};
  }
  if (auto ok = read_optional_times(in, c); !ok) return std::move(ok).error();
  return c;
}

std::string reasons_blob(const std::vector<std::string>& reasons) {
  std::string out;
  for (const std::string& r : reasons) out += r + '\0';
  return out;
}

}  // namespace

status recommend(const unsigned char* blob, seconds now, const constraints_in& in, window_out* out, char* buf, std::size_t cap,
                 std::size_t* needed, std::size_t* count, error* e) noexcept {
  return guarded(e, [&] {
    rapport::contact_state st;
    if (load(blob, &st, e) != status::ok) return e->code;
    auto c = read_constraints(in);
    if (!c) return set(e, c.error());
    auto r = rapport::recommend(st, {now}, *c);
    if (!r) {  // the library names itself ("recommend: ..."); the SQL function's name is prefixed instead
      const std::string& m = r.error().message;
      return set(e, r.error().code == rapport::errc::out_of_range ? status::out_of_range : status::invalid,
                 m.c_str() + (m.rfind("recommend: ", 0) == 0 ? 11 : 0));
    }
    const rapport::follow_up_window& w = r->window;
    out->has_times = w.what != rapport::action::no_window || w.next_opening.seconds > 0;
    out->earliest = w.earliest.seconds;
    out->best = w.best.seconds;
    out->latest = w.latest.seconds;
    out->reply_chance = w.reply_chance;
    copy_name(out->action, rapport::to_string(w.what));
    copy_name(out->stage, rapport::to_string(w.stage));
    copy_name(out->best_local, r->best_local.c_str());
    *count = r->reasons.size();
    const std::string all = reasons_blob(r->reasons);
    *needed = all.size() + 1;
    if (*needed <= cap) std::memcpy(buf, all.data(), all.size() + 1);
    return status::ok;
  });
}

}  // namespace rapport_pg
