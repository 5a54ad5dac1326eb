#include "alerts/advice.h"

#include "alerts/shippeddata.h"
#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace candor::alerts {

SaferUseAdvice::SaferUseAdvice() : SaferUseAdvice(shippedSaferUseAdvice()) {}

SaferUseAdvice::SaferUseAdvice(std::string_view jsonText)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(jsonText.begin(), jsonText.end());
    } catch (const nlohmann::json::parse_error &e) {
        throw core::ValidationError("advice", std::string("advice: not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("advice") || !doc["advice"].is_object())
        throw core::ValidationError("advice", "advice: expected an object \"advice\" of class -> text");
    for (const auto &[cls, text] : doc["advice"].items()) {
        if (!text.is_string() || text.get<std::string>().empty())
            throw core::ValidationError("advice", "advice." + cls + ": expected non-empty text");
        m_texts[cls] = text.get<std::string>();
    }
    if (!m_texts.count("default"))
        throw core::ValidationError("advice", "advice: a \"default\" text is needed");
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
