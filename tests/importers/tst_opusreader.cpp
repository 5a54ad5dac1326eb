#include "importers/opusreader.h"

#include "testutil.h"

#include <cmath>

using namespace candor::importers;
using namespace candor::importers::testing;

namespace {

const std::filesystem::path kDir = kFixtures / "opus";

std::vector<Spectrum> readFixture(const std::string &name)
{
    return OpusReader().read(readAll(kDir / name), name);
}

const std::string *meta(const Spectrum &s, std::string_view label)
{
    for (const auto &[k, v] : s.metadata)
        if (k == label)
            return &v;
    return nullptr;
}

} // namespace

TEST(OpusReader, ReadsAbsorbanceWithItsDataStatusParameters)
{
    const auto s = readFixture("absorbance.0");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].title, "Fixture sample");
    EXPECT_EQ(s[0].xUnits, "1/cm");
    EXPECT_EQ(s[0].yUnits, "absorbance");
    EXPECT_EQ(s[0].x, (std::vector<double>{4000, 3999, 3998, 3997, 3996}));
    // CSF = 2 scales every value.
    EXPECT_DOUBLE_EQ(s[0].y[0], 2.0 * double(0.1f));
    EXPECT_DOUBLE_EQ(s[0].y[4], 2.0 * double(0.5f));
    EXPECT_EQ(*meta(s[0], "block"), "AB");
    EXPECT_EQ(*meta(s[0], "data:NPT"), "5");
    EXPECT_EQ(*meta(s[0], "sample:SNM"), "Fixture sample");
}

TEST(OpusReader, LetsNptDecideWhenTheDataBlockIsPadded)
{
    const auto s = readFixture("padded.0");
    EXPECT_EQ(s[0].y.size(), 5u);
}

TEST(OpusReader, RejectsAWrongMagicNumber)
{
    expectImportError([] { readFixture("wrong-magic.0"); }, ImportError::Kind::Malformed,
                      {"wrong-magic.0 (byte 0)", "0A 0A FE FE"});
}

TEST(OpusReader, RejectsATruncatedFile)
{
    expectImportError([] { readFixture("truncated.0"); }, ImportError::Kind::Malformed, {"truncated.0 (byte 92)", "truncated"});
}

TEST(OpusReader, RejectsNptBeyondTheDataBlock)
{
    expectImportError([] { readFixture("npt-exceeds-block.0"); }, ImportError::Kind::Malformed,
                      {"npt-exceeds-block.0 (byte 72)", "holds 5 values but NPT = 9"});
}

TEST(OpusReader, RejectsAnAbsurdNptWithoutAllocating)
{
    expectImportError([] { readFixture("npt-huge.0"); }, ImportError::Kind::Malformed,
                      {"NPT = 1073741824", "not a plausible point count"});
}

TEST(OpusReader, RejectsADataBlockWithoutParameters)
{
    expectImportError([] { readFixture("no-status-block.0"); }, ImportError::Kind::Malformed,
                      {"(byte 36)", "no data-status parameter block"});
}

TEST(OpusReader, RejectsAnAbsurdDirectory)
{
    expectImportError([] { readFixture("directory-count-huge.0"); }, ImportError::Kind::Malformed,
                      {"(byte 20)", "16777216 blocks"});
}

TEST(OpusReader, RejectsNan)
{
    expectImportError([] { readFixture("nan-value.0"); }, ImportError::Kind::Malformed,
                      {"nan-value.0 (byte 76)", "value 1 of the AB block is NaN, not a finite number"});
}

TEST(OpusReader, RejectsANanScaleFactorAtItsParameter)
{
    expectImportError([] { readFixture("csf-nan.0"); }, ImportError::Kind::Malformed,
                      {"csf-nan.0 (byte 156)", "CSF of the AB data-status block is NaN"});
}

TEST(OpusReader, RejectsAnInfiniteFirstXAtItsParameter)
{
    expectImportError([] { readFixture("fxv-inf.0"); }, ImportError::Kind::Malformed,
                      {"fxv-inf.0 (byte 124)", "FXV of the AB data-status block is +infinity"});
}

TEST(OpusReader, RejectsAValueThatTheScaleFactorOverflows)
{
    expectImportError([] { readFixture("y-overflows-csf.0"); }, ImportError::Kind::Malformed,
                      {"y-overflows-csf.0 (byte 76)", "value 1 of the AB block is +infinity after scaling", "by CSF = 1e+300"});
}

TEST(OpusReader, SpacesXEvenlyBetweenFiniteExtremesWithoutOverflowing)
{
    const auto s = readFixture("x-span-huge.0");
    ASSERT_EQ(s.size(), 1u);
    ASSERT_EQ(s[0].x.size(), 5u);
    EXPECT_EQ(s[0].x.front(), -1.7e308);
    EXPECT_EQ(s[0].x.back(), 1.7e308);
    for (double x : s[0].x)
        EXPECT_TRUE(std::isfinite(x)) << x;
}

TEST(OpusConformance, EachFileGivesTheNptFxvLxvItsParameterBlockStates)
{
    const auto dir = kShared / "opus";
    CANDOR_REQUIRE_SHARED(dir);
    // Values read independently from each file's data-status blocks (type 31/23/27).
    struct Expect {
        const char *file;
        std::size_t spectra;
        const char *firstBlock;
        std::size_t npt;
        double fxv, lxv;
    };
    const Expect expected[] = {
        {"BF_lo_01_soil_cal.1", 4, "AB", 1716, 3997.396811017969, 499.6746013772461},
        {"MMP_2107_Test1.001", 3, "AB", 1899, 11540.0, 3948.0},
        {"issue81_A1.1.0", 3, "AB", 1866, 3996.5766162382815, 399.27189168017577},
        {"test_spectra.0", 3, "REFL", 4819, 7498.2916914224625, 599.920606970787},
    };
    for (const auto &e : expected) {
        SCOPED_TRACE(e.file);
        const auto s = OpusReader().read(readAll(dir / e.file), e.file);
        ASSERT_EQ(s.size(), e.spectra);
        EXPECT_EQ(*meta(s[0], "block"), e.firstBlock);
        ASSERT_EQ(s[0].x.size(), e.npt);
        EXPECT_DOUBLE_EQ(s[0].x.front(), e.fxv);
        EXPECT_DOUBLE_EQ(s[0].x.back(), e.lxv);
        EXPECT_EQ(s[0].xUnits, "1/cm");
        for (const auto &sp : s) {
            ASSERT_EQ(sp.x.size(), std::stoul(*meta(sp, "data:NPT")));
            EXPECT_DOUBLE_EQ(sp.x.front(), std::stod(*meta(sp, "data:FXV")));
        }
    }
}

TEST(OpusConformance, ReturnsSampleAndReferenceSingleChannelsAfterAbsorbance)
{
    const auto dir = kShared / "opus";
    CANDOR_REQUIRE_SHARED(dir);
    const auto s = OpusReader().read(readAll(dir / "BF_lo_01_soil_cal.1"), "BF_lo_01_soil_cal.1");
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(*meta(s[1], "block"), "AB");
    EXPECT_EQ(*meta(s[2], "block"), "ScSm");
    EXPECT_EQ(*meta(s[3], "block"), "ScRf");
    EXPECT_EQ(s[3].x.size(), 1722u);
    EXPECT_DOUBLE_EQ(s[3].x.front(), 4005.5547636935153);
    EXPECT_EQ(s[0].title, "BF_lo_01_soil_cal");
    EXPECT_NE(meta(s[0], "instrument:INS"), nullptr);
}
