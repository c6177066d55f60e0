#include "csv.hpp"

namespace rapport_cli {

std::string where(const std::string& file, std::size_t line, std::size_t column) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

csv_reader::csv_reader(std::istream& in, std::string name) : in_(in), name_(std::move(name)), buf_(1 << 16) {}

int csv_reader::peek() {
  if (pos_ == end_) {
    in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    end_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    if (end_ == 0) return -1;
  }
  return static_cast<unsigned char>(buf_[pos_]);
}

int csv_reader::get() {
  const int c = peek();
  if (c < 0) return c;
  ++pos_;
  ++consumed_;
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  return c;
}

void csv_reader::skip_line() {
  for (int c = get(); c >= 0 && c != '\n'; c = get()) {}
}

rapport::result<void> csv_reader::quoted(csv_field& f) {
  get();  // the opening quote
  for (;;) {
    const int c = get();
    if (c < 0)
      return rapport::fail(rapport::errc::invalid_argument, where(name_, f.line, f.column) + "quoted field is never closed");
    if (c != '"') {
      f.text += static_cast<char>(c);
      continue;
    }
    if (peek() == '"') {
      f.text += static_cast<char>(get());
      continue;
    }
    const int after = peek();
    if (after == ',' || after == '\n' || after == '\r' || after < 0) return {};
    return rapport::fail(
        rapport::errc::invalid_argument,
        where(name_, line_, column_) + "unexpected text after a closing quote (a quote inside a field is written \"\")");
  }
}

void csv_reader::plain(csv_field& f) {
  for (int c = peek(); c >= 0 && c != ',' && c != '\n'; c = peek()) {
    get();
    if (c == '\r' && (peek() == '\n' || peek() < 0)) break;
    f.text += static_cast<char>(c);
  }
}

rapport::result<bool> csv_reader::next(csv_record& out) {
  out.fields.clear();
  if (!started_) {
    started_ = true;
    if (peek() == 0xEF) {  // UTF-8 BOM: not part of the first field, not counted as a column
      const char bom[] = "\xEF\xBB\xBF";
      for (int i = 0; i < 3 && peek() == static_cast<unsigned char>(bom[i]); ++i) get();
      column_ = 1;
    }
  }
  for (;;) {  // skip comments and blank lines
    const int c = peek();
    if (c < 0) return false;
    if (c == '#')
      skip_line();
    else if (c == '\n')
      get();
    else if (c == '\r') {
      get();
      if (peek() == '\n') get();
    } else
      break;
  }
  out.line = line_;
  for (;;) {
    csv_field f;
    f.line = line_;
    f.column = column_;
    if (peek() == '"') {
      if (auto ok = quoted(f); !ok) return std::move(ok).error();
      if (peek() == '\r') get();
    } else {
      plain(f);
    }
    out.fields.push_back(std::move(f));
    const int c = get();
    if (c != ',') return true;  // '\n' or end of input
  }
}

std::string csv_escape(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace rapport_cli
