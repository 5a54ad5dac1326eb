#pragma once
// A GC-MS run as the peak finder needs it, whatever file it came from: every mass
// spectrum scan with its retention time in minutes. Each reader marks scan times its own
// way (ChemStation "retention_time_minutes", AnDI "scan_acquisition_time" in the TIC's
// units, JCAMP-DX "##RETENTION_TIME=" in seconds or an NTUPLES "##PAGE= T=" in the units
// column of T); this is the one place that knows all three.

#include "importers/reader.h"

#include <string>
#include <vector>

namespace candor::importers {

struct MsScan {
    double minutes = 0;
    std::vector<double> mz;        // as the file stores them (accurate or nominal)
    std::vector<double> intensity; // same length as mz
};

struct MsRun {
    std::string format;
    std::string title;
    std::vector<MsScan> scans; // in file order
};

// The scans of `result` (the spectra whose technique is "mass", or "unknown" with x in
// m/z). Throws
// ImportError(Malformed) naming `fileName` and the scan when the file holds no mass
// scans, a scan has no retention time or one that is not a finite number, or the run
// goes back in time by more than a rounding error.
MsRun toMsRun(const ImportResult &result, const std::string &fileName);

} // namespace candor::importers
