// End-to-end tests of the real candor-cli binary against temporary database files: what
// it prints, its exit codes (cli.md), and that a failed command leaves the database as
// it was.

#include "cli/clirunner.h"
#include "core/database.h"
#include "support/tempdir.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using candor::testing::CliResult;
using candor::testing::CliRun;
using candor::testing::expectMentions;
using candor::testing::runCli;
using candor::testing::runCliOn;
using candor::testing::TempDir;
using nlohmann::json;

namespace {

constexpr const char *kAdminPassword = "ada-secret-1";
constexpr const char *kTechPassword = "tess-secret-1";

std::string fileBytes(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// What a failed command must leave alone: every row and every byte of the file.
struct Snapshot {
    std::string bytes;
    std::int64_t samples = -1;
    std::int64_t users = -1;
    std::int64_t strips = -1;
    std::int64_t reagents = -1;
    std::int64_t sites = -1;
    std::int64_t audit = -1;
    std::int64_t findings = -1;
    bool operator==(const Snapshot &) const = default;
};

std::int64_t countRows(sqlite3 *db, const std::string &table)
{
    sqlite3_stmt *st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

void PrintTo(const Snapshot &s, std::ostream *os)
{
    *os << "{" << s.bytes.size() << " bytes, samples " << s.samples << ", users " << s.users << ", strips " << s.strips
        << ", reagents " << s.reagents << ", sites " << s.sites << ", audit " << s.audit << ", findings " << s.findings << "}";
}

} // namespace

class CandorCli : public ::testing::Test {
protected:
    CliResult cli(const std::vector<std::string> &args, std::map<std::string, std::string> env = {})
    {
        return runCliOn(dbPath.string(), dir.path().string(), args, std::move(env));
    }

    CliResult as(const std::string &user, const std::string &password, const std::vector<std::string> &args,
                 std::map<std::string, std::string> env = {})
    {
        std::vector<std::string> full = {"--user", user};
        full.insert(full.end(), args.begin(), args.end());
        env["CANDOR_PASSWORD"] = password;
        return cli(full, env);
    }

    CliResult asAdmin(const std::vector<std::string> &args) { return as("ada", kAdminPassword, args); }
    CliResult asTech(const std::vector<std::string> &args) { return as("tess", kTechPassword, args); }

    // A database with an admin (ada) and a technician (tess).
    void setUpUsers()
    {
        const auto first = cli({"user", "add", "ada", "--role", "coordinator"}, {{"CANDOR_PASSWORD", kAdminPassword}});
        ASSERT_EQ(first.exitCode, 0) << first.err;
        const auto second = as("ada", kAdminPassword, {"user", "add", "tess", "--role", "technician"},
                               {{"CANDOR_NEW_PASSWORD", kTechPassword}});
        ASSERT_EQ(second.exitCode, 0) << second.err;
    }

    json addSample(const std::vector<std::string> &options)
    {
        std::vector<std::string> args = {"sample", "add", "--json"};
        args.insert(args.end(), options.begin(), options.end());
        const auto r = asTech(args);
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return json::parse(r.out);
    }

    static Snapshot rowsOf(Snapshot s)
    {
        s.bytes.clear();
        return s;
    }

    Snapshot snapshot()
    {
        Snapshot s;
        s.bytes = fileBytes(dbPath);
        sqlite3 *db = nullptr;
        if (sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            s.samples = countRows(db, "samples");
            s.users = countRows(db, "users");
            s.strips = countRows(db, "strip_readings");
            s.reagents = countRows(db, "reagent_readings");
            s.sites = countRows(db, "sites");
            s.audit = countRows(db, "audit_log");
            s.findings = countRows(db, "findings");
        }
        sqlite3_close(db);
        return s;
    }

    TempDir dir;
    std::filesystem::path dbPath = dir / "candor.sqlite";
};

// --- database and users ------------------------------------------------------------

TEST_F(CandorCli, DbInitCreatesTheDatabaseAndPrintsItsPathAndSchemaVersion)
{
    const auto r = cli({"db", "init"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, dbPath.string());
    expectMentions(r.out, "Schema version");
    EXPECT_TRUE(std::filesystem::exists(dbPath));

    const auto again = cli({"db", "init", "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    const auto doc = json::parse(again.out);
    EXPECT_EQ(doc["path"], dbPath.string());
    EXPECT_EQ(doc["created"], false);
    EXPECT_GE(doc["schema_version"].get<int>(), 1);
}

TEST_F(CandorCli, DbMigrateSaysAnUpToDateDatabaseIsUpToDate)
{
    ASSERT_EQ(cli({"db", "init"}).exitCode, 0);
    const auto r = cli({"db", "migrate", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["schema_version_before"], doc["schema_version"]);
}

TEST_F(CandorCli, TheFirstUserNeedsNoUserOptionAndBecomesAdmin)
{
    const auto r = cli({"user", "add", "ada", "--role", "technician", "--display-name", "Ada L.", "--json"},
                       {{"CANDOR_PASSWORD", kAdminPassword}});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["name"], "ada");
    EXPECT_EQ(doc["display_name"], "Ada L.");
    EXPECT_EQ(doc["roles"], json::array({"technician", "admin"}));
    // The password given is the one that works afterwards.
    EXPECT_EQ(as("ada", kAdminPassword, {"sample", "list"}).exitCode, 0);
}

TEST_F(CandorCli, AnAdminAddsUsersWhosePasswordComesFromCandorNewPassword)
{
    setUpUsers();
    const auto r = asTech({"sample", "list"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
}

TEST_F(CandorCli, ATechnicianMayNotAddAUserAndNothingChanges)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = as("tess", kTechPassword, {"user", "add", "eve", "--role", "admin"},
                      {{"CANDOR_NEW_PASSWORD", "eve-secret-1"}});
    EXPECT_EQ(r.exitCode, 77);
    expectMentions(r.err, "admin role");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, AWrongPasswordExits77AndChangesNothing)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = as("tess", "not-her-password", {"sample", "add", "--sold-as", "coke", "--form", "powder"});
    EXPECT_EQ(r.exitCode, 77);
    expectMentions(r.err, "wrong user name or password");
    // The failed attempt is counted (the slow-down after repeated failures), so the
    // file's bytes change; no record does.
    EXPECT_EQ(rowsOf(snapshot()), rowsOf(before));
}

TEST_F(CandorCli, AUserWithoutAPasswordAndNoTerminalIsAUsageError)
{
    setUpUsers();
    const auto r = cli({"--user", "tess", "sample", "list"});
    EXPECT_EQ(r.exitCode, 64);
    expectMentions(r.err, "CANDOR_PASSWORD");
}

TEST_F(CandorCli, TheFirstUserWithoutAnyPasswordIsAUsageErrorAndAddsNoOne)
{
    ASSERT_EQ(cli({"db", "init"}).exitCode, 0);
    const auto r = cli({"user", "add", "ada", "--role", "admin"});
    EXPECT_EQ(r.exitCode, 64);
    expectMentions(r.err, "CANDOR_NEW_PASSWORD");
    EXPECT_EQ(snapshot().users, 0);
}

TEST_F(CandorCli, AShortPasswordIsABadValueNamingPassword)
{
    const auto r = cli({"user", "add", "ada", "--role", "admin"}, {{"CANDOR_PASSWORD", "short"}});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "candor-cli: password:");
}

// --- people: user list, set-roles, deactivate, activate, reset-password, passwd ---------

TEST_F(CandorCli, UserListShowsEveryAccountWithRolesAndState)
{
    setUpUsers();
    ASSERT_EQ(asAdmin({"user", "deactivate", "tess"}).exitCode, 0);
    const auto r = asAdmin({"user", "list", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    ASSERT_EQ(doc.size(), 2u);
    EXPECT_EQ(doc[0]["name"], "ada");
    EXPECT_EQ(doc[0]["roles"], json::array({"coordinator", "admin"}));
    EXPECT_EQ(doc[0]["active"], true);
    EXPECT_EQ(doc[1]["name"], "tess");
    EXPECT_EQ(doc[1]["active"], false);
    const auto text = asAdmin({"user", "list"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    expectMentions(text.out, "deactivated");
    expectMentions(text.out, "coordinator, admin");
}

TEST_F(CandorCli, SetRolesReplacesTheRolesAndTheAuditLogSaysSo)
{
    setUpUsers();
    const auto r = asAdmin({"user", "set-roles", "tess", "technician,verifier"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "technician, verifier");
    const auto list = json::parse(asAdmin({"user", "list", "--json"}).out);
    EXPECT_EQ(list[1]["roles"], json::array({"technician", "verifier"}));
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    EXPECT_EQ(countRows(db, "audit_log WHERE entity = 'user' AND action = 'set-roles'"), 1);
    sqlite3_close(db);
}

TEST_F(CandorCli, AnUnknownRoleExits65NamingItAndChangesNothing)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = asAdmin({"user", "set-roles", "tess", "technician,boss"});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "roles: unknown role 'boss'");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, TheLastAdminRemovingTheirOwnAdminRoleExits77AndChangesNothing)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = asAdmin({"user", "set-roles", "ada", "coordinator"});
    EXPECT_EQ(r.exitCode, 77);
    expectMentions(r.err, "would leave no active admin");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, TheLastAdminDeactivatingThemselvesExits77AndChangesNothing)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = asAdmin({"user", "deactivate", "ada"});
    EXPECT_EQ(r.exitCode, 77);
    expectMentions(r.err, "refused: deactivating 'ada' would leave no active admin");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, ATechnicianMayUseNoAdminUserCommandAndNothingChanges)
{
    setUpUsers();
    const auto before = snapshot();
    for (const auto &args : std::vector<std::vector<std::string>>{{"user", "list"},
                                                                  {"user", "set-roles", "tess", "admin"},
                                                                  {"user", "deactivate", "ada"},
                                                                  {"user", "activate", "ada"},
                                                                  {"user", "reset-password", "ada"}}) {
        const auto r = as("tess", kTechPassword, args, {{"CANDOR_NEW_PASSWORD", "tess-owns-ada"}});
        EXPECT_EQ(r.exitCode, 77) << args[1];
        expectMentions(r.err, "needs the admin role");
    }
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, ADeactivatedUserCannotSignInUntilReactivated)
{
    setUpUsers();
    const auto off = asAdmin({"user", "deactivate", "tess"});
    ASSERT_EQ(off.exitCode, 0) << off.err;
    const auto before = snapshot();
    const auto r = asTech({"sample", "list"});
    EXPECT_EQ(r.exitCode, 77);
    expectMentions(r.err, "the account 'tess' is deactivated");
    EXPECT_EQ(snapshot(), before);
    ASSERT_EQ(asAdmin({"user", "activate", "tess"}).exitCode, 0);
    EXPECT_EQ(asTech({"sample", "list"}).exitCode, 0);
}

TEST_F(CandorCli, ADeactivatedUsersSamplesKeepTheirName)
{
    setUpUsers();
    const auto sample = addSample({"--sold-as", "coke", "--form", "powder"});
    ASSERT_EQ(asAdmin({"user", "deactivate", "tess"}).exitCode, 0);
    const auto shown = asAdmin({"sample", "show", sample["public_code"].get<std::string>(), "--json"});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    expectMentions(shown.out, "\"tess\"");
}

TEST_F(CandorCli, ResetPasswordTakesTheNewOneFromCandorNewPassword)
{
    setUpUsers();
    const auto r = asAdmin({"user", "reset-password", "tess"});
    EXPECT_EQ(r.exitCode, 64) << "no new password and no terminal";
    const auto ok = as("ada", kAdminPassword, {"user", "reset-password", "tess"}, {{"CANDOR_NEW_PASSWORD", "fresh-start-1"}});
    ASSERT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_EQ(as("tess", "fresh-start-1", {"sample", "list"}).exitCode, 0);
    EXPECT_EQ(asTech({"sample", "list"}).exitCode, 77);
    const auto unknown = as("ada", kAdminPassword, {"user", "reset-password", "nobody"},
                            {{"CANDOR_NEW_PASSWORD", "fresh-start-1"}});
    EXPECT_EQ(unknown.exitCode, 65);
    expectMentions(unknown.err, "no user called 'nobody'");
}

TEST_F(CandorCli, PasswdChangesYourOwnPasswordAfterCheckingTheOldOne)
{
    setUpUsers();
    const auto before = snapshot();
    const auto wrong = as("tess", "not-her-password", {"user", "passwd"}, {{"CANDOR_NEW_PASSWORD", "tess-new-secret"}});
    EXPECT_EQ(wrong.exitCode, 77);
    EXPECT_EQ(rowsOf(snapshot()), rowsOf(before));
    EXPECT_EQ(asTech({"sample", "list"}).exitCode, 0);
    const auto ok = as("tess", kTechPassword, {"user", "passwd"}, {{"CANDOR_NEW_PASSWORD", "tess-new-secret"}});
    ASSERT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_EQ(as("tess", "tess-new-secret", {"sample", "list"}).exitCode, 0);
    EXPECT_EQ(asTech({"sample", "list"}).exitCode, 77);
}

// --- samples -------------------------------------------------------------------------

TEST_F(CandorCli, SampleAddPrintsTheWholeRecordAsJsonWithAPublicCode)
{
    setUpUsers();
    const auto s = addSample({"--sold-as", "molly", "--form", "crystal", "--colour", "brown"});
    for (const char *key : {"id",
                            "public_code",
                            "received_at",
                            "site",
                            "region",
                            "intake_channel",
                            "sold_as",
                            "sold_as_substance",
                            "form",
                            "colour",
                            "texture",
                            "pill_logo",
                            "pill_score_line",
                            "pill_diameter_mm",
                            "pill_thickness_mm",
                            "pill_mass_mg",
                            "sample_type",
                            "reported_effects",
                            "overdose_involved",
                            "research_consent",
                            "notes",
                            "status",
                            "is_demo",
                            "created_by",
                            "created_at"})
        EXPECT_TRUE(s.contains(key)) << key;
    EXPECT_EQ(s["public_code"].get<std::string>().size(), 7u);
    EXPECT_EQ(s["sold_as"], "molly");
    EXPECT_EQ(s["sold_as_substance"], "mdma");
    EXPECT_EQ(s["status"], "received");
    EXPECT_EQ(s["is_demo"], false);
    EXPECT_EQ(s["created_by"], "tess");
    const auto shown = asTech({"sample", "show", s["public_code"], "--json"});
    const auto ordered = nlohmann::ordered_json::parse(shown.out);
    std::vector<std::string> keys;
    for (const auto &item : ordered.items())
        keys.push_back(item.key());
    ASSERT_GE(keys.size(), 3u);
    EXPECT_EQ(keys[0], "id") << "keys keep the documented order";
    EXPECT_EQ(keys[1], "public_code");
    EXPECT_EQ(keys[2], "received_at");
}

TEST_F(CandorCli, SampleAddTakesEveryFieldOfASample)
{
    setUpUsers();
    const auto s = addSample({"--sold-as",
                              "ecstasy",
                              "--form",
                              "pill",
                              "--colour",
                              "pink",
                              "--texture",
                              "chalky",
                              "--intake-channel",
                              "event",
                              "--received-at",
                              "2026-01-05T20:15Z",
                              "--sample-type",
                              "substance",
                              "--pill-logo",
                              "crown",
                              "--pill-score-line",
                              "one side",
                              "--pill-diameter-mm",
                              "9.5",
                              "--pill-thickness-mm",
                              "4",
                              "--pill-mass-mg",
                              "310",
                              "--reported-effects",
                              "jaw clenching",
                              "--overdose-involved",
                              "no",
                              "--research-consent",
                              "yes",
                              "--notes",
                              "bag had two pills",
                              "--site",
                              "Main site"});
    EXPECT_EQ(s["received_at"], "2026-01-05T20:15:00Z");
    EXPECT_EQ(s["intake_channel"], "event");
    EXPECT_EQ(s["texture"], "chalky");
    EXPECT_EQ(s["pill_logo"], "crown");
    EXPECT_EQ(s["pill_score_line"], "one side");
    EXPECT_DOUBLE_EQ(s["pill_diameter_mm"].get<double>(), 9.5);
    EXPECT_DOUBLE_EQ(s["pill_thickness_mm"].get<double>(), 4);
    EXPECT_DOUBLE_EQ(s["pill_mass_mg"].get<double>(), 310);
    EXPECT_EQ(s["reported_effects"], "jaw clenching");
    EXPECT_EQ(s["overdose_involved"], false);
    EXPECT_EQ(s["research_consent"], true);
    EXPECT_EQ(s["notes"], "bag had two pills");
    EXPECT_EQ(s["site"], "Main site");
}

TEST_F(CandorCli, SampleAddWithoutJsonPrintsTheCodeReadably)
{
    setUpUsers();
    const auto r = asTech({"sample", "add", "--sold-as", "coke", "--form", "powder"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "Added sample ");
    expectMentions(r.out, "\"coke\" -> cocaine hcl");
}

TEST_F(CandorCli, SampleListPrintsATableAndFilters)
{
    setUpUsers();
    const auto coke = addSample({"--sold-as", "coke", "--form", "powder"});
    const auto meth = addSample({"--sold-as", "meth", "--form", "crystal"});
    ASSERT_EQ(asTech({"strip", "add", meth["public_code"], "--type", "fentanyl", "--result", "negative"}).exitCode, 0);

    const auto table = asTech({"sample", "list"});
    ASSERT_EQ(table.exitCode, 0) << table.err;
    expectMentions(table.out, "CODE");
    expectMentions(table.out, "SOLD AS");
    expectMentions(table.out, coke["public_code"].get<std::string>());
    expectMentions(table.out, "1-2 of 2 samples");

    const auto filtered = json::parse(asTech({"sample", "list", "--status", "in-testing", "--json"}).out);
    EXPECT_EQ(filtered["total"], 1);
    EXPECT_EQ(filtered["samples"][0]["public_code"], meth["public_code"]);
    const auto bySoldAs = json::parse(asTech({"sample", "list", "--sold-as", "cocaine hcl", "--json"}).out);
    EXPECT_EQ(bySoldAs["total"], 1);
    const auto bySearch = json::parse(asTech({"sample", "list", "--search", coke["public_code"], "--json"}).out);
    EXPECT_EQ(bySearch["total"], 1);
    const auto paged = json::parse(asTech({"sample", "list", "--limit", "1", "--offset", "1", "--json"}).out);
    EXPECT_EQ(paged["total"], 2);
    EXPECT_EQ(paged["samples"].size(), 1u);
    const auto none = asTech({"sample", "list", "--from", "2020-01-01", "--to", "2020-01-31"});
    expectMentions(none.out, "No samples match.");
}

TEST_F(CandorCli, SampleListRejectsAnUnknownStatusNamingIt)
{
    setUpUsers();
    const auto r = asTech({"sample", "list", "--status", "lost"});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "candor-cli: status:");
}

TEST_F(CandorCli, SampleShowFindsASampleByCodeOrIdWithItsReadingsWarningsAndHistory)
{
    setUpUsers();
    const auto s = addSample({"--sold-as", "meth", "--form", "crystal"});
    const std::string code = s["public_code"];
    ASSERT_EQ(asTech({"strip", "add", code, "--type", "fentanyl", "--result", "positive", "--lot", "L7"}).exitCode, 0);
    ASSERT_EQ(asTech({"reagent", "add", code, "--reagent", "marquis", "--colours", "orange,brown"}).exitCode, 0);

    const auto byId = asTech({"sample", "show", s["id"], "--json"});
    ASSERT_EQ(byId.exitCode, 0) << byId.err;
    const auto doc = json::parse(byId.out);
    EXPECT_EQ(doc["public_code"], code);
    ASSERT_EQ(doc["strips"].size(), 1u);
    EXPECT_EQ(doc["strips"][0]["type"], "fentanyl");
    EXPECT_EQ(doc["strips"][0]["lot"], "L7");
    ASSERT_EQ(doc["reagents"].size(), 1u);
    EXPECT_EQ(doc["reagents"][0]["colours"], json::array({"orange", "brown"}));
    EXPECT_FALSE(doc["reagents"][0]["candidates"].empty());
    ASSERT_FALSE(doc["warnings"].empty());
    EXPECT_EQ(doc["history"].size(), 4u); // intake, testing started, strip, reagent

    // A code in lower case and without its dash is the same code.
    std::string typed;
    for (char c : code)
        if (c != '-')
            typed += char(std::tolower(static_cast<unsigned char>(c)));
    const auto byCode = asTech({"sample", "show", typed});
    ASSERT_EQ(byCode.exitCode, 0) << byCode.err;
    expectMentions(byCode.out, "Sample " + code);
    expectMentions(byCode.out, "Strips:");
    expectMentions(byCode.out, "Warnings:");
    expectMentions(byCode.out, "History:");

    const auto byCodeOption = asTech({"sample", "show", "--code", code, "--json"});
    ASSERT_EQ(byCodeOption.exitCode, 0) << byCodeOption.err;
    EXPECT_EQ(json::parse(byCodeOption.out)["id"], s["id"]);
}

TEST_F(CandorCli, SampleShowByCodeDoesNotAcceptAnId)
{
    setUpUsers();
    const auto s = addSample({"--sold-as", "meth", "--form", "crystal"});
    const auto r = asTech({"sample", "show", "--code", s["id"]});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "code:");
}

TEST_F(CandorCli, SampleShowOfAnUnknownSampleExits65)
{
    setUpUsers();
    const auto r = asTech({"sample", "show", "KKK-KKK"});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "no sample with id or code 'KKK-KKK'");
}

// --- readings ------------------------------------------------------------------------

TEST_F(CandorCli, APositiveFentanylStripOnASampleSoldAsMethWarnsOfACrossReaction)
{
    setUpUsers();
    const std::string code = addSample({"--sold-as", "meth", "--form", "crystal"})["public_code"];
    const auto r = asTech({"strip", "add", code, "--type", "fentanyl", "--result", "positive", "--dilution", "10"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "Recorded fentanyl strip: positive on sample " + code);
    expectMentions(r.out, "Warning: Fentanyl strip positive: this may be a cross-reaction with methamphetamine");

    // A second reading does not repeat the warning the first one raised.
    const auto again = asTech({"strip", "add", code, "--type", "xylazine", "--result", "negative", "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    const auto doc = json::parse(again.out);
    EXPECT_TRUE(doc["warnings"].empty());
    EXPECT_EQ(doc["public_code"], code);
}

TEST_F(CandorCli, StripCorrectSupersedesTheReadingKeepingItsDilutionAndTheAuditSaysSo)
{
    setUpUsers();
    const std::string code = addSample({"--sold-as", "down", "--form", "powder"})["public_code"];
    ASSERT_EQ(asTech({"strip", "add", code, "--type", "fentanyl", "--result", "negative", "--dilution", "5"}).exitCode, 0);
    const auto r = asTech({"strip", "correct", code, "--type", "fentanyl", "--result", "positive", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["result"], "positive");
    EXPECT_EQ(doc["dilution_mg_ml"], 5.0);
    EXPECT_FALSE(doc["supersedes"].get<std::string>().empty());

    const auto show = json::parse(asTech({"sample", "show", code, "--json"}).out);
    ASSERT_EQ(show["strips"].size(), 1u) << show.dump();
    EXPECT_EQ(show["strips"][0]["result"], "positive");
    const auto history = show["history"].dump();
    EXPECT_NE(history.find("Fentanyl strip corrected: negative → positive"), std::string::npos) << history;

    // Nothing left to correct for a strip type never read: exit 65, nothing changed.
    const auto none = asTech({"strip", "correct", code, "--type", "xylazine", "--result", "positive"});
    EXPECT_EQ(none.exitCode, 65);
    expectMentions(none.err, "no xylazine strip reading on sample " + code + " to correct");
}

TEST_F(CandorCli, ANegativeStripRaisesNoWarning)
{
    setUpUsers();
    const std::string code = addSample({"--sold-as", "meth", "--form", "crystal"})["public_code"];
    const auto r = asTech({"strip", "add", code, "--type", "fentanyl", "--result", "negative"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out.find("Warning"), std::string::npos) << r.out;
}

TEST_F(CandorCli, AReagentReadingPrintsItsCandidateSubstances)
{
    setUpUsers();
    const std::string code = addSample({"--sold-as", "molly", "--form", "crystal"})["public_code"];
    const auto r = asTech({"reagent", "add", code, "--reagent", "marquis", "--colours", "purple,black"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "Recorded marquis reagent: purple -> black");
    expectMentions(r.out, "mdma");

    const auto doc = json::parse(asTech({"reagent", "add", code, "--reagent", "marquis", "--colours", "purple", "--json"}).out);
    EXPECT_EQ(doc["reagent"], "marquis");
    EXPECT_FALSE(doc["candidates"].empty());
}

// --- bad values (65) -----------------------------------------------------------------

TEST_F(CandorCli, ABadFormExits65NamingFormAndAddsNothing)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = asTech({"sample", "add", "--sold-as", "meth", "--form", "gas"});
    EXPECT_EQ(r.exitCode, 65);
    EXPECT_EQ(r.err.rfind("candor-cli: form: 'gas' is not one of powder, crystal", 0), 0u) << r.err;
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, AnUnknownStripTypeExits65NamingTypeAndAddsNothing)
{
    setUpUsers();
    const std::string code = addSample({"--sold-as", "meth", "--form", "crystal"})["public_code"];
    const auto before = snapshot();
    const auto r = asTech({"strip", "add", code, "--type", "unicorn", "--result", "positive"});
    EXPECT_EQ(r.exitCode, 65);
    EXPECT_EQ(r.err.rfind("candor-cli: type: unknown strip type 'unicorn'", 0), 0u) << r.err;
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, ANumberThatIsNotANumberExits65NamingTheField)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = asTech({"sample", "add", "--sold-as", "xtc", "--form", "pill", "--pill-mass-mg", "heavy"});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "candor-cli: pill_mass_mg: 'heavy' is not a number");
    const auto cutoff = asTech({"strip", "add", "KKK-KKK", "--type", "fentanyl", "--result", "positive", "--cutoff", "x"});
    EXPECT_EQ(cutoff.exitCode, 65);
    expectMentions(cutoff.err, "candor-cli: cutoff:");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, AYesNoFieldRejectsOtherWords)
{
    setUpUsers();
    const auto r = asTech({"sample", "add", "--sold-as", "coke", "--form", "powder", "--research-consent", "maybe"});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "research_consent: 'maybe' is not one of yes, no");
}

TEST_F(CandorCli, AStripOnAnUnknownSampleExits65AndAddsNothing)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = asTech({"strip", "add", "KKK-KKK", "--type", "fentanyl", "--result", "positive"});
    EXPECT_EQ(r.exitCode, 65);
    EXPECT_EQ(snapshot(), before);
}

// --- usage (64) ----------------------------------------------------------------------

TEST_F(CandorCli, AnUnknownCommandExits64WithAUsageLine)
{
    const auto r = cli({"frobnicate"});
    EXPECT_EQ(r.exitCode, 64);
    expectMentions(r.err, "candor-cli: unknown command 'frobnicate'");
    expectMentions(r.err, "usage: candor-cli");
    EXPECT_FALSE(std::filesystem::exists(dbPath)) << "a usage error must not create the database";
}

TEST_F(CandorCli, AnUnknownOptionOrMissingArgumentExits64WithTheCommandsUsage)
{
    setUpUsers();
    const auto before = snapshot();
    const auto unknown = asTech({"sample", "add", "--sold-as", "x", "--form", "powder", "--flavour", "mint"});
    EXPECT_EQ(unknown.exitCode, 64);
    expectMentions(unknown.err, "unknown option '--flavour'");
    expectMentions(unknown.err, "usage: candor-cli sample add --sold-as TEXT --form FORM");
    const auto missing = asTech({"strip", "add", "--type", "fentanyl", "--result", "positive"});
    EXPECT_EQ(missing.exitCode, 64);
    expectMentions(missing.err, "strip add: missing SAMPLE");
    EXPECT_EQ(cli({}).exitCode, 64);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, ACommandThatActsWithoutUserExits64AndChangesNothing)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = cli({"sample", "add", "--sold-as", "coke", "--form", "powder"}, {{"CANDOR_PASSWORD", kTechPassword}});
    EXPECT_EQ(r.exitCode, 64);
    expectMentions(r.err, "sample add needs --user NAME");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, HelpWorksAtEveryLevel)
{
    const auto top = cli({"--help"});
    EXPECT_EQ(top.exitCode, 0);
    expectMentions(top.out, "sample add");
    expectMentions(top.out, "Exit codes");
    const auto group = cli({"sample", "--help"});
    EXPECT_EQ(group.exitCode, 0);
    expectMentions(group.out, "sample show");
    const auto command = cli({"sample", "add", "--help"});
    EXPECT_EQ(command.exitCode, 0);
    expectMentions(command.out, "--pill-thickness-mm MM");
    expectMentions(command.out, "Needs --user NAME");
    EXPECT_FALSE(std::filesystem::exists(dbPath)) << "help must not create the database";
}

// --- files (66, 74) ------------------------------------------------------------------

TEST_F(CandorCli, ACommandOnAMissingDatabaseExits66AndCreatesNoFile)
{
    const auto r = as("tess", kTechPassword, {"sample", "list"});
    EXPECT_EQ(r.exitCode, 66);
    expectMentions(r.err, "no Candor database at " + dbPath.string());
    EXPECT_EQ(cli({"db", "migrate"}).exitCode, 66);
    EXPECT_FALSE(std::filesystem::exists(dbPath));
}

TEST_F(CandorCli, AFileThatIsNotSqliteExits74AndIsLeftAsItWas)
{
    {
        std::ofstream out(dbPath, std::ios::binary);
        out << "name,colour\nthis is a spreadsheet,not a database\n" << std::string(4096, 'x');
    }
    const auto before = fileBytes(dbPath);
    const auto r = as("tess", kTechPassword, {"sample", "list"});
    EXPECT_EQ(r.exitCode, 74);
    expectMentions(r.err, "not a Candor (SQLite) database");
    EXPECT_EQ(cli({"db", "init"}).exitCode, 74);
    EXPECT_EQ(fileBytes(dbPath), before);
}

TEST_F(CandorCli, ADatabaseFromANewerCandorExits74AndIsLeftAsItWas)
{
    setUpUsers();
    {
        sqlite3 *db = nullptr;
        ASSERT_EQ(sqlite3_open(dbPath.c_str(), &db), SQLITE_OK);
        sqlite3_exec(db, "PRAGMA user_version=9999", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    const auto before = snapshot();
    const auto r = asTech({"sample", "list"});
    EXPECT_EQ(r.exitCode, 74);
    expectMentions(r.err, "newer than this Candor knows");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, ALockedDatabaseExits74AndIsLeftAsItWas)
{
    setUpUsers();
    const std::string code = addSample({"--sold-as", "coke", "--form", "powder"})["public_code"];
    const auto before = snapshot();

    // Another program holds the database exclusively, as a long write would.
    sqlite3 *holder = nullptr;
    ASSERT_EQ(sqlite3_open(dbPath.c_str(), &holder), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(holder, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;", nullptr, nullptr, nullptr), SQLITE_OK);
    const auto r = asTech({"strip", "add", code, "--type", "fentanyl", "--result", "positive"});
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);

    EXPECT_EQ(r.exitCode, 74);
    expectMentions(r.err, "locked by another program");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, AReadOnlyDatabaseExits74AndIsLeftAsItWas)
{
    setUpUsers();
    const auto before = snapshot();
    namespace fs = std::filesystem;
    CliRun run;
    run.args = {"--db", dbPath.string(), "--user", "tess", "sample", "add", "--sold-as", "coke", "--form", "powder"};
    run.env = {{"CANDOR_PASSWORD", kTechPassword}};
    run.home = dir.path().string();
    if (geteuid() == 0) {
        // Root ignores file modes (and CI runs as root), so the child drops to nobody,
        // who may read the folder and the file but write neither.
        fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                        fs::perms::others_read | fs::perms::others_exec);
        fs::permissions(dbPath, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
        run.asNobody = true;
    } else {
        fs::permissions(dbPath, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
        fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    }
    const auto r = runCli(run);
    fs::permissions(dir.path(), fs::perms::owner_all);
    fs::permissions(dbPath, fs::perms::owner_read | fs::perms::owner_write);

    EXPECT_EQ(r.exitCode, 74) << r.err;
    expectMentions(r.err, "read-only");
    EXPECT_EQ(snapshot(), before);
}

// The sign-in slow-down cannot be kept on a file nobody may write, so signing in there is
// refused, with the right password as with a wrong one: exit 74 and a sentence that says
// why, never 77 "wrong password", never let in. Checks that need no user still work.
TEST_F(CandorCli, OnAReadOnlyDatabaseSignInIsRefusedWhateverThePasswordButItCanBeChecked)
{
    setUpUsers();
    const auto added = asTech({"--json", "sample", "add", "--sold-as", "coke", "--form", "powder"});
    ASSERT_EQ(added.exitCode, 0) << added.err;
    const auto before = snapshot();
    namespace fs = std::filesystem;
    auto runReadOnly = [&](std::vector<std::string> args, const std::string &password) {
        CliRun run;
        run.args = {"--db", dbPath.string()};
        run.args.insert(run.args.end(), args.begin(), args.end());
        run.env = {{"CANDOR_PASSWORD", password}};
        run.home = dir.path().string();
        if (geteuid() == 0) {
            fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                            fs::perms::others_read | fs::perms::others_exec);
            fs::permissions(dbPath,
                            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
            run.asNobody = true;
        } else {
            fs::permissions(dbPath, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
            fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
        }
        const auto r = runCli(run);
        fs::permissions(dir.path(), fs::perms::owner_all);
        fs::permissions(dbPath, fs::perms::owner_read | fs::perms::owner_write);
        return r;
    };
    for (const char *password : {kTechPassword, "a wrong guess"}) {
        SCOPED_TRACE(password);
        const auto r = runReadOnly({"--user", "tess", "sample", "list"}, password);
        EXPECT_EQ(r.exitCode, 74) << r.err;
        expectMentions(r.err, "sign-in refused for 'tess': failed sign-ins cannot be recorded");
        EXPECT_EQ(r.err.find("wrong user name or password"), std::string::npos) << r.err;
        EXPECT_EQ(r.out.find("coke"), std::string::npos) << r.out;
    }
    const auto check = runReadOnly({"db", "check"}, "");
    EXPECT_EQ(check.exitCode, 0) << check.err;
    expectMentions(check.out, "Audit log: ok");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, AFailedFirstUserAddLeavesNoDatabaseBehind)
{
    ASSERT_FALSE(std::filesystem::exists(dbPath));
    CliRun run;
    run.args = {"--db", dbPath.string(), "user", "add", "ada", "--role", "admin"};
    run.env = {{"CANDOR_PASSWORD", "short"}};
    run.home = dir.path().string();
    const auto r = runCli(run);
    EXPECT_EQ(r.exitCode, 65) << r.err;
    expectMentions(r.err, "password");
    EXPECT_FALSE(std::filesystem::exists(dbPath));
    EXPECT_FALSE(std::filesystem::exists(dbPath.string() + "-wal"));
}

TEST_F(CandorCli, OutputThatCannotBeWrittenExits74)
{
    setUpUsers();
    CliRun run;
    run.args = {"--db", dbPath.string(), "--user", "tess", "sample", "list", "--json"};
    run.env = {{"CANDOR_PASSWORD", kTechPassword}};
    run.home = dir.path().string();
    run.stdoutFile = "/dev/full";
    const auto r = runCli(run);
    EXPECT_EQ(r.exitCode, 74);
    expectMentions(r.err, "cannot write the output");
}

// --- sites and demo data ---------------------------------------------------------------

TEST_F(CandorCli, AnAdminAddsSitesThatSamplesCanUse)
{
    setUpUsers();
    const auto r = asAdmin({"site", "add", "Harbour clinic", "--region", "North coast", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["region"], "North coast");
    const auto list = asTech({"site", "list"});
    expectMentions(list.out, "Harbour clinic");
    const auto s = addSample({"--sold-as", "coke", "--form", "powder", "--site", "Harbour clinic"});
    EXPECT_EQ(s["region"], "North coast");
    const auto unknown = asTech({"sample", "add", "--sold-as", "coke", "--form", "powder", "--site", "Nowhere"});
    EXPECT_EQ(unknown.exitCode, 65);
    expectMentions(unknown.err, "candor-cli: site:");
}

TEST_F(CandorCli, ATechnicianMayNotAddASite)
{
    setUpUsers();
    const auto before = snapshot();
    const auto r = asTech({"site", "add", "Van", "--region", "East"});
    EXPECT_EQ(r.exitCode, 77);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CandorCli, DemoLoadMarksEverySampleAsDemo)
{
    setUpUsers();
    const auto r = asAdmin({"demo", "load", "--count", "12"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "Loaded 12 demo samples");
    const auto doc = json::parse(asTech({"sample", "list", "--limit", "100", "--json"}).out);
    EXPECT_EQ(doc["total"], 12);
    for (const auto &s : doc["samples"])
        EXPECT_EQ(s["is_demo"], true);
    EXPECT_EQ(asAdmin({"demo", "load", "--count", "none"}).exitCode, 65);
}

TEST_F(CandorCli, DemoRemoveTakesOutEveryDemoRecordInOneStepAndKeepsRealSamples)
{
    setUpUsers();
    const std::string real = addSample({"--sold-as", "coke", "--form", "powder"})["public_code"];
    ASSERT_EQ(asAdmin({"demo", "load", "--count", "20"}).exitCode, 0);
    ASSERT_EQ(json::parse(asTech({"--json", "sample", "list", "--status", "verified"}).out)["total"].get<int>() > 0, true);

    // Refused for a technician, with nothing changed.
    const auto before = snapshot();
    const auto refused = asTech({"demo", "remove"});
    EXPECT_EQ(refused.exitCode, 77) << refused.err;
    expectMentions(refused.err, "admin");
    EXPECT_EQ(snapshot(), before);

    const auto r = asAdmin({"demo", "remove"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "Removed the demo data");
    expectMentions(r.out, "samples: 20");
    expectMentions(r.out, "users: 2");
    const auto list = json::parse(asTech({"--json", "sample", "list", "--limit", "100"}).out);
    ASSERT_EQ(list["total"], 1);
    EXPECT_EQ(list["samples"][0]["public_code"], real);

    // The audit chain still verifies; a second removal finds nothing and says so.
    const auto check = asAdmin({"db", "check"});
    EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
    const auto again = asAdmin({"--json", "demo", "remove"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(json::parse(again.out)["removed"]["samples"], 0);
}

// --- findings, workflow, audit, backups (issue 5) ---------------------------------------

class TrustCli : public CandorCli {
protected:
    void SetUp() override
    {
        setUpUsers();
        const auto r = as("ada", kAdminPassword, {"user", "add", "vera", "--role", "verifier"},
                          {{"CANDOR_NEW_PASSWORD", kVerifierPassword}});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    CliResult asVerifier(const std::vector<std::string> &args) { return as("vera", kVerifierPassword, args); }
    // Records the findings (arguments of "finding set"), submits as tess and verifies as
    // vera; wrap in ASSERT_NO_FATAL_FAILURE.
    void verifyWithFindings(const std::string &code, const std::vector<std::string> &findings)
    {
        std::vector<std::string> set = {"finding", "set", code};
        set.insert(set.end(), findings.begin(), findings.end());
        const auto r = asTech(set);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        ASSERT_EQ(asTech({"submit", code}).exitCode, 0);
        ASSERT_EQ(asVerifier({"verify", code}).exitCode, 0);
    }
    static constexpr const char *kVerifierPassword = "vera-secret-1";
    // Fentanyl in cocaine, seen on the FTIR: what the default rules alert on.
    inline static const std::vector<std::string> kFentanylInCoke = {"--component",    "cocaine hcl:primary", "--component",
                                                                    "fentanyl:trace", "--technique",         "ftir"};
};

TEST_F(TrustCli, FindingSetSubmitVerifyAndInvalidateWalkTheWorkflow)
{
    const auto sample = addSample({"--sold-as", "down", "--form", "powder"});
    const std::string code = sample["public_code"];
    ASSERT_EQ(asTech({"strip", "add", code, "--type", "fentanyl", "--result", "positive"}).exitCode, 0);
    const auto set = asTech(
        {"--json", "finding", "set", code, "--component", "heroin", "--component", "fent:trace", "--technique", "strip,ftir"});
    ASSERT_EQ(set.exitCode, 0) << set.err;
    const auto doc = json::parse(set.out);
    ASSERT_EQ(doc["findings"].size(), 2u);
    EXPECT_EQ(doc["findings"][1]["substance"], "fentanyl");
    EXPECT_EQ(doc["findings"][1]["abundance"], "trace");
    EXPECT_TRUE(doc["referral"].is_null());

    EXPECT_EQ(asTech({"submit", code}).exitCode, 0);
    // Four eyes: a technician who is not a verifier gets 77; so would the submitter.
    EXPECT_EQ(asTech({"verify", code}).exitCode, 77);
    const auto verified = asVerifier({"--json", "verify", code});
    ASSERT_EQ(verified.exitCode, 0) << verified.err;
    EXPECT_EQ(json::parse(verified.out)["status"], "verified");

    const auto before = snapshot();
    const auto noReason = asVerifier({"invalidate", code, "--reason", "  "});
    EXPECT_EQ(noReason.exitCode, 65);
    expectMentions(noReason.err, "reason");
    EXPECT_EQ(rowsOf(snapshot()), rowsOf(before));
    EXPECT_EQ(asVerifier({"invalidate", code, "--reason", "wrong sample tested"}).exitCode, 0);

    const auto shown = json::parse(asTech({"--json", "sample", "show", code}).out);
    EXPECT_EQ(shown["status"], "invalidated");
    EXPECT_EQ(shown["status_reason"], "wrong sample tested");
    EXPECT_EQ(shown["verified_by"], "vera");
    ASSERT_EQ(shown["findings"].size(), 2u);
    std::vector<std::string> story;
    for (const auto &e : shown["history"])
        story.push_back(e["what"]);
    EXPECT_EQ(story.back(), "Alerts built on this result marked for update");
}

TEST_F(TrustCli, AVerifiedFentanylInCokeBecomesAPublishedAlertThatNamesNobody)
{
    // Intake to publication through the real binary: a verified result drafts an alert,
    // a coordinator publishes it, and the exported site holds nothing that identifies.
    const auto sample = addSample({"--sold-as", "coke", "--form", "powder", "--colour", "white", "--notes", "SECRET-NOTE-4711"});
    const std::string code = sample["public_code"];
    ASSERT_NO_FATAL_FAILURE(verifyWithFindings(code, kFentanylInCoke));

    const auto drafted = asAdmin({"--json", "alerts", "draft"});
    ASSERT_EQ(drafted.exitCode, 0) << drafted.err;
    const auto doc = json::parse(drafted.out);
    std::string alertId;
    for (const auto &a : doc["alerts"])
        if (a["found"].dump().find("fentanyl") != std::string::npos)
            alertId = a["id"];
    ASSERT_FALSE(alertId.empty()) << "no fentanyl alert drafted from the verified sample: " << drafted.out;

    // Publishing needs the coordinator role.
    EXPECT_EQ(asTech({"alerts", "publish", alertId}).exitCode, 77);
    const auto published = asAdmin({"alerts", "publish", alertId});
    ASSERT_EQ(published.exitCode, 0) << published.err;

    const auto site = dir.path() / "site";
    const auto exported = asAdmin({"export", "site", "--out", site.string()});
    ASSERT_EQ(exported.exitCode, 0) << exported.err;
    ASSERT_TRUE(std::filesystem::exists(site / "index.html"));
    // stderr is for errors: Qt's complaint about a missing XDG_RUNTIME_DIR is not one.
    EXPECT_EQ(exported.err.find("XDG_RUNTIME_DIR"), std::string::npos) << exported.err;
    int files = 0;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(site)) {
        if (!entry.is_regular_file())
            continue;
        ++files;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const std::string &secret :
             {code, std::string("SECRET-NOTE-4711"), std::string("tess"), std::string("vera"), std::string("Main site")})
            EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " appears in " << entry.path();
    }
    EXPECT_GT(files, 3);
}

TEST_F(TrustCli, EightCocaineAndThreeKetamineWithFentanylPublishAndExportAndASmallGroupHeadlineIsRefused)
{
    // Issue 10, item 8, as a coordinator met it: the draft named the group of 3 and the
    // published alert then blocked every export.
    for (int i = 0; i < 11; ++i) {
        const bool ketamine = i >= 8;
        const std::string code = addSample(
            {"--sold-as", ketamine ? "ketamine" : "cocaine", "--form", ketamine ? "pill" : "powder"})["public_code"];
        ASSERT_NO_FATAL_FAILURE(
            verifyWithFindings(code, ketamine ? std::vector<std::string>{"--component", "ketamine:primary", "--component",
                                                                         "fentanyl:trace", "--technique", "ftir"}
                                              : kFentanylInCoke));
    }
    const auto drafted = asAdmin({"--json", "alerts", "draft"});
    ASSERT_EQ(drafted.exitCode, 0) << drafted.err;
    std::string id;
    const auto draftDoc = json::parse(drafted.out);
    for (const auto &a : draftDoc["alerts"])
        if (a["rule"] == "fentanyl-not-sold-as-opioid") {
            id = a["id"].get<std::string>();
            EXPECT_EQ(a["headline"], "Fentanyl found in drugs sold as cocaine and other drugs");
            EXPECT_EQ(a["samples"], 11);
            EXPECT_TRUE(a["problems"].empty()) << a.dump(2);
        }
    ASSERT_FALSE(id.empty()) << drafted.out;

    // The headline as the old drafter wrote it (a coordinator's edit in the app): drafting
    // says it cannot go out, and publishing refuses with the alert, field, rule and fix.
    auto setHeadline = [&](const std::string &headline) {
        sqlite3 *db = nullptr;
        ASSERT_EQ(sqlite3_open(dbPath.c_str(), &db), SQLITE_OK);
        const std::string sql = "UPDATE alerts SET headline = '" + headline + "', edited = 1 WHERE id = '" + id + "'";
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    };
    ASSERT_NO_FATAL_FAILURE(setHeadline("Fentanyl found in drugs sold as cocaine and ketamine"));
    expectMentions(asAdmin({"alerts", "draft"}).out, "cannot be published as it stands: alert " + id.substr(0, 8));
    const auto refused = asAdmin({"alerts", "publish", id});
    EXPECT_EQ(refused.exitCode, 65);
    expectMentions(refused.err, "alert " + id.substr(0, 8) + ": the headline names a sold-as group");
    expectMentions(refused.err,
                   "(rule: minimum group size); edit the headline so it does not name a sold-as group of fewer than 5");
    EXPECT_EQ(refused.err.find("ketamine"), std::string::npos) << refused.err;

    ASSERT_NO_FATAL_FAILURE(setHeadline("Fentanyl found in drugs sold as cocaine and other drugs"));
    const auto published = asAdmin({"alerts", "publish", id});
    ASSERT_EQ(published.exitCode, 0) << published.err;
    const auto site = dir.path() / "site";
    const auto exported = asAdmin({"export", "site", "--out", site.string()});
    ASSERT_EQ(exported.exitCode, 0) << exported.err;
    EXPECT_TRUE(std::filesystem::exists(site / "alerts" / (id + ".html")));
}

TEST_F(TrustCli, ADemoAlertDraftIsNeverPublished)
{
    ASSERT_EQ(asAdmin({"demo", "load", "--count", "120"}).exitCode, 0);
    // Straight after loading, before any drafting dropped its samples: the draft still
    // rests on verified demo samples, and publishing it is refused all the same.
    std::string id;
    {
        candor::core::Database db(dbPath);
        auto st = db.prepare("SELECT id FROM alerts WHERE region = 'Demo region' AND sample_count > 0 LIMIT 1");
        ASSERT_TRUE(st.step());
        id = st.columnText(0);
    }
    const auto before = snapshot();
    const auto r = asAdmin({"alerts", "publish", id});
    EXPECT_EQ(r.exitCode, 65) << r.out << r.err;
    expectMentions(r.err, "demo data is never published");
    EXPECT_EQ(rowsOf(snapshot()), rowsOf(before));
    candor::core::Database db(dbPath);
    auto published = db.prepare("SELECT count(*) FROM alert_publications");
    published.step();
    EXPECT_EQ(published.columnInt(0), 0);
}

TEST_F(TrustCli, VerifiedDemoSamplesNeverFeedAlertsOrThePublishedFigures)
{
    // Demo samples are invented: an alert or a trend built on them would warn about a
    // supply that does not exist. Verified like real ones, they are still left out.
    // The demo verifies some of its own samples (fentanyl in crack among them), and more
    // are verified here with fentanyl in cocaine.
    ASSERT_EQ(asAdmin({"demo", "load", "--count", "60"}).exitCode, 0);
    const auto cocaine = json::parse(
        asTech({"--json", "sample", "list", "--sold-as", "cocaine", "--status", "in-testing", "--limit", "3"}).out);
    ASSERT_GE(cocaine["samples"].size(), 1u) << cocaine.dump(2);
    for (const auto &s : cocaine["samples"]) {
        const std::string code = s["public_code"];
        ASSERT_TRUE(s["is_demo"].get<bool>());
        ASSERT_NO_FATAL_FAILURE(verifyWithFindings(code, kFentanylInCoke));
    }
    const auto demoCount =
        json::parse(asTech({"--json", "sample", "list", "--status", "verified"}).out)["total"].get<std::int64_t>();

    const auto onlyDemo = asAdmin({"alerts", "draft"});
    ASSERT_EQ(onlyDemo.exitCode, 0) << onlyDemo.err;
    expectMentions(onlyDemo.out, std::to_string(demoCount) + " verified demo sample(s) left out");
    // The demo's own drafts stay on the demo region, say DEMO, and once drafting runs rest
    // on no sample (demo samples never count): no alert anywhere rests on demo data.
    for (const auto &a : json::parse(asAdmin({"--json", "alerts", "draft"}).out)["alerts"]) {
        EXPECT_EQ(a["region"], "Demo region") << a.dump(2);
        EXPECT_EQ(a["samples"], 0) << a.dump(2);
        EXPECT_EQ(a["headline"].get<std::string>().rfind("DEMO", 0), 0u) << a.dump(2);
    }

    // One real sample: the alert counts it alone.
    const std::string code = addSample({"--sold-as", "coke", "--form", "powder"})["public_code"];
    ASSERT_NO_FATAL_FAILURE(verifyWithFindings(code, kFentanylInCoke));
    const auto drafted = json::parse(asAdmin({"--json", "alerts", "draft"}).out);
    EXPECT_EQ(drafted["demo_samples_left_out"], demoCount);
    std::string alertId;
    for (const auto &a : drafted["alerts"]) {
        if (a["rule"] == "fentanyl-not-sold-as-opioid" && a["region"] != "Demo region") {
            EXPECT_EQ(a["samples"], 1) << a.dump(2);
            alertId = a["id"];
        }
    }
    ASSERT_FALSE(alertId.empty()) << drafted.dump(2);

    // The published figures do not count them either: the sample table (rows published
    // plus rows withheld for k-anonymity) covers the one real sample, and the monthly
    // totals keep it at "fewer than 5".
    ASSERT_EQ(asAdmin({"alerts", "publish", alertId}).exitCode, 0);
    const auto site = dir.path() / "site";
    ASSERT_EQ(asAdmin({"export", "site", "--out", site.string()}).exitCode, 0);
    std::ifstream in(site / "data" / "alerts.json");
    const auto published = json::parse(in);
    EXPECT_EQ(published["sample_table"]["rows"].get<int>() + published["sample_table"]["withheld"].get<int>(), 1)
        << published["sample_table"].dump();
    ASSERT_FALSE(published["aggregates"]["month_totals"].empty()) << published.dump(2);
    for (const auto &m : published["aggregates"]["month_totals"])
        EXPECT_TRUE(m["count"].is_null()) << m.dump();
}

TEST_F(TrustCli, AlertRulesAreShownSetAndResetAndABadFileChangesNothing)
{
    const auto shipped = cli({"--json", "alerts", "rules", "show"});
    ASSERT_EQ(shipped.exitCode, 0) << shipped.err;
    const auto shippedDoc = json::parse(shipped.out);
    EXPECT_EQ(shippedDoc["edited"], false);
    auto rules = json::parse(shippedDoc["text"].get<std::string>());

    // A typo in a top-level field: refused with its line and field; nothing changes.
    const auto bad = dir.path() / "bad-rules.json";
    std::ofstream(bad) << "{\n  \"version\": 1,\n  \"rulez\": []\n}\n";
    const auto refused = asAdmin({"alerts", "rules", "set", bad.string()});
    EXPECT_EQ(refused.exitCode, 65);
    expectMentions(refused.err, "line 3: 'rulez' is not a field here; did you mean 'rules'?");
    EXPECT_EQ(json::parse(cli({"--json", "alerts", "rules", "show"}).out)["edited"], false);

    // A technician may not change the rules.
    auto &list = rules["rules"];
    list.erase(std::remove_if(list.begin(), list.end(), [](const json &r) { return r["id"] == "fentanyl-not-sold-as-opioid"; }),
               list.end());
    const auto edited = dir.path() / "rules.json";
    std::ofstream(edited) << rules.dump(2);
    EXPECT_EQ(asTech({"alerts", "rules", "set", edited.string()}).exitCode, 77);

    // Set by an admin, the rules are in force: fentanyl in coke drafts no alert.
    const auto set = asAdmin({"alerts", "rules", "set", edited.string()});
    ASSERT_EQ(set.exitCode, 0) << set.err;
    EXPECT_EQ(json::parse(cli({"--json", "alerts", "rules", "show"}).out)["edited"], true);
    const std::string code = addSample({"--sold-as", "coke", "--form", "powder"})["public_code"];
    ASSERT_NO_FATAL_FAILURE(verifyWithFindings(code, {"--component", "fentanyl"}));
    auto drafted = json::parse(asAdmin({"--json", "alerts", "draft"}).out);
    for (const auto &a : drafted["alerts"])
        EXPECT_NE(a["rule"], "fentanyl-not-sold-as-opioid");

    // Back to the shipped rules: the next draft has the alert.
    const auto reset = asAdmin({"alerts", "rules", "reset"});
    ASSERT_EQ(reset.exitCode, 0) << reset.err;
    expectMentions(reset.out, "shipped alert rules are in force");
    drafted = json::parse(asAdmin({"--json", "alerts", "draft"}).out);
    bool found = false;
    for (const auto &a : drafted["alerts"])
        found = found || a["rule"] == "fentanyl-not-sold-as-opioid";
    EXPECT_TRUE(found) << drafted.dump(2);
}

TEST_F(TrustCli, AdviceIsShownSetAndResetLikeTheRules)
{
    auto advice = json::parse(json::parse(cli({"--json", "alerts", "advice", "show"}).out)["text"].get<std::string>());
    advice["advice"]["fentanyl"] = "";
    const auto bad = dir.path() / "advice.json";
    std::ofstream(bad) << advice.dump(2);
    const auto refused = asAdmin({"alerts", "advice", "set", bad.string()});
    EXPECT_EQ(refused.exitCode, 65);
    expectMentions(refused.err, "line 7, advice for 'fentanyl': must be text in double quotes, not empty");
    advice["advice"]["fentanyl"] = "Carry naloxone; we hand it out free.";
    std::ofstream(bad, std::ios::trunc) << advice.dump(2);
    ASSERT_EQ(asAdmin({"alerts", "advice", "set", bad.string()}).exitCode, 0);
    expectMentions(cli({"alerts", "advice", "show"}).out, "we hand it out free");
    EXPECT_EQ(asAdmin({"alerts", "advice", "set", (dir.path() / "missing.json").string()}).exitCode, 66);
    ASSERT_EQ(asAdmin({"alerts", "advice", "reset"}).exitCode, 0);
    EXPECT_EQ(json::parse(cli({"--json", "alerts", "advice", "show"}).out)["edited"], false);
}

TEST_F(TrustCli, ExportSiteNeverReplacesAFolderItDidNotWriteAndSaysWhy)
{
    const auto documents = dir.path() / "Documents";
    std::filesystem::create_directories(documents);
    std::ofstream(documents / "letter.txt") << "mine";
    const auto refused = asAdmin({"export", "site", "--out", documents.string()});
    EXPECT_EQ(refused.exitCode, 74);
    expectMentions(refused.err, "holds other files");
    EXPECT_TRUE(std::filesystem::exists(documents / "letter.txt"));

    const auto missing = asAdmin({"export", "site", "--out", (dir.path() / "no" / "such").string()});
    EXPECT_EQ(missing.exitCode, 74);
    expectMentions(missing.err, "does not exist");

    // Written once, the site folder may be written again (and is replaced whole).
    const auto site = dir.path() / "site";
    ASSERT_EQ(asAdmin({"export", "site", "--out", site.string()}).exitCode, 0);
    std::ofstream(site / "stale.html") << "old";
    ASSERT_EQ(asAdmin({"export", "site", "--out", site.string()}).exitCode, 0);
    EXPECT_FALSE(std::filesystem::exists(site / "stale.html"));
    for (const auto &entry : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << "left behind: " << entry.path();
}

TEST_F(TrustCli, RetractNeedsAReasonAndAnUnknownAlertIsNamed)
{
    const auto noReason = asAdmin({"alerts", "retract", "12345678"});
    EXPECT_EQ(noReason.exitCode, 64);
    expectMentions(noReason.err, "--reason");
    const auto unknown = asAdmin({"alerts", "retract", "12345678", "--reason", "mix-up"});
    EXPECT_EQ(unknown.exitCode, 65);
    expectMentions(unknown.err, "no alert with the id '12345678'");
    EXPECT_EQ(asAdmin({"alerts", "publish", "12345678"}).exitCode, 65);
}

TEST_F(TrustCli, ResultsImportCsvNamesAnUnknownColumnOrMappingAndImportsNothing)
{
    const auto csv = dir.path() / "results.csv";
    std::ofstream(csv) << "Date,Site,City/Town,Expected Substance,Fentanyl Test Strip,Benzo Test Strip,FTIR Spectrometer,Colour\n"
                          "2018-06-20,Site A,Vancouver,Heroin,Positive,Negative,\"['Fentanyl']\",brown\n";
    const auto unknownColumn = asAdmin({"results", "import-csv", csv.string(), "--mapping", "drugcheckingbc"});
    EXPECT_EQ(unknownColumn.exitCode, 65);
    expectMentions(unknownColumn.err, "unknown column 'Colour'");
    const auto unknownMapping = asAdmin({"results", "import-csv", csv.string(), "--mapping", "nope"});
    EXPECT_EQ(unknownMapping.exitCode, 65);
    expectMentions(unknownMapping.err, "'nope' is not a known mapping (known: drugcheckingbc)");
    // Nothing was imported: drafting from external results finds no sample.
    const auto drafted = json::parse(asAdmin({"--json", "alerts", "draft", "--external"}).out);
    EXPECT_EQ(drafted["alerts"].size(), 0u);
}

TEST_F(TrustCli, ATransitionNotAllowedNowExits65AndChangesNothing)
{
    const std::string code = addSample({"--sold-as", "coke", "--form", "powder"})["public_code"];
    const auto before = snapshot();
    const auto r = asTech({"submit", code});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "finding");
    const auto v = asVerifier({"verify", code});
    EXPECT_EQ(v.exitCode, 65);
    expectMentions(v.err, "cannot verify");
    EXPECT_EQ(rowsOf(snapshot()), rowsOf(before));
    EXPECT_EQ(asTech({"finding", "set", code}).exitCode, 64);
    EXPECT_EQ(asTech({"finding", "set", code, "--component", "caffeine:lots"}).exitCode, 65);
    EXPECT_EQ(asVerifier({"finding", "set", code, "--component", "caffeine"}).exitCode, 77);
}

TEST_F(TrustCli, DbCheckPassesOnAGoodFileAndNamesTheFirstBadEntryOfATamperedOne)
{
    addSample({"--sold-as", "coke", "--form", "powder"});
    const auto good = cli({"--json", "db", "check"});
    ASSERT_EQ(good.exitCode, 0) << good.err;
    EXPECT_EQ(json::parse(good.out)["audit_ok"], true);

    sqlite3 *raw = nullptr;
    ASSERT_EQ(sqlite3_open(dbPath.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 3",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
    const auto bad = cli({"db", "check"});
    EXPECT_EQ(bad.exitCode, 65);
    expectMentions(bad.err, "audit entry 3");
}

// Deletes the audit entries after `keep` through a raw sqlite3 connection, as someone
// with write access to the file could (the trigger that forbids it dropped first).
void truncateAuditLog(const std::filesystem::path &db, std::int64_t keep)
{
    sqlite3 *raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    const auto sql = "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > " + std::to_string(keep);
    char *error = nullptr;
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_close(raw);
}

TEST_F(TrustCli, DbCheckFailsNamingTheCheckpointAndTheMissingEntriesWhenTheNewestAreDeleted)
{
    addSample({"--sold-as", "coke", "--form", "powder"});
    const auto backups = dir / "backups"; // the default backup folder: beside the database
    std::filesystem::create_directory(backups);
    const auto b = asAdmin({"--json", "db", "backup", (backups / "b.sqlite").string()});
    ASSERT_EQ(b.exitCode, 0) << b.err;
    const auto recorded = json::parse(b.out)["audit_checkpoint"];
    const std::int64_t head = recorded["seq"];
    EXPECT_EQ(recorded["files"], json::array({(backups / "audit-checkpoints.txt").string()}));
    addSample({"--sold-as", "meth", "--form", "crystal"});

    truncateAuditLog(dbPath, head - 2);
    const auto r = cli({"db", "check"});
    EXPECT_EQ(r.exitCode, 65) << r.out;
    expectMentions(r.out, "Audit log: ok"); // the chain alone cannot see it
    expectMentions(r.out, "Audit anchor: FAILED against the newest checkpoint " + (backups / "audit-checkpoints.txt").string() +
                              " line 3 (entry " + std::to_string(head));
    expectMentions(r.err, "entries " + std::to_string(head - 1) + " to " + std::to_string(head) + " are missing");
    const auto j = cli({"--json", "db", "check"});
    EXPECT_EQ(j.exitCode, 65);
    const auto anchor = json::parse(j.out)["anchor"];
    EXPECT_EQ(anchor["ok"], false);
    EXPECT_EQ(anchor["missing_from"], head - 1);
    EXPECT_EQ(anchor["missing_to"], head);
    EXPECT_EQ(anchor["checkpoint"]["line"], 3);
    EXPECT_EQ(anchor["recorded_in"], nullptr); // a failed check records nothing
}

TEST_F(TrustCli, DbCheckNamesTheCheckpointAnUntouchedLogHoldsAndRecordsItsOwn)
{
    const auto backups = dir / "backups";
    std::filesystem::create_directory(backups);
    ASSERT_EQ(asAdmin({"db", "backup", (backups / "b.sqlite").string()}).exitCode, 0);
    addSample({"--sold-as", "coke", "--form", "powder"});
    const auto first = cli({"db", "check"});
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const auto file = (backups / "audit-checkpoints.txt").string();
    expectMentions(first.out, "Audit anchor: ok, the log holds the newest checkpoint " + file + " line 3");
    expectMentions(first.out, "recorded in " + file);
    const auto second = cli({"db", "check"});
    ASSERT_EQ(second.exitCode, 0) << second.err;
    expectMentions(second.out, file + " line 4 (entry");
    expectMentions(second.out, "db check)");
}

TEST_F(TrustCli, DbCheckSaysWhenItFindsNoCheckpointAndLooksWhereItIsTold)
{
    const auto none = cli({"db", "check"});
    ASSERT_EQ(none.exitCode, 0) << none.err;
    expectMentions(none.out, "Audit anchor: not checked");
    expectMentions(none.out, "no checkpoint found in " + (dir / "backups").string());

    const auto elsewhere = dir / "offsite";
    std::filesystem::create_directory(elsewhere);
    ASSERT_EQ(asAdmin({"db", "backup", (elsewhere / "b.sqlite").string()}).exitCode, 0);
    const auto told = cli({"db", "check", "--backup-folder", elsewhere.string()});
    ASSERT_EQ(told.exitCode, 0) << told.err;
    expectMentions(told.out, "the log holds the newest checkpoint " + (elsewhere / "audit-checkpoints.txt").string());
}

TEST_F(TrustCli, BackupAndRestoreRoundTrip)
{
    const std::string kept = addSample({"--sold-as", "coke", "--form", "powder"})["public_code"];
    const auto backup = (dir / "backup.sqlite").string();
    const auto b = asAdmin({"db", "backup", backup});
    ASSERT_EQ(b.exitCode, 0) << b.err;
    EXPECT_EQ(asTech({"db", "backup", backup}).exitCode, 77);
    const std::string lost = addSample({"--sold-as", "meth", "--form", "crystal"})["public_code"];
    const auto r = asAdmin({"db", "restore", backup});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(asTech({"sample", "show", kept}).exitCode, 0);
    EXPECT_EQ(asTech({"sample", "show", lost}).exitCode, 65);
    EXPECT_EQ(cli({"db", "check"}).exitCode, 0);
}

TEST_F(TrustCli, ABackupIntoAFolderThatIsNotWritableExits74AndWritesNothing)
{
    namespace fs = std::filesystem;
    const auto target = dir / "locked";
    fs::create_directory(target);
    CliRun run;
    run.args = {"--db", dbPath.string(), "--user", "ada", "db", "backup", (target / "b.sqlite").string()};
    run.env = {{"CANDOR_PASSWORD", kAdminPassword}};
    run.home = dir.path().string();
    const auto readable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                          fs::perms::others_exec;
    if (geteuid() == 0) {
        // Root writes anywhere: as nobody, the target folder (root's, 755) is not
        // writable, while the database and its folder are.
        fs::permissions(dir.path(), fs::perms::all);
        fs::permissions(dbPath, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::group_write |
                                    fs::perms::others_read | fs::perms::others_write);
        fs::permissions(target, readable);
        run.asNobody = true;
    } else {
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_exec);
    }
    const auto r = runCli(run);
    fs::permissions(target, fs::perms::owner_all);
    fs::permissions(dir.path(), fs::perms::owner_all);
    EXPECT_EQ(r.exitCode, 74) << r.err;
    expectMentions(r.err, "not writable");
    EXPECT_TRUE(fs::is_empty(target));
}

TEST_F(TrustCli, SampleSlipWritesPdfAndHtmlForAVerifiedResultOnly)
{
    const std::string code = addSample({"--sold-as", "down", "--form", "powder", "--notes", "internal only"})["public_code"];
    ASSERT_EQ(asTech({"finding", "set", code, "--component", "fentanyl", "--component", "xylazine:trace"}).exitCode, 0);
    const auto early = asTech({"sample", "slip", code, "--out", (dir / "early.pdf").string()});
    EXPECT_EQ(early.exitCode, 65);
    EXPECT_FALSE(std::filesystem::exists(dir / "early.pdf"));
    ASSERT_EQ(asTech({"submit", code}).exitCode, 0);
    ASSERT_EQ(asVerifier({"verify", code}).exitCode, 0);
    const auto pdf = asTech({"sample", "slip", code, "--out", (dir / "slip.pdf").string()});
    ASSERT_EQ(pdf.exitCode, 0) << pdf.err;
    EXPECT_EQ(fileBytes(dir / "slip.pdf").substr(0, 5), "%PDF-");
    ASSERT_EQ(asTech({"sample", "slip", code, "--out", (dir / "slip.html").string()}).exitCode, 0);
    const auto html = fileBytes(dir / "slip.html");
    expectMentions(html, code);
    expectMentions(html, "naloxone");
    EXPECT_EQ(html.find("internal only"), std::string::npos);
    EXPECT_EQ(html.find("tess"), std::string::npos);
    EXPECT_EQ(asTech({"sample", "slip", code, "--out", (dir / "slip.txt").string()}).exitCode, 65);
    EXPECT_EQ(asTech({"sample", "slip", code, "--out", (dir / "nowhere" / "slip.pdf").string()}).exitCode, 74);
}

// --- the slip and the service's identity (issue 12) -------------------------------------

TEST_F(TrustCli, SampleSlipRefusesAnExistingFileUnlessForcedAndNamesTheService)
{
    ASSERT_EQ(asAdmin({"service", "set", "--name", "Drug Checking Zurich", "--contact", "Tue-Thu 10-18, 044 000 00 00",
                       "--region", "Zurich", "--time-zone", "Europe/Zurich"})
                  .exitCode,
              0);
    const std::string code = addSample({"--sold-as", "down", "--form", "powder"})["public_code"];
    ASSERT_EQ(asTech({"strip", "add", code, "--type", "fentanyl", "--result", "positive"}).exitCode, 0);
    ASSERT_NO_FATAL_FAILURE(verifyWithFindings(code, {"--component", "inositol"}));
    const auto out = dir / "slip.html";
    ASSERT_EQ(asTech({"sample", "slip", code, "--out", out.string()}).exitCode, 0);
    const auto html = fileBytes(out);
    expectMentions(html, "Drug Checking Zurich");
    expectMentions(html, "Tue-Thu 10-18, 044 000 00 00");
    expectMentions(html, "a sugar used as a cut");
    expectMentions(html, "Fentanyl test strip: positive");

    {
        std::ofstream mark(out, std::ios::binary | std::ios::trunc);
        mark << "the slip printed yesterday";
    }
    const auto again = asTech({"sample", "slip", code, "--out", out.string()});
    EXPECT_EQ(again.exitCode, 65);
    expectMentions(again.err, "already exists");
    EXPECT_EQ(fileBytes(out), "the slip printed yesterday");
    const auto forced = asTech({"sample", "slip", code, "--out", out.string(), "--force"});
    ASSERT_EQ(forced.exitCode, 0) << forced.err;
    expectMentions(fileBytes(out), "Drug Checking Zurich");
    for (const auto &entry : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST_F(TrustCli, ASlipIntoAFolderThatIsNotWritableExits74AndLeavesNothing)
{
    namespace fs = std::filesystem;
    const std::string code = addSample({"--sold-as", "down", "--form", "powder"})["public_code"];
    ASSERT_NO_FATAL_FAILURE(verifyWithFindings(code, {"--component", "inositol"}));
    const auto target = dir / "locked";
    fs::create_directory(target);
    CliRun run;
    run.args = {"--db", dbPath.string(), "--user", "tess", "sample", "slip", code, "--out", (target / "slip.pdf").string()};
    run.env = {{"CANDOR_PASSWORD", kTechPassword}};
    run.home = dir.path().string();
    const auto readable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                          fs::perms::others_exec;
    if (geteuid() == 0) {
        // As in the backup test: root writes anywhere, nobody cannot write into root's 755 folder.
        fs::permissions(dir.path(), fs::perms::all);
        fs::permissions(dbPath, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::group_write |
                                    fs::perms::others_read | fs::perms::others_write);
        fs::permissions(target, readable);
        run.asNobody = true;
    } else {
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_exec);
    }
    const auto r = runCli(run);
    fs::permissions(target, fs::perms::owner_all);
    fs::permissions(dir.path(), fs::perms::owner_all);
    EXPECT_EQ(r.exitCode, 74) << r.err;
    expectMentions(r.err, "cannot write the slip");
    EXPECT_TRUE(fs::is_empty(target));
}

TEST_F(TrustCli, ServiceSetRefusesAnUnknownTimeZoneNamingItAndChangesNothing)
{
    ASSERT_EQ(asAdmin({"service", "set", "--name", "Drug Checking Zurich", "--time-zone", "Europe/Zurich"}).exitCode, 0);
    const auto bad = asAdmin({"service", "set", "--name", "Renamed", "--time-zone", "Mars/Olympus_Mons"});
    EXPECT_EQ(bad.exitCode, 65);
    expectMentions(bad.err, "time-zone: 'Mars/Olympus_Mons' is not a known time zone");
    const auto shown = json::parse(asTech({"service", "show", "--json"}).out);
    EXPECT_EQ(shown["name"], "Drug Checking Zurich");
    EXPECT_EQ(shown["time_zone"], "Europe/Zurich");
    EXPECT_EQ(asTech({"service", "set", "--name", "Tess's service"}).exitCode, 77);
    EXPECT_EQ(asAdmin({"service", "set"}).exitCode, 64);
    const auto text = asAdmin({"service", "show"});
    expectMentions(text.out, "Time zone: Europe/Zurich");
}
