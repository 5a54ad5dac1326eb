#pragma once
// The alert rules and safer-use advice in force at this service: the shipped files
// (data/alert-rules.json, data/safer-use-advice.json) until a coordinator saves edited
// ones, which live in the database (settings "alerts.rules" and "alerts.advice") so that
// the app, the CLI and every workstation draft with the same rules.
//
// Saving validates the whole document first: a syntax error or an unknown field throws
// core::ValidationError naming the line and field, and the texts in force stay as they
// were. Saving and restoring need the coordinator or admin role and are audited.

#include "alerts/advice.h"
#include "alerts/rules.h"

#include <string>

namespace candor::core {
class Database;
struct User;
} // namespace candor::core

namespace candor::alerts {

// Which text a front end shows in its editor and whether it is the shipped one.
struct ConfigText {
    std::string text;
    bool edited = false; // false: the shipped file applies
};

ConfigText rulesText(core::Database &db);
// Throws ValidationError when the saved rules no longer load (a newer program that is
// stricter), saying to correct them in the settings: never a silent switch to others.
RuleBook rulesInForce(core::Database &db);
void saveRules(core::Database &db, const std::string &jsonText, const core::User &actor);
void restoreShippedRules(core::Database &db, const core::User &actor);

ConfigText adviceText(core::Database &db);
SaferUseAdvice adviceInForce(core::Database &db);
void saveAdvice(core::Database &db, const std::string &jsonText, const core::User &actor);
void restoreShippedAdvice(core::Database &db, const core::User &actor);

} // namespace candor::alerts
