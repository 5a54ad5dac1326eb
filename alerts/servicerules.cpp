#include "alerts/servicerules.h"

#include "alerts/shippeddata.h"
#include "core/backup.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/users.h"

namespace candor::alerts {

namespace {

constexpr const char *kRulesKey = "alerts.rules";
constexpr const char *kAdviceKey = "alerts.advice";

ConfigText stored(core::Database &db, const char *key, std::string_view shipped)
{
    if (auto text = core::setting(db, key))
        return {std::move(*text), true};
    return {std::string(shipped), false};
}

// The saved text no longer loads: say so with the reason, never fall back silently.
template<typename Load>
auto loadSaved(const ConfigText &config, const char *what, Load &&load)
{
    try {
        return load(config.text);
    } catch (const core::ValidationError &e) {
        if (!config.edited)
            throw;
        throw core::ValidationError(e.field(), std::string("the ") + what + " saved in the settings no longer load (" + e.what() +
                                                   "): correct them in the settings or restore the shipped ones");
    }
}

} // namespace

ConfigText rulesText(core::Database &db)
{
    return stored(db, kRulesKey, shippedAlertRules());
}

RuleBook rulesInForce(core::Database &db)
{
    return loadSaved(rulesText(db), "alert rules", [](const std::string &text) {
        RuleBook rules;
        rules.replace(text);
        return rules;
    });
}

void saveRules(core::Database &db, const std::string &jsonText, const core::User &actor)
{
    core::require(actor, core::Action::EditAlertRules);
    RuleBook probe;
    probe.replace(jsonText); // throws with line and field before anything is stored
    core::setSetting(db, kRulesKey, jsonText, actor);
}

void restoreShippedRules(core::Database &db, const core::User &actor)
{
    core::clearSetting(db, kRulesKey, actor);
}

ConfigText adviceText(core::Database &db)
{
    return stored(db, kAdviceKey, shippedSaferUseAdvice());
}

SaferUseAdvice adviceInForce(core::Database &db)
{
    return loadSaved(adviceText(db), "safer-use texts", [](const std::string &text) { return SaferUseAdvice(text); });
}

void saveAdvice(core::Database &db, const std::string &jsonText, const core::User &actor)
{
    core::require(actor, core::Action::EditAlertRules);
    const SaferUseAdvice probe(jsonText); // throws before anything is stored
    core::setSetting(db, kAdviceKey, jsonText, actor);
}

void restoreShippedAdvice(core::Database &db, const core::User &actor)
{
    core::clearSetting(db, kAdviceKey, actor);
}

} // namespace candor::alerts
