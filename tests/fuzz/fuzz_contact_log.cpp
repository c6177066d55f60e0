// The command-line tool's CSV reader (tools/contact_log.hpp): any file either fails naming file and
// line (or the file), or gives interactions that make valid histories, which score.
#include "fuzz_common.hpp"
#include "contact_log_path.hpp"

#include <cstring>
#include <fstream>
#include <unistd.h>

using namespace rapport_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = [] {
    char name[] = "/dev/shm/rapport_fuzz_csv_XXXXXX";  // memory, not disk: one write per input
    int fd = mkstemp(name);
    if (fd < 0) {
      std::strcpy(name, "/tmp/rapport_fuzz_csv_XXXXXX");
      fd = mkstemp(name);
    }
    if (fd >= 0) close(fd);
    return std::string(name);
  }();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const channel_table channels = channel_table::defaults();
  auto log = rapport_tools::read_contact_log(path, channels);
  if (!log) {
    RAPPORT_FUZZ_CHECK(log.error().code == errc::invalid_argument || log.error().code == errc::out_of_range, "code %d",
                       static_cast<int>(log.error().code));
    RAPPORT_FUZZ_CHECK(log.error().message.find(path) != std::string::npos, "message does not name the file: %s",
                       log.error().message.c_str());
    return 0;
  }
  std::size_t rows = 0;
  for (const auto& [name, xs] : log->by_contact) {
    RAPPORT_FUZZ_CHECK(!name.empty(), "empty contact name accepted");
    rows += xs.size();
    auto h = history::from(xs, channels);
    RAPPORT_FUZZ_CHECK(h, "rows the reader accepted make no history: %s", h.error().message.c_str());
    auto w = assess(*h, timestamp::max(), model::defaults());
    RAPPORT_FUZZ_CHECK(w, "assess: %s", w.error().message.c_str());
    check_warmth(*w);
  }
  RAPPORT_FUZZ_CHECK(rows == log->rows, "row count");
  return 0;
}
