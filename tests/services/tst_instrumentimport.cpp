// Importing an instrument file the way both front ends do: what the reader read
// leniently reaches the import report, stays with the stored file and is written into
// the sample's history.

#include "core/fixture.h"

#include "core/instrumentfiles.h"
#include "core/readings.h"
#include "core/samples.h"
#include "services/instrumentimport.h"

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
