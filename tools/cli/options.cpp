#include "commands.hpp"

#include <cstdio>

namespace rapport_cli {

void add_input_options(CLI::App& sub, common_options& o, bool with_format) {
  sub.add_option("--log,-l", o.log, "interactions CSV: contact,at,channel,direction[,duration_seconds] (RFC 4180, header row)")
      ->required();
  sub.add_option("--contacts,-c", o.contacts,
                 "contacts CSV: contact,name,zone,calendar,quiet_hours,do_not_contact,"
                 "reach_out_after,reach_out_before,preferred_days,preferred_hours,stage");
  sub.add_option("--columns", o.columns,
                 "map your header names: contact=Email,at=Date,channel=Type,direction=Dir,duration_seconds=Secs");
  sub.add_option("--now", o.now,
                 "the time to score at: ISO 8601 (2026-11-25T09:00:00Z, +01:00 offsets) or unix seconds; default: the clock");
  sub.add_option("--zone", o.zone,
                 "zone for contacts the contacts file does not place: IANA (Europe/London) or POSIX TZ; default UTC");
  sub.add_option("--calendar", o.calendar, "holidays for those contacts: us_federal, england_wales or none")->default_str("none");
  sub.add_option("--params", o.params, "model parameters JSON (as `rapport calibrate` writes); default: the shipped ones");
  sub.add_flag("--no-context", o.no_context, "score each pair alone, without the network context computed from the whole log");
  sub.add_flag("--skip-bad-rows", o.skip_bad_rows,
               "skip rows that cannot be read (reports how many and why) instead of stopping");
  sub.add_flag("--stream", o.stream,
               "process one contact at a time (score, recommend): bounded memory when each contact's rows are "
               "together; automatic above 256 MB");
  sub.add_option("--max-memory", o.max_memory_mb, "MB the tool may use to hold a file it cannot stream (default 4096)");
  sub.add_flag("--quiet,-q", o.quiet, "no progress bar, no skipped-rows summary");
  sub.add_flag("--stats", o.stats, "print the reading throughput on stderr");
  if (with_format) {
    sub.add_option("--format,-f", o.format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
    sub.add_option("--output,-o", o.output, "write to this file (atomically) instead of stdout");
  }
}

int report(const failure& f) {
  std::fprintf(stderr, "rapport: %s\n", f.message.c_str());
  return f.status;
}

std::optional<failure> open_with_format(const common_options& o, session& s, out_format& f, bool can_stream) {
  const auto parsed = parse_format(o.format);
  if (!parsed) return failure{exit_usage, "--format must be table, csv or json, not \"" + o.format + "\""};
  f = *parsed;
  return open_session(o, s, can_stream);
}

}  // namespace rapport_cli
