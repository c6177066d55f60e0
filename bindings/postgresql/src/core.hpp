#pragma once
// The C++ side of the extension: every call into rapport goes through these functions, and none of
// them lets an exception out or calls PostgreSQL. That split is what makes the extension safe: a
// PostgreSQL error is a longjmp, which would skip the destructors of live C++ objects; here all C++
// objects are gone by the time a function returns its status, and only then may the caller (the
// glue in pg_rapport.cpp, which holds nothing but plain data) raise the error.

#include <cstddef>
#include <cstdint>

namespace rapport_pg {

/// What failed, so that the glue can pick the SQLSTATE.
enum class status : int { ok = 0, invalid = 1, out_of_range = 2, corrupt = 3, internal = 4, out_of_order = 5 };

/// A failure message, fixed-size so that reporting never allocates (it may be bad_alloc).
struct error {
  status code = status::ok;
  char text[768];  // not zeroed: the aggregate declares one per row and it is written only on failure
};

/// The serialized state (contact_state::serialize): magic, version, 64 bytes of fields, CRC-32.
inline constexpr std::size_t state_size = 76;
/// Its text form: lowercase hex of those bytes, plus the terminating NUL.
inline constexpr std::size_t state_text_size = 2 * state_size + 1;

/// An in-memory contact_state (plain bytes, trivially copyable), the aggregate's running value.
struct live_state {
  alignas(8) unsigned char bytes[64];
};

/// Seconds since 1970 (the library's timestamp); the glue converts timestamptz.
using seconds = std::int64_t;

// ---- the state --------------------------------------------------------------------------------
status state_clear(live_state* s, error* e) noexcept;
status state_load(const unsigned char* blob, live_state* s, error* e) noexcept;
status state_store(const live_state* s, unsigned char* blob, error* e) noexcept;
/// Parses the hex text form, checking length, digits, magic, version, checksum and fields.
status state_parse(const char* text, unsigned char* blob, error* e) noexcept;
void state_format(const unsigned char* blob, char* text) noexcept;
/// Checks a blob that arrived in binary form (COPY BINARY, a replica).
status state_check(const unsigned char* blob, error* e) noexcept;

/// One interaction, as the SQL functions receive it (text not NUL-terminated).
struct interaction_in {
  seconds at = 0;
  const char* channel = nullptr;
  std::size_t channel_len = 0;
  const char* direction = nullptr;
  std::size_t direction_len = 0;
  double duration_seconds = 0;
};
/// Folds one interaction into `s` (must not be earlier than its last one).
status state_absorb(live_state* s, const interaction_in& x, error* e) noexcept;

// ---- warmth -----------------------------------------------------------------------------------
struct warmth_out {
  double score = 0;
  char band[16] = {};
  char stage[24] = {};
};
/// `horizon_days` must equal the model's horizon (the only one the shipped model is fitted for).
status warmth(const unsigned char* blob, seconds now, double horizon_days, warmth_out* out, error* e) noexcept;
/// The warmth with its parts and reasons as JSON text in `buf` (NUL-terminated); when `cap` is too
/// small nothing is written and `*needed` says how much to provide.
status explain(const unsigned char* blob, seconds now, char* buf, std::size_t cap, std::size_t* needed, error* e) noexcept;

// ---- follow-up window -------------------------------------------------------------------------
/// The contact's constraints as read from jsonb by the glue: strings, all optional (null = absent).
struct period_text {
  const char* from = nullptr;
  const char* until = nullptr;
};
struct constraints_in {
  const char* zone = nullptr;             ///< IANA name or POSIX TZ string
  const char* calendar = nullptr;         ///< built-in calendar name
  const char* reach_out_after = nullptr;  ///< time text
  const char* reach_out_before = nullptr;
  const char* stage = nullptr;        ///< "committed" or "parked"
  const char* quiet_start = nullptr;  ///< "HH:MM"
  const char* quiet_end = nullptr;
  const period_text* leave = nullptr;
  std::size_t leave_count = 0;
};
struct window_out {
  bool has_times = false;  ///< false when no open instant was found (earliest/best/latest are then NULL)
  seconds earliest = 0, best = 0, latest = 0;
  double reply_chance = 0;
  char action[24] = {};
  char stage[24] = {};
  char best_local[64] = {};
};
/// The window; its reasons go NUL-separated into `buf` (`*count` of them), with the same
/// two-call protocol as `explain`.
status recommend(const unsigned char* blob, seconds now, const constraints_in& c, window_out* out, char* buf, std::size_t cap,
                 std::size_t* needed, std::size_t* count, error* e) noexcept;

}  // namespace rapport_pg
