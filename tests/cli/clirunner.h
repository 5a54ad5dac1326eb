#pragma once
// Runs the real candor-cli as a child process with an environment the test controls
// (CANDOR_DB never inherited), and collects its stdout, stderr and exit code.

#include <map>
#include <string>
#include <vector>

namespace candor::testing {

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

struct CliRun {
    std::vector<std::string> args;
    std::map<std::string, std::string> env; // added to a minimal PATH/HOME/LANG
    std::string home;                       // HOME for the child; keeps ~/.local out of reach
    bool asNobody = false;                  // drop to uid/gid 65534 before exec (needs root)
    std::string stdoutFile;                 // when set, stdout goes to this file (e.g. /dev/full)
};

CliResult runCli(const CliRun &run);

// candor-cli --db DB ARGS... with HOME in `home`: what every CLI test fixture runs.
CliResult runCliOn(const std::string &db, const std::string &home, const std::vector<std::string> &args,
                   std::map<std::string, std::string> env = {});

// Fails the test (without stopping it) when `text` does not contain `what`, showing both.
void expectMentions(const std::string &text, const std::string &what);

// The path of the candor-cli built with the tests.
const char *cliPath();

} // namespace candor::testing
