// Versions, status codes, errors, code names and times.

#include "capi.hpp"

using rapport::errc;
using namespace rapport::capi;

const char* rapport_status_string(rapport_status status) {
  if (status < 0 || status > RAPPORT_EINTERNAL) return "unknown status";
  return rapport::to_string(static_cast<errc>(status));
}

const char* rapport_last_error(void) { return rapport::capi::message_buffer(); }

uint32_t rapport_version_number(void) { return RAPPORT_VERSION_NUMBER; }

const char* rapport_version_string(void) { return RAPPORT_VERSION_STRING; }

namespace {
const char* const band_names[] = {"cold", "cooling", "warm", "hot"};
const char* const direction_names[] = {"outbound", "inbound", "mutual"};
}  // namespace

const char* rapport_band_name(int32_t band) { return band >= 0 && band <= RAPPORT_BAND_HOT ? band_names[band] : "invalid"; }
const char* rapport_stage_name(int32_t stage) {
  return stage >= 0 && stage <= RAPPORT_STAGE_DORMANT ? rapport::to_string(static_cast<rapport::stage>(stage)) : "invalid";
}
const char* rapport_feature_name(int32_t feature) {
  return feature >= 0 && feature < RAPPORT_FEATURE_CODE_COUNT ? rapport::to_string(static_cast<rapport::feature>(feature))
                                                              : "invalid";
}
const char* rapport_direction_name(int32_t direction) {
  return direction >= 0 && direction <= RAPPORT_MUTUAL ? direction_names[direction] : "invalid";
}

const char* rapport_action_name(int32_t action) {
  return action >= 0 && action <= RAPPORT_ACTION_NO_WINDOW ? rapport::to_string(static_cast<rapport::action>(action)) : "invalid";
}

rapport_status rapport_time_parse(int64_t* seconds_out, const char* text) {
  RAPPORT_C_ENTRY {
    if (!seconds_out) return null_arg(fn, "seconds_out");
    if (!text) return null_arg(fn, "text");
    auto t = rapport::parse_utc(text);
    if (!t) return set_error(t.error());
    *seconds_out = t->seconds;
    return ok;
  };
}

rapport_status rapport_time_format(char* buf, size_t size, size_t* needed_out, int64_t seconds) {
  RAPPORT_C_ENTRY {
    if (auto st = check_time(seconds, fn, "seconds"); st != ok) return st;
    return copy_text(rapport::format_utc(rapport::timestamp{seconds}), buf, size, needed_out, fn);
  };
}
