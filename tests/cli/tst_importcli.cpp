// The real candor-cli on instrument files: `spectrum show` (no database, cli.md's JSON),
// and `import SAMPLE FILE...` (stored byte for byte, duplicates said, failures reported
// per file while the others go in, nothing stored for a file that fails).

#include "cli/clirunner.h"
#include "support/tempdir.h"

#include "core/instrumentfiles.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <unistd.h>

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

const fs::path kShared = "../shared/data/formats";
const fs::path kFixtures = "tests/data/importers";
// Absorbance FTIR from a Bruker Alpha-class instrument: NPT 1866, FXV and LXV from its
// parameter block (the readers' conformance test states the same values).
const fs::path kOpusIr = kShared / "opus/issue81_A1.1.0";
const fs::path kJcampDifdup = kShared / "jcamp/cheminfo/compression/jcamp-difdup.dx";
const fs::path kSmallJcamp = kFixtures / "jcamp/affn-transmittance.jdx";

#define REQUIRE_SHARED() \
    do { \
        if (!fs::is_directory(kShared)) \
            GTEST_SKIP() << "shared test data not present at " << kShared << " (see ../shared/data/SOURCES.md)"; \
    } while (0)

std::string fileBytes(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::int64_t scalar(const fs::path &db, const std::string &sql)
{
    sqlite3 *h = nullptr;
    std::int64_t n = -1;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
}

void exec(const fs::path &db, const std::string &sql)
{
    sqlite3 *h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
    sqlite3_close(h);
}

} // namespace

class ImportCli : public ::testing::Test {
protected:
    CliResult cli(const std::vector<std::string> &args, std::map<std::string, std::string> env = {})
    {
        return runCliOn(dbPath.string(), dir.path().string(), args, std::move(env));
    }
    CliResult asTech(const std::vector<std::string> &args)
    {
        std::vector<std::string> full = {"--user", "tess"};
        full.insert(full.end(), args.begin(), args.end());
        return cli(full, {{"CANDOR_PASSWORD", "tess-secret-1"}});
    }

    void SetUp() override
    {
        ASSERT_EQ(cli({"user", "add", "ada", "--role", "coordinator"}, {{"CANDOR_PASSWORD", "ada-secret-1"}}).exitCode, 0);
        ASSERT_EQ(cli({"--user", "ada", "user", "add", "tess", "--role", "technician"},
                      {{"CANDOR_PASSWORD", "ada-secret-1"}, {"CANDOR_NEW_PASSWORD", "tess-secret-1"}})
                      .exitCode,
                  0);
    }

    std::string addSample()
    {
        const auto r = asTech({"sample", "add", "--sold-as", "down", "--form", "powder", "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return json::parse(r.out)["public_code"];
    }

    std::int64_t files() { return scalar(dbPath, "SELECT count(*) FROM instrument_files"); }
    std::int64_t spectra() { return scalar(dbPath, "SELECT count(*) FROM instrument_spectra"); }

    // Every byte of the database: what a failed import must leave alone.
    std::string snapshot() { return fileBytes(dbPath) + fileBytes(dbPath.string() + "-wal"); }

    TempDir dir;
    fs::path dbPath = dir / "candor.sqlite";
};

// --- spectrum show -------------------------------------------------------------------

TEST_F(ImportCli, SpectrumShowJsonGivesWhatTheOpusParameterBlockStates)
{
    REQUIRE_SHARED();
    const auto r = cli({"spectrum", "show", kOpusIr.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["file"], kOpusIr.string());
    EXPECT_EQ(doc["format"], "opus");
    ASSERT_EQ(doc["spectra"].size(), 3u);
    const auto &s = doc["spectra"][0];
    EXPECT_EQ(s["npoints"], 1866);
    EXPECT_EQ(s["x_units"], "1/cm");
    ASSERT_EQ(s["x"].size(), 1866u);
    ASSERT_EQ(s["y"].size(), 1866u);
    EXPECT_DOUBLE_EQ(s["x"].front().get<double>(), 3996.5766162382815);
    EXPECT_DOUBLE_EQ(s["x"].back().get<double>(), 399.27189168017577);
    EXPECT_TRUE(s["metadata"].is_object());
    for (const char *key : {"title", "technique", "y_units"})
        EXPECT_TRUE(s.contains(key)) << key;
}

TEST_F(ImportCli, SpectrumShowJsonDecodesEveryPointOfADifDupFile)
{
    REQUIRE_SHARED();
    const auto r = cli({"spectrum", "show", kJcampDifdup.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["format"], "jcamp-dx");
    ASSERT_EQ(doc["spectra"].size(), 1u);
    const auto &s = doc["spectra"][0];
    EXPECT_EQ(s["npoints"], 16384);
    EXPECT_EQ(s["y"].front().get<double>(), -10247);
    EXPECT_EQ(s["y"].back().get<double>(), 14967);
}

TEST_F(ImportCli, SpectrumShowPrintsAReadableSummaryAndNeedsNoDatabase)
{
    const fs::path nowhere = dir / "none.sqlite";
    CliRun run;
    run.args = {"--db", nowhere.string(), "spectrum", "show", kSmallJcamp.string()};
    run.home = dir.path().string();
    const auto r = runCli(run);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "jcamp-dx");
    expectMentions(r.out, "12 points");
    const std::string bytes = fileBytes(kSmallJcamp);
    expectMentions(r.out, "sha256 " + candor::core::sha256Hex(std::as_bytes(std::span(bytes))));
    EXPECT_FALSE(fs::exists(nowhere));
}

TEST_F(ImportCli, SpectrumShowOfAMalformedFileExits65NamingTheLine)
{
    const auto r = cli({"spectrum", "show", (kFixtures / "jcamp/ycheck-fails.jdx").string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "ycheck-fails.jdx:13");
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(ImportCli, SpectrumShowPrintsWhatTheReaderReadLeniently)
{
    const auto file = (kFixtures / "jcamp/npoints-disagrees.jdx").string();
    const std::string warning = "line 14: the data hold 12 Y values but ##NPOINTS=14; all 12 are kept";
    const auto r = cli({"spectrum", "show", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "12 points");
    expectMentions(r.out, "   warning: " + warning + "\n");
    const auto j = cli({"spectrum", "show", file, "--json"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    EXPECT_EQ(json::parse(j.out)["spectra"][0]["warnings"], json::array({warning}));
}

TEST_F(ImportCli, SpectrumShowNamesTheScanOfAWarningBeyondThoseItSummarises)
{
    // 25 scans, the 23rd empty: plain output summarises 20 but still says the warning.
    std::string text = "##TITLE= run\n##JCAMP-DX= 5.00\n##DATA TYPE= MASS SPECTRUM\n##XUNITS= M/Z\n##YUNITS= COUNTS\n";
    for (int k = 1; k <= 25; ++k)
        text += "##PAGE= T=" + std::to_string(k) + "\n##NPOINTS= " + (k == 23 ? "0" : "1") + "\n##XYDATA= (XY..XY)\n" +
                (k == 23 ? "" : "41, 100\n");
    text += "##END=\n";
    const auto path = dir / "run.jdx";
    std::ofstream(path) << text;
    const auto r = cli({"spectrum", "show", path.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "… and 5 more spectra");
    expectMentions(r.out, "   warning (spectrum 23): line 96: the data record holds no points (##NPOINTS=0)");
}

TEST_F(ImportCli, ImportPrintsStoresAndRecordsTheReadersWarnings)
{
    const auto code = addSample();
    const auto file = (kFixtures / "jcamp/npoints-disagrees.jdx").string();
    const std::string warning = "line 14: the data hold 12 Y values but ##NPOINTS=14; all 12 are kept";
    const auto r = asTech({"import", code, file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, ", with 1 warning\n  warning: " + warning + "\n");
    EXPECT_EQ(scalar(dbPath, "SELECT count(*) FROM instrument_files WHERE warnings = '[\"" + warning + "\"]'"), 1);

    const auto show = asTech({"sample", "show", code, "--json"});
    ASSERT_EQ(show.exitCode, 0) << show.err;
    const auto doc = json::parse(show.out);
    bool inHistory = false;
    for (const auto &e : doc["history"])
        inHistory = inHistory || e.value("what", "").find("1 warning: " + warning) != std::string::npos;
    EXPECT_TRUE(inHistory) << show.out;

    // --json carries them with the file record.
    const auto second = addSample();
    const auto j = asTech({"import", second, (kFixtures / "jcamp/gcms-empty-scan.jdx").string(), "--json"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    EXPECT_EQ(json::parse(j.out)["files"][0]["warnings"],
              json::array({"spectrum 2 (GC-MS run with an empty scan): line 15: the data record holds no points "
                           "(##NPOINTS=0); kept as an empty spectrum"}));
}

TEST_F(ImportCli, SpectrumShowOfAMissingFileOrADirectoryExits66)
{
    const auto missing = cli({"spectrum", "show", (dir / "nope.jdx").string()});
    EXPECT_EQ(missing.exitCode, 66);
    expectMentions(missing.err, "nope.jdx");
    expectMentions(missing.err, "does not exist");

    const auto folder = cli({"spectrum", "show", kFixtures.string()});
    EXPECT_EQ(folder.exitCode, 66);
    expectMentions(folder.err, "is a directory");
}

TEST_F(ImportCli, SpectrumShowRefusesEmptyGarbageAndHugeFilesWith65)
{
    std::ofstream(dir / "empty.jdx").close();
    const auto empty = cli({"spectrum", "show", (dir / "empty.jdx").string()});
    EXPECT_EQ(empty.exitCode, 65);
    expectMentions(empty.err, "empty.jdx");
    expectMentions(empty.err, "is empty");

    std::ofstream(dir / "garbage.bin", std::ios::binary) << std::string("\x01\x02\x03\xff\xfe garbage", 13);
    const auto garbage = cli({"spectrum", "show", (dir / "garbage.bin").string()});
    EXPECT_EQ(garbage.exitCode, 65);
    expectMentions(garbage.err, "garbage.bin");

    // Sparse: 257 MiB on paper, nothing on disk. Refused before reading.
    std::ofstream(dir / "huge.jdx").close();
    fs::resize_file(dir / "huge.jdx", 257ull * 1024 * 1024);
    const auto huge = cli({"spectrum", "show", (dir / "huge.jdx").string()});
    EXPECT_EQ(huge.exitCode, 65);
    expectMentions(huge.err, "huge.jdx");
    expectMentions(huge.err, "above the limit of 256 MiB");
}

TEST_F(ImportCli, SpectrumShowOfAnUnreadableFileExits66)
{
    const fs::path file = dir / "secret.jdx";
    fs::copy_file(kSmallJcamp, file);
    fs::permissions(file, fs::perms::owner_write);
    CliRun run;
    run.args = {"spectrum", "show", file.string()};
    run.home = "/tmp";
    if (geteuid() == 0) {
        // Root reads anything: the child drops to nobody, who may reach the folder.
        fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec);
        run.asNobody = true;
    }
    const auto r = runCli(run);
    fs::permissions(dir.path(), fs::perms::owner_all);
    EXPECT_EQ(r.exitCode, 66) << r.err;
    expectMentions(r.err, "secret.jdx");
}

// --- import -------------------------------------------------------------------------

TEST_F(ImportCli, ImportStoresTheFileByteForByteWithItsSpectraAndStartsTesting)
{
    REQUIRE_SHARED();
    const auto code = addSample();
    const auto r = asTech({"import", code, kOpusIr.string(), kSmallJcamp.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["public_code"], code);
    EXPECT_EQ(doc["imported"], 2);
    EXPECT_EQ(doc["failed"], 0);
    ASSERT_EQ(doc["files"].size(), 2u);
    EXPECT_EQ(doc["files"][0]["status"], "imported");
    EXPECT_EQ(doc["files"][0]["format"], "opus");
    EXPECT_EQ(doc["files"][0]["spectra"], 3);
    EXPECT_EQ(doc["files"][0]["file"], "issue81_A1.1.0");
    EXPECT_EQ(doc["files"][0]["imported_by"], "tess");
    const std::string opus = fileBytes(kOpusIr);
    EXPECT_EQ(doc["files"][0]["size_bytes"], opus.size());
    EXPECT_EQ(doc["files"][0]["sha256"], candor::core::sha256Hex(std::as_bytes(std::span(opus))));

    EXPECT_EQ(files(), 2);
    EXPECT_EQ(spectra(), 4);
    EXPECT_EQ(scalar(dbPath, "SELECT npoints FROM instrument_spectra WHERE position = 0 AND file_id = (SELECT id FROM "
                             "instrument_files WHERE format = 'opus')"),
              1866);
    EXPECT_EQ(scalar(dbPath, "SELECT length(content) FROM instrument_files WHERE format = 'opus'"), std::int64_t(opus.size()));
    EXPECT_EQ(scalar(dbPath, "SELECT length(x) FROM instrument_spectra WHERE npoints = 1866 LIMIT 1"), 1866 * 8);

    const auto show = asTech({"sample", "show", code, "--json"});
    ASSERT_EQ(show.exitCode, 0) << show.err;
    EXPECT_EQ(json::parse(show.out)["status"], "in-testing");
}

TEST_F(ImportCli, ImportingTheSameBytesAgainSaysWhenAndAddsNothing)
{
    const auto code = addSample();
    ASSERT_EQ(asTech({"import", code, kSmallJcamp.string()}).exitCode, 0);
    // A copy under another name is still the same bytes.
    fs::copy_file(kSmallJcamp, dir / "renamed.jdx");
    const auto before = snapshot();
    const auto r = asTech({"import", code, (dir / "renamed.jdx").string()});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.out, "already imported for sample " + code + " on 20");
    expectMentions(r.out, "nothing added");
    EXPECT_EQ(files(), 1);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportCli, TheSameBytesOnAnotherSampleAreRefusedAsAMixUp)
{
    const auto first = addSample();
    const auto second = addSample();
    ASSERT_EQ(asTech({"import", first, kSmallJcamp.string()}).exitCode, 0);
    const auto before = snapshot();
    const auto r = asTech({"import", second, kSmallJcamp.string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "already imported for sample " + first);
    expectMentions(r.err, "cannot belong to two samples");
    EXPECT_EQ(files(), 1);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportCli, ImportToAnUnknownSampleExits65AndChangesNothing)
{
    addSample();
    const auto before = snapshot();
    const auto r = asTech({"import", "XXX-XXX", kSmallJcamp.string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "XXX-XXX");
    EXPECT_EQ(files(), 0);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportCli, ABadFileInABatchIsReportedWhileTheOthersGoIn)
{
    const auto code = addSample();
    const auto bad = (kFixtures / "jcamp/ycheck-fails.jdx").string();
    const auto missing = (dir / "missing.jdx").string();
    const auto r = asTech({"import", code, bad, kSmallJcamp.string(), missing, "--json"});
    // The first failure decides the exit code: the malformed file, 65.
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "ycheck-fails.jdx:");
    expectMentions(r.err, "missing.jdx: does not exist");
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["imported"], 1);
    EXPECT_EQ(doc["failed"], 2);
    EXPECT_EQ(doc["files"][0]["status"], "failed");
    EXPECT_EQ(doc["files"][0]["exit_code"], 65);
    EXPECT_EQ(doc["files"][1]["status"], "imported");
    EXPECT_EQ(doc["files"][2]["exit_code"], 66);
    EXPECT_EQ(files(), 1);
    EXPECT_EQ(spectra(), 1);

    const auto second = addSample();
    const auto unreadableFirst = asTech({"import", second, missing, bad});
    EXPECT_EQ(unreadableFirst.exitCode, 66);
}

TEST_F(ImportCli, AFailedImportStoresNothing)
{
    const auto code = addSample();
    const auto before = snapshot();
    std::ofstream(dir / "empty.spc").close();
    const auto r = asTech(
        {"import", code, (kFixtures / "jcamp/truncated.jdx").string(), (dir / "empty.spc").string(), kFixtures.string()});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(files(), 0);
    EXPECT_EQ(spectra(), 0);
    EXPECT_EQ(snapshot(), before);
    // Nothing stored, so the sample was not moved to in-testing either.
    const auto show = asTech({"sample", "show", code, "--json"});
    EXPECT_EQ(json::parse(show.out)["status"], "received");
}

TEST_F(ImportCli, ASamplePastTestingTakesNoFiles)
{
    const auto code = addSample();
    exec(dbPath, "UPDATE samples SET status = 'verified'");
    const auto before = snapshot();
    const auto r = asTech({"import", code, kSmallJcamp.string()});
    EXPECT_EQ(r.exitCode, 65);
    expectMentions(r.err, "is verified");
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportCli, ImportNeedsAUserAndAtLeastOneFile)
{
    const auto code = addSample();
    EXPECT_EQ(cli({"import", code, kSmallJcamp.string()}).exitCode, 64);
    EXPECT_EQ(asTech({"import", code}).exitCode, 64);
    const auto help = cli({"import", "--help"});
    EXPECT_EQ(help.exitCode, 0);
    expectMentions(help.out, "the other files still go in");
}
