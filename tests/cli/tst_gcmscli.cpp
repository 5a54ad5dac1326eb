// The real candor-cli on GC-MS: `gcms library import` (an admin's MSP file, malformed
// entries named by line and left out), `gcms library add` (a reference-standard run's
// peak into the in-house library, or exit 65 naming the nearest peaks), and `gcms show
// --json` (the shape, hits identified only with agreeing retention).

#include "cli/clirunner.h"
#include "support/tempdir.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <gtest/gtest.h>

using candor::testing::CliResult;
using candor::testing::expectMentions;
using candor::testing::runCliOn;
using candor::testing::TempDir;
// Ordered, so that the tests see the keys in the order the CLI writes them.
using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

// 300 scans: a cocaine-like peak at 3.5 min and a lidocaine-like one at 4.0 min
// (tests/data/importers/chemstation/make_fixtures.py).
const std::string kRun = "tests/data/importers/chemstation/gc-run.ms";
const std::string kMsp = "tests/data/gcms/drugs.msp";

std::int64_t entries(const fs::path &db)
{
    sqlite3 *h = nullptr;
    std::int64_t n = -1;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(h, "SELECT count(*) FROM gcms_library_entries", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
}

} // namespace

class GcmsCli : public ::testing::Test {
protected:
    CliResult cli(const std::vector<std::string> &args, std::map<std::string, std::string> env = {})
    {
        return runCliOn(dbPath.string(), dir.path().string(), args, std::move(env));
    }
    CliResult as(const std::string &user, const std::string &password, std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--user", user});
        return cli(args, {{"CANDOR_PASSWORD", password}});
    }
    CliResult asAdmin(std::vector<std::string> args) { return as("ada", "ada-secret-1", std::move(args)); }

    void SetUp() override
    {
        ASSERT_EQ(cli({"user", "add", "ada", "--role", "admin"}, {{"CANDOR_PASSWORD", "ada-secret-1"}}).exitCode, 0);
        ASSERT_EQ(cli({"--user", "ada", "user", "add", "tess", "--role", "technician"},
                      {{"CANDOR_PASSWORD", "ada-secret-1"}, {"CANDOR_NEW_PASSWORD", "tess-secret-1"}})
                      .exitCode,
                  0);
    }

    TempDir dir;
    fs::path dbPath = dir / "candor.sqlite";
};

TEST_F(GcmsCli, LibraryImportKeepsTheGoodEntriesAndNamesTheMalformedOneByLine)
{
    const auto r = asAdmin({"gcms", "library", "import", kMsp});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "Imported 3 GC-MS library entries from " + kMsp +
                         " (1 with a retention index); 1 malformed entry left out (see the warnings).\n");
    EXPECT_EQ(r.err, "warning: " + kMsp + ": line 17: Num Peaks says 3 but 1 m/z-intensity pairs follow; entry left out\n");
    EXPECT_EQ(entries(dbPath), 3);
}

TEST_F(GcmsCli, OnlyAnAdminImportsALibrary)
{
    const auto r = as("tess", "tess-secret-1", {"gcms", "library", "import", kMsp});
    EXPECT_EQ(r.exitCode, 77) << r.err;
    expectMentions(r.err, "changing the GC-MS library");
    EXPECT_EQ(entries(dbPath), 0);
}

TEST_F(GcmsCli, LibraryAddWithoutAPeakThereExits65NamingTheNearestPeaks)
{
    const auto r = asAdmin({"gcms", "library", "add", kRun, "--rt", "3.7", "--name", "Cocaine"});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "no peak in " + kRun + " within 0.05 min of 3.700 min; the nearest: 3.500 min, 4.000 min");
    EXPECT_EQ(entries(dbPath), 0);
}

TEST_F(GcmsCli, ShowJsonListsEveryPeakWithRankedHitsIdentifiedByTheInHouseEntry)
{
    ASSERT_EQ(asAdmin({"gcms", "library", "import", kMsp}).exitCode, 0);
    const auto added = asAdmin({"gcms", "library", "add", kRun, "--rt", "3.51", "--name", "Cocaine", "--cas", "50-36-2"});
    ASSERT_EQ(added.exitCode, 0) << added.err;
    expectMentions(added.out, "Added Cocaine to the in-house GC-MS library: the peak at 3.500 min");

    const auto r = cli({"gcms", "show", kRun, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["file"], kRun);
    ASSERT_EQ(doc["peaks"].size(), 2u);
    const auto &cocaine = doc["peaks"][0];
    EXPECT_NEAR(cocaine["rt"].get<double>(), 3.5, 0.0025); // within half a scan
    EXPECT_TRUE(cocaine["ri"].is_null());                  // no ladder run
    EXPECT_GT(cocaine["area"].get<double>(), 0);
    EXPECT_EQ(cocaine["spectrum"]["mz"], json::array({42, 77, 82, 94, 105, 182, 303}));
    EXPECT_EQ(cocaine["spectrum"]["intensity"].size(), 7u);
    ASSERT_GE(cocaine["hits"].size(), 2u);
    // The in-house entry (the same peak, RT 0 off) identifies; the MSP one has no retention.
    const auto &first = cocaine["hits"][0];
    EXPECT_EQ(first["substance"], "Cocaine");
    EXPECT_EQ(first["cas"], "50-36-2");
    EXPECT_EQ(first["match_factor"], 999);
    EXPECT_EQ(first["reverse_match_factor"], 999);
    EXPECT_NEAR(first["rt_delta"].get<double>(), 0.0, 1e-9);
    EXPECT_EQ(first["identified"], true);
    EXPECT_EQ(cocaine["hits"][1]["substance"], "Cocaine");
    EXPECT_TRUE(cocaine["hits"][1]["rt_delta"].is_null());
    EXPECT_EQ(cocaine["hits"][1]["identified"], false);
    for (const auto &hit : cocaine["hits"])
        EXPECT_EQ(std::vector<std::string>(
                      {"substance", "cas", "match_factor", "reverse_match_factor", "rt_delta", "identified"}),
                  [&] {
                      std::vector<std::string> keys;
                      for (const auto &[k, v] : hit.items())
                          keys.push_back(k);
                      return keys;
                  }());
    // Lidocaine is in the MSP library only: a 999 match, but no retention to confirm it.
    const auto &lidocaine = doc["peaks"][1];
    EXPECT_NEAR(lidocaine["rt"].get<double>(), 4.0, 0.0025);
    EXPECT_EQ(lidocaine["hits"][0]["substance"], "Lidocaine");
    EXPECT_GE(lidocaine["hits"][0]["match_factor"].get<int>(), 950);
    EXPECT_EQ(lidocaine["hits"][0]["identified"], false);
}

TEST_F(GcmsCli, ShowRefusesATruncatedRunNamingTheByte)
{
    const auto r = cli({"gcms", "show", "tests/data/importers/chemstation/truncated.ms"});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "truncated.ms (byte 794)");
}
