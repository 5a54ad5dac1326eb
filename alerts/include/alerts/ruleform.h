#pragma once
// The alert rules and safer-use advice as rows of a form, for coordinators who do not
// edit JSON: one row per rule (or per advice class), every value as typed. Turning rows
// back into the document keeps its "version" and "about", and everything goes through
// the same validator as the JSON editor and the CLI (parseRules, SaferUseAdvice), so a
// wrong value is refused as "rule 4 (nitazene): 'window_weeks' must be ..." and the form
// marks that row and field (RuleFileError::rule(), key()).

#include "alerts/rules.h"

#include <string>
#include <string_view>
#include <vector>

namespace candor::alerts {

struct RuleRow {
    std::string id;
    std::string title;
    std::string severity; // information, caution, warning
    std::string headline;
    // Lists as comma-separated names: "fentanyl, opioid".
    std::string foundClasses;
    std::string foundSubstances;
    std::string soldAsClasses;
    std::string notSoldAsClasses;
    std::string ignoreClasses;
    std::string forms;
    std::string regions;
    bool neverSeenBefore = false;
    std::string windowWeeks;   // as typed; checked by the validator
    std::string doseSubstance; // empty: no dose condition
    std::string doseAboveMg;
    std::string doseAtMostMg; // empty: no upper limit
};

// The rows of a valid rules document (throws RuleFileError for an invalid one).
std::vector<RuleRow> ruleRows(std::string_view rulesJson);
// The rules document the rows make, with `current`'s version and about, checked whole:
// throws RuleFileError (rule = the row's number, key = its field) when a row is wrong.
std::string rulesJsonFromRows(const std::vector<RuleRow> &rows, std::string_view current);

struct AdviceRow {
    std::string substanceClass; // "fentanyl", ..., "default"
    std::string text;
};

std::vector<AdviceRow> adviceRows(std::string_view adviceJson);
// Throws RuleFileError (rule = the row's number, key "advice.<class>") for a row without
// a class, a class given twice, an empty text or no "default".
std::string adviceJsonFromRows(const std::vector<AdviceRow> &rows, std::string_view current);

// The message of a refused form without the JSON line it would be on: the form has no
// lines. "line 12, rule 4 (nitazene): ..." -> "Rule 4 (nitazene): ...".
std::string formMessage(const RuleFileError &error);

} // namespace candor::alerts
