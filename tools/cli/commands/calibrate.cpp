#include "../commands.hpp"
namespace rapport_cli {
void add_calibrate(CLI::App&, int&) {}
}  // namespace rapport_cli
