// The PostgreSQL glue of the extension. Rule of this file: it holds only plain data (no object
// with a destructor), because any PostgreSQL call may raise an error, which is a longjmp that would
// skip destructors; all C++ work happens inside core.cpp, which returns before an error is raised.

#include "core.hpp"

#include <cstring>

extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

PG_MODULE_MAGIC;
}

namespace {

using rapport_pg::status;

// The PostgreSQL error for a failure reported by core.cpp, prefixed with the SQL function's name.
[[noreturn]] void raise(const char* fn, const rapport_pg::error& e, const char* hint = nullptr) {
  int code = ERRCODE_INVALID_PARAMETER_VALUE;
  if (e.code == status::corrupt) code = ERRCODE_DATA_CORRUPTED;
  if (e.code == status::internal) code = ERRCODE_INTERNAL_ERROR;
  ereport(ERROR, (errcode(code), errmsg("%s: %s", fn, e.text), hint ? errhint("%s", hint) : 0));
  pg_unreachable();
}

void require(FunctionCallInfo fcinfo, int arg, const char* fn, const char* name) {
  if (PG_ARGISNULL(arg)) ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s: %s is NULL", fn, name)));
}

// timestamptz (microseconds since 2000) to the library's whole seconds since 1970.
rapport_pg::seconds to_seconds(TimestampTz t, const char* fn, const char* name) {
  if (TIMESTAMP_NOT_FINITE(t))
    ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                    errmsg("%s: %s is %s", fn, name, TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
  const int64 unix_offset = (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;
  int64 s = t / USECS_PER_SEC;
  if (t % USECS_PER_SEC < 0) --s;  // floor, so that order is kept before 2000 too
  return s + unix_offset;
}

TimestampTz from_seconds(rapport_pg::seconds s) {
  return (s - (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY) * USECS_PER_SEC;
}

rapport_pg::seconds now_arg(FunctionCallInfo fcinfo, int arg, const char* fn) {
  require(fcinfo, arg, fn, "now");
  return to_seconds(PG_GETARG_TIMESTAMPTZ(arg), fn, "now");
}

// The stored state of argument `arg` (never NULL here); its checks happen in core.cpp.
const unsigned char* state_arg(FunctionCallInfo fcinfo, int arg, const char* fn) {
  require(fcinfo, arg, fn, "state");
  return reinterpret_cast<const unsigned char*>(PG_GETARG_POINTER(arg));
}

// (at, channel, direction [, duration]) starting at argument `first`. A NULL duration is "not
// known", which the library already represents as 0.
rapport_pg::interaction_in interaction_args(FunctionCallInfo fcinfo, int first, const char* fn) {
  require(fcinfo, first, fn, "at");
  require(fcinfo, first + 1, fn, "channel");
  require(fcinfo, first + 2, fn, "direction");
  rapport_pg::interaction_in x;
  x.at = to_seconds(PG_GETARG_TIMESTAMPTZ(first), fn, "at");
  text* channel = PG_GETARG_TEXT_PP(first + 1);
  text* direction = PG_GETARG_TEXT_PP(first + 2);
  x.channel = VARDATA_ANY(channel);
  x.channel_len = VARSIZE_ANY_EXHDR(channel);
  x.direction = VARDATA_ANY(direction);
  x.direction_len = VARSIZE_ANY_EXHDR(direction);
  if (PG_NARGS() > first + 3 && !PG_ARGISNULL(first + 3)) {
    const Interval* d = PG_GETARG_INTERVAL_P(first + 3);
    if (d->month != 0)  // a month has no fixed length in seconds
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("%s: duration %s has months; give it in days, hours or minutes", fn,
                             DatumGetCString(DirectFunctionCall1(interval_out, PointerGetDatum(d))))));
    x.duration_seconds = static_cast<double>(d->time) / USECS_PER_SEC + static_cast<double>(d->day) * SECS_PER_DAY;
  }
  return x;
}

Datum store(const rapport_pg::live_state* s, const char* fn) {
  rapport_pg::error e;
  auto* blob = static_cast<unsigned char*>(palloc(rapport_pg::state_size));
  if (rapport_pg::state_store(s, blob, &e) != status::ok) raise(fn, e);
  return PointerGetDatum(blob);
}

// ---- constraints from jsonb (PostgreSQL data in, plain strings out; errors name the key) ---------
const char* json_text(const JsonbValue* v, const char* fn, const char* key) {
  if (v->type != jbvString)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s: constraints.%s must be a string, got %s", fn, key, JsonbTypeName(const_cast<JsonbValue*>(v)))));
  return pnstrdup(v->val.string.val, v->val.string.len);
}

// One {"from": ..., "until": ...} element of "leave".
void read_period(const JsonbValue* elem, int i, rapport_pg::period_text* out, const char* fn) {
  if (elem->type != jbvBinary || !JsonContainerIsObject(elem->val.binary.data))
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s: constraints.leave[%d] must be an object {\"from\": ..., \"until\": ...}", fn, i)));
  JsonbIterator* it = JsonbIteratorInit(elem->val.binary.data);
  JsonbValue v;
  const char* key = nullptr;
  for (JsonbIteratorToken tok; (tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE;) {
    if (tok == WJB_KEY) key = pnstrdup(v.val.string.val, v.val.string.len);
    if (tok != WJB_VALUE) continue;
    const char* where = psprintf("leave[%d].%s", i, key);
    if (strcmp(key, "from") == 0)
      out->from = json_text(&v, fn, where);
    else if (strcmp(key, "until") == 0)
      out->until = json_text(&v, fn, where);
    else
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: unknown key constraints.%s", fn, where)));
  }
  if (out->from == nullptr || out->until == nullptr)
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: constraints.leave[%d] needs both from and until", fn, i)));
}

void read_leave(const JsonbValue* v, rapport_pg::constraints_in* c, const char* fn) {
  if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data))
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: constraints.leave must be an array of periods", fn)));
  const int n = JsonContainerSize(v->val.binary.data);
  auto* periods = static_cast<rapport_pg::period_text*>(palloc0(sizeof(rapport_pg::period_text) * (n > 0 ? n : 1)));
  JsonbIterator* it = JsonbIteratorInit(v->val.binary.data);
  JsonbValue elem;
  int i = 0;
  for (JsonbIteratorToken tok; (tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE;)
    if (tok == WJB_ELEM) read_period(&elem, i, &periods[i], fn), ++i;
  c->leave = periods;
  c->leave_count = static_cast<std::size_t>(i);
}

// The keys a contact's constraints may have; anything else is an error, so a typo is not ignored.
void read_key(const char* key, const JsonbValue* v, rapport_pg::constraints_in* c, const char* fn) {
  if (v->type == jbvNull) return;  // an absent value, as SQL would pass it
  struct field {
    const char* name;
    const char* rapport_pg::constraints_in::*member;
  };
  static const field strings[] = {{"zone", &rapport_pg::constraints_in::zone},
                                  {"calendar", &rapport_pg::constraints_in::calendar},
                                  {"reach_out_after", &rapport_pg::constraints_in::reach_out_after},
                                  {"reach_out_before", &rapport_pg::constraints_in::reach_out_before},
                                  {"stage", &rapport_pg::constraints_in::stage},
                                  {"quiet_start", &rapport_pg::constraints_in::quiet_start},
                                  {"quiet_end", &rapport_pg::constraints_in::quiet_end}};
  for (const field& f : strings)
    if (strcmp(key, f.name) == 0) {
      c->*f.member = json_text(v, fn, key);
      return;
    }
  if (strcmp(key, "leave") == 0) {
    read_leave(v, c, fn);
    return;
  }
  ereport(ERROR,
          (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: unknown key constraints.%s", fn, key),
           errhint("Known keys: zone, calendar, leave, reach_out_after, reach_out_before, stage, quiet_start, quiet_end.")));
}

rapport_pg::constraints_in read_constraints(Jsonb* jb, const char* fn) {
  rapport_pg::constraints_in c;
  if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: constraints must be a JSON object", fn)));
  JsonbIterator* it = JsonbIteratorInit(&jb->root);
  JsonbValue v;
  const char* key = nullptr;
  for (JsonbIteratorToken tok; (tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE;) {
    if (tok == WJB_KEY)
      key = pnstrdup(v.val.string.val, v.val.string.len);
    else if (tok == WJB_VALUE)
      read_key(key, &v, &c, fn);
  }
  return c;
}

HeapTuple form_row(FunctionCallInfo fcinfo, Datum* values, bool* nulls) {
  TupleDesc desc;
  if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("rapport: function returning a record called in a wrong context")));
  return heap_form_tuple(BlessTupleDesc(desc), values, nulls);
}

}  // namespace

extern "C" {

// ---- the rapport_state type ---------------------------------------------------------------------
PG_FUNCTION_INFO_V1(rapport_state_in);
Datum rapport_state_in(PG_FUNCTION_ARGS) {
  const char* text = PG_GETARG_CSTRING(0);
  rapport_pg::error e;
  auto* blob = static_cast<unsigned char*>(palloc(rapport_pg::state_size));
  if (rapport_pg::state_parse(text, blob, &e) != status::ok) {
    const int code = e.code == status::corrupt ? ERRCODE_DATA_CORRUPTED : ERRCODE_INVALID_TEXT_REPRESENTATION;
    ereport(ERROR, (errcode(code), errmsg("%s", e.text)));
  }
  PG_RETURN_POINTER(blob);
}

PG_FUNCTION_INFO_V1(rapport_state_out);
Datum rapport_state_out(PG_FUNCTION_ARGS) {
  auto* text = static_cast<char*>(palloc(rapport_pg::state_text_size));
  rapport_pg::state_format(reinterpret_cast<const unsigned char*>(PG_GETARG_POINTER(0)), text);
  PG_RETURN_CSTRING(text);
}

PG_FUNCTION_INFO_V1(rapport_state_recv);
Datum rapport_state_recv(PG_FUNCTION_ARGS) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  const int left = buf->len - buf->cursor;
  if (left != static_cast<int>(rapport_pg::state_size))
    ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                    errmsg("rapport_state_recv: expected %d bytes, got %d", static_cast<int>(rapport_pg::state_size), left)));
  auto* blob = static_cast<unsigned char*>(palloc(rapport_pg::state_size));
  pq_copymsgbytes(buf, reinterpret_cast<char*>(blob), rapport_pg::state_size);
  rapport_pg::error e;
  if (rapport_pg::state_check(blob, &e) != status::ok) raise("rapport_state_recv", e);
  PG_RETURN_POINTER(blob);
}

PG_FUNCTION_INFO_V1(rapport_state_send);
Datum rapport_state_send(PG_FUNCTION_ARGS) {
  StringInfoData buf;
  pq_begintypsend(&buf);
  pq_sendbytes(&buf, static_cast<const char*>(PG_GETARG_POINTER(0)), rapport_pg::state_size);
  PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

// ---- folding interactions -----------------------------------------------------------------------
// The aggregate keeps the live (unserialized) state in the aggregate's memory context and
// serializes it once, at the end: a checksum per row would cost more than the fold itself.
PG_FUNCTION_INFO_V1(rapport_agg_step);
Datum rapport_agg_step(PG_FUNCTION_ARGS) {
  MemoryContext agg_context;
  if (!AggCheckCallContext(fcinfo, &agg_context))
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("rapport_agg_step can only run inside rapport_agg")));
  const rapport_pg::interaction_in x = interaction_args(fcinfo, 1, "rapport_agg");
  rapport_pg::error e;
  auto* s = PG_ARGISNULL(0) ? nullptr : reinterpret_cast<rapport_pg::live_state*>(PG_GETARG_POINTER(0));
  if (s == nullptr) {
    s = static_cast<rapport_pg::live_state*>(MemoryContextAlloc(agg_context, sizeof(rapport_pg::live_state)));
    if (rapport_pg::state_clear(s, &e) != status::ok) raise("rapport_agg", e);
  }
  if (rapport_pg::state_absorb(s, x, &e) != status::ok)
    raise("rapport_agg", e,
          e.code == status::out_of_order
              ? "Rows must come in time order: call it as rapport_agg(at, channel, direction ORDER BY at)."
              : nullptr);
  PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(rapport_agg_final);
Datum rapport_agg_final(PG_FUNCTION_ARGS) {
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();  // no rows: no state, as sum() of nothing is NULL
  return store(reinterpret_cast<const rapport_pg::live_state*>(PG_GETARG_POINTER(0)), "rapport_agg");
}

// rapport_absorb(state, at, channel, direction [, duration]): a NULL state is a contact with no
// interactions yet, so that a trigger's first row needs no special case.
PG_FUNCTION_INFO_V1(rapport_absorb);
Datum rapport_absorb(PG_FUNCTION_ARGS) {
  const char* fn = "rapport_absorb";
  const rapport_pg::interaction_in x = interaction_args(fcinfo, 1, fn);
  rapport_pg::error e;
  rapport_pg::live_state s;
  const status loaded = PG_ARGISNULL(0)
                            ? rapport_pg::state_clear(&s, &e)
                            : rapport_pg::state_load(reinterpret_cast<const unsigned char*>(PG_GETARG_POINTER(0)), &s, &e);
  if (loaded != status::ok) raise(fn, e);
  if (rapport_pg::state_absorb(&s, x, &e) != status::ok)
    raise(fn, e,
          e.code == status::out_of_order
              ? "A state only moves forward in time: rebuild it with rapport_agg(... ORDER BY at) to add an older interaction."
              : nullptr);
  return store(&s, fn);
}

// ---- warmth -------------------------------------------------------------------------------------
// rapport_warmth(state, now [, horizon_days]) -> (score, band, stage)
PG_FUNCTION_INFO_V1(rapport_warmth);
Datum rapport_warmth(PG_FUNCTION_ARGS) {
  const char* fn = "rapport_warmth";
  const unsigned char* blob = state_arg(fcinfo, 0, fn);
  const rapport_pg::seconds now = now_arg(fcinfo, 1, fn);
  double horizon = 30;
  if (PG_NARGS() > 2) {
    require(fcinfo, 2, fn, "horizon_days");
    horizon = PG_GETARG_FLOAT8(2);
  }
  rapport_pg::warmth_out w;
  rapport_pg::error e;
  if (rapport_pg::warmth(blob, now, horizon, &w, &e) != status::ok) raise(fn, e);
  Datum values[3] = {Float8GetDatum(w.score), CStringGetTextDatum(w.band), CStringGetTextDatum(w.stage)};
  bool nulls[3] = {false, false, false};
  PG_RETURN_DATUM(HeapTupleGetDatum(form_row(fcinfo, values, nulls)));
}

// rapport_explain(state, now) -> jsonb with score, band, stage, parts and reasons
PG_FUNCTION_INFO_V1(rapport_explain);
Datum rapport_explain(PG_FUNCTION_ARGS) {
  const char* fn = "rapport_explain";
  const unsigned char* blob = state_arg(fcinfo, 0, fn);
  const rapport_pg::seconds now = now_arg(fcinfo, 1, fn);
  std::size_t cap = 4096, needed = 0;
  auto* buf = static_cast<char*>(palloc(cap));
  rapport_pg::error e;
  for (;;) {  // at most twice: the first call says how much room the text needs
    if (rapport_pg::explain(blob, now, buf, cap, &needed, &e) != status::ok) raise(fn, e);
    if (needed <= cap) break;
    buf = static_cast<char*>(repalloc(buf, cap = needed));
  }
  PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf)));
}

// ---- follow-up window ---------------------------------------------------------------------------
// rapport_recommend(state, now, constraints) -> (earliest, best, latest, action, stage,
// reply_chance, best_local, reasons)
PG_FUNCTION_INFO_V1(rapport_recommend);
Datum rapport_recommend(PG_FUNCTION_ARGS) {
  const char* fn = "rapport_recommend";
  const unsigned char* blob = state_arg(fcinfo, 0, fn);
  const rapport_pg::seconds now = now_arg(fcinfo, 1, fn);
  require(fcinfo, 2, fn, "constraints");
  const rapport_pg::constraints_in c = read_constraints(PG_GETARG_JSONB_P(2), fn);
  rapport_pg::window_out w;
  rapport_pg::error e;
  std::size_t cap = 4096, needed = 0, count = 0;
  auto* buf = static_cast<char*>(palloc(cap));
  for (;;) {
    if (rapport_pg::recommend(blob, now, c, &w, buf, cap, &needed, &count, &e) != status::ok) raise(fn, e);
    if (needed <= cap) break;
    buf = static_cast<char*>(repalloc(buf, cap = needed));
  }
  auto* reasons = static_cast<Datum*>(palloc(sizeof(Datum) * (count > 0 ? count : 1)));
  const char* p = buf;
  for (std::size_t i = 0; i < count; p += strlen(p) + 1) reasons[i++] = CStringGetTextDatum(p);
  Datum values[8] = {TimestampTzGetDatum(from_seconds(w.earliest)),
                     TimestampTzGetDatum(from_seconds(w.best)),
                     TimestampTzGetDatum(from_seconds(w.latest)),
                     CStringGetTextDatum(w.action),
                     CStringGetTextDatum(w.stage),
                     Float8GetDatum(w.reply_chance),
                     CStringGetTextDatum(w.best_local),
                     PointerGetDatum(construct_array(reasons, static_cast<int>(count), TEXTOID, -1, false, TYPALIGN_INT))};
  bool nulls[8] = {!w.has_times, !w.has_times, !w.has_times, false, false, false, !w.has_times, false};
  PG_RETURN_DATUM(HeapTupleGetDatum(form_row(fcinfo, values, nulls)));
}

}  // extern "C"
