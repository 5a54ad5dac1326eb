#include "importers/csvreader.h"

#include "testutil.h"

using namespace candor::importers;
using namespace candor::importers::testing;

namespace {
std::vector<Spectrum> readFixture(const std::string &name)
{
    return CsvReader().read(readAll(kFixtures / "csv" / name), name);
}
} // namespace

TEST(CsvReader, ReadsCommaSeparatedValuesWithUnitsFromTheHeader)
{
    const auto s = readFixture("comma-header.csv");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].x, (std::vector<double>{4000, 3999.5, 3999}));
    EXPECT_EQ(s[0].y, (std::vector<double>{0.01, 0.02, 0.5}));
    EXPECT_EQ(s[0].xUnits, "1/cm");
    EXPECT_EQ(s[0].yUnits, "absorbance");
    EXPECT_EQ(s[0].technique, "infrared");
}

TEST(CsvReader, DetectsSemicolonsWithDecimalCommasAndCrlf)
{
    const auto s = readFixture("semicolon-decimal-comma.csv");
    EXPECT_EQ(s[0].x, (std::vector<double>{4000.5, 3999.5, 3998.5}));
    EXPECT_EQ(s[0].y, (std::vector<double>{98.5, 97.25, 50}));
    EXPECT_EQ(s[0].yUnits, "percent-transmittance");
}

TEST(CsvReader, ReadsTabsAndSkipsCommentLines)
{
    const auto s = readFixture("tab-raman.tsv");
    EXPECT_EQ(s[0].y, (std::vector<double>{10, 12, 15}));
    EXPECT_EQ(s[0].technique, "raman");
    EXPECT_EQ(s[0].yUnits, "counts");
}

TEST(CsvReader, ReadsBlankSeparatedColumnsWithoutHeader)
{
    const auto s = readFixture("whitespace.txt");
    EXPECT_EQ(s[0].x, (std::vector<double>{1.5, 2.5, 3.5}));
    EXPECT_EQ(s[0].xUnits, "arbitrary");
}

TEST(CsvReader, RejectsMissingColumnsNamingTheLine)
{
    expectImportError([&] { readFixture("missing-column.csv"); }, ImportError::Kind::Malformed,
                      {"missing-column.csv:3", "expected two finite numbers"});
}

TEST(CsvReader, RejectsNanInfinityAndOverflowingCellsNamingTheLineAndTheCell)
{
    expectImportError([] { readFixture("nan.csv"); }, ImportError::Kind::Malformed,
                      {"nan.csv:3", "the y value \"nan\" is NaN, not a finite number"});
    expectImportError([] { readFixture("inf.csv"); }, ImportError::Kind::Malformed,
                      {"inf.csv:3", "the y value \"inf\" is +infinity, not a finite number"});
    expectImportError([] { readFixture("overflow.csv"); }, ImportError::Kind::Malformed,
                      {"overflow.csv:3", "the x value \"1e999\" is outside the range of a double"});
    expectImportError([] { readFixture("inf-decimal-comma.csv"); }, ImportError::Kind::Malformed,
                      {"inf-decimal-comma.csv:3", "the y value \"-INF\" is -infinity"});
}

TEST(CsvReader, RejectsTextAmongTheData)
{
    expectImportError([] { readFixture("text-in-data.csv"); }, ImportError::Kind::Malformed,
                      {"text-in-data.csv:4", "spliced note"});
}

TEST(CsvReader, RejectsFewerThanTwoPointsAndEmptyFiles)
{
    expectImportError([] { readFixture("one-point.csv"); }, ImportError::Kind::Malformed,
                      {"one-point.csv:2", "fewer than two data points"});
    expectImportError([] { readFixture("empty.csv"); }, ImportError::Kind::Malformed, {"fewer than two"});
}

TEST(CsvReader, RejectsBinaryContent)
{
    expectImportError([] { CsvReader().read(bytesOf(std::string_view("1,2\n\0\0", 6)), "bin.csv"); },
                      ImportError::Kind::Malformed, {"bin.csv (byte 4)", "NUL byte"});
}

TEST(CsvReader, SniffsNumbersButNotJcampOrBinary)
{
    CsvReader r;
    EXPECT_TRUE(r.sniff(bytesOf("x,y\n1,2\n")));
    EXPECT_FALSE(r.sniff(bytesOf("##TITLE=x\n1 2\n")));
    EXPECT_FALSE(r.sniff(bytesOf(std::string_view("CDF\x01\0\0", 6))));
}
