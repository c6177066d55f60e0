#pragma once
// The subcommands. Each `add_*` registers one on the app; its callback runs the command and stores
// the exit status in `status`.

#include "output.hpp"
#include "session.hpp"

#include <CLI/CLI.hpp>

namespace rapport_cli {

void add_score(CLI::App& app, int& status);
void add_recommend(CLI::App& app, int& status);
void add_explain(CLI::App& app, int& status);
void add_plot(CLI::App& app, int& status);
void add_calibrate(CLI::App& app, int& status);
void add_evaluate(CLI::App& app, int& status);

/// The input flags every subcommand takes (--log, --contacts, --columns, --now, --zone, ...).
void add_input_options(CLI::App& sub, common_options& o, bool with_format = true);

/// Prints "rapport: message" on stderr and returns the failure's status.
int report(const failure& f);

/// Opens the session and checks --format; nullopt on success. `can_stream`: see `open_session`.
std::optional<failure> open_with_format(const common_options& o, session& s, out_format& f, bool can_stream = false);

}  // namespace rapport_cli
