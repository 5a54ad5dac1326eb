#include "demojcamp.h"
#include "importers/reader.h"
#include "matching/matcher.h"
#include "synthetic.h"

#include <gtest/gtest.h>

using namespace candor::matching;

namespace {

const ReferenceLibrary &demo()
{
    static const ReferenceLibrary lib = test::loadDemoLibrary("data/demo-library");
    return lib;
}

} // namespace

TEST(DemoLibrary, HoldsEverySubstanceTheIssueNamesWithClassAndRisk)
{
    const ReferenceLibrary &lib = demo();
    EXPECT_EQ(lib.spectra().size(), 29u);
    for (const char *name : {"Fentanyl",     "Carfentanil",      "Acetylfentanyl",   "para-Fluorofentanyl", "Isotonitazene",
                             "Heroin",       "Cocaine HCl",      "Cocaine base",     "Methamphetamine HCl", "MDMA HCl",
                             "Ketamine HCl", "Xylazine HCl",     "Medetomidine HCl", "Bromazolam",          "Etizolam",
                             "Caffeine",     "Mannitol",         "Inositol",         "Erythritol",          "Lactose",
                             "Sucrose",      "Dimethyl sulfone", "Acetaminophen",    "Phenacetin",          "Levamisole HCl",
                             "Lidocaine",    "Benzocaine",       "Procaine HCl",     "Diphenhydramine HCl"})
        EXPECT_TRUE(lib.findSubstance(name).has_value()) << name;
    const Substance &f = lib.substances()[*lib.findSubstance("Fentanyl")];
    EXPECT_EQ(f.substanceClass, "fentanyl");
    EXPECT_EQ(f.risk, RiskLevel::High);
    EXPECT_EQ(f.cas, "437-38-7");
    const Substance &x = lib.substances()[*lib.findSubstance("Xylazine HCl")];
    EXPECT_EQ(x.substanceClass, "alpha2-agonist");
    EXPECT_EQ(lib.substances()[*lib.findSubstance("Caffeine")].substanceClass, "cut");
    EXPECT_EQ(lib.substances()[*lib.findSubstance("Caffeine")].risk, RiskLevel::Low);
}

TEST(DemoLibrary, EveryFileSaysItIsADemoLibrary)
{
    for (const ReferenceSpectrum &r : demo().spectra()) {
        EXPECT_NE(r.spectrum.title.find("demo library: replace with your service's library"), std::string::npos) << r.id;
        EXPECT_EQ(r.spectrum.x.size(), 1676u) << r.id;
    }
}

TEST(DemoLibrary, EverySpectrumFindsItselfFirstAndItsClosestAnalogueScoresLower)
{
    const CompiledLibrary lib = CompiledLibrary::compile(demo());
    ASSERT_EQ(lib.size(), 29u);
    const Matcher m(lib, 1);
    for (const ReferenceSpectrum &r : demo().spectra()) {
        candor::importers::Spectrum q = r.spectrum;
        test::addNoise(q, 0.002, 99);
        const MatchResult res = m.match(q);
        ASSERT_FALSE(res.hits.empty());
        EXPECT_EQ(res.hits[0].substance, demo().substances()[r.substance].name) << r.id;
        EXPECT_EQ(res.verdict, Verdict::Match) << r.id << ": " << res.reason;
        if (res.hits.size() > 1) {
            EXPECT_LT(res.hits[1].score, res.hits[0].score - 0.02) << r.id;
        }
    }
}

TEST(DemoLibrary, FivePercentFentanylInCaffeineAndMannitolIsFlagged)
{
    const CompiledLibrary lib = CompiledLibrary::compile(demo());
    const Matcher m(lib, 1);
    const auto &s = demo().spectra();
    auto spectrumOf = [&](const std::string &name) {
        for (const auto &r : s)
            if (demo().substances()[r.substance].name == name)
                return r.spectrum;
        throw std::runtime_error(name);
    };
    candor::importers::Spectrum q = test::mix({spectrumOf("Caffeine"), spectrumOf("Mannitol"), spectrumOf("Fentanyl")},
                                              {0.55, 0.40, 0.05});
    test::addNoise(q, 0.001, 5);
    const MatchResult r = m.match(q);
    EXPECT_TRUE(r.highRiskFlagged());
    bool fentanyl = false;
    for (const auto &c : r.mixture.components)
        fentanyl = fentanyl || c.substance == "Fentanyl";
    EXPECT_TRUE(fentanyl);
}

TEST(DemoLibrary, TheProductJcampReaderReadsEveryFileAsTheTestHelperDoes)
{
    // What the integrator's `library import` will do: the registry's reader, then
    // substanceFromMetadata on what it decoded.
    for (const ReferenceSpectrum &r : demo().spectra()) {
        const auto result = candor::importers::ReaderRegistry::instance().readFile("data/demo-library/" + r.id);
        EXPECT_EQ(result.format, "jcamp-dx") << r.id;
        ASSERT_EQ(result.spectra.size(), 1u) << r.id;
        const candor::importers::Spectrum &s = result.spectra[0];
        EXPECT_EQ(s.technique, "infrared") << r.id;
        EXPECT_EQ(s.xUnits, "1/cm") << r.id;
        EXPECT_EQ(s.yUnits, "absorbance") << r.id;
        ASSERT_EQ(s.y.size(), r.spectrum.y.size()) << r.id;
        for (std::size_t i = 0; i < s.y.size(); i += 97)
            EXPECT_NEAR(s.y[i], r.spectrum.y[i], 1e-9) << r.id;
        const Substance fromReader = substanceFromMetadata(s);
        const Substance &expected = demo().substances()[r.substance];
        EXPECT_EQ(fromReader.name, expected.name) << r.id;
        EXPECT_EQ(fromReader.substanceClass, expected.substanceClass) << r.id;
        EXPECT_EQ(fromReader.risk, expected.risk) << r.id;
        EXPECT_EQ(fromReader.cas, expected.cas) << r.id;
    }
}
