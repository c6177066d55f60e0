#include "../commands.hpp"
namespace rapport_cli {
void add_evaluate(CLI::App&, int&) {}
}  // namespace rapport_cli
