#include "importers/msrun.h"

#include "testutil.h"

using namespace candor::importers;
using namespace candor::importers::testing;

namespace {

MsRun runOf(const std::filesystem::path &path)
{
    const auto bytes = readAll(path);
    return toMsRun(ReaderRegistry::instance().readBytes(bytes, path.filename().string()), path.filename().string());
}

} // namespace

TEST(MsRun, TakesChemStationTimesInMinutesAsTheyAre)
{
    const auto run = runOf(kFixtures / "chemstation/lc-two-scans.ms");
    EXPECT_EQ(run.format, "chemstation-ms");
    ASSERT_EQ(run.scans.size(), 2u);
    EXPECT_EQ(run.scans[0].minutes, 1.0);
    EXPECT_EQ(run.scans[1].minutes, 1.025);
    EXPECT_EQ(run.scans[0].mz, (std::vector<double>{58.6, 43.05, 41.0}));
}

TEST(MsRun, ConvertsAndiScanTimesFromSeconds)
{
    const auto run = runOf(kFixtures / "andi/ms-run.cdf");
    ASSERT_EQ(run.scans.size(), 2u);
    EXPECT_DOUBLE_EQ(run.scans[0].minutes, 1.0);   // 60 s
    EXPECT_DOUBLE_EQ(run.scans[1].minutes, 1.025); // 61.5 s
    EXPECT_EQ(run.scans[1].mz, (std::vector<double>{44, 58}));
}

TEST(MsRun, ReadsJcampRetentionTimesFromRecordsAndFromNtuplesPages)
{
    CANDOR_REQUIRE_SHARED(kShared / "jcamp");
    // ##RETENTION_TIME= 125.207 (seconds, as JCAMP-DX MS specifies) on the first page.
    const auto gcms = runOf(kShared / "jcamp/cheminfo/misc/gcms.jdx");
    ASSERT_EQ(gcms.scans.size(), 2420u);
    EXPECT_DOUBLE_EQ(gcms.scans[0].minutes, 125.207 / 60);
    // ##PAGE= T= 272 with ##UNITS= M/Z, RELATIVE ABUNDANCE, SECONDS for ##SYMBOL= X, Y, T.
    const auto isas = runOf(kShared / "jcamp/cheminfo/misc/ISAS_MS3.DX");
    ASSERT_EQ(isas.scans.size(), 3u);
    EXPECT_DOUBLE_EQ(isas.scans[0].minutes, 272.0 / 60);
    EXPECT_DOUBLE_EQ(isas.scans[2].minutes, 333.0 / 60);
    EXPECT_EQ(isas.scans[0].mz.size(), 18u);
}

TEST(MsRun, RefusesAFileWithoutMassScans)
{
    const std::string ir = "##TITLE= t\n##JCAMP-DX= 4.24\n##DATA TYPE= INFRARED SPECTRUM\n##XUNITS= 1/CM\n"
                           "##YUNITS= ABSORBANCE\n##XYPOINTS= (XY..XY)\n1000, 1\n1001, 2\n##END=\n";
    expectImportError([&] { toMsRun(ReaderRegistry::instance().readBytes(bytesOf(ir), "ir.jdx"), "ir.jdx"); },
                      ImportError::Kind::Malformed, {"ir.jdx", "holds no mass spectrum scans"});
}

TEST(MsRun, RefusesAScanWithoutARetentionTimeNamingIt)
{
    const std::string ms = "##TITLE= t\n##JCAMP-DX= 5.01\n##DATA TYPE= MASS SPECTRUM\n##XUNITS= M/Z\n"
                           "##YUNITS= RELATIVE ABUNDANCE\n##PEAK TABLE= (XY..XY)\n41, 100\n43, 20\n##END=\n";
    expectImportError([&] { toMsRun(ReaderRegistry::instance().readBytes(bytesOf(ms), "ms.jdx"), "ms.jdx"); },
                      ImportError::Kind::Malformed, {"ms.jdx", "spectrum 1 (scan 1) has no retention time"});
}
