#pragma once
// Interim conversion of a decoded spectrum to absorbance over wavenumber (1/cm).
// importers/conversion.{h,cpp} will own this; until it lands on main the matching engine
// uses this tiny private copy. Swap the one call in preprocessing.cpp when it does.

#include "importers/spectrum.h"

#include <vector>

namespace candor::matching::interim {

struct AbsorbanceSpectrum {
    std::vector<double> wavenumber; // 1/cm, ascending
    std::vector<double> absorbance;
    bool yUnitsAssumed = false;     // "arbitrary"/"intensity" taken as absorbance
};

// Throws MatchingError (UnsupportedUnits, InvalidValues) for what it cannot convert.
AbsorbanceSpectrum toAbsorbanceWavenumber(const importers::Spectrum &spectrum);

} // namespace candor::matching::interim
