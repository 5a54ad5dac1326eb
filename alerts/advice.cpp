#include "alerts/advice.h"

#include "alerts/rules.h"
#include "alerts/shippeddata.h"
#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace candor::alerts {

SaferUseAdvice::SaferUseAdvice()
    : SaferUseAdvice(shippedSaferUseAdvice())
{
}

namespace {

int lineOfOffset(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n'));
}

// The line where "key" first appears as a key (its text in quotes), 1 when not found.
int lineOfKey(std::string_view text, const std::string &key)
{
    const auto at = text.find("\"" + key + "\"");
    return at == std::string_view::npos ? 1 : lineOfOffset(text, at);
}

// The same form as the rule file's errors: "line 9, advice for 'nitazene': must be ...".
[[noreturn]] void fail(std::string_view text, const std::string &cls, const std::string &why)
{
    const int line = lineOfKey(text, cls);
    throw RuleFileError(line, 0, "advice." + cls, "line " + std::to_string(line) + ", advice for '" + cls + "': " + why);
}

} // namespace

SaferUseAdvice::SaferUseAdvice(std::string_view jsonText)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(jsonText.begin(), jsonText.end());
    } catch (const nlohmann::json::parse_error &e) {
        const int line = jsonSyntaxLine(jsonText, e);
        throw RuleFileError(line, 0, "", "line " + std::to_string(line) + ": " + jsonSyntaxProblem(e));
    }
    if (!doc.is_object() || !doc.contains("advice") || !doc["advice"].is_object())
        throw RuleFileError(1, 0, "advice", "line 1: the file needs an object \"advice\": {\"class\": \"text\", ...}");
    for (const auto &[key, value] : doc.items())
        if (key != "version" && key != "about" && key != "advice") {
            const int line = lineOfKey(jsonText, key);
            throw RuleFileError(line, 0, key,
                                "line " + std::to_string(line) + ": '" + key + "' " +
                                    unknownFieldProblem(key, {"version", "about", "advice"}));
        }
    for (const auto &[cls, text] : doc["advice"].items()) {
        if (!text.is_string() || text.get<std::string>().empty())
            fail(jsonText, cls, "must be text in double quotes, not empty");
        m_texts[cls] = text.get<std::string>();
    }
    if (!m_texts.count("default"))
        throw RuleFileError(lineOfKey(jsonText, "advice"), 0, "advice.default",
                            "line " + std::to_string(lineOfKey(jsonText, "advice")) +
                                ": the advice needs a \"default\" text, for alerts whose classes have none of their own");
}

std::string SaferUseAdvice::forClasses(const std::vector<std::string> &classes) const
{
    static const std::vector<std::string> order = {"nitazene", "fentanyl",  "alpha2-agonist", "benzodiazepine",
                                                   "opioid",   "stimulant", "dissociative",   "psychedelic"};
    std::vector<std::string> sorted;
    for (const auto &c : order)
        if (std::find(classes.begin(), classes.end(), c) != classes.end())
            sorted.push_back(c);
    for (const auto &c : classes)
        if (std::find(sorted.begin(), sorted.end(), c) == sorted.end())
            sorted.push_back(c);
    std::string out;
    for (const auto &c : sorted) {
        const auto it = m_texts.find(c);
        if (it == m_texts.end())
            continue;
        if (!out.empty())
            out += "\n\n";
        out += it->second;
    }
    return out.empty() ? m_texts.at("default") : out;
}

} // namespace candor::alerts
