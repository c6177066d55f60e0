#pragma once
// The one guard every C entry point runs in: no exception may cross the extern "C" boundary, and
// the message of a failure must outlive the call without allocating (it may be bad_alloc we are
// reporting). Kept in a header of its own so that tests/c/capi_guard_test.cpp can throw through it.

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include <rapport/result.hpp>

namespace rapport::capi {

inline constexpr std::size_t message_capacity = 1024;

// A fixed per-thread buffer: no allocation (so bad_alloc can be reported) and no destructor (so
// nothing runs at thread exit and valgrind sees no leak).
inline char* message_buffer() noexcept {
  thread_local char buf[message_capacity] = {};
  return buf;
}

inline std::int32_t set_error(errc code, const char* text) noexcept {
  char* buf = message_buffer();
  if (text == nullptr) text = "";
  const std::size_t n = std::strlen(text);
  const std::size_t k = n < message_capacity - 1 ? n : message_capacity - 1;
  std::memcpy(buf, text, k);
  buf[k] = '\0';
  return static_cast<std::int32_t>(code);
}

inline std::int32_t set_error(const error_info& e) noexcept { return set_error(e.code, e.message.c_str()); }

// printf-style message straight into the per-thread buffer (truncated, never allocating).
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
inline std::int32_t
fail_c(errc code, const char* format, ...) noexcept {
  char* buf = message_buffer();
  std::va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, message_capacity, format, args);
  va_end(args);
  if (n < 0) buf[0] = '\0';
  return static_cast<std::int32_t>(code);
}

// Runs `f` (which returns an int32 status) and turns anything thrown into a status and a message.
template <class F>
std::int32_t guard(const char* where, F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    char text[200];
    std::snprintf(text, sizeof text, "%s: out of memory", where);
    return set_error(errc::out_of_memory, text);
  } catch (const std::exception& e) {
    char text[message_capacity];
    std::snprintf(text, sizeof text, "%s: internal error: %s", where, e.what());
    return set_error(errc::internal, text);
  } catch (...) {
    char text[200];
    std::snprintf(text, sizeof text, "%s: internal error: unknown exception", where);
    return set_error(errc::internal, text);
  }
}

}  // namespace rapport::capi
