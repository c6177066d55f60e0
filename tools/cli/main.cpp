// `rapport`: the command-line tool. A CSV of interactions in (exported from a CRM or a mailbox),
// warmth and today's follow-ups out. `rapport --help` and `rapport COMMAND --help` say more.
#include "commands.hpp"

#include <rapport/version.h>

#include <cstdio>

namespace {

constexpr const char* about =
    "rapport: how warm each professional connection is, and when to follow up on the contact's own calendar.";
constexpr const char* examples =
    "Examples:\n"
    "  rapport recommend --log examples/data/demo_interactions.csv --contacts examples/data/demo_contacts.csv --now 2026-11-25T09:00:00Z\n"
    "  rapport explain priya.raman --log examples/data/demo_interactions.csv --contacts examples/data/demo_contacts.csv --now 2026-11-25T09:00:00Z\n"
    "  rapport score --log my_export.csv --columns contact=Email,at=Date --format csv\n"
    "Exit status: 0 ok, 1 bad input (file:line:column: what), 2 usage error.";

int usage_error(const CLI::ParseError& e) {
  std::fprintf(stderr, "rapport: %s\nRun 'rapport --help' or 'rapport COMMAND --help' for usage.\n", e.what());
  return rapport_cli::exit_usage;
}

bool known_command(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->check_name(name)) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{about, "rapport"};
  app.set_version_flag("--version", std::string("rapport ") + RAPPORT_VERSION_STRING);
  app.require_subcommand(1, 1);
  app.footer(examples);
  int status = 0;
  rapport_cli::add_score(app, status);
  rapport_cli::add_recommend(app, status);
  rapport_cli::add_explain(app, status);
  rapport_cli::add_plot(app, status);
  rapport_cli::add_calibrate(app, status);
  rapport_cli::add_evaluate(app, status);
  if (argc < 2) {
    std::fputs(app.help().c_str(), stderr);
    return rapport_cli::exit_usage;
  }
  if (argv[1][0] != '-' && !known_command(app, argv[1])) {
    std::fprintf(stderr, "rapport: unknown command \"%s\"\n\n%s", argv[1], app.help().c_str());
    return rapport_cli::exit_usage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RequiredError& e) {
    if (app.get_subcommands().empty()) {
      std::fprintf(stderr, "rapport: a command is required\n\n%s", app.help().c_str());
      return rapport_cli::exit_usage;
    }
    return usage_error(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e);
  }
  return status;
}
