// Drafts: grouping by rule, region and window; new matches updating the open draft;
// publishing (coordinators only), corrections, withdrawals and the history of each.

#include "alerts/alertcheck.h"
#include "alerts/draftservice.h"
#include "alerts/samplesfixture.h"
#include "core/auditlog.h"
#include "core/errors.h"

#include <gtest/gtest.h>

using namespace candor::alerts;
using candor::testing::found;
using candor::testing::sample;

namespace {

VerifiedSample fentCoke(const std::string &id, const std::string &date, const std::string &region = "Vancouver")
{
    return sample(id, date, "cocaine hcl", "stimulant", {found("fentanyl", "fentanyl", "trace")}, region);
}

class Drafts : public candor::testing::AlertsDbFixture {
protected:
    RuleBook rules;
    // These tests are about the workflow: a check that knows no sample refuses nothing.
    AlertCheck check{std::vector<VerifiedSample>{}, std::set<std::string>{}};
};

} // namespace

TEST_F(Drafts, MatchesAreGroupedByRuleRegionAndWindowWithCounts)
{
    DraftService service(*draftStore, rules);
    // 2026-03-02 and 03-10 are ISO weeks 10 and 11, one two-week window; 03-16 starts the next.
    const auto result = service.refresh({fentCoke("a", "2026-03-02"), fentCoke("b", "2026-03-10"), fentCoke("c", "2026-03-16"),
                                         fentCoke("d", "2026-03-03", "Surrey"),
                                         sample("e", "2026-03-04", "heroin", "opioid", {found("protonitazene", "nitazene")})},
                                        candor::testing::known());
    EXPECT_EQ(result.created, 4);
    const auto drafts = service.list("draft");
    ASSERT_EQ(drafts.size(), 4u);
    std::map<std::string, int> counts;
    for (const auto &d : drafts)
        counts[d.ruleId + " " + d.region + " " + d.windowStart + ".." + d.windowEnd] = d.sampleCount;
    EXPECT_EQ(counts, (std::map<std::string, int>{
                          {"fentanyl-not-sold-as-opioid Vancouver 2026-W10..2026-W11", 2},
                          {"fentanyl-not-sold-as-opioid Vancouver 2026-W12..2026-W13", 1},
                          {"fentanyl-not-sold-as-opioid Surrey 2026-W10..2026-W11", 1},
                          {"nitazene Vancouver 2026-W10..2026-W11", 1},
                      }));
}

TEST_F(Drafts, ADraftCarriesHeadlineFoundSoldAsSeverityAndAdvice)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02"),
                     sample("b", "2026-03-03", "methamphetamine", "stimulant", {found("acetylfentanyl", "fentanyl")})},
                    candor::testing::known());
    const auto d = service.list().at(0);
    // One sample of each group: naming either would show a count of its own below 5.
    EXPECT_EQ(d.headline, "Fentanyl and acetylfentanyl found in drugs sold as various drugs");
    EXPECT_EQ(d.found, "fentanyl and acetylfentanyl");
    EXPECT_EQ(d.soldAs, "various drugs");
    EXPECT_EQ(candor::core::toString(d.severity), "warning");
    EXPECT_NE(d.advice.find("naloxone"), std::string::npos);
    EXPECT_EQ(d.sampleIds, (std::vector<std::string>{"a", "b"}));
}

TEST_F(Drafts, NewMatchingSamplesUpdateTheOpenDraftInsteadOfMakingAnother)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02")}, candor::testing::known());
    const auto first = service.list().at(0);
    const auto result = service.refresh({fentCoke("a", "2026-03-02"), fentCoke("b", "2026-03-05")}, candor::testing::known());
    EXPECT_EQ(result.created, 0);
    EXPECT_EQ(result.updated, 1);
    const auto drafts = service.list();
    ASSERT_EQ(drafts.size(), 1u);
    EXPECT_EQ(drafts[0].id, first.id);
    EXPECT_EQ(drafts[0].sampleCount, 2);
    EXPECT_EQ(service.refresh({fentCoke("a", "2026-03-02"), fentCoke("b", "2026-03-05")}, candor::testing::known()).unchanged, 1);
}

TEST_F(Drafts, PublishingNeedsTheCoordinatorRole)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02")}, candor::testing::known());
    const auto id = service.list().at(0).id;
    try {
        service.publish(id, tech, check);
        FAIL() << "published without the role";
    } catch (const candor::core::PermissionDenied &e) {
        EXPECT_EQ(e.role(), "coordinator");
        EXPECT_STREQ(e.what(), "permission denied: publish an alert needs the coordinator role");
    }
    EXPECT_THROW(service.cancel(id, "mistake", admin, check), candor::core::PermissionDenied);
    EXPECT_EQ(service.get(id).status, "draft");
    EXPECT_TRUE(service.history(id).empty());
}

TEST_F(Drafts, NewSamplesAfterPublishingMarkTheAlertForAnUpdateThatReferencesIt)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02")}, candor::testing::known());
    const auto id = service.list().at(0).id;
    const auto p1 = service.publish(id, coordinator, check);
    EXPECT_EQ(p1.msgType, "Alert");
    EXPECT_EQ(p1.sequence, 1);
    service.refresh({fentCoke("a", "2026-03-02"), fentCoke("b", "2026-03-04")}, candor::testing::known());
    const auto alert = service.get(id.substr(0, 8));
    EXPECT_EQ(alert.status, "published");
    EXPECT_TRUE(alert.needsUpdate);
    EXPECT_EQ(alert.sampleCount, 2);
    const auto p2 = service.publish(id, coordinator, check);
    EXPECT_EQ(p2.msgType, "Update");
    EXPECT_EQ(p2.sampleCount, 2);
    EXPECT_FALSE(service.get(id).needsUpdate);
}

TEST_F(Drafts, ACoordinatorsEditIsKeptWhenNewSamplesArrive)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02")}, candor::testing::known());
    const auto id = service.list().at(0).id;
    AlertEdit edit;
    edit.headline = "Fentanyl in cocaine downtown";
    service.edit(id, edit, coordinator);
    service.refresh({fentCoke("a", "2026-03-02"), fentCoke("b", "2026-03-03")}, candor::testing::known());
    EXPECT_EQ(service.get(id).headline, "Fentanyl in cocaine downtown");
    EXPECT_EQ(service.get(id).sampleCount, 2);
    AlertEdit bad;
    bad.severity = "panic";
    EXPECT_THROW(service.edit(id, bad, coordinator), candor::core::ValidationError);
}

TEST_F(Drafts, AWithdrawalNeedsAReasonAndEndsTheHistory)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02")}, candor::testing::known());
    const auto id = service.list().at(0).id;
    service.publish(id, coordinator, check);
    EXPECT_THROW(service.cancel(id, "  ", coordinator, check), candor::core::ValidationError);
    const auto cancel = service.cancel(id, "The lab found the strip result was a false positive", coordinator, check);
    ASSERT_TRUE(cancel.has_value());
    EXPECT_EQ(cancel->msgType, "Cancel");
    EXPECT_EQ(cancel->sequence, 2);
    const auto history = service.history(id);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].msgType, "Alert");
    EXPECT_EQ(history[1].reason, "The lab found the strip result was a false positive");
    EXPECT_EQ(service.get(id).status, "cancelled");
    EXPECT_THROW(service.publish(id, coordinator, check), candor::core::ValidationError);
    EXPECT_EQ(service.publications().size(), 2u);
}

TEST_F(Drafts, AnInvalidatedSampleDropsOutOfThePublishedAlert)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02")}, candor::testing::known());
    const auto id = service.list().at(0).id;
    service.publish(id, coordinator, check);
    service.refresh({}, candor::testing::known());
    EXPECT_EQ(service.get(id).sampleCount, 0);
    EXPECT_TRUE(service.get(id).needsUpdate);
    // Nothing supports it now: a correction is refused (withdraw it instead), and so is a
    // draft that lost its samples; neither publishes anything.
    try {
        service.publish(id, coordinator, check);
        FAIL() << "published an alert that no sample supports";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_NE(std::string(e.what()).find("withdraw it instead"), std::string::npos) << e.what();
    }
    EXPECT_EQ(service.history(id).size(), 1u);

    service.refresh({fentCoke("b", "2026-05-04")}, candor::testing::known());
    const auto draft = service.list().at(0);
    ASSERT_EQ(draft.status, "draft");
    service.refresh({}, candor::testing::known());
    try {
        service.publish(draft.id, coordinator, check);
        FAIL() << "published a draft that no sample supports";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_NE(std::string(e.what()).find("dismiss it"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(service.history(draft.id).empty());
}

TEST_F(Drafts, ASubstanceIsNewOnlyTheFirstTimeAndNotWhenTheCatalogueKnowsIt)
{
    DraftService service(*draftStore, rules);
    service.refresh({sample("a", "2026-03-02", "mdma", "stimulant",
                            {found("n-ethylpentylone", "stimulant"), found("mdma", "stimulant")}),
                     sample("b", "2026-05-04", "mdma", "stimulant", {found("n-ethylpentylone", "stimulant")})},
                    {"mdma"});
    const auto drafts = service.list();
    ASSERT_EQ(drafts.size(), 1u);
    EXPECT_EQ(drafts[0].ruleId, "never-seen-before");
    EXPECT_EQ(drafts[0].found, "n-ethylpentylone");
    EXPECT_EQ(drafts[0].sampleIds, std::vector<std::string>{"a"});
}

TEST_F(Drafts, EditPublishCorrectionAndWithdrawalAreInTheAuditLogWithWhoAndWhy)
{
    DraftService service(*draftStore, rules);
    service.refresh({fentCoke("a", "2026-03-02"), fentCoke("b", "2026-03-09")}, candor::testing::known());
    const auto drafts = service.list();
    ASSERT_EQ(drafts.size(), 1u);
    const auto id = drafts[0].id;
    AlertEdit edit;
    edit.headline = "Fentanyl in cocaine this fortnight";
    service.edit(id, edit, coordinator);
    service.publish(id, coordinator, check);
    edit.headline = "Fentanyl in cocaine: corrected";
    service.edit(id, edit, coordinator);
    service.publish(id, coordinator, check);
    service.cancel(id, "The lab did not confirm it", coordinator, check);

    std::vector<std::string> actions;
    for (const auto &e : candor::core::AuditLog(*db).all()) {
        if (e.entity != "alert" || e.entityId != id)
            continue;
        actions.push_back(e.action);
        EXPECT_EQ(e.actorName, "cora");
        if (e.action == "withdraw") {
            EXPECT_EQ(e.reason, "The lab did not confirm it");
        }
        if (e.action == "publish-update") {
            EXPECT_NE(e.oldValue.find("Fentanyl in cocaine this fortnight"), std::string::npos) << e.oldValue;
            EXPECT_NE(e.newValue.find("corrected"), std::string::npos) << e.newValue;
        }
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"edit", "publish", "edit", "publish-update", "withdraw"}));
    EXPECT_TRUE(candor::core::AuditLog(*db).verify().ok);

    // A draft dismissed without publishing is audited too.
    service.refresh({sample("n", "2026-03-04", "heroin", "opioid", {found("protonitazene", "nitazene")})},
                    candor::testing::known());
    const auto nitazene = service.list("draft").at(0).id;
    EXPECT_FALSE(service.cancel(nitazene, "Duplicate of an earlier alert", coordinator, check).has_value());
    const auto all = candor::core::AuditLog(*db).all();
    EXPECT_EQ(all.back().action, "dismiss");
    EXPECT_EQ(all.back().entityId, nitazene);
}
