#pragma once
// Reads the command-line tool's CSV log: `contact,at,channel,direction[,duration_seconds]`, one
// interaction per row, '#' comment lines, a header row. Every bad row is an error naming the file
// and line; nothing is skipped silently.

#include <rapport/rapport.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace rapport_tools {

struct contact_log {
  std::map<std::string, std::vector<rapport::interaction>> by_contact;  // sorted by name: stable output
  std::size_t rows = 0;
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

inline rapport::result<contact_log> read_contact_log(const std::string& path, const rapport::channel_table& channels) {
  using rapport::errc;
  std::ifstream in(path);
  if (!in) return rapport::fail(errc::invalid_argument, "cannot open " + path);
  contact_log log;
  std::string line;
  std::size_t lineno = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(lineno) + ": ";
    auto cells = split_csv_line(line);
    if (!header_seen) {
      header_seen = true;
      if (cells.size() >= 4 && cells[0] == "contact" && cells[1] == "at") continue;
      return rapport::fail(errc::invalid_argument, where + "expected the header contact,at,channel,direction[,duration_seconds]");
    }
    if (cells.size() < 4 || cells.size() > 5)
      return rapport::fail(errc::invalid_argument, where + "expected 4 or 5 comma-separated fields, got " + std::to_string(cells.size()));
    if (cells[0].empty()) return rapport::fail(errc::invalid_argument, where + "empty contact name");
    rapport::interaction x;
    auto at = rapport::parse_utc(cells[1]);
    if (!at) return rapport::fail(at.error().code, where + at.error().message);
    x.at = *at;
    auto via = channels.find(cells[2]);
    if (!via) return rapport::fail(via.error().code, where + via.error().message);
    x.via = *via;
    if (cells[3] == "outbound") x.dir = rapport::direction::outbound;
    else if (cells[3] == "inbound") x.dir = rapport::direction::inbound;
    else if (cells[3] == "mutual") x.dir = rapport::direction::mutual;
    else return rapport::fail(errc::invalid_argument, where + "direction must be outbound, inbound or mutual, not \"" + cells[3] + "\"");
    if (cells.size() == 5 && !cells[4].empty()) {
      std::size_t used = 0;
      double d = 0;
      try {
        d = std::stod(cells[4], &used);
      } catch (...) {
        used = 0;
      }
      if (used != cells[4].size()) return rapport::fail(errc::invalid_argument, where + "duration \"" + cells[4] + "\" is not a number");
      x.duration_seconds = d;
    }
    if (auto ok = rapport::validate(x, channels, where + "interaction"); !ok) return std::move(ok).error();
    log.by_contact[cells[0]].push_back(x);
    ++log.rows;
  }
  if (!header_seen) return rapport::fail(errc::invalid_argument, path + ": no header row");
  return log;
}

}  // namespace rapport_tools
