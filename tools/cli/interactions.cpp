#include "interactions.hpp"

#include "csv.hpp"
#include "progress.hpp"
#include "text.hpp"
#include "when.hpp"

#include <charconv>
#include <fstream>
#include <optional>

namespace rapport_cli {
namespace {

constexpr std::size_t max_named_skips = 5;

struct row_error {
  std::string reason, message;                           ///< reason: a short category for the skip report
  rapport::errc code = rapport::errc::invalid_argument;  ///< out_of_range for a time outside 1970..2106
};

struct parsed_row {
  std::string contact;
  rapport::interaction x;
  std::optional<row_error> error;
};

using header_index = std::array<std::optional<std::size_t>, column_count>;

rapport::result<header_index> index_header(const csv_record& header, const column_map& cols, const std::string& path) {
  header_index idx;
  for (std::size_t k = 0; k < column_count; ++k)
    for (std::size_t i = 0; i < header.fields.size(); ++i)
      if (lower(trim(header.fields[i].text)) == lower(cols.names[k])) idx[k] = i;
  for (std::size_t k = 0; k + 1 < column_count; ++k)  // duration is optional
    if (!idx[k]) {
      std::string seen;
      for (const auto& f : header.fields) seen += (seen.empty() ? "" : ", ") + f.text;
      return rapport::fail(rapport::errc::invalid_argument, where(path, header.line, 1) + "the header has no column \"" +
                                                                cols.names[k] + "\" (it has: " + seen +
                                                                "); name yours with --columns " + column_keys[k] + "=NAME");
    }
  return idx;
}

row_error error_at(const std::string& path, const csv_field& f, std::string reason, const std::string& what) {
  return {std::move(reason), where(path, f.line, f.column) + what};
}

std::optional<row_error> read_direction(const csv_field& f, rapport::interaction& x, const std::string& path) {
  const std::string d = lower(trim(f.text));
  if (d == "outbound" || d == "out" || d == "sent")
    x.dir = rapport::direction::outbound;
  else if (d == "inbound" || d == "in" || d == "received")
    x.dir = rapport::direction::inbound;
  else if (d == "mutual" || d == "both")
    x.dir = rapport::direction::mutual;
  else
    return error_at(path, f, "unknown direction", "direction must be outbound, inbound or mutual, not \"" + f.text + "\"");
  return std::nullopt;
}

std::optional<row_error> read_duration(const csv_field& f, rapport::interaction& x, const std::string& path) {
  const std::string t = trim(f.text);
  if (t.empty()) return std::nullopt;
  double d = 0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), d);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !(d >= 0) || d > 1e9)
    return error_at(path, f, "bad duration", "duration \"" + f.text + "\" is not a number of seconds >= 0");
  x.duration_seconds = d;
  return std::nullopt;
}

parsed_row parse_row(const csv_record& rec, const header_index& idx, const rapport::channel_table& channels,
                     const std::string& path) {
  parsed_row row;
  std::size_t needed = 0;
  for (std::size_t k = 0; k + 1 < column_count; ++k) needed = std::max(needed, *idx[k] + 1);
  if (rec.fields.size() < needed) {
    const csv_field& last = rec.fields.back();
    row.error = error_at(path, last, "missing fields",
                         "expected at least " + std::to_string(needed) + " fields, got " + std::to_string(rec.fields.size()));
    return row;
  }
  const auto field = [&](column c) -> const csv_field& { return rec.fields[*idx[static_cast<std::size_t>(c)]]; };
  row.contact = trim(field(column::contact).text);
  if (row.contact.empty()) return row.error = error_at(path, field(column::contact), "empty contact", "empty contact"), row;
  auto at = parse_when(trim(field(column::at).text));
  if (!at) {
    row.error = error_at(path, field(column::at), "bad time", at.error().message);
    row.error->code = at.error().code;
    return row;
  }
  row.x.at = *at;
  auto via = channels.find(lower(trim(field(column::channel).text)));
  if (!via) return row.error = error_at(path, field(column::channel), "unknown channel", via.error().message), row;
  row.x.via = *via;
  if ((row.error = read_direction(field(column::direction), row.x, path))) return row;
  if (const auto& d = idx[static_cast<std::size_t>(column::duration)]; d && *d < rec.fields.size())
    row.error = read_duration(rec.fields[*d], row.x, path);
  return row;
}

void count_skip(skipped_rows& s, row_error e) {
  ++s.count;
  ++s.by_reason[e.reason];
  if (s.first.size() < max_named_skips) s.first.push_back(std::move(e.message));
}

std::uint64_t file_size(std::ifstream& in) {
  in.seekg(0, std::ios::end);
  const auto n = in.tellg();
  in.seekg(0);
  return n > 0 ? static_cast<std::uint64_t>(n) : 0;
}

}  // namespace

rapport::result<column_map> parse_columns(std::string_view spec) {
  column_map m;
  for (const std::string& item : split(spec, ',')) {
    const auto eq = item.find('=');
    const std::string key = lower(trim(item.substr(0, eq)));
    std::size_t k = 0;
    while (k < column_count && key != column_keys[k] && !(key == "duration" && k == column_count - 1)) ++k;
    if (eq == std::string::npos || k == column_count || trim(item.substr(eq + 1)).empty())
      return rapport::fail(
          rapport::errc::invalid_argument,
          "--columns: \"" + item + "\" is not KEY=HEADER with KEY one of contact, at, channel, direction, duration_seconds");
    m.names[k] = trim(item.substr(eq + 1));
  }
  return m;
}

rapport::result<scan_stats> scan_interactions(const std::string& path, const rapport::channel_table& channels,
                                              const read_options& opt, const row_fn& row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return rapport::fail(rapport::errc::invalid_argument, path + ": cannot open the file");
  scan_stats st;
  progress bar("reading " + path, file_size(in), opt.show_progress);
  csv_reader reader(in, path);
  csv_record rec;
  auto more = reader.next(rec);
  if (!more) return std::move(more).error();
  if (!*more)
    return rapport::fail(rapport::errc::invalid_argument, where(path, 1, 1) + "the file is empty: expected a header row");
  auto idx = index_header(rec, opt.columns, path);
  if (!idx) return std::move(idx).error();
  while (true) {
    more = reader.next(rec);
    if (!more) return std::move(more).error();  // broken quoting: the rest of the file cannot be trusted
    if (!*more) break;
    parsed_row r = parse_row(rec, *idx, channels, path);
    if (r.error && !opt.skip_bad_rows) return rapport::fail(r.error->code, r.error->message);
    if (r.error)
      count_skip(st.skipped, std::move(*r.error));
    else
      row(r.contact, r.x);
    if ((++st.rows & 0xFFFF) == 0) bar.update(reader.bytes_read());
  }
  st.bytes = reader.bytes_read();
  st.seconds = bar.finish();
  return st;
}

rapport::result<interaction_log> read_interactions(const std::string& path, const rapport::channel_table& channels,
                                                   const read_options& opt) {
  interaction_log log;
  log.path = path;
  auto st = scan_interactions(path, channels, opt, [&](const std::string& contact, const rapport::interaction& x) {
    log.by_contact[contact].push_back(x);
  });
  if (!st) return std::move(st).error();
  log.rows = st->rows;
  log.bytes = st->bytes;
  log.seconds = st->seconds;
  log.skipped = std::move(st->skipped);
  return log;
}

std::string skipped_summary(const skipped_rows& s) {
  if (s.count == 0) return {};
  std::string out = "skipped " + std::to_string(s.count) + (s.count == 1 ? " bad row (" : " bad rows (");
  bool first = true;
  for (const auto& [why, n] : s.by_reason) out += (first ? "" : ", ") + std::to_string(n) + " " + why, first = false;
  out += ")";
  for (const auto& m : s.first) out += "\n  " + m;
  if (s.count > s.first.size()) out += "\n  ...";
  return out;
}

}  // namespace rapport_cli
