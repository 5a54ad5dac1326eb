// A service's own library (issue 11): class and risk from the catalogue by name and
// synonym, unknown substances waiting for an admin, retiring the demo library, several
// spectra per substance used together, the library QC, and a folder with nothing usable.

#include "core/fixture.h"

#include "core/auditlog.h"
#include "core/errors.h"
#include "core/references.h"
#include "importers/importerror.h"
#include "services/referencelibrary.h"
#include "cli/matchjson.h"

#include <fstream>
#include <iterator>
#include <map>
#include <regex>

using namespace candor;
using candor::testing::CoreFixture;
namespace fs = std::filesystem;

namespace {

const fs::path kDemo = "data/demo-library";

// A demo spectrum under another name, without the demo's own class and risk labels, so
// only the catalogue can classify it; `lot` makes the bytes differ.
void writeReference(const fs::path &file, const std::string &demoFile, const std::string &title, int lot = 1)
{
    std::ifstream in(kDemo / demoFile);
    ASSERT_TRUE(in) << "missing " << (kDemo / demoFile);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = std::regex_replace(text, std::regex("##TITLE=[^\n]*"), "##TITLE=" + title + "\n##$LOT=" + std::to_string(lot));
    text = std::regex_replace(text, std::regex("##\\$CANDOR [^\n]*\n"), "");
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

importers::Spectrum spectrumOf(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto *bytes = reinterpret_cast<const std::byte *>(text.data());
    const auto row = services::referenceRowFromBytes({bytes, text.size()}, file.filename().string(), "query");
    importers::Spectrum s;
    s.technique = "infrared";
    s.xUnits = row.xUnits;
    s.yUnits = row.yUnits;
    s.x = row.x;
    s.y = row.y;
    return s;
}

std::map<std::string, core::ReferenceRow> bySubstance(core::Database &db)
{
    std::map<std::string, core::ReferenceRow> out;
    for (auto &row : core::ReferenceStore(db).all(false))
        out[row.substance] = row;
    return out;
}

using ServiceLibrary = CoreFixture;

} // namespace

TEST_F(ServiceLibrary, TakesClassAndRiskFromTheCatalogueForEveryHighRiskGroupAndTheCommonDrugs)
{
    struct Expected {
        std::string title, substanceClass, risk;
    };
    const std::vector<Expected> cases = {
        {"Diacetylmorphine HCl", "opioid", "high"}, // heroin by synonym, with a salt
        {"Heroin base", "opioid", "high"},
        {"Etizest", "benzodiazepine", "high"}, // etizolam by a trade name
        {"Etizolam", "benzodiazepine", "high"},
        {"Bromazolam", "benzodiazepine", "high"},
        {"Alprazolam", "benzodiazepine", "high"},
        {"Diazepam", "benzodiazepine", "high"},
        {"Clonazepam", "benzodiazepine", "high"},
        {"Flualprazolam", "benzodiazepine", "high"},
        {"Isotonitazene citrate", "nitazene", "high"},
        {"Metonitazene", "nitazene", "high"},
        {"Protonitazene HCl", "nitazene", "high"},
        {"N-pyrrolidino etonitazene", "nitazene", "high"},
        {"Carfentanil", "fentanyl", "high"},
        {"Acetylfentanyl HCl", "fentanyl", "high"},
        {"4-Fluorofentanyl", "fentanyl", "high"},
        {"Furanylfentanyl hydrochloride", "fentanyl", "high"},
        {"Fentanyl citrate", "fentanyl", "high"},
        {"Xylazine HCl", "alpha2-agonist", "high"},
        {"Medetomidine hydrochloride", "alpha2-agonist", "high"},
        {"Cocaine HCl", "stimulant", "moderate"},
        {"Cocaine base", "stimulant", "moderate"},
        {"MDMA HCl", "stimulant", "moderate"},
        {"Methamphetamine hydrochloride", "stimulant", "moderate"},
        {"Ketamine HCl (lot 3)", "dissociative", "moderate"},
        {"Lactose monohydrate", "cut", "low"},
    };
    int lot = 0;
    for (const auto &c : cases) {
        ++lot;
        writeReference(dir / "ours" / (std::to_string(lot) + ".jdx"), "caffeine.jdx", c.title, lot);
    }
    const auto outcomes = services::importReferenceFiles(*db, {dir / "ours"}, admin, "Our library");
    for (const auto &o : outcomes)
        ASSERT_EQ(o.status, services::ReferenceImportOutcome::Status::Added) << o.message;
    const auto rows = bySubstance(*db);
    for (const auto &c : cases) {
        SCOPED_TRACE(c.title);
        ASSERT_TRUE(rows.count(c.title));
        EXPECT_EQ(rows.at(c.title).substanceClass, c.substanceClass);
        EXPECT_EQ(rows.at(c.title).risk, c.risk);
        EXPECT_TRUE(rows.at(c.title).riskSet);
    }
    // The matcher gets the same: every spectrum of a high-risk substance (heroin and the
    // benzodiazepines included) is a high-risk reference, and nothing else is.
    const auto library = services::loadLibrary(*db, {});
    ASSERT_EQ(library->compiled().size(), cases.size());
    for (const auto &e : library->compiled().entries()) {
        SCOPED_TRACE(e.substance);
        const bool expectHigh = e.substanceClass == "opioid" || e.substanceClass == "benzodiazepine" ||
                                matching::isHighRiskClass(e.substanceClass);
        EXPECT_EQ(e.risk == matching::RiskLevel::High, expectHigh);
    }
}

TEST_F(ServiceLibrary, ImportsAnUnknownSubstanceWithRiskNotSetUntilAnAdminSetsIt)
{
    writeReference(dir / "ours" / "c7.jdx", "etizolam.jdx", "Compound 7B");
    const auto outcomes = services::importReferenceFiles(*db, {dir / "ours"}, admin, "Our library");
    ASSERT_EQ(outcomes.at(0).status, services::ReferenceImportOutcome::Status::Added);
    EXPECT_NE(outcomes[0].message.find("risk not set"), std::string::npos) << outcomes[0].message;
    auto row = bySubstance(*db).at("Compound 7B");
    EXPECT_EQ(row.substanceClass, "unknown");
    EXPECT_FALSE(row.riskSet);

    core::ReferenceStore store(*db);
    EXPECT_THROW(store.setSubstanceClassAndRisk("Compound 7B", "benzodiazepine", "high", tech), core::PermissionDenied);
    try {
        store.setSubstanceClassAndRisk("Compound 7B", "benzodiazepine", "severe", admin);
        FAIL() << "a risk that is not low, moderate or high must be refused";
    } catch (const core::ValidationError &e) {
        EXPECT_STREQ(e.what(), "risk: 'severe' is not low, moderate or high");
    }
    EXPECT_THROW(store.setSubstanceClassAndRisk("Nothing here", "cut", "low", admin), core::ValidationError);

    const auto version = store.version();
    store.setSubstanceClassAndRisk("Compound 7B", "benzodiazepine", "high", admin);
    row = bySubstance(*db).at("Compound 7B");
    EXPECT_EQ(row.substanceClass, "benzodiazepine");
    EXPECT_EQ(row.risk, "high");
    EXPECT_TRUE(row.riskSet);
    EXPECT_NE(store.version(), version) << "the compiled library must rebuild";
    const auto log = core::AuditLog(*db).all();
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.back().action, "set_class_risk");
    EXPECT_EQ(log.back().entityId, "Compound 7B");
    EXPECT_NE(log.back().oldValue.find("not set"), std::string::npos) << log.back().oldValue;
    const auto library = services::loadLibrary(*db, {});
    ASSERT_EQ(library->compiled().size(), 1u);
    EXPECT_EQ(library->compiled().entries()[0].risk, matching::RiskLevel::High);
}

TEST_F(ServiceLibrary, RetiringTheDemoKeepsItsRowsAndTakesItOutOfMatchesAndTheNotice)
{
    const int demo = services::seedDemoLibrary(*db);
    ASSERT_GT(demo, 0);
    writeReference(dir / "ours" / "caffeine.jdx", "caffeine.jdx", "Caffeine anhydrous");
    services::importReferenceFiles(*db, {dir / "ours"}, admin, "Our library");
    const auto query = spectrumOf(kDemo / "caffeine.jdx");
    {
        const auto library = services::loadLibrary(*db, {});
        EXPECT_TRUE(library->usesDemo());
        EXPECT_EQ(cli::matchJson(services::describeMatch(*library, services::matchSpectrum(*library, query)))["library"].value(
                      "notice", ""),
                  services::kDemoLibraryNotice);
    }
    core::ReferenceStore store(*db);
    EXPECT_THROW(store.retireDemo(tech), core::PermissionDenied);
    EXPECT_EQ(store.retireDemo(admin), demo);
    EXPECT_EQ(store.count(), demo + 1) << "retired references stay in the database";
    int retired = 0;
    for (const auto &row : store.all(false))
        retired += row.retired ? 1 : 0;
    EXPECT_EQ(retired, demo);
    EXPECT_EQ(store.demoCount(), 0);
    EXPECT_EQ(core::AuditLog(*db).all().back().action, "retire");

    const auto library = services::loadLibrary(*db, {});
    EXPECT_FALSE(library->usesDemo());
    EXPECT_EQ(library->compiled().size(), 1u);
    const auto result = services::matchSpectrum(*library, query);
    ASSERT_FALSE(result.hits.empty());
    for (const auto &h : result.hits)
        EXPECT_EQ(h.substance, "Caffeine anhydrous");
    const auto json = cli::matchJson(services::describeMatch(*library, result));
    EXPECT_FALSE(json["library"].contains("notice"));
    EXPECT_EQ(json.dump().find("demo library"), std::string::npos) << json.dump();
    EXPECT_EQ(store.retireDemo(admin), 0) << "nothing left to retire";
    EXPECT_EQ(services::seedDemoLibrary(*db), 0) << "a retired demo does not come back";
}

TEST_F(ServiceLibrary, UsesTwoSpectraOfOneSubstanceTogetherAndNamesItOnceInTheHits)
{
    // Two spectra titled alike from one source used to be a "conflict" that kept the first.
    writeReference(dir / "ours" / "heroin-lot1.jdx", "heroin.jdx", "Heroin", 1);
    writeReference(dir / "ours" / "heroin-lot2.jdx", "etizolam.jdx", "Heroin", 2);
    writeReference(dir / "ours" / "heroin-base.jdx", "fentanyl.jdx", "Diacetylmorphine base", 3);
    writeReference(dir / "ours" / "caffeine.jdx", "caffeine.jdx", "Caffeine", 4);
    writeReference(dir / "ours" / "lactose.jdx", "lactose.jdx", "Lactose", 5);
    const auto outcomes = services::importReferenceFiles(*db, {dir / "ours"}, admin, "Our library");
    ASSERT_EQ(outcomes.size(), 5u);
    for (const auto &o : outcomes)
        EXPECT_EQ(o.status, services::ReferenceImportOutcome::Status::Added) << o.message;
    const auto library = services::loadLibrary(*db, {});
    ASSERT_EQ(library->compiled().size(), 5u);
    for (const char *file : {"heroin-lot1.jdx", "heroin-lot2.jdx", "heroin-base.jdx"}) {
        SCOPED_TRACE(file);
        const auto result = services::matchSpectrum(*library, spectrumOf(dir / "ours" / file));
        ASSERT_FALSE(result.error) << result.reason;
        ASSERT_EQ(result.hits.size(), 3u) << "three substances, each once";
        EXPECT_EQ(result.hits[0].substance, "Heroin");
        EXPECT_GT(result.hits[0].score, 0.99);
        EXPECT_EQ(result.hits[0].rank, 1);
        EXPECT_EQ(result.hits[1].rank, 2);
        EXPECT_NE(result.hits[1].substance, "Heroin");
        EXPECT_NE(result.hits[2].substance, "Heroin");
    }
}

TEST_F(ServiceLibrary, QcListsAPlantedNearDuplicatePairOfDifferentSubstances)
{
    writeReference(dir / "ours" / "caffeine.jdx", "caffeine.jdx", "Caffeine", 1);
    writeReference(dir / "ours" / "caffeine-2.jdx", "caffeine.jdx", "Caffeine", 2);    // same substance: fine
    writeReference(dir / "ours" / "mislabelled.jdx", "caffeine.jdx", "Phenacetin", 3); // the planted pair
    writeReference(dir / "ours" / "lactose.jdx", "lactose.jdx", "Lactose", 4);
    writeReference(dir / "ours" / "fentanyl.jdx", "fentanyl.jdx", "Fentanyl", 5);
    services::importReferenceFiles(*db, {dir / "ours"}, admin, "Our library");
    const auto library = services::loadLibrary(*db, {});
    const auto pairs = services::libraryQc(*library);
    ASSERT_EQ(pairs.size(), 2u) << "each caffeine spectrum against the mislabelled one";
    for (const auto &p : pairs) {
        EXPECT_EQ(p.substanceA, "Caffeine");
        EXPECT_EQ(p.substanceB, "Phenacetin");
        EXPECT_GT(p.correlation, 0.999);
    }
    // Different substances score below the threshold: the demo's are told apart.
    EXPECT_TRUE(services::libraryQc(*library, 0.999).size() == 2u);
}

TEST_F(ServiceLibrary, RefusesAFolderWithoutAUsableSpectrumNamingTheFileAndAddsNothing)
{
    fs::create_directories(dir / "bad");
    std::ofstream(dir / "bad" / "broken.jdx") << "##TITLE=x\n##JCAMP-DX=4.24\n##XYDATA=(X++(Y..Y))\n";
    std::ofstream(dir / "bad" / "notes.txt") << "not a spectrum\n";
    core::ReferenceStore store(*db);
    const auto version = store.version();
    try {
        services::importReferenceFiles(*db, {dir / "bad"}, admin, "Lab");
        FAIL() << "a folder without a usable spectrum must be refused";
    } catch (const importers::ImportError &e) {
        const std::string message = e.what();
        EXPECT_NE(message.find((dir / "bad").string()), std::string::npos) << message;
        EXPECT_NE(message.find("holds no usable infrared spectrum"), std::string::npos) << message;
        EXPECT_NE(message.find("broken.jdx"), std::string::npos) << message;
        EXPECT_NE(message.find("notes.txt: skipped"), std::string::npos) << message;
    }
    EXPECT_EQ(store.count(), 0);
    EXPECT_EQ(store.version(), version);
}
