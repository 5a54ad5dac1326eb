#include "gcms/matchfactor.h"
#include "gcms/peaks.h"
#include "syntheticrun.h"

#include "importers/chemstationmsreader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace candor::gcms;
using namespace candor::gcms::testing;
using candor::importers::MsRun;

namespace {

// The peak whose apex lies within half a scan of the compound's, or nullptr.
const GcmsPeak *peakAt(const RunAnalysis &a, const Compound &c, const RunSpec &spec)
{
    return peakNear(a, spec.startMinutes + c.apexScan * spec.scanMinutes, spec.scanMinutes / 2);
}

} // namespace

TEST(PeakFinding, FindsIsolatedPeaksAtTheirTimesWithTheirSpectraAndAreas)
{
    const RunSpec spec;
    const std::vector<Compound> compounds{{kCocaineLike, 150, 20000}, {kCaffeineLike, 300.4, 8000}, {kLidocaineLike, 450, 30000}};
    const auto a = analyseRun(makeRun(spec, compounds));
    ASSERT_EQ(a.peaks.size(), 3u);
    for (const auto &c : compounds) {
        const GcmsPeak *p = peakAt(a, c, spec);
        ASSERT_NE(p, nullptr) << "no peak at scan " << c.apexScan;
        EXPECT_GE(identityScores(p->nominal(), c.nominal()).matchFactor, 950) << "at scan " << c.apexScan;
        EXPECT_NEAR(p->area, c.area(spec.scanMinutes), 0.05 * c.area(spec.scanMinutes)) << "at scan " << c.apexScan;
        EXPECT_NEAR(p->widthScans, c.sigmaScans, 0.3);
    }
    EXPECT_EQ(a.minutes.size(), 600u);
    EXPECT_EQ(a.tic.size(), 600u);
}

TEST(PeakFinding, DeconvolvesCoElutingCompoundsIntoTheirOwnSpectra)
{
    // Three scans apart with σ 1.5 scans: one lump on the total ion current.
    const RunSpec spec{.seed = 7};
    const Compound cocaine{kCocaineLike, 300, 20000};
    const Compound levamisole{kLevamisoleLike, 303, 12000};
    const auto a = analyseRun(makeRun(spec, {cocaine, levamisole}));
    ASSERT_EQ(a.peaks.size(), 2u);
    const GcmsPeak *p1 = peakAt(a, cocaine, spec);
    const GcmsPeak *p2 = peakAt(a, levamisole, spec);
    ASSERT_NE(p1, nullptr);
    ASSERT_NE(p2, nullptr);
    EXPECT_GE(identityScores(p1->nominal(), cocaine.nominal()).matchFactor, 900);
    EXPECT_GE(identityScores(p2->nominal(), levamisole.nominal()).matchFactor, 900);
    // Each clean spectrum lacks the other's ions: the cross score stays low.
    EXPECT_LT(identityScores(p1->nominal(), levamisole.nominal()).matchFactor, 300);
    EXPECT_LT(identityScores(p2->nominal(), cocaine.nominal()).matchFactor, 300);
}

TEST(PeakFinding, SharedIonsAreSplitBetweenCoElutingCompounds)
{
    // Cocaine and caffeine both have m/z 82; 2.5 scans apart.
    const RunSpec spec{.seed = 11};
    const Compound cocaine{kCocaineLike, 200, 15000};
    const Compound caffeine{kCaffeineLike, 202.5, 15000};
    const auto a = analyseRun(makeRun(spec, {cocaine, caffeine}));
    ASSERT_EQ(a.peaks.size(), 2u);
    const GcmsPeak *pc = peakAt(a, cocaine, spec);
    const GcmsPeak *pf = peakAt(a, caffeine, spec);
    ASSERT_NE(pc, nullptr);
    ASSERT_NE(pf, nullptr);
    EXPECT_GE(identityScores(pc->nominal(), cocaine.nominal()).matchFactor, 900);
    EXPECT_GE(identityScores(pf->nominal(), caffeine.nominal()).matchFactor, 900);
}

TEST(PeakFinding, BaselineDriftAndNoiseMakeNoPeaks)
{
    // Every ion's baseline climbs from 60 to ~3000 counts over the run (column bleed at
    // the top of a temperature ramp): 270 ions, so the TIC climbs by ~800,000.
    const RunSpec drifting{.noise = 15, .driftPerScan = 5, .seed = 3};
    EXPECT_TRUE(analyseRun(makeRun(drifting, {})).peaks.empty());
    const Compound lidocaine{kLidocaineLike, 420, 6000};
    const auto a = analyseRun(makeRun(drifting, {lidocaine}));
    ASSERT_EQ(a.peaks.size(), 1u);
    EXPECT_NE(peakAt(a, lidocaine, drifting), nullptr);
    EXPECT_GE(identityScores(a.peaks[0].nominal(), lidocaine.nominal()).matchFactor, 900);
    EXPECT_NEAR(a.ticNoise, 15 * std::sqrt(271.0), 0.2 * 15 * std::sqrt(271.0)); // 271 ions' noise adds up
}

TEST(PeakFinding, GivesRetentionIndicesInsideTheLadder)
{
    const RunSpec spec;
    const Compound c{kCocaineLike, 150, 20000}; // 3.75 min
    // C10 at 3.5 min, C12 at 4.5: 100·(10 + 2·(3.75 − 3.5)/(4.5 − 3.5)) = 1050.
    const AlkaneLadder ladder({{10, 3.5}, {12, 4.5}});
    const auto a = analyseRun(makeRun(spec, {c}), {}, &ladder);
    ASSERT_EQ(a.peaks.size(), 1u);
    ASSERT_TRUE(a.peaks[0].retentionIndex.has_value());
    EXPECT_NEAR(*a.peaks[0].retentionIndex, 1050.0, 0.5); // half a scan is 0.5 of an index here
}

TEST(PeakFinding, RefusesARunTooShortToHoldAPeak)
{
    MsRun run;
    run.scans.resize(4);
    EXPECT_THROW(analyseRun(run), std::invalid_argument);
}

TEST(PeakFindingOnRealData, TheOrangeRunGivesFinitePeaksWithSpectra)
{
    const std::filesystem::path file = "../shared/data/formats/chemstation/orange-MSD1.MS";
    if (!std::filesystem::exists(file))
        GTEST_SKIP() << "shared test data not present at " << file << " (see ../shared/data/SOURCES.md)";
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto bytes = std::as_bytes(std::span(text.data(), text.size()));
    const candor::importers::ImportResult result{"chemstation-ms",
                                                 candor::importers::ChemStationMsReader().read(bytes, "orange-MSD1.MS")};
    const auto a = analyseRun(candor::importers::toMsRun(result, "orange-MSD1.MS"));
    EXPECT_GE(a.peaks.size(), 1u);
    for (const auto &p : a.peaks) {
        EXPECT_TRUE(std::isfinite(p.minutes) && std::isfinite(p.area) && std::isfinite(p.height));
        EXPECT_GE(p.minutes, a.minutes.front());
        EXPECT_LE(p.minutes, a.minutes.back());
        EXPECT_GT(p.area, 0);
        ASSERT_FALSE(p.mz.empty());
        for (double v : p.intensity)
            EXPECT_TRUE(std::isfinite(v) && v > 0);
    }
}
