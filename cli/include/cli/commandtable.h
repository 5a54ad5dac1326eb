#pragma once
// The table of every candor-cli command: its words, what it takes and the function that
// runs it. Help, usage lines and parsing are all driven from this one table, so adding
// a command is one CommandSpec in a commands/*.cpp file and nothing else.

#include <functional>
#include <string>
#include <vector>

namespace candor::cli {

class Arguments;
class Context;

struct OptionSpec {
    std::string name;      // without the dashes: "sold-as"
    std::string valueName; // "TEXT"; empty for a flag that takes no value
    std::string help;
    bool required = false;
    bool repeatable = false;
};

struct PositionalSpec {
    std::string name; // "SAMPLE"
    std::string help;
    bool required = true;
    bool variadic = false; // takes every remaining word: FILE...
};

// How a command uses the database; decides whether a missing file is created (first
// use) or reported as a missing input (66) before anything touches the disk.
enum class DatabaseUse {
    None,     // works on files only (spectrum show)
    Create,   // may create, migrate and seed a new file (db init, the first user add)
    Existing, // needs a database that exists already
    Reading,  // only reads an existing database: a read-only file still works
};

struct CommandSpec {
    std::vector<std::string> words; // {"sample", "add"}
    std::string summary;            // one line for the command list
    std::string details;            // paragraphs for --help, may be empty
    std::vector<PositionalSpec> positionals;
    std::vector<OptionSpec> options;
    DatabaseUse database = DatabaseUse::Existing;
    // True when the command acts as someone: it then needs --user, checked before the
    // database is opened so that a forgotten --user changes nothing.
    bool needsUser = true;
    std::function<int(Context &, const Arguments &)> run;

    std::string name() const; // "sample add"
    const OptionSpec *option(const std::string &name) const;
    std::string usage() const; // "sample add --sold-as TEXT --form FORM [--colour C] ..."
};

class CommandTable {
public:
    void add(CommandSpec spec);
    // The command whose words are exactly `words`, or null.
    const CommandSpec *find(const std::vector<std::string> &words) const;
    // The commands whose words start with `prefix` (all of them for an empty prefix).
    std::vector<const CommandSpec *> under(const std::vector<std::string> &prefix) const;
    const std::vector<CommandSpec> &commands() const { return m_commands; }

private:
    std::vector<CommandSpec> m_commands;
};

// Every command candor-cli knows, built once.
const CommandTable &commandTable();

// Help texts, printed on stdout for --help.
std::string programHelp(const CommandTable &table);
std::string groupHelp(const CommandTable &table, const std::vector<std::string> &prefix);
std::string commandHelp(const CommandSpec &spec);

} // namespace candor::cli
