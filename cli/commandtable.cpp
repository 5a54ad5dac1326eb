#include "cli/commandtable.h"
#include "cli/commands/commands.h"

#include <algorithm>
#include <sstream>

namespace candor::cli {

std::string CommandSpec::name() const
{
    std::string out;
    for (const auto &w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

const OptionSpec *CommandSpec::option(const std::string &optionName) const
{
    for (const auto &o : options)
        if (o.name == optionName)
            return &o;
    return nullptr;
}

std::string CommandSpec::usage() const
{
    std::string out = name();
    for (const auto &p : positionals) {
        std::string word = p.name + (p.variadic ? "..." : "");
        out += " " + (p.required ? word : "[" + word + "]");
    }
    for (const auto &o : options) {
        std::string word = "--" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
        if (o.repeatable)
            word += " ...";
        out += " " + (o.required ? word : "[" + word + "]");
    }
    return out + " [--json]";
}

void CommandTable::add(CommandSpec spec)
{
    m_commands.push_back(std::move(spec));
}

const CommandSpec *CommandTable::find(const std::vector<std::string> &words) const
{
    for (const auto &c : m_commands)
        if (c.words == words)
            return &c;
    return nullptr;
}

std::vector<const CommandSpec *> CommandTable::under(const std::vector<std::string> &prefix) const
{
    std::vector<const CommandSpec *> out;
    for (const auto &c : m_commands)
        if (c.words.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), c.words.begin()))
            out.push_back(&c);
    return out;
}

const CommandTable &commandTable()
{
    static const CommandTable table = [] {
        CommandTable t;
        // The order here is the order of `candor-cli --help`.
        addDbCommands(t);
        addUserCommands(t);
        addSiteCommands(t);
        addServiceCommands(t);
        addGcmsCommands(t);
        addSampleCommands(t);
        addReadingCommands(t);
        addImportCommands(t);
        addTrustCommands(t);
        addMatchCommands(t);
        addRescreenCommands(t);
        addLabCommands(t);
        addDemoCommands(t);
        addAlertCommands(t);
        return t;
    }();
    return table;
}

namespace {

constexpr const char *kGlobalOptionsHelp =
    "Global options (anywhere on the line):\n"
    "  --db PATH      the database file (default: $CANDOR_DB, else ~/.local/share/candor/candor.sqlite)\n"
    "  --user NAME    who acts; the password comes from $CANDOR_PASSWORD or a prompt on a terminal\n"
    "  --json         print results as JSON\n"
    "  --help, -h     help for candor-cli, a group of commands, or one command\n";

constexpr const char *kExitCodesHelp = "Exit codes: 0 done, 64 usage, 65 bad value or input (the message names the field),\n"
                                       "66 cannot open an input file or the database, 70 internal error, 74 I/O error on the\n"
                                       "database or output, 77 wrong password or the role may not do this.\n";

void listCommands(std::ostringstream &out, const std::vector<const CommandSpec *> &specs)
{
    std::size_t width = 0;
    for (const auto *s : specs)
        width = std::max(width, s->name().size());
    for (const auto *s : specs)
        out << "  " << s->name() << std::string(width - s->name().size() + 3, ' ') << s->summary << "\n";
}

} // namespace

std::string programHelp(const CommandTable &table)
{
    std::ostringstream out;
    out << "usage: candor-cli [--db PATH] [--user NAME] [--json] COMMAND ...\n\n"
        << "Candor's results system, headless: record samples, test strips and reagent\n"
        << "readings, and find them again.\n\nCommands:\n";
    listCommands(out, table.under({}));
    out << "\n"
        << kGlobalOptionsHelp << "\n"
        << kExitCodesHelp << "\n'candor-cli COMMAND --help' tells more about one command.\n";
    return out.str();
}

std::string groupHelp(const CommandTable &table, const std::vector<std::string> &prefix)
{
    std::ostringstream out;
    std::string group;
    for (const auto &w : prefix)
        group += (group.empty() ? "" : " ") + w;
    out << "usage: candor-cli " << group << " COMMAND ...\n\nCommands:\n";
    listCommands(out, table.under(prefix));
    out << "\n" << kGlobalOptionsHelp;
    return out.str();
}

std::string commandHelp(const CommandSpec &spec)
{
    std::ostringstream out;
    out << "usage: candor-cli " << spec.usage() << "\n\n" << spec.summary << "\n";
    if (!spec.details.empty())
        out << "\n" << spec.details << "\n";
    std::size_t width = 0;
    for (const auto &p : spec.positionals)
        width = std::max(width, p.name.size());
    for (const auto &o : spec.options)
        width = std::max(width, o.name.size() + 2 + (o.valueName.empty() ? 0 : o.valueName.size() + 1));
    if (!spec.positionals.empty()) {
        out << "\nArguments:\n";
        for (const auto &p : spec.positionals)
            out << "  " << p.name << std::string(width - p.name.size() + 3, ' ') << p.help << "\n";
    }
    if (!spec.options.empty()) {
        out << "\nOptions:\n";
        for (const auto &o : spec.options) {
            const std::string word = "--" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
            out << "  " << word << std::string(width - word.size() + 3, ' ') << o.help << (o.required ? " (required)" : "")
                << "\n";
        }
    }
    out << "\n";
    if (spec.needsUser)
        out << "Needs --user NAME (password from $CANDOR_PASSWORD or a prompt).\n";
    out << kGlobalOptionsHelp;
    return out.str();
}

} // namespace candor::cli
