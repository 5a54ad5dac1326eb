#include "matching/compiledlibrary.h"
#include "matching/matchingerror.h"
#include "synthetic.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace candor::matching;
namespace fs = std::filesystem;

namespace {

ReferenceLibrary makeLibrary(std::size_t n, std::uint64_t seed = 1)
{
    std::mt19937_64 rng(seed);
    std::vector<LibraryEntryInput> in;
    for (std::size_t i = 0; i < n; ++i) {
        LibraryEntryInput e;
        e.id = "s" + std::to_string(i);
        e.spectrum = test::makeSpectrum(test::randomBands(rng));
        e.substance.name = "Substance " + std::to_string(i);
        e.substance.substanceClass = i == 0 ? "fentanyl" : "cut";
        e.substance.risk = i == 0 ? RiskLevel::High : RiskLevel::Low;
        in.push_back(std::move(e));
    }
    return ReferenceLibrary::fromSpectra("test library", "1.0", in);
}

class CompiledLibraryCache : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() /
                ("candor-cache-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path file() const { return m_dir / "library.cache"; }
    fs::path m_dir;
};

void expectSame(const CompiledLibrary &a, const CompiledLibrary &b)
{
    EXPECT_EQ(a.name(), b.name());
    EXPECT_EQ(a.version(), b.version());
    EXPECT_EQ(a.checksum(), b.checksum());
    EXPECT_EQ(a.cacheKey(), b.cacheKey());
    EXPECT_EQ(a.preprocessing(), b.preprocessing());
    EXPECT_EQ(a.thresholds(), b.thresholds());
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a.entries()[i].substance, b.entries()[i].substance);
        EXPECT_EQ(a.entries()[i].substanceClass, b.entries()[i].substanceClass);
        EXPECT_EQ(a.entries()[i].alwaysScreen, b.entries()[i].alwaysScreen);
    }
    EXPECT_EQ(a.matrix().storage(), b.matrix().storage());
    EXPECT_EQ(a.matrix().f32Data(), b.matrix().f32Data());
    EXPECT_EQ(a.matrix().f16Data(), b.matrix().f16Data());
}

} // namespace

TEST(CompiledLibrary, CompilesOneUnitNormRowPerSpectrumAndFlagsHighRisk)
{
    const CompiledLibrary lib = CompiledLibrary::compile(makeLibrary(5));
    EXPECT_EQ(lib.size(), 5u);
    EXPECT_EQ(lib.matrix().rows(), 5u);
    EXPECT_TRUE(lib.entries()[0].alwaysScreen);
    EXPECT_FALSE(lib.entries()[1].alwaysScreen);
    const auto row = lib.matrix().rowAsDouble(2);
    double ss = 0;
    for (double v : row)
        ss += v * v;
    EXPECT_NEAR(ss, 1.0, 1e-5);
}

TEST(CompiledLibrary, LeavesOutAReferenceThePipelineRejectsAndSaysSo)
{
    ReferenceLibrary lib = makeLibrary(3);
    ReferenceSpectrum bad;
    bad.id = "flat";
    bad.substance = 1;
    bad.spectrum = test::makeSpectrum({});
    lib.addSpectrum(bad);
    const CompiledLibrary c = CompiledLibrary::compile(lib);
    EXPECT_EQ(c.size(), 3u);
    ASSERT_EQ(c.warnings().size(), 1u);
    EXPECT_NE(c.warnings()[0].find("'flat'"), std::string::npos);
}

TEST_F(CompiledLibraryCache, RoundTripsThroughTheCacheFileInBothStorages)
{
    for (StorageType storage : {StorageType::Float32, StorageType::Float16}) {
        CompileOptions options;
        options.storage = storage;
        const CompiledLibrary built = CompiledLibrary::compile(makeLibrary(6), options);
        built.save(file());
        std::string why;
        const auto loaded = CompiledLibrary::load(file(), &why);
        ASSERT_TRUE(loaded.has_value()) << why;
        expectSame(built, *loaded);
    }
}

TEST_F(CompiledLibraryCache, BuildsOnceThenLoadsAndRebuildsWhenTheLibraryOrParametersChange)
{
    const ReferenceLibrary lib = makeLibrary(4);
    CompiledLibrary::CacheOutcome outcome{};
    const CompiledLibrary first = CompiledLibrary::loadOrBuild(lib, {}, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::BuiltNoCache);
    EXPECT_TRUE(fs::exists(file()));

    const CompiledLibrary second = CompiledLibrary::loadOrBuild(lib, {}, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::Loaded);
    expectSame(first, second);

    const CompiledLibrary grown = CompiledLibrary::loadOrBuild(makeLibrary(5), {}, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::RebuiltStale);
    EXPECT_EQ(grown.size(), 5u);

    CompileOptions derivative;
    derivative.preprocessing.derivative = 1;
    const CompiledLibrary d = CompiledLibrary::loadOrBuild(makeLibrary(5), derivative, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::RebuiltStale);
    EXPECT_EQ(d.preprocessing().derivative, 1);
    CompiledLibrary::loadOrBuild(makeLibrary(5), derivative, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::Loaded);

    CompileOptions stricter = derivative;
    stricter.thresholds.matchScore = 0.99;
    CompiledLibrary::loadOrBuild(makeLibrary(5), stricter, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::RebuiltStale);
}

TEST_F(CompiledLibraryCache, CorruptOrTruncatedCacheIsRebuiltNotTrusted)
{
    const ReferenceLibrary lib = makeLibrary(4);
    const CompiledLibrary good = CompiledLibrary::loadOrBuild(lib, {}, file());
    const auto size = fs::file_size(file());

    { // flip one byte in the middle of the matrix
        std::fstream f(file(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size - 200));
        char c = 0;
        f.seekg(static_cast<std::streamoff>(size - 200));
        f.get(c);
        f.seekp(static_cast<std::streamoff>(size - 200));
        f.put(static_cast<char>(c ^ 0x5a));
    }
    std::string why;
    EXPECT_FALSE(CompiledLibrary::load(file(), &why).has_value());
    EXPECT_EQ(why, "payload checksum mismatch");
    CompiledLibrary::CacheOutcome outcome{};
    const CompiledLibrary rebuilt = CompiledLibrary::loadOrBuild(lib, {}, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::RebuiltCorrupt);
    expectSame(good, rebuilt);
    CompiledLibrary::loadOrBuild(lib, {}, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::Loaded);

    fs::resize_file(file(), size / 2);
    CompiledLibrary::loadOrBuild(lib, {}, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::RebuiltCorrupt);

    std::ofstream(file(), std::ios::trunc) << "not a cache at all";
    CompiledLibrary::loadOrBuild(lib, {}, file(), &outcome);
    EXPECT_EQ(outcome, CompiledLibrary::CacheOutcome::RebuiltCorrupt);
}

TEST_F(CompiledLibraryCache, AnUnwritableCacheStillGivesAWorkingLibraryWithAWarning)
{
    const fs::path blocked = m_dir / "a-file";
    std::ofstream(blocked) << "x";
    CompiledLibrary::CacheOutcome outcome{};
    const CompiledLibrary lib = CompiledLibrary::loadOrBuild(makeLibrary(3), {}, blocked / "cache.bin", &outcome);
    EXPECT_EQ(lib.size(), 3u);
    ASSERT_FALSE(lib.warnings().empty());
    EXPECT_NE(lib.warnings().back().find("not cached"), std::string::npos);
}
