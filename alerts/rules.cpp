#include "alerts/rules.h"

#include "alerts/shippeddata.h"
#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace candor::alerts {

namespace {

using nlohmann::json;

int lineOfOffset(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n'));
}

// The line where `"key":` appears, searching from the start of rule `index` (counted by
// its "id" key) so that a misspelt key repeated in several rules is placed correctly.
int lineOfKey(std::string_view text, const std::string &key, std::size_t ruleIndex)
{
    const std::string pattern = "\"" + key + "\"";
    std::size_t from = 0;
    // Skip to the (ruleIndex+1)-th occurrence of "rules" entries' "id" when possible.
    std::size_t seen = 0;
    std::size_t pos = text.find("\"rules\"");
    if (pos != std::string_view::npos) {
        from = pos;
        std::size_t brace = text.find('{', pos);
        while (brace != std::string_view::npos && seen < ruleIndex) {
            // Rule objects are top-level in the array; count objects at depth one.
            int depth = 0;
            std::size_t i = brace;
            for (; i < text.size(); ++i) {
                if (text[i] == '{')
                    ++depth;
                else if (text[i] == '}' && --depth == 0)
                    break;
            }
            ++seen;
            brace = text.find('{', i + 1);
            from = brace == std::string_view::npos ? from : brace;
        }
    }
    std::size_t hit = text.find(pattern, from);
    if (hit == std::string_view::npos)
        hit = text.find(pattern);
    return hit == std::string_view::npos ? 0 : lineOfOffset(text, hit);
}

[[noreturn]] void fail(std::string_view text, std::size_t rule, const std::string &key, const std::string &why)
{
    const std::string field = "rules[" + std::to_string(rule) + "]." + key;
    const int line = lineOfKey(text, key, rule);
    throw core::ValidationError("line " + std::to_string(line) + ": " + field,
                                "rule file, line " + std::to_string(line) + ", field " + field + ": " + why);
}

std::vector<std::string> stringList(std::string_view text, std::size_t rule, const std::string &key, const json &value)
{
    if (!value.is_array())
        fail(text, rule, key, "expected a list of names");
    std::vector<std::string> out;
    for (const auto &v : value) {
        if (!v.is_string() || v.get<std::string>().empty())
            fail(text, rule, key, "expected a list of non-empty names");
        std::string s = v.get<std::string>();
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        out.push_back(s);
    }
    return out;
}

bool contains(const std::vector<std::string> &list, const std::string &value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

const std::vector<std::string> &severities()
{
    static const std::vector<std::string> list = {"information", "caution", "warning"};
    return list;
}

int severityRank(const std::string &severity)
{
    const auto &list = severities();
    const auto it = std::find(list.begin(), list.end(), severity);
    return it == list.end() ? -1 : int(it - list.begin());
}

std::string jsonSyntaxProblem(const std::exception &parseError)
{
    std::string what = parseError.what();
    const auto column = what.find("column ");
    if (column != std::string::npos) {
        const auto colon = what.find(": ", column);
        if (colon != std::string::npos)
            return what.substr(colon + 2);
    }
    return what;
}

std::vector<Rule> parseRules(std::string_view text)
{
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error &e) {
        const int line = lineOfOffset(text, e.byte == 0 ? 0 : e.byte - 1);
        throw core::ValidationError("line " + std::to_string(line),
                                    "rule file, line " + std::to_string(line) + ": not valid JSON (" + jsonSyntaxProblem(e) + ")");
    }
    if (!doc.is_object())
        throw core::ValidationError("rules", "rule file: expected an object with a list \"rules\"");
    // Unknown fields first: "rulez" is a typo to point at, not a missing list.
    for (const auto &[key, value] : doc.items())
        if (key != "version" && key != "about" && key != "rules") {
            const int line = lineOfKey(text, key, 0);
            throw core::ValidationError("line " + std::to_string(line) + ": " + key,
                                        "rule file, line " + std::to_string(line) + ", field " + key +
                                            ": unknown field (expected version, about, rules)");
        }
    if (!doc.contains("rules") || !doc["rules"].is_array())
        throw core::ValidationError("rules", "rule file: expected an object with a list \"rules\"");

    static const std::set<std::string> known = {"id", "title", "severity", "found_classes", "found_substances",
                                                "sold_as_classes", "not_sold_as_classes", "never_seen_before",
                                                "ignore_classes", "forms", "dose", "regions", "window_weeks", "headline"};
    std::vector<Rule> rules;
    std::set<std::string> ids;
    const auto &list = doc["rules"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json &r = list[i];
        if (!r.is_object())
            fail(text, i, "", "expected an object");
        for (const auto &[key, value] : r.items())
            if (!known.count(key))
                fail(text, i, key, "unknown field (known: id, title, severity, found_classes, found_substances, "
                                   "sold_as_classes, not_sold_as_classes, never_seen_before, ignore_classes, forms, "
                                   "dose, regions, window_weeks, headline)");
        Rule rule;
        auto text_ = [&](const char *key, bool required) {
            if (!r.contains(key)) {
                if (required)
                    fail(text, i, key, "missing");
                return std::string();
            }
            if (!r[key].is_string() || r[key].get<std::string>().empty())
                fail(text, i, key, "expected non-empty text");
            return r[key].get<std::string>();
        };
        rule.id = text_("id", true);
        if (!ids.insert(rule.id).second)
            fail(text, i, "id", "'" + rule.id + "' is used by an earlier rule");
        rule.title = text_("title", true);
        rule.severity = text_("severity", true);
        if (severityRank(rule.severity) < 0)
            fail(text, i, "severity", "'" + rule.severity + "' is not one of information, caution, warning");
        rule.headline = text_("headline", false);
        if (rule.headline.empty())
            rule.headline = rule.title;
        auto list_ = [&](const char *key) {
            return r.contains(key) ? stringList(text, i, key, r[key]) : std::vector<std::string>{};
        };
        rule.foundClasses = list_("found_classes");
        rule.foundSubstances = list_("found_substances");
        rule.soldAsClasses = list_("sold_as_classes");
        rule.notSoldAsClasses = list_("not_sold_as_classes");
        rule.ignoreClasses = list_("ignore_classes");
        rule.forms = list_("forms");
        if (r.contains("regions")) {
            if (!r["regions"].is_array())
                fail(text, i, "regions", "expected a list of region names");
            for (const auto &v : r["regions"]) {
                if (!v.is_string())
                    fail(text, i, "regions", "expected a list of region names");
                rule.regions.push_back(v.get<std::string>());
            }
        }
        if (r.contains("never_seen_before")) {
            if (!r["never_seen_before"].is_boolean())
                fail(text, i, "never_seen_before", "expected true or false");
            rule.neverSeenBefore = r["never_seen_before"].get<bool>();
        }
        if (r.contains("window_weeks")) {
            if (!r["window_weeks"].is_number_integer() || r["window_weeks"].get<int>() < 1 || r["window_weeks"].get<int>() > 52)
                fail(text, i, "window_weeks", "expected a whole number of weeks from 1 to 52");
            rule.windowWeeks = r["window_weeks"].get<int>();
        }
        if (r.contains("dose")) {
            const json &d = r["dose"];
            if (!d.is_object())
                fail(text, i, "dose", "expected {\"substance\": ..., \"above_mg\": ...}");
            for (const auto &[key, value] : d.items())
                if (key != "substance" && key != "above_mg" && key != "at_most_mg")
                    fail(text, i, "dose." + key, "unknown field (known: substance, above_mg, at_most_mg)");
            if (!d.contains("substance") || !d["substance"].is_string())
                fail(text, i, "dose.substance", "expected the substance's name");
            if (!d.contains("above_mg") || !d["above_mg"].is_number() || d["above_mg"].get<double>() < 0)
                fail(text, i, "dose.above_mg", "expected a dose in mg");
            DoseCondition dose{d["substance"].get<std::string>(), d["above_mg"].get<double>(), std::nullopt};
            if (d.contains("at_most_mg")) {
                if (!d["at_most_mg"].is_number() || d["at_most_mg"].get<double>() <= dose.aboveMg)
                    fail(text, i, "dose.at_most_mg", "expected a dose in mg above above_mg");
                dose.atMostMg = d["at_most_mg"].get<double>();
            }
            rule.dose = dose;
        }
        if (rule.foundClasses.empty() && rule.foundSubstances.empty() && !rule.neverSeenBefore && !rule.dose)
            fail(text, i, "found_classes",
                 "a rule needs something found: found_classes, found_substances, never_seen_before or dose");
        rules.push_back(std::move(rule));
    }
    return rules;
}

std::vector<Finding> Rule::triggers(const VerifiedSample &sample, const std::set<std::string> &novel) const
{
    if (!regions.empty() && !contains(regions, sample.region))
        return {};
    if (!forms.empty() && !contains(forms, sample.form))
        return {};
    const std::string soldClass = sample.soldAsClass.value_or("");
    if (!soldAsClasses.empty() && !contains(soldAsClasses, soldClass))
        return {};
    if (!notSoldAsClasses.empty() && contains(notSoldAsClasses, soldClass))
        return {};
    std::vector<Finding> hits;
    for (const Finding &f : sample.findings) {
        if (!foundClasses.empty() || !foundSubstances.empty()) {
            if (!contains(foundClasses, f.substanceClass) && !contains(foundSubstances, f.substance))
                continue;
        }
        if (neverSeenBefore && (!novel.count(f.substance) || contains(ignoreClasses, f.substanceClass)))
            continue;
        if (dose) {
            if (f.substance != dose->substance)
                continue;
            const auto mg = sample.doseMg(f.substance);
            if (!mg || *mg <= dose->aboveMg || (dose->atMostMg && *mg > *dose->atMostMg))
                continue;
        }
        hits.push_back(f);
    }
    return hits;
}

RuleBook::RuleBook() : m_rules(parseRules(shippedJson())) {}

std::string_view RuleBook::shippedJson() { return shippedAlertRules(); }

const Rule *RuleBook::find(const std::string &id) const
{
    for (const auto &r : m_rules)
        if (r.id == id)
            return &r;
    return nullptr;
}

void RuleBook::replace(std::string_view jsonText)
{
    auto parsed = parseRules(jsonText); // throws before anything changes
    m_rules = std::move(parsed);
}

void RuleBook::loadFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::ValidationError("rules", "rule file " + path + ": cannot be read");
    std::ostringstream s;
    s << in.rdbuf();
    replace(s.str());
}

} // namespace candor::alerts
