#pragma once
// The matching side of unit conversion: importers/conversion.h turns transmittance, %T,
// micrometres and nanometres into absorbance over 1/cm; this adapter adds what the
// pipeline needs on top (typed errors for units it cannot use, non-finite values and
// sizes, strictly ascending positions).

#include "importers/spectrum.h"

#include <vector>

namespace candor::matching::detail {

struct AbsorbanceSpectrum {
    std::vector<double> wavenumber; // 1/cm, strictly ascending
    std::vector<double> absorbance;
    bool yUnitsAssumed = false; // "arbitrary"/"intensity" taken as absorbance
};

// Throws MatchingError (UnsupportedUnits, InvalidValues) for what it cannot convert.
AbsorbanceSpectrum toAbsorbanceWavenumber(const importers::Spectrum &spectrum);

} // namespace candor::matching::detail
