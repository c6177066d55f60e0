#include "../commands.hpp"
namespace rapport_cli {
void add_plot(CLI::App&, int&) {}
}  // namespace rapport_cli
