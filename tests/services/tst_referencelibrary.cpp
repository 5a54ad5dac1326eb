// The reference library as the front ends get it: rows from the database compiled into a
// matching library, the demo library seeded once, the cache beside the database rebuilt
// when the library changes, and importing a spectrum to a sample storing its match.

#include "core/fixture.h"

#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/matchresults.h"
#include "core/readings.h"
#include "core/references.h"
#include "services/instrumentimport.h"
#include "services/referencelibrary.h"
#include "cli/matchjson.h"

#include "importers/reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

using namespace candor;
using candor::testing::CoreFixture;
namespace fs = std::filesystem;

namespace {

const fs::path kDemo = "data/demo-library";

class ReferenceLibraryService : public CoreFixture {
protected:
    fs::path cache() const { return services::libraryCachePath(dir / "candor.sqlite"); }

    std::string newSample() { return core::SampleStore(*db, *catalogue).add(powder("down"), tech).id; }
};

} // namespace

TEST_F(ReferenceLibraryService, EmbedsEveryDemoLibraryFile)
{
    std::size_t onDisk = 0;
    for (const auto &e : fs::directory_iterator(kDemo))
        onDisk += e.path().extension() == ".jdx" ? 1 : 0;
    EXPECT_EQ(services::demoLibraryFiles().size(), onDisk);
    EXPECT_GE(onDisk, 29u);
}

TEST_F(ReferenceLibraryService, SeedsTheDemoLibraryOnceMarkedAsDemo)
{
    core::ReferenceStore store(*db);
    ASSERT_EQ(store.count(), 0);
    const int added = services::seedDemoLibrary(*db);
    EXPECT_EQ(added, int(services::demoLibraryFiles().size()));
    EXPECT_EQ(store.count(), added);
    EXPECT_EQ(store.demoCount(), added);
    const std::string version = store.version();

    EXPECT_EQ(services::seedDemoLibrary(*db), 0);
    EXPECT_EQ(store.count(), added);
    EXPECT_EQ(store.version(), version) << "seeding again must not touch the library";

    bool fentanyl = false;
    for (const auto &row : store.all(false))
        if (row.substance == "Fentanyl") {
            fentanyl = true;
            EXPECT_EQ(row.substanceClass, "fentanyl");
            EXPECT_EQ(row.risk, "high");
            EXPECT_TRUE(row.isDemo);
            EXPECT_NE(row.title.find(services::kDemoLibraryNotice), std::string::npos);
        }
    EXPECT_TRUE(fentanyl);
}

TEST_F(ReferenceLibraryService, DoesNotSeedALibraryThatHoldsReferencesAlready)
{
    const auto rows = services::importReferenceFiles(*db, {kDemo / "caffeine.jdx"}, admin, "Our library");
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_EQ(rows[0].status, services::ReferenceImportOutcome::Status::Added) << rows[0].message;
    EXPECT_EQ(services::seedDemoLibrary(*db), 0);
    EXPECT_EQ(core::ReferenceStore(*db).demoCount(), 0);
}

TEST_F(ReferenceLibraryService, LoadsTheRowsIntoALibraryThatMatches)
{
    services::seedDemoLibrary(*db);
    const auto library = services::loadLibrary(*db, cache());
    EXPECT_EQ(library->compiled().size(), services::demoLibraryFiles().size());
    EXPECT_EQ(library->compiled().name(), services::kLibraryName);
    EXPECT_EQ(library->compiled().version(), core::ReferenceStore(*db).version());
    EXPECT_TRUE(library->usesDemo());

    const auto parsed = services::parseInstrumentFile(kDemo / "cocaine-hcl.jdx");
    const auto result = services::matchSpectrum(*library, services::toSpectrum(parsed.spectra.at(0)));
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ(result.hits[0].substance, "Cocaine HCl");
    EXPECT_EQ(result.verdict, matching::Verdict::Match);

    const auto json = cli::matchJson(services::describeMatch(*library, result), "cocaine-hcl.jdx");
    EXPECT_EQ(json["hits"][0]["rank"], 1);
    EXPECT_EQ(json["verdict"], "match");
    EXPECT_EQ(json["library"]["notice"], services::kDemoLibraryNotice);
}

TEST_F(ReferenceLibraryService, RebuildsTheCacheWhenTheLibraryVersionChanges)
{
    services::seedDemoLibrary(*db);
    EXPECT_EQ(services::loadLibrary(*db, cache())->cacheOutcome(), matching::CompiledLibrary::CacheOutcome::BuiltNoCache);
    ASSERT_TRUE(fs::exists(cache()));
    EXPECT_EQ(services::loadLibrary(*db, cache())->cacheOutcome(), matching::CompiledLibrary::CacheOutcome::Loaded);

    // A new reference: a changed copy of one demo file under another name.
    std::ifstream in(kDemo / "caffeine.jdx");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("##TITLE=Caffeine"), 16, "##TITLE=Caffeine anhydrous");
    {
        std::ofstream out(dir / "caffeine-anhydrous.jdx");
        out << text;
    }
    const auto added = services::importReferenceFiles(*db, {dir / "caffeine-anhydrous.jdx"}, admin, "Our library");
    ASSERT_EQ(added.at(0).status, services::ReferenceImportOutcome::Status::Added) << added.at(0).message;

    const auto reloaded = services::loadLibrary(*db, cache());
    EXPECT_EQ(reloaded->cacheOutcome(), matching::CompiledLibrary::CacheOutcome::RebuiltStale);
    EXPECT_EQ(reloaded->compiled().size(), services::demoLibraryFiles().size() + 1);
    EXPECT_EQ(services::loadLibrary(*db, cache())->cacheOutcome(), matching::CompiledLibrary::CacheOutcome::Loaded);
}

TEST_F(ReferenceLibraryService, ACorruptCacheIsRebuilt)
{
    services::seedDemoLibrary(*db);
    {
        std::ofstream out(cache(), std::ios::binary);
        out << "not a compiled library";
    }
    const auto library = services::loadLibrary(*db, cache());
    EXPECT_EQ(library->cacheOutcome(), matching::CompiledLibrary::CacheOutcome::RebuiltCorrupt);
    EXPECT_EQ(library->compiled().size(), services::demoLibraryFiles().size());
}

TEST_F(ReferenceLibraryService, ImportReportsAlreadyPresentAndAddsASecondSpectrumOfASubstance)
{
    const auto first = services::importReferenceFiles(*db, {kDemo}, admin, "Lab");
    // The folder also holds the generator's README and band table: reported, not failed.
    ASSERT_EQ(first.size(), services::demoLibraryFiles().size() + 2);
    std::vector<std::string> skipped;
    for (const auto &o : first) {
        if (o.status == services::ReferenceImportOutcome::Status::Skipped)
            skipped.push_back(o.path.filename().string());
        else
            EXPECT_EQ(o.status, services::ReferenceImportOutcome::Status::Added) << o.message;
    }
    EXPECT_EQ(skipped, (std::vector<std::string>{"README.md", "bands.json"}));
    // Named on its own, the same README is an error that says why.
    const auto named = services::importReferenceFiles(*db, {kDemo / "README.md"}, admin, "Lab");
    ASSERT_EQ(named.size(), 1u);
    EXPECT_EQ(named[0].status, services::ReferenceImportOutcome::Status::Failed);
    EXPECT_NE(named[0].message.find("not a format Candor reads"), std::string::npos) << named[0].message;
    const auto version = core::ReferenceStore(*db).version();
    const auto again = services::importReferenceFiles(*db, {kDemo}, admin, "Lab");
    for (const auto &o : again) {
        if (o.status != services::ReferenceImportOutcome::Status::Skipped) {
            EXPECT_EQ(o.status, services::ReferenceImportOutcome::Status::AlreadyPresent) << o.message;
        }
    }
    EXPECT_EQ(core::ReferenceStore(*db).version(), version);

    std::ifstream in(kDemo / "caffeine.jdx");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("##RESOLUTION=4"), 14, "##RESOLUTION=8");
    {
        std::ofstream out(dir / "caffeine-remeasured.jdx");
        out << text;
    }
    // Another spectrum with the same title and source is one more reference of that
    // substance (another lot or instrument), no longer a conflict that drops it.
    const auto another = services::importReferenceFiles(*db, {dir / "caffeine-remeasured.jdx"}, admin, "Lab");
    EXPECT_EQ(another.at(0).status, services::ReferenceImportOutcome::Status::Added);
    EXPECT_NE(another.at(0).message.find("spectrum 2 of this substance"), std::string::npos) << another.at(0).message;

    {
        std::ofstream out(dir / "broken.jdx");
        out << "##TITLE=x\n##JCAMP-DX=4.24\n##XYDATA=(X++(Y..Y))\n";
    }
    const auto broken = services::importReferenceFiles(*db, {dir / "broken.jdx"}, admin, "Lab");
    EXPECT_EQ(broken.at(0).status, services::ReferenceImportOutcome::Status::Failed);
    EXPECT_TRUE(broken.at(0).error);
}

TEST_F(ReferenceLibraryService, ImportNeedsTheAdminRole)
{
    EXPECT_THROW(services::importReferenceFiles(*db, {kDemo / "caffeine.jdx"}, tech, "Lab"), core::PermissionDenied);
    EXPECT_EQ(core::ReferenceStore(*db).count(), 0);
}

TEST_F(ReferenceLibraryService, ImportingASpectrumToASampleStoresItsMatch)
{
    services::seedDemoLibrary(*db);
    const auto library = services::loadLibrary(*db, cache());
    const std::string sample = newSample();
    const auto outcome = services::importInstrumentFile(*db, sample, kDemo / "xylazine-hcl.jdx", tech, library.get());
    ASSERT_EQ(outcome.matches.size(), 1u);
    EXPECT_EQ(core::toString(outcome.matches[0].verdict), "match");

    const auto stored = core::MatchResultStore(*db).forSample(sample);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(core::toString(stored[0].verdict), "match");
    EXPECT_EQ(stored[0].libraryVersion, core::ReferenceStore(*db).version());
    EXPECT_TRUE(stored[0].libraryDemo);
    EXPECT_EQ(stored[0].fileName, "xylazine-hcl.jdx");
    EXPECT_EQ(stored[0].hits.at(0).substance, "Xylazine HCl");
    EXPECT_EQ(stored[0].hits.at(0).highRisk, true);
}

TEST_F(ReferenceLibraryService, AnUnmatchableSpectrumIsStoredAsNoMatchWithItsReason)
{
    // Empty library: the import still goes in, with a no-match that says why.
    const auto library = services::loadLibrary(*db, cache());
    const std::string sample = newSample();
    const auto outcome = services::importInstrumentFile(*db, sample, kDemo / "fentanyl.jdx", tech, library.get());
    ASSERT_EQ(outcome.matches.size(), 1u);
    EXPECT_EQ(core::toString(outcome.matches[0].verdict), "no-match");
    EXPECT_FALSE(outcome.matches[0].error.empty());
    EXPECT_NE(outcome.matches[0].reason.find("no spectra"), std::string::npos) << outcome.matches[0].reason;
}

TEST_F(ReferenceLibraryService, FlagsAPositiveFentanylStripThatFtirDoesNotBackUp)
{
    services::seedDemoLibrary(*db);
    const auto library = services::loadLibrary(*db, cache());
    const std::string sample = newSample();
    core::ReadingStore readings(*db, *catalogue);
    core::StripInput strip;
    strip.stripType = "fentanyl";
    strip.result = "positive";
    readings.addStrip(sample, strip, tech);
    EXPECT_TRUE(services::stripPositiveFtirNegative(readings.strips(sample), {}).empty())
        << "no FTIR result yet: nothing to disagree with";

    services::importInstrumentFile(*db, sample, kDemo / "caffeine.jdx", tech, library.get());
    const auto flags = services::stripPositiveFtirNegative(readings.strips(sample),
                                                           core::MatchResultStore(*db).forSample(sample));
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0], "fentanyl strip positive but FTIR found no fentanyl-class substance: refer for confirmatory testing");

    services::importInstrumentFile(*db, sample, kDemo / "fentanyl.jdx", tech, library.get());
    EXPECT_TRUE(
        services::stripPositiveFtirNegative(readings.strips(sample), core::MatchResultStore(*db).forSample(sample)).empty());
}

// Issue 11, requirement 6: the same library content gives the same result in any database,
// whatever the import order or the row ids. Two real SQLite databases, the demo files
// imported one by one in opposite orders (and a second database that first held and
// removed nothing else: its ids still differ), then the same queries through the service.
TEST_F(ReferenceLibraryService, OneLibraryImportedInTwoOrdersIntoTwoDatabasesGivesTheSameMatches)
{
    std::vector<fs::path> files;
    for (const auto &e : fs::directory_iterator(kDemo))
        if (e.path().extension() == ".jdx")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 29u);
    std::vector<fs::path> reversed(files.rbegin(), files.rend());

    const auto other = std::make_unique<candor::testing::TempDir>();
    auto secondDb = core::openCandorDatabase(other->path() / "candor.sqlite");
    const core::User secondAdmin = core::UserStore(*secondDb).add({"bob", "Bob Admin", {"admin"}, "pw pw pw pw"}, nullptr);
    for (const auto &f : files)
        services::importReferenceFiles(*db, {f}, admin, "Lab");
    for (const auto &f : reversed)
        services::importReferenceFiles(*secondDb, {f}, secondAdmin, "Lab");
    const auto a = services::loadLibrary(*db, {});
    const auto b = services::loadLibrary(*secondDb, {});
    ASSERT_EQ(a->compiled().size(), b->compiled().size());

    const auto read = [](const fs::path &p) { return importers::ReaderRegistry::instance().readFile(p).spectra.at(0); };
    std::vector<importers::Spectrum> queries = {read("tests/data/matching/cocaine-caffeine-fentanyl.jdx"),
                                                read(kDemo / "lactose.jdx"), read(kDemo / "heroin.jdx")};
    // A two-drug mixture with a tie-prone pair: two fentanyl analogues side by side.
    importers::Spectrum pair = read(kDemo / "acetylfentanyl.jdx");
    const importers::Spectrum fent = read(kDemo / "fentanyl.jdx"), mannitol = read(kDemo / "mannitol.jdx");
    for (std::size_t i = 0; i < pair.y.size(); ++i)
        pair.y[i] = 0.5 * pair.y[i] + 0.5 * fent.y[i] + mannitol.y[i];
    queries.push_back(pair);
    for (const auto &q : queries) {
        auto ja = cli::matchJson(services::describeMatch(*a, services::matchSpectrum(*a, q)));
        auto jb = cli::matchJson(services::describeMatch(*b, services::matchSpectrum(*b, q)));
        ja.erase("library");
        jb.erase("library"); // the version counts each database's own changes
        EXPECT_EQ(ja.dump(), jb.dump()) << q.title;
    }
}
