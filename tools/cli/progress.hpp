#pragma once
// A progress bar on stderr for work that takes more than a second, only when stderr is a terminal
// (silent in pipes, logs and tests); and the throughput line printed at the end.

#include <chrono>
#include <cstdint>
#include <string>

namespace rapport_cli {

class progress {
 public:
  /// `total`: bytes (or items) expected; 0 when unknown. `allowed`: false for --quiet.
  progress(std::string what, std::uint64_t total, bool allowed);
  ~progress();
  void update(std::uint64_t done);
  /// Clears the bar; returns the seconds since construction.
  double finish();
  double elapsed() const;
  bool shown() const noexcept { return shown_; }

 private:
  std::string what_;
  std::uint64_t total_;
  bool enabled_, shown_ = false, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

/// "read 1200345 rows (54.2 MB) in 3.1 s: 387211 rows/s, 17.5 MB/s".
std::string throughput_line(std::uint64_t rows, std::uint64_t bytes, double seconds);

}  // namespace rapport_cli
