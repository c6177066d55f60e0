#pragma once
// What every subcommand shares: the flags for its inputs, and the session they open (the log read,
// the contacts' constraints, the model, "now"), plus one contact's warmth and follow-up as the
// commands present them. Flag mistakes are usage errors (exit 2), file mistakes bad input (exit 1).

#include "contacts.hpp"
#include "interactions.hpp"

#include <rapport/rapport.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace rapport_cli {

inline constexpr int exit_bad_input = 1, exit_usage = 2;

struct common_options {
  std::string log, contacts, columns, now, zone, calendar = "none", params, format = "table", output;
  bool skip_bad_rows = false, quiet = false, stats = false, no_context = false, stream = false;
  double max_memory_mb = 4096;
};

/// A failure with the exit status it deserves.
struct failure {
  int status = exit_bad_input;
  std::string message;
};

struct session {
  common_options opt;
  interaction_log log;
  contact_book book;
  rapport::model model = rapport::model::defaults();
  rapport::timestamp now;
  std::vector<std::int64_t> owner_times;  ///< interaction times up to now, sorted (streaming: the last 30 days and the last one)
  bool streaming = false;                 ///< contacts are read one at a time from the file (`for_each_contact`)
  std::string only_contact;               ///< set before `open_session` (explain, plot): keep only this contact's rows
  read_options reading;
};

/// Files larger than this are streamed when the command can (score, recommend) and the rows of
/// each contact are together; --stream forces it.
inline constexpr std::uint64_t stream_threshold_bytes = 256u << 20;

/// Checks the flags, reads the files (`can_stream`: the command works through `for_each_contact`).
/// Prints the skipped-rows summary and throughput (stderr).
std::optional<failure> open_session(const common_options& opt, session& s, bool can_stream = false);

/// Runs `each(contact, its interactions)` for every contact: from memory in name order, or, when
/// streaming, from a second pass over the file in file order.
using contact_fn = std::function<void(const std::string&, const std::vector<rapport::interaction>&)>;
std::optional<failure> for_each_contact(const session& s, const contact_fn& each);

/// One contact, planned: its history, the network context computed from the whole log, its
/// activity profile, warmth and follow-up.
struct contact_plan {
  std::string key;
  const contact_info* info = nullptr;
  std::optional<rapport::history> history;
  rapport::network_context context;
  std::shared_ptr<const rapport::week_profile> profile;  ///< on the heap: `constraints` points to it
  rapport::contact_constraints constraints;              ///< the book's, with `profile` set
  std::optional<rapport::warmth> warmth;
  std::optional<rapport::recommendation> follow_up;
};

/// Warmth of `h` at `at` with the network context computed from the log at that time (none with
/// --no-context); interactions after `at` are not seen. `context` receives the context used.
rapport::result<rapport::warmth> warmth_at(const session& s, const rapport::history& h, rapport::timestamp at,
                                           rapport::network_context* context = nullptr);

/// Plans `key` at `at` (default: the session's now); `with_follow_up` false for warmth alone.
rapport::result<contact_plan> plan_contact(const session& s, const std::string& key, bool with_follow_up,
                                           std::optional<rapport::timestamp> at = std::nullopt);
/// The same for a contact whose interactions the caller holds (streaming).
rapport::result<contact_plan> plan_contact(const session& s, const std::string& key,
                                           const std::vector<rapport::interaction>& items, bool with_follow_up,
                                           std::optional<rapport::timestamp> at = std::nullopt);

/// Writes `text` to --output atomically, or to stdout.
std::optional<failure> emit(const session& s, const std::string& text);

}  // namespace rapport_cli
