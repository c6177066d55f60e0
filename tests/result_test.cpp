// rapport::result (result.hpp), the return type of every fallible call: what a caller who does
// not check first gets (an exception, never a read of the wrong member), the fallback, and the
// code names the C ABI and the messages print.

#include <rapport/result.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace {
using namespace rapport;

result<std::string> parsed(bool ok) {
  if (!ok) return fail(errc::out_of_range, "time 5000000000 s is outside the range");
  return std::string("2026-11-30");
}

TEST(ResultTest, ValueOnAnErrorThrowsInsteadOfReadingGarbage) {
  auto bad = parsed(false);
  ASSERT_FALSE(bad);
  EXPECT_THROW((void)bad.value(), bad_result_access);
  const auto& cbad = bad;
  EXPECT_THROW((void)cbad.value(), bad_result_access);
  EXPECT_THROW((void)parsed(false).value(), bad_result_access);
  try {
    (void)bad.value();
  } catch (const bad_result_access& e) {
    EXPECT_STREQ(e.what(), "rapport::result::value() called on an error");
  }
  // The error stays readable, and can be moved out.
  EXPECT_EQ(bad.error().code, errc::out_of_range);
  error_info moved = std::move(bad).error();
  EXPECT_EQ(moved.message, "time 5000000000 s is outside the range");
  result<void> failed = fail(errc::invalid_argument, "x");
  EXPECT_THROW(failed.value(), bad_result_access);
  EXPECT_NO_THROW(result<void>{}.value());
  EXPECT_EQ(result<void>{}.error().code, errc::ok);
}

TEST(ResultTest, ValuesAreReachableEveryWay) {
  auto good = parsed(true);
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good.value(), "2026-11-30");
  EXPECT_EQ(good->size(), 10u);
  EXPECT_EQ(std::move(good).value(), "2026-11-30");
  EXPECT_EQ(parsed(true).value_or("none"), "2026-11-30");
  EXPECT_EQ(parsed(false).value_or("none"), "none");
  const auto cgood = parsed(true);
  EXPECT_EQ(*cgood, "2026-11-30");
  EXPECT_EQ(cgood.value(), "2026-11-30");
}

TEST(ResultTest, EveryCodeHasItsName) {
  const std::pair<errc, const char*> names[] = {{errc::ok, "ok"},
                                                {errc::invalid_argument, "invalid_argument"},
                                                {errc::out_of_range, "out_of_range"},
                                                {errc::no_convergence, "no_convergence"},
                                                {errc::numerical_issue, "numerical_issue"},
                                                {errc::out_of_memory, "out_of_memory"},
                                                {errc::internal, "internal"}};
  for (const auto& [code, name] : names) EXPECT_STREQ(to_string(code), name);
  EXPECT_STREQ(to_string(static_cast<errc>(42)), "unknown");
}

}  // namespace
