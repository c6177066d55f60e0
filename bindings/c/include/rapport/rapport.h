/*
 * rapport C API: how warm a professional connection is, from C and any language with a C FFI.
 *
 * C99, also valid C++. Link with -lrapport_c (pkg-config module "rapport", CMake target
 * rapport::rapport_c).
 *
 * Conventions (bindings/c/README.md has the long form):
 *  - Every function that can fail returns a rapport_status: RAPPORT_OK (0) or an error code whose
 *    value equals the C++ rapport::errc. On failure, rapport_last_error() gives this thread's message
 *    (naming the argument or the index at fault) and every output is left untouched unless the
 *    function says otherwise. No exception, abort or crash crosses this boundary on bad input:
 *    NULL pointers, out-of-range codes, overflowing lengths and unsorted arrays give a status.
 *  - Argument order: the handle acted on first, then outputs, then inputs. A new handle comes back
 *    through a `**out` argument.
 *  - Ownership: the caller owns every buffer it passes; the library never keeps a pointer to one
 *    after the call returns. What the library creates (rapport_model, rapport_history,
 *    rapport_warmth) is released only by the matching rapport_*_free, which accepts NULL.
 *    rapport_state is caller-allocated storage of RAPPORT_STATE_SIZE bytes: no free needed.
 *  - Thread safety: one handle is used by one thread at a time; functions taking a `const` handle
 *    may be called on the same handle from many threads at once. Functions without a handle are
 *    thread-safe.
 *  - Times are int64_t seconds since 1970-01-01T00:00:00Z (UTC, as POSIX time_t), valid from 0 to
 *    4294967295 (2106-02-07T06:28:15Z); others give RAPPORT_ERANGE.
 *  - Codes (channel, direction, band, stage, feature) travel as plain integers, never as C enum types.
 *  - Options structs start with `uint32_t version`. Fill one with its RAPPORT_<NAME>_INIT macro
 *    (`rapport_score_options o = RAPPORT_SCORE_OPTIONS_INIT;`) or its *_init function, as in libgit2.
 *    A NULL options pointer means the defaults. A call that may grow takes such a struct: it grows
 *    by a new struct version, never by a new function. Structs of every older version stay
 *    accepted, and no field past their version's end is read.
 */
#ifndef RAPPORT_RAPPORT_H
#define RAPPORT_RAPPORT_H

#include <stddef.h>
#include <stdint.h>

#include <rapport/version.h>

#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(RAPPORT_C_BUILDING) && defined(RAPPORT_C_SHARED)
#define RAPPORT_C_API __declspec(dllexport)
#elif defined(RAPPORT_C_SHARED)
#define RAPPORT_C_API __declspec(dllimport)
#else
#define RAPPORT_C_API
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define RAPPORT_C_API __attribute__((visibility("default")))
#else
#define RAPPORT_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Versions, status codes, errors
 * ------------------------------------------------------------------------------------------- */

/** Status of a call: RAPPORT_OK or one of the RAPPORT_E* codes. Values equal rapport::errc and are
 *  never renumbered; new codes are only appended. */
typedef int32_t rapport_status;

enum {
  RAPPORT_OK = 0,
  RAPPORT_EINVAL = 1,   /**< malformed input: NULL pointer, unknown code, unsorted array, bad text */
  RAPPORT_ERANGE = 2,   /**< a value outside its documented range: a time, a buffer too small */
  RAPPORT_ENOCONV = 3,  /**< an iterative fit did not converge */
  RAPPORT_ENUMERIC = 4, /**< a singular system, an overflow */
  RAPPORT_ENOMEM = 5,   /**< an allocation failed; nothing was changed */
  RAPPORT_EINTERNAL = 6 /**< a bug in rapport; please report it with rapport_last_error() */
};

/** Static name of a status ("invalid_argument"); "unknown status" for values not listed above.
 *  Never NULL; the text lives as long as the library. Thread-safe. */
RAPPORT_C_API const char* rapport_status_string(rapport_status status);

/** The message of this thread's most recent failed call ("" when none has failed yet). Successful
 *  calls leave it unchanged. The text is owned by the library and stays valid until this thread's
 *  next failing call; messages longer than 1023 bytes are truncated. Never NULL. Thread-safe: each
 *  thread has its own message. */
RAPPORT_C_API const char* rapport_last_error(void);

/** RAPPORT_VERSION_NUMBER of the library actually loaded (compare with the header's macro to detect
 *  a mismatched shared library). Thread-safe. */
RAPPORT_C_API uint32_t rapport_version_number(void);

/** "MAJOR.MINOR.PATCH" of the library actually loaded. Static text, never NULL. Thread-safe. */
RAPPORT_C_API const char* rapport_version_string(void);

/* ---------------------------------------------------------------------------------------------
 * Times
 * ------------------------------------------------------------------------------------------- */

/** Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (a space may replace 'T', an
 *  optional trailing 'Z'), always UTC, into seconds since 1970. Impossible dates (2026-02-30) and
 *  other text: RAPPORT_EINVAL quoting it; instants outside the valid range: RAPPORT_ERANGE.
 *  Thread-safe. */
RAPPORT_C_API rapport_status rapport_time_parse(int64_t* seconds_out, const char* text);

/** Writes `seconds` as "2026-11-25T17:31:04Z" (20 characters) into `buf` snprintf-style (at most
 *  `size` bytes including the NUL; `buf` may be NULL when `size` is 0); `*needed_out` (if not NULL)
 *  gets the full length. RAPPORT_ERANGE outside the valid range. Thread-safe. */
RAPPORT_C_API rapport_status rapport_time_format(char* buf, size_t size, size_t* needed_out, int64_t seconds);

/* ---------------------------------------------------------------------------------------------
 * Codes
 * ------------------------------------------------------------------------------------------- */

/** Built-in channel ids. Models may define more (rapport_model_channel_add); ids are < 64. */
enum {
  RAPPORT_CHANNEL_MEETING = 0, /**< in-person meeting */
  RAPPORT_CHANNEL_EVENT = 1,   /**< met at an event */
  RAPPORT_CHANNEL_CALL = 2,
  RAPPORT_CHANNEL_VIDEO_CALL = 3,
  RAPPORT_CHANNEL_EMAIL = 4,
  RAPPORT_CHANNEL_MESSAGE = 5,      /**< direct / instant message, SMS */
  RAPPORT_CHANNEL_SOCIAL = 6,       /**< like, comment, reaction */
  RAPPORT_CHANNEL_INTRODUCTION = 7, /**< introduction or referral */
  RAPPORT_CHANNEL_COMMITMENT = 8,   /**< deal signed, hire, partnership */
  RAPPORT_CHANNEL_MAX = 64          /**< channel ids are below this */
};

/** Who acted. Mutual: a meeting or call both attended. */
enum { RAPPORT_OUTBOUND = 0, RAPPORT_INBOUND = 1, RAPPORT_MUTUAL = 2 };

/** Warmth bands. RAPPORT_BAND_NONE marks "no score" in batch outputs. */
enum { RAPPORT_BAND_COLD = 0, RAPPORT_BAND_COOLING = 1, RAPPORT_BAND_WARM = 2, RAPPORT_BAND_HOT = 3, RAPPORT_BAND_NONE = 255 };

/** Stages of a relationship. RAPPORT_STAGE_NONE marks "no score" in batch outputs. */
enum {
  RAPPORT_STAGE_NEW = 0,
  RAPPORT_STAGE_ICE_BROKEN = 1,
  RAPPORT_STAGE_ESTABLISHED = 2,
  RAPPORT_STAGE_AWAITING_REPLY = 3,
  RAPPORT_STAGE_COMMITTED = 4,
  RAPPORT_STAGE_DORMANT = 5,
  RAPPORT_STAGE_NONE = 255
};

/** The model's features. Codes are never renumbered; new ones are only appended.
 *  The pair's own features, computed from its history, are codes 0 .. RAPPORT_FEATURE_COUNT - 1, in
 *  the order of rapport_warmth_features' arrays. The network-context features (computed from a
 *  rapport_network_context, present only in results scored with one) follow from
 *  RAPPORT_FEATURE_OWNER_ACTIVITY, RAPPORT_CONTEXT_FEATURE_COUNT of them, in the order of
 *  rapport_warmth_context_features' arrays. Every code is below RAPPORT_FEATURE_CODE_COUNT. */
enum {
  RAPPORT_FEATURE_RECENCY = 0,
  RAPPORT_FEATURE_INBOUND_RECENCY = 1,
  RAPPORT_FEATURE_ENGAGEMENT_IN_SHORT = 2,
  RAPPORT_FEATURE_ENGAGEMENT_IN_LONG = 3,
  RAPPORT_FEATURE_ENGAGEMENT_OUT_SHORT = 4,
  RAPPORT_FEATURE_ENGAGEMENT_OUT_LONG = 5,
  RAPPORT_FEATURE_RECIPROCITY = 6,
  RAPPORT_FEATURE_RESPONSIVENESS = 7,
  RAPPORT_FEATURE_UNANSWERED = 8,
  RAPPORT_FEATURE_SILENCE = 9,
  RAPPORT_FEATURE_TENURE = 10,
  RAPPORT_FEATURE_VOLUME = 11,
  RAPPORT_FEATURE_COUNT = 12,            /**< the pair's features (rapport_warmth_features) */
  RAPPORT_FEATURE_OWNER_ACTIVITY = 12,   /**< log(1 + our interactions with anyone in 30 days) */
  RAPPORT_FEATURE_CONTACT_ACTIVITY = 13, /**< log(1 + the contact's interactions with anyone in 30 days) */
  RAPPORT_FEATURE_OWNER_IDLE = 14,       /**< log(1 + days since our last interaction with anyone) */
  RAPPORT_FEATURE_CONTACT_IDLE = 15,     /**< log(1 + days since the contact's last interaction with anyone) */
  RAPPORT_CONTEXT_FEATURE_COUNT = 4,     /**< the context's features (rapport_warmth_context_features) */
  RAPPORT_FEATURE_CODE_COUNT = 16        /**< every feature code is below this */
};

/** Static names ("warm", "awaiting reply", "recency", "inbound"); "invalid" for an unknown code.
 *  Never NULL. Thread-safe. */
RAPPORT_C_API const char* rapport_band_name(int32_t band);
RAPPORT_C_API const char* rapport_stage_name(int32_t stage);
RAPPORT_C_API const char* rapport_feature_name(int32_t feature);
RAPPORT_C_API const char* rapport_direction_name(int32_t direction);

/** Value of rapport_interaction.in_reply_to when the interaction answers nothing in particular. */
#define RAPPORT_NO_REPLY INT64_C(-1)

/** One interaction with a contact. Plain data, caller-owned; zero-initialise it (`= {0}`) and set
 *  the fields. Its layout is frozen (32 bytes): a new field would come with new functions. */
typedef struct rapport_interaction {
  int64_t at;              /**< UTC seconds since 1970 */
  int64_t in_reply_to;     /**< time of the other side's interaction this one answers, or RAPPORT_NO_REPLY.
                                 0 is a valid time: set RAPPORT_NO_REPLY explicitly when there is no link */
  double duration_seconds; /**< 0 when unknown; finite and >= 0 */
  uint8_t channel;         /**< RAPPORT_CHANNEL_* or an id from rapport_model_channel_add */
  uint8_t direction;       /**< RAPPORT_OUTBOUND, RAPPORT_INBOUND or RAPPORT_MUTUAL */
  uint8_t reserved[6];     /**< ignored; set to 0 */
} rapport_interaction;

/* ---------------------------------------------------------------------------------------------
 * Models: parameters plus the channel table
 * ------------------------------------------------------------------------------------------- */

/** Opaque. Immutable except through rapport_model_channel_add. */
typedef struct rapport_model rapport_model;

/** A model with the shipped parameters and the built-in channels.
 *  Ownership: *out is the caller's, to release with rapport_model_free. Thread-safe. */
RAPPORT_C_API rapport_status rapport_model_new(rapport_model** out);

/** A model with parameters read from JSON text, as written by the Calibrator / tools/fit_defaults
 *  (`{"format": "rapport.model_params", "version": 1, ...}`), and the built-in channels. `json`
 *  holds `length` bytes (no terminating NUL needed). Every key must appear exactly once; unknown
 *  keys, non-numbers and values the model refuses give RAPPORT_EINVAL naming the key.
 *  Ownership: *out is the caller's, release with rapport_model_free. Thread-safe. */
RAPPORT_C_API rapport_status rapport_model_from_json(rapport_model** out, const char* json, size_t length);

/** As rapport_model_from_json, reading the file at `path` (NUL-terminated, the platform's encoding).
 *  A file that cannot be read: RAPPORT_EINVAL naming it. Thread-safe. */
RAPPORT_C_API rapport_status rapport_model_load(rapport_model** out, const char* path);

/** The model's parameters as JSON (readable by rapport_model_from_json; channels are not included),
 *  copied snprintf-style into `buf` (at most `size` bytes including the NUL; `buf` may be NULL when
 *  `size` is 0); `*needed_out` (if not NULL) gets the full length. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_model_to_json(const rapport_model* model, char* buf, size_t size, size_t* needed_out);

/** Releases a model; NULL is a no-op. No other call may be using it. Histories, states and warmth
 *  results made with it stay valid (they do not point to it). */
RAPPORT_C_API void rapport_model_free(rapport_model* model);

/** An independent copy of `model` (to add channels without disturbing other users).
 *  Ownership: *out is the caller's. Thread safety: `model` is only read. */
RAPPORT_C_API rapport_status rapport_model_clone(const rapport_model* model, rapport_model** out);

/** Number of channels `model` knows (9 built-ins plus those added). Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_model_channel_count(const rapport_model* model, size_t* count_out);

/** The id of the channel called `name` (NUL-terminated, e.g. "email"); RAPPORT_EINVAL naming it when
 *  unknown. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_model_channel_find(const rapport_model* model, uint8_t* id_out, const char* name);

/** Copies the name of channel `id` into `buf` snprintf-style: at most `size` bytes including the
 *  terminating NUL; `*needed_out` (if not NULL) receives the full length without the NUL. `buf`
 *  may be NULL when `size` is 0 (to ask for the length). A name longer than the buffer is
 *  truncated and the call still returns RAPPORT_OK. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_model_channel_name(const rapport_model* model, char* buf, size_t size, size_t* needed_out,
                                                        uint32_t id);

/** Flags of rapport_model_channel_add. */
enum {
  RAPPORT_CHANNEL_SUBSTANTIVE = 1,  /**< a live conversation: enough on its own to establish a connection */
  RAPPORT_CHANNEL_IS_COMMITMENT = 2 /**< an explicit commitment: the stage becomes committed */
};

/** Registers a channel of the caller's (name unique and non-empty, weight finite and >= 0, flags a
 *  combination of RAPPORT_CHANNEL_SUBSTANTIVE / RAPPORT_CHANNEL_IS_COMMITMENT) and returns its id.
 *  Ids only grow, so data recorded with the old ids keeps its meaning. At most 64 channels
 *  (RAPPORT_ERANGE beyond). On failure the model is unchanged.
 *  Thread safety: modifies `model`; no other call may use it meanwhile. */
RAPPORT_C_API rapport_status rapport_model_channel_add(rapport_model* model, uint8_t* id_out, const char* name, double weight,
                                                       uint32_t flags);

/** The model's horizon: warmth is the probability (in %) of contact within this many days. */
RAPPORT_C_API rapport_status rapport_model_horizon_days(const rapport_model* model, double* days_out);

/* ---------------------------------------------------------------------------------------------
 * Histories and warmth results
 * ------------------------------------------------------------------------------------------- */

/** Opaque list of one contact's interactions, in the order they were added. */
typedef struct rapport_history rapport_history;
/** Opaque result of scoring: score, band, stage, per-feature parts and reasons in words. */
typedef struct rapport_warmth rapport_warmth;

/** An empty history. Ownership: *out is the caller's, release with rapport_history_free. */
RAPPORT_C_API rapport_status rapport_history_new(rapport_history** out);

/** Releases a history; NULL is a no-op. */
RAPPORT_C_API void rapport_history_free(rapport_history* history);

/** Appends a copy of `*x`. Checks the time, direction, duration and reply time now (RAPPORT_ERANGE /
 *  RAPPORT_EINVAL, history unchanged); the channel is checked against the model when scoring.
 *  Any order is fine: scoring sorts by time (same-second interactions keep their order) and merges
 *  exact duplicates (e.g. a record synced twice). Thread safety: modifies `history`. */
RAPPORT_C_API rapport_status rapport_history_add(rapport_history* history, const rapport_interaction* x);

/** Appends `n` interactions given as columns (no duration, no reply link). `at`, `channels` and
 *  `directions` each hold `n` elements; they may be NULL when `n` is 0. All rows are checked before
 *  any is added: on failure the history is unchanged and the message names the row.
 *  Thread safety: modifies `history`. */
RAPPORT_C_API rapport_status rapport_history_add_columns(rapport_history* history, const int64_t* at, const uint8_t* channels,
                                                         const uint8_t* directions, size_t n);

/** Number of interactions added (before duplicates are merged). Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_history_size(const rapport_history* history, size_t* size_out);

/** Removes every interaction (the handle can be reused for the next contact). */
RAPPORT_C_API rapport_status rapport_history_clear(rapport_history* history);

/** What to do with interactions after the scoring time. */
enum {
  RAPPORT_FUTURE_REJECT = 0, /**< RAPPORT_ERANGE naming the first one (a clock or import problem) */
  RAPPORT_FUTURE_IGNORE = 1  /**< score as if they had not happened yet (scheduled meetings, replays) */
};

#define RAPPORT_NETWORK_CONTEXT_VERSION 1u
/** What a CRM usually knows beyond the pair: how active each side is with everyone, as seen at the
 *  scoring time. Optional: passed to a scoring call, the model's second stage refines the pair's
 *  log-odds with it (context_intercept + context_pair_weight * pair logit + the context features'
 *  terms; docs/MODEL.md), which sharpens warmth where the pair's own history is thin. A model whose
 *  second stage is the identity (context_intercept 0, context_pair_weight 1, context_beta 0: the
 *  state of models fitted without context) gives the same score with or without one. Without a
 *  context every score is exactly what it was before contexts existed.
 *  Caller-owned, only read during the call it is passed to. Fill with rapport_network_context_init
 *  (which sets every number to 0), then set all four numbers: each must be finite and >= 0
 *  (RAPPORT_EINVAL naming the field otherwise). */
typedef struct rapport_network_context {
  uint32_t version;          /**< RAPPORT_NETWORK_CONTEXT_VERSION */
  uint32_t reserved;         /**< ignored; set to 0 */
  double owner_events_30d;   /**< our interactions with anyone in the 30 days before the scoring time */
  double contact_events_30d; /**< the contact's known interactions with anyone in those 30 days */
  double owner_idle_days;    /**< days since our last interaction with anyone */
  double contact_idle_days;  /**< days since the contact's last known interaction with anyone */
} rapport_network_context;

/** Sets struct version `version` (pass RAPPORT_NETWORK_CONTEXT_VERSION) with every number 0;
 *  RAPPORT_EINVAL for a version this library does not know. Thread-safe. */
RAPPORT_C_API rapport_status rapport_network_context_init(rapport_network_context* context, uint32_t version);

/** Static initialiser, equal to rapport_network_context_init(&c, RAPPORT_NETWORK_CONTEXT_VERSION). */
#define RAPPORT_NETWORK_CONTEXT_INIT \
  { RAPPORT_NETWORK_CONTEXT_VERSION, 0u, 0.0, 0.0, 0.0, 0.0 }

#define RAPPORT_SCORE_OPTIONS_VERSION 3u
/** Options of scoring. Fill with rapport_score_options_init. Versions 1 (`version` and `future`
 *  only, 8 bytes) and 2 (up to `context`) are still accepted: the library reads no field past a
 *  struct's version. */
typedef struct rapport_score_options {
  uint32_t version; /**< RAPPORT_SCORE_OPTIONS_VERSION */
  uint32_t future;  /**< RAPPORT_FUTURE_REJECT (default) or RAPPORT_FUTURE_IGNORE */
  /* version 2 */
  const rapport_network_context* context; /**< NULL (default): the pair's history alone */
  /* version 3 */
  double horizon_days; /**< 0 (default): the model's own horizon; else 1-365: warmth is the probability
                            of contact within this many days, never lower for a longer horizon */
} rapport_score_options;

/** Sets the defaults for struct version `version` (pass RAPPORT_SCORE_OPTIONS_VERSION; 1 writes
 *  only the version-1 fields); RAPPORT_EINVAL for a version this library does not know.
 *  Thread-safe. */
RAPPORT_C_API rapport_status rapport_score_options_init(rapport_score_options* options, uint32_t version);

/** Static initialiser, equal to rapport_score_options_init(&o, RAPPORT_SCORE_OPTIONS_VERSION). */
#define RAPPORT_SCORE_OPTIONS_INIT \
  { RAPPORT_SCORE_OPTIONS_VERSION, RAPPORT_FUTURE_REJECT, NULL, 0.0 }

/** Scores the history at `now` with `model` (NULL: the built-in defaults). Validates every
 *  interaction against the model's channels (message names the interaction by the order it was
 *  added), sorts, merges duplicates. An empty history (or, with RAPPORT_FUTURE_IGNORE, nothing
 *  before `now`) is RAPPORT_EINVAL. `options` may be NULL (defaults); its `context` (version 2),
 *  when not NULL, adds the network context (a bad one: RAPPORT_EINVAL naming the field).
 *  Ownership: *out is the caller's, release with rapport_warmth_free.
 *  Thread safety: `history` and `model` are only read. */
RAPPORT_C_API rapport_status rapport_history_score(const rapport_history* history, rapport_warmth** out,
                                                   const rapport_model* model, int64_t now, const rapport_score_options* options);

/** Releases a warmth result (and its reason texts); NULL is a no-op. */
RAPPORT_C_API void rapport_warmth_free(rapport_warmth* warmth);

/** The headline numbers of a score. Plain data; layout frozen. */
typedef struct rapport_score {
  double score;       /**< 0-100: probability (%) of contact within the model's horizon */
  double probability; /**< score / 100 */
  double logit;       /**< log-odds */
  int32_t band;       /**< RAPPORT_BAND_* */
  int32_t stage;      /**< RAPPORT_STAGE_* */
} rapport_score;

/** Copies the headline numbers into `*out`. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_warmth_get(const rapport_warmth* warmth, rapport_score* out);

/** The pair's per-feature values and contributions (log-odds, beta * (x - reference)), indexed by
 *  RAPPORT_FEATURE_* below RAPPORT_FEATURE_COUNT. Writes the first min(capacity, count) entries of
 *  each array that is not NULL and sets `*count_out` (if not NULL) to the library's count of pair
 *  features, which may exceed an older header's RAPPORT_FEATURE_COUNT. Never includes the context
 *  features (see rapport_warmth_context_features); with a context, these contributions are in the
 *  final log-odds (already multiplied by the model's context_pair_weight). Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_warmth_features(const rapport_warmth* warmth, size_t* count_out, double* values,
                                                     double* contributions, size_t capacity);

/** The network context's per-feature values (log(1 + field)) and contributions (log-odds), indexed
 *  by code - RAPPORT_FEATURE_OWNER_ACTIVITY. `*count_out` (if not NULL) gets 0 when `warmth` was
 *  scored without a context (nothing is written), otherwise the library's count of context features
 *  (RAPPORT_CONTEXT_FEATURE_COUNT in this header, more in a later library); the first
 *  min(capacity, count) entries of each array that is not NULL are written. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_warmth_context_features(const rapport_warmth* warmth, size_t* count_out, double* values,
                                                             double* contributions, size_t capacity);

/** Number of reasons (features whose |contribution| >= 0.1 log-odds), largest first. */
RAPPORT_C_API rapport_status rapport_warmth_reason_count(const rapport_warmth* warmth, size_t* count_out);

/** Reason `index` (< count): its feature, its contribution, and its text, e.g. "they answered 4 of
 *  your 5 outreaches within 14 days". Any output may be NULL. `*text_out` is owned by `warmth` and
 *  valid until rapport_warmth_free. RAPPORT_ERANGE for an index past the end. Results scored with a
 *  network context may give context features (codes RAPPORT_FEATURE_OWNER_ACTIVITY and up, e.g.
 *  "they have been idle for 40 days"); results scored without one never do.
 *  Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_warmth_reason(const rapport_warmth* warmth, int32_t* feature_out, double* contribution_out,
                                                   const char** text_out, size_t index);

/** All reason texts, one per line ("...\n...\n"), copied snprintf-style into `buf` (at most `size`
 *  bytes including the NUL; `buf` may be NULL when `size` is 0); `*needed_out` (if not NULL) is the
 *  full length without the NUL. Truncation is not an error. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_warmth_reasons_text(const rapport_warmth* warmth, char* buf, size_t size,
                                                         size_t* needed_out);

/* ---------------------------------------------------------------------------------------------
 * Incremental state: 64 caller-owned bytes per contact, updated in O(1) per interaction
 * ------------------------------------------------------------------------------------------- */

#define RAPPORT_STATE_SIZE 64
/** Bytes written by rapport_state_serialize: "RPST", format version, fields, CRC-32. */
#define RAPPORT_STATE_SERIALIZED_SIZE 76

/** A contact's state: opaque bytes the caller allocates anywhere (stack, arrays, a database column
 *  via serialize). An all-zero rapport_state is empty, as is one set by rapport_state_init. It holds
 *  no pointers: copying it with memcpy or `=` copies the state. Its content is only meaningful on
 *  the same platform: to store or send it, use rapport_state_serialize. A state holds sums already
 *  weighted and decayed by the model that built it: absorb into and score it with that same model
 *  (or one with the same half-lives and channel weights); after changing models, rebuild the
 *  states from history (rapport_state_from_history). */
typedef struct rapport_state {
  uint64_t opaque[RAPPORT_STATE_SIZE / 8];
} rapport_state;

/** Makes `*state` empty. Thread safety: modifies `*state`. */
RAPPORT_C_API rapport_status rapport_state_init(rapport_state* state);

/** Folds one interaction into the state in O(1). `x` must be valid for `model` (NULL: defaults) and
 *  not earlier than the state's last interaction (equal is fine); otherwise the state is unchanged
 *  and the status says why (RAPPORT_ERANGE for an earlier one: rebuild with
 *  rapport_state_from_history). Bytes that no sequence of interactions could produce give
 *  RAPPORT_EINVAL. Thread safety: modifies `*state`; `model` is only read. */
RAPPORT_C_API rapport_status rapport_state_absorb(rapport_state* state, const rapport_model* model, const rapport_interaction* x);

/** Builds the state of a whole history (validated, sorted and merged as by rapport_history_score;
 *  every interaction counts, whatever its time). The result equals absorbing the sorted history one
 *  by one. On failure `*state_out` is unchanged. Thread safety: `history` and `model` read only. */
RAPPORT_C_API rapport_status rapport_state_from_history(rapport_state* state_out, const rapport_history* history,
                                                        const rapport_model* model);

/** Time of the state's first and last interaction (either output may be NULL); RAPPORT_EINVAL for an
 *  empty state. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_state_span(const rapport_state* state, int64_t* first_out, int64_t* last_out);

/** Just the 0-100 warmth at `now` (>= the last interaction), without parts or reasons and without
 *  allocating. `options` may be NULL (defaults); its `context` (version 2), when not NULL, adds the
 *  network context, as in rapport_history_score (a bad one: RAPPORT_EINVAL naming the field). Its
 *  `future` is checked but has nothing to act on: a state holds no rows to skip. Thread safety:
 *  read only. */
RAPPORT_C_API rapport_status rapport_state_score(const rapport_state* state, double* score_out, const rapport_model* model,
                                                 int64_t now, const rapport_score_options* options);

/** The full warmth at `now`, equal to scoring the same history with the same options (a context
 *  included: the result then has the context's parts and may give context reasons).
 *  Ownership: *out is the caller's. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_state_assess(const rapport_state* state, rapport_warmth** out, const rapport_model* model,
                                                  int64_t now, const rapport_score_options* options);

/** Writes exactly RAPPORT_STATE_SERIALIZED_SIZE bytes, the same on every platform (little-endian,
 *  versioned, checksummed), into `buf` of `size` bytes (RAPPORT_ERANGE if smaller). `*written_out`
 *  may be NULL. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_state_serialize(const rapport_state* state, uint8_t* buf, size_t size, size_t* written_out);

/** Reads rapport_state_serialize's bytes back. Wrong size, magic, version, checksum or impossible
 *  fields: RAPPORT_EINVAL saying which, `*state_out` unchanged. */
RAPPORT_C_API rapport_status rapport_state_deserialize(rapport_state* state_out, const uint8_t* data, size_t size);

/* ---------------------------------------------------------------------------------------------
 * Batch scoring over columnar arrays
 * ------------------------------------------------------------------------------------------- */

#define RAPPORT_BATCH_OPTIONS_VERSION 3u
/** Options of the batch calls. Fill with rapport_batch_options_init. Versions 1 (`version` and
 *  `future` only, 8 bytes) and 2 (up to `contexts`) are still accepted: the library reads no field
 *  past a struct's version. */
typedef struct rapport_batch_options {
  uint32_t version; /**< RAPPORT_BATCH_OPTIONS_VERSION */
  uint32_t future;  /**< RAPPORT_FUTURE_REJECT (default) or RAPPORT_FUTURE_IGNORE */
  /* version 2 */
  const rapport_network_context* const* contexts; /**< NULL (default): no context for anyone; else an array
                                                       of `contacts` pointers, each NULL (no context for that
                                                       contact) or its network context; contacts may share one */
  /* version 3 */
  uint32_t threads;    /**< 1 (default; 0 means 1): threads the call runs on. Contacts are split into
                         contiguous ranges of about equal work, one per thread (started and joined
                         by the call); every output is bit-identical to one thread's */
  uint32_t reserved;   /**< ignored; set to 0 (keeps the struct free of padding) */
  double horizon_days; /**< 0 (default): the model's own horizon; else 1-365: warmth is the probability
                            of contact within this many days (scoring calls; planning ignores it) */
} rapport_batch_options;

/** Sets the defaults for struct version `version` (1 writes only the version-1 fields);
 *  RAPPORT_EINVAL for an unknown version. */
RAPPORT_C_API rapport_status rapport_batch_options_init(rapport_batch_options* options, uint32_t version);

/** Static initialiser, equal to rapport_batch_options_init(&o, RAPPORT_BATCH_OPTIONS_VERSION). */
#define RAPPORT_BATCH_OPTIONS_INIT \
  { RAPPORT_BATCH_OPTIONS_VERSION, RAPPORT_FUTURE_REJECT, NULL, 1u, 0u, 0.0 }

/** Warmth of many contacts at `now`, from columnar arrays.
 *
 *  Contact k owns rows offsets[k] .. offsets[k+1]-1 of `at` (UTC seconds), `channels` and
 *  `directions`; `offsets` has `contacts + 1` entries, starts at 0, never decreases and ends at
 *  `rows`. Within a contact, rows must be sorted by time (RAPPORT_EINVAL naming contact and row
 *  otherwise); exact duplicates (same time, channel and direction) count once, as in a history.
 *  Outputs, each of `contacts` elements: `scores` (required, 0-100), `bands` and `stages`
 *  (optional, may be NULL). A contact with no row (or, with RAPPORT_FUTURE_IGNORE, none before
 *  `now`) gets score NaN, RAPPORT_BAND_NONE and RAPPORT_STAGE_NONE and is not an error.
 *  Per-contact failures: when `statuses` is NULL, the first bad row fails the whole call (outputs
 *  partly written); otherwise statuses[k] gets that contact's status (its outputs NaN / NONE), the
 *  other contacts are scored, and the call returns RAPPORT_OK unless an argument itself is bad.
 *  With options->contexts (version 2), contact k is scored with contexts[k] when that is not NULL;
 *  a bad context (unknown version, a number NaN or < 0) is that contact's failure, as a bad row is,
 *  named "contexts[k]" with the field.
 *  No allocation per contact. The result equals rapport_history_score on each contact (with the
 *  same context). Thread safety: reads the caller's arrays and `model`; writes only the output arrays. */
RAPPORT_C_API rapport_status rapport_batch_score(const rapport_model* model, double* scores, uint8_t* bands, uint8_t* stages,
                                                 rapport_status* statuses, const int64_t* offsets, size_t contacts,
                                                 const int64_t* at, const uint8_t* channels, const uint8_t* directions,
                                                 size_t rows, int64_t now, const rapport_batch_options* options);

/** Warmth at `now` of `n` states (scores[k] of states[k], as rapport_state_score). An empty state, or
 *  one whose last interaction is after `now`, gets NaN; invalid bytes fail the call (RAPPORT_EINVAL
 *  naming the index). `bands` may be NULL. `options` may be NULL; with options->contexts (version
 *  2), states[k] is scored with contexts[k] when that is not NULL, and a bad context fails the call
 *  (RAPPORT_EINVAL naming contexts[k] and the field; outputs partly written). options->future is
 *  checked but has nothing to act on. Thread safety: read only, writes only the outputs. */
RAPPORT_C_API rapport_status rapport_batch_score_states(const rapport_model* model, double* scores, uint8_t* bands,
                                                        const rapport_state* states, size_t n, int64_t now,
                                                        const rapport_batch_options* options);

/* ---------------------------------------------------------------------------------------------
 * Follow-up windows: when to reach out, on the contact's own calendar
 * ------------------------------------------------------------------------------------------- */

/** Opaque time zone (an IANA name or a POSIX TZ string). Immutable: share it across threads and
 *  contacts freely. */
typedef struct rapport_zone rapport_zone;

/** A zone from an IANA name ("Europe/London", read from the system's zoneinfo) or a POSIX TZ string
 *  ("EST5EDT,M3.2.0,M11.1.0", offsets west of UTC as in POSIX). Unknown names and malformed strings:
 *  RAPPORT_EINVAL quoting the text. Ownership: *out is the caller's, release with rapport_zone_free.
 *  Thread-safe. */
RAPPORT_C_API rapport_status rapport_zone_new(rapport_zone** out, const char* name);

/** Releases a zone; NULL is a no-op. No constraints struct in use may point to it any more. */
RAPPORT_C_API void rapport_zone_free(rapport_zone* zone);

/** Weekday bits (bit 0 = Sunday ... bit 6 = Saturday), for weekends and preferred days. */
enum {
  RAPPORT_SUNDAY = 1,
  RAPPORT_MONDAY = 2,
  RAPPORT_TUESDAY = 4,
  RAPPORT_WEDNESDAY = 8,
  RAPPORT_THURSDAY = 16,
  RAPPORT_FRIDAY = 32,
  RAPPORT_SATURDAY = 64,
  RAPPORT_WEEKEND_SAT_SUN = 65 /**< RAPPORT_SATURDAY | RAPPORT_SUNDAY */
};

/** Opaque working-day calendar: a weekend and holidays. Immutable: share it freely. */
typedef struct rapport_calendar rapport_calendar;

/** A calendar from a built-in holiday set, "us_federal" (observed on the nearest weekday),
 *  "england_wales" (bank holidays with substitute days) or "none", with `weekend` days off
 *  (RAPPORT_WEEKEND_SAT_SUN, or any combination of the weekday bits but not all seven) plus `n_extra`
 *  one-off days off given as YYYYMMDD integers (20261224); `extra_days` may be NULL when `n_extra`
 *  is 0. Unknown sets, impossible dates: RAPPORT_EINVAL naming them.
 *  Ownership: *out is the caller's, release with rapport_calendar_free. Thread-safe. */
RAPPORT_C_API rapport_status rapport_calendar_new(rapport_calendar** out, const char* holidays, uint32_t weekend,
                                                  const int32_t* extra_days, size_t n_extra);

/** Kinds of holiday rule, and how a holiday falling on a weekend day is observed. */
enum { RAPPORT_HOLIDAY_FIXED = 0, RAPPORT_HOLIDAY_NTH_WEEKDAY = 1, RAPPORT_HOLIDAY_LAST_WEEKDAY = 2, RAPPORT_HOLIDAY_EASTER = 3 };
enum {
  RAPPORT_OBSERVE_NONE = 0,            /**< not moved */
  RAPPORT_OBSERVE_NEAREST_WEEKDAY = 1, /**< to the nearest working day, earlier on a tie (US) */
  RAPPORT_OBSERVE_NEXT_WEEKDAY = 2     /**< to the next working day not already a holiday (UK, NZ "Mondayised") */
};

/** A holiday rule. Plain data, caller-owned; zero-initialise it and set the fields of its kind.
 *  Layout frozen. */
typedef struct rapport_holiday_rule {
  const char* name;      /**< non-empty, NUL-terminated; copied by the calendar */
  int32_t kind;          /**< RAPPORT_HOLIDAY_* */
  int32_t month;         /**< fixed, nth and last weekday: 1-12 */
  int32_t day;           /**< fixed: day of the month */
  int32_t weekday;       /**< nth and last weekday: 0 = Sunday ... 6 = Saturday */
  int32_t nth;           /**< nth weekday: 1-4 */
  int32_t easter_offset; /**< Easter: days after Easter Sunday (Good Friday = -2), within +-60 */
  int32_t observed;      /**< fixed: RAPPORT_OBSERVE_* */
  int32_t from_year;     /**< first year the rule applies; 0: no bound */
  int32_t to_year;       /**< last year; 0: no bound */
  int32_t reserved;      /**< 0 */
} rapport_holiday_rule;

/** A calendar from the caller's own rules: `weekend` days off (as rapport_calendar_new), the
 *  `n_rules` holiday rules and `n_extra` one-off days off (YYYYMMDD). `name` (NUL-terminated) names
 *  the calendar in messages. Holidays are computed once here for 1969-2107. A bad rule:
 *  RAPPORT_EINVAL naming it and the field. Ownership: *out is the caller's; the rules are copied.
 *  Thread-safe. */
RAPPORT_C_API rapport_status rapport_calendar_new_rules(rapport_calendar** out, const char* name, uint32_t weekend,
                                                        const rapport_holiday_rule* rules, size_t n_rules,
                                                        const int32_t* extra_days, size_t n_extra);

/** Releases a calendar; NULL is a no-op. */
RAPPORT_C_API void rapport_calendar_free(rapport_calendar* calendar);

/** Whether the day YYYYMMDD is a business day of `calendar` (1) or a weekend day or holiday (0);
 *  `*name_out` (if not NULL) gets the holiday's name, owned by the calendar, or "" when none.
 *  Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_calendar_is_business_day(const rapport_calendar* calendar, int32_t* result_out,
                                                              const char** name_out, int32_t yyyymmdd);

/** Opaque: when a contact is active, by hour of the week in their local time (168 slots, slot =
 *  weekday * 24 + hour, Sunday = 0), shrunk toward the population's week (fitted on the shared logs).
 *  The recommender places `best` at the open hour with the highest predicted reply chance, whose hour
 *  part is the profile's lift. Immutable: share it freely. */
typedef struct rapport_profile rapport_profile;

/** Learns a profile from the times the contact reached out or replied (inbound interactions) in
 *  `history`, on `zone`'s wall clock (NULL: UTC); the history is validated against `model` (NULL:
 *  defaults). Ownership: *out is the caller's, release with rapport_profile_free.
 *  Thread safety: everything passed is only read. */
RAPPORT_C_API rapport_status rapport_profile_from_history(rapport_profile** out, const rapport_history* history,
                                                          const rapport_model* model, const rapport_zone* zone);

/** A profile from the caller's own counts of the contact's messages per slot (168 finite values
 *  >= 0), shrunk toward the population's week with the weight of `prior_weight` messages (finite, > 0; 12 is
 *  the default of rapport_profile_from_history). Thread-safe. */
RAPPORT_C_API rapport_status rapport_profile_from_counts(rapport_profile** out, const double* counts, size_t n_counts,
                                                         double prior_weight);

/** The weight of each of the 168 slots (summing to 1) into `weights` (`capacity` >= 168, else
 *  RAPPORT_ERANGE), and the number of messages it was learnt from (either output may be NULL).
 *  Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_profile_weights(const rapport_profile* profile, double* weights, size_t capacity,
                                                     double* samples_out);

/** Releases a profile; NULL is a no-op. */
RAPPORT_C_API void rapport_profile_free(rapport_profile* profile);

/** Stage set by the user, overriding the one read from history. */
enum { RAPPORT_OVERRIDE_NONE = 0, RAPPORT_OVERRIDE_COMMITTED = 1, RAPPORT_OVERRIDE_PARKED = 2 };

/** "No such time" in rapport_constraints' optional times. */
#define RAPPORT_NO_TIME INT64_C(-1)

#define RAPPORT_CONSTRAINTS_VERSION 2u

/** Courtesy rules (the user's manners, not predictions; docs/RECOMMEND.md): bits of
 *  rapport_constraints.courtesy_off, each turning one off. */
enum {
  RAPPORT_COURTESY_QUIET_HOURS = 1 << 0,       /**< the contact's quiet hours are open */
  RAPPORT_COURTESY_WEEKENDS = 1 << 1,          /**< weekend days are open and count as business days */
  RAPPORT_COURTESY_HOLIDAYS = 1 << 2,          /**< holidays are open and count as business days */
  RAPPORT_COURTESY_LEAVE = 1 << 3,             /**< do-not-contact periods are ignored */
  RAPPORT_COURTESY_FIRST_MEETING_WAIT = 1 << 4 /**< after a first meeting, follow up at once */
};
/** A contact's constraints. Caller-owned; the pointers in it are only read during the calls it is
 *  passed to (the zone, calendar and periods must stay alive and unchanged until they return).
 *  Fill with rapport_constraints_init, then set what applies. */
typedef struct rapport_constraints {
  uint32_t version;                 /**< RAPPORT_CONSTRAINTS_VERSION */
  uint32_t override_stage;          /**< RAPPORT_OVERRIDE_* (default NONE) */
  const rapport_zone* zone;         /**< NULL (default): UTC */
  const rapport_calendar* calendar; /**< NULL (default): Saturday and Sunday off, no holidays */
  int32_t quiet_start_minute;       /**< local quiet hours [start, end) in minutes after midnight, wrapping */
  int32_t quiet_end_minute;         /**<   past midnight when start > end; default 1200-480 (20:00-08:00); equal: none */
  const int64_t* do_not_contact;    /**< 2 * n_do_not_contact UTC seconds: [from, until) pairs, any order */
  size_t n_do_not_contact;
  int64_t reach_out_after;        /**< "reach out on/after X" (UTC seconds), or RAPPORT_NO_TIME (default) */
  int64_t reach_out_before;       /**< a hard deadline, or RAPPORT_NO_TIME (default) */
  uint32_t preferred_days;        /**< weekday bits; 0 (default): no preference */
  uint32_t preferred_hours;       /**< bit h = local hour h (0-23); 0 (default): no preference */
  const rapport_profile* profile; /**< their active hours; NULL (default): the population's week */
  /* version 2 */
  uint32_t courtesy_off; /**< RAPPORT_COURTESY_* bits of the courtesy rules turned off; 0 (default): all apply.
                              Weekends off with a holiday calendar (or holidays off with a weekend other than
                              Saturday-Sunday) is RAPPORT_EINVAL: build that calendar instead */
  uint32_t reserved2;    /**< 0 (keeps the struct free of padding) */
} rapport_constraints;

/** Sets the defaults for struct version `version` (1 writes only the version-1 fields);
 *  RAPPORT_EINVAL for an unknown version. */
RAPPORT_C_API rapport_status rapport_constraints_init(rapport_constraints* constraints, uint32_t version);

/** Static initialiser, equal to rapport_constraints_init(&c, RAPPORT_CONSTRAINTS_VERSION). */
#define RAPPORT_CONSTRAINTS_INIT                                                                                               \
  {                                                                                                                            \
    RAPPORT_CONSTRAINTS_VERSION, RAPPORT_OVERRIDE_NONE, NULL, NULL, 1200, 480, NULL, 0u, RAPPORT_NO_TIME, RAPPORT_NO_TIME, 0u, \
        0u, NULL, 0u, 0u                                                                                                       \
  }

#define RAPPORT_RECOMMEND_OPTIONS_VERSION 4u
/** The recommender's rules' numbers (docs/RECOMMEND.md). Fill with rapport_recommend_options_init.
 *  Versions 1 (up to active_b), 2 and 3 are still accepted: the library reads no field past a struct's version. */
typedef struct rapport_recommend_options {
  uint32_t version;           /**< RAPPORT_RECOMMEND_OPTIONS_VERSION */
  uint32_t future;            /**< histories: RAPPORT_FUTURE_REJECT (default) or _IGNORE */
  double reply_quantile;      /**< awaiting a reply: wait at most until this share of their replies would have come (0.8) */
  double min_nudge_wait_days; /**< ... but at least this long after our message (1) */
  double nudge_backoff;       /**< the wait is multiplied by this per earlier unanswered message (2) */
  int32_t max_nudges;         /**< this many unanswered in a row: give space (3) */
  int32_t respond_within_business_days;      /**< they wrote last: answer within this many business days (1) */
  double give_space_days;                    /**< re-engage this long after giving space (90) */
  int32_t first_follow_up_min_business_days; /**< after a first meeting: window from ... (1) */
  int32_t first_follow_up_max_business_days; /**< ... to this many business days (3) */
  double cadence_early;                      /**< earliest maintenance touch, in usual gaps after the last contact (0.75) */
  double cadence_late;                       /**< latest, in usual gaps (2) */
  double committed_cadence_multiple;         /**< committed: the usual gap times this (2) */
  double explicit_window_days;               /**< window after an explicit "reach out on/after" date (7) */
  double revival_window_days;                /**< window of a re-engagement (14) */
  double min_window_days;                    /**< a soft window is never narrower (2) */
  uint32_t stretch_to_fit;                   /**< 1 (default): a soft window with no open time extends to the next business day */
  int32_t best_search_days;                  /**< best: the first days of the window searched hour by hour (7) */
  double search_days;                        /**< how far ahead an opening is searched for (400) */
  double active_r, active_alpha, active_a, active_b; /**< MBG/NBD population parameters (0.5, 20, 0.5, 3) */
  /* version 2: the network context, which the window's warmth, its floor and the warmth limit use */
  const rapport_network_context* context;         /**< rapport_history_recommend / rapport_state_recommend:
                                                        NULL (default) or the contact's context */
  const rapport_network_context* const* contexts; /**< the batch calls: NULL (default) or one pointer per
                                                        contact, each NULL (none) or its context */
  /* version 3 */
  double nudge_below_chance; /**< awaiting a reply: nudge once an answer still to come is less likely than this (0.5) */
  /* version 4 */
  uint32_t threads;  /**< the batch calls: 1 (default; 0 means 1) threads, as rapport_batch_options.threads
                          (contiguous ranges of about equal work; every output bit-identical to one
                          thread's); the single-contact calls ignore it */
  uint32_t reserved; /**< ignored; set to 0 (keeps the struct free of padding) */
} rapport_recommend_options;

/** Sets the defaults for struct version `version` (an older version writes only its own fields);
 *  RAPPORT_EINVAL for an unknown version. */
RAPPORT_C_API rapport_status rapport_recommend_options_init(rapport_recommend_options* options, uint32_t version);

/** Static initialiser, equal to rapport_recommend_options_init(&o, RAPPORT_RECOMMEND_OPTIONS_VERSION). */
#define RAPPORT_RECOMMEND_OPTIONS_INIT                                                                                         \
  {                                                                                                                            \
    RAPPORT_RECOMMEND_OPTIONS_VERSION, RAPPORT_FUTURE_REJECT, 0.8, 1.0, 2.0, 3, 1, 90.0, 1, 3, 0.75, 2.0, 2.0, 7.0, 14.0, 2.0, \
        1u, 7, 400.0, 0.5, 20.0, 0.5, 3.0, NULL, NULL, 0.5, 1u, 0u                                                             \
  }

/** What to do. */
enum {
  RAPPORT_ACTION_REACH_OUT_NOW = 0, /**< the window is open now */
  RAPPORT_ACTION_WAIT_UNTIL = 1,    /**< the window opens at `earliest` */
  RAPPORT_ACTION_GIVE_SPACE = 2,    /**< stop chasing; re-engage at `earliest` */
  RAPPORT_ACTION_RE_ENGAGE_ON = 3,  /**< a dormant or parked tie: revive it at `earliest` */
  RAPPORT_ACTION_NO_WINDOW = 4      /**< the constraints leave no open instant; see `next_opening` */
};

/** Static name of an action ("wait until"); "invalid" for an unknown code. Never NULL. */
RAPPORT_C_API const char* rapport_action_name(int32_t action);

/** Which rules fired: bits of rapport_window.why. */
enum {
  RAPPORT_WHY_THEIR_TURN = 1 << 0,
  RAPPORT_WHY_FIRST_MEETING = 1 << 1,
  RAPPORT_WHY_AWAITING_REPLY = 1 << 2,
  RAPPORT_WHY_BACKED_OFF = 1 << 3,
  RAPPORT_WHY_NUDGE_CAP = 1 << 4,
  RAPPORT_WHY_CADENCE = 1 << 5,
  RAPPORT_WHY_COMMITTED_NURTURE = 1 << 6,
  RAPPORT_WHY_DORMANT = 1 << 7,
  RAPPORT_WHY_PARKED = 1 << 8,
  RAPPORT_WHY_EXPLICIT_DATE = 1 << 9,
  RAPPORT_WHY_PAUSED = 1 << 10,
  RAPPORT_WHY_MOVED = 1 << 11,
  RAPPORT_WHY_WARMTH_LIMIT = 1 << 12,
  RAPPORT_WHY_CADENCE_LIMIT = 1 << 13,
  RAPPORT_WHY_STRETCHED = 1 << 14,
  RAPPORT_WHY_OVERDUE = 1 << 15,
  RAPPORT_WHY_DEADLINE = 1 << 16,
  RAPPORT_WHY_BEST_SLOT = 1 << 17,
  RAPPORT_WHY_PREFERRED = 1 << 18,
  RAPPORT_WHY_PREFERRED_UNAVAILABLE = 1 << 19,
  RAPPORT_WHY_SQUEEZED = 1 << 20,
  RAPPORT_WHY_MOMENTUM = 1 << 21
};

/** Why an instant is closed (rapport_window.earliest_moved_by). */
enum {
  RAPPORT_CLOSED_OPEN = 0,
  RAPPORT_CLOSED_DO_NOT_CONTACT = 1,
  RAPPORT_CLOSED_WEEKEND = 2,
  RAPPORT_CLOSED_HOLIDAY = 3,
  RAPPORT_CLOSED_QUIET_HOURS = 4
};

/** A follow-up window as numbers. Plain data; layout frozen (128 bytes). Times are UTC seconds. */
typedef struct rapport_window {
  int32_t action;                 /**< RAPPORT_ACTION_* */
  int32_t stage;                  /**< RAPPORT_STAGE_* (after any override) */
  int64_t earliest, best, latest; /**< open instants, earliest <= best <= latest (no window: all next_opening, or 0) */
  int64_t next_opening;           /**< no window: the first open instant after the window's start (0: none in search_days) */
  double reply_chance;            /**< predicted chance (0-1) they answer, within the reply window, an outreach at
                                       `best`: the reply model (docs/REPLY.md), calibrated on the shared logs */
  double warmth;                  /**< 0-100 at now */
  double warmth_floor;            /**< `latest` keeps warmth at or above this */
  double p_active;                /**< probability the tie is still active (MBG/NBD) */
  double wait_seconds;            /**< awaiting reply: the wait after our last message; cadence: the gap used */
  int64_t anchor;                 /**< the interaction the rule counts from, or now */
  int64_t natural_earliest, natural_latest; /**< before the calendar (after do-not-contact pauses) */
  int64_t paused_seconds;                   /**< do-not-contact time skipped by the earliest delay */
  uint32_t why;                             /**< RAPPORT_WHY_* bits */
  uint32_t unanswered;                      /**< our current run of unanswered outreaches (a burst is one) */
  int32_t earliest_moved_by;                /**< RAPPORT_CLOSED_*: what pushed earliest past its natural time */
  uint32_t reserved;                        /**< 0 */
} rapport_window;

/** Opaque: a window with its times in the contact's local time and its reasons in words. */
typedef struct rapport_recommendation rapport_recommendation;

/** The follow-up window for a history at `now`. `model` NULL: the built-in defaults;
 *  `constraints` NULL: UTC, Saturday/Sunday off, quiet 20:00-08:00; `options` NULL: the defaults.
 *  The history is validated as by rapport_history_score. Bad constraints or options:
 *  RAPPORT_EINVAL / RAPPORT_ERANGE naming the field or period. options->context (version 2) adds
 *  the network context, as in rapport_history_score (a bad one: RAPPORT_EINVAL naming the field);
 *  options->contexts is for the batch calls and must be NULL here (RAPPORT_EINVAL otherwise).
 *  Ownership: *out is the caller's, release with rapport_recommendation_free.
 *  Thread safety: everything passed is only read. */
RAPPORT_C_API rapport_status rapport_history_recommend(const rapport_history* history, rapport_recommendation** out,
                                                       const rapport_model* model, int64_t now,
                                                       const rapport_constraints* constraints,
                                                       const rapport_recommend_options* options);

/** The same for an incremental state (now >= its last interaction), options->context included. */
RAPPORT_C_API rapport_status rapport_state_recommend(const rapport_state* state, rapport_recommendation** out,
                                                     const rapport_model* model, int64_t now,
                                                     const rapport_constraints* constraints,
                                                     const rapport_recommend_options* options);

/** Releases a recommendation; NULL is a no-op. */
RAPPORT_C_API void rapport_recommendation_free(rapport_recommendation* recommendation);

/** Copies the window's numbers into `*out`. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_recommendation_window(const rapport_recommendation* recommendation, rapport_window* out);

/** Which time rapport_recommendation_local_time formats. */
enum { RAPPORT_WHEN_EARLIEST = 0, RAPPORT_WHEN_BEST = 1, RAPPORT_WHEN_LATEST = 2, RAPPORT_WHEN_NEXT_OPENING = 3 };

/** The window's `which` time in the contact's zone ("2026-11-26 09:00 GMT"), snprintf-style into
 *  `buf`; "" when the window has no such time. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_recommendation_local_time(const rapport_recommendation* recommendation, char* buf,
                                                               size_t size, size_t* needed_out, int32_t which);

/** Number of reasons, and reason `index` (< count), most important first. `*text_out` is owned by
 *  the recommendation and valid until rapport_recommendation_free. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_recommendation_reason_count(const rapport_recommendation* recommendation, size_t* count_out);
RAPPORT_C_API rapport_status rapport_recommendation_reason(const rapport_recommendation* recommendation, const char** text_out,
                                                           size_t index);

/** All reasons, one per line, snprintf-style into `buf`. Thread safety: read only. */
RAPPORT_C_API rapport_status rapport_recommendation_reasons_text(const rapport_recommendation* recommendation, char* buf,
                                                                 size_t size, size_t* needed_out);

/** The reasons of a window that a batch call wrote, one per line, snprintf-style into `buf`; pass
 *  the constraints, `now` and options that produced it. Thread safety: everything is only read. */
RAPPORT_C_API rapport_status rapport_window_reasons_text(const rapport_window* window, char* buf, size_t size, size_t* needed_out,
                                                         const rapport_constraints* constraints, int64_t now,
                                                         const rapport_recommend_options* options);

/** Follow-up windows for many contacts from columnar arrays, laid out as for rapport_batch_score
 *  (`offsets`, `at`, `channels`, `directions`, `rows`; rows sorted by time within a contact).
 *  `constraints` is NULL (defaults for all) or an array of `contacts` pointers, each NULL
 *  (defaults) or a rapport_constraints; contacts may share one. `windows` receives `contacts`
 *  windows. A contact with no row before now, bad rows or bad constraints: with `statuses` NULL
 *  the call fails naming it; otherwise statuses[k] says why, windows[k].action is
 *  RAPPORT_ACTION_NO_WINDOW with next_opening 0, the others are planned, the call returns
 *  RAPPORT_OK and rapport_last_error() describes the first such contact.
 *  options->contexts (version 2), when not NULL, gives contact k the network context contexts[k]
 *  (if that is not NULL); a bad one is that contact's failure, named "contexts[k]" with the field.
 *  options->context is for the single-contact calls and must be NULL here (RAPPORT_EINVAL otherwise).
 *  options->threads (version 4) runs the contacts on that many threads, with the same outputs and
 *  the same first failure as one thread. No allocation per contact (each extra thread allocates
 *  its own constraints buffer). Thread safety: reads its inputs, writes only the outputs. */
RAPPORT_C_API rapport_status rapport_batch_recommend(const rapport_model* model, rapport_window* windows,
                                                     rapport_status* statuses, const int64_t* offsets, size_t contacts,
                                                     const int64_t* at, const uint8_t* channels, const uint8_t* directions,
                                                     size_t rows, const rapport_constraints* const* constraints, int64_t now,
                                                     const rapport_recommend_options* options);

/** Follow-up windows for `n` incremental states, with the same constraints, contexts, statuses and
 *  failure rules as rapport_batch_recommend (an empty state, or one whose last interaction is after now, is a
 *  failed contact). No allocation per contact. Thread safety: as rapport_batch_recommend. */
RAPPORT_C_API rapport_status rapport_batch_recommend_states(const rapport_model* model, rapport_window* windows,
                                                            rapport_status* statuses, const rapport_state* states, size_t n,
                                                            const rapport_constraints* const* constraints, int64_t now,
                                                            const rapport_recommend_options* options);

/* ---- Online recalibration (<rapport/recalibrate.hpp>) ------------------------------------------ */

#define RAPPORT_CALIBRATION_PLATT 0u    /**< logistic(a + b z), b >= 0 */
#define RAPPORT_CALIBRATION_BETA 1u     /**< logistic(c + a ln p - b ln(1 - p)), a, b >= 0 (the default) */
#define RAPPORT_CALIBRATION_ISOTONIC 2u /**< pool-adjacent-violators over logit bins */

#define RAPPORT_CALIBRATOR_OPTIONS_VERSION 1u
/** Options of an online calibrator. Fill with rapport_calibrator_options_init. */
typedef struct rapport_calibrator_options {
  uint32_t version;            /**< RAPPORT_CALIBRATOR_OPTIONS_VERSION */
  uint32_t method;             /**< RAPPORT_CALIBRATION_* (default BETA) */
  double horizon_days;         /**< the horizon of the warmth it maps, 1/24-365 days (default 30) */
  double half_life_days;       /**< evidence weight halves every this many days; 0 (default): the horizon */
  double prior_weight;         /**< pseudo-labels holding the map at the identity (default 10) */
  uint32_t learn_horizon_term; /**< nonzero (default): learn how shorter labels' odds shrink */
  uint32_t reserved;           /**< ignored; set to 0 */
} rapport_calibrator_options;

/** Sets the defaults for struct version `version`; RAPPORT_EINVAL for an unknown one. Thread-safe. */
RAPPORT_C_API rapport_status rapport_calibrator_options_init(rapport_calibrator_options* options, uint32_t version);

/** Static initialiser, equal to rapport_calibrator_options_init(&o, RAPPORT_CALIBRATOR_OPTIONS_VERSION). */
#define RAPPORT_CALIBRATOR_OPTIONS_INIT \
  { RAPPORT_CALIBRATOR_OPTIONS_VERSION, RAPPORT_CALIBRATION_BETA, 30.0, 0.0, 10.0, 1u, 0u }

/** An online calibrator: fed each shown warmth once its label has matured, it maps raw warmth to
 *  calibrated warmth, monotonically, from a fixed few KB of state, forgetting old evidence at its
 *  half-life (docs/MODEL.md). Opaque; release with rapport_calibrator_free. Reads
 *  (rapport_calibrator_apply, rapport_calibrator_serialize) may run concurrently; observe may not
 *  run concurrently with anything on the same calibrator. */
typedef struct rapport_calibrator rapport_calibrator;

/** Bytes written by rapport_calibrator_serialize: "RPCL", format version, options, bins, CRC-32. */
#define RAPPORT_CALIBRATOR_SERIALIZED_SIZE 4656

/** A calibrator with `options` (NULL: the defaults); RAPPORT_EINVAL naming a bad option. */
RAPPORT_C_API rapport_status rapport_calibrator_new(rapport_calibrator** out, const rapport_calibrator_options* options);

/** Releases a calibrator; NULL is a no-op. */
RAPPORT_C_API void rapport_calibrator_free(rapport_calibrator* calibrator);

/** Feeds `n` labels that matured at `matured` (seconds): shown_scores[i] (0-100, the warmth shown
 *  at the calibrator's horizon) and contacted[i] (nonzero: contact happened within `within_days`
 *  of showing it; 0 = the full horizon, else in (0, horizon_days]). On an error (naming the first
 *  bad label) nothing is recorded. */
RAPPORT_C_API rapport_status rapport_calibrator_observe(rapport_calibrator* calibrator, const double* shown_scores,
                                                        const uint8_t* contacted, size_t n, int64_t matured, double within_days);

/** The calibrated score (0-100) of a raw score (0-100; clamped), non-decreasing in the raw score. */
RAPPORT_C_API rapport_status rapport_calibrator_apply(const rapport_calibrator* calibrator, double raw_score,
                                                      double* calibrated_out);

/** Writes RAPPORT_CALIBRATOR_SERIALIZED_SIZE bytes (RAPPORT_ERANGE if `size` is smaller); the same
 *  calibrator always gives the same bytes. */
RAPPORT_C_API rapport_status rapport_calibrator_serialize(const rapport_calibrator* calibrator, uint8_t* buf, size_t size,
                                                          size_t* written_out);

/** Reads rapport_calibrator_serialize's bytes back into a new calibrator (release with
 *  rapport_calibrator_free). Wrong size, magic, version, checksum or impossible values:
 *  RAPPORT_EINVAL saying which. */
RAPPORT_C_API rapport_status rapport_calibrator_deserialize(rapport_calibrator** out, const uint8_t* data, size_t size);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RAPPORT_RAPPORT_H */
