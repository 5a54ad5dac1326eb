#pragma once
// Alert rules: conditions over verified findings that turn samples into draft alerts.
// The shipped defaults are data/alert-rules.json; a RuleBook holds the rules in force
// and only replaces them with a document that parsed and validated completely.

#include "alerts/verifiedsample.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace candor::alerts {

const std::vector<std::string> &severities(); // information, caution, warning (ascending)
int severityRank(const std::string &severity);

struct DoseCondition {
    std::string substance;
    double aboveMg = 0;
    std::optional<double> atMostMg;
};

struct Rule {
    std::string id;
    std::string title;
    std::string severity;
    std::vector<std::string> foundClasses;
    std::vector<std::string> foundSubstances;
    std::vector<std::string> soldAsClasses;
    std::vector<std::string> notSoldAsClasses;
    bool neverSeenBefore = false;
    std::vector<std::string> ignoreClasses;
    std::vector<std::string> forms;
    std::optional<DoseCondition> dose;
    std::vector<std::string> regions; // empty: every region
    int windowWeeks = 1;
    std::string headline;             // template: {found}, {sold_as}, {region}

    // The findings of `sample` that trigger this rule (empty: no match). `novel` is the
    // set of substances the sample is the first to show at this service.
    std::vector<Finding> triggers(const VerifiedSample &sample, const std::set<std::string> &novel) const;
};

// Parses a rules document. Throws ValidationError whose field is "line N: rules[i].field"
// for a syntax error (the line of the error), an unknown or misspelt field, or a value
// of the wrong kind.
std::vector<Rule> parseRules(std::string_view jsonText);

// What a JSON syntax error says, without nlohmann's "[json.exception.parse_error.101]
// parse error at line 8, column 29: " prefix (the caller names the line itself).
std::string jsonSyntaxProblem(const std::exception &parseError);

class RuleBook {
public:
    // Starts with the shipped defaults.
    RuleBook();
    static std::string_view shippedJson();
    const std::vector<Rule> &rules() const { return m_rules; }
    const Rule *find(const std::string &id) const;
    // Replaces the rules only when the whole document is valid; otherwise throws (see
    // parseRules) and the rules in force stay as they were.
    void replace(std::string_view jsonText);
    void loadFile(const std::string &path);

private:
    std::vector<Rule> m_rules;
};

} // namespace candor::alerts
