#pragma once
// The interactions CSV: one interaction per row, a header naming the columns (any order, any extra
// columns ignored): contact, at (ISO 8601 with an offset, or unix seconds), channel, direction
// (outbound, inbound, mutual) and optionally duration_seconds. `--columns contact=Email,at=Date`
// maps other header names. A bad row is an error `file:line:column: what`, or with --skip-bad-rows
// skipped and counted by reason.

#include <rapport/interaction.hpp>
#include <rapport/result.hpp>

#include <array>
#include <functional>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rapport_cli {

enum class column : std::uint8_t { contact, at, channel, direction, duration };
inline constexpr std::size_t column_count = 5;
inline constexpr std::array<const char*, column_count> column_keys = {"contact", "at", "channel", "direction",
                                                                      "duration_seconds"};

/// Header name of each column; the defaults are the keys themselves.
struct column_map {
  std::array<std::string, column_count> names = {"contact", "at", "channel", "direction", "duration_seconds"};
};

/// Reads "--columns contact=Email,at=Date,..." (keys: contact, at, channel, direction, duration_seconds).
rapport::result<column_map> parse_columns(std::string_view spec);

struct read_options {
  column_map columns;
  bool skip_bad_rows = false;
  bool show_progress = true;  ///< a bar on stderr when it is a terminal and reading takes over a second
};

struct skipped_rows {
  std::uint64_t count = 0;
  std::map<std::string, std::uint64_t> by_reason;
  std::vector<std::string> first;  ///< the first few, with their place
};

struct interaction_log {
  std::map<std::string, std::vector<rapport::interaction>> by_contact;  ///< sorted by name: stable output
  std::uint64_t rows = 0, bytes = 0;
  double seconds = 0;
  skipped_rows skipped;
  std::string path;
};

/// What a pass over the file saw.
struct scan_stats {
  std::uint64_t rows = 0, bytes = 0;
  double seconds = 0;
  skipped_rows skipped;
};

/// Calls `row(contact, interaction)` for every good row in file order; bad rows as described above.
using row_fn = std::function<void(const std::string& contact, const rapport::interaction& x)>;
rapport::result<scan_stats> scan_interactions(const std::string& path, const rapport::channel_table& channels,
                                              const read_options& opt, const row_fn& row);

/// The whole file in memory, by contact.
rapport::result<interaction_log> read_interactions(const std::string& path, const rapport::channel_table& channels,
                                                   const read_options& opt);

/// "skipped 3 bad rows: 2 unknown channel, 1 bad time; first: file:4:20: ..." (empty when none).
std::string skipped_summary(const skipped_rows& s);

}  // namespace rapport_cli
