#include "importers/chemstationmsreader.h"

#include "testutil.h"

#include <cmath>
#include <map>
#include <sstream>

#include <unistd.h>

using namespace candor::importers;
using namespace candor::importers::testing;

namespace {

const std::filesystem::path kDir = kFixtures / "chemstation";

std::vector<Spectrum> readFixture(const std::string &name)
{
    return ChemStationMsReader().read(readAll(kDir / name), name);
}

const std::string *meta(const Spectrum &s, std::string_view label)
{
    for (const auto &[k, v] : s.metadata)
        if (k == label)
            return &v;
    return nullptr;
}

} // namespace

TEST(ChemStationMsReader, ReturnsTheTicThenEveryScanWithItsTimeInMinutes)
{
    const auto s = readFixture("lc-two-scans.ms");
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].technique, "chromatogram");
    EXPECT_EQ(s[0].xUnits, "minutes");
    EXPECT_EQ(s[0].x, (std::vector<double>{1.0, 1.025})); // 60000 and 61500 ms
    EXPECT_EQ(s[0].y, (std::vector<double>{16487, 0}));
    EXPECT_EQ(s[0].title, "fixture sample (TIC)");
    EXPECT_EQ(s[1].technique, "mass");
    EXPECT_EQ(s[1].xUnits, "m/z");
    // m/z × 20 as stored (1172, 861, 820); 16384 is packed as 2048 × 8^1.
    EXPECT_EQ(s[1].x, (std::vector<double>{58.6, 43.05, 41.0}));
    EXPECT_EQ(s[1].y, (std::vector<double>{3, 16384, 100}));
    EXPECT_EQ(*meta(s[1], "retention_time_minutes"), "1");
    EXPECT_TRUE(s[2].x.empty());
    EXPECT_EQ(*meta(s[2], "scan"), "2");
    EXPECT_EQ(*meta(s[0], "method"), "FIXTURE.M");
}

TEST(ChemStationMsReader, ReadsTheGcVariantWhoseScanCountIsLittleEndianElsewhere)
{
    const auto s = readFixture("gc-two-scans.ms");
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[1].y, (std::vector<double>{3, 16384, 100}));
    EXPECT_EQ(*meta(s[0], "file type"), "GC / MS Data File");
}

TEST(ChemStationMsReader, RejectsForeignAndDamagedFilesNamingTheByte)
{
    expectImportError([] { readFixture("wrong-magic.ms"); }, ImportError::Kind::Malformed,
                      {"wrong-magic.ms (byte 0)", "not an Agilent ChemStation MS file"});
    expectImportError([] { readFixture("truncated-header.ms"); }, ImportError::Kind::Malformed,
                      {"truncated-header.ms (byte 0)", "the file header", "the file has 256 bytes"});
    expectImportError([] { readFixture("truncated.ms"); }, ImportError::Kind::Malformed,
                      {"truncated.ms (byte 794)", "scan 2 of 2", "needs 28 bytes", "truncated?"});
    expectImportError([] { readFixture("start-past-end.ms"); }, ImportError::Kind::Malformed,
                      {"start-past-end.ms (byte 266)", "the data start (word 65535, byte 131068) lies past the end"});
    expectImportError([] { readFixture("count-past-end.ms"); }, ImportError::Kind::Malformed,
                      {"count-past-end.ms (byte 278)", "the scan count 1000 cannot fit in the 68 bytes"});
    expectImportError([] { readFixture("length-disagrees.ms"); }, ImportError::Kind::Malformed,
                      {"length-disagrees.ms (byte 754)", "scan 1 of 2 says it is 198 bytes long", "make it 40"});
    expectImportError([] { readFixture("no-scans.ms"); }, ImportError::Kind::Malformed,
                      {"no-scans.ms (byte 278)", "holds no scans"});
}

TEST(ChemStationMsReader, SniffsOnlyItsMagicBytes)
{
    const ChemStationMsReader r;
    EXPECT_TRUE(r.sniff(readAll(kDir / "lc-two-scans.ms")));
    EXPECT_FALSE(r.sniff(readAll(kDir / "wrong-magic.ms")));
    EXPECT_FALSE(r.sniff(bytesOf("CDF\x01")));
}

TEST(ChemStationMsConformance, OrangeRunDecodesToRainbowsMatrixValueForValue)
{
    CANDOR_REQUIRE_SHARED(kShared / "chemstation");
    const auto s = ChemStationMsReader().read(readAll(kShared / "chemstation/orange-MSD1.MS"), "orange-MSD1.MS");
    std::ifstream csv(kShared / "chemstation/orange-MSD1.expected.csv");
    std::string line;
    ASSERT_TRUE(std::getline(csv, line));
    // The header: "RT (min)" then the binned m/z of each column.
    std::vector<double> masses;
    {
        std::stringstream ss(line);
        std::string cell;
        std::getline(ss, cell, ',');
        while (std::getline(ss, cell, ','))
            masses.push_back(std::stod(cell));
    }
    ASSERT_EQ(masses.size(), 851u);
    ASSERT_EQ(s.size(), 470u); // the TIC and 469 scans
    std::size_t row = 0;
    std::size_t compared = 0;
    while (std::getline(csv, line)) {
        ASSERT_LT(row + 1, s.size());
        const Spectrum &scan = s[row + 1];
        std::stringstream ss(line);
        std::string cell;
        std::getline(ss, cell, ',');
        // rainbow prints Python's shortest round-trip repr: strtod gives back the same double.
        EXPECT_EQ(s[0].x[row], std::stod(cell)) << "row " << row;
        // rainbow bins m/z to the nearest integer, ties to even (NumPy's round), and adds
        // up abundances that land in the same bin; nearbyint rounds ties to even too.
        std::map<double, double> binned;
        for (std::size_t i = 0; i < scan.x.size(); ++i)
            binned[std::nearbyint(scan.x[i])] += scan.y[i];
        double tic = 0;
        for (std::size_t col = 0; col < masses.size(); ++col) {
            ASSERT_TRUE(std::getline(ss, cell, ','));
            const auto it = binned.find(masses[col]);
            const double got = it == binned.end() ? 0.0 : it->second;
            EXPECT_EQ(got, std::stod(cell)) << "row " << row << " m/z " << masses[col];
            tic += got;
            ++compared;
        }
        for (const auto &[mz, v] : binned)
            EXPECT_NE(std::find(masses.begin(), masses.end(), mz), masses.end()) << "m/z " << mz << " not in the matrix";
        EXPECT_EQ(s[0].y[row], tic) << "row " << row;
        ++row;
    }
    EXPECT_EQ(row, 469u);
    EXPECT_EQ(compared, 469u * 851u);
}

namespace {

// A scratch folder removed at the end of the test.
struct ScratchFolder {
    std::filesystem::path path;
    explicit ScratchFolder(const std::string &name)
        : path(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid())))
    {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~ScratchFolder() { std::filesystem::remove_all(path); }
};

} // namespace

TEST(AgilentDataFolder, StandsForItsDataMsAndReadsLikeTheFile)
{
    const ScratchFolder scratch("candor-dotd");
    const auto run = scratch.path / "RUN01.D";
    std::filesystem::create_directories(run);
    std::filesystem::copy_file(kDir / "gc-two-scans.ms", run / "DATA.MS");
    std::ofstream(run / "acqmeth.txt") << "Oven 100 C\n";
    std::ofstream(run / "other.ms") << "not the run\n";
    EXPECT_EQ(agilentDataFile(run), run / "DATA.MS");
    EXPECT_TRUE(isAgilentDataFolder(run));
    const auto result = ReaderRegistry::instance().readFile(run);
    EXPECT_EQ(result.format, "chemstation-ms");
    EXPECT_EQ(result.spectra.size(), 3u);
    // Any other path is itself.
    EXPECT_EQ(agilentDataFile(kDir / "gc-two-scans.ms"), kDir / "gc-two-scans.ms");
    EXPECT_FALSE(isAgilentDataFolder(scratch.path));
}

TEST(AgilentDataFolder, RefusesAFolderWithoutOneClearMsFile)
{
    const ScratchFolder scratch("candor-dotd-bad");
    const auto empty = scratch.path / "EMPTY.d";
    std::filesystem::create_directories(empty);
    expectImportError([&] { agilentDataFile(empty); }, ImportError::Kind::CannotOpen,
                      {"EMPTY.d", "is an Agilent .D folder without an MS data file"});
    const auto two = scratch.path / "LC.D";
    std::filesystem::create_directories(two);
    std::ofstream(two / "MSD2.MS") << "x";
    std::ofstream(two / "MSD1.MS") << "x";
    expectImportError([&] { agilentDataFile(two); }, ImportError::Kind::CannotOpen,
                      {"LC.D", "several MS data files (MSD1.MS, MSD2.MS) and no data.ms"});
    std::filesystem::remove(two / "MSD2.MS");
    EXPECT_EQ(agilentDataFile(two), two / "MSD1.MS");
}
