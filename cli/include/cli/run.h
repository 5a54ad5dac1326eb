#pragma once
// The whole of candor-cli as one function: parse, dispatch to the command, and turn any
// error into an exit code and one sentence on stderr.

#include <iosfwd>
#include <string>
#include <vector>

namespace candor::cli {

int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);

} // namespace candor::cli
