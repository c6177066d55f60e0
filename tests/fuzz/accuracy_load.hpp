#pragma once
// The accuracy loaders (edge lists, Copenhagen CSVs), for the fuzz targets and the bad-input
// catalogue. They are moving from include/rapport/eval/load.hpp to benchmarks/accuracy/load.hpp:
// this is the one place that knows where they are.
#if __has_include(<rapport/eval/load.hpp>)
#include <rapport/eval/load.hpp>
#else
#include "../../benchmarks/accuracy/load.hpp"
#endif
