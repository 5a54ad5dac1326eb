#include "alerts/ruleform.h"

#include "alerts/advice.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <regex>
#include <set>

namespace candor::alerts {

namespace {

using nlohmann::ordered_json;

std::string joined(const ordered_json &list)
{
    std::string out;
    if (!list.is_array())
        return out;
    for (const auto &v : list)
        if (v.is_string())
            out += (out.empty() ? "" : ", ") + v.get<std::string>();
    return out;
}

std::string trimmed(const std::string &s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

ordered_json splitList(const std::string &text)
{
    ordered_json out = ordered_json::array();
    std::size_t from = 0;
    while (from <= text.size()) {
        const auto comma = text.find(',', from);
        const auto item = trimmed(text.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
        if (!item.empty())
            out.push_back(item);
        if (comma == std::string::npos)
            break;
        from = comma + 1;
    }
    return out;
}

// A typed number as a JSON number; anything else stays text, so that the validator
// names the field ("must be a whole number of weeks from 1 to 52").
ordered_json number(const std::string &typed)
{
    const std::string t = trimmed(typed);
    if (t.empty())
        return t;
    char *end = nullptr;
    const double value = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size())
        return t;
    if (t.find_first_of(".eE") == std::string::npos)
        return static_cast<std::int64_t>(value);
    return value;
}

std::string numberText(const ordered_json &v)
{
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    if (v.is_number()) {
        std::string s = v.dump();
        return s;
    }
    return v.is_string() ? v.get<std::string>() : std::string();
}

ordered_json header(std::string_view current, const char *listKey)
{
    ordered_json doc = ordered_json::object();
    try {
        const auto old = ordered_json::parse(current.begin(), current.end());
        for (const char *key : {"version", "about"})
            if (old.is_object() && old.contains(key))
                doc[key] = old[key];
    } catch (const ordered_json::exception &) {
        // The text in force is broken: the form's rows make a whole new document.
    }
    if (!doc.contains("version"))
        doc["version"] = 1;
    doc[listKey] = nullptr;
    return doc;
}

} // namespace

std::vector<RuleRow> ruleRows(std::string_view rulesJson)
{
    parseRules(rulesJson); // throws RuleFileError for an invalid document
    const auto doc = ordered_json::parse(rulesJson.begin(), rulesJson.end());
    std::vector<RuleRow> rows;
    for (const auto &r : doc["rules"]) {
        RuleRow row;
        row.id = r.value("id", "");
        row.title = r.value("title", "");
        row.severity = r.value("severity", "");
        row.headline = r.value("headline", "");
        row.foundClasses = joined(r.value("found_classes", ordered_json::array()));
        row.foundSubstances = joined(r.value("found_substances", ordered_json::array()));
        row.soldAsClasses = joined(r.value("sold_as_classes", ordered_json::array()));
        row.notSoldAsClasses = joined(r.value("not_sold_as_classes", ordered_json::array()));
        row.ignoreClasses = joined(r.value("ignore_classes", ordered_json::array()));
        row.forms = joined(r.value("forms", ordered_json::array()));
        row.regions = joined(r.value("regions", ordered_json::array()));
        row.neverSeenBefore = r.value("never_seen_before", false);
        row.windowWeeks = r.contains("window_weeks") ? numberText(r["window_weeks"]) : "1";
        if (r.contains("dose")) {
            const auto &d = r["dose"];
            row.doseSubstance = d.value("substance", "");
            row.doseAboveMg = d.contains("above_mg") ? numberText(d["above_mg"]) : "";
            row.doseAtMostMg = d.contains("at_most_mg") ? numberText(d["at_most_mg"]) : "";
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string rulesJsonFromRows(const std::vector<RuleRow> &rows, std::string_view current)
{
    auto doc = header(current, "rules");
    ordered_json list = ordered_json::array();
    for (const auto &row : rows) {
        ordered_json r = ordered_json::object();
        r["id"] = trimmed(row.id);
        r["title"] = trimmed(row.title);
        r["severity"] = trimmed(row.severity);
        const auto addList = [&](const char *key, const std::string &text) {
            if (auto l = splitList(text); !l.empty())
                r[key] = std::move(l);
        };
        addList("found_classes", row.foundClasses);
        addList("found_substances", row.foundSubstances);
        addList("sold_as_classes", row.soldAsClasses);
        addList("not_sold_as_classes", row.notSoldAsClasses);
        if (row.neverSeenBefore)
            r["never_seen_before"] = true;
        addList("ignore_classes", row.ignoreClasses);
        addList("forms", row.forms);
        if (!trimmed(row.doseSubstance).empty() || !trimmed(row.doseAboveMg).empty()) {
            ordered_json dose = ordered_json::object();
            dose["substance"] = trimmed(row.doseSubstance);
            dose["above_mg"] = number(row.doseAboveMg);
            if (!trimmed(row.doseAtMostMg).empty())
                dose["at_most_mg"] = number(row.doseAtMostMg);
            r["dose"] = std::move(dose);
        }
        addList("regions", row.regions);
        r["window_weeks"] = trimmed(row.windowWeeks).empty() ? ordered_json(1) : number(row.windowWeeks);
        if (!trimmed(row.headline).empty())
            r["headline"] = trimmed(row.headline);
        list.push_back(std::move(r));
    }
    doc["rules"] = std::move(list);
    std::string text = doc.dump(2) + "\n";
    parseRules(text); // the same validator as the JSON editor: throws with the row and field
    return text;
}

std::vector<AdviceRow> adviceRows(std::string_view adviceJson)
{
    const SaferUseAdvice check{adviceJson}; // throws RuleFileError for an invalid document
    const auto doc = ordered_json::parse(adviceJson.begin(), adviceJson.end());
    std::vector<AdviceRow> rows;
    for (const auto &[cls, text] : doc["advice"].items())
        rows.push_back({cls, text.get<std::string>()});
    return rows;
}

std::string adviceJsonFromRows(const std::vector<AdviceRow> &rows, std::string_view current)
{
    auto doc = header(current, "advice");
    ordered_json advice = ordered_json::object();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string cls = trimmed(rows[i].substanceClass);
        const std::string where = "row " + std::to_string(i + 1);
        if (cls.empty())
            throw RuleFileError(0, int(i) + 1, "advice.", where + ": choose the class this advice is for");
        if (!seen.insert(cls).second)
            throw RuleFileError(0, int(i) + 1, "advice." + cls,
                                where + ", advice for '" + cls + "': this class has advice in an earlier row already");
        if (trimmed(rows[i].text).empty())
            throw RuleFileError(0, int(i) + 1, "advice." + cls, where + ", advice for '" + cls + "': must be text, not empty");
        advice[cls] = trimmed(rows[i].text);
    }
    doc["advice"] = std::move(advice);
    std::string text = doc.dump(2) + "\n";
    try {
        const SaferUseAdvice check{text};
    } catch (const RuleFileError &e) {
        // Only "no default" is left for the whole text to find: say it as the form would.
        throw RuleFileError(0, 0, e.key(),
                            "the advice needs a row for the class \"default\", for alerts whose classes have none of their own");
    }
    return text;
}

std::string formMessage(const RuleFileError &error)
{
    static const std::regex line("^line \\d+(, |: )");
    std::string message = std::regex_replace(std::string(error.what()), line, "", std::regex_constants::format_first_only);
    if (!message.empty())
        message[0] = char(std::toupper(static_cast<unsigned char>(message[0])));
    return message;
}

} // namespace candor::alerts
