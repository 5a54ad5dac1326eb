#include "alerts/advice.h"

#include "alerts/rules.h"
#include "alerts/shippeddata.h"
#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace candor::alerts {

SaferUseAdvice::SaferUseAdvice() : SaferUseAdvice(shippedSaferUseAdvice()) {}

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

// The same form as the rule file's errors: the line, the field, why.
[[noreturn]] void fail(std::string_view text, const std::string &field, const std::string &key, const std::string &why)
{
    const std::string line = std::to_string(lineOfKey(text, key));
    throw core::ValidationError("line " + line + ": " + field,
                                "safer-use advice, line " + line + ", field " + field + ": " + why);
}

} // namespace

SaferUseAdvice::SaferUseAdvice(std::string_view jsonText)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(jsonText.begin(), jsonText.end());
    } catch (const nlohmann::json::parse_error &e) {
        const std::string line = std::to_string(lineOfOffset(jsonText, e.byte == 0 ? 0 : e.byte - 1));
        throw core::ValidationError("line " + line, "safer-use advice, line " + line + ": not valid JSON (" + jsonSyntaxProblem(e) + ")");
    }
    if (!doc.is_object() || !doc.contains("advice") || !doc["advice"].is_object())
        throw core::ValidationError("advice", "safer-use advice: expected an object \"advice\" of class -> text");
    for (const auto &[key, value] : doc.items())
        if (key != "version" && key != "about" && key != "advice")
            fail(jsonText, key, key, "unknown field (expected version, about, advice)");
    for (const auto &[cls, text] : doc["advice"].items()) {
        if (!text.is_string() || text.get<std::string>().empty())
            fail(jsonText, "advice." + cls, cls, "expected non-empty text");
        m_texts[cls] = text.get<std::string>();
    }
    if (!m_texts.count("default"))
        throw core::ValidationError("advice", "safer-use advice, field advice.default: a \"default\" text is needed");
}

std::string SaferUseAdvice::forClasses(const std::vector<std::string> &classes) const
{
    static const std::vector<std::string> order = {"nitazene", "fentanyl", "alpha2-agonist", "benzodiazepine",
                                                   "opioid", "stimulant", "dissociative", "psychedelic"};
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
