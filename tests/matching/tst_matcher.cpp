#include "matching/matcher.h"
#include "synthetic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace candor::matching;
using candor::importers::Spectrum;

namespace {

struct Demo {
    std::vector<Spectrum> raw;
    ReferenceLibrary library{"test", "1"};
    CompiledLibrary compiled;

    Demo()
    {
        std::mt19937_64 rng(2024);
        const char *names[] = {"Caffeine", "Mannitol", "Lactose", "Lidocaine", "Heroin", "Xylazine", "Fentanyl HCl"};
        const char *classes[] = {"cut", "cut", "cut", "local-anaesthetic", "opioid", "alpha2-agonist", "fentanyl"};
        std::vector<LibraryEntryInput> in;
        for (int i = 0; i < 7; ++i) {
            LibraryEntryInput e;
            e.id = names[i];
            e.spectrum = test::makeSpectrum(test::randomBands(rng));
            raw.push_back(e.spectrum);
            e.substance.name = names[i];
            e.substance.substanceClass = classes[i];
            e.substance.risk = isHighRiskClass(classes[i]) ? RiskLevel::High : RiskLevel::Low;
            in.push_back(std::move(e));
        }
        library = ReferenceLibrary::fromSpectra("test", "1", in);
        compiled = CompiledLibrary::compile(library);
    }
};

const MixtureComponent *component(const MatchResult &r, const std::string &name)
{
    for (const auto &c : r.mixture.components)
        if (c.substance == name)
            return &c;
    return nullptr;
}

} // namespace

TEST(Matcher, APureReferenceMatchesItselfFirstWithAMatchVerdict)
{
    const Demo d;
    const Matcher m(d.compiled, 1);
    Spectrum q = d.raw[0];
    test::addNoise(q, 0.002, 1);
    const MatchResult r = m.match(q);
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits[0].substance, "Caffeine");
    EXPECT_EQ(r.hits[0].rank, 1);
    EXPECT_GT(r.hits[0].score, 0.99);
    EXPECT_EQ(r.verdict, Verdict::Match);
    EXPECT_EQ(std::string(toString(r.verdict)), "match");
    ASSERT_FALSE(r.mixture.components.empty());
    EXPECT_EQ(r.mixture.components[0].substance, "Caffeine");
    EXPECT_EQ(r.wavenumbers.size(), r.processedQuery.size());
    EXPECT_EQ(r.mixture.fitted.size(), r.processedQuery.size());
}

TEST(Matcher, DecomposesAMixtureAndDetectsTenPercentFentanyl)
{
    const Demo d;
    const Matcher m(d.compiled, 1);
    Spectrum q = test::mix({d.raw[0], d.raw[1], d.raw[6]}, {0.6, 0.3, 0.1});
    test::addNoise(q, 0.002, 2);
    const MatchResult r = m.match(q);
    EXPECT_EQ(r.verdict, Verdict::Match) << r.reason;
    const MixtureComponent *f = component(r, "Fentanyl HCl");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->status, MixtureComponent::Status::Detected);
    EXPECT_TRUE(f->highRisk);
    EXPECT_TRUE(r.highRiskFlagged());
    ASSERT_NE(component(r, "Caffeine"), nullptr);
    ASSERT_NE(component(r, "Mannitol"), nullptr);
    EXPECT_GT(component(r, "Caffeine")->fraction, component(r, "Mannitol")->fraction);
    EXPECT_LT(r.mixture.residual, 0.2);
}

TEST(Matcher, ASubstanceMissingFromTheLibraryIsNoMatch)
{
    const Demo d;
    const Matcher m(d.compiled, 1);
    const Spectrum q = test::makeSpectrum({{905, 1, 8}, {1333, 0.7, 9}, {1777, 0.5, 7}, {3333, 0.4, 12}});
    const MatchResult r = m.match(q);
    EXPECT_NE(r.verdict, Verdict::Match) << r.reason;
    EXPECT_FALSE(r.reason.empty());
}

TEST(Matcher, BadInputGivesATypedErrorOrANoMatchWithAReasonNeverACrash)
{
    const Demo d;
    const Matcher m(d.compiled, 1);

    Spectrum raman = d.raw[0];
    raman.technique = "raman";
    EXPECT_THROW(m.match(raman), MatchingError);
    MatchResult r = m.tryMatch(raman);
    EXPECT_EQ(r.verdict, Verdict::NoMatch);
    EXPECT_EQ(r.error, MatchingError::Kind::TechniqueMismatch);
    EXPECT_NE(r.reason.find("raman"), std::string::npos);

    Spectrum zeros = test::makeSpectrum({});
    r = m.tryMatch(zeros);
    EXPECT_EQ(r.error, MatchingError::Kind::FlatSpectrum);
    EXPECT_TRUE(r.hits.empty());

    Spectrum nan = d.raw[0];
    nan.y[3] = std::nan("");
    EXPECT_EQ(m.tryMatch(nan).error, MatchingError::Kind::InvalidValues);

    Spectrum far = test::makeSpectrum({{9000, 1, 10}}, 8000, 10000);
    EXPECT_EQ(m.tryMatch(far).error, MatchingError::Kind::NoOverlap);

    Spectrum empty;
    EXPECT_EQ(m.tryMatch(empty).error, MatchingError::Kind::InvalidValues);

    const CompiledLibrary none = CompiledLibrary::compile(ReferenceLibrary("empty", "0"));
    const Matcher onEmpty(none, 1);
    r = onEmpty.tryMatch(d.raw[0]);
    EXPECT_EQ(r.verdict, Verdict::NoMatch);
    EXPECT_EQ(r.error, MatchingError::Kind::EmptyLibrary);
    try {
        onEmpty.match(d.raw[0]);
        FAIL();
    } catch (const MatchingError &e) {
        EXPECT_EQ(e.kind(), MatchingError::Kind::EmptyLibrary);
        EXPECT_NE(std::string(e.what()).find("no spectra"), std::string::npos);
    }
}

TEST(Matcher, AnUnknownTechniqueIsMatchedWithAWarning)
{
    const Demo d;
    const Matcher m(d.compiled, 1);
    Spectrum q = d.raw[2];
    q.technique = "unknown";
    const MatchResult r = m.match(q);
    EXPECT_EQ(r.hits[0].substance, "Lactose");
    ASSERT_FALSE(r.warnings.empty());
    EXPECT_NE(r.warnings[0].find("technique"), std::string::npos);
}

TEST(Matcher, BatchMatchingAgreesWithSingleMatchesAndKeepsBadQueriesInPlace)
{
    const Demo d;
    const Matcher m(d.compiled, 2);
    std::vector<Spectrum> queries{d.raw[3], test::makeSpectrum({}), test::mix({d.raw[4], d.raw[5]}, {0.7, 0.3})};
    const auto batch = m.matchBatch(queries);
    ASSERT_EQ(batch.size(), 3u);
    EXPECT_EQ(batch[0].hits[0].substance, "Lidocaine");
    EXPECT_EQ(batch[1].error, MatchingError::Kind::FlatSpectrum);
    const MatchResult single = m.match(queries[2]);
    ASSERT_EQ(batch[2].hits.size(), single.hits.size());
    for (std::size_t i = 0; i < single.hits.size(); ++i)
        EXPECT_EQ(batch[2].hits[i].substance, single.hits[i].substance);
    EXPECT_EQ(batch[2].verdict, single.verdict);
    ASSERT_NE(component(batch[2], "Xylazine"), nullptr);
}

TEST(Matcher, TheFirstDerivativePipelineRanksAndDecomposesToo)
{
    const Demo d;
    CompileOptions options;
    options.preprocessing.derivative = 1;
    const CompiledLibrary lib = CompiledLibrary::compile(d.library, options);
    const Matcher m(lib, 1);
    Spectrum q = test::mix({d.raw[2], d.raw[5]}, {0.8, 0.2});
    for (std::size_t i = 0; i < q.y.size(); ++i)
        q.y[i] += 0.05 + 1e-5 * (q.x[i] - 600); // a sloped baseline the derivative ignores
    test::addNoise(q, 0.001, 3);
    const MatchResult r = m.match(q);
    EXPECT_EQ(r.hits[0].substance, "Lactose");
    ASSERT_NE(component(r, "Xylazine"), nullptr);
    EXPECT_TRUE(r.highRiskFlagged());
}

TEST(Matcher, ReportsAtMostOnePossibleMemberPerHighRiskClassAndStillFindsOneAmongMany)
{
    std::mt19937_64 rng(77);
    std::vector<LibraryEntryInput> in;
    std::vector<Spectrum> raw;
    for (int i = 0; i < 40; ++i) {
        LibraryEntryInput e;
        e.id = "e" + std::to_string(i);
        e.spectrum = test::makeSpectrum(test::randomBands(rng));
        raw.push_back(e.spectrum);
        e.substance.name = (i < 30 ? "Analogue " : "Cut ") + std::to_string(i);
        e.substance.substanceClass = i < 30 ? "fentanyl" : "cut";
        e.substance.risk = i < 30 ? RiskLevel::High : RiskLevel::Low;
        in.push_back(std::move(e));
    }
    CompileOptions options;
    options.mixture.maxSelectableScreened = 4; // fewer than the 30 screened references
    const CompiledLibrary lib = CompiledLibrary::compile(ReferenceLibrary::fromSpectra("many", "1", in), options);
    const Matcher m(lib, 1);

    Spectrum clean = test::mix({raw[31], raw[35]}, {0.6, 0.4});
    test::addNoise(clean, 0.002, 8);
    const MatchResult r = m.match(clean);
    std::size_t possibleFentanyl = 0;
    for (const auto &c : r.mixture.components)
        possibleFentanyl += c.substanceClass == "fentanyl" && c.status == MixtureComponent::Status::Possible ? 1 : 0;
    EXPECT_LE(possibleFentanyl, 1u);

    Spectrum spiked = test::mix({raw[31], raw[35], raw[17]}, {0.55, 0.35, 0.10});
    test::addNoise(spiked, 0.002, 9);
    const MatchResult s = m.match(spiked);
    const MixtureComponent *a = component(s, "Analogue 17");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->status, MixtureComponent::Status::Detected);
}
