#include "importers/spcreader.h"

#include "testutil.h"

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace candor::importers;
using namespace candor::importers::testing;

namespace {

const std::filesystem::path kDir = kFixtures / "spc";

std::vector<Spectrum> readFixture(const std::string &name)
{
    return SpcReader().read(readAll(kDir / name), name);
}

const std::string *meta(const Spectrum &s, std::string_view label)
{
    for (const auto &[k, v] : s.metadata)
        if (k == label)
            return &v;
    return nullptr;
}

// rohanisaac/spc's text output: tab-separated rows, a blank line between XYXY subfiles.
std::vector<std::vector<std::vector<double>>> readExpected(const std::filesystem::path &path)
{
    std::ifstream in(path);
    std::vector<std::vector<std::vector<double>>> blocks(1);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r") {
            if (!blocks.back().empty())
                blocks.emplace_back();
            continue;
        }
        std::istringstream row(line);
        std::vector<double> values;
        double v;
        while (row >> v)
            values.push_back(v);
        blocks.back().push_back(values);
    }
    if (blocks.back().empty())
        blocks.pop_back();
    return blocks;
}

bool near(double a, double b)
{
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)) + 1e-12;
}

} // namespace

TEST(SpcReader, ReadsFloatYWithEvenX)
{
    const auto s = readFixture("float-y.spc");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].y, (std::vector<double>{0.5, 0.25, 0.125, 1.0, 2.0, 0.0, -0.5, 3.0}));
    EXPECT_DOUBLE_EQ(s[0].x.front(), 400);
    EXPECT_DOUBLE_EQ(s[0].x[1], 500);
    EXPECT_DOUBLE_EQ(s[0].x.back(), 1100);
    EXPECT_EQ(s[0].xUnits, "nanometers");
    EXPECT_EQ(s[0].yUnits, "absorbance");
    EXPECT_EQ(s[0].technique, "uv-vis");
    EXPECT_EQ(s[0].title, "fixture");
    ASSERT_NE(meta(s[0], "date"), nullptr);
    EXPECT_EQ(*meta(s[0], "date"), "2024-03-05 14:30");
}

TEST(SpcReader, ScalesIntegerYByTheExponentAndKeepsTheLogAsMetadata)
{
    const auto s = readFixture("int-y-log.spc");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].y, (std::vector<double>{1, 0.5, -1, 2}));
    EXPECT_EQ(s[0].yUnits, "transmittance");
    ASSERT_NE(meta(s[0], "log:Operator"), nullptr);
    EXPECT_EQ(*meta(s[0], "log:Operator"), "Jo");
    EXPECT_EQ(*meta(s[0], "log:Detector"), "MCT");
    EXPECT_EQ(*meta(s[0], "log"), "plain line");
}

TEST(SpcReader, Reads16BitIntegerY)
{
    const auto s = readFixture("int16-y.spc");
    EXPECT_EQ(s[0].y, (std::vector<double>{1024.0 / 256, -512.0 / 256, 256.0 / 256}));
    EXPECT_EQ(s[0].technique, "raman");
}

TEST(SpcReader, ReadsEachXyxySubfileWithItsOwnX)
{
    const auto s = readFixture("multi-xyxy.spc");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].x, (std::vector<double>{41, 43, 58}));
    EXPECT_EQ(s[0].y, (std::vector<double>{10, 20, 30}));
    EXPECT_EQ(s[1].x, (std::vector<double>{44, 58}));
    EXPECT_EQ(s[1].y, (std::vector<double>{5, 6}));
    EXPECT_EQ(*meta(s[1], "z"), "61.5");
    EXPECT_EQ(s[0].xUnits, "m/z");
    EXPECT_EQ(s[0].yUnits, "counts");
}

TEST(SpcReader, ReadsTheOldLabCalcFormatWithSwappedHalves)
{
    const auto s = readFixture("old-format.spc");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].y, (std::vector<double>{1, 2, -1, 1.5}));
    EXPECT_EQ(s[0].x, (std::vector<double>{10, 20, 30, 40}));
    EXPECT_EQ(s[0].title, "old one");
}

TEST(SpcReader, RejectsAWrongVersionByte)
{
    expectImportError([] { readFixture("wrong-magic.spc"); }, ImportError::Kind::Malformed,
                      {"wrong-magic.spc", "(byte 1)", "0x99", "expected 0x4B or 0x4D"});
}

TEST(SpcReader, NamesBigEndianFilesAsUnsupported)
{
    expectImportError([] { readFixture("big-endian.spc"); }, ImportError::Kind::Malformed, {"(byte 1)", "0x4C", "not supported"});
}

TEST(SpcReader, RejectsATruncatedFileBeforeAllocating)
{
    expectImportError([] { readFixture("truncated.spc"); }, ImportError::Kind::Malformed,
                      {"truncated.spc (byte 4)", "576 bytes", "556 bytes"});
}

TEST(SpcReader, RejectsAnAbsurdPointCount)
{
    expectImportError([] { readFixture("npoints-huge.spc"); }, ImportError::Kind::Malformed,
                      {"(byte 4)", "1073741824", "not a plausible count"});
}

TEST(SpcReader, RejectsAPointCountTheFileCannotHoldBeforeAllocatingX)
{
    // Both used to allocate 2^25 doubles of X first (fuzz_spc ran at 69 inputs/s).
    expectImportError([] { readFixture("int16-npoints-huge.spc"); }, ImportError::Kind::Malformed,
                      {"int16-npoints-huge.spc (byte 4)", "33554432 points", "but the file has 550 bytes"});
    expectImportError([] { readFixture("old-npoints-huge.spc"); }, ImportError::Kind::Malformed,
                      {"old-npoints-huge.spc (byte 256)", "Y values of the first subfile", "134217728 bytes"});
}

TEST(SpcReader, RejectsNanAndInfinityNamingTheByteOfTheValue)
{
    expectImportError([] { readFixture("nan-y.spc"); }, ImportError::Kind::Malformed,
                      {"nan-y.spc (byte 552)", "Y value 2 is NaN, not a finite number"});
    expectImportError([] { readFixture("inf-y.spc"); }, ImportError::Kind::Malformed,
                      {"inf-y.spc (byte 556)", "Y value 3 is +infinity"});
}

TEST(SpcReader, RejectsANanInTheXArray)
{
    expectImportError([] { readFixture("nan-x-array.spc"); }, ImportError::Kind::Malformed,
                      {"nan-x-array.spc (byte 516)", "X value 1 is NaN"});
}

TEST(SpcReader, RejectsAnInfiniteLastX)
{
    expectImportError([] { readFixture("flast-inf.spc"); }, ImportError::Kind::Malformed,
                      {"flast-inf.spc (byte 16)", "flast is +infinity"});
}

TEST(SpcReader, RejectsAnOldFormatExponentThatOverflowsY)
{
    // 2^(2000 - 32) is infinity; 0 * infinity made the first Y NaN.
    expectImportError([] { readFixture("old-exponent-overflow.spc"); }, ImportError::Kind::Malformed,
                      {"old-exponent-overflow.spc (byte 2)", "oexp = 2000", "outside the SPC exponent range"});
}

TEST(SpcReader, SpacesXEvenlyBetweenFiniteExtremesWithoutOverflowing)
{
    // first + (last - first) * i / (n - 1) overflowed here: last - first is infinity.
    const auto s = readFixture("x-span-huge.spc");
    ASSERT_EQ(s.size(), 1u);
    ASSERT_EQ(s[0].x.size(), 8u);
    EXPECT_EQ(s[0].x.front(), -1.7e308);
    EXPECT_EQ(s[0].x.back(), 1.7e308);
    for (double x : s[0].x)
        EXPECT_TRUE(std::isfinite(x)) << x;
    EXPECT_TRUE(std::is_sorted(s[0].x.begin(), s[0].x.end()));
}

TEST(SpcReader, ReadsTheFuzzCrashReproducerIntoFiniteValuesOnly)
{
    // fuzz_spc's first crash (a copy of ../shared/data/crashes/spc-nonfinite-1.spc): a
    // finite but huge flast made the evenly spaced X overflow to -infinity.
    const auto path = std::filesystem::path("tests/fuzz/crashes/spc-nonfinite-1.spc");
    const auto s = SpcReader().read(readAll(path), path.string());
    ASSERT_EQ(s.size(), 1u);
    ASSERT_EQ(s[0].x.size(), s[0].y.size());
    ASSERT_FALSE(s[0].x.empty());
    for (std::size_t i = 0; i < s[0].x.size(); ++i) {
        ASSERT_TRUE(std::isfinite(s[0].x[i])) << "x[" << i << "] = " << s[0].x[i];
        ASSERT_TRUE(std::isfinite(s[0].y[i])) << "y[" << i << "] = " << s[0].y[i];
    }
}

TEST(SpcReader, RejectsAnEmptyOrTinyBuffer)
{
    expectImportError([] { readFixture("empty.spc"); }, ImportError::Kind::Malformed, {"empty.spc", "too short"});
    expectImportError([] { SpcReader().read(bytesOf("\x00\x4B"), "two.spc"); }, ImportError::Kind::Malformed,
                      {"two.spc", "too short"});
    std::string header300(300, '\0');
    header300[1] = '\x4B';
    expectImportError([&] { SpcReader().read(bytesOf(header300), "short.spc"); }, ImportError::Kind::Malformed,
                      {"short.spc", "SPC header", "512 bytes", "300 bytes"});
}

// ----- conformance against rohanisaac/spc's text exports ---------------------------

TEST(SpcConformance, EvenXFilesMatchTheirExpectedText)
{
    const auto dir = kShared / "spc";
    CANDOR_REQUIRE_SHARED(dir);
    for (const char *name : {"DOERNER.spc", "RAMAN.SPC", "m_evenz.spc", "m_ordz.spc", "nir.spc", "s_evenx.spc", "s_xy.spc"}) {
        SCOPED_TRACE(name);
        const auto spectra = SpcReader().read(readAll(dir / name), name);
        const auto expected = readExpected(dir / (std::string(name) + ".expected.txt"));
        ASSERT_EQ(expected.size(), 1u);
        const auto &rows = expected[0];
        // m_evenz stores exponent 0xFF, which SPC.H declares a signed char (-1, so
        // y = int * 2^-33, as hyperSpec reads it); the expected text comes from a reader
        // that treats 255 as out of range and uses 0. Exactly a factor of two apart.

        ASSERT_EQ(rows.at(0).size(), spectra.size() + 1);
        for (const auto &s : spectra)
            ASSERT_EQ(s.x.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            ASSERT_TRUE(near(spectra[0].x[i], rows[i][0])) << "x[" << i << "] " << spectra[0].x[i] << " vs " << rows[i][0];
            for (std::size_t k = 0; k < spectra.size(); ++k)
                ASSERT_TRUE(
                    near(spectra[k].y[i] * (meta(spectra[k], "exponent") && *meta(spectra[k], "exponent") == "-1" ? 2.0 : 1.0),
                         rows[i][k + 1]))
                    << "subfile " << k << " y[" << i << "] " << spectra[k].y[i] << " vs " << rows[i][k + 1];
        }
    }
}

TEST(SpcConformance, XyxyFileMatchesItsExpectedY)
{
    const auto dir = kShared / "spc";
    CANDOR_REQUIRE_SHARED(dir);
    const auto spectra = SpcReader().read(readAll(dir / "m_xyxy.spc"), "m_xyxy.spc");
    const auto expected = readExpected(dir / "m_xyxy.spc.expected.txt");
    ASSERT_EQ(spectra.size(), 512u);
    ASSERT_EQ(expected.size(), spectra.size());
    for (std::size_t k = 0; k < spectra.size(); ++k) {
        ASSERT_EQ(spectra[k].x.size(), expected[k].size()) << k;
        for (std::size_t i = 0; i < expected[k].size(); ++i) {
            ASSERT_TRUE(near(spectra[k].y[i], expected[k][i][1])) << k << "/" << i;
            // The SPC specification stores XYXY X arrays as IEEE floats (here m/z 43.9,
            // 27.95...); the expected text was written by a reader that takes those bits
            // as integers scaled by 2^(exp-32). Check that same bit pattern, exactly.
            const float xf = float(spectra[k].x[i]);
            std::int32_t bits;
            std::memcpy(&bits, &xf, 4);
            const int exp = std::stoi(*meta(spectra[k], "exponent"));
            ASSERT_TRUE(near(std::ldexp(double(bits), exp - 32), expected[k][i][0]))
                << k << "/" << i << " " << spectra[k].x[i] << " " << expected[k][i][0];
        }
    }
    EXPECT_EQ(spectra[0].xUnits, "m/z");
    EXPECT_NEAR(spectra[0].x[0], 43.9, 1e-5);
}
