// The one CSV reader behind the lab-results and external-results importers.
#include "core/csv.h"

#include <gtest/gtest.h>

using candor::core::CsvRecord;
using candor::core::CsvSyntaxError;
using candor::core::readCsvRecords;

namespace {
std::vector<std::string> fields(const std::vector<CsvRecord> &records, std::size_t i)
{
    return records.at(i).fields;
}
} // namespace

TEST(CsvReader, ReadsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks)
{
    const auto r = readCsvRecords("code,note\r\nAB-1,\"says \"\"hi\"\", then, more\"\r\nAB-2,\"two\nlines\"\nAB-3,x\n");
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(fields(r, 1), (std::vector<std::string>{"AB-1", "says \"hi\", then, more"}));
    EXPECT_EQ(fields(r, 2), (std::vector<std::string>{"AB-2", "two\nlines"}));
    // Each record knows the line it starts on, after a quoted line break too.
    EXPECT_EQ(r[1].line, 2);
    EXPECT_EQ(r[2].line, 3);
    EXPECT_EQ(r[3].line, 5);
}

TEST(CsvReader, SkipsTheByteOrderMarkAndBlankLinesAndKeepsEmptyFields)
{
    const auto r = readCsvRecords("\xEF\xBB\xBF"
                                  "a,b,c\n\n  \n1,,3\n,,\n");
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(fields(r, 0), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(fields(r, 1), (std::vector<std::string>{"1", "", "3"}));
    EXPECT_EQ(fields(r, 2), (std::vector<std::string>{"", "", ""}));
    EXPECT_EQ(r[1].line, 4);
}

TEST(CsvReader, IgnoresBlanksBeforeAnOpeningQuoteAsSpreadsheetsWriteThem)
{
    const auto r = readCsvRecords("a, \"b, c\"\n");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(fields(r, 0), (std::vector<std::string>{"a", "b, c"}));
}

TEST(CsvReader, ReadsALastRecordWithoutLineBreak)
{
    const auto r = readCsvRecords("a,b\n1,2");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(fields(r, 1), (std::vector<std::string>{"1", "2"}));
}

TEST(CsvReader, NamesTheLineOfAQuoteThatIsNeverClosed)
{
    try {
        readCsvRecords("a,b\n1,2\n3,\"open\nstill open\n");
        FAIL() << "an unclosed quote was accepted";
    } catch (const CsvSyntaxError &e) {
        EXPECT_EQ(e.line(), 3);
        EXPECT_STREQ(e.what(), "the quote opened on line 3 is never closed");
    }
}
