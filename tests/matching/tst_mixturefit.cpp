#include "matching/mixturefit.h"
#include "matching/preprocessing.h"
#include "synthetic.h"

#include <gtest/gtest.h>

#include <random>

using namespace candor::matching;
using candor::importers::Spectrum;

namespace {

struct Fixture {
    Preprocessor pre{PreprocessingParameters{}};
    std::vector<Spectrum> raw;
    std::vector<std::vector<double>> processed;

    explicit Fixture(std::size_t substances)
    {
        std::mt19937_64 rng(42);
        for (std::size_t i = 0; i < substances; ++i) {
            raw.push_back(test::makeSpectrum(test::randomBands(rng)));
            processed.push_back(pre.process(raw.back()).values);
        }
    }
};

const FittedComponent *find(const MixtureFitResult &r, std::size_t candidate)
{
    for (const auto &c : r.components)
        if (c.candidate == candidate)
            return &c;
    return nullptr;
}

} // namespace

TEST(MixtureFit, FindsTheThreeComponentsOfANoiseFreeMixtureAndOnlyThose)
{
    Fixture f(8);
    const Spectrum m = test::mix({f.raw[1], f.raw[4], f.raw[6]}, {0.6, 0.3, 0.1});
    const ProcessedSpectrum q = f.pre.process(m);
    const MixtureFitResult r = MixtureFit{}.fit(q.values, f.processed, std::vector<bool>(8, false), q.noise);
    std::vector<std::size_t> chosen;
    for (const auto &c : r.components) {
        EXPECT_TRUE(c.selected);
        chosen.push_back(c.candidate);
    }
    std::sort(chosen.begin(), chosen.end());
    EXPECT_EQ(chosen, (std::vector<std::size_t>{1, 4, 6}));
    EXPECT_LT(r.residual, 0.02);
    EXPECT_GT(r.explained, 0.999);
    EXPECT_EQ(r.components.front().candidate, 1u); // largest first
    double sum = 0;
    for (const auto &c : r.components)
        sum += c.fraction;
    EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(MixtureFit, StopsAtTheNoiseLevelInsteadOfFittingNoise)
{
    Fixture f(10);
    Spectrum m = test::mix({f.raw[2], f.raw[7]}, {0.7, 0.3});
    test::addNoise(m, 0.004, 5);
    const ProcessedSpectrum q = f.pre.process(m);
    const MixtureFitResult r = MixtureFit{}.fit(q.values, f.processed, std::vector<bool>(10, false), q.noise);
    std::size_t selected = 0;
    for (const auto &c : r.components)
        selected += c.selected ? 1 : 0;
    EXPECT_EQ(selected, 2u);
    ASSERT_NE(find(r, 2), nullptr);
    ASSERT_NE(find(r, 7), nullptr);
    EXPECT_GT(find(r, 2)->fraction, find(r, 7)->fraction);
}

TEST(MixtureFit, ReportsAHighRiskCandidateThatImprovesTheFitAsPossible)
{
    Fixture f(6);
    // 0.2% of candidate 5: far below the selection's minimum gain, but it still helps.
    const Spectrum m = test::mix({f.raw[0], f.raw[5]}, {1.0, 0.002});
    const ProcessedSpectrum q = f.pre.process(m);
    MixtureParameters params;
    params.minGain = 0.01;
    std::vector<bool> screen(6, false);
    screen[5] = true;
    const MixtureFitResult r = MixtureFit{params}.fit(q.values, f.processed, screen, 0.0);
    const FittedComponent *c = find(r, 5);
    ASSERT_NE(c, nullptr);
    EXPECT_FALSE(c->selected);
    EXPECT_GT(c->weight, 0.0);
    EXPECT_GT(c->evidence, 0.0);
    // Without the screen flag the same candidate is not reported.
    const MixtureFitResult r2 = MixtureFit{params}.fit(q.values, f.processed, std::vector<bool>(6, false), 0.0);
    EXPECT_EQ(find(r2, 5), nullptr);
}

TEST(MixtureFit, AHighRiskCandidateThatDoesNotHelpIsNotReported)
{
    Fixture f(6);
    const ProcessedSpectrum q = f.pre.process(f.raw[0]);
    std::vector<bool> screen(6, false);
    screen[3] = true;
    const MixtureFitResult r = MixtureFit{}.fit(q.values, f.processed, screen, q.noise);
    ASSERT_EQ(r.components.size(), 1u);
    EXPECT_EQ(r.components[0].candidate, 0u);
}

TEST(MixtureFit, FittedPlusResidualIsTheQuery)
{
    Fixture f(5);
    Spectrum m = test::mix({f.raw[0], f.raw[3]}, {0.5, 0.5});
    test::addNoise(m, 0.01, 9);
    const ProcessedSpectrum q = f.pre.process(m);
    const MixtureFitResult r = MixtureFit{}.fit(q.values, f.processed, std::vector<bool>(5, false), q.noise);
    for (std::size_t i = 0; i < q.values.size(); ++i)
        EXPECT_NEAR(r.fitted[i] + r.residualCurve[i], q.values[i], 1e-12);
}

TEST(MixtureFit, RejectsCandidatesOfAnotherLength)
{
    const std::vector<double> q(10, 0.1);
    EXPECT_THROW(MixtureFit{}.fit(q, {std::vector<double>(9, 0.0)}, {false}, 0.0), std::invalid_argument);
}
