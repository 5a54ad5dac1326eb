// Importing an instrument file the way both front ends do: what the reader read
// leniently reaches the import report, stays with the stored file and is written into
// the sample's history.

#include "core/fixture.h"

#include "core/instrumentfiles.h"
#include "core/readings.h"
#include "core/samples.h"
#include "services/instrumentimport.h"

#include <fstream>
#include <iterator>

#include <unistd.h>

using namespace candor;
using candor::testing::CoreFixture;
namespace fs = std::filesystem;

namespace {

const fs::path kJcamp = "tests/data/importers/jcamp";

class InstrumentImport : public CoreFixture {
protected:
    std::string newSample() { return core::SampleStore(*db, *catalogue).add(powder("down"), tech).id; }
};

} // namespace

TEST_F(InstrumentImport, TheReadersWarningReachesTheReportTheStoredFileAndTheHistory)
{
    const std::string sample = newSample();
    const auto outcome = services::importInstrumentFile(*db, sample, kJcamp / "npoints-disagrees.jdx", tech);
    const std::string warning = "line 14: the data hold 12 Y values but ##NPOINTS=14; all 12 are kept";
    EXPECT_EQ(outcome.status, services::ImportOutcome::Status::Imported);
    EXPECT_NE(outcome.message.find("(jcamp-dx, 1 spectrum, 12 points)"), std::string::npos) << outcome.message;
    EXPECT_NE(outcome.message.find(", with 1 warning"), std::string::npos) << outcome.message;
    EXPECT_EQ(outcome.warnings, std::vector<std::string>{warning});

    const auto files = core::InstrumentFileStore(*db).files(sample);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].warnings, std::vector<std::string>{warning});

    const auto events = core::ReadingStore(*db, *catalogue).history(sample);
    bool found = false;
    for (const auto &e : events)
        found = found || e.what == "Instrument file npoints-disagrees.jdx imported (jcamp-dx, 1 spectrum); 1 warning: " + warning;
    EXPECT_TRUE(found);
}

TEST_F(InstrumentImport, WarningsOfAMultiScanFileSayWhichScan)
{
    const std::string sample = newSample();
    const auto outcome = services::importInstrumentFile(*db, sample, kJcamp / "gcms-empty-scan.jdx", tech);
    ASSERT_EQ(outcome.file.spectrumCount, 3);
    EXPECT_EQ(outcome.warnings, std::vector<std::string>{"spectrum 2 (GC-MS run with an empty scan): line 15: the data "
                                                         "record holds no points (##NPOINTS=0); kept as an empty spectrum"});
    const auto spectra = core::InstrumentFileStore(*db).spectra(sample);
    ASSERT_EQ(spectra.size(), 3u);
    EXPECT_EQ(spectra[1].npoints, 0);
}

TEST_F(InstrumentImport, AFileReadWithoutDoubtsHasNoWarnings)
{
    const std::string sample = newSample();
    const auto outcome = services::importInstrumentFile(*db, sample, kJcamp / "affn-transmittance.jdx", tech);
    EXPECT_TRUE(outcome.warnings.empty());
    EXPECT_EQ(outcome.message.find("warning"), std::string::npos) << outcome.message;
}

TEST_F(InstrumentImport, AnAgilentDotDFolderIsStoredAsItsDataMsByteForByte)
{
    const fs::path folder = fs::temp_directory_path() / ("candor-import-" + std::to_string(::getpid())) / "RUN07.D";
    fs::remove_all(folder.parent_path());
    fs::create_directories(folder);
    const fs::path original = "tests/data/importers/chemstation/gc-two-scans.ms";
    fs::copy_file(original, folder / "data.ms");
    std::ofstream(folder / "acqmeth.txt") << "Oven 100 C\n";
    // Dropped with other paths, the folder is one run, not its files one by one.
    const auto paths = services::expandImportPaths({folder});
    EXPECT_EQ(paths.files, std::vector<fs::path>{folder});
    EXPECT_TRUE(paths.skipped.empty());

    const std::string sample = newSample();
    const auto outcome = services::importInstrumentFile(*db, sample, folder, tech);
    EXPECT_EQ(outcome.file.format, "chemstation-ms");
    EXPECT_EQ(outcome.file.fileName, "data.ms");
    EXPECT_EQ(outcome.file.spectrumCount, 3);
    // The SHA-256 of the file itself (sha256sum gc-two-scans.ms), and its very bytes.
    EXPECT_EQ(outcome.file.sha256, "9c14b0f4ed24af3dce7d26ee5e997e3e466c49645eee5d9f2d461dd01c10bcd3");
    std::ifstream in(original, std::ios::binary);
    const std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto stored = core::InstrumentFileStore(*db).content(outcome.file.id);
    EXPECT_EQ(std::string(reinterpret_cast<const char *>(stored.data()), stored.size()), expected);
    fs::remove_all(folder.parent_path());
}
