// The real candor-cli on the reference library and matching: 'library import' (files and
// folders, idempotent, failures reported per file), 'library list', 'match'
// (cli.md's JSON, bad input exits 65 with a clear message), 'import' storing the match,
// and 'sample show' showing it with the strip-positive, FTIR-negative flag.

#include "cli/clirunner.h"
#include "core/database.h"
#include "core/migrations.h"
#include "core/users.h"
#include "support/tempdir.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using candor::testing::CliResult;
using candor::testing::CliRun;
using candor::testing::expectMentions;
using candor::testing::runCli;
using candor::testing::runCliOn;
using candor::testing::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kDemo = "data/demo-library";
constexpr const char *kNotice = "demo library: replace with your service's library";

std::string readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const fs::path &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

} // namespace

class MatchCli : public ::testing::Test {
protected:
    CliResult cli(const std::vector<std::string> &args, std::map<std::string, std::string> env = {})
    {
        if (noDemo)
            env["CANDOR_NO_DEMO_LIBRARY"] = "1";
        return runCliOn(dbPath.string(), dir.path().string(), args, std::move(env));
    }
    CliResult as(const std::string &user, const std::vector<std::string> &args)
    {
        std::vector<std::string> full = {"--user", user};
        full.insert(full.end(), args.begin(), args.end());
        return cli(full, {{"CANDOR_PASSWORD", user + "-secret-1"}});
    }

    void setUp(bool withDemo)
    {
        noDemo = !withDemo;
        ASSERT_EQ(cli({"user", "add", "ada", "--role", "admin"}, {{"CANDOR_PASSWORD", "ada-secret-1"}}).exitCode, 0);
        ASSERT_EQ(cli({"--user", "ada", "user", "add", "tess", "--role", "technician"},
                      {{"CANDOR_PASSWORD", "ada-secret-1"}, {"CANDOR_NEW_PASSWORD", "tess-secret-1"}})
                      .exitCode,
                  0);
    }

    TempDir dir;
    fs::path dbPath = dir / "candor.sqlite";
    bool noDemo = false;
};

TEST_F(MatchCli, ANewDatabaseHasTheDemoLibraryAndSaysSo)
{
    setUp(true);
    const auto r = cli({"library", "list", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_GE(doc["spectra"].get<int>(), 29);
    EXPECT_EQ(doc["demo"], doc["spectra"]);
    EXPECT_EQ(doc["notice"], kNotice);
    bool xylazine = false;
    for (const auto &ref : doc["references"])
        if (ref["substance"] == "Xylazine HCl") {
            xylazine = true;
            EXPECT_EQ(ref["class"], "alpha2-agonist");
            EXPECT_EQ(ref["risk"], "high");
            EXPECT_EQ(ref["demo"], true);
        }
    EXPECT_TRUE(xylazine);
    const auto plain = cli({"library", "list"});
    ASSERT_EQ(plain.exitCode, 0);
    expectMentions(plain.out, kNotice);
}

TEST_F(MatchCli, MatchOnADemoFileRanksItsSubstanceFirst)
{
    setUp(true);
    const auto r = cli({"match", (kDemo / "fentanyl.jdx").string(), "--json", "--top", "5"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["file"], (kDemo / "fentanyl.jdx").string());
    EXPECT_EQ(doc["library"]["name"], "Candor reference library");
    EXPECT_TRUE(doc["library"]["version"].is_string());
    EXPECT_GE(doc["library"]["spectra"].get<int>(), 29);
    ASSERT_EQ(doc["hits"].size(), 5u);
    EXPECT_EQ(doc["hits"][0]["substance"], "Fentanyl");
    EXPECT_EQ(doc["hits"][0]["class"], "fentanyl");
    EXPECT_EQ(doc["hits"][0]["rank"], 1);
    EXPECT_GT(doc["hits"][0]["score"].get<double>(), 0.99);
    EXPECT_EQ(doc["verdict"], "match");
    EXPECT_TRUE(doc["reason"].is_string());
    ASSERT_FALSE(doc["mixture"]["components"].empty());
    EXPECT_EQ(doc["mixture"]["components"][0]["substance"], "Fentanyl");
    EXPECT_EQ(doc["mixture"]["components"][0]["status"], "detected");
    EXPECT_TRUE(doc["mixture"]["residual"].is_number());
    expectMentions(doc["warnings"].dump(), kNotice);

    const auto plain = cli({"match", (kDemo / "fentanyl.jdx").string()});
    ASSERT_EQ(plain.exitCode, 0);
    expectMentions(plain.out, "Verdict: match");
    expectMentions(plain.out, "HIGH RISK");
}

TEST_F(MatchCli, MatchOnAMalformedFileExits65)
{
    setUp(true);
    writeText(dir / "broken.jdx", "##TITLE=x\n##JCAMP-DX=4.24\n##XYDATA=(X++(Y..Y))\n");
    const auto r = cli({"match", (dir / "broken.jdx").string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "broken.jdx");
}

TEST_F(MatchCli, MatchOnAllZerosOrNoOverlapExits65WithTheReason)
{
    setUp(true);
    std::string zeros = "##TITLE=zeros\n##JCAMP-DX=4.24\n##DATA TYPE=INFRARED SPECTRUM\n##XUNITS=1/CM\n"
                        "##YUNITS=ABSORBANCE\n##XYPOINTS=(XY..XY)\n";
    std::string far = zeros;
    far.replace(far.find("zeros"), 5, "far");
    for (int i = 0; i < 200; ++i) {
        zeros += std::to_string(1000 + 2 * i) + ", 0\n";
        far += std::to_string(9000 + 2 * i) + ", " + std::to_string(0.1 + (i % 7) * 0.05) + "\n";
    }
    writeText(dir / "zeros.jdx", zeros + "##END=\n");
    writeText(dir / "far.jdx", far + "##END=\n");
    for (const char *name : {"zeros.jdx", "far.jdx"}) {
        const auto r = cli({"match", (dir / name).string(), "--json"});
        EXPECT_EQ(r.exitCode, 65) << name << r.out;
        expectMentions(r.err, "cannot be matched");
        const auto doc = json::parse(r.out);
        EXPECT_EQ(doc["verdict"], "no-match");
        EXPECT_TRUE(doc.contains("error"));
    }
}

TEST_F(MatchCli, AnEmptyLibraryIsSaidClearly)
{
    setUp(false);
    const auto list = cli({"library", "list"});
    ASSERT_EQ(list.exitCode, 0);
    expectMentions(list.out, "empty");
    const auto r = cli({"match", (kDemo / "caffeine.jdx").string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "the reference library is empty");
    expectMentions(r.err, "library import");
}

TEST_F(MatchCli, LibraryImportOfTheDemoFolderTwiceIsIdempotent)
{
    setUp(false);
    const auto first = as("ada", {"library", "import", kDemo.string(), "--json"});
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const auto one = json::parse(first.out);
    EXPECT_GE(one["added"].get<int>(), 29);
    EXPECT_EQ(one["failed"], 0);
    EXPECT_EQ(one["skipped"], 2) << "README.md and bands.json are no spectra";
    const auto second = as("ada", {"library", "import", kDemo.string()});
    ASSERT_EQ(second.exitCode, 0) << second.err;
    expectMentions(second.out,
                   "0 added, " + std::to_string(one["added"].get<int>()) + " already present, 0 failed, 2 skipped (not spectra)");
    EXPECT_EQ(second.err, "");
    const auto list = json::parse(cli({"library", "list", "--json"}).out);
    EXPECT_EQ(list["spectra"], one["added"]);
    EXPECT_EQ(list["version"], one["library_version"]);
}

TEST_F(MatchCli, LibraryImportAddsASecondSpectrumReportsAFailureAndKeepsGoing)
{
    setUp(false);
    ASSERT_EQ(as("ada", {"library", "import", (kDemo / "caffeine.jdx").string(), "--source", "Lab"}).exitCode, 0);
    std::string changed = readText(kDemo / "caffeine.jdx");
    changed.replace(changed.find("##RESOLUTION=4"), 14, "##RESOLUTION=8");
    writeText(dir / "caffeine-2.jdx", changed);
    writeText(dir / "broken.jdx", "not a spectrum at all");
    const auto r = as("ada", {"library", "import", "--source", "Lab", (dir / "caffeine-2.jdx").string(),
                              (dir / "broken.jdx").string(), (kDemo / "lactose.jdx").string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.out, "spectrum 2 of this substance");
    expectMentions(r.err, "broken.jdx");
    expectMentions(r.out, "added Lactose");
    expectMentions(r.out, "2 added, 0 already present, 1 failed");
}

TEST_F(MatchCli, LibraryImportRefusesAFolderWithoutAUsableSpectrum)
{
    setUp(false);
    fs::create_directories(dir / "bad");
    writeText(dir / "bad" / "broken.jdx", "not a spectrum at all");
    const auto r = as("ada", {"library", "import", (dir / "bad").string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "holds no usable infrared spectrum");
    expectMentions(r.err, "broken.jdx");
    EXPECT_EQ(json::parse(cli({"library", "list", "--json"}).out)["spectra"], 0);
}

TEST_F(MatchCli, RetireDemoKeepsTheRowsAndMatchesStopSayingDemo)
{
    setUp(true);
    ASSERT_EQ(as("ada", {"library", "import", (kDemo / "caffeine.jdx").string(), "--source", "Our lab"}).exitCode, 0)
        << "the same bytes as the demo's caffeine: already present";
    std::string ours = readText(kDemo / "caffeine.jdx");
    ours.replace(ours.find("##RESOLUTION=4"), 14, "##RESOLUTION=2");
    writeText(dir / "our-caffeine.jdx", ours);
    ASSERT_EQ(as("ada", {"library", "import", (dir / "our-caffeine.jdx").string(), "--source", "Our lab"}).exitCode, 0);
    const auto before = json::parse(cli({"library", "list", "--json"}).out);
    ASSERT_GT(before["demo"].get<int>(), 0);
    expectMentions(cli({"match", (kDemo / "caffeine.jdx").string()}).out, "demo library");

    EXPECT_EQ(as("tess", {"library", "retire-demo"}).exitCode, 77);
    const auto retired = as("ada", {"library", "retire-demo", "--json"});
    ASSERT_EQ(retired.exitCode, 0) << retired.err;
    EXPECT_EQ(json::parse(retired.out)["retired"], before["demo"]);
    const auto after = json::parse(cli({"library", "list", "--json"}).out);
    EXPECT_EQ(after["demo"], 0);
    EXPECT_EQ(after["retired"], before["demo"]);
    EXPECT_EQ(after["spectra"], 1);
    EXPECT_EQ(after["references"].size(), before["references"].size()) << "retired rows stay listed";
    const auto match = cli({"match", (kDemo / "caffeine.jdx").string(), "--json"});
    ASSERT_EQ(match.exitCode, 0) << match.err;
    EXPECT_EQ(match.out.find("demo library"), std::string::npos) << match.out;
    EXPECT_EQ(json::parse(match.out)["library"]["spectra"], 1);
}

TEST_F(MatchCli, LibraryQcListsAPlantedNearDuplicatePair)
{
    setUp(false);
    std::string twin = readText(kDemo / "caffeine.jdx");
    twin.replace(twin.find("##TITLE=Caffeine"), 16, "##TITLE=Phenacetin");
    fs::create_directories(dir / "lib");
    writeText(dir / "lib" / "phenacetin-mislabelled.jdx", twin);
    ASSERT_EQ(as("ada", {"library", "import", (kDemo / "caffeine.jdx").string(), (kDemo / "lactose.jdx").string(),
                         (kDemo / "fentanyl.jdx").string(), (dir / "lib" / "phenacetin-mislabelled.jdx").string()})
                  .exitCode,
              0);
    const auto r = cli({"library", "qc", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto qc = json::parse(r.out);
    ASSERT_EQ(qc["pairs"].size(), 1u) << r.out;
    EXPECT_EQ(qc["pairs"][0]["substance_a"], "Caffeine");
    EXPECT_EQ(qc["pairs"][0]["substance_b"], "Phenacetin");
    EXPECT_EQ(qc["pairs"][0]["file_b"], "phenacetin-mislabelled.jdx");
    expectMentions(cli({"library", "qc"}).out, "cannot tell them apart");
}

TEST_F(MatchCli, LibraryImportNeedsAnAdmin)
{
    setUp(false);
    const auto r = as("tess", {"library", "import", kDemo.string()});
    EXPECT_EQ(r.exitCode, 77);
    EXPECT_EQ(json::parse(cli({"library", "list", "--json"}).out)["spectra"], 0);
}

TEST_F(MatchCli, ImportStoresTheMatchAndSampleShowShowsItWithTheStripFlag)
{
    setUp(true);
    const auto added = as("tess", {"sample", "add", "--sold-as", "down", "--form", "powder", "--json"});
    ASSERT_EQ(added.exitCode, 0) << added.err;
    const std::string code = json::parse(added.out)["public_code"];
    ASSERT_EQ(as("tess", {"strip", "add", code, "--type", "fentanyl", "--result", "positive"}).exitCode, 0);
    const auto imported = as("tess", {"import", code, (kDemo / "caffeine.jdx").string(), "--json"});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const auto importDoc = json::parse(imported.out);
    ASSERT_EQ(importDoc["files"][0]["matches"].size(), 1u);
    EXPECT_EQ(importDoc["files"][0]["matches"][0]["hits"][0]["substance"], "Caffeine");

    const auto shown = as("tess", {"sample", "show", code, "--json"});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    const auto doc = json::parse(shown.out);
    ASSERT_EQ(doc["matches"].size(), 1u);
    EXPECT_EQ(doc["matches"][0]["verdict"], "match");
    EXPECT_EQ(doc["matches"][0]["hits"][0]["substance"], "Caffeine");
    EXPECT_EQ(doc["matches"][0]["library"]["notice"], kNotice);
    ASSERT_EQ(doc["flags"].size(), 1u);
    EXPECT_EQ(doc["flags"][0],
              "fentanyl strip positive but FTIR found no fentanyl-class substance: refer for confirmatory testing");

    const auto plain = as("tess", {"sample", "show", code});
    expectMentions(plain.out, "Spectrum matches:");
    expectMentions(plain.out, "1. Caffeine (cut)");
    expectMentions(plain.out, "refer for confirmatory testing");
}

// Schema v18 keeps a match as typed rows, no longer as the JSON text 'sample show' used to
// print: a match stored by Candor at v17 (tests/data/matchrows/v17-match.json, from a real
// import) prints exactly as it did then once the database is migrated.
TEST_F(MatchCli, AMatchStoredAsJsonAtV17PrintsAsBeforeAfterTheMigration)
{
    const auto fixture = nlohmann::ordered_json::parse(readText("tests/data/matchrows/v17-match.json"));
    const auto &row = fixture.at("row");
    {
        candor::core::Database db(dbPath);
        candor::core::migrate(db, 17);
        auto user = db.prepare("INSERT INTO users (id, name, display_name, roles, password_hash, created_at) "
                               "VALUES ('u1', 'tess', 'Tess', 'technician', ?, '2026-12-02T11:00:00Z')");
        user.bind(1, candor::core::UserStore::hashPassword("tess-secret-1"));
        user.run();
        db.exec("INSERT INTO sites (id, name, region, created_at) VALUES ('s1', 'Site', 'North', '2026-12-02T11:00:00Z')");
        db.exec("INSERT INTO samples (id, public_code, received_at, site_id, intake_channel, sold_as, form, sample_type, "
                "created_at, created_by) VALUES ('x1', 'AAA-AAA', '2026-12-02T11:00:00Z', 's1', 'walk-in', 'down', "
                "'powder', 'substance', '2026-12-02T11:00:00Z', 'u1')");
        auto file = db.prepare("INSERT INTO instrument_files (id, sample_id, file_name, format, size_bytes, sha256, content, "
                               "imported_at, imported_by) VALUES ('f1', 'x1', ?, 'jcamp-dx', 1, 'ab', x'00', "
                               "'2026-12-02T11:57:00Z', 'u1')");
        file.bind(1, fixture.at("file_name").get<std::string>());
        file.run();
        auto spectrum = db.prepare("INSERT INTO instrument_spectra (id, file_id, position, title, technique, x_units, "
                                   "y_units, npoints, x, y, metadata) VALUES (?, 'f1', 0, ?, 'infrared', '1/cm', "
                                   "'absorbance', 0, x'', x'', '{}')");
        spectrum.bind(1, row.at("spectrum_id").get<std::string>()).bind(2, fixture.at("spectrum_title").get<std::string>());
        spectrum.run();
        auto match = db.prepare("INSERT INTO match_results (id, spectrum_id, library_name, library_version, "
                                "library_spectra, library_demo, verdict, reason, error, warnings, hits, mixture, "
                                "created_at, library_checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        int column = 1;
        for (const char *key : {"id", "spectrum_id", "library_name", "library_version"})
            match.bind(column++, row.at(key).get<std::string>());
        match.bind(column++, row.at("library_spectra").get<std::int64_t>());
        match.bind(column++, row.at("library_demo").get<std::int64_t>());
        for (const char *key : {"verdict", "reason", "error", "warnings", "hits", "mixture", "created_at", "library_checksum"})
            match.bind(column++, row.at(key).get<std::string>());
        match.run();
    }
    const auto shown = as("tess", {"sample", "show", "AAA-AAA", "--json"});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    const auto doc = nlohmann::ordered_json::parse(shown.out);
    ASSERT_EQ(doc.at("matches").size(), 1u);
    EXPECT_EQ(doc["matches"][0].dump(2), fixture.at("printed").dump(2));

    candor::core::Database db(dbPath);
    EXPECT_EQ(db.userVersion(), candor::core::latestSchemaVersion());
    auto left = db.prepare("SELECT count(*) FROM pragma_table_info('match_results') WHERE name = 'mixture'");
    ASSERT_TRUE(left.step());
    EXPECT_EQ(left.columnInt(0), 0) << "the match is read from typed rows, not from its old JSON";
}
