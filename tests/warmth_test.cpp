#include <rapport/rapport.hpp>
#include <gtest/gtest.h>
TEST(Placeholder, Compiles) { SUCCEED(); }
