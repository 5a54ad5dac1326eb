#pragma once
// Finding the compounds of a GC-MS run, AMDIS-style: every scan binned to nominal mass
// (abundances in one bin added: an ion's current, not a library spectrum's largest point);
// per ion trace and for the total ion current a baseline and a noise level estimated from
// the run itself; peaks picked on the total ion and extracted-ion traces; overlapping
// peaks deconvolved by fitting one model peak shape per component to every ion trace with
// non-negative least squares; and for each component a clean, background-subtracted
// spectrum. See peaks.cpp for each step's rule and why.

#include "gcms/nominal.h"
#include "gcms/retentionindex.h"
#include "importers/msrun.h"

#include <optional>
#include <string>
#include <vector>

namespace candor::gcms {

struct PeakOptions {
    // A peak (on the TIC or on an ion trace) must stand this many noise levels above the
    // baseline, measured from its lower side (prominence), to count.
    double minSignalToNoise = 5.0;
    // Width in scans of the window the baseline is taken under: much wider than a peak
    // (labs' peaks are ~6 scans wide), much narrower than a drift.
    int baselineWindowScans = 60;
    // Ions whose fitted height in a component is below this many noise levels of their
    // trace are background, not the component's.
    double minIonSignalToNoise = 3.0;
};

struct GcmsPeak {
    double minutes = 0;    // the apex of the fitted model peak
    double apexScan = 0;   // the same in scan numbers (0-based, fractional)
    double widthScans = 0; // the model peak's standard deviation in scans
    // Area under the component's ion current, background subtracted: Σ ions × minutes.
    double area = 0;
    double height = 0;        // Σ of its ions' heights at the apex
    double signalToNoise = 0; // height over the TIC's noise level
    int modelMass = 0;        // the ion whose profile gave the peak shape
    // The clean spectrum: each ion's fitted height at the apex, background subtracted.
    std::vector<int> mz;
    std::vector<double> intensity;
    std::optional<double> retentionIndex; // when a ladder is given and the peak is inside it

    NominalSpectrum nominal() const;
};

struct RunAnalysis {
    std::vector<double> minutes; // one per scan
    std::vector<double> tic;     // total ion current per scan (sum over the binned ions)
    std::vector<double> ticBaseline;
    double ticNoise = 0;
    int firstMass = 0;           // traces() below hold masses firstMass ... firstMass + traces.size() - 1
    std::vector<GcmsPeak> peaks; // in time order
};

// Throws std::invalid_argument for a run of fewer than 5 scans (nothing to find a peak in).
RunAnalysis analyseRun(const importers::MsRun &run, const PeakOptions &options = {}, const AlkaneLadder *ladder = nullptr);

// One ion's current across the run (abundances binned to the nominal mass, added).
std::vector<double> extractedIon(const importers::MsRun &run, int mass);

// The peak whose apex is nearest `minutes`, when one lies within `toleranceMinutes`.
const GcmsPeak *peakNear(const RunAnalysis &analysis, double minutes, double toleranceMinutes);

} // namespace candor::gcms
