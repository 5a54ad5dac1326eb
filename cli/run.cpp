#include "cli/run.h"
#include "cli/arguments.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"

#include <ostream>

namespace candor::cli {

namespace {

// What to show after a usage error: the command's own usage line when it is known,
// otherwise the group's commands or the program's.
void printUsageHint(std::ostream &err, const CommandTable &table, const std::string &command)
{
    std::vector<std::string> words;
    std::string word;
    for (char c : command) {
        if (c == ' ') {
            words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty())
        words.push_back(word);
    if (const CommandSpec *spec = table.find(words)) {
        err << "usage: candor-cli " << spec->usage() << "\n"
            << "Try 'candor-cli " << spec->name() << " --help'.\n";
    } else {
        err << "usage: candor-cli [--db PATH] [--user NAME] [--json] COMMAND ...\n"
            << "Try 'candor-cli " << (command.empty() ? "" : command + " ") << "--help'.\n";
    }
}

} // namespace

int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    const CommandTable &table = commandTable();
    int code = kExitOk;
    try {
        ParsedCommandLine parsed = parseCommandLine(table, args);
        if (parsed.global.help) {
            if (parsed.command)
                out << commandHelp(*parsed.command);
            else if (!parsed.words.empty())
                out << groupHelp(table, parsed.words);
            else
                out << programHelp(table);
        } else {
            const CommandSpec &spec = *parsed.command;
            // Checked before anything opens the database, so that a forgotten --user
            // neither creates nor touches a file.
            if (spec.needsUser && (!parsed.global.user || parsed.global.user->empty()))
                throw UsageError(spec.name() + " needs --user NAME (who is acting; the password comes from CANDOR_PASSWORD)",
                                 spec.name());
            Context context(parsed.global, spec, out, err);
            try {
                code = spec.run(context, parsed.arguments);
            } catch (...) {
                context.discardCreatedDatabase();
                throw;
            }
        }
        out.flush();
        if (!out)
            throw OutputError("cannot write the output (disk full or the reader went away)");
        return code;
    } catch (...) {
        const ErrorReport report = reportFor(std::current_exception());
        err << "candor-cli: " << report.message << "\n";
        if (report.code == kExitUsage)
            printUsageHint(err, table, report.command);
        err.flush();
        return report.code;
    }
}

} // namespace candor::cli
