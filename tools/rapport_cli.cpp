// `rapport`: the command-line tool. Scores every contact of a CSV interaction log.
//
//   rapport warmth --log examples/data/contacts.csv --now 2026-11-25T09:00:00Z
#include <rapport/rapport.hpp>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "contact_log.hpp"

namespace {
int usage(const char* why) {
  if (why) std::fprintf(stderr, "rapport: %s\n\n", why);
  std::fprintf(stderr,
               "usage: rapport warmth --log FILE [--now TIME] [--reasons]\n"
               "  --log FILE   CSV with header contact,at,channel,direction[,duration_seconds]\n"
               "  --now TIME   scoring time, UTC (YYYY-MM-DD[THH:MM[:SS]][Z]); default: the current time\n"
               "  --reasons    print the reasons under each contact\n");
  return 2;
}

int warmth(int argc, char** argv) {
  const char* log_path = nullptr;
  rapport::timestamp now{static_cast<std::int64_t>(std::time(nullptr))};
  bool reasons = false;
  for (int i = 0; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--log") && i + 1 < argc) log_path = argv[++i];
    else if (!std::strcmp(argv[i], "--now") && i + 1 < argc) {
      auto t = rapport::parse_utc(argv[++i]);
      if (!t) return usage(t.error().message.c_str());
      now = *t;
    } else if (!std::strcmp(argv[i], "--reasons")) reasons = true;
    else return usage((std::string("unknown argument ") + argv[i]).c_str());
  }
  if (!log_path) return usage("--log is required");
  const rapport::model& m = rapport::model::defaults();
  auto log = rapport_tools::read_contact_log(log_path, m.channels());
  if (!log) return std::fprintf(stderr, "rapport: %s\n", log.error().message.c_str()), 1;
  std::printf("warmth at %s (probability of contact within %.0f days)\n", rapport::format_utc(now).c_str(), m.params().horizon_days);
  std::printf("%-16s %6s  %-8s %-15s %s\n", "contact", "warmth", "band", "stage", "last contact");
  int failures = 0;
  for (const auto& [name, items] : log->by_contact) {
    auto h = rapport::history::from(items, m.channels());
    auto w = h ? rapport::assess(*h, now, m) : rapport::result<rapport::warmth>(h.error());
    if (!w) {
      std::fprintf(stderr, "rapport: %s: %s\n", name.c_str(), w.error().message.c_str());
      ++failures;
      continue;
    }
    std::printf("%-16s %6.1f  %-8s %-15s %s\n", name.c_str(), w->score, to_string(w->level), to_string(w->stage),
                rapport::format_utc(h->items().back().at).c_str());
    if (reasons)
      for (const auto& r : w->reasons) std::printf("    %s %s\n", r.contribution > 0 ? "+" : "-", r.text.c_str());
  }
  return failures ? 1 : 0;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(nullptr);
  if (!std::strcmp(argv[1], "warmth")) return warmth(argc - 2, argv + 2);
  if (!std::strcmp(argv[1], "--version")) return std::printf("rapport %s\n", RAPPORT_VERSION_STRING), 0;
  return usage((std::string("unknown command ") + argv[1]).c_str());
}
