#pragma once
// The command-line tool's CSV reader, for the fuzz target and the bad-input catalogue.
#include "../../tools/contact_log.hpp"
