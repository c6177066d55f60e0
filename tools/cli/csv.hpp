#pragma once
// RFC 4180 CSV read as a stream of records: quoted fields with embedded commas, doubled quotes and
// newlines, an optional UTF-8 byte-order mark, CRLF or LF line ends. Every field remembers the line
// and column (1-based, in bytes) where it starts, so an error can say `file:line:column: what`.
// Lines starting with '#' outside a quoted field are comments; blank lines are skipped.

#include <rapport/result.hpp>

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace rapport_cli {

struct csv_field {
  std::string text;
  std::size_t line = 0, column = 0;
};

struct csv_record {
  std::vector<csv_field> fields;
  std::size_t line = 0;  ///< the line the record starts on
};

/// "file:line:column: " -- the prefix of every error about a place in an input file.
std::string where(const std::string& file, std::size_t line, std::size_t column);

class csv_reader {
 public:
  csv_reader(std::istream& in, std::string name);
  /// Reads the next record into `out`: true, false at the end of the input, or an error naming
  /// the place (an unterminated quoted field, text after a closing quote).
  rapport::result<bool> next(csv_record& out);
  std::uint64_t bytes_read() const noexcept { return consumed_; }
  const std::string& name() const noexcept { return name_; }

 private:
  int peek();
  int get();
  void skip_line();
  rapport::result<void> quoted(csv_field& f);
  void plain(csv_field& f);

  std::istream& in_;
  std::string name_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t consumed_ = 0;
  std::size_t line_ = 1, column_ = 1;
  bool started_ = false;
};

/// A field as CSV writes it: quoted (quotes doubled) when it holds a comma, quote or line end.
std::string csv_escape(std::string_view text);

}  // namespace rapport_cli
