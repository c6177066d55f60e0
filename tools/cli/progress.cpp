#include "progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace rapport_cli {

progress::progress(std::string what, std::uint64_t total, bool allowed)
    : what_(std::move(what)),
      total_(total),
      enabled_(allowed && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

progress::~progress() { finish(); }

double progress::elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

void progress::update(std::uint64_t done) {
  if (!enabled_ || finished_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  shown_ = true;
  if (total_ == 0) {
    std::fprintf(stderr, "\r%s: %llu", what_.c_str(), static_cast<unsigned long long>(done));
    return;
  }
  const double share = done >= total_ ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  const int width = 30, filled = static_cast<int>(share * width);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\r%s [%s] %3.0f%%", what_.c_str(), bar.c_str(), 100 * share);
}

double progress::finish() {
  if (!finished_ && shown_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(what_.size() + 40), "");
  finished_ = true;
  return elapsed();
}

std::string throughput_line(std::uint64_t rows, std::uint64_t bytes, double seconds) {
  const double s = seconds > 1e-9 ? seconds : 1e-9, mb = static_cast<double>(bytes) / 1e6;
  char buf[200];
  std::snprintf(buf, sizeof buf, "read %llu rows (%.1f MB) in %.2f s: %.0f rows/s, %.1f MB/s",
                static_cast<unsigned long long>(rows), mb, seconds, static_cast<double>(rows) / s, mb / s);
  return buf;
}

}  // namespace rapport_cli
