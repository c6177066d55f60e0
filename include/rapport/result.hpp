#pragma once
/// rapport's error style: functions that can fail on their inputs return `rapport::result<T>`.
///
/// No exception leaves rapport on a failure path, so hosts built with `-fno-exceptions` can use it
/// and errors map 1:1 onto the C API's status codes. Only `std::bad_alloc` may propagate.
/// Calling `value()` on an error throws `rapport::bad_result_access` (or aborts when exceptions
/// are disabled); that is a caller bug, not a failure path.

#include <cstdlib>
#include <exception>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace rapport {
inline namespace v1 {

/// Error codes. The numeric values are frozen: they equal the C API's `RAPPORT_E*` status codes.
enum class errc : int {
  ok = 0,
  invalid_argument = 1,  ///< malformed input: unknown channel, NaN, negative duration, bad text
  out_of_range = 2,      ///< a value outside its documented range: a date, a time after `now`
  no_convergence = 3,    ///< an iterative fit did not converge
  numerical_issue = 4,   ///< a singular system, an overflow
  out_of_memory = 5,
  internal = 6,  ///< a bug in rapport; please report it
};

/// Static name of a code ("invalid_argument"); never null.
constexpr const char* to_string(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::invalid_argument: return "invalid_argument";
    case errc::out_of_range: return "out_of_range";
    case errc::no_convergence: return "no_convergence";
    case errc::numerical_issue: return "numerical_issue";
    case errc::out_of_memory: return "out_of_memory";
    case errc::internal: return "internal";
  }
  return "unknown";
}

/// What went wrong and where, in words a CRM developer can act on.
struct error_info {
  errc code = errc::internal;
  std::string message;
};

/// Thrown by `result::value()` when the result holds an error.
class bad_result_access : public std::exception {
 public:
  const char* what() const noexcept override { return "rapport::result::value() called on an error"; }
};

namespace detail {
[[noreturn]] inline void throw_bad_result_access() {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
  throw bad_result_access();
#else
  std::abort();
#endif
}
}  // namespace detail

/// Builds an error; `return rapport::fail(errc::invalid_argument, "...")` converts to any result<T>.
inline error_info fail(errc code, std::string message) { return error_info{code, std::move(message)}; }

/// A value or an `error_info`, with the member names of `std::expected` (but always this type, so
/// translation units built with different `-std` agree on its layout).
template <class T>
class [[nodiscard]] result {
  static_assert(!std::is_reference_v<T>, "result<T&> is not supported");

 public:
  using value_type = T;
  result(const T& v) : data_(std::in_place_index<0>, v) {}               // NOLINT: implicit by design
  result(T&& v) : data_(std::in_place_index<0>, std::move(v)) {}         // NOLINT
  result(error_info e) : data_(std::in_place_index<1>, std::move(e)) {}  // NOLINT

  bool has_value() const noexcept { return data_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & {
    check();
    return *std::get_if<0>(&data_);
  }
  const T& value() const& {
    check();
    return *std::get_if<0>(&data_);
  }
  T&& value() && {
    check();
    return std::move(*std::get_if<0>(&data_));
  }
  T& operator*() & noexcept { return *std::get_if<0>(&data_); }
  const T& operator*() const& noexcept { return *std::get_if<0>(&data_); }
  T&& operator*() && noexcept { return std::move(*std::get_if<0>(&data_)); }
  T* operator->() noexcept { return std::get_if<0>(&data_); }
  const T* operator->() const noexcept { return std::get_if<0>(&data_); }

  /// The error; only meaningful when `!has_value()`.
  const error_info& error() const& noexcept { return *std::get_if<1>(&data_); }
  error_info&& error() && noexcept { return std::move(*std::get_if<1>(&data_)); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void check() const {
    if (!has_value()) detail::throw_bad_result_access();
  }
  std::variant<T, error_info> data_;
};

/// `result<void>`: success or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(error_info e) : err_(std::move(e)), ok_(false) {}  // NOLINT
  bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  void value() const {
    if (!ok_) detail::throw_bad_result_access();
  }
  const error_info& error() const& noexcept { return err_; }
  error_info&& error() && noexcept { return std::move(err_); }

 private:
  error_info err_{errc::ok, {}};
  bool ok_ = true;
};

}  // namespace v1
}  // namespace rapport
