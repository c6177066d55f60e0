// Online recalibration: the calibrator handle, its options, labels, map and blob.

#include "capi.hpp"

#include <cstring>

using rapport::errc;
using namespace rapport::capi;

namespace {
rapport_status to_calibrator_options(rapport::online_calibrator_options& out, const rapport_calibrator_options* in,
                                     const char* fn) {
  if (!in) return ok;
  if (auto st = check_version(in->version, RAPPORT_CALIBRATOR_OPTIONS_VERSION, fn, "options", "rapport_calibrator_options_init");
      st != ok)
    return st;
  if (in->method >= rapport::calibration_method_count)
    return fail_c(errc::invalid_argument, "%s: options->method = %u is not a RAPPORT_CALIBRATION_* value", fn,
                  static_cast<unsigned>(in->method));
  out.method = static_cast<rapport::calibration_method>(in->method);
  out.horizon_days = in->horizon_days;
  out.half_life_days = in->half_life_days;
  out.prior_weight = in->prior_weight;
  out.learn_horizon_term = in->learn_horizon_term != 0;
  return ok;
}
}  // namespace

rapport_status rapport_calibrator_options_init(rapport_calibrator_options* options, uint32_t version) {
  RAPPORT_C_ENTRY {
    if (!options) return null_arg(fn, "options");
    if (auto st = check_version(version, RAPPORT_CALIBRATOR_OPTIONS_VERSION, fn, nullptr, nullptr); st != ok) return st;
    const rapport::online_calibrator_options d;
    options->version = version;
    options->method = static_cast<uint32_t>(d.method);
    options->horizon_days = d.horizon_days;
    options->half_life_days = d.half_life_days;
    options->prior_weight = d.prior_weight;
    options->learn_horizon_term = d.learn_horizon_term ? 1u : 0u;
    options->reserved = 0;
    return ok;
  };
}

rapport_status rapport_calibrator_new(rapport_calibrator** out, const rapport_calibrator_options* options) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    rapport::online_calibrator_options o;
    if (auto st = to_calibrator_options(o, options, fn); st != ok) return st;
    auto c = rapport::online_calibrator::create(o);
    if (!c) return set_error(c.error());
    return create(fn, out, std::move(*c));
  };
}

void rapport_calibrator_free(rapport_calibrator* calibrator) { delete calibrator; }

rapport_status rapport_calibrator_observe(rapport_calibrator* calibrator, const double* shown_scores, const uint8_t* contacted,
                                          size_t n, int64_t matured, double within_days) {
  RAPPORT_C_ENTRY {
    if (!calibrator) return null_arg(fn, "calibrator");
    if (n > 0 && !shown_scores) return null_arg(fn, "shown_scores");
    if (n > 0 && !contacted) return null_arg(fn, "contacted");
    if (auto st = check_time(matured, fn, "matured"); st != ok) return st;
    auto r = calibrator->c.observe(shown_scores, contacted, n, rapport::timestamp{matured}, within_days);
    if (!r) return set_error(r.error());
    return ok;
  };
}

rapport_status rapport_calibrator_apply(const rapport_calibrator* calibrator, double raw_score, double* calibrated_out) {
  RAPPORT_C_ENTRY {
    return get(fn, calibrator, "calibrator", calibrated_out, "calibrated_out",
               [&] { return calibrator->c.calibrate(raw_score); });
  };
}

rapport_status rapport_calibrator_serialize(const rapport_calibrator* calibrator, uint8_t* buf, size_t size,
                                            size_t* written_out) {
  RAPPORT_C_ENTRY {
    if (!calibrator) return null_arg(fn, "calibrator");
    if (!buf) return null_arg(fn, "buf");
    if (size < RAPPORT_CALIBRATOR_SERIALIZED_SIZE)
      return fail_c(errc::out_of_range, "%s: size = %zu; the buffer needs RAPPORT_CALIBRATOR_SERIALIZED_SIZE (%d) bytes", fn,
                    size, RAPPORT_CALIBRATOR_SERIALIZED_SIZE);
    const std::string bytes = calibrator->c.serialize();
    std::memcpy(buf, bytes.data(), bytes.size());
    if (written_out) *written_out = bytes.size();
    return ok;
  };
}

rapport_status rapport_calibrator_deserialize(rapport_calibrator** out, const uint8_t* data, size_t size) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!data) return null_arg(fn, "data");
    auto c = rapport::online_calibrator::deserialize(data, size);
    if (!c) return set_error(c.error());
    return create(fn, out, std::move(*c));
  };
}

static_assert(RAPPORT_CALIBRATOR_SERIALIZED_SIZE == rapport::online_calibrator::serialized_size,
              "rapport.h's blob size must follow the C++ calibrator's");
static_assert(RAPPORT_CALIBRATION_ISOTONIC + 1 == rapport::calibration_method_count, "one RAPPORT_CALIBRATION_* per method");
