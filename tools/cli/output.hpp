#pragma once
// The commands' results as rows of flat JSON objects, rendered one of three ways: an aligned table
// (for people), CSV (RFC 4180, for spreadsheets) or JSON (for programs). One renderer per format,
// shared by every command.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rapport_cli {

using json = nlohmann::ordered_json;

enum class out_format { table, csv, json_doc };
std::optional<out_format> parse_format(const std::string& text);

struct render_options {
  std::string title;           ///< table only: a line above the table
  std::string details_key;     ///< an array field of each row (e.g. "reasons"): under the row in a table, joined in CSV
  bool details = false;        ///< table: print the details
  int decimals = 1;            ///< table and CSV: digits after the point of non-whole numbers
  json meta = json::object();  ///< json: fields beside "rows" (as_of, ...)
};

/// `rows`: an array of objects with the same keys; nested arrays only under `details_key`.
std::string render(const json& rows, out_format f, const render_options& o);

/// A value as the table and CSV show it: whole numbers as such, others with `decimals` digits.
std::string cell_text(const json& v, int decimals = 1);

}  // namespace rapport_cli
