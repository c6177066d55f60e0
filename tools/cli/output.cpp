#include "output.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <algorithm>
#include <vector>

namespace rapport_cli {
namespace {

std::vector<std::string> flat_keys(const json& rows, const std::string& details_key) {
  std::vector<std::string> keys;
  if (rows.empty()) return keys;
  for (const auto& [k, v] : rows.front().items())
    if (k != details_key && !v.is_array() && !v.is_object()) keys.push_back(k);
  return keys;
}

std::string joined(const json& list, const char* sep) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : sep) + cell_text(item);
  return out;
}

std::string table(const json& rows, const render_options& o) {
  const auto keys = flat_keys(rows, o.details_key);
  std::vector<std::size_t> width(keys.size());
  std::vector<bool> numeric(keys.size(), true);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    width[k] = keys[k].size();
    for (const auto& r : rows) {
      width[k] = std::max(width[k], cell_text(r[keys[k]], o.decimals).size());
      numeric[k] = numeric[k] && (r[keys[k]].is_number() || r[keys[k]].is_null());
    }
  }
  auto line = [&](auto&& text_of) {
    std::string out;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::string t = text_of(k);
      const std::string pad(width[k] - t.size(), ' ');
      const bool last = k + 1 == keys.size();
      out += numeric[k] ? pad + t : last ? t : t + pad;
      if (!last) out += "  ";
    }
    return out + "\n";
  };
  std::string out = o.title.empty() ? "" : o.title + "\n";
  out += line([&](std::size_t k) { return keys[k]; });
  for (const auto& r : rows) {
    out += line([&](std::size_t k) { return cell_text(r[keys[k]], o.decimals); });
    if (o.details && !o.details_key.empty() && r.contains(o.details_key))
      for (const auto& d : r[o.details_key]) out += "    - " + cell_text(d) + "\n";
  }
  return out;
}

std::string csv(const json& rows, const render_options& o) {
  auto keys = flat_keys(rows, o.details_key);
  const bool with_details = !o.details_key.empty() && !rows.empty() && rows.front().contains(o.details_key);
  std::string out;
  for (std::size_t k = 0; k < keys.size(); ++k) out += (k ? "," : "") + csv_escape(keys[k]);
  if (with_details) out += "," + o.details_key;
  out += "\n";
  for (const auto& r : rows) {
    for (std::size_t k = 0; k < keys.size(); ++k) out += (k ? "," : "") + csv_escape(cell_text(r[keys[k]], o.decimals));
    if (with_details) out += "," + csv_escape(joined(r[o.details_key], "; "));
    out += "\n";
  }
  return out;
}

}  // namespace

std::optional<out_format> parse_format(const std::string& text) {
  if (text == "table") return out_format::table;
  if (text == "csv") return out_format::csv;
  if (text == "json") return out_format::json_doc;
  return std::nullopt;
}

std::string cell_text(const json& v, int decimals) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) return format("%.*f", decimals, v.get<double>());
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return v.dump();
}

std::string render(const json& rows, out_format f, const render_options& o) {
  switch (f) {
    case out_format::table: return table(rows, o);
    case out_format::csv: return csv(rows, o);
    case out_format::json_doc: {
      json doc = o.meta;
      doc["rows"] = rows;
      return doc.dump(2) + "\n";
    }
  }
  return {};
}

}  // namespace rapport_cli
