// The rules and advice in force at a service: shipped until a coordinator saves edited
// ones in the database; a bad text is refused with its line and field and changes
// nothing; drafting follows the rules in force; every change is audited.

#include "alerts/draftservice.h"
#include "alerts/samplesfixture.h"
#include "alerts/servicerules.h"
#include "alerts/shippeddata.h"
#include "core/auditlog.h"
#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace candor::alerts;
using candor::core::ValidationError;
using candor::testing::found;
using candor::testing::sample;

namespace {

class ServiceRules : public candor::testing::AlertsDbFixture {
protected:
    // The shipped rules without the one whose id is `id`, as a coordinator would save them.
    static std::string shippedWithout(const std::string &id)
    {
        auto doc = nlohmann::json::parse(shippedAlertRules());
        auto &list = doc["rules"];
        list.erase(std::remove_if(list.begin(), list.end(), [&](const auto &r) { return r["id"] == id; }), list.end());
        return doc.dump(2);
    }
    std::vector<std::string> draftedRules(const RuleBook &rules)
    {
        DraftService service(*draftStore, rules, adviceInForce(*db));
        service.refresh({sample("a", "2026-03-02", "cocaine hcl", "stimulant", {found("fentanyl", "fentanyl", "trace")}),
                         sample("b", "2026-03-03", "heroin", "opioid", {found("protonitazene", "nitazene")})},
                        candor::testing::known());
        std::vector<std::string> ids;
        for (const auto &a : service.list())
            ids.push_back(a.ruleId);
        std::sort(ids.begin(), ids.end());
        return ids;
    }
};

} // namespace

TEST_F(ServiceRules, TheShippedRulesApplyUntilEditedOnesAreSaved)
{
    EXPECT_FALSE(rulesText(*db).edited);
    EXPECT_EQ(rulesText(*db).text, std::string(shippedAlertRules()));
    EXPECT_EQ(rulesInForce(*db).rules().size(), RuleBook().rules().size());

    saveRules(*db, shippedWithout("nitazene"), coordinator);
    EXPECT_TRUE(rulesText(*db).edited);
    EXPECT_EQ(rulesInForce(*db).find("nitazene"), nullptr);
    EXPECT_EQ(draftedRules(rulesInForce(*db)), (std::vector<std::string>{"fentanyl-not-sold-as-opioid"}));

    restoreShippedRules(*db, admin);
    EXPECT_FALSE(rulesText(*db).edited);
    EXPECT_NE(rulesInForce(*db).find("nitazene"), nullptr);
}

TEST_F(ServiceRules, ASyntaxErrorOrUnknownFieldNamesLineAndFieldAndTheOldRulesStay)
{
    const std::string edited = shippedWithout("nitazene");
    saveRules(*db, edited, coordinator);

    // A missing comma on line 3.
    const std::string broken = "{\n  \"version\": 1\n  \"rules\": []\n}\n";
    try {
        saveRules(*db, broken, coordinator);
        FAIL() << "a syntax error was accepted";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field().rfind("line 3", 0), 0u) << e.field();
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("json.exception"), std::string::npos) << "library jargon: " << e.what();
    }
    // An unknown field inside the second rule, on its own line.
    auto doc = nlohmann::json::parse(edited);
    doc["rules"][1]["sevrity"] = "warning";
    const std::string unknown = doc.dump(2);
    const auto at = unknown.find("\"sevrity\"");
    const int line = 1 + int(std::count(unknown.begin(), unknown.begin() + std::ptrdiff_t(at), '\n'));
    try {
        saveRules(*db, unknown, coordinator);
        FAIL() << "an unknown field was accepted";
    } catch (const ValidationError &e) {
        EXPECT_NE(std::string(e.what()).find("line " + std::to_string(line)), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("rule 2 (" + doc["rules"][1]["id"].get<std::string>() +
                                             "): 'sevrity' is not a field here; did you mean 'severity'?"),
                  std::string::npos)
            << e.what();
    }
    // The rules in force are still the edited ones.
    EXPECT_EQ(rulesText(*db).text, edited);
    EXPECT_EQ(rulesInForce(*db).find("nitazene"), nullptr);
}

TEST_F(ServiceRules, OnlyACoordinatorOrAdminChangesThemAndEveryChangeIsAudited)
{
    EXPECT_THROW(saveRules(*db, shippedWithout("nitazene"), tech), candor::core::PermissionDenied);
    EXPECT_THROW(restoreShippedRules(*db, tech), candor::core::PermissionDenied);
    EXPECT_FALSE(rulesText(*db).edited);

    saveRules(*db, shippedWithout("nitazene"), coordinator);
    restoreShippedRules(*db, admin);
    std::vector<std::string> seen;
    for (const auto &e : candor::core::AuditLog(*db).all())
        if (e.entity == "setting" && e.entityId == "alerts.rules")
            seen.push_back(e.action + " by " + e.actorName);
    EXPECT_EQ(seen, (std::vector<std::string>{"insert by cora", "delete by ada"}));
}

TEST_F(ServiceRules, EditedAdviceGoesIntoNewDraftsAndABadOneIsRefusedWithItsLine)
{
    auto doc = nlohmann::json::parse(shippedSaferUseAdvice());
    doc["advice"]["fentanyl"] = "Naloxone is free at the Main Street site, ask us.";
    saveAdvice(*db, doc.dump(2), coordinator);
    EXPECT_TRUE(adviceText(*db).edited);
    DraftService service(*draftStore, rulesInForce(*db), adviceInForce(*db));
    service.refresh({sample("a", "2026-03-02", "cocaine hcl", "stimulant", {found("fentanyl", "fentanyl", "trace")})},
                    candor::testing::known());
    EXPECT_NE(service.list().at(0).advice.find("Naloxone is free"), std::string::npos) << service.list().at(0).advice;

    auto bad = doc;
    bad["advice"]["nitazene"] = "";
    const std::string text = bad.dump(2);
    try {
        saveAdvice(*db, text, coordinator);
        FAIL() << "an empty text was accepted";
    } catch (const ValidationError &e) {
        EXPECT_NE(std::string(e.what()).find("advice for 'nitazene': must be text"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("line "), std::string::npos) << e.what();
    }
    auto noDefault = doc;
    noDefault["advice"].erase("default");
    EXPECT_THROW(saveAdvice(*db, noDefault.dump(2), coordinator), ValidationError);
    EXPECT_NE(adviceText(*db).text.find("Naloxone is free"), std::string::npos);
    restoreShippedAdvice(*db, coordinator);
    EXPECT_FALSE(adviceText(*db).edited);
}
