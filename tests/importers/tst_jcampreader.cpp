#include "importers/jcampreader.h"

#include "testutil.h"

#include <cmath>

using namespace candor::importers;
using namespace candor::importers::testing;

namespace {

const std::filesystem::path kDir = kFixtures / "jcamp";

std::vector<Spectrum> readText(std::string_view text, const std::string &name = "inline.jdx")
{
    return JcampReader().read(bytesOf(text), name);
}

std::vector<Spectrum> readFixture(const std::string &name)
{
    const auto bytes = readAll(kDir / name);
    return JcampReader().read(bytes, name);
}

std::string xyFile(std::string_view npoints, std::string_view data, std::string_view extra = "")
{
    return "##TITLE= t\n##JCAMP-DX= 4.24\n##XUNITS= 1/CM\n##YUNITS= ABSORBANCE\n##FIRSTX= 10\n##LASTX= " +
           std::string(extra.empty() ? "1" : extra) + "\n##NPOINTS= " + std::string(npoints) + "\n##XYDATA=(X++(Y..Y))\n" +
           std::string(data) + "\n##END=\n";
}

const std::string *meta(const Spectrum &s, std::string_view label)
{
    for (const auto &[k, v] : s.metadata)
        if (k == label)
            return &v;
    return nullptr;
}

} // namespace

TEST(JcampReader, DecodesAffnWithFactorsAndComputedX)
{
    const auto spectra = readFixture("affn-transmittance.jdx");
    ASSERT_EQ(spectra.size(), 1u);
    const Spectrum &s = spectra[0];
    EXPECT_EQ(s.title, "Caffeine (AFFN)");
    EXPECT_EQ(s.technique, "infrared");
    EXPECT_EQ(s.xUnits, "1/cm");
    EXPECT_EQ(s.yUnits, "transmittance");
    ASSERT_EQ(s.x.size(), 12u);
    EXPECT_DOUBLE_EQ(s.x[0], 4000);
    EXPECT_DOUBLE_EQ(s.x[11], 3989);
    EXPECT_DOUBLE_EQ(s.x[5], 3995);
    EXPECT_DOUBLE_EQ(s.y[0], 0.1);
    EXPECT_DOUBLE_EQ(s.y[11], 0.166);
    ASSERT_NE(meta(s, "JCAMP-DX"), nullptr);
    EXPECT_EQ(*meta(s, "JCAMP-DX"), "4.24");
}

TEST(JcampReader, DifDupWithYChecksDecodesToTheSamePointsAsAffn)
{
    const auto affn = readFixture("affn-transmittance.jdx");
    const auto dif = readFixture("difdup.jdx");
    ASSERT_EQ(dif.size(), 1u);
    EXPECT_EQ(dif[0].y, affn[0].y);
    EXPECT_EQ(dif[0].x, affn[0].x);
}

TEST(JcampReader, DecodesTheStandardsMixedFormExamples)
{
    // formats-notes.md: 99jjjKn = 99, 98, 97, 96, 98, 93.
    auto s = readText(xyFile("6", "1 99jjjKn", "6"));
    EXPECT_EQ(s[0].y, (std::vector<double>{99, 98, 97, 96, 98, 93}));
    // A000J000JU%% = 1000, 2000, 2001, 2002, 2003, 2003, 2003 (DUP repeats the difference).
    s = readText(xyFile("7", "1 A000J000JU%%", "7"));
    EXPECT_EQ(s[0].y, (std::vector<double>{1000, 2000, 2001, 2002, 2003, 2003, 2003}));
}

TEST(JcampReader, DupRepeatsAnAbsoluteValueInTotal)
{
    const auto s = readText(xyFile("5", "1 A0U 7 -3", "5"));
    EXPECT_EQ(s[0].y, (std::vector<double>{10, 10, 10, 7, -3}));
}

TEST(JcampReader, PacValuesNeedNoSpaces)
{
    const auto s = readText(xyFile("4", "1+10-20+30.5-4", "4"));
    EXPECT_EQ(s[0].y, (std::vector<double>{10, -20, 30.5, -4}));
}

TEST(JcampReader, ReadsEAsExponentOnlyWhenASignFollows)
{
    const auto s = readFixture("crlf-labels.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].y, (std::vector<double>{1.5e-05, 25, 3, 57, 4}));
    // 853102E610: X = 853102, then SQZ E = +5 -> 5610.
    const auto t = readText(xyFile("1", "853102E610", "10"));
    EXPECT_EQ(t[0].y, (std::vector<double>{5610}));
}

TEST(JcampReader, NormalizesLabelsAndJoinsMultiLineValuesWithoutComments)
{
    const auto s = readFixture("crlf-labels.jdx");
    EXPECT_EQ(s[0].title, "Odd labels");
    EXPECT_EQ(s[0].technique, "raman");
    EXPECT_EQ(s[0].xUnits, "1/cm");
    EXPECT_EQ(s[0].yUnits, "arbitrary");
    ASSERT_NE(meta(s[0], "ORIGIN"), nullptr);
    EXPECT_EQ(*meta(s[0], "ORIGIN"), "line one\nline two");
    EXPECT_DOUBLE_EQ(s[0].x.back(), 104);
}

TEST(JcampReader, ConvertsLatin1MetadataToUtf8AndReadsCrOnlyLines)
{
    const auto s = readFixture("latin1-cr.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].title, "Kokain\xC3\xA4hnlich \xC2\xB5-Probe");
    EXPECT_EQ(s[0].y.size(), 12u);
}

TEST(JcampReader, RejectsDifLineWhoseYCheckDisagrees)
{
    expectImportError([] { readFixture("ycheck-fails.jdx"); }, ImportError::Kind::Malformed,
                      {"ycheck-fails.jdx:13", "Y-check failed", "Y=122", "Y=115"});
}

TEST(JcampReader, RejectsLinesSplicedFromAnotherSpectrum)
{
    expectImportError([] { readFixture("spliced-lines.jdx"); }, ImportError::Kind::Malformed,
                      {"spliced-lines.jdx:13", "Y-check failed"});
}

// True when one of the spectrum's warnings holds every fragment.
bool warned(const Spectrum &s, std::initializer_list<std::string_view> fragments)
{
    for (const auto &w : s.warnings) {
        bool all = true;
        for (auto f : fragments)
            all = all && w.find(f) != std::string::npos;
        if (all)
            return true;
    }
    return false;
}

std::string allWarnings(const Spectrum &s)
{
    std::string out;
    for (const auto &w : s.warnings)
        out += w + "\n";
    return out;
}

TEST(JcampReader, KeepsEveryPointWhenTheDataHoldFewerThanNpointsAndWarns)
{
    const auto s = readFixture("npoints-disagrees.jdx");
    ASSERT_EQ(s.size(), 1u);
    ASSERT_EQ(s[0].y.size(), 12u);
    EXPECT_EQ(s[0].x.size(), 12u);
    EXPECT_DOUBLE_EQ(s[0].y.back(), 166);
    // LASTX=3987 is the X of point 14: the header's spacing of -1 places the 12 held.
    EXPECT_DOUBLE_EQ(s[0].x.front(), 4000);
    EXPECT_DOUBLE_EQ(s[0].x.back(), 3989);
    ASSERT_EQ(s[0].warnings.size(), 1u) << allWarnings(s[0]);
    EXPECT_EQ(s[0].warnings[0], "line 14: the data hold 12 Y values but ##NPOINTS=14; all 12 are kept");
}

TEST(JcampReader, KeepsEveryPointWhenTheDataHoldMoreThanNpointsAndWarns)
{
    const auto s = readFixture("npoints-more.jdx");
    ASSERT_EQ(s[0].y.size(), 12u);
    EXPECT_DOUBLE_EQ(s[0].y.back(), 166);
    EXPECT_DOUBLE_EQ(s[0].x[9], 3991);
    EXPECT_DOUBLE_EQ(s[0].x.back(), 3989);
    ASSERT_EQ(s[0].warnings.size(), 1u) << allWarnings(s[0]);
    EXPECT_EQ(s[0].warnings[0], "line 14: the data hold 12 Y values but ##NPOINTS=10; all 12 are kept");
    // Groups (XY..XY) too: nothing is cut at NPOINTS.
    const auto t = readText("##TITLE= t\n##XUNITS= 1/CM\n##YUNITS= ABSORBANCE\n##NPOINTS= 2\n"
                            "##XYPOINTS= (XY..XY)\n1, 5\n2, 6\n3, 7\n##END=\n");
    EXPECT_EQ(t[0].x, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(t[0].y, (std::vector<double>{5, 6, 7}));
    EXPECT_TRUE(warned(t[0], {"line 8:", "3 points but ##NPOINTS=2", "all 3 are kept"})) << allWarnings(t[0]);
}

TEST(JcampReader, RejectsAHeaderClaimingTwoToTheFortyPointsWithoutAllocating)
{
    expectImportError([] { readFixture("npoints-huge.jdx"); }, ImportError::Kind::Malformed,
                      {"npoints-huge.jdx:11", "1099511627776", "beyond"});
}

TEST(JcampReader, RejectsAHugeDupCountWithoutAllocating)
{
    expectImportError([] { readText(xyFile("", "1 A Z99999999999", "2")); }, ImportError::Kind::Malformed, {"DUP count"});
}

TEST(JcampReader, RejectsATruncatedFile)
{
    // Fewer points than NPOINTS and no record after them: cut off, not miscounted.
    expectImportError([] { readFixture("truncated.jdx"); }, ImportError::Kind::Malformed,
                      {"truncated.jdx:13", "the file ends after 4 Y values", "##NPOINTS=12", "truncated?"});
}

TEST(JcampReader, ToleratesAMissingEndWhenTheDataAreComplete)
{
    const auto s = readFixture("no-end-complete.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].y.size(), 12u);
}

TEST(JcampReader, RejectsMissingValuesAndInfinity)
{
    expectImportError([] { readFixture("missing-value.jdx"); }, ImportError::Kind::Malformed,
                      {"missing-value.jdx:12", "missing value"});
    expectImportError([] { readFixture("infinite-value.jdx"); }, ImportError::Kind::Malformed,
                      {"infinite-value.jdx:12", "finite"});
}

TEST(JcampReader, RejectsAYFactorThatOverflowsToInfinity)
{
    std::string text = xyFile("2", "1 5 6", "2");
    text.insert(text.find("##NPOINTS"), "##YFACTOR= 1e308\n");
    expectImportError([&] { readText(text); }, ImportError::Kind::Malformed, {"not a finite number"});
}

TEST(JcampReader, RejectsCharactersThatAreNotAsdf)
{
    expectImportError([] { readFixture("bad-character.jdx"); }, ImportError::Kind::Malformed,
                      {"bad-character.jdx:12", "unexpected character '~'"});
}

TEST(JcampReader, RejectsAFileWithoutSpectralData)
{
    expectImportError([] { readFixture("no-data.jdx"); }, ImportError::Kind::Malformed, {"no-data.jdx:3", "no spectral data"});
}

TEST(JcampReader, RejectsALineXThatJumps)
{
    // Three points per line, but the second line claims to start at X=20 (a lost line).
    expectImportError([] { readText(xyFile("6", "10 1 2 3\n20 4 5 6", "15")); }, ImportError::Kind::Malformed,
                      {"inline.jdx:10", "disagrees"});
}

TEST(JcampReader, DecodesALineWhoseXCheckIsOffByOnePointAndWarns)
{
    const auto s = readFixture("xcheck-off-by-one.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].y, (std::vector<double>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
    EXPECT_DOUBLE_EQ(s[0].x.front(), 1);
    EXPECT_DOUBLE_EQ(s[0].x[5], 6);
    EXPECT_DOUBLE_EQ(s[0].x.back(), 11);
    ASSERT_EQ(s[0].warnings.size(), 1u) << allWarnings(s[0]);
    EXPECT_EQ(s[0].warnings[0], "line 13: the X value written at the start of this line is off by up to 1.0 point "
                                "spacings from the X the header places there; the header's X values are kept");
}

TEST(JcampReader, ReadsALoneLastValueWhereAYCheckStandsAsACheckAndWarns)
{
    // The check (21) disagrees with the line before (20): the eleven points before it are
    // decoded, the lone value is not made a point, and both that and NPOINTS are said.
    const auto s = readFixture("last-line-single-value.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].y, (std::vector<double>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
    EXPECT_DOUBLE_EQ(s[0].x.front(), 1);
    EXPECT_DOUBLE_EQ(s[0].x.back(), 11);
    ASSERT_EQ(s[0].warnings.size(), 2u) << allWarnings(s[0]);
    EXPECT_EQ(s[0].warnings[0], "line 16: the last line holds only Y=21 where the Y check of the line before stands, "
                                "but that line ended at Y=20; read as a check, not as a point");
    EXPECT_EQ(s[0].warnings[1], "line 16: the data hold 11 Y values but ##NPOINTS=12; all 11 are kept");
    // With NPOINTS complete without it, only the check is said.
    const auto t = readText(xyFile("11", "10 A0JJJ\n13 A3JJJ\n16 A6JJJ\n19 A9J\n20 B1", "20"));
    EXPECT_EQ(t[0].y.size(), 11u);
    EXPECT_DOUBLE_EQ(t[0].x.back(), 20);
    ASSERT_EQ(t[0].warnings.size(), 1u) << allWarnings(t[0]);
    EXPECT_TRUE(warned(t[0], {"line 13:", "holds only Y=21", "read as a check, not as a point"})) << allWarnings(t[0]);
}

TEST(JcampReader, ReadsALastLineRepeatingTheLastValueOfPacDataAsACheckAndWarns)
{
    const auto s = readText(xyFile("3", "10 10 11 12\n12 12", "12"));
    EXPECT_EQ(s[0].y, (std::vector<double>{10, 11, 12}));
    ASSERT_EQ(s[0].warnings.size(), 1u) << allWarnings(s[0]);
    EXPECT_TRUE(warned(s[0], {"line 10:", "holds only Y=12", "read as a Y check"})) << allWarnings(s[0]);
}

TEST(JcampReader, StillRefusesALoneValueWhoseYCheckFailsBeforeTheLastLine)
{
    expectImportError([] { readText(xyFile("8", "10 A0JJJ\n13 B1\n14 A4JJ", "17")); }, ImportError::Kind::Malformed,
                      {"inline.jdx:10", "Y-check failed", "Y=21", "Y=13"});
}

TEST(JcampReader, ReadsHeaderNumbersWithASpaceAfterTheDecimalPointAndWarns)
{
    const auto s = readFixture("header-space-after-point.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].x, (std::vector<double>{1000, 1001, 1002, 1003}));
    EXPECT_EQ(s[0].y, (std::vector<double>{4.491087, 1, 2, 3}));
    ASSERT_EQ(s[0].warnings.size(), 3u) << allWarnings(s[0]);
    EXPECT_TRUE(warned(s[0], {"line 10: ##FIRSTY= \"0. 4491087E+01\" has a space after its decimal point; read as 4.491087"}))
        << allWarnings(s[0]);
    EXPECT_TRUE(warned(s[0], {"line 7: ##YFACTOR= \"0. 5\"", "read as 0.5"})) << allWarnings(s[0]);
    EXPECT_TRUE(warned(s[0], {"line 6: ##XFACTOR= \"1. 0\"", "read as 1"})) << allWarnings(s[0]);
    // Only that one gap: two numbers in a row are still no number.
    std::string text = xyFile("2", "1 5 6", "2");
    text.insert(text.find("##NPOINTS"), "##YFACTOR= 1 5\n");
    expectImportError([&] { readText(text); }, ImportError::Kind::Malformed,
                      {"inline.jdx:7", "##YFACTOR= expects a finite number", "\"1 5\""});
}

TEST(JcampReader, ReadsPeakTablesWhoseTuplesHoldTextInAngleBrackets)
{
    const auto s = readFixture("peaktable-xya.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].x, (std::vector<double>{1.26, 2.5, 7.25}));
    EXPECT_EQ(s[0].y, (std::vector<double>{0.8, 0.3, 1}));
    EXPECT_TRUE(s[0].warnings.empty()) << allWarnings(s[0]);
}

TEST(JcampReader, ReadsPeakAssignmentsWithAnOmittedMultiplicityAndTextOverTwoLines)
{
    const auto s = readFixture("peakassignments-xyma.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].x, (std::vector<double>{1.26, 3.1, 4.2}));
    EXPECT_EQ(s[0].y, (std::vector<double>{0.8, 0.4, 0.1}));
    EXPECT_EQ(s[0].technique, "nmr");
    EXPECT_TRUE(s[0].warnings.empty()) << allWarnings(s[0]);
}

TEST(JcampReader, AnEmptyGcmsScanIsAScanNotABrokenFile)
{
    const auto s = readFixture("gcms-empty-scan.jdx");
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].x, (std::vector<double>{41, 58}));
    EXPECT_TRUE(s[1].x.empty());
    EXPECT_TRUE(s[1].y.empty());
    EXPECT_EQ(s[1].technique, "mass");
    EXPECT_EQ(*meta(s[1], "RETENTION_TIME"), "60.5");
    ASSERT_EQ(s[1].warnings.size(), 1u) << allWarnings(s[1]);
    EXPECT_EQ(s[1].warnings[0], "line 15: the data record holds no points (##NPOINTS=0); kept as an empty spectrum");
    EXPECT_EQ(s[2].y, (std::vector<double>{102, 302}));
    EXPECT_TRUE(s[0].warnings.empty());
    EXPECT_TRUE(s[2].warnings.empty());
}

TEST(JcampReader, RefusesFactorsOfZeroNamingTheirLine)
{
    for (const char *label : {"YFACTOR", "XFACTOR"}) {
        SCOPED_TRACE(label);
        std::string text = xyFile("2", "1 5 6", "2");
        text.insert(text.find("##NPOINTS"), "##" + std::string(label) + "= 0\n");
        expectImportError([&] { readText(text); }, ImportError::Kind::Malformed,
                          {"inline.jdx:7", "##" + std::string(label) + "= 0", "would be zero"});
    }
}

TEST(JcampReader, RefusesPointsThatCannotBeSpacedNamingTheLine)
{
    // FIRSTX == LASTX with two points: every X would be the same.
    expectImportError([] { readText(xyFile("2", "10 5 6", "10")); }, ImportError::Kind::Malformed,
                      {"inline.jdx:6", "##FIRSTX= and ##LASTX= are both 10", "2 points"});
    const std::string noLast = "##TITLE= t\n##XUNITS= 1/CM\n##YUNITS= ABSORBANCE\n##FIRSTX= 10\n##DELTAX= 0\n"
                               "##NPOINTS= 2\n##XYDATA=(X++(Y..Y))\n10 5 6\n##END=\n";
    expectImportError([&] { readText(noLast); }, ImportError::Kind::Malformed, {"inline.jdx:5", "##DELTAX=0"});
}

TEST(JcampReader, RefusesNanAndOverflowingValuesNamingTheLine)
{
    expectImportError([] { readText(xyFile("3", "10 5 NaN 6", "12")); }, ImportError::Kind::Malformed,
                      {"inline.jdx:9", "\"NaN\"", "not a number"});
    expectImportError([] { readText(xyFile("3", "10 5 6 1E+999", "12")); }, ImportError::Kind::Malformed,
                      {"inline.jdx:9", "not a valid finite number"});
    expectImportError([] { readText(xyFile("3", "10 5 6 -inf", "12")); }, ImportError::Kind::Malformed,
                      {"inline.jdx:9", "\"-inf\""});
    const std::string points = "##TITLE= t\n##XUNITS= 1/CM\n##YUNITS= ABSORBANCE\n##YFACTOR= 1e300\n"
                               "##XYPOINTS= (XY..XY)\n1, 5\n2, nan\n##END=\n";
    expectImportError([&] { readText(points); }, ImportError::Kind::Malformed, {"inline.jdx:7", "\"nan\""});
    std::string big = points;
    big.replace(big.find("2, nan"), 6, "2, 1E+10");
    expectImportError([&] { readText(big); }, ImportError::Kind::Malformed,
                      {"inline.jdx:7", "times ##YFACTOR= is not a finite number"});
    std::string header = xyFile("2", "10 5 6", "11");
    header.replace(header.find("##FIRSTX= 10"), 12, "##FIRSTX= NaN");
    expectImportError([&] { readText(header); }, ImportError::Kind::Malformed,
                      {"inline.jdx:5", "##FIRSTX= expects a finite number", "\"NaN\""});
}

TEST(JcampReader, ReturnsEveryBlockOfALinkFile)
{
    const auto s = readFixture("link-two-blocks.jdx");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].title, "child");
    EXPECT_EQ(s[1].title, "second child");
}

TEST(JcampReader, RejectsALinkFileWithFewerBlocksThanAnnounced)
{
    expectImportError([] { readFixture("link-missing-block.jdx"); }, ImportError::Kind::Malformed,
                      {"link-missing-block.jdx:35", "##BLOCKS=3", "only 2"});
}

TEST(JcampReader, ReturnsEachPageOfAGcmsExportWithItsRetentionTime)
{
    const auto s = readFixture("gcms-pages.jdx");
    ASSERT_EQ(s.size(), 3u);
    for (int k = 0; k < 3; ++k) {
        EXPECT_EQ(s[k].technique, "mass");
        EXPECT_EQ(s[k].xUnits, "m/z");
        EXPECT_EQ(s[k].x, (std::vector<double>{41.0, 43.1, 58.0}));
        EXPECT_EQ(s[k].y, (std::vector<double>{100.0 + k, 200.0 + k, 300.0 + k}));
        ASSERT_NE(meta(s[k], "RETENTION_TIME"), nullptr);
        EXPECT_DOUBLE_EQ(std::stod(*meta(s[k], "RETENTION_TIME")), 60 + k * 0.5);
    }
}

TEST(JcampReader, ReadsPeakTablesWithMultiplicities)
{
    const auto s = readFixture("peaktable-xym.jdx");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].x, (std::vector<double>{1700.5, 1600, 1200.25}));
    EXPECT_EQ(s[0].y, (std::vector<double>{0.9, 0.5, 0.125}));
}

TEST(JcampReader, ReadsNtuplesPagesWithColumnFactorsAndUnits)
{
    const auto s = readText("##TITLE= nmr\n##JCAMP-DX= 5.00\n##DATA TYPE= NMR SPECTRUM\n##NTUPLES= NMR SPECTRUM\n"
                            "##VAR_NAME= FREQUENCY, SPECTRUM/REAL, SPECTRUM/IMAG, PAGE NUMBER\n"
                            "##SYMBOL= X, R, I, N\n##VAR_DIM= 4, 4, 4, 2\n##UNITS= HZ, ARBITRARY UNITS, , \n"
                            "##FIRST= 100, 1, 2, 1\n##LAST= 130, 4, 5, 2\n##FACTOR= 10, 0.5, 2, 1\n"
                            "##PAGE= N=1\n##DATA TABLE= (X++(R..R)), XYDATA $$ real\n10 2 4 6 8\n"
                            "##PAGE= N=2\n##DATA TABLE= (X++(I..I)), XYDATA\n10 1JJJ\n##END NTUPLES= NMR SPECTRUM\n##END=\n");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].x, (std::vector<double>{100, 110, 120, 130}));
    EXPECT_EQ(s[0].y, (std::vector<double>{1, 2, 3, 4}));
    EXPECT_EQ(s[1].y, (std::vector<double>{2, 4, 6, 8}));
    EXPECT_EQ(s[0].xUnits, "hz");
    EXPECT_EQ(s[0].technique, "nmr");
    EXPECT_EQ(*meta(s[1], "PAGE"), "N=2");
}

TEST(JcampReader, SniffsRecordsButNotBinaries)
{
    JcampReader r;
    EXPECT_TRUE(r.sniff(bytesOf("\n\n##TITLE= x")));
    EXPECT_TRUE(r.sniff(bytesOf("$$ comment\n##TITLE= x")));
    EXPECT_FALSE(r.sniff(bytesOf("\x0a\x0a\xfe\xfe")));
    EXPECT_FALSE(r.sniff(bytesOf("x,y\n1,2\n")));
}

// ----- conformance over the shared real files ------------------------------------

TEST(JcampConformance, TheFourCompressionVariantsDecodeToIdenticalPoints)
{
    const auto dir = kShared / "jcamp/cheminfo/compression";
    CANDOR_REQUIRE_SHARED(dir);
    std::vector<Spectrum> decoded;
    for (const char *name : {"jcamp-fix.dx", "jcamp-packed.dx", "jcamp-squeezed.dx", "jcamp-difdup.dx"}) {
        const auto s = JcampReader().read(readAll(dir / name), name);
        ASSERT_EQ(s.size(), 1u) << name;
        decoded.push_back(s[0]);
    }
    ASSERT_EQ(decoded[0].y.size(), 16384u);
    for (std::size_t k = 1; k < decoded.size(); ++k) {
        EXPECT_EQ(decoded[k].x, decoded[0].x) << k;
        EXPECT_EQ(decoded[k].y, decoded[0].y) << k;
    }
    EXPECT_DOUBLE_EQ(decoded[0].y.front(), -10247);
    EXPECT_DOUBLE_EQ(decoded[0].y.back(), 14967);
}

TEST(JcampConformance, TheSmallCompressionVariantsAgreeOnEveryPointTheyShare)
{
    const auto dir = kShared / "jcamp/cheminfo/compression-small";
    CANDOR_REQUIRE_SHARED(dir);
    // Each small file is a two-line excerpt, so they hold different numbers of points.
    std::vector<Spectrum> decoded;
    for (const char *name : {"jcamp-fix.dx", "jcamp-packed.dx", "jcamp-squeezed.dx", "jcamp-difdup.dx"})
        decoded.push_back(JcampReader().read(readAll(dir / name), name).at(0));
    for (std::size_t k = 1; k < decoded.size(); ++k) {
        const std::size_t n = std::min(decoded[0].y.size(), decoded[k].y.size());
        ASSERT_GE(n, 8u);
        for (std::size_t i = 0; i < n; ++i) {
            EXPECT_EQ(decoded[k].y[i], decoded[0].y[i]) << k << " point " << i;
            EXPECT_DOUBLE_EQ(decoded[k].x[i], decoded[0].x[i]) << k << " point " << i;
        }
    }
    EXPECT_EQ(decoded[0].y, (std::vector<double>{-10247, 1201, -5196, 7245, -5777, 5015, -8583, -3100}));
}

TEST(JcampConformance, EveryValidSharedFileDecodes)
{
    CANDOR_REQUIRE_SHARED(kShared / "jcamp");
    struct Expect {
        const char *path;
        std::size_t spectra;
        std::size_t firstPoints;
    };
    const Expect expected[] = {
        {"CompoundFile.jdx", 9, 2},
        {"cheminfo/ethylvinylether/1h.jdx", 2, 16384},
        {"cheminfo/jeol.dx", 1, 16384},
        {"cheminfo/mestrec/jcamp-256.jdx", 2, 256},
        {"cheminfo/mestrec/jcamp-difdup.jdx", 1, 16384},
        {"cheminfo/misc/ISAS_MS1.DX", 1, 26},
        {"cheminfo/misc/ISAS_MS3.DX", 3, 18},
        {"cheminfo/misc/chrom.jdx", 1, 10530},
        {"cheminfo/misc/gcms.jdx", 2420, 78},
        {"cheminfo/misc/ib_01_01.jdx", 1, 2153},
        {"cheminfo/misc/iv.jdx", 1, 302},
        {"cheminfo/misc/mass_ACD.jdx", 1, 180},
        {"cheminfo/misc/multivariable.jdx", 1, 6},
        {"cheminfo/misc/pa_01_01.jdx", 1, 5288},
        {"cheminfo/misc/uv.jdx", 2, 911},
        {"cheminfo/misc/uv_ACD.jdx", 1, 881},
        {"cheminfo/structure/assigned.jdx", 3, 2},
        {"cheminfo/structure/noend.jdx", 1, 2},
        {"cheminfo/structure/normal.jdx", 1, 2},
        {"cheminfo/structure/ntuples.jdx", 4, 3},
        {"cheminfo/structure/reim.jdx", 2, 3},
        {"cheminfo/structure/tree.jdx", 3, 2},
        {"cheminfo/structure/two.jdx", 2, 2},
        {"cheminfo/tree-uv.jdx", 2, 911},
    };
    for (const auto &e : expected) {
        SCOPED_TRACE(e.path);
        std::vector<Spectrum> s;
        ASSERT_NO_THROW(s = JcampReader().read(readAll(kShared / "jcamp" / e.path), e.path));
        ASSERT_EQ(s.size(), e.spectra);
        EXPECT_EQ(s[0].x.size(), e.firstPoints);
        for (const auto &sp : s) {
            ASSERT_EQ(sp.x.size(), sp.y.size());
            for (double v : sp.y)
                ASSERT_TRUE(std::isfinite(v));
        }
    }
}

TEST(JcampConformance, NmrPagesUseFirstLastAndFactorsFromTheNtuplesColumns)
{
    CANDOR_REQUIRE_SHARED(kShared / "jcamp");
    const auto s = JcampReader().read(readAll(kShared / "jcamp/cheminfo/ethylvinylether/1h.jdx"), "1h.jdx");
    ASSERT_EQ(s.size(), 2u);
    // ##FIRST= 4807.69..., -119886, -189464 and ##LAST= 0, -109159, -213748
    EXPECT_DOUBLE_EQ(s[0].x.front(), 4807.69230769231);
    EXPECT_DOUBLE_EQ(s[0].x.back(), 0);
    EXPECT_DOUBLE_EQ(s[0].y.front(), -119886);
    EXPECT_DOUBLE_EQ(s[0].y.back(), -109159);
    EXPECT_DOUBLE_EQ(s[1].y.front(), -189464);
    EXPECT_DOUBLE_EQ(s[1].y.back(), -213748);
    EXPECT_EQ(s[0].xUnits, "hz");
}

TEST(JcampConformance, GcmsScansKeepTheirOwnRetentionTimeAndPointCount)
{
    CANDOR_REQUIRE_SHARED(kShared / "jcamp");
    const auto s = JcampReader().read(readAll(kShared / "jcamp/cheminfo/misc/gcms.jdx"), "gcms.jdx");
    ASSERT_EQ(s.size(), 2420u);
    EXPECT_EQ(s[1].x.size(), 80u);
    EXPECT_EQ(s[2].x.size(), 84u);
    ASSERT_NE(meta(s[1], "RETENTION_TIME"), nullptr);
    EXPECT_EQ(*meta(s[1], "RETENTION_TIME"), "125.9");
    EXPECT_EQ(s.back().x.back(), 31.1);
    EXPECT_EQ(s.back().y.back(), 282);
}

TEST(JcampConformance, FilesWhoseDataContradictTheirHeaderKeepEveryPointWithAWarning)
{
    CANDOR_REQUIRE_SHARED(kShared / "jcamp");
    // These cheminfo files state ##NPOINTS=302 but hold only 43 points (excerpts made
    // for metadata tests). jcampconverter 10.0.1 reads the 43 at the header's spacing
    // (0.905, 0.9, ... 0.695) from their (XY..XY) pairs; so does Candor, and says so.
    for (const char *name : {"camelLabels.jdx", "cheminfo-meta.jdx", "dynamicTyping.jdx", "sameLabel.jdx"}) {
        SCOPED_TRACE(name);
        const auto s = JcampReader().read(readAll(kShared / "jcamp/cheminfo/misc" / name), name);
        ASSERT_EQ(s.size(), 1u);
        ASSERT_EQ(s[0].x.size(), 43u);
        EXPECT_DOUBLE_EQ(s[0].x.front(), 0.905);
        EXPECT_NEAR(s[0].x.back(), 0.695, 1e-12);
        ASSERT_EQ(s[0].warnings.size(), 1u);
        EXPECT_NE(s[0].warnings[0].find("the data hold 43 points but ##NPOINTS=302; all 43 are kept"), std::string::npos)
            << s[0].warnings[0];
    }
    for (const char *name : {"simple.jdx", "verySimple.jdx"}) {
        SCOPED_TRACE(name);
        expectImportError([&] { JcampReader().read(readAll(kShared / "jcamp/cheminfo/mestrec" / name), name); },
                          ImportError::Kind::Malformed, {name, "no spectral data"});
    }
}

TEST(JcampConformance, MestrenovaLinesNumberedAcrossZeroAreDecodedWithAWarning)
{
    CANDOR_REQUIRE_SHARED(kShared / "jcamp");
    // MestReNova truncates each line's X towards zero, so the lines after X crosses zero
    // sit one point off; the points themselves are sound (jcampconverter reads 256 too).
    const auto s = JcampReader().read(readAll(kShared / "jcamp/cheminfo/mestrec/jcamp-256.jdx"), "jcamp-256.jdx");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].x.size(), 256u);
    ASSERT_EQ(s[0].warnings.size(), 1u);
    EXPECT_NE(s[0].warnings[0].find("line 45: the X value written at the start of this line and 1 more is off by up to 1.0"),
              std::string::npos)
        << s[0].warnings[0];
}
