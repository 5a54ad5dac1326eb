#include "matching/matchingerror.h"
#include "matching/preprocessing.h"
#include "matching/similarity.h"
#include "synthetic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace candor::matching;
using candor::importers::Spectrum;

namespace {

template<typename F>
MatchingError::Kind kindOf(F &&f)
{
    try {
        f();
    } catch (const MatchingError &e) {
        return e.kind();
    }
    ADD_FAILURE() << "no MatchingError thrown";
    return MatchingError::Kind::CacheIo;
}

} // namespace

TEST(Preprocessing, GridRunsFromStartToEndInclusiveAtTheStep)
{
    const auto g = Preprocessor::makeGrid(650, 660, 2);
    ASSERT_EQ(g.size(), 6u);
    EXPECT_DOUBLE_EQ(g.front(), 650);
    EXPECT_DOUBLE_EQ(g.back(), 660);
}

TEST(Preprocessing, DefaultGridDropsTheCo2AndWaterVapourPoints)
{
    Preprocessor p{PreprocessingParameters{}};
    // 650..4000 step 2 = 1676 points; 2280..2400 holds 61, 3700..4000 holds 151.
    EXPECT_EQ(p.grid().size(), 1676u);
    EXPECT_EQ(p.dimension(), 1676u - 61u - 151u);
    for (std::size_t k : p.keptIndexes()) {
        const double x = p.grid()[k];
        EXPECT_FALSE(x >= 2280 && x <= 2400) << x;
        EXPECT_LT(x, 3700);
    }
}

TEST(Preprocessing, ResampleInterpolatesLinearlyBetweenSparsePoints)
{
    const std::vector<double> x{0, 1, 2, 3}, y{0, 10, 20, 40}, grid{0.5, 1.5, 2.75};
    const auto r = Preprocessor::resample(x, y, grid);
    EXPECT_DOUBLE_EQ(r[0], 5);
    EXPECT_DOUBLE_EQ(r[1], 15);
    EXPECT_DOUBLE_EQ(r[2], 35);
}

TEST(Preprocessing, ResampleAveragesADenseSourceWithATriangleOneStepWide)
{
    // Source every 0.25 on 0..3, y = x^2; grid step 1. Grid point 1 weighs x = 0.25..1.75
    // by 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25 (sum 4): sum w x^2 = 4.625 -> 1.15625.
    std::vector<double> x, y;
    for (int i = 0; i <= 12; ++i) {
        x.push_back(0.25 * i);
        y.push_back(x.back() * x.back());
    }
    const std::vector<double> grid{1.0, 2.0};
    const auto r = Preprocessor::resample(x, y, grid);
    EXPECT_DOUBLE_EQ(r[0], 1.15625);
    EXPECT_DOUBLE_EQ(r[1], 4.15625); // the same kernel variance, 0.15625, on top of 2^2
}

TEST(Preprocessing, ResampleOfAnAlignedSourceAtTheGridStepReturnsItsValues)
{
    const std::vector<double> x{0, 2, 4, 6}, y{1, 5, 2, 8}, grid{0, 2, 4, 6};
    EXPECT_EQ(Preprocessor::resample(x, y, grid), y);
}

TEST(Preprocessing, ResampleHoldsEndValuesAndMarksWhatIsNotCovered)
{
    const std::vector<double> x{10, 20}, y{1, 3}, grid{5, 10, 15, 20, 25};
    std::vector<bool> covered;
    const auto r = Preprocessor::resample(x, y, grid, &covered);
    EXPECT_EQ(r, (std::vector<double>{1, 1, 2, 3, 3}));
    EXPECT_EQ(covered, (std::vector<bool>{false, true, true, true, false}));
}

TEST(Preprocessing, MaskedPointsAreBridgedByAStraightLine)
{
    std::vector<double> grid, y;
    for (int i = 0; i <= 10; ++i) {
        grid.push_back(i);
        y.push_back(i * i);
    }
    const std::vector<WavenumberRange> masks{{3, 5}};
    Preprocessor::bridgeMasks(grid, y, masks);
    // Line from (2, 4) to (6, 36): slope 8.
    EXPECT_DOUBLE_EQ(y[3], 12);
    EXPECT_DOUBLE_EQ(y[4], 20);
    EXPECT_DOUBLE_EQ(y[5], 28);
    EXPECT_DOUBLE_EQ(y[6], 36);
    EXPECT_DOUBLE_EQ(y[2], 4);
}

TEST(Preprocessing, PolynomialOfTheBaselineDegreeIsItsOwnBaseline)
{
    std::vector<double> y(200);
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double t = static_cast<double>(i) / 199.0;
        y[i] = 1 + 2 * t - 3 * t * t + 0.5 * t * t * t;
    }
    const auto b = Preprocessor::polynomialBaseline(y, 3, 50);
    for (std::size_t i = 0; i < y.size(); ++i)
        EXPECT_NEAR(b[i], y[i], 1e-9);
}

TEST(Preprocessing, BaselineRemovesASlopeButKeepsAPeak)
{
    std::vector<double> y(500);
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double d = (static_cast<double>(i) - 250.0) / 5.0;
        y[i] = 0.2 + 0.001 * static_cast<double>(i) + std::exp(-0.5 * d * d);
    }
    const auto b = Preprocessor::polynomialBaseline(y, 2, 200);
    // ModPoly settles a little under the true baseline (a known bias, about 0.03 here,
    // computed with NumPy's lstsq on the same data); the constant part is removed later by
    // mean-centring. What matters: the slope is gone and the peak keeps its height.
    EXPECT_NEAR((y[20] - b[20]) - (y[480] - b[480]), 0.0, 1e-3);
    // Peak over the flat part: NumPy's ModPoly (200 iterations) gives 0.99963 - 0.03147.
    EXPECT_NEAR((y[250] - b[250]) - (y[20] - b[20]), 0.96816, 1e-3);
    EXPECT_NEAR(y[20] - b[20], 0.0315, 0.002);
}

TEST(Preprocessing, SavitzkyGolayWeightsAreTheClassicTable)
{
    // Savitzky & Golay (1964), quadratic, 5 points: (-3, 12, 17, 12, -3) / 35.
    const auto w = Preprocessor::savitzkyGolayWeights(5, 2, 0);
    const double expected[] = {-3, 12, 17, 12, -3};
    for (int i = 0; i < 5; ++i)
        EXPECT_NEAR(w[i], expected[i] / 35.0, 1e-14);
    // First derivative, quadratic, 5 points: (-2, -1, 0, 1, 2) / 10.
    const auto d = Preprocessor::savitzkyGolayWeights(5, 2, 1);
    for (int i = 0; i < 5; ++i)
        EXPECT_NEAR(d[i], (i - 2) / 10.0, 1e-14);
}

// Values from SciPy 1.10.1: scipy.signal.savgol_filter(y, ...) with mode='interp'.
static const std::vector<double> kSavgolInput{0.0, 1.0, 4.0, 2.0, 7.0, 3.0, 5.0, 9.0, 6.0, 8.0, 2.0, 4.0, 1.0, 3.0, 0.5};

TEST(Preprocessing, SavitzkyGolaySmoothingMatchesScipy)
{
    const std::vector<double> scipy{0.228571428571429, 1.0857142857142856, 2.37142857142857,  4.399999999999999,
                                    4.342857142857141, 4.628571428571426,  5.428571428571426, 7.199999999999997,
                                    8.142857142857139, 5.514285714285712,  4.485714285714284, 2.028571428571427,
                                    2.671428571428571, 1.9857142857142827, 0.7285714285714251};
    const auto r = Preprocessor::savitzkyGolay(kSavgolInput, 5, 2, 0);
    ASSERT_EQ(r.size(), scipy.size());
    for (std::size_t i = 0; i < r.size(); ++i)
        EXPECT_NEAR(r[i], scipy[i], 1e-12) << i;
}

TEST(Preprocessing, SavitzkyGolayFirstDerivativeMatchesScipy)
{
    // savgol_filter(y, 7, 3, deriv=1, delta=2.0)
    const std::vector<double> scipy{0.9642857142857101,   0.7738095238095227,   0.5833333333333344,  0.3928571428571431,
                                    -0.10119047619047605, 0.6130952380952384,   0.29563492063492103, 0.9980158730158739,
                                    -0.5575396825396826,  -0.9503968253968255,  -0.8630952380952384, -0.5396825396825397,
                                    -0.4295634920634933,  -0.27777777777777724, -0.08432539682539286};
    const auto r = Preprocessor::savitzkyGolay(kSavgolInput, 7, 3, 1, 2.0);
    for (std::size_t i = 0; i < r.size(); ++i)
        EXPECT_NEAR(r[i], scipy[i], 1e-12) << i;
}

TEST(Preprocessing, NormalizeCentresAndScalesToUnitLength)
{
    std::vector<double> y{1, 2, 3};
    const double norm = Preprocessor::normalize(y);
    EXPECT_DOUBLE_EQ(norm, std::sqrt(2.0));
    EXPECT_NEAR(y[0], -1 / std::sqrt(2.0), 1e-15);
    EXPECT_NEAR(y[1], 0, 1e-15);
    EXPECT_NEAR(y[2], 1 / std::sqrt(2.0), 1e-15);
    std::vector<double> flat{4, 4, 4};
    EXPECT_EQ(Preprocessor::normalize(flat), 0.0);
}

TEST(Preprocessing, NoiseEstimateIgnoresSmoothShapeAndFindsWhiteNoise)
{
    std::vector<double> line(1000);
    std::iota(line.begin(), line.end(), 0.0);
    EXPECT_NEAR(Preprocessor::estimateNoise(line), 0.0, 1e-12);
    Spectrum s = test::makeSpectrum({{1000, 1, 20}}, 600, 4000, 1);
    test::addNoise(s, 0.01, 7);
    EXPECT_NEAR(Preprocessor::estimateNoise(s.y), 0.01, 0.0015);
}

TEST(Preprocessing, ProcessedSpectrumHasMeanZeroAndUnitNorm)
{
    Preprocessor p{PreprocessingParameters{}};
    const auto r = p.process(test::makeSpectrum({{1000, 1, 20}, {1600, 0.5, 15}, {2950, 0.3, 30}}));
    ASSERT_EQ(r.values.size(), p.dimension());
    const double mean = std::accumulate(r.values.begin(), r.values.end(), 0.0) / static_cast<double>(r.values.size());
    const double norm = std::sqrt(std::inner_product(r.values.begin(), r.values.end(), r.values.begin(), 0.0));
    EXPECT_NEAR(mean, 0, 1e-12);
    EXPECT_NEAR(norm, 1, 1e-12);
    EXPECT_DOUBLE_EQ(r.coverage, 1.0);
}

TEST(Preprocessing, TransmittanceAndAbsorbanceOfOneSampleProcessAlike)
{
    Preprocessor p{PreprocessingParameters{}};
    const Spectrum a = test::makeSpectrum({{1000, 0.8, 20}, {1700, 0.4, 12}});
    Spectrum t = a;
    t.yUnits = "percent-transmittance";
    for (double &v : t.y)
        v = 100 * std::pow(10.0, -v);
    Spectrum um = a;
    um.xUnits = "micrometers";
    for (double &v : um.x)
        v = 1e4 / v;
    const auto pa = p.process(a).values, pt = p.process(t).values, pu = p.process(um).values;
    EXPECT_GT(PearsonCorrelation{}(pa, pt), 0.999999);
    EXPECT_GT(PearsonCorrelation{}(pa, pu), 0.9999);
}

TEST(Preprocessing, BaselineAndOffsetDoNotChangeTheProcessedSpectrum)
{
    Preprocessor p{PreprocessingParameters{}};
    const Spectrum a = test::makeSpectrum({{1000, 0.8, 20}, {1450, 0.5, 14}, {3000, 0.3, 40}});
    Spectrum b = a;
    for (std::size_t i = 0; i < b.y.size(); ++i)
        b.y[i] = 3 * b.y[i] + 0.3 + 1e-4 * (b.x[i] - 600);
    EXPECT_GT(PearsonCorrelation{}(p.process(a).values, p.process(b).values), 0.995);
}

TEST(Preprocessing, RejectsNanFlatAndOutOfRangeSpectraWithTypedErrors)
{
    Preprocessor p{PreprocessingParameters{}};
    Spectrum nan = test::makeSpectrum({{1000, 1, 20}});
    nan.y[10] = std::nan("");
    EXPECT_EQ(kindOf([&] { p.process(nan); }), MatchingError::Kind::InvalidValues);

    Spectrum zeros = test::makeSpectrum({});
    EXPECT_EQ(kindOf([&] { p.process(zeros); }), MatchingError::Kind::FlatSpectrum);

    Spectrum far = test::makeSpectrum({{5500, 1, 20}}, 5000, 6000);
    EXPECT_EQ(kindOf([&] { p.process(far); }), MatchingError::Kind::NoOverlap);

    Spectrum half = test::makeSpectrum({{1000, 1, 20}}, 600, 1500);
    EXPECT_EQ(kindOf([&] { p.process(half); }), MatchingError::Kind::NoOverlap);

    Spectrum counts = test::makeSpectrum({{1000, 1, 20}});
    counts.yUnits = "counts";
    EXPECT_EQ(kindOf([&] { p.process(counts); }), MatchingError::Kind::UnsupportedUnits);

    Spectrum mz = test::makeSpectrum({{1000, 1, 20}});
    mz.xUnits = "m/z";
    EXPECT_EQ(kindOf([&] { p.process(mz); }), MatchingError::Kind::UnsupportedUnits);

    Spectrum one;
    one.x = {1000};
    one.y = {1};
    one.xUnits = "1/cm";
    one.yUnits = "absorbance";
    EXPECT_EQ(kindOf([&] { p.process(one); }), MatchingError::Kind::InvalidValues);
}

TEST(Preprocessing, PartialCoverageAboveTheMinimumIsAWarningNotAnError)
{
    Preprocessor p{PreprocessingParameters{}};
    const auto r = p.process(test::makeSpectrum({{1000, 1, 20}, {2900, 0.5, 30}}, 700, 3300));
    EXPECT_LT(r.coverage, 1.0);
    EXPECT_GT(r.coverage, 0.6);
    ASSERT_FALSE(r.warnings.empty());
    EXPECT_NE(r.warnings.front().find("covers"), std::string::npos);
}

TEST(Preprocessing, InvalidParametersAreRejected)
{
    PreprocessingParameters even;
    even.savgolWindow = 10;
    EXPECT_EQ(kindOf([&] { Preprocessor{even}; }), MatchingError::Kind::InvalidLibrary);
    PreprocessingParameters backwards;
    backwards.rangeStart = 4000;
    backwards.rangeEnd = 650;
    EXPECT_EQ(kindOf([&] { Preprocessor{backwards}; }), MatchingError::Kind::InvalidLibrary);
}

TEST(Preprocessing, FingerprintChangesWithAnyParameter)
{
    PreprocessingParameters a, b;
    EXPECT_EQ(a.fingerprint(), b.fingerprint());
    b.derivative = 1;
    EXPECT_NE(a.fingerprint(), b.fingerprint());
    b = a;
    b.masks.push_back({1000, 1010});
    EXPECT_NE(a.fingerprint(), b.fingerprint());
}

TEST(Similarity, PearsonIsOneForScaledAndShiftedCopiesAndMinusOneForInverted)
{
    const std::vector<double> a{1, 3, 2, 5, 4};
    std::vector<double> b, c;
    for (double v : a) {
        b.push_back(2 * v + 7);
        c.push_back(-v);
    }
    EXPECT_NEAR(PearsonCorrelation{}(a, b), 1.0, 1e-15);
    EXPECT_NEAR(PearsonCorrelation{}(a, c), -1.0, 1e-15);
    // By hand: a centred (-2, 0, -1, 2, 1); d = (1, 1, 1, 1, 2) centred (-.2,-.2,-.2,-.2,.8):
    // sum ab = 0.4+0+0.2-0.4+0.8 = 1.0; |a|^2 = 10; |d|^2 = 0.8 -> r = 1/sqrt(8).
    const std::vector<double> d{1, 1, 1, 1, 2};
    EXPECT_NEAR(PearsonCorrelation{}(a, d), 1.0 / std::sqrt(8.0), 1e-15);
    EXPECT_EQ(PearsonCorrelation{}(a, std::vector<double>{1, 1, 1, 1, 1}), 0.0);
}

TEST(Similarity, FirstDerivativeCorrelationIgnoresALinearBaseline)
{
    const std::vector<double> a{0, 1, 4, 9, 4, 1, 0, 2, 0};
    std::vector<double> b;
    for (std::size_t i = 0; i < a.size(); ++i)
        b.push_back(a[i] + 0.3 * static_cast<double>(i) + 5);
    EXPECT_NEAR(FirstDerivativeCorrelation{}(a, b), 1.0, 1e-15);
}
