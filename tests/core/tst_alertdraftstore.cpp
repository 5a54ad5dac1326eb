// The SQLite AlertDraftStore against a real, migrated Candor database file: what the
// alerts library writes through it reads back the same, units of work roll back, and
// the rows keep the shape older databases hold.

#include "core/auditlog.h"
#include "core/sqlite/sqlitealertdraftstore.h"
#include "fixture.h"

#include <gtest/gtest.h>

using candor::core::Alert;
using candor::core::DraftText;
using candor::core::Publication;
using candor::core::SqliteAlertDraftStore;

namespace {

class AlertDraftStoreTest : public candor::testing::CoreFixture {
protected:
    Alert draft(const std::string &id, const std::string &window, const std::string &severity = "warning",
                const std::string &region = "Vancouver")
    {
        Alert a;
        a.id = id;
        a.ruleId = "fentanyl-not-sold-as-opioid";
        a.region = region;
        a.windowStart = window;
        a.windowEnd = window;
        a.severity = candor::core::parse<candor::core::AlertSeverity>(severity);
        a.headline = "Fentanyl found in cocaine";
        a.found = "fentanyl";
        a.soldAs = "cocaine";
        a.advice = "Carry naloxone.";
        a.sampleIds = {"s2", "s1"};
        a.sampleCount = 2;
        a.createdAt = "2026-03-02T10:00:00Z";
        return a;
    }

    Publication publication(const std::string &alertId, int sequence, const std::string &msgType, const std::string &reason = {})
    {
        Publication p;
        p.id = alertId + "-p" + std::to_string(sequence);
        p.alertId = alertId;
        p.sequence = sequence;
        p.msgType = msgType;
        p.publishedAt = "2026-03-0" + std::to_string(2 + sequence) + "T10:00:00Z";
        p.publishedBy = admin.id;
        p.severity = candor::core::AlertSeverity::Warning;
        p.headline = "Fentanyl found in cocaine";
        p.found = "fentanyl";
        p.soldAs = "cocaine";
        p.advice = "Carry naloxone.";
        p.sampleCount = 2;
        p.region = "Vancouver";
        p.windowStart = "2026-W10";
        p.windowEnd = "2026-W11";
        p.reason = reason;
        return p;
    }
};

} // namespace

TEST_F(AlertDraftStoreTest, AnInsertedDraftReadsBackAsADraftWithItsSamplesSorted)
{
    SqliteAlertDraftStore store(*db);
    store.insertDraft(draft("alert-1", "2026-W10"));
    const auto a = store.find("alert-1");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, "draft");
    EXPECT_EQ(a->ruleId, "fentanyl-not-sold-as-opioid");
    EXPECT_EQ(a->windowStart, "2026-W10");
    EXPECT_EQ(candor::core::toString(a->severity), "warning");
    EXPECT_EQ(a->headline, "Fentanyl found in cocaine");
    EXPECT_EQ(a->advice, "Carry naloxone.");
    EXPECT_EQ(a->sampleCount, 2);
    EXPECT_EQ(a->sampleIds, (std::vector<std::string>{"s1", "s2"}));
    EXPECT_FALSE(a->edited);
    EXPECT_FALSE(a->needsUpdate);
    EXPECT_EQ(a->createdAt, "2026-03-02T10:00:00Z");
    EXPECT_EQ(a->updatedAt, a->createdAt);
    EXPECT_FALSE(store.find("alert-2"));
    const auto byWindow = store.findForWindow("fentanyl-not-sold-as-opioid", "Vancouver", "2026-W10");
    ASSERT_TRUE(byWindow);
    EXPECT_EQ(byWindow->id, "alert-1");
    EXPECT_EQ(byWindow->sampleIds, (std::vector<std::string>{"s1", "s2"}));
    EXPECT_FALSE(store.findForWindow("fentanyl-not-sold-as-opioid", "Surrey", "2026-W10"));
}

TEST_F(AlertDraftStoreTest, ListsNewestWindowFirstThenWarningsThenCautionsAndFiltersByStatus)
{
    SqliteAlertDraftStore store(*db);
    store.insertDraft(draft("old", "2026-W08"));
    store.insertDraft(draft("caution", "2026-W10", "caution", "Abbotsford"));
    store.insertDraft(draft("info", "2026-W10", "information", "Aldergrove"));
    store.insertDraft(draft("warning", "2026-W10", "warning", "Vancouver"));
    std::vector<std::string> ids;
    for (const auto &a : store.list(std::nullopt))
        ids.push_back(a.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"warning", "caution", "info", "old"}));
    store.markPublished("old", "2026-03-09T10:00:00Z");
    const auto published = store.list(std::string("published"));
    ASSERT_EQ(published.size(), 1u);
    EXPECT_EQ(published[0].id, "old");
    EXPECT_EQ(published[0].updatedAt, "2026-03-09T10:00:00Z");
    EXPECT_EQ(store.list(std::string("draft")).size(), 3u);
    EXPECT_TRUE(store.list(std::string("cancelled")).empty());
}

TEST_F(AlertDraftStoreTest, IdsStartingWithAPrefixStopAtTheLimit)
{
    SqliteAlertDraftStore store(*db);
    store.insertDraft(draft("abcd1111", "2026-W10", "warning", "Vancouver"));
    store.insertDraft(draft("abcd2222", "2026-W10", "warning", "Surrey"));
    store.insertDraft(draft("ffff0000", "2026-W10", "warning", "Burnaby"));
    EXPECT_EQ(store.idsStartingWith("abcd1111", 2), (std::vector<std::string>{"abcd1111"}));
    EXPECT_EQ(store.idsStartingWith("ffff", 2), (std::vector<std::string>{"ffff0000"}));
    EXPECT_EQ(store.idsStartingWith("abcd", 2).size(), 2u);
    EXPECT_EQ(store.idsStartingWith("abcd", 1).size(), 1u);
    EXPECT_TRUE(store.idsStartingWith("9999", 2).empty());
}

TEST_F(AlertDraftStoreTest, NewMatchesReplaceTheSamplesAndFlagOnlyAPublishedAlertForAnUpdate)
{
    SqliteAlertDraftStore store(*db);
    store.insertDraft(draft("drafted", "2026-W10", "warning", "Vancouver"));
    store.insertDraft(draft("published", "2026-W10", "warning", "Surrey"));
    store.markPublished("published", "2026-03-03T10:00:00Z");

    store.updateMatches("drafted", DraftText{"New headline", "fentanyl and xylazine", "cocaine", "New advice"}, {"s3"},
                        "2026-03-04T10:00:00Z");
    auto a = *store.find("drafted");
    EXPECT_EQ(a.headline, "New headline");
    EXPECT_EQ(a.found, "fentanyl and xylazine");
    EXPECT_EQ(a.advice, "New advice");
    EXPECT_EQ(a.sampleCount, 1);
    EXPECT_EQ(a.sampleIds, (std::vector<std::string>{"s3"}));
    EXPECT_FALSE(a.needsUpdate);
    EXPECT_EQ(a.updatedAt, "2026-03-04T10:00:00Z");

    // No text: a coordinator's edit stays; only the samples change.
    store.updateMatches("published", std::nullopt, {}, "2026-03-05T10:00:00Z");
    a = *store.find("published");
    EXPECT_EQ(a.headline, "Fentanyl found in cocaine");
    EXPECT_EQ(a.sampleCount, 0);
    EXPECT_TRUE(a.sampleIds.empty());
    EXPECT_TRUE(a.needsUpdate);
    EXPECT_EQ(a.status, "published");
}

TEST_F(AlertDraftStoreTest, AnEditMarksTheAlertEditedAndPublishingOrCancellingClearsNeedsUpdate)
{
    SqliteAlertDraftStore store(*db);
    store.insertDraft(draft("alert-1", "2026-W10"));
    store.markPublished("alert-1", "2026-03-03T10:00:00Z");
    Alert a = *store.find("alert-1");
    a.headline = "Edited headline";
    a.severity = candor::core::AlertSeverity::Caution;
    store.saveEdit(a, "2026-03-04T10:00:00Z");
    a = *store.find("alert-1");
    EXPECT_EQ(a.headline, "Edited headline");
    EXPECT_EQ(candor::core::toString(a.severity), "caution");
    EXPECT_TRUE(a.edited);
    EXPECT_TRUE(a.needsUpdate);
    store.markCancelled("alert-1", "2026-03-05T10:00:00Z");
    a = *store.find("alert-1");
    EXPECT_EQ(a.status, "cancelled");
    EXPECT_FALSE(a.needsUpdate);
    EXPECT_EQ(a.updatedAt, "2026-03-05T10:00:00Z");
}

TEST_F(AlertDraftStoreTest, PublicationsReadBackInOrderAndOnlyACancelKeepsAReason)
{
    SqliteAlertDraftStore store(*db);
    store.insertDraft(draft("b-alert", "2026-W10", "warning", "Vancouver"));
    store.insertDraft(draft("a-alert", "2026-W10", "warning", "Surrey"));
    store.insertPublication(publication("b-alert", 2, "Cancel", "posted by mistake"));
    store.insertPublication(publication("b-alert", 1, "Alert"));
    store.insertPublication(publication("a-alert", 1, "Alert"));
    const auto history = store.history("b-alert");
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].msgType, "Alert");
    EXPECT_EQ(history[0].reason, "");
    EXPECT_EQ(history[0].publishedBy, admin.id);
    EXPECT_EQ(history[0].windowEnd, "2026-W11");
    EXPECT_EQ(history[1].msgType, "Cancel");
    EXPECT_EQ(history[1].reason, "posted by mistake");
    // An empty reason is no reason at all: NULL, as the earlier code stored it.
    auto st = db->prepare("SELECT count(*) FROM alert_publications WHERE reason IS NULL");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.columnInt(0), 2);
    std::vector<std::string> order;
    for (const auto &p : store.publications())
        order.push_back(p.alertId + "/" + std::to_string(p.sequence));
    EXPECT_EQ(order, (std::vector<std::string>{"a-alert/1", "b-alert/1", "b-alert/2"}));
}

TEST_F(AlertDraftStoreTest, AUnitOfWorkNotCommittedLeavesNothingEvenWhenAnInnerOneCommitted)
{
    SqliteAlertDraftStore store(*db);
    {
        const auto outer = store.begin();
        store.insertDraft(draft("alert-1", "2026-W10"));
        {
            const auto inner = store.begin();
            store.insertPublication(publication("alert-1", 1, "Alert"));
            store.recordAudit(admin, "alert-1", "publish", nullptr, {{"headline", "x"}});
            inner->commit();
        }
    }
    EXPECT_FALSE(store.find("alert-1"));
    EXPECT_TRUE(store.history("alert-1").empty());
    {
        const auto tx = store.begin();
        store.insertDraft(draft("alert-1", "2026-W10"));
        tx->commit();
    }
    EXPECT_TRUE(store.find("alert-1"));
}

TEST_F(AlertDraftStoreTest, AnAuditEntryNamesTheAlertTheActorAndTheReason)
{
    SqliteAlertDraftStore store(*db);
    store.insertDraft(draft("alert-1", "2026-W10"));
    store.recordAudit(admin, "alert-1", "withdraw", {{"headline", "before"}}, {{"headline", "after"}}, "posted by mistake");
    const auto entries = candor::core::AuditLog(*db).all();
    ASSERT_FALSE(entries.empty());
    const auto &e = entries.back();
    EXPECT_EQ(e.entity, "alert");
    EXPECT_EQ(e.entityId, "alert-1");
    EXPECT_EQ(e.action, "withdraw");
    EXPECT_EQ(e.actorId, admin.id);
    EXPECT_EQ(e.reason, "posted by mistake");
    EXPECT_EQ(nlohmann::json::parse(e.oldValue), (nlohmann::json{{"headline", "before"}}));
    EXPECT_EQ(nlohmann::json::parse(e.newValue), (nlohmann::json{{"headline", "after"}}));
    EXPECT_TRUE(candor::core::AuditLog(*db).verify().ok);
}

TEST_F(AlertDraftStoreTest, TellsWhetherAnySampleIsADemoSample)
{
    candor::core::SampleStore samples(*db, *catalogue);
    const auto real = samples.add(powder(), tech);
    const auto demo = samples.add(powder("molly"), tech);
    db->prepare("UPDATE samples SET is_demo = 1 WHERE id = ?1").bind(1, demo.id).run();
    SqliteAlertDraftStore store(*db);
    EXPECT_FALSE(store.anyDemoSample({real.id, "no-such-sample"}));
    EXPECT_TRUE(store.anyDemoSample({real.id, demo.id}));
    EXPECT_FALSE(store.anyDemoSample({}));
}
