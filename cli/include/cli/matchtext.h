#pragma once
// A match (fresh from 'match' or stored by 'import') as people read it: the verdict and
// why, the hits with high-risk ones marked, the mixture with "possible" components set
// apart as warnings, never as findings. Reads the JSON of cli.md so both print alike.

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>

namespace candor::cli {

void printMatch(std::ostream &out, const nlohmann::ordered_json &match, const std::string &indent = "");

} // namespace candor::cli
