#pragma once
// Alert rules: conditions over verified findings that turn samples into draft alerts.
// The shipped defaults are data/alert-rules.json; a RuleBook holds the rules in force
// and only replaces them with a document that parsed and validated completely.

#include "alerts/verifiedsample.h"
#include "core/errors.h"
#include "core/vocabulary.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace candor::alerts {

struct DoseCondition {
    std::string substance;
    double aboveMg = 0;
    std::optional<double> atMostMg;
};

struct Rule {
    std::string id;
    std::string title;
    core::AlertSeverity severity = core::AlertSeverity::Information;
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
    std::string headline; // template: {found}, {sold_as}, {region}

    // The findings of `sample` that trigger this rule (empty: no match). `novel` is the
    // set of substances the sample is the first to show at this service.
    std::vector<Finding> triggers(const VerifiedSample &sample, const std::set<std::string> &novel) const;
};

// A rule or advice file refused, located and said in plain words for the person editing
// it, in the form, the JSON editor and the CLI alike:
//   "line 12, rule 4 (nitazene): 'severity' must be one of information, caution, warning, not 'panic'"
// field() is "line 12", the start of the message (the JSON editor jumps to the line);
// the form marks rule() and key() instead.
class RuleFileError : public core::ValidationError {
public:
    RuleFileError(int line, int rule, std::string key, const std::string &message);
    int line() const { return m_line; }              // 1-based; 0 when no line applies
    int rule() const { return m_rule; }              // 1-based rule (or advice entry); 0: the file as a whole
    const std::string &key() const { return m_key; } // "severity", "dose.above_mg", an advice class; "" for the file

private:
    int m_line;
    int m_rule;
    std::string m_key;
};

// Parses a rules document. Throws RuleFileError for a syntax error (at its line), an
// unknown or misspelt field (naming the likely one), or a value of the wrong kind.
std::vector<Rule> parseRules(std::string_view jsonText);

// What a JSON syntax error means, in plain words ("a ',' or '}' is missing after a
// field's value"), with what was read there; no nlohmann "[json.exception...]" jargon.
std::string jsonSyntaxProblem(const std::exception &parseError);
// "is not a field here; did you mean 'severity'?" for a misspelt field, naming the
// closest of `known` (or listing them when none is close).
std::string unknownFieldProblem(const std::string &key, const std::vector<std::string> &known);
// The line of a syntax error, for the messages above.
int jsonSyntaxLine(std::string_view text, const std::exception &parseError);

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
