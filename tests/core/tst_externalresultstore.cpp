// The SQLite ExternalResultStore against a real, migrated Candor database file: rows
// read back as they went in, a row is known by source, file and row number, and the
// JSON columns keep the shape databases written before the store already hold.

#include "core/sqlite/sqliteexternalresultstore.h"
#include "fixture.h"

#include <gtest/gtest.h>

using candor::core::ExternalResult;
using candor::core::SqliteExternalResultStore;

namespace {

class ExternalResultStoreTest : public candor::testing::CoreFixture {
protected:
    static ExternalResult row(const std::string &id, const std::string &source, int sourceRow, const std::string &date)
    {
        ExternalResult r;
        r.id = id;
        r.source = source;
        r.fileSha256 = "5f2b";
        r.sourceRow = sourceRow;
        r.receivedDate = date;
        r.site = "Main Street";
        r.region = "Vancouver";
        r.soldAs = "Down";
        r.soldAsSubstance = "fentanyl";
        r.strips = {{"fentanyl", "positive"}, {"benzodiazepine", "not-tested"}};
        r.findings = {{"fentanyl", "fentanyl", "trace", "ftir", "Fentanyl HCl"},
                      {"caffeine", "cut", "primary", "ftir", "Caffeine"}};
        r.importedAt = "2026-12-01T10:00:00Z";
        return r;
    }
};

} // namespace

TEST_F(ExternalResultStoreTest, AStoredRowReadsBackWithItsStripsAndFindings)
{
    SqliteExternalResultStore store(*db);
    store.insert(row("r1", "drugcheckingbc", 1, "2018-07-02"));
    const auto rows = store.list(std::nullopt);
    ASSERT_EQ(rows.size(), 1u);
    const auto &r = rows[0];
    EXPECT_EQ(r.id, "r1");
    EXPECT_EQ(r.source, "drugcheckingbc");
    EXPECT_EQ(r.fileSha256, "5f2b");
    EXPECT_EQ(r.sourceRow, 1);
    EXPECT_EQ(r.receivedDate, "2018-07-02");
    EXPECT_EQ(r.site, "Main Street");
    EXPECT_EQ(r.soldAs, "Down");
    EXPECT_EQ(r.soldAsSubstance, std::optional<std::string>("fentanyl"));
    EXPECT_EQ(r.soldAsClass, std::nullopt);
    EXPECT_EQ(r.strips, (std::map<std::string, std::string>{{"benzodiazepine", "not-tested"}, {"fentanyl", "positive"}}));
    ASSERT_EQ(r.findings.size(), 2u);
    EXPECT_EQ(r.findings[0].substance, "fentanyl");
    EXPECT_EQ(r.findings[0].substanceClass, "fentanyl");
    EXPECT_EQ(r.findings[0].abundance, "trace");
    EXPECT_EQ(r.findings[0].technique, "ftir");
    EXPECT_EQ(r.findings[0].reported, "Fentanyl HCl");
    EXPECT_EQ(r.findings[1].substance, "caffeine");
    EXPECT_EQ(r.importedAt, "2026-12-01T10:00:00Z");
}

TEST_F(ExternalResultStoreTest, TheJsonColumnsKeepTheShapeEarlierImportsWrote)
{
    SqliteExternalResultStore store(*db);
    store.insert(row("r1", "drugcheckingbc", 1, "2018-07-02"));
    auto st = db->prepare("SELECT strips, findings FROM external_results WHERE id = 'r1'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.columnText(0), R"({"benzodiazepine":"not-tested","fentanyl":"positive"})");
    EXPECT_EQ(st.columnText(1),
              R"([{"abundance":"trace","class":"fentanyl","reported":"Fentanyl HCl","substance":"fentanyl","technique":"ftir"},)"
              R"({"abundance":"primary","class":"cut","reported":"Caffeine","substance":"caffeine","technique":"ftir"}])");
}

TEST_F(ExternalResultStoreTest, ARowIsKnownBySourceFileAndRowNumber)
{
    SqliteExternalResultStore store(*db);
    store.insert(row("r1", "drugcheckingbc", 7, "2018-07-02"));
    EXPECT_TRUE(store.contains("drugcheckingbc", "5f2b", 7));
    EXPECT_FALSE(store.contains("drugcheckingbc", "5f2b", 8));
    EXPECT_FALSE(store.contains("drugcheckingbc", "aaaa", 7));
    EXPECT_FALSE(store.contains("other", "5f2b", 7));
}

TEST_F(ExternalResultStoreTest, CountsAndListsBySourceOldestFirstThenByRow)
{
    SqliteExternalResultStore store(*db);
    store.insert(row("late", "drugcheckingbc", 1, "2018-07-09"));
    store.insert(row("early-2", "drugcheckingbc", 3, "2018-07-02"));
    store.insert(row("early-1", "drugcheckingbc", 2, "2018-07-02"));
    store.insert(row("elsewhere", "other", 1, "2018-07-01"));
    EXPECT_EQ(store.count(std::nullopt), 4);
    EXPECT_EQ(store.count(std::string("drugcheckingbc")), 3);
    EXPECT_EQ(store.count(std::string("nobody")), 0);
    std::vector<std::string> ids;
    for (const auto &r : store.list(std::string("drugcheckingbc")))
        ids.push_back(r.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"early-1", "early-2", "late"}));
    EXPECT_EQ(store.list(std::nullopt).front().id, "elsewhere");
}

TEST_F(ExternalResultStoreTest, AnImportNotCommittedLeavesNoRow)
{
    SqliteExternalResultStore store(*db);
    {
        const auto tx = store.begin();
        store.insert(row("r1", "drugcheckingbc", 1, "2018-07-02"));
        EXPECT_EQ(store.count(std::nullopt), 1);
    }
    EXPECT_EQ(store.count(std::nullopt), 0);
}
