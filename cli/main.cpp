// candor-cli: Candor's command line. Everything happens in candor::cli::run so that the
// tests can drive it in-process as well.

#include "cli/run.h"

#include <iostream>

int main(int argc, char **argv)
{
    std::ios::sync_with_stdio(true);
    const std::vector<std::string> args(argv + 1, argv + argc);
    return candor::cli::run(args, std::cout, std::cerr);
}
