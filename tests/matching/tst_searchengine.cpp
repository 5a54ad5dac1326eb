#include "matching/searchengine.h"
#include "matching/similarity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <utility>

using namespace candor::matching;

namespace {

std::vector<double> randomUnit(std::mt19937_64 &rng, std::size_t n)
{
    std::normal_distribution<double> d;
    std::vector<double> v(n);
    double mean = 0;
    for (double &x : v) {
        x = d(rng);
        mean += x;
    }
    mean /= static_cast<double>(n);
    double ss = 0;
    for (double &x : v) {
        x -= mean;
        ss += x * x;
    }
    for (double &x : v)
        x /= std::sqrt(ss);
    return v;
}

struct Library {
    std::vector<std::vector<double>> rows;
    SpectralMatrix f32;
    SpectralMatrix f16;
};

Library makeLibrary(std::size_t rows, std::size_t cols, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Library lib{{}, SpectralMatrix(cols, StorageType::Float32), SpectralMatrix(cols, StorageType::Float16)};
    for (std::size_t r = 0; r < rows; ++r) {
        lib.rows.push_back(randomUnit(rng, cols));
        lib.f32.appendRow(std::span<const double>(lib.rows.back()));
        lib.f16.appendRow(std::span<const double>(lib.rows.back()));
    }
    return lib;
}

// A query close to row `target`: the row plus a little independent noise.
std::vector<float> queryNear(const Library &lib, std::size_t target, double noise, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    auto n = randomUnit(rng, lib.rows[target].size());
    std::vector<double> q(n.size());
    double mean = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        q[i] = lib.rows[target][i] + noise * n[i];
        mean += q[i];
    }
    mean /= static_cast<double>(q.size());
    double ss = 0;
    for (double &v : q) {
        v -= mean;
        ss += v * v;
    }
    std::vector<float> out;
    out.reserve(q.size());
    for (double v : q)
        out.push_back(static_cast<float>(v / std::sqrt(ss)));
    return out;
}

} // namespace

TEST(SpectralMatrix, HalfConversionRoundTripsRepresentableValuesAndRoundsToNearest)
{
    for (float v : {0.0f, 1.0f, -2.5f, 0.000061035156f /* 2^-14 */, 65504.0f, 5.9604645e-8f /* 2^-24 */})
        EXPECT_EQ(halfToFloat(floatToHalf(v)), v) << v;
    EXPECT_EQ(floatToHalf(1.0f), 0x3c00);
    EXPECT_EQ(floatToHalf(-2.0f), 0xc000);
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even -> 1.
    EXPECT_EQ(floatToHalf(1.0f + 0.00048828125f), 0x3c00);
    EXPECT_EQ(floatToHalf(1e6f), 0x7c00);
    EXPECT_TRUE(std::isnan(halfToFloat(floatToHalf(std::nanf("")))));
}

TEST(SpectralMatrix, RowsArePaddedAlignedAndReadBackAsUnitNorm)
{
    const Library lib = makeLibrary(5, 100, 1);
    EXPECT_EQ(lib.f32.stride(), 128u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(lib.f32.f32Row(0)) % 64, 0u);
    EXPECT_EQ(lib.f32.f32Row(1)[100], 0.0f);
    const auto back = lib.f16.rowAsDouble(3);
    for (std::size_t i = 0; i < back.size(); ++i)
        EXPECT_NEAR(back[i], lib.rows[3][i], 1e-4);
}

TEST(SearchEngine, ScoresEqualThePearsonCorrelationOfTheRows)
{
    // The kernels score four rows at a time, one from each quarter of a chunk, and write
    // each score back to its own row: 50 rows is one chunk with a remainder of two, 2,051
    // rows on two threads is several chunks, a short last one and a remainder of three.
    for (const auto &[rows, threads] : {std::pair<std::size_t, unsigned>{50, 1}, {2051, 2}}) {
        const Library lib = makeLibrary(rows, 333, 2);
        const auto q = queryNear(lib, 11, 0.5, 3);
        const std::vector<double> qd(q.begin(), q.end());
        for (const SpectralMatrix *m : {&lib.f32, &lib.f16}) {
            SearchEngine engine(*m, threads);
            const auto scores = engine.scoreAll(q);
            ASSERT_EQ(scores.size(), rows);
            for (std::size_t r = 0; r < lib.rows.size(); ++r)
                EXPECT_NEAR(scores[r], PearsonCorrelation{}(lib.rows[r], qd), m->storage() == StorageType::Float32 ? 1e-5 : 2e-3)
                    << rows << " rows, row " << r;
        }
    }
}

TEST(SearchEngine, RanksTheNearestRowFirstAndSortsHitsByScore)
{
    const Library lib = makeLibrary(500, 200, 4);
    SearchEngine engine(lib.f32, 1);
    const auto hits = engine.search(queryNear(lib, 123, 0.3, 5), 10);
    ASSERT_EQ(hits.size(), 10u);
    EXPECT_EQ(hits[0].row, 123u);
    EXPECT_GT(hits[0].score, 0.9f);
    for (std::size_t i = 1; i < hits.size(); ++i)
        EXPECT_GE(hits[i - 1].score, hits[i].score);
}

TEST(SearchEngine, ThreadedAndSingleThreadedSearchesAgree)
{
    const Library lib = makeLibrary(5000, 64, 6);
    const auto q = queryNear(lib, 4321, 0.8, 7);
    for (const SpectralMatrix *m : {&lib.f32, &lib.f16}) {
        const auto one = SearchEngine(*m, 1).search(q, 25);
        const auto two = SearchEngine(*m, 2).search(q, 25);
        ASSERT_EQ(one.size(), two.size());
        for (std::size_t i = 0; i < one.size(); ++i) {
            EXPECT_EQ(one[i].row, two[i].row);
            EXPECT_EQ(one[i].score, two[i].score);
        }
        EXPECT_EQ(one[0].row, 4321u);
    }
}

TEST(SearchEngine, BatchSearchGivesTheSameHitsAsOneQueryAtATime)
{
    const Library lib = makeLibrary(3000, 150, 8);
    const std::size_t count = 7; // not a multiple of the 4-query block
    std::vector<float> packed;
    std::vector<std::vector<float>> queries;
    for (std::size_t i = 0; i < count; ++i) {
        queries.push_back(queryNear(lib, 100 + 400 * i, 0.7, 9 + i));
        packed.insert(packed.end(), queries.back().begin(), queries.back().end());
    }
    for (const SpectralMatrix *m : {&lib.f32, &lib.f16}) {
        SearchEngine engine(*m, 2);
        const auto batch = engine.searchBatch(packed, count, 10);
        ASSERT_EQ(batch.size(), count);
        for (std::size_t i = 0; i < count; ++i) {
            const auto single = engine.search(queries[i], 10);
            ASSERT_EQ(batch[i].size(), single.size());
            EXPECT_EQ(batch[i][0].row, 100 + 400 * i);
            for (std::size_t k = 0; k < single.size(); ++k) {
                EXPECT_EQ(batch[i][k].row, single[k].row);
                EXPECT_NEAR(batch[i][k].score, single[k].score, 1e-5);
            }
        }
    }
}

TEST(SearchEngine, AskingForMoreHitsThanRowsReturnsEveryRow)
{
    const Library lib = makeLibrary(7, 40, 10);
    const auto hits = SearchEngine(lib.f32).search(queryNear(lib, 2, 0.1, 11), 100);
    EXPECT_EQ(hits.size(), 7u);
    EXPECT_EQ(SearchEngine(lib.f32).search(queryNear(lib, 2, 0.1, 11), 0).size(), 0u);
}

TEST(SearchEngine, RejectsAQueryOfTheWrongLength)
{
    const Library lib = makeLibrary(3, 40, 12);
    const std::vector<float> q(39, 0.0f);
    EXPECT_THROW(SearchEngine(lib.f32).search(q, 1), std::invalid_argument);
}

TEST(SearchEngine, SearchesAnEmptyLibraryWithoutHits)
{
    SpectralMatrix empty(40, StorageType::Float32);
    const std::vector<float> q(40, 0.1f);
    EXPECT_TRUE(SearchEngine(empty).search(q, 5).empty());
    EXPECT_TRUE(SearchEngine(empty).searchBatch(q, 1, 5)[0].empty());
}
