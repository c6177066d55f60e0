#pragma once
// Output files are written atomically: to a temporary file beside the target, flushed, then renamed
// over it, so a failed run never leaves half a file (and an existing file stays as it was). A path
// that exists and is not a regular file (/dev/null, a FIFO) is written in place, never replaced.
// For the tests, RAPPORT_CLI_FAIL_WRITE=1 in the environment makes the write fail half way.

#include <rapport/result.hpp>

#include <string>
#include <string_view>

namespace rapport_cli {

rapport::result<void> write_atomically(const std::string& path, std::string_view bytes);

}  // namespace rapport_cli
