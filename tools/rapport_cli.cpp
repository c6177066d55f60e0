// `rapport`: the command-line tool. Scores every contact of a CSV interaction log, or plans when to
// follow up with each.
//
//   rapport warmth --log examples/data/contacts.csv --now 2026-11-25T09:00:00Z
//   rapport recommend --log examples/data/contacts.csv --now 2026-11-25T09:00:00Z --zone Europe/London --calendar england_wales
#include <rapport/rapport.hpp>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <utility>

#include "contact_log.hpp"

namespace {
int usage(const char* why) {
  if (why) std::fprintf(stderr, "rapport: %s\n\n", why);
  std::fprintf(stderr,
               "usage: rapport warmth --log FILE [--now TIME] [--reasons]\n"
               "       rapport recommend --log FILE [--now TIME] [--zone ZONE] [--calendar NAME] [--reasons]\n"
               "  --log FILE       CSV with header contact,at,channel,direction[,duration_seconds]\n"
               "  --now TIME       scoring time, UTC (YYYY-MM-DD[THH:MM[:SS]][Z]); default: the current time\n"
               "  --zone ZONE      the contacts' time zone: IANA name (Europe/London) or POSIX TZ string; default UTC\n"
               "  --calendar NAME  holidays: us_federal, england_wales or none (default: none; weekends are off)\n"
               "  --reasons        print the reasons under each contact\n");
  return 2;
}

struct arguments {
  const char* log_path = nullptr;
  rapport::timestamp now{static_cast<std::int64_t>(std::time(nullptr))};
  bool reasons = false;
  std::string zone, calendar = "none";
};

// Returns 0 when the arguments were read, else the exit code (usage printed).
int parse(int argc, char** argv, arguments& a, bool planning) {
  for (int i = 0; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--log") && i + 1 < argc) a.log_path = argv[++i];
    else if (!std::strcmp(argv[i], "--now") && i + 1 < argc) {
      auto t = rapport::parse_utc(argv[++i]);
      if (!t) return usage(t.error().message.c_str());
      a.now = *t;
    } else if (!std::strcmp(argv[i], "--reasons")) a.reasons = true;
    else if (planning && !std::strcmp(argv[i], "--zone") && i + 1 < argc) a.zone = argv[++i];
    else if (planning && !std::strcmp(argv[i], "--calendar") && i + 1 < argc) a.calendar = argv[++i];
    else return usage((std::string("unknown argument ") + argv[i]).c_str());
  }
  return a.log_path ? 0 : usage("--log is required");
}

// Runs `each(name, history)` for every contact of the log, in name order; counts failures.
template <class F>
int for_each_contact(const arguments& a, const rapport::model& m, F&& each) {
  auto log = rapport_tools::read_contact_log(a.log_path, m.channels());
  if (!log) return std::fprintf(stderr, "rapport: %s\n", log.error().message.c_str()), 1;
  int failures = 0;
  for (const auto& [name, items] : log->by_contact) {
    auto h = rapport::history::from(items, m.channels());
    if (!h) {
      std::fprintf(stderr, "rapport: %s: %s\n", name.c_str(), h.error().message.c_str());
      ++failures;
      continue;
    }
    if (auto ok = each(name, *h); !ok) {
      std::fprintf(stderr, "rapport: %s: %s\n", name.c_str(), ok.error().message.c_str());
      ++failures;
    }
  }
  return failures ? 1 : 0;
}

int warmth(int argc, char** argv) {
  arguments a;
  if (int rc = parse(argc, argv, a, false)) return rc;
  const rapport::model& m = rapport::model::defaults();
  std::printf("warmth at %s (probability of contact within %.0f days)\n", rapport::format_utc(a.now).c_str(), m.params().horizon_days);
  std::printf("%-16s %6s  %-8s %-15s %s\n", "contact", "warmth", "band", "stage", "last contact");
  return for_each_contact(a, m, [&](const std::string& name, const rapport::history& h) -> rapport::result<void> {
    auto w = rapport::assess(h, a.now, m);
    if (!w) return std::move(w).error();
    std::printf("%-16s %6.1f  %-8s %-15s %s\n", name.c_str(), w->score, to_string(w->level), to_string(w->stage),
                rapport::format_utc(h.items().back().at).c_str());
    if (a.reasons)
      for (const auto& r : w->reasons) std::printf("    %s %s\n", r.contribution > 0 ? "+" : "-", r.text.c_str());
    return {};
  });
}

int recommend(int argc, char** argv) {
  arguments a;
  if (int rc = parse(argc, argv, a, true)) return rc;
  const rapport::model& m = rapport::model::defaults();
  auto zone = a.zone.empty() ? rapport::result<rapport::time_zone>(rapport::time_zone::utc()) : rapport::time_zone::from_text(a.zone);
  if (!zone) return std::fprintf(stderr, "rapport: --zone: %s\n", zone.error().message.c_str()), 2;
  auto cal = rapport::calendar::builtin(a.calendar);
  if (!cal) return std::fprintf(stderr, "rapport: --calendar: %s\n", cal.error().message.c_str()), 2;
  rapport::contact_constraints c;
  c.zone = &*zone;
  c.cal = &*cal;
  std::printf("follow-ups as of %s, contacts in %s, %s holidays\n", rapport::format_utc(a.now).c_str(),
              a.zone.empty() ? "UTC" : a.zone.c_str(), a.calendar.c_str());
  return for_each_contact(a, m, [&](const std::string& name, const rapport::history& h) -> rapport::result<void> {
    auto r = rapport::recommend(h, a.now, c, m);
    if (!r) return std::move(r).error();
    std::printf("%-16s %-15s %-13s best %s  (window %s .. %s)\n", name.c_str(), to_string(r->window.stage),
                to_string(r->window.what), r->best_local.c_str(), r->earliest_local.c_str(), r->latest_local.c_str());
    if (a.reasons)
      for (const auto& why : r->reasons) std::printf("    - %s\n", why.c_str());
    return {};
  });
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(nullptr);
  if (!std::strcmp(argv[1], "warmth")) return warmth(argc - 2, argv + 2);
  if (!std::strcmp(argv[1], "recommend")) return recommend(argc - 2, argv + 2);
  if (!std::strcmp(argv[1], "--version")) return std::printf("rapport %s\n", RAPPORT_VERSION_STRING), 0;
  return usage((std::string("unknown command ") + argv[1]).c_str());
}
