// The real candor-cli with confirmatory lab results (issue 11): 'lab import' of the
// documented CSV (and again, adding nothing), every bad file refused with exit 65 naming
// its line and column and the database left as it was, 'lab report --json' with the
// numbers tests/support/labscenario.h works out, and 'lab adopt-thresholds' for admins only.

#include "cli/clirunner.h"
#include "support/labscenario.h"
#include "support/tempdir.h"

#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/users.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using candor::testing::CliResult;
using candor::testing::expectMentions;
using candor::testing::runCliOn;
using candor::testing::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kLab = "tests/data/lab/";

class LabCli : public ::testing::Test {
protected:
    CliResult as(const std::string &user, const std::vector<std::string> &args)
    {
        std::vector<std::string> full = {"--user", user};
        full.insert(full.end(), args.begin(), args.end());
        return runCliOn(dbPath.string(), dir.path().string(), full,
                        {{"CANDOR_PASSWORD", user + "-secret-1"}, {"CANDOR_NO_DEMO_LIBRARY", "1"}});
    }

    void SetUp() override
    {
        ASSERT_EQ(runCliOn(dbPath.string(), dir.path().string(), {"user", "add", "ada", "--role", "admin"},
                           {{"CANDOR_PASSWORD", "ada-secret-1"}, {"CANDOR_NO_DEMO_LIBRARY", "1"}})
                      .exitCode,
                  0);
        for (const auto &[name, role] : {std::pair{"tess", "technician"}, std::pair{"vera", "verifier"}})
            ASSERT_EQ(runCliOn(dbPath.string(), dir.path().string(), {"--user", "ada", "user", "add", name, "--role", role},
                               {{"CANDOR_PASSWORD", "ada-secret-1"},
                                {"CANDOR_NO_DEMO_LIBRARY", "1"},
                                {"CANDOR_NEW_PASSWORD", std::string(name) + "-secret-1"}})
                          .exitCode,
                      0);
        auto db = candor::core::openCandorDatabase(dbPath);
        candor::core::Catalogue catalogue(*db);
        const auto tess = candor::core::UserStore(*db).findByName("tess");
        ASSERT_TRUE(tess.has_value());
        candor::testing::buildLabScenario(*db, catalogue, *tess);
    }

    // Row counts of the tables a failed import must leave alone.
    std::pair<std::int64_t, std::int64_t> counts()
    {
        candor::core::Database db(dbPath);
        auto results = db.prepare("SELECT count(*) FROM lab_results");
        results.step();
        auto audit = db.prepare("SELECT count(*) FROM audit_log");
        audit.step();
        return {results.columnInt(0), audit.columnInt(0)};
    }

    TempDir dir;
    fs::path dbPath = dir / "candor.sqlite";
};

json confusion(const json &report, const std::string &section, const std::string &name, const std::string &source)
{
    for (const auto &row : report[section])
        if (row["name"] == name)
            return row[source];
    ADD_FAILURE() << "no " << section << " row " << name;
    return {};
}

} // namespace

TEST_F(LabCli, ImportsALabCsvAndAddsNothingTheSecondTime)
{
    const auto first = as("tess", {"lab", "import", kLab + "results-good.csv"});
    ASSERT_EQ(first.exitCode, 0) << first.err;
    EXPECT_EQ(first.out, "results-good.csv: 9 rows; 9 added, 0 updated, 0 already present.\n");
    const auto before = counts();
    const auto again = as("tess", {"lab", "import", kLab + "results-good.csv", "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    const auto doc = json::parse(again.out);
    EXPECT_EQ(doc["added"], 0);
    EXPECT_EQ(doc["unchanged"], 9);
    EXPECT_EQ(counts(), before);
}

TEST_F(LabCli, DryRunStoresNothing)
{
    const auto r = as("tess", {"lab", "import", "--dry-run", kLab + "results-good.csv"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "9 added");
    expectMentions(r.out, "dry run: nothing stored");
    EXPECT_EQ(counts().first, 0);
}

TEST_F(LabCli, RefusesEachBadFileWithExit65NamingLineAndColumnAndChangesNothing)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"bad-unknown-code.csv", "bad-unknown-code.csv line 3, column code: no sample has the public code 'HAT-999'"},
        {"bad-unknown-column.csv", "bad-unknown-column.csv line 1, column colour: unknown column"},
        {"bad-unknown-substance.csv", "bad-unknown-substance.csv line 4, column substance: 'unobtainium HCl' is not a substance"},
        {"bad-date.csv", "bad-date.csv line 2, column reported_on: '2026-02-30' is not a date as YYYY-MM-DD"},
        {"bad-number.csv", "bad-number.csv line 3, column quantity_percent: 'abc' is not a percentage"},
        {"bad-detected.csv", "bad-detected.csv line 3, column detected: 'maybe' is not yes or no"},
        {"bad-contradiction.csv", "bad-contradiction.csv line 4, column detected: contradicts line 2"},
    };
    const auto before = counts();
    for (const auto &[file, message] : cases) {
        SCOPED_TRACE(file);
        const auto r = as("tess", {"lab", "import", kLab + file});
        EXPECT_EQ(r.exitCode, 65) << r.err;
        expectMentions(r.err, message);
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(counts(), before);
    }
    const auto missing = as("tess", {"lab", "import", kLab + "no-such-file.csv"});
    EXPECT_EQ(missing.exitCode, 66) << missing.err;
}

TEST_F(LabCli, OnlyTechniciansAndAdminsImport)
{
    const auto r = as("vera", {"lab", "import", kLab + "results-good.csv"});
    EXPECT_EQ(r.exitCode, 77) << r.err;
    expectMentions(r.err, "importing confirmatory lab results needs the technician or admin role");
    EXPECT_EQ(counts().first, 0);
}

TEST_F(LabCli, ReportsSensitivitySpecificityMissesAndThresholds)
{
    ASSERT_EQ(as("tess", {"lab", "import", kLab + "results-good.csv"}).exitCode, 0);
    const auto r = as("vera", {"lab", "report", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["samples_with_lab_results"], 6);
    const auto findings = confusion(doc, "substances", "fentanyl", "findings");
    EXPECT_EQ(findings["tp"], 1);
    EXPECT_EQ(findings["fp"], 1);
    EXPECT_EQ(findings["fn"], 1);
    EXPECT_EQ(findings["tn"], 2);
    EXPECT_EQ(findings["misses"], json::array({"HAT-337"}));
    EXPECT_EQ(findings["false_alarms"], json::array({"HAT-343"}));
    const auto detected = confusion(doc, "substances", "fentanyl", "matches_detected");
    EXPECT_DOUBLE_EQ(detected["specificity"].get<double>(), 0.75);
    EXPECT_NEAR(detected["specificity_ci95"]["low"].get<double>(), 0.30064, 1e-5);
    EXPECT_NEAR(detected["specificity_ci95"]["high"].get<double>(), 0.95441, 1e-5);
    const auto flagged = confusion(doc, "classes", "fentanyl", "matches_detected_or_possible");
    EXPECT_EQ(flagged["false_alarms"], json::array({"HAT-334", "HAT-343"}));
    json fentanylThreshold;
    for (const auto &t : doc["thresholds"])
        if (t["class"] == "fentanyl")
            fentanylThreshold = t;
    EXPECT_NEAR(fentanylThreshold["evidence"].get<double>(), 0.21, 1e-12);
    EXPECT_EQ(fentanylThreshold["too_few_negatives"], true);
    EXPECT_EQ(fentanylThreshold["adopted"], nullptr);

    const auto text = as("vera", {"lab", "report"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    expectMentions(text.out, "fentanyl, findings: missed in HAT-337");
    expectMentions(text.out, "fentanyl: only 4 negatives: 99 % specificity cannot be shown");
}

TEST_F(LabCli, AdoptsThresholdsForAdminsOnly)
{
    ASSERT_EQ(as("tess", {"lab", "import", kLab + "results-good.csv"}).exitCode, 0);
    const auto denied = as("tess", {"lab", "adopt-thresholds", "--class", "fentanyl"});
    EXPECT_EQ(denied.exitCode, 77) << denied.err;
    const auto unknown = as("ada", {"lab", "adopt-thresholds", "--class", "stimulant"});
    EXPECT_EQ(unknown.exitCode, 65) << unknown.err;
    expectMentions(unknown.err, "class: 'stimulant' is not a high-risk class of the catalogue");
    const auto adopted = as("ada", {"lab", "adopt-thresholds", "--class", "fentanyl"});
    ASSERT_EQ(adopted.exitCode, 0) << adopted.err;
    expectMentions(adopted.out, "fentanyl: detected from evidence 0.21");
    const auto report = json::parse(as("vera", {"lab", "report", "--json"}).out);
    for (const auto &t : report["thresholds"]) {
        if (t["class"] == "fentanyl") {
            EXPECT_NEAR(t["adopted"].get<double>(), 0.21, 1e-12);
        }
    }
}
