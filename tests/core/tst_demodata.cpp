// The demo data set (issue 12, requirement 3): it walks the whole path a result takes,
// is the same in every database, and removeDemoData() takes every demo record out in one
// transaction while real samples stay byte for byte as they were.

#include "fixture.h"

#include "core/auditlog.h"
#include "core/demodata.h"
#include "core/errors.h"
#include "core/findings.h"
#include "core/readings.h"
#include "core/slip.h"
#include "core/util.h"
#include "core/workflow.h"

#include <map>
#include <set>

using namespace candor::core;
using candor::testing::CoreFixture;

namespace {

std::int64_t scalar(Database &db, const std::string &sql)
{
    auto st = db.prepare(sql);
    st.step();
    return st.columnInt(0);
}

std::vector<std::string> tables(Database &db)
{
    std::vector<std::string> out;
    auto st = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (st.step())
        out.push_back(st.columnText(0));
    return out;
}

// Every row of every table as text (blobs by their hex), per table: what "byte for byte
// as it was" is measured with.
std::map<std::string, std::multiset<std::string>> everyRow(Database &db)
{
    std::map<std::string, std::multiset<std::string>> out;
    for (const auto &table : tables(db)) {
        std::vector<std::string> columns;
        auto info = db.prepare("SELECT name FROM pragma_table_info(?)");
        info.bind(1, table);
        while (info.step())
            columns.push_back(info.columnText(0));
        std::string select = "SELECT ";
        for (std::size_t i = 0; i < columns.size(); ++i)
            select += (i ? " || char(31) || " : "") + std::string("quote(\"") + columns[i] + "\")";
        auto rows = db.prepare(select + " FROM \"" + table + "\"");
        auto &set = out[table];
        while (rows.step())
            set.insert(rows.columnText(0));
    }
    return out;
}

std::map<std::string, std::int64_t> statusCounts(Database &db)
{
    std::map<std::string, std::int64_t> out;
    auto st = db.prepare("SELECT CASE WHEN status = 'in-testing' AND status_reason IS NOT NULL THEN 'returned' ELSE status END, "
                         "count(*) FROM samples WHERE is_demo = 1 GROUP BY 1");
    while (st.step())
        out[st.columnText(0)] = st.columnInt(1);
    return out;
}

// What a demo looks like apart from ids, codes and times: per sample its words, status,
// reason, readings and findings; sorted, so the comparison does not depend on ids.
std::multiset<std::string> demoContent(Database &db)
{
    std::multiset<std::string> out;
    auto st = db.prepare(
        "SELECT s.sold_as || '|' || s.form || '|' || COALESCE(s.colour, '') || '|' || s.status || '|' || "
        "COALESCE(s.status_reason, '') || '|' "
        "|| COALESCE(s.referral_reason, '') || '|' || COALESCE(su.name, '') || '|' || COALESCE(vu.name, '') || '|' "
        "|| COALESCE((SELECT group_concat(strip_type || '=' || result) FROM strip_readings WHERE sample_id = s.id), '') || '|' "
        "|| COALESCE((SELECT group_concat(reagent || '=' || colours) FROM reagent_readings WHERE sample_id = s.id), '') || '|' "
        "|| COALESCE((SELECT group_concat(kind || ':' || COALESCE(substance, '') || ':' || COALESCE(abundance, ''), ',') "
        "             FROM (SELECT * FROM findings WHERE sample_id = s.id ORDER BY position)), '') "
        "FROM samples s LEFT JOIN users su ON su.id = s.submitted_by LEFT JOIN users vu ON vu.id = s.verified_by "
        "WHERE s.is_demo = 1");
    while (st.step())
        out.insert(st.columnText(0));
    return out;
}

class DemoDataTest : public CoreFixture {
protected:
    void SetUp() override
    {
        CoreFixture::SetUp();
        vera = UserStore(*db).add({"vera", "Vera Verifier", {"verifier"}, "verify me please"}, &admin);
    }

    // A real sample taken through to verified, with a strip, a reagent and findings.
    Sample realVerifiedSample()
    {
        const Sample s = SampleStore(*db, *catalogue).add(powder("coke"), tech);
        ReadingStore readings(*db, *catalogue);
        readings.addStrip(s.id, StripInput{"fentanyl", "positive", "Brand", "LOT-1", std::nullopt, 5.0, 5.0}, tech);
        readings.addReagent(s.id, "marquis", {"no change"}, tech);
        FindingStore(*db, *catalogue)
            .set(s.id, {parseComponent("cocaine hcl"), parseComponent("fentanyl:trace")}, std::nullopt, tech);
        Workflow(*db).submit(s.id, tech);
        Workflow(*db).verify(s.id, vera);
        return s;
    }

    User vera;
};

TEST_F(DemoDataTest, DemoCoversEveryStatusOfTheWorkflow)
{
    ASSERT_EQ(loadDemoData(*db, admin, 40), 40);
    const auto counts = statusCounts(*db);
    for (const char *status : {"received", "in-testing", "to-be-verified", "returned", "verified", "invalidated"})
        EXPECT_GT(counts.count(status) ? counts.at(status) : 0, 0) << "no demo sample is " << status;
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM samples WHERE is_demo = 0"), 0);
    // Readings on every sample past intake, findings on every one that went to a verifier.
    EXPECT_EQ(
        scalar(
            *db,
            "SELECT count(*) FROM samples s WHERE status <> 'received' AND NOT EXISTS "
            "(SELECT 1 FROM strip_readings WHERE sample_id = s.id UNION SELECT 1 FROM reagent_readings WHERE sample_id = s.id)"),
        0);
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM samples s WHERE status IN ('to-be-verified', 'verified', 'invalidated') "
                          "AND NOT EXISTS (SELECT 1 FROM findings WHERE sample_id = s.id)"),
              0);
    EXPECT_GT(scalar(*db, "SELECT count(*) FROM findings"), 0);
    // Four eyes held: whoever verified did not submit.
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM samples WHERE verified_by IS NOT NULL AND verified_by = submitted_by"), 0);
    // The invalidated results that had been verified asked for their alerts to be updated.
    EXPECT_GT(scalar(*db, "SELECT count(*) FROM alert_update_requests"), 0);
}

TEST_F(DemoDataTest, AVerifierFindsAQueueAndAVerifiedDemoSampleHasASlip)
{
    loadDemoData(*db, admin, 20);
    SampleStore samples(*db, *catalogue);
    const auto queue = samples.waitingForVerification();
    ASSERT_FALSE(queue.empty());
    for (const auto &s : queue) {
        EXPECT_TRUE(s.isDemo);
        EXPECT_EQ(s.submittedByName.value_or(""), kDemoTechnicianName);
        // The demo technician submitted: a real verifier may verify, four eyes holds.
        EXPECT_TRUE(Workflow(*db).canVerify(s.id, vera));
    }
    Workflow(*db).verify(queue.front().id, vera);

    SampleQuery verified;
    verified.status = SampleStatus::Verified;
    const auto list = samples.list(verified, 0, 100);
    ASSERT_FALSE(list.empty());
    const auto slip = buildSlip(*db, *catalogue, list.back().id, admin);
    EXPECT_FALSE(slip.found.empty());
    EXPECT_EQ(slip.publicCode, list.back().publicCode);
}

TEST_F(DemoDataTest, DemoMakesAlertDraftsOnTheDemoRegionOnly)
{
    loadDemoData(*db, admin, 120);
    EXPECT_GT(scalar(*db, "SELECT count(*) FROM alerts WHERE status = 'draft' AND region = 'Demo region'"), 0);
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM alerts WHERE status <> 'draft' OR region <> 'Demo region'"), 0);
    // Each draft rests on verified demo samples only.
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM alert_samples l JOIN samples s ON s.id = l.sample_id "
                          "WHERE s.is_demo = 0 OR s.status <> 'verified'"),
              0);
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM alert_samples"), scalar(*db, "SELECT sum(sample_count) FROM alerts"));
}

TEST_F(DemoDataTest, DemoIsTheSameInEveryDatabase)
{
    loadDemoData(*db, admin, 60);
    candor::testing::TempDir otherDir;
    auto other = openCandorDatabase(otherDir / "other.sqlite");
    UserStore users(*other);
    const User otherAdmin = users.add({"otto", "", {"admin"}, "another password"}, nullptr);
    loadDemoData(*other, otherAdmin, 60);
    const auto mine = demoContent(*db);
    EXPECT_EQ(mine.size(), 60u);
    EXPECT_EQ(mine, demoContent(*other));
}

TEST_F(DemoDataTest, RemoveTakesOutEveryDemoRecordAndLeavesRealDataAsItWas)
{
    const Sample real = realVerifiedSample();
    loadDemoData(*db, admin, 40);
    // What other parts of Candor may have hung on a demo sample since: a lab result and an
    // instrument file with a spectrum and its match.
    const std::string demoId = SampleStore(*db, *catalogue).list({.demo = true}, 0, 1).front().id;
    db->prepare("INSERT INTO lab_results (id, sample_id, substance, detected, file_name, source_line, imported_at, imported_by) "
                "VALUES ('lab1', ?, 'fentanyl', 1, 'lab.csv', 2, '2026-11-30T10:00:00Z', ?)")
        .bind(1, demoId)
        .bind(2, admin.id)
        .run();
    db->prepare("INSERT INTO instrument_files (id, sample_id, file_name, format, size_bytes, sha256, content, imported_at, "
                "imported_by) "
                "VALUES ('file1', ?, 'x.jdx', 'jcamp-dx', 1, 'abc', x'00', '2026-11-30T10:00:00Z', ?)")
        .bind(1, demoId)
        .bind(2, admin.id)
        .run();
    db->exec(
        "INSERT INTO instrument_spectra (id, file_id, position, title, technique, x_units, y_units, npoints, x, y, metadata) "
        "VALUES ('spec1', 'file1', 0, 't', 'ftir', '1/cm', 'a', 0, x'', x'', '{}')");
    db->exec("INSERT INTO match_results (id, spectrum_id, library_name, library_version, library_spectra, verdict, reason, "
             "created_at) "
             "VALUES ('match1', 'spec1', 'lib', '1', 1, 'match', 'r', '2026-11-30T10:00:00Z')");

    const auto before = everyRow(*db);
    const auto auditBefore = scalar(*db, "SELECT count(*) FROM audit_log");
    const auto demoSamples = scalar(*db, "SELECT count(*) FROM samples WHERE is_demo = 1");
    const std::string someDemoSample = demoId;

    const DemoRemoval removed = removeDemoData(*db, admin);

    EXPECT_EQ(removed.samples, demoSamples);
    EXPECT_EQ(removed.labResults, 1);
    EXPECT_EQ(removed.instrumentFiles, 1);
    EXPECT_EQ(removed.instrumentSpectra, 1);
    EXPECT_EQ(removed.matchResults, 1);
    EXPECT_GT(removed.findings, 0);
    EXPECT_GT(removed.stripReadings, 0);
    EXPECT_GT(removed.alertUpdateRequests, 0);
    EXPECT_EQ(removed.users, 2);
    EXPECT_EQ(removed.sites, 1);
    EXPECT_FALSE(hasDemoData(*db));

    // Zero demo rows anywhere: every row that points at a sample points at a real one.
    for (const auto &table : tables(*db)) {
        if (table == "audit_log")
            continue;
        auto info = db->prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = 'sample_id'");
        info.bind(1, table);
        info.step();
        if (info.columnInt(0) == 0)
            continue;
        EXPECT_EQ(scalar(*db, "SELECT count(*) FROM \"" + table + "\" WHERE sample_id NOT IN (SELECT id FROM samples)"), 0)
            << table;
    }
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM alerts"), 0);
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM users WHERE name LIKE 'demo-%'"), 0);
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM sites WHERE region = 'Demo region'"), 0);

    // Nothing that stays was changed: every row now was there before, byte for byte, and
    // the real sample still has all it had. The audit log only grew by one entry.
    const auto after = everyRow(*db);
    for (const auto &[table, rows] : after) {
        if (table == "audit_log")
            continue;
        for (const auto &row : rows)
            EXPECT_TRUE(before.at(table).count(row)) << table << " row changed or appeared: " << row;
    }
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM samples"), 1);
    EXPECT_EQ(toString(SampleStore(*db, *catalogue).find(real.id)->status), "verified");
    EXPECT_EQ(FindingStore(*db, *catalogue).list(real.id).size(), 2u);
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM audit_log"), auditBefore + 1);
    for (const auto &row : before.at("audit_log"))
        EXPECT_TRUE(after.at("audit_log").count(row));

    // The one entry says what went; the history of the demo samples stays and verifies.
    const auto last = AuditLog(*db).all().back();
    EXPECT_EQ(last.entity, "demo_data");
    EXPECT_EQ(last.action, "remove");
    EXPECT_EQ(last.actorName, "ada");
    EXPECT_EQ(nlohmann::json::parse(last.oldValue)["samples"], demoSamples);
    EXPECT_EQ(nlohmann::json::parse(last.oldValue)["users"], 2);
    EXPECT_FALSE(AuditLog(*db).forSample(someDemoSample).empty());
    const auto check = AuditLog(*db).verify();
    EXPECT_TRUE(check.ok) << check.problem;

    // Loading again after a removal works: the site and accounts come back.
    EXPECT_EQ(loadDemoData(*db, admin, 10), 10);
    EXPECT_TRUE(hasDemoData(*db));
}

TEST_F(DemoDataTest, ADemoAccountThatDidRealWorkStays)
{
    loadDemoData(*db, admin, 10);
    const auto demoTech = UserStore(*db).findByName(kDemoTechnicianName);
    ASSERT_TRUE(demoTech);
    // Someone took in a real sample as the demo technician: that account is history now.
    SampleStore(*db, *catalogue).add(powder("coke"), *demoTech);
    const auto removed = removeDemoData(*db, admin);
    EXPECT_EQ(removed.users, 1);
    EXPECT_TRUE(UserStore(*db).findByName(kDemoTechnicianName));
    EXPECT_FALSE(UserStore(*db).findByName(kDemoVerifierName));
    EXPECT_EQ(scalar(*db, "SELECT count(*) FROM samples"), 1);
}

TEST_F(DemoDataTest, RemoveIsRefusedForANonAdminWithNothingChanged)
{
    loadDemoData(*db, admin, 20);
    const auto before = everyRow(*db);
    try {
        removeDemoData(*db, tech);
        FAIL() << "a technician removed the demo data";
    } catch (const PermissionDenied &e) {
        EXPECT_NE(std::string(e.what()).find("admin"), std::string::npos) << e.what();
    }
    EXPECT_THROW(removeDemoData(*db, vera), PermissionDenied);
    EXPECT_EQ(everyRow(*db), before);
}

TEST_F(DemoDataTest, RemoveWithoutDemoDataRemovesNothingAndSaysSo)
{
    realVerifiedSample();
    const auto before = everyRow(*db);
    const auto removed = removeDemoData(*db, admin);
    EXPECT_EQ(removed.toJson().dump(), DemoRemoval{}.toJson().dump());
    auto after = everyRow(*db);
    after.erase("audit_log");
    auto expected = before;
    expected.erase("audit_log");
    EXPECT_EQ(after, expected);
    EXPECT_EQ(AuditLog(*db).all().back().action, "remove");
}

} // namespace
