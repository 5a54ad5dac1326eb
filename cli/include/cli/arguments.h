#pragma once
// Parsing a candor-cli command line against the command table: the global options
// (--db, --user, --json, --help) anywhere, the command's words, then its options and
// positionals. Anything it does not understand is a UsageError (exit 64); values are
// checked later, by the typed accessors, which throw ValidationError naming the field
// (exit 65).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace candor::cli {

class CommandTable;
struct CommandSpec;

struct GlobalOptions {
    std::optional<std::string> db;
    std::optional<std::string> user;
    bool json = false;
    bool help = false;
};

// The options and positionals given to one command.
class Arguments {
public:
    bool has(const std::string &option) const { return m_options.count(option) != 0; }
    // The value of an option given once, or nullopt.
    std::optional<std::string> value(const std::string &option) const;
    std::string valueOr(const std::string &option, const std::string &fallback) const;
    std::vector<std::string> values(const std::string &option) const;
    const std::vector<std::string> &positionals() const { return m_positionals; }
    std::string positional(std::size_t index) const;

    // Typed values. A malformed one throws ValidationError whose field is the option's
    // name with '_' for '-' (--pill-mass-mg -> pill_mass_mg), as the core names fields.
    std::optional<double> number(const std::string &option) const;
    std::optional<std::int64_t> integer(const std::string &option, std::int64_t min, std::int64_t max) const;
    std::optional<bool> yesNo(const std::string &option) const;

    void addOption(const std::string &option, std::string value) { m_options[option].push_back(std::move(value)); }
    void addPositional(std::string value) { m_positionals.push_back(std::move(value)); }

private:
    std::map<std::string, std::vector<std::string>> m_options;
    std::vector<std::string> m_positionals;
};

struct ParsedCommandLine {
    GlobalOptions global;
    std::vector<std::string> words;       // the command words seen, even when incomplete
    const CommandSpec *command = nullptr; // null only when --help was asked for
    Arguments arguments;
};

// Throws UsageError for an unknown command or option, a missing value, a missing
// required option or positional, or too many positionals. With --help it never
// complains about what is missing.
ParsedCommandLine parseCommandLine(const CommandTable &table, const std::vector<std::string> &args);

// "pill-mass-mg" -> "pill_mass_mg".
std::string fieldName(const std::string &option);

} // namespace candor::cli
