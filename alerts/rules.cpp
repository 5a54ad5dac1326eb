#include "alerts/rules.h"

#include "alerts/shippeddata.h"
#include "core/errors.h"
#include "core/util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
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

std::string ruleLabel(const json &rules, std::size_t index)
{
    std::string label = "rule " + std::to_string(index + 1);
    if (index < rules.size() && rules[index].is_object() && rules[index].contains("id") && rules[index]["id"].is_string() &&
        !rules[index]["id"].get<std::string>().empty())
        label += " (" + rules[index]["id"].get<std::string>() + ")";
    return label;
}

// `why` continues the field's name: "must be true or false".
[[noreturn]] void fail(std::string_view text, const json &rules, std::size_t rule, const std::string &key, const std::string &why)
{
    const std::string jsonKey = key.substr(0, key.find('.'));
    int line = lineOfKey(text, jsonKey.empty() ? "id" : jsonKey, rule);
    // A missing field has no line of its own: point at the rule, by its first field.
    if (line == 0 && rule < rules.size() && rules[rule].is_object() && !rules[rule].empty())
        line = lineOfKey(text, rules[rule].items().begin().key(), rule);
    line = std::max(line, 1);
    const std::string where = "line " + std::to_string(line) + ", " + ruleLabel(rules, rule) + ": ";
    const std::string message = key.empty() ? where + why : where + "'" + key + "' " + why;
    throw RuleFileError(line, int(rule) + 1, key, message);
}

// How many single-letter edits turn a into b (to suggest the field that was meant).
std::size_t editDistance(const std::string &a, const std::string &b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

} // namespace

std::string unknownFieldProblem(const std::string &key, const std::vector<std::string> &known)
{
    std::string best;
    std::size_t bestDistance = 4; // more edits than this is another word, not a typo
    for (const auto &k : known)
        if (const auto d = editDistance(key, k); d < bestDistance) {
            best = k;
            bestDistance = d;
        }
    std::string list;
    for (const auto &k : known)
        list += (list.empty() ? "" : ", ") + k;
    return best.empty() ? "is not a field here (the fields are " + list + ")"
                        : "is not a field here; did you mean '" + best + "'?";
}

namespace {

std::vector<std::string> stringList(std::string_view text, const json &rules, std::size_t rule, const std::string &key,
                                    const json &value)
{
    if (!value.is_array())
        fail(text, rules, rule, key, "must be a list of names in square brackets, like [\"fentanyl\"]");
    std::vector<std::string> out;
    for (const auto &v : value) {
        if (!v.is_string() || v.get<std::string>().empty())
            fail(text, rules, rule, key, "must list names in double quotes, none of them empty");
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

RuleFileError::RuleFileError(int line, int rule, std::string key, const std::string &message)
    // The field is the start of the message ("line 12"), so that a front end that puts the
    // field first (the CLI) does not say it twice; rule() and key() say the rest.
    : core::ValidationError(line > 0 ? "line " + std::to_string(line) : std::string(), message)
    , m_line(line)
    , m_rule(rule)
    , m_key(std::move(key))
{
}

std::string jsonSyntaxProblem(const std::exception &parseError)
{
    const std::string what = parseError.what();
    // nlohmann: "... syntax error while parsing object key - invalid literal; last read: '1,x'; expected ..."
    std::string lastRead;
    if (const auto at = what.find("last read: '"); at != std::string::npos) {
        const auto end = what.rfind('\'');
        lastRead = end > at + 12 ? what.substr(at + 12, end - at - 12) : std::string();
    }
    std::string plain;
    if (what.find("end of input") != std::string::npos)
        plain = "the text ends too early: a closing } or ] or a double quote is missing";
    else if (what.find("missing closing quote") != std::string::npos || what.find("control character") != std::string::npos)
        plain = "a text in double quotes is not closed on its line";
    else if (what.find("parsing object key") != std::string::npos)
        plain = "a field name in double quotes was expected (a ',' too many, or a name without quotes)";
    else if (what.find("parsing object separator") != std::string::npos)
        plain = "a ':' was expected after the field name";
    else if (what.find("parsing object") != std::string::npos)
        plain = "a ',' or '}' is missing after a field's value";
    else if (what.find("parsing array") != std::string::npos)
        plain = "a ',' or ']' is missing between the items of a list";
    else if (what.find("parsing value") != std::string::npos)
        plain = "a value was expected: text in double quotes, a number, true, false, a list [...] or {...}";
    else
        plain = "this is not valid JSON";
    if (!lastRead.empty() && lastRead.size() <= 40)
        plain += " (at '" + lastRead + "')";
    return plain;
}

int jsonSyntaxLine(std::string_view text, const std::exception &parseError)
{
    if (const auto *e = dynamic_cast<const json::parse_error *>(&parseError))
        return lineOfOffset(text, e->byte == 0 ? 0 : e->byte - 1);
    return 0;
}

std::vector<Rule> parseRules(std::string_view text)
{
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error &e) {
        const int line = jsonSyntaxLine(text, e);
        throw RuleFileError(line, 0, "", "line " + std::to_string(line) + ": " + jsonSyntaxProblem(e));
    }
    if (!doc.is_object())
        throw RuleFileError(1, 0, "", "line 1: the file must be one object { ... } with a list \"rules\"");
    // Unknown fields first: "rulez" is a typo to point at, not a missing list.
    for (const auto &[key, value] : doc.items())
        if (key != "version" && key != "about" && key != "rules") {
            const int line = lineOfKey(text, key, 0);
            throw RuleFileError(line, 0, key,
                                "line " + std::to_string(line) + ": '" + key + "' " +
                                    unknownFieldProblem(key, {"version", "about", "rules"}));
        }
    if (!doc.contains("rules") || !doc["rules"].is_array())
        throw RuleFileError(1, 0, "rules", "line 1: the file needs a list \"rules\": [ ... ] of rules");

    static const std::vector<std::string> known = {"id",
                                                   "title",
                                                   "severity",
                                                   "found_classes",
                                                   "found_substances",
                                                   "sold_as_classes",
                                                   "not_sold_as_classes",
                                                   "never_seen_before",
                                                   "ignore_classes",
                                                   "forms",
                                                   "dose",
                                                   "regions",
                                                   "window_weeks",
                                                   "headline"};
    std::vector<Rule> rules;
    std::map<std::string, std::size_t> ids;
    const auto &list = doc["rules"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json &r = list[i];
        if (!r.is_object())
            fail(text, list, i, "", "must be an object { ... }");
        for (const auto &[key, value] : r.items())
            if (std::find(known.begin(), known.end(), key) == known.end())
                fail(text, list, i, key, unknownFieldProblem(key, known));
        Rule rule;
        auto text_ = [&](const char *key, bool required) {
            if (!r.contains(key)) {
                if (required)
                    fail(text, list, i, key, "is missing: every rule needs one");
                return std::string();
            }
            if (!r[key].is_string() || r[key].get<std::string>().empty())
                fail(text, list, i, key, "must be text in double quotes, not empty");
            return r[key].get<std::string>();
        };
        rule.id = text_("id", true);
        if (const auto [it, fresh] = ids.emplace(rule.id, i); !fresh)
            fail(text, list, i, "id",
                 "'" + rule.id + "' is already the id of rule " + std::to_string(it->second + 1) + "; each rule needs its own");
        rule.title = text_("title", true);
        const std::string severity = text_("severity", true);
        const auto level = core::tryParse<core::AlertSeverity>(severity);
        if (!level)
            fail(text, list, i, "severity",
                 "must be one of " + core::joinList(core::allTerms<core::AlertSeverity>(), ", ") + ", not '" + severity + "'");
        rule.severity = *level;
        rule.headline = text_("headline", false);
        if (rule.headline.empty())
            rule.headline = rule.title;
        auto list_ = [&](const char *key) {
            return r.contains(key) ? stringList(text, list, i, key, r[key]) : std::vector<std::string>{};
        };
        rule.foundClasses = list_("found_classes");
        rule.foundSubstances = list_("found_substances");
        rule.soldAsClasses = list_("sold_as_classes");
        rule.notSoldAsClasses = list_("not_sold_as_classes");
        rule.ignoreClasses = list_("ignore_classes");
        rule.forms = list_("forms");
        if (r.contains("regions")) {
            if (!r["regions"].is_array())
                fail(text, list, i, "regions", "must be a list of region names, like [\"Zurich\"]");
            for (const auto &v : r["regions"]) {
                if (!v.is_string())
                    fail(text, list, i, "regions", "must list region names in double quotes");
                rule.regions.push_back(v.get<std::string>());
            }
        }
        if (r.contains("never_seen_before")) {
            if (!r["never_seen_before"].is_boolean())
                fail(text, list, i, "never_seen_before", "must be true or false");
            rule.neverSeenBefore = r["never_seen_before"].get<bool>();
        }
        if (r.contains("window_weeks")) {
            if (!r["window_weeks"].is_number_integer() || r["window_weeks"].get<int>() < 1 || r["window_weeks"].get<int>() > 52)
                fail(text, list, i, "window_weeks", "must be a whole number of weeks from 1 to 52");
            rule.windowWeeks = r["window_weeks"].get<int>();
        }
        if (r.contains("dose")) {
            const json &d = r["dose"];
            if (!d.is_object())
                fail(text, list, i, "dose", "must be {\"substance\": ..., \"above_mg\": ...}");
            for (const auto &[key, value] : d.items())
                if (key != "substance" && key != "above_mg" && key != "at_most_mg")
                    fail(text, list, i, "dose." + key, unknownFieldProblem(key, {"substance", "above_mg", "at_most_mg"}));
            if (!d.contains("substance") || !d["substance"].is_string() || d["substance"].get<std::string>().empty())
                fail(text, list, i, "dose.substance", "must name the substance whose dose counts");
            if (!d.contains("above_mg") || !d["above_mg"].is_number() || d["above_mg"].get<double>() < 0)
                fail(text, list, i, "dose.above_mg", "must be a dose in mg (a number, 0 or more)");
            DoseCondition dose{d["substance"].get<std::string>(), d["above_mg"].get<double>(), std::nullopt};
            if (d.contains("at_most_mg")) {
                if (!d["at_most_mg"].is_number() || d["at_most_mg"].get<double>() <= dose.aboveMg)
                    fail(text, list, i, "dose.at_most_mg", "must be a dose in mg above above_mg");
                dose.atMostMg = d["at_most_mg"].get<double>();
            }
            rule.dose = dose;
        }
        if (rule.foundClasses.empty() && rule.foundSubstances.empty() && !rule.neverSeenBefore && !rule.dose)
            fail(text, list, i, "found_classes",
                 "is empty, and a rule needs something found: found_classes, found_substances, never_seen_before or dose");
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

RuleBook::RuleBook()
    : m_rules(parseRules(shippedJson()))
{
}

std::string_view RuleBook::shippedJson()
{
    return shippedAlertRules();
}

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
        throw RuleFileError(0, 0, "", "rule file " + path + ": cannot be read");
    std::ostringstream s;
    s << in.rdbuf();
    replace(s.str());
}

} // namespace candor::alerts
