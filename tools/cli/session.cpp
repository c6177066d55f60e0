#include "session.hpp"

#include "atomic_file.hpp"
#include "progress.hpp"
#include "when.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace rapport_cli {
namespace {

failure usage(std::string m) { return {exit_usage, std::move(m)}; }
failure bad_input(std::string m) { return {exit_bad_input, std::move(m)}; }

std::optional<failure> read_flags(const common_options& opt, session& s, read_options& ro) {
  if (opt.now.empty()) s.now = {static_cast<std::int64_t>(std::time(nullptr))};
  else if (auto t = parse_when(opt.now)) s.now = *t;
  else return usage("--now: " + t.error().message);
  if (!opt.columns.empty()) {
    auto cols = parse_columns(opt.columns);
    if (!cols) return usage(cols.error().message);
    ro.columns = *cols;
  }
  ro.skip_bad_rows = opt.skip_bad_rows;
  ro.show_progress = !opt.quiet;
  auto book = contact_book::create(opt.zone, opt.calendar);
  if (!book) return usage(book.error().message);
  s.book = std::move(*book);
  return std::nullopt;
}

std::optional<failure> read_params(const common_options& opt, session& s) {
  if (opt.params.empty()) return std::nullopt;
  auto p = rapport::load_params(opt.params);
  if (!p) return bad_input(p.error().message);
  auto m = rapport::model::create(*p);
  if (!m) return bad_input(opt.params + ": " + m.error().message);
  s.model = std::move(*m);
  return std::nullopt;
}

void index_owner(session& s) {
  for (const auto& [name, items] : s.log.by_contact)
    for (const auto& x : items)
      if (x.at <= s.now) s.owner_times.push_back(x.at.seconds);
  std::sort(s.owner_times.begin(), s.owner_times.end());
  if (!s.owner_times.empty()) s.owner_last = s.owner_times.back();
}

}  // namespace

std::optional<failure> open_session(const common_options& opt, session& s) {
  s.opt = opt;
  read_options ro;
  if (auto f = read_flags(opt, s, ro)) return f;
  if (auto f = read_params(opt, s)) return f;
  if (!opt.contacts.empty())
    if (auto ok = s.book.load(opt.contacts); !ok) return bad_input(ok.error().message);
  auto log = read_interactions(opt.log, s.model.channels(), ro);
  if (!log) return bad_input(log.error().message);
  s.log = std::move(*log);
  if (const std::string skipped = skipped_summary(s.log.skipped); !skipped.empty() && !opt.quiet)
    std::fprintf(stderr, "rapport: %s\n", skipped.c_str());
  if (opt.stats || (s.log.seconds > 1 && !opt.quiet))
    std::fprintf(stderr, "rapport: %s\n", throughput_line(s.log.rows, s.log.bytes, s.log.seconds).c_str());
  index_owner(s);
  return std::nullopt;
}

namespace {
// Each side's activity with anyone, from the log itself: the owner is in every row; the contact
// only in theirs (the log knows nothing of their other ties).
rapport::network_context context_at(const session& s, const rapport::history& h, rapport::timestamp at) {
  const std::int64_t from = at.seconds - 30 * rapport::seconds_per_day;
  const auto& t = s.owner_times;
  rapport::network_context c;
  c.owner_events_30d = static_cast<double>(std::lower_bound(t.begin(), t.end(), at.seconds + 1) - std::lower_bound(t.begin(), t.end(), from));
  const auto last_owner = std::upper_bound(t.begin(), t.end(), at.seconds);
  c.owner_idle_days = last_owner == t.begin() ? 0 : static_cast<double>(at.seconds - *(last_owner - 1)) / rapport::seconds_per_day;
  std::int64_t last = -1;
  for (const auto& x : h)
    if (x.at <= at) {
      c.contact_events_30d += x.at.seconds >= from;
      last = x.at.seconds;
    }
  c.contact_idle_days = last < 0 ? 0 : static_cast<double>(at.seconds - last) / rapport::seconds_per_day;
  return c;
}

// Interactions after the scoring time are ignored (scheduled meetings in an export are not an
// error); the context is borrowed for the call.
rapport::score_options score_options_for(const session& s, const rapport::network_context& c) {
  rapport::score_options so;
  so.future = rapport::future_policy::ignore;
  so.context = s.opt.no_context ? nullptr : &c;
  return so;
}
}  // namespace

rapport::result<rapport::warmth> warmth_at(const session& s, const rapport::history& h, rapport::timestamp at,
                                           rapport::network_context* context) {
  const rapport::network_context c = context_at(s, h, at);
  if (context) *context = c;
  return rapport::assess(h, at, s.model, score_options_for(s, c));
}

rapport::result<contact_plan> plan_contact(const session& s, const std::string& key, bool with_follow_up, std::optional<rapport::timestamp> at) {
  const auto it = s.log.by_contact.find(key);
  if (it == s.log.by_contact.end()) return rapport::fail(rapport::errc::invalid_argument, "no contact \"" + key + "\" in " + s.log.path);
  const rapport::timestamp when = at.value_or(s.now);
  contact_plan p;
  p.key = key;
  p.info = &s.book.of(key);
  auto h = rapport::history::from(it->second, s.model.channels());
  if (!h) return rapport::fail(h.error().code, key + ": " + h.error().message);
  p.history = std::move(*h);
  auto w = warmth_at(s, *p.history, when, &p.context);
  if (!w) return rapport::fail(w.error().code, key + ": " + w.error().message);
  p.warmth = std::move(*w);
  if (!with_follow_up) return p;
  auto prof = rapport::week_profile::from_history(*p.history, p.info->constraints.zone);
  if (!prof) return rapport::fail(prof.error().code, key + ": " + prof.error().message);
  p.profile = std::make_shared<const rapport::week_profile>(*prof);
  p.constraints = p.info->constraints;
  p.constraints.profile = p.profile.get();
  auto r = rapport::recommend(*p.history, when, p.constraints, s.model, {}, score_options_for(s, p.context));
  if (!r) return rapport::fail(r.error().code, key + ": " + r.error().message);
  p.follow_up = std::move(*r);
  return p;
}

std::optional<failure> emit(const session& s, const std::string& text) {
  if (s.opt.output.empty()) {
    std::cout << text << std::flush;
    return std::nullopt;
  }
  if (auto ok = write_atomically(s.opt.output, text); !ok) return failure{exit_bad_input, ok.error().message};
  return std::nullopt;
}

}  // namespace rapport_cli
