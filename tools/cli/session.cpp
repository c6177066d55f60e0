#include "session.hpp"

#include "atomic_file.hpp"
#include "progress.hpp"
#include "text.hpp"
#include "when.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <unordered_set>

namespace rapport_cli {
namespace {

failure usage(std::string m) { return {exit_usage, std::move(m)}; }
failure bad_input(std::string m) { return {exit_bad_input, std::move(m)}; }

std::optional<failure> read_flags(const common_options& opt, session& s, read_options& ro) {
  if (opt.now.empty())
    s.now = {static_cast<std::int64_t>(std::time(nullptr))};
  else if (auto t = parse_when(opt.now))
    s.now = *t;
  else
    return usage("--now: " + t.error().message);
  if (!opt.columns.empty()) {
    auto cols = parse_columns(opt.columns);
    if (!cols) return usage(cols.error().message);
    ro.columns = *cols;
  }
  if (!(opt.max_memory_mb > 0)) return usage("--max-memory must be > 0");
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
}

void take_stats(session& s, scan_stats&& st) {
  s.log.rows = st.rows;
  s.log.bytes = st.bytes;
  s.log.seconds = st.seconds;
  s.log.skipped = std::move(st.skipped);
  s.log.path = s.opt.log;
}

// Memory the in-memory path needs: a map node and vector per contact, 40 bytes per interaction
// (with vector slack), 8 for the owner's times.
double memory_needed_mb(std::uint64_t rows) { return static_cast<double>(rows) * 72.0 / 1e6 + 16; }

// Pass 1 of streaming: are each contact's rows together? Keeps the owner's times of the last 30
// days (and the last one) for the network context, and the contacts seen (to check grouping).
rapport::result<bool> first_pass(session& s) {
  std::unordered_set<std::string> done;
  std::string current;
  bool grouped = true;
  std::int64_t last = -1;
  const std::int64_t from = s.now.seconds - 30 * rapport::seconds_per_day;
  auto st = scan_interactions(s.opt.log, s.model.channels(), s.reading, [&](const std::string& c, const rapport::interaction& x) {
    if (c != current) {
      grouped = grouped && done.insert(current).second && done.count(c) == 0;
      current = c;
    }
    if (x.at > s.now) return;
    last = std::max(last, x.at.seconds);
    if (x.at.seconds >= from) s.owner_times.push_back(x.at.seconds);
  });
  if (!st) return std::move(st).error();
  if (last >= 0 && (s.owner_times.empty() || last < from)) s.owner_times.push_back(last);
  std::sort(s.owner_times.begin(), s.owner_times.end());
  take_stats(s, std::move(*st));
  return grouped;
}

std::string memory_note(const session& s) {
  if (s.streaming) return ", streamed one contact at a time";
  if (!s.only_contact.empty()) return ", kept " + s.only_contact + "'s rows only";
  return format(", held in memory (about %.0f MB)", memory_needed_mb(s.log.rows));
}

// Only `s.only_contact`'s rows, and your times with everyone for the context: memory grows with
// that contact's rows, plus 8 bytes a row.
std::optional<failure> read_one_contact(session& s) {
  auto& mine = s.log.by_contact[s.only_contact];
  auto st = scan_interactions(s.opt.log, s.model.channels(), s.reading, [&](const std::string& c, const rapport::interaction& x) {
    if (x.at <= s.now) s.owner_times.push_back(x.at.seconds);
    if (c == s.only_contact) mine.push_back(x);
  });
  if (!st) return bad_input(st.error().message);
  if (mine.empty()) s.log.by_contact.clear();
  std::sort(s.owner_times.begin(), s.owner_times.end());
  take_stats(s, std::move(*st));
  return std::nullopt;
}

// Streams when asked (or the file is large) and the rows are grouped by contact; otherwise reads
// into memory, if that fits in --max-memory.
std::optional<failure> read_log(session& s, bool can_stream) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(s.opt.log, ec);
  if (can_stream && (s.opt.stream || (!ec && size > stream_threshold_bytes))) {
    auto grouped = first_pass(s);
    if (!grouped) return bad_input(grouped.error().message);
    if (*grouped) return s.streaming = true, std::nullopt;
    const double need = memory_needed_mb(s.log.rows);
    if (need > s.opt.max_memory_mb)
      return bad_input(
          s.opt.log +
          format(": the rows of each contact are not together, so the file cannot be streamed; reading it needs "
                 "about %.0f MB (--max-memory is %g). Sort it by contact (e.g. sort -t, -s -k1,1) or raise --max-memory",
                 need, s.opt.max_memory_mb));
    s.owner_times.clear();
  }
  if (!s.only_contact.empty()) return read_one_contact(s);
  auto log = read_interactions(s.opt.log, s.model.channels(), s.reading);
  if (!log) return bad_input(log.error().message);
  s.log = std::move(*log);
  index_owner(s);
  return std::nullopt;
}

}  // namespace

std::optional<failure> open_session(const common_options& opt, session& s, bool can_stream) {
  s.opt = opt;
  if (auto f = read_flags(opt, s, s.reading)) return f;
  if (auto f = read_params(opt, s)) return f;
  if (!opt.contacts.empty())
    if (auto ok = s.book.load(opt.contacts); !ok) return bad_input(ok.error().message);
  if (auto f = read_log(s, can_stream)) return f;
  if (const std::string skipped = skipped_summary(s.log.skipped); !skipped.empty() && !opt.quiet)
    std::fprintf(stderr, "rapport: %s\n", skipped.c_str());
  if (opt.stats || (s.log.seconds > 1 && !opt.quiet))
    std::fprintf(stderr, "rapport: %s%s\n", throughput_line(s.log.rows, s.log.bytes, s.log.seconds).c_str(),
                 memory_note(s).c_str());
  return std::nullopt;
}

std::optional<failure> for_each_contact(const session& s, const contact_fn& each) {
  if (!s.streaming) {
    for (const auto& [name, items] : s.log.by_contact) each(name, items);
    return std::nullopt;
  }
  read_options quiet = s.reading;
  quiet.skip_bad_rows = true;  // pass 1 already stopped on (or reported) bad rows
  std::string current;
  std::vector<rapport::interaction> items;
  auto st = scan_interactions(s.opt.log, s.model.channels(), quiet, [&](const std::string& c, const rapport::interaction& x) {
    if (c != current && !items.empty()) each(current, items), items.clear();
    current = c;
    items.push_back(x);
  });
  if (!st) return bad_input(st.error().message);
  if (!items.empty()) each(current, items);
  return std::nullopt;
}

namespace {
// Each side's activity with anyone, from the log itself: the owner is in every row; the contact
// only in theirs (the log knows nothing of their other ties). A tracker fed up to `at` answers it.
rapport::network_context context_at(const session& s, const rapport::history& h, rapport::timestamp at) {
  enum : std::uint64_t { owner = 0, contact = 1 };
  rapport::network_tracker net;
  const auto& t = s.owner_times;  // sorted; only the last one before the window matters
  auto from = std::lower_bound(t.begin(), t.end(), at.seconds - rapport::network_tracker::window_seconds);
  if (from != t.begin()) --from;
  for (auto it = from; it != t.end() && *it <= at.seconds; ++it) (void)net.observe(owner, owner, {*it});  // sorted, valid
  for (const auto& x : h)
    if (x.at <= at) (void)net.observe(contact, contact, x.at);  // a history is sorted and valid
  return net.context(owner, contact, at).value_or(rapport::network_context{});
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

rapport::result<contact_plan> plan_contact(const session& s, const std::string& key, bool with_follow_up,
                                           std::optional<rapport::timestamp> at) {
  const auto it = s.log.by_contact.find(key);
  if (it == s.log.by_contact.end())
    return rapport::fail(rapport::errc::invalid_argument, "no contact \"" + key + "\" in " + s.log.path);
  return plan_contact(s, key, it->second, with_follow_up, at);
}

rapport::result<contact_plan> plan_contact(const session& s, const std::string& key,
                                           const std::vector<rapport::interaction>& items, bool with_follow_up,
                                           std::optional<rapport::timestamp> at) {
  const rapport::timestamp when = at.value_or(s.now);
  contact_plan p;
  p.key = key;
  p.info = &s.book.of(key);
  auto h = rapport::history::from(items, s.model.channels());
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
