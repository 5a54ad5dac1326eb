#pragma once
// The JSON shape of each record candor-cli prints with --json, keys in a fixed order
// (ordered_json) so that the output reads like the docs. Other people's scripts
// read these names: add fields, never rename or drop one (cli.md).

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace candor::core {
struct Finding;
struct HistoryEvent;
struct ReagentCandidate;
struct ReagentReading;
struct Sample;
struct Site;
struct StripReading;
struct User;
} // namespace candor::core

namespace candor::cli {

nlohmann::ordered_json sampleJson(const core::Sample &sample);
nlohmann::ordered_json stripJson(const core::StripReading &strip);
nlohmann::ordered_json reagentJson(const core::ReagentReading &reading, const std::vector<core::ReagentCandidate> &candidates);
nlohmann::ordered_json candidatesJson(const std::vector<core::ReagentCandidate> &candidates);
nlohmann::ordered_json findingJson(const core::Finding &finding);
nlohmann::ordered_json historyJson(const std::vector<core::HistoryEvent> &events);
nlohmann::ordered_json siteJson(const core::Site &site);
nlohmann::ordered_json userJson(const core::User &user);

// Pretty-printed, one document per command. Text that is not valid UTF-8 (from an old
// database) is replaced rather than aborting the output.
void printJson(std::ostream &out, const nlohmann::ordered_json &document);

} // namespace candor::cli
