#include "matching/matchingerror.h"
#include "matching/referencelibrary.h"
#include "synthetic.h"

#include <gtest/gtest.h>

using namespace candor::matching;
using candor::importers::Spectrum;

namespace {

LibraryEntryInput entry(const std::string &id, const std::string &substance, const std::string &cls,
                        const std::vector<test::Band> &bands)
{
    LibraryEntryInput e;
    e.id = id;
    e.spectrum = test::makeSpectrum(bands);
    e.substance.name = substance;
    e.substance.substanceClass = cls;
    e.source = "test";
    return e;
}

} // namespace

TEST(ReferenceLibrary, LoaderSharesOneSubstanceBetweenItsSpectra)
{
    const std::vector<LibraryEntryInput> in{entry("a1", "Caffeine", "cut", {{1700, 1, 10}}),
                                            entry("a2", "Caffeine", "cut", {{1702, 1, 10}}),
                                            entry("b1", "Fentanyl HCl", "fentanyl", {{1650, 1, 10}})};
    const auto lib = ReferenceLibrary::fromSpectra("demo", "1", in);
    EXPECT_EQ(lib.substances().size(), 2u);
    EXPECT_EQ(lib.spectra().size(), 3u);
    EXPECT_EQ(lib.spectra()[1].substance, 0u);
    EXPECT_EQ(lib.substances()[lib.spectra()[2].substance].name, "Fentanyl HCl");
}

TEST(ReferenceLibrary, RejectsDuplicateIdsAndOtherTechniques)
{
    ReferenceLibrary lib("demo", "1");
    const auto s = lib.addSubstance({"Caffeine", {}, "cut", RiskLevel::Low, "58-08-2", "", ""});
    ReferenceSpectrum r;
    r.id = "x";
    r.substance = s;
    r.spectrum = test::makeSpectrum({{1700, 1, 10}});
    lib.addSpectrum(r);
    EXPECT_THROW(lib.addSpectrum(r), MatchingError);
    r.id = "y";
    r.spectrum.technique = "raman";
    try {
        lib.addSpectrum(r);
        FAIL();
    } catch (const MatchingError &e) {
        EXPECT_EQ(e.kind(), MatchingError::Kind::TechniqueMismatch);
    }
    r.substance = 7;
    r.spectrum.technique = "infrared";
    EXPECT_THROW(lib.addSpectrum(r), MatchingError);
}

TEST(ReferenceLibrary, ChecksumChangesWithAnyValueThatAffectsMatching)
{
    const std::vector<LibraryEntryInput> in{entry("a1", "Caffeine", "cut", {{1700, 1, 10}})};
    const auto a = ReferenceLibrary::fromSpectra("demo", "1", in);
    EXPECT_EQ(a.checksum(), ReferenceLibrary::fromSpectra("demo", "1", in).checksum());
    EXPECT_EQ(a.checksum().size(), 16u);
    auto changed = in;
    changed[0].spectrum.y[500] += 1e-9;
    EXPECT_NE(a.checksum(), ReferenceLibrary::fromSpectra("demo", "1", changed).checksum());
    changed = in;
    changed[0].substance.substanceClass = "stimulant";
    EXPECT_NE(a.checksum(), ReferenceLibrary::fromSpectra("demo", "1", changed).checksum());
    EXPECT_NE(a.checksum(), ReferenceLibrary::fromSpectra("demo", "2", in).checksum());
}

TEST(ReferenceLibrary, HighRiskClassesAreFentanylsNitazenesAndAlpha2Agonists)
{
    EXPECT_TRUE(isHighRiskClass("fentanyl"));
    EXPECT_TRUE(isHighRiskClass("nitazene"));
    EXPECT_TRUE(isHighRiskClass("alpha2-agonist"));
    EXPECT_FALSE(isHighRiskClass("stimulant"));
    EXPECT_FALSE(isHighRiskClass("cut"));
}

TEST(ReferenceLibrary, GuessesTheClassOfUnlabelledDangerousSubstancesFromTheName)
{
    EXPECT_EQ(guessClassFromName("para-Fluorofentanyl"), "fentanyl");
    EXPECT_EQ(guessClassFromName("Carfentanil citrate"), "fentanyl");
    EXPECT_EQ(guessClassFromName("Isotonitazene"), "nitazene");
    EXPECT_EQ(guessClassFromName("N-Pyrrolidino protonitazene"), "nitazene");
    EXPECT_EQ(guessClassFromName("Xylazine HCl"), "alpha2-agonist");
    EXPECT_EQ(guessClassFromName("Dexmedetomidine"), "alpha2-agonist");
    EXPECT_EQ(guessClassFromName("Caffeine"), "unknown");
}

TEST(ReferenceLibrary, ReadsSubstanceMetadataAsPublishedLibrariesWriteIt)
{
    Spectrum s;
    s.title = "#1234 - Acetylfentanyl HCl";
    s.metadata = {{"CAS NAME", "Acetylfentanyl"}, {"CAS REGISTRY NO", "3258-84-2"}, {"MOLFORM", "C21 H26 N2 O"}};
    const Substance sub = substanceFromMetadata(s);
    EXPECT_EQ(sub.name, "Acetylfentanyl HCl");
    EXPECT_EQ(sub.cas, "3258-84-2");
    EXPECT_EQ(sub.formula, "C21 H26 N2 O");
    EXPECT_EQ(sub.substanceClass, "fentanyl");
    EXPECT_EQ(sub.risk, RiskLevel::High);
}

TEST(ReferenceLibrary, RiskLevelsRoundTripThroughTheirNames)
{
    for (RiskLevel r : {RiskLevel::Low, RiskLevel::Moderate, RiskLevel::High})
        EXPECT_EQ(riskLevelFromString(toString(r)), r);
    EXPECT_FALSE(riskLevelFromString("extreme").has_value());
}
