#pragma once
// The command-line tool's CSV reader (tools/cli/interactions.hpp, library rapport_cli_io), for the
// fuzz target and the bad-input catalogue: every file is read exactly as `rapport` reads it.
#include <string>

#include "interactions.hpp"

namespace rapport_tools {
inline rapport::result<rapport_cli::interaction_log> read_contact_log(const std::string& path,
                                                                      const rapport::channel_table& channels) {
  rapport_cli::read_options opt;
  opt.show_progress = false;
  return rapport_cli::read_interactions(path, channels, opt);
}
}  // namespace rapport_tools
