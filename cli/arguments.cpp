#include "cli/arguments.h"
#include "cli/commandtable.h"
#include "cli/exitcodes.h"

#include "core/errors.h"

#include <charconv>
#include <cmath>

namespace candor::cli {

namespace {

bool isValidUtf8(const std::string &text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        int extra = 0;
        if (c < 0x80)
            extra = 0;
        else if ((c & 0xe0) == 0xc0 && c >= 0xc2)
            extra = 1;
        else if ((c & 0xf0) == 0xe0)
            extra = 2;
        else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
            extra = 3;
        else
            return false;
        if (i + std::size_t(extra) >= text.size() && extra > 0)
            return false;
        for (int k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(text[i + std::size_t(k)]) & 0xc0) != 0x80)
                return false;
        i += std::size_t(extra) + 1;
    }
    return true;
}

// Everything a user types ends up in SQLite and in JSON, both of which need UTF-8: say
// so here, naming the option, rather than fail somewhere deeper.
void checkText(const std::string &field, const std::string &value)
{
    if (!isValidUtf8(value))
        throw core::ValidationError(field, field + ": the text is not valid UTF-8");
}

std::string commandPrefix(const std::vector<std::string> &words)
{
    std::string out;
    for (const auto &w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

} // namespace

std::string fieldName(const std::string &option)
{
    std::string out = option;
    for (char &c : out)
        if (c == '-')
            c = '_';
    return out;
}

std::optional<std::string> Arguments::value(const std::string &option) const
{
    const auto it = m_options.find(option);
    if (it == m_options.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::string Arguments::valueOr(const std::string &option, const std::string &fallback) const
{
    return value(option).value_or(fallback);
}

std::vector<std::string> Arguments::values(const std::string &option) const
{
    const auto it = m_options.find(option);
    return it == m_options.end() ? std::vector<std::string>{} : it->second;
}

std::string Arguments::positional(std::size_t index) const
{
    return index < m_positionals.size() ? m_positionals[index] : std::string();
}

std::optional<double> Arguments::number(const std::string &option) const
{
    const auto text = value(option);
    if (!text)
        return std::nullopt;
    const std::string field = fieldName(option);
    double result = 0;
    const char *begin = text->data();
    const char *end = begin + text->size();
    const auto [ptr, ec] = std::from_chars(begin, end, result);
    if (text->empty() || ec != std::errc() || ptr != end || !std::isfinite(result))
        throw core::ValidationError(field, field + ": '" + *text + "' is not a number (use a dot for decimals, e.g. 7.5)");
    return result;
}

std::optional<std::int64_t> Arguments::integer(const std::string &option, std::int64_t min, std::int64_t max) const
{
    const auto text = value(option);
    if (!text)
        return std::nullopt;
    const std::string field = fieldName(option);
    std::int64_t result = 0;
    const char *begin = text->data();
    const char *end = begin + text->size();
    const auto [ptr, ec] = std::from_chars(begin, end, result);
    if (text->empty() || ec != std::errc() || ptr != end)
        throw core::ValidationError(field, field + ": '" + *text + "' is not a whole number");
    if (result < min || result > max)
        throw core::ValidationError(field, field + ": must be between " + std::to_string(min) + " and " + std::to_string(max));
    return result;
}

std::optional<bool> Arguments::yesNo(const std::string &option) const
{
    const auto text = value(option);
    if (!text)
        return std::nullopt;
    if (*text == "yes")
        return true;
    if (*text == "no")
        return false;
    const std::string field = fieldName(option);
    throw core::ValidationError(field, field + ": '" + *text + "' is not one of yes, no");
}

ParsedCommandLine parseCommandLine(const CommandTable &table, const std::vector<std::string> &args)
{
    ParsedCommandLine parsed;
    bool onlyPositionals = false;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        const std::string where = parsed.command ? parsed.command->name() + ": " : std::string();
        const std::string commandName = parsed.command ? parsed.command->name() : commandPrefix(parsed.words);

        if (!onlyPositionals && arg == "--") {
            onlyPositionals = true;
            continue;
        }
        if (!onlyPositionals && arg.size() > 1 && arg[0] == '-') {
            if (arg == "-h" || arg == "--help") {
                parsed.global.help = true;
                continue;
            }
            if (arg.rfind("--", 0) != 0)
                throw UsageError(where + "unknown option '" + arg + "'", commandName);
            std::string name = arg.substr(2);
            std::optional<std::string> inlineValue;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            // Values are taken as they come, so "--pill-mass-mg -5" reaches validation
            // (65, naming the field) instead of being mistaken for an option.
            auto takeValue = [&](const std::string &valueName) {
                if (inlineValue)
                    return *inlineValue;
                if (i + 1 >= args.size())
                    throw UsageError(where + "--" + name + " needs a value (" + valueName + ")", commandName);
                return args[++i];
            };
            if (name == "db") {
                parsed.global.db = takeValue("PATH");
                continue;
            }
            if (name == "user") {
                parsed.global.user = takeValue("NAME");
                continue;
            }
            if (name == "json") {
                if (inlineValue)
                    throw UsageError(where + "--json takes no value", commandName);
                parsed.global.json = true;
                continue;
            }
            const OptionSpec *spec = parsed.command ? parsed.command->option(name) : nullptr;
            if (!spec)
                throw UsageError(where + "unknown option '--" + name + "'", commandName);
            if (spec->valueName.empty()) {
                if (inlineValue)
                    throw UsageError(where + "--" + name + " takes no value", commandName);
                parsed.arguments.addOption(name, "");
                continue;
            }
            if (parsed.arguments.has(name) && !spec->repeatable)
                throw UsageError(where + "--" + name + " given more than once", commandName);
            std::string value = takeValue(spec->valueName);
            checkText(fieldName(name), value);
            parsed.arguments.addOption(name, std::move(value));
            continue;
        }

        if (!parsed.command) {
            parsed.words.push_back(arg);
            parsed.command = table.find(parsed.words);
            if (!parsed.command && table.under(parsed.words).empty()) {
                const std::string known = commandPrefix({parsed.words.begin(), parsed.words.end() - 1});
                throw UsageError("unknown command '" + commandPrefix(parsed.words) + "'", known);
            }
            continue;
        }
        checkText("argument '" + parsed.command->name() + "'", arg);
        parsed.arguments.addPositional(arg);
    }

    if (parsed.global.help)
        return parsed;
    if (!parsed.command) {
        if (parsed.words.empty())
            throw UsageError("no command given", "");
        std::string choices;
        for (const auto *spec : table.under(parsed.words))
            choices += (choices.empty() ? "" : ", ") + spec->words[parsed.words.size()];
        throw UsageError("'" + commandPrefix(parsed.words) + "' needs one of: " + choices, commandPrefix(parsed.words));
    }

    const CommandSpec &spec = *parsed.command;
    const auto &given = parsed.arguments.positionals();
    std::size_t required = 0;
    bool variadic = false;
    for (const auto &p : spec.positionals) {
        if (p.required)
            ++required;
        variadic = variadic || p.variadic;
    }
    if (given.size() < required)
        throw UsageError(spec.name() + ": missing " + spec.positionals[given.size()].name, spec.name());
    if (!variadic && given.size() > spec.positionals.size())
        throw UsageError(spec.name() + ": unexpected argument '" + given[spec.positionals.size()] + "'", spec.name());
    for (const auto &option : spec.options)
        if (option.required && !parsed.arguments.has(option.name))
            throw UsageError(spec.name() + ": missing --" + option.name + " " + option.valueName, spec.name());
    return parsed;
}

} // namespace candor::cli
