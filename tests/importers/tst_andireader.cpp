#include "importers/andireader.h"

#include "testutil.h"

using namespace candor::importers;
using namespace candor::importers::testing;

namespace {

const std::filesystem::path kDir = kFixtures / "andi";

std::vector<Spectrum> readFixture(const std::string &name)
{
    return AndiReader().read(readAll(kDir / name), name);
}

std::vector<Spectrum> readShared(const std::string &name)
{
    return AndiReader().read(readAll(kShared / "andi" / name), name);
}

const std::string *meta(const Spectrum &s, std::string_view label)
{
    for (const auto &[k, v] : s.metadata)
        if (k == label)
            return &v;
    return nullptr;
}

} // namespace

TEST(AndiReader, ReadsAChromatogramWithDelayAndSamplingInterval)
{
    const auto s = readFixture("chromatogram.cdf");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].technique, "chromatogram");
    EXPECT_EQ(s[0].xUnits, "minutes");
    EXPECT_EQ(s[0].yUnits, "counts");
    EXPECT_EQ(s[0].x, (std::vector<double>{1.0, 1.5, 2.0, 2.5, 3.0, 3.5}));
    EXPECT_EQ(s[0].y, (std::vector<double>{1, 2, 4, 8, 4, 2}));
    EXPECT_EQ(s[0].title, "fixture chromatogram");
}

TEST(AndiReader, ReturnsTheTicThenEveryScanWithScaleFactors)
{
    const auto s = readFixture("ms-run.cdf");
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].technique, "chromatogram");
    EXPECT_EQ(s[0].x, (std::vector<double>{60.0, 61.5}));
    // total_intensity is -9999 (not recorded): the sums of the scaled scans.
    EXPECT_EQ(s[0].y, (std::vector<double>{120, 22}));
    EXPECT_EQ(s[1].x, (std::vector<double>{41, 43, 58}));
    EXPECT_EQ(s[1].y, (std::vector<double>{20, 40, 60}));
    EXPECT_EQ(s[2].x, (std::vector<double>{44, 58}));
    EXPECT_EQ(*meta(s[2], "scan_acquisition_time"), "61.5");
}

TEST(AndiReader, RejectsAScanReachingPastTheData)
{
    expectImportError([] { readFixture("scan-past-data.cdf"); }, ImportError::Kind::Malformed,
                      {"scan-past-data.cdf (byte 0)", "scan 1", "past the 5 stored values"});
}

TEST(AndiReader, RejectsTruncatedAndWrongMagicFiles)
{
    expectImportError([] { readFixture("truncated.cdf"); }, ImportError::Kind::Malformed,
                      {"truncated.cdf (byte 192)", "netCDF header", "cannot fit"});
    expectImportError([] { readFixture("wrong-magic.cdf"); }, ImportError::Kind::Malformed, {"wrong-magic.cdf (byte 0)", "CDF"});
}

TEST(AndiReader, RejectsAHeaderClaimingTwoToTheThirtyPoints)
{
    expectImportError([] { readFixture("dimension-huge.cdf"); }, ImportError::Kind::Malformed, {"dimension-huge.cdf (byte 0)"});
}

TEST(AndiReader, RejectsHeaderCountsTheFileCannotHoldBeforeLibnetcdfAllocates)
{
    // Found by fuzz_andi: a 416-byte file whose variable rank made libnetcdf ask for 14 GB.
    expectImportError([] { readFixture("fuzz-oom-variable-rank.cdf"); }, ImportError::Kind::Malformed,
                      {"fuzz-oom-variable-rank.cdf (byte 288)", "variable rank count 3587560917 cannot fit"});
}

TEST(AndiReader, RejectsAnUnknownVariableTypeThatMadeLibnetcdfDivideByZero)
{
    // Found by fuzz_andi: type 12 has element size 0, and libnetcdf divided by it.
    expectImportError([] { readFixture("fuzz-fpe-unknown-type.cdf"); }, ImportError::Kind::Malformed,
                      {"fuzz-fpe-unknown-type.cdf (byte 312)", "unknown variable type 12"});
}

TEST(AndiReader, RejectsOverlongNamesThatOverflowedLibnetcdfBuffers)
{
    // Found by fuzz_andi: a 527-character attribute name overflowed nc_inq_attname's buffer.
    expectImportError([] { readFixture("fuzz-overflow-long-name.cdf"); }, ImportError::Kind::Malformed,
                      {"fuzz-overflow-long-name.cdf (byte 1660)", "a name of 527 characters"});
}

TEST(AndiReader, RejectsAScanIndexTooLargeForAnInteger)
{
    // Found by fuzz_andi: scan_index 2.7e20 was converted to size_t (undefined behaviour).
    expectImportError([] { readFixture("fuzz-ub-scan-index-huge.cdf"); }, ImportError::Kind::Malformed,
                      {"fuzz-ub-scan-index-huge.cdf (byte 0)", "scan 0", "reaches past"});
}

TEST(AndiReader, RejectsNanAndAMissingTimeBase)
{
    expectImportError([] { readFixture("nan-value.cdf"); }, ImportError::Kind::Malformed,
                      {"nan-value.cdf (byte 360)", "ordinate_values[1] is NaN, not a finite number"});
    expectImportError([] { readFixture("no-sampling-interval.cdf"); }, ImportError::Kind::Malformed,
                      {"actual_sampling_interval is missing"});
}

TEST(AndiReader, RejectsANanMassAtItsByte)
{
    expectImportError([] { readFixture("nan-mass.cdf"); }, ImportError::Kind::Malformed,
                      {"nan-mass.cdf (byte 448)", "mass_values[3] (scan 1 point 0) is NaN"});
}

TEST(AndiReader, RejectsANanOrZeroScaleFactorInsteadOfIgnoringIt)
{
    expectImportError([] { readFixture("scale-nan.cdf"); }, ImportError::Kind::Malformed,
                      {"scale-nan.cdf", "the scale_factor attribute of intensity_values is \"nan\", not a finite number"});
    expectImportError([] { readFixture("scale-zero.cdf"); }, ImportError::Kind::Malformed,
                      {"scale-zero.cdf", "scale_factor attribute of intensity_values is 0"});
}

TEST(AndiReader, RejectsASamplingIntervalWhoseMultiplesOverflow)
{
    expectImportError([] { readFixture("interval-overflow.cdf"); }, ImportError::Kind::Malformed,
                      {"interval-overflow.cdf (byte 372)", "actual_sampling_interval 1e+308", "overflows at point 2"});
}

TEST(AndiReader, RejectsAScanWhoseTotalIonCurrentOverflows)
{
    expectImportError([] { readFixture("tic-overflow.cdf"); }, ImportError::Kind::Malformed,
                      {"tic-overflow.cdf (byte 488)", "total ion current of scan 1", "overflows"});
}

TEST(AndiReader, RejectsNetcdfThatIsNotAndi)
{
    expectImportError([] { readFixture("not-andi.cdf"); }, ImportError::Kind::Malformed,
                      {"not-andi.cdf (byte 0)", "not an AnDI file"});
}

// ----- conformance: values as the .cdl dumps state them --------------------------

TEST(AndiConformance, ChromatogramsDecodePerTheirCdlIncludingTheQuirksFile)
{
    CANDOR_REQUIRE_SHARED(kShared / "andi");
    for (const char *name : {"andi_chrom_valid.cdf", "andi_chrom_quirks.cdf"}) {
        SCOPED_TRACE(name);
        const auto s = readShared(name);
        ASSERT_EQ(s.size(), 1u);
        // ordinate_values = 10000, 111111.1, 10000, 122222.2, ...; interval 10, delay 0
        ASSERT_EQ(s[0].y.size(), 10u);
        EXPECT_EQ(s[0].y[0], 10000);
        EXPECT_DOUBLE_EQ(s[0].y[1], double(111111.1f));
        EXPECT_DOUBLE_EQ(s[0].y[5], double(133333.3f));
        EXPECT_EQ(s[0].x[0], 0);
        EXPECT_EQ(s[0].x[9], 90);
        EXPECT_EQ(s[0].xUnits, "seconds"); // retention_unit / retention_units = "seconds"
        EXPECT_EQ(s[0].title, "dummy sample name");
        ASSERT_NE(meta(s[0], "dataset_completeness"), nullptr);
        EXPECT_EQ(*meta(s[0], "dataset_completeness"), "C1+C2"); // quirk: trailing NUL dropped
    }
}

TEST(AndiConformance, MassSpectraDecodePerTheirCdl)
{
    CANDOR_REQUIRE_SHARED(kShared / "andi");
    auto s = readShared("andi_ms_centroid.cdf");
    ASSERT_EQ(s.size(), 3u); // TIC + scan_number = 2
    EXPECT_EQ(s[0].x, (std::vector<double>{456, 457}));
    EXPECT_EQ(s[0].y, (std::vector<double>{50, 60}));
    EXPECT_EQ(s[1].x, (std::vector<double>{20.01, 150.02, 250.03, 399.99})); // scan_index 0, point_count 4
    EXPECT_EQ(s[1].y, (std::vector<double>{1100, 2200, 3300, 4400}));
    EXPECT_EQ(s[2].x, (std::vector<double>{21.01, 250.02, 399.98})); // scan_index 6, point_count 3
    EXPECT_EQ(s[2].y, (std::vector<double>{1200, 2300, 3400}));

    s = readShared("andi_ms_continuum.cdf");
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[1].x.size(), 10u);
    EXPECT_DOUBLE_EQ(s[1].x[0], 35.0);
    EXPECT_DOUBLE_EQ(s[1].x[9], double(35.9f));
    EXPECT_EQ(s[0].x, (std::vector<double>{0.1, 0.2}));

    s = readShared("andi_ms_library.cdf");
    ASSERT_EQ(s.size(), 4u); // scan_index 0, 2, 7; point_count 2, 5, 3
    EXPECT_EQ(s[1].x, (std::vector<double>{16, 32}));
    EXPECT_EQ(s[2].x, (std::vector<double>{1, 2, 16, 17, 18}));
    EXPECT_EQ(s[3].y, (std::vector<double>{50, 20, 10}));
    EXPECT_EQ(s[0].xUnits, "arbitrary"); // scan_acquisition_time is -9999: scan number as x

    s = readShared("andi_ms_sid.cdf");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[1].x, (std::vector<double>{20, 21}));
    EXPECT_EQ(s[1].y, (std::vector<double>{100, 200}));
    EXPECT_EQ(s[0].y, (std::vector<double>{300}));
}

TEST(AndiConformance, MalformedFilesFailNamingTheFile)
{
    CANDOR_REQUIRE_SHARED(kShared / "andi");
    expectImportError([] { readShared("dummy.cdf"); }, ImportError::Kind::Malformed,
                      {"dummy.cdf (byte 0)", "not a netCDF classic file"});
    expectImportError([] { readShared("non_andi.cdf"); }, ImportError::Kind::Malformed, {"non_andi.cdf (byte 0)", "netCDF"});
}
