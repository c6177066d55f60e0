// Model parameters as JSON files (params_json.hpp): what a user who calibrates, saves and ships a
// parameter file relies on. The round trip of every field and the context group are in
// calibrate_test.cpp; the catalogue rows in bad_input_test.cpp. Here: saving to disk (and failing
// to), and the reader's messages, which name the file and the line of the fault.

#include <rapport/params_json.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {
using namespace rapport;

std::string temp_path(const std::string& name) { return ::testing::TempDir() + "rapport_params_json_" + name; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The default JSON with `from` (first occurrence) replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string js = to_json(model_params::defaults());
  const auto at = js.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? js : js.replace(at, from.size(), to);
}

// The 1-based line of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  int line = 1;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

void expect_error(const std::string& text, const std::string& needle) {
  auto r = params_from_json(text, "p.json");
  ASSERT_FALSE(r) << "accepted: " << text.substr(0, 200);
  EXPECT_EQ(r.error().code, errc::invalid_argument);
  EXPECT_EQ(r.error().message.rfind("p.json", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message << "\n  expected: " << needle;
}

TEST(ParamsJsonFileTest, SaveThenLoadGivesTheSameParameters) {
  model_params p = model_params::defaults();
  p.horizon_days = 45;
  p.intercept = -0.7071067811865476;
  p.beta[1] = -1.0 / 3;
  p.context_pair_weight = 0.5;
  const std::string path = temp_path("saved.json");
  auto saved = save_params(p, path);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(read_file(path), to_json(p));
  auto back = load_params(path);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(to_json(*back), to_json(p));
  EXPECT_EQ(back->beta[1], p.beta[1]);
  std::remove(path.c_str());
}

TEST(ParamsJsonFileTest, SaveToAFolderThatDoesNotExistFailsNamingThePath) {
  auto r = save_params(model_params::defaults(), "/nonexistent/folder/p.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::invalid_argument);
  EXPECT_NE(r.error().message.find("/nonexistent/folder/p.json"), std::string::npos) << r.error().message;
}

// A full disk must not pass for a saved file (a calibration job would ship nothing).
TEST(ParamsJsonFileTest, SaveOnAFullDiskIsAnError) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto r = save_params(model_params::defaults(), "/dev/full");
  ASSERT_FALSE(r) << "a write to /dev/full reported success";
  EXPECT_NE(r.error().message.find("/dev/full"), std::string::npos) << r.error().message;
}

TEST(ParamsJsonFileTest, LoadNamesTheFileInEveryMessage) {
  const std::string path = temp_path("bad.json");
  std::ofstream(path, std::ios::binary) << edited("\"horizon_days\": 30", "\"horizon_days\": -30");
  auto r = load_params(path);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find(path), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("horizon_days"), std::string::npos) << r.error().message;
  std::remove(path.c_str());
}

TEST(ParamsJsonReaderTest, SyntaxErrorsNameTheLine) {
  const std::string js = to_json(model_params::defaults());
  // A key given twice: the message names it and the line of the second one.
  const std::string twice = edited("\"band_warm\"", "\"horizon_days\": 30, \"band_warm\"");
  expect_error(twice, "p.json:" + std::to_string(line_of(js, "\"band_warm\"")) + ": key \"horizon_days\" appears twice");
  const std::string colon = edited("\"band_hot\": ", "\"band_hot\" ");
  expect_error(colon, "p.json:" + std::to_string(line_of(js, "\"band_hot\"")) + ": expected ':' after \"band_hot\"");
  const std::string comma = edited(",\n  \"intercept\"", "\n  \"intercept\"");
  expect_error(comma, ": expected ',' or '}' after \"band_hot\"");
  expect_error(js + "{}", ": unexpected text after the top-level object");
  expect_error("[1, 2]", "p.json:1: expected '{'");
  expect_error("{\"format\": 12, 3: 4}", "p.json:1: expected a string");
  expect_error("{\"a\\u0041\": 1}", "p.json:1: unsupported escape in a string");
  expect_error("{\"a\\", "p.json:1: unsupported escape in a string");
  expect_error("{\"horizon_days\": 0x1e}", "key \"horizon_days\": \"0x1e\" is not a finite number");
  expect_error("{\"horizon_days\": Infinity}", "key \"horizon_days\": \"Infinity\" is not a finite number");
  expect_error("{\"horizon_days\": }", "key \"horizon_days\": \"\" is not a finite number");
}

TEST(ParamsJsonReaderTest, EscapedQuotesAndBackslashesAreReadInKeys) {
  // The reader takes \" and \\ inside strings; the key is then named as read, unescaped.
  expect_error(edited("\"band_warm\"", "\"co\\\"lo\\\\ur\": 1, \"band_warm\""), "unknown key \"co\"lo\\ur\"");
}

TEST(ParamsJsonReaderTest, RejectsWhatIsNotAParameterFile) {
  expect_error("{}", "missing key \"format\" (\"rapport.model_params\")");
  expect_error(edited("\"rapport.model_params\"", "\"rapport.other\""), "missing key \"format\"");
  expect_error(edited("\"version\": 1,\n", ""), "missing key \"version\"");
  expect_error(edited("\"version\": 1", "\"version\": 1.5"), "version 1.5 is not supported (this build reads 1)");
  expect_error(edited("\"band_warm\"", "\"note\": \"calibrated in May\", \"band_warm\""), "unknown key \"note\"");
  expect_error(edited("\"band_warm\"", "\"gamma\": {}, \"band_warm\""), "unknown key \"gamma\"");
  expect_error(edited("\"beta\": {", "\"beta\": {\"colour\": 1, "), "unknown key \"beta.colour\"");
  expect_error(edited(", \"volume\": ", ", \"volumes\": "), "missing key \"beta.volume\"");
  expect_error(edited("\"beta\": {\"", "\"beta\": {\"x\": {}, \""), "objects nested deeper than the parameter format allows");
}

TEST(ParamsJsonReaderTest, AcceptsAnyWhitespaceAndKeyOrder) {
  // Hand-edited files: one line, keys in another order, tabs and CRLF line ends.
  std::string js = to_json(model_params::defaults());
  std::string flat;
  for (char c : js) flat += c == '\n' ? std::string("\r\n\t") : std::string(1, c);
  auto a = params_from_json(flat, "crlf.json");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(to_json(*a), js);
  // "version" moved to the end of the object.
  std::string moved = edited("  \"version\": 1,\n", "");
  moved.insert(moved.rfind('}'), ", \"version\": 1\n");
  auto b = params_from_json(moved, "moved.json");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(to_json(*b), js);
}

}  // namespace
