#pragma once
/// Model parameters as JSON: `to_json` writes every field of `model_params`; `params_from_json`
/// reads them back, requiring every key exactly once and rejecting unknown keys, non-numbers
/// (NaN and Infinity are not JSON) and values `model_params::validate` refuses, naming the key.
///
///   {"format": "rapport.model_params", "version": 1, "horizon_days": 30, ...,
///    "intercept": -1.2, "beta": {"recency": -0.8, ...}, "reference": {"recency": 2.1, ...},
///    "context_intercept": 0.3, "context_pair_weight": 0.9,
///    "context_beta": {"owner_activity": 0.2, ...}, "context_reference": {"owner_activity": 1.5, ...}}
///
/// The four context keys (the optional second stage, see `network_context`) come as a group: a
/// file without any of them (written before the stage existed) reads as the identity stage
/// (0, 1, zeros); a file with some of them must have all.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapport/model.hpp>
#include <rapport/result.hpp>

namespace rapport {
inline namespace v1 {

namespace detail {
// std::to_chars / from_chars: exact round trip and, unlike printf / strtod, blind to the host's
// locale (a host in de_DE would otherwise write "3,25" and fail to read "3.25").
inline std::string json_number(double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17);
  return std::string(buf, r.ptr);
}

// The scalar fields, in file order.
inline std::vector<std::pair<const char*, double model_params::*>> scalar_fields() {
  return {{"horizon_days", &model_params::horizon_days},
          {"half_life_short_days", &model_params::half_life_short_days},
          {"half_life_long_days", &model_params::half_life_long_days},
          {"session_gap_seconds", &model_params::session_gap_seconds},
          {"reply_window_days", &model_params::reply_window_days},
          {"prior_gap_days", &model_params::prior_gap_days},
          {"inbound_recency_cap_days", &model_params::inbound_recency_cap_days},
          {"dormant_gap_multiple", &model_params::dormant_gap_multiple},
          {"dormant_min_days", &model_params::dormant_min_days},
          {"latency_log_mean", &model_params::latency_log_mean},
          {"latency_log_sd", &model_params::latency_log_sd},
          {"latency_prior_weight", &model_params::latency_prior_weight},
          {"band_cooling", &model_params::band_cooling},
          {"band_warm", &model_params::band_warm},
          {"band_hot", &model_params::band_hot},
          {"intercept", &model_params::intercept}};
}

// A tiny JSON reader for what to_json writes: objects, strings without escapes beyond \" and \\,
// numbers. Values are either numbers (flattened to "key" / "outer.inner") or strings.
class json_reader {
 public:
  json_reader(std::string_view text, std::string source) : s_(text), src_(std::move(source)) {}

  /// `objects`, if given, receives the flattened name of every nested object (even an empty one).
  result<void> read(std::map<std::string, double>& numbers, std::map<std::string, std::string>& strings,
                    std::vector<std::string>* objects = nullptr) {
    objects_ = objects;
    skip();
    if (auto ok = object("", numbers, strings); !ok) return ok;
    skip();
    if (i_ != s_.size()) return bad("unexpected text after the top-level object");
    return {};
  }

 private:
  result<void> bad(const std::string& why) const {
    std::size_t line = 1;
    for (std::size_t k = 0; k < i_ && k < s_.size(); ++k) line += s_[k] == '\n';
    return fail(errc::invalid_argument, src_ + ":" + std::to_string(line) + ": " + why);
  }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  result<void> string(std::string& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return bad("expected a string");
    ++i_;
    out.clear();
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        ++i_;
        if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\\')) return bad("unsupported escape in a string");
      }
      out += s_[i_++];
    }
    if (i_ >= s_.size()) return bad("unterminated string");
    ++i_;
    return {};
  }
  result<void> object(const std::string& prefix, std::map<std::string, double>& numbers,
                      std::map<std::string, std::string>& strings, int depth = 0) {
    if (i_ >= s_.size() || s_[i_] != '{') return bad("expected '{'");
    // The format nests one level ("beta": {...}); deeper input is not ours, and unbounded
    // recursion on hostile input would exhaust the stack.
    if (depth > 1) return bad("objects nested deeper than the parameter format allows");
    ++i_;
    skip();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return {};
    }
    for (;;) {
      skip();
      std::string key;
      if (auto ok = string(key); !ok) return ok;
      const std::string full = prefix.empty() ? key : prefix + "." + key;
      if (numbers.count(full) || strings.count(full)) return bad("key \"" + full + "\" appears twice");
      skip();
      if (i_ >= s_.size() || s_[i_] != ':') return bad("expected ':' after \"" + full + "\"");
      ++i_;
      skip();
      if (i_ < s_.size() && s_[i_] == '{') {
        if (objects_) objects_->push_back(full);
        if (auto ok = object(full, numbers, strings, depth + 1); !ok) return ok;
      } else if (i_ < s_.size() && s_[i_] == '"') {
        std::string v;
        if (auto ok = string(v); !ok) return ok;
        strings[full] = v;
      } else {
        const std::size_t start = i_;
        while (i_ < s_.size() &&
               (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '+' || s_[i_] == '.'))
          ++i_;
        const std::string tok(s_.substr(start, i_ - start));
        double v = 0;
        const auto parsed = std::from_chars(tok.data(), tok.data() + tok.size(), v);
        const bool json_number = !tok.empty() && (std::isdigit(static_cast<unsigned char>(tok[0])) || tok[0] == '-') &&
                                 tok.find_first_of("nNiI") == std::string::npos;
        if (tok.empty() || !json_number || parsed.ec != std::errc() || parsed.ptr != tok.data() + tok.size() || !std::isfinite(v))
          return bad("key \"" + full + "\": \"" + tok + "\" is not a finite number");
        numbers[full] = v;
      }
      skip();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return {};
      }
      return bad("expected ',' or '}' after \"" + full + "\"");
    }
  }

  std::string_view s_;
  std::string src_;
  std::size_t i_ = 0;
  std::vector<std::string>* objects_ = nullptr;
};

// The second stage's scalar fields, in file order (its two objects follow them).
inline std::vector<std::pair<const char*, double model_params::*>> context_scalar_fields() {
  return {{"context_intercept", &model_params::context_intercept}, {"context_pair_weight", &model_params::context_pair_weight}};
}
// The horizon slopes: optional on reading (files written before them mean 0 and 0, one horizon).
inline std::vector<std::pair<const char*, double model_params::*>> horizon_fields() {
  return {{"horizon_slope_short", &model_params::horizon_slope_short}, {"horizon_slope_long", &model_params::horizon_slope_long}};
}
inline const char* context_feature_name(std::size_t j) { return to_string(static_cast<feature>(feature_count + j)); }

// Every key of the second stage, flattened as the reader flattens them ("context_beta.owner_idle").
inline std::vector<std::string> context_keys() {
  std::vector<std::string> keys;
  for (const auto& [name, field] : context_scalar_fields()) keys.emplace_back(name);
  for (const char* part : {"context_beta.", "context_reference."})
    for (std::size_t j = 0; j < context_feature_count; ++j) keys.push_back(std::string(part) + context_feature_name(j));
  return keys;
}
}  // namespace detail

/// Every field of `p`, as a JSON object (numbers written exactly, %.17g).
inline std::string to_json(const model_params& p) {
  std::string out = "{\n  \"format\": \"rapport.model_params\",\n  \"version\": 1,\n";
  for (const auto& [name, field] : detail::scalar_fields())
    out += "  \"" + std::string(name) + "\": " + detail::json_number(p.*field) + ",\n";
  for (int part = 0; part < 2; ++part) {
    const feature_vector& v = part == 0 ? p.beta : p.reference;
    out += part == 0 ? "  \"beta\": {" : "  \"reference\": {";
    for (std::size_t i = 0; i < feature_count; ++i)
      out += std::string(i ? ", " : "") + "\"" + to_string(static_cast<feature>(i)) + "\": " + detail::json_number(v[i]);
    out += "},\n";
  }
  for (const auto& [name, field] : detail::horizon_fields())
    out += "  \"" + std::string(name) + "\": " + detail::json_number(p.*field) + ",\n";
  for (const auto& [name, field] : detail::context_scalar_fields())
    out += "  \"" + std::string(name) + "\": " + detail::json_number(p.*field) + ",\n";
  for (int part = 0; part < 2; ++part) {
    const context_vector& v = part == 0 ? p.context_beta : p.context_reference;
    out += part == 0 ? "  \"context_beta\": {" : "  \"context_reference\": {";
    for (std::size_t j = 0; j < context_feature_count; ++j)
      out += std::string(j ? ", " : "") + "\"" + detail::context_feature_name(j) + "\": " + detail::json_number(v[j]);
    out += part == 0 ? "},\n" : "}\n";
  }
  out += "}\n";
  return out;
}

namespace detail {
// The second stage: all of its keys or none (none = the identity, as in files written before it).
// Returns why a partial group is refused, or nothing.
inline std::string read_context_stage(std::map<std::string, double>& numbers, const std::vector<std::string>& objects,
                                      model_params& p, std::map<std::string, bool>& known) {
  const std::vector<std::string> ctx = context_keys();
  std::string present;
  for (const auto& k : ctx)
    if (numbers.count(k)) {
      present = k;
      break;
    }
  for (const char* obj : {"context_beta", "context_reference"})
    if (present.empty() && std::find(objects.begin(), objects.end(), obj) != objects.end()) present = obj;
  if (present.empty()) return {};
  for (const auto& k : ctx)
    if (numbers.count(k) == 0)
      return "missing key \"" + k +
             "\" (the context keys context_intercept, context_pair_weight, context_beta and context_reference come together; \"" +
             present + "\" is present)";
  for (const auto& [name, field] : context_scalar_fields()) p.*field = numbers[name];
  for (std::size_t j = 0; j < context_feature_count; ++j) {
    p.context_beta[j] = numbers[std::string("context_beta.") + context_feature_name(j)];
    p.context_reference[j] = numbers[std::string("context_reference.") + context_feature_name(j)];
  }
  for (const auto& k : ctx) known[k] = true;
  return {};
}
}  // namespace detail

/// Reads `to_json`'s output; `source` names the text in messages (a file name).
inline result<model_params> params_from_json(std::string_view text, const std::string& source = "<json>") {
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> strings;
  std::vector<std::string> objects;
  detail::json_reader r(text, source);
  if (auto ok = r.read(numbers, strings, &objects); !ok) return std::move(ok).error();
  auto bad = [&](const std::string& why) { return fail(errc::invalid_argument, source + ": " + why); };
  if (strings.count("format") == 0 || strings["format"] != "rapport.model_params")
    return bad("missing key \"format\" (\"rapport.model_params\")");
  if (numbers.count("version") == 0) return bad("missing key \"version\"");
  if (numbers["version"] != 1)
    return bad("key \"version\": version " + detail::json_number(numbers["version"]) + " is not supported (this build reads 1)");
  for (const auto& [k, v] : strings)
    if (k != "format") return bad("unknown key \"" + k + "\"");
  model_params p;
  std::map<std::string, bool> known{{"version", true}};
  for (const auto& [name, field] : detail::scalar_fields()) {
    auto it = numbers.find(name);
    if (it == numbers.end()) return bad("missing key \"" + std::string(name) + "\"");
    p.*field = it->second;
    known[name] = true;
  }
  for (int part = 0; part < 2; ++part) {
    for (std::size_t i = 0; i < feature_count; ++i) {
      const std::string key = std::string(part == 0 ? "beta." : "reference.") + to_string(static_cast<feature>(i));
      auto it = numbers.find(key);
      if (it == numbers.end()) return bad("missing key \"" + key + "\"");
      (part == 0 ? p.beta : p.reference)[i] = it->second;
      known[key] = true;
    }
  }
  if (auto why = detail::read_context_stage(numbers, objects, p, known); !why.empty()) return bad(why);
  for (const auto& [name, field] : detail::horizon_fields())
    if (auto it = numbers.find(name); it != numbers.end()) {
      p.*field = it->second;
      known[name] = true;
    }
  for (const auto& [k, v] : numbers)
    if (!known.count(k)) return bad("unknown key \"" + k + "\"");
  for (const auto& o : objects)
    if (o != "beta" && o != "reference" && o != "context_beta" && o != "context_reference")
      return bad("unknown key \"" + o + "\"");
  if (auto ok = p.validate(); !ok) return bad(ok.error().message);
  return p;
}

inline result<model_params> load_params(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errc::invalid_argument, path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return params_from_json(ss.str(), path);
}

inline result<void> save_params(const model_params& p, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return fail(errc::invalid_argument, path + ": cannot write file");
  out << to_json(p);
  if (!out) return fail(errc::invalid_argument, path + ": write error");
  return {};
}

}  // namespace v1
}  // namespace rapport
