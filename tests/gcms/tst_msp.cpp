#include "gcms/msp.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace candor::gcms;
using candor::importers::ImportError;

namespace {

std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST(MspReader, ReadsNamesCasRetentionIndexAndPeaksInEveryLayout)
{
    const auto f = readMsp(readText("tests/data/gcms/small.msp"), "small.msp");
    ASSERT_EQ(f.entries.size(), 3u);
    EXPECT_EQ(f.entries[0].name, "Cocaine");
    EXPECT_EQ(f.entries[0].cas, "50-36-2");
    EXPECT_EQ(f.entries[0].formula, "C17H21NO4");
    EXPECT_EQ(f.entries[0].retentionIndex, 2189.0);
    EXPECT_EQ(f.entries[0].mz, (std::vector<double>{82, 182, 303, 94, 105}));
    EXPECT_EQ(f.entries[0].intensity, (std::vector<double>{999, 620, 230, 310, 180}));
    EXPECT_EQ(f.entries[0].line, 1u);
    EXPECT_EQ(f.entries[1].name, "Caffeine");
    EXPECT_EQ(f.entries[1].retentionIndex, std::nullopt);
    EXPECT_EQ(f.entries[1].mz, (std::vector<double>{194, 109, 67, 82})); // the "M+" annotation skipped
    EXPECT_EQ(f.entries[2].name, "Lidocaine");
    EXPECT_EQ(f.entries[2].intensity, (std::vector<double>{999, 80}));
}

TEST(MspReader, LeavesOutMalformedEntriesNamingTheirLineAndKeepsTheRest)
{
    const auto f = readMsp(readText("tests/data/gcms/small.msp"), "small.msp");
    ASSERT_EQ(f.problems.size(), 2u);
    EXPECT_EQ(f.problems[0].line, 10u);
    EXPECT_EQ(f.problems[0].message, "line 12: Num Peaks says 3 but 2 m/z-intensity pairs follow");
    EXPECT_EQ(f.problems[1].line, 24u);
    EXPECT_EQ(f.problems[1].message, "line 26: \"4x3\" is not a number in the peak list");
}

TEST(MspReader, RefusesAFileWithoutOneReadableEntry)
{
    try {
        readMsp("Name: only\nNum Peaks: two\n41 999\n", "bad.msp");
        FAIL() << "expected an ImportError";
    } catch (const ImportError &e) {
        EXPECT_EQ(e.kind(), ImportError::Kind::Malformed);
        EXPECT_EQ(std::string(e.what()), "bad.msp:1: no library entry could be read; the first problem: line 2: Num Peaks is "
                                         "\"two\", not a count of peaks");
    }
    EXPECT_THROW(readMsp("just some text\n", "text.msp"), ImportError);
    EXPECT_THROW(readMsp("", "empty.msp"), ImportError);
}

TEST(MspReader, NamesAPeakListThatRunsLongerThanItsCount)
{
    const auto f = readMsp("Name: a\nNum Peaks: 1\n41 999\n43 10\n\nName: b\nNum Peaks: 1\n41 5\n", "long.msp");
    ASSERT_EQ(f.entries.size(), 1u);
    EXPECT_EQ(f.entries[0].name, "b");
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].message, "line 4: \"43 10\" is neither a field nor a peak (more pairs than Num Peaks says?)");
}
