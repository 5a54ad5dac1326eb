// The real candor-cli re-screening stored spectra: 'library rescreen' lists the sample a
// newly imported high-risk reference explains (text and --json), prints progress on
// stderr, and '--resume' finishes a run that a crash left half done, without listing any
// spectrum twice.

#include "cli/clirunner.h"
#include "support/tempdir.h"

#include "core/candordatabase.h"
#include "core/database.h"
#include "core/rescreens.h"
#include "core/users.h"
#include "services/referencelibrary.h"
#include "services/rescreen.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

using candor::testing::CliResult;
using candor::testing::expectMentions;
using candor::testing::runCliOn;
using candor::testing::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kDemo = "data/demo-library";
const std::string kNewReference = "xylazine-hcl.jdx";

class RescreenCli : public ::testing::Test {
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
        const std::map<std::string, std::string> env = {{"CANDOR_PASSWORD", "ada-secret-1"},
                                                        {"CANDOR_NO_DEMO_LIBRARY", "1"},
                                                        {"CANDOR_NEW_PASSWORD", "tess-secret-1"}};
        ASSERT_EQ(runCliOn(dbPath.string(), dir.path().string(), {"user", "add", "ada", "--role", "admin"},
                           {{"CANDOR_PASSWORD", "ada-secret-1"}, {"CANDOR_NO_DEMO_LIBRARY", "1"}})
                      .exitCode,
                  0);
        ASSERT_EQ(runCliOn(dbPath.string(), dir.path().string(), {"--user", "ada", "user", "add", "tess", "--role", "technician"},
                           env)
                      .exitCode,
                  0);
        std::vector<std::string> args = {"library", "import", "--source", "Lab"};
        for (const auto &e : fs::directory_iterator(kDemo))
            if (e.path().extension() == ".jdx" && e.path().filename() != kNewReference)
                args.push_back(e.path().string());
        std::sort(args.begin() + 4, args.end());
        const auto imported = as("ada", args);
        ASSERT_EQ(imported.exitCode, 0) << imported.err;
    }

    // A sample with a measurement of xylazine (lot `lot`: bytes of its own), matched on
    // import against the library without xylazine. Returns its public code.
    std::string xylazineSample(int lot)
    {
        std::ifstream in(kDemo / kNewReference);
        std::ostringstream s;
        s << in.rdbuf();
        std::string text = s.str();
        text.insert(text.find('\n', text.find("##TITLE=")), " lot " + std::to_string(lot));
        const fs::path file = dir / ("lot" + std::to_string(lot) + ".jdx");
        std::ofstream(file, std::ios::binary) << text;
        const auto added = as("tess", {"sample", "add", "--sold-as", "down", "--form", "powder", "--json"});
        EXPECT_EQ(added.exitCode, 0) << added.err;
        const std::string code = json::parse(added.out)["public_code"];
        const auto imported = as("tess", {"import", code, file.string()});
        EXPECT_EQ(imported.exitCode, 0) << imported.err;
        return code;
    }

    void addNewReference()
    {
        const auto r = as("ada", {"library", "import", "--source", "Lab", (kDemo / kNewReference).string()});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }

    TempDir dir;
    fs::path dbPath = dir / "candor.sqlite";
};

} // namespace

TEST_F(RescreenCli, ListsTheSampleANewHighRiskReferenceExplains)
{
    const std::string code = xylazineSample(1);
    addNewReference();

    const auto r = as("tess", {"library", "rescreen", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.err, "re-screened 1 of 1 spectra, 1 changed");
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["status"], "finished");
    EXPECT_EQ(doc["screened"], 1);
    ASSERT_EQ(doc["changes"].size(), 1u);
    EXPECT_EQ(doc["changes"][0]["sample"], code);
    EXPECT_EQ(doc["changes"][0]["match_updated"], true);
    bool detected = false;
    for (const auto &c : doc["changes"][0]["after"])
        detected = detected || (c["substance"] == "Xylazine HCl" && c["status"] == "detected");
    EXPECT_TRUE(detected) << doc.dump();

    // Screened again against the same library: the stored match is its answer already.
    const auto again = as("tess", {"library", "rescreen"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    expectMentions(again.out, "0 spectra changed; 1 of 1 screened.");
}

TEST_F(RescreenCli, ResumeFinishesARunACrashLeftHalfDoneWithoutDuplicates)
{
    std::set<std::string> codes;
    for (int lot = 1; lot <= 3; ++lot)
        codes.insert(xylazineSample(lot));
    addNewReference();
    {
        // A candor-cli killed after its first batch: the batch is committed, the run is
        // still "running" with its cursor.
        auto db = candor::core::openCandorDatabase(dbPath);
        const auto tess = candor::core::UserStore(*db).findByName("tess");
        ASSERT_TRUE(tess.has_value());
        const auto library = candor::services::loadLibrary(*db, {});
        candor::services::RescreenOptions options;
        options.batchSize = 1;
        EXPECT_THROW(candor::services::rescreenStoredSpectra(
                         *db, *library, *tess, {},
                         [](const candor::services::RescreenProgress &) { throw std::runtime_error("killed"); }, options),
                     std::runtime_error);
        ASSERT_EQ(candor::core::RescreenStore(*db).unfinished()->done, 1);
    }

    const auto r = as("tess", {"library", "rescreen", "--resume", "--batch", "1", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectMentions(r.err, "re-screened 3 of 3 spectra, 3 changed");
    const auto doc = json::parse(r.out);
    EXPECT_EQ(doc["resumed"], true);
    EXPECT_EQ(doc["status"], "finished");
    ASSERT_EQ(doc["changes"].size(), 3u);
    std::set<std::string> listed;
    for (const auto &c : doc["changes"])
        listed.insert(c["sample"].get<std::string>());
    EXPECT_EQ(listed, codes);

    const auto plain = as("tess", {"library", "rescreen", "--resume"});
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    expectMentions(plain.out, "0 spectra changed; 3 of 3 screened.");
}

TEST_F(RescreenCli, RefusesABatchThatIsNotAPositiveNumber)
{
    const auto r = as("tess", {"library", "rescreen", "--batch", "0"});
    EXPECT_EQ(r.exitCode, 64);
    expectMentions(r.err, "--batch: '0' is not a whole number from 1 to 100000");
}
