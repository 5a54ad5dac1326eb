// Re-screening stored spectra when the library changes, on a real SQLite file: a new
// high-risk reference that explains a stored spectrum is listed; a verified result keeps
// its findings, status and stored match; a cancelled or crashed run resumes from its
// cursor and lists nothing twice.

#include "core/fixture.h"

#include "core/errors.h"
#include "core/findings.h"
#include "core/matchresults.h"
#include "core/rescreens.h"
#include "core/workflow.h"
#include "services/instrumentimport.h"
#include "services/referencelibrary.h"
#include "services/rescreen.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <stdexcept>

using namespace candor;
using candor::testing::CoreFixture;
namespace fs = std::filesystem;

namespace {

const fs::path kDemo = "data/demo-library";
const std::string kNewReference = "xylazine-hcl.jdx";

class RescreenService : public CoreFixture {
protected:
    void SetUp() override
    {
        CoreFixture::SetUp();
        vera = core::UserStore(*db).add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &admin);
        // The library of the day: the demo spectra without xylazine.
        std::vector<fs::path> files;
        for (const auto &e : fs::directory_iterator(kDemo))
            if (e.path().extension() == ".jdx" && e.path().filename() != kNewReference)
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        services::importReferenceFiles(*db, files, admin, "Lab");
    }

    std::shared_ptr<const services::LoadedLibrary> library() { return services::loadLibrary(*db, {}); }

    // A sample holding a measurement of `reference` (lot `lot` changes the file's bytes,
    // as a second measurement would), matched against the current library on import.
    std::string sampleWith(const std::string &reference, int lot)
    {
        std::ifstream in(kDemo / reference);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto title = text.find("##TITLE=");
        text.insert(text.find('\n', title), " lot " + std::to_string(lot));
        const fs::path file = dir / ("lot" + std::to_string(lot) + "-" + reference);
        std::ofstream(file) << text;
        const std::string id = core::SampleStore(*db, *catalogue).add(powder("down"), tech).id;
        services::importInstrumentFile(*db, id, file, tech, library().get());
        return id;
    }

    std::string verified(const std::string &id)
    {
        core::FindingStore(*db, *catalogue).set(id, {core::parseComponent("heroin")}, std::nullopt, tech);
        core::Workflow(*db).submit(id, tech);
        core::Workflow(*db).verify(id, vera);
        return id;
    }

    void addNewReference() { services::importReferenceFiles(*db, {kDemo / kNewReference}, admin, "Lab"); }

    static bool detects(const std::string &json, const std::string &substance)
    {
        for (const auto &c : nlohmann::json::parse(json))
            if (c["substance"] == substance && c["status"] == "detected")
                return true;
        return false;
    }

    core::User vera;
};

} // namespace

TEST_F(RescreenService, ListsASampleThatANewHighRiskReferenceExplains)
{
    const std::string xylazine = sampleWith(kNewReference, 1);
    const std::string caffeine = sampleWith("caffeine.jdx", 2);
    const auto before = core::MatchResultStore(*db).forSample(xylazine);
    ASSERT_EQ(before.size(), 1u);
    addNewReference();

    const auto outcome = services::rescreenStoredSpectra(*db, *library(), tech);
    EXPECT_EQ(outcome.run.status, "finished");
    EXPECT_EQ(outcome.run.done, 2);
    ASSERT_EQ(outcome.changes.size(), 1u) << "caffeine's high-risk components must not change";
    const auto &change = outcome.changes[0];
    EXPECT_EQ(change.sampleId, xylazine);
    EXPECT_FALSE(detects(change.beforeJson, "Xylazine HCl"));
    EXPECT_TRUE(detects(change.afterJson, "Xylazine HCl")) << change.afterJson;
    EXPECT_TRUE(change.matchUpdated);
    // Not yet verified: the sample's match is the new one now.
    const auto after = core::MatchResultStore(*db).forSample(xylazine);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_NE(after[0].id, before[0].id);
    EXPECT_EQ(after[0].hits.at(0).substance, "Xylazine HCl");
}

TEST_F(RescreenService, AVerifiedResultIsListedButNeverChanged)
{
    const std::string id = verified(sampleWith(kNewReference, 1));
    const auto findings = core::FindingStore(*db, *catalogue).list(id);
    const auto match = core::MatchResultStore(*db).forSample(id);
    addNewReference();

    const auto outcome = services::rescreenStoredSpectra(*db, *library(), tech);
    ASSERT_EQ(outcome.changes.size(), 1u);
    EXPECT_EQ(core::toString(outcome.changes[0].sampleStatus), "verified");
    EXPECT_FALSE(outcome.changes[0].matchUpdated);
    EXPECT_TRUE(detects(outcome.changes[0].afterJson, "Xylazine HCl"));

    EXPECT_EQ(core::toString(core::SampleStore(*db, *catalogue).find(id)->status), "verified");
    const auto findingsAfter = core::FindingStore(*db, *catalogue).list(id);
    ASSERT_EQ(findingsAfter.size(), findings.size());
    EXPECT_EQ(findingsAfter[0].id, findings[0].id);
    EXPECT_EQ(findingsAfter[0].substance, findings[0].substance);
    const auto matchAfter = core::MatchResultStore(*db).forSample(id);
    ASSERT_EQ(matchAfter.size(), 1u);
    EXPECT_EQ(matchAfter[0].id, match[0].id);
    EXPECT_EQ(matchAfter[0].mixture, match[0].mixture);
}

TEST_F(RescreenService, ACancelledRunResumesWithoutListingAnySpectrumTwice)
{
    for (int lot = 1; lot <= 3; ++lot)
        sampleWith(kNewReference, lot);
    addNewReference();
    const auto lib = library();

    std::stop_source stop;
    services::RescreenOptions options;
    options.batchSize = 1;
    std::vector<std::int64_t> seen;
    const auto first = services::rescreenStoredSpectra(
        *db, *lib, tech, stop.get_token(),
        [&](const services::RescreenProgress &p) {
            seen.push_back(p.done);
            stop.request_stop();
        },
        options);
    EXPECT_EQ(first.run.status, "cancelled");
    EXPECT_EQ(first.run.done, 1);
    EXPECT_EQ(first.changes.size(), 1u);
    EXPECT_EQ(seen, (std::vector<std::int64_t>{1}));

    const auto second = services::rescreenStoredSpectra(*db, *lib, tech, {}, {}, options);
    EXPECT_TRUE(second.resumed);
    EXPECT_EQ(second.run.id, first.run.id);
    EXPECT_EQ(second.run.status, "finished");
    EXPECT_EQ(second.run.done, 3);
    ASSERT_EQ(second.changes.size(), 3u);
    std::set<std::string> spectra;
    for (const auto &c : second.changes)
        spectra.insert(c.spectrumId);
    EXPECT_EQ(spectra.size(), 3u);

    services::RescreenOptions restart = options;
    restart.resume = false;
    const auto third = services::rescreenStoredSpectra(*db, *lib, tech, {}, {}, restart);
    EXPECT_FALSE(third.resumed);
    EXPECT_NE(third.run.id, first.run.id);
    EXPECT_TRUE(third.changes.empty()) << "the matches stored by the first run are the library's answer already";
}

TEST_F(RescreenService, ARunInterruptedByACrashResumesFromItsCursor)
{
    for (int lot = 1; lot <= 3; ++lot)
        sampleWith(kNewReference, lot);
    addNewReference();
    const auto lib = library();
    services::RescreenOptions options;
    options.batchSize = 2;
    // The process dies after the first batch committed: the run is left "running".
    EXPECT_THROW(services::rescreenStoredSpectra(
                     *db, *lib, tech, {}, [](const services::RescreenProgress &) { throw std::runtime_error("killed"); },
                     options),
                 std::runtime_error);
    const auto left = core::RescreenStore(*db).unfinished();
    ASSERT_TRUE(left.has_value());
    EXPECT_EQ(left->status, "running");
    EXPECT_EQ(left->done, 2);

    const auto resumed = services::rescreenStoredSpectra(*db, *lib, tech, {}, {}, options);
    EXPECT_TRUE(resumed.resumed);
    EXPECT_EQ(resumed.run.id, left->id);
    EXPECT_EQ(resumed.run.done, 3);
    EXPECT_EQ(resumed.changes.size(), 3u);
    EXPECT_FALSE(core::RescreenStore(*db).unfinished().has_value());
}

TEST_F(RescreenService, ARunAgainstAnotherLibraryStartsOverInsteadOfResuming)
{
    sampleWith(kNewReference, 1);
    std::stop_source stop;
    stop.request_stop();
    const auto cancelled = services::rescreenStoredSpectra(*db, *library(), tech, stop.get_token());
    EXPECT_EQ(cancelled.run.status, "cancelled");
    EXPECT_EQ(cancelled.run.done, 0);
    addNewReference();
    const auto fresh = services::rescreenStoredSpectra(*db, *library(), tech);
    EXPECT_FALSE(fresh.resumed);
    EXPECT_NE(fresh.run.id, cancelled.run.id);
    EXPECT_EQ(fresh.changes.size(), 1u);
}

TEST_F(RescreenService, NeedsATechnicianOrAnAdmin)
{
    try {
        services::rescreenStoredSpectra(*db, *library(), vera);
        FAIL() << "a verifier may not re-screen";
    } catch (const core::PermissionDenied &e) {
        EXPECT_NE(std::string(e.what()).find("re-screening stored spectra"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(core::RescreenStore(*db).latest().has_value());
}
