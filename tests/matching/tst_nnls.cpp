#include "matching/nnls.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace candor::matching;

namespace {

// Row-major literal to the column-major layout nnls() takes.
std::vector<double> columnMajor(const std::vector<std::vector<double>> &rows)
{
    std::vector<double> a;
    for (std::size_t c = 0; c < rows[0].size(); ++c)
        for (const auto &r : rows)
            a.push_back(r[c]);
    return a;
}

} // namespace

TEST(Nnls, MatchesScipyOnAProblemWithAnActiveConstraint)
{
    // scipy.optimize.nnls(A, b) with SciPy 1.10.1 -> x = [1.1142857142857143,
    // 0.3142857142857142, 0], rnorm = 2.550910201701122.
    const auto a = columnMajor({{1, 0, 2}, {0, 1, 1}, {1, 1, 0}, {2, 0, 1}, {0, 2, 1}});
    const std::vector<double> b{2.0, -1.0, 3.0, 1.0, 0.5};
    const NnlsResult r = nnls(a, 5, 3, b);
    ASSERT_EQ(r.x.size(), 3u);
    EXPECT_NEAR(r.x[0], 1.1142857142857143, 1e-12);
    EXPECT_NEAR(r.x[1], 0.3142857142857142, 1e-12);
    EXPECT_EQ(r.x[2], 0.0);
    EXPECT_NEAR(r.residualNorm, 2.550910201701122, 1e-12);
    EXPECT_TRUE(r.converged);
}

TEST(Nnls, MatchesScipyOnANoisyMixture)
{
    // b = A [0.6, 0, 0.3] + small noise; scipy: x = [0.5970338983050847, 0,
    // 0.3118401937046006], rnorm = 0.023866938442232713.
    const auto a = columnMajor({{0.8, 0.1, 0.3}, {0.2, 0.9, 0.1}, {0.5, 0.4, 0.7}, {0.1, 0.3, 0.9}});
    const std::vector<double> b{0.58, 0.13, 0.51, 0.345};
    const NnlsResult r = nnls(a, 4, 3, b);
    EXPECT_NEAR(r.x[0], 0.5970338983050847, 1e-12);
    EXPECT_EQ(r.x[1], 0.0);
    EXPECT_NEAR(r.x[2], 0.3118401937046006, 1e-12);
    EXPECT_NEAR(r.residualNorm, 0.023866938442232713, 1e-12);
}

TEST(Nnls, RecoversAnExactNonNegativeCombination)
{
    const auto a = columnMajor({{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}, {1, 1, 1, 0}, {2, 0, 1, 1}});
    const std::vector<double> x{0.5, 0.0, 2.0, 1.0};
    std::vector<double> b(5, 0.0);
    for (std::size_t c = 0; c < 4; ++c)
        for (std::size_t r = 0; r < 5; ++r)
            b[r] += a[c * 5 + r] * x[c];
    const NnlsResult res = nnls(a, 5, 4, b);
    for (std::size_t c = 0; c < 4; ++c)
        EXPECT_NEAR(res.x[c], x[c], 1e-10);
    EXPECT_NEAR(res.residualNorm, 0.0, 1e-10);
}

TEST(Nnls, GivesZeroWhenEveryColumnPointsAwayFromTheTarget)
{
    const auto a = columnMajor({{1, 2}, {1, 0}, {0, 1}});
    const std::vector<double> b{-1, -1, -1};
    const NnlsResult r = nnls(a, 3, 2, b);
    EXPECT_EQ(r.x[0], 0.0);
    EXPECT_EQ(r.x[1], 0.0);
    EXPECT_NEAR(r.residualNorm, std::sqrt(3.0), 1e-12);
}

TEST(Nnls, SurvivesDuplicateColumns)
{
    const auto a = columnMajor({{1, 1, 0}, {2, 2, 1}, {3, 3, 0}});
    const std::vector<double> b{2, 4, 6};
    const NnlsResult r = nnls(a, 3, 3, b);
    EXPECT_NEAR(r.x[0] + r.x[1], 2.0, 1e-6);
    EXPECT_NEAR(r.residualNorm, 0.0, 1e-6);
}

TEST(Nnls, RejectsMismatchedSizes)
{
    const std::vector<double> a{1, 2, 3}, b{1, 2};
    EXPECT_THROW(nnls(a, 3, 1, b), std::invalid_argument);
}
