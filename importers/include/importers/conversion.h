#pragma once
// The step between a reader and the matching engine: turns what an instrument wrote
// (transmittance, %T, micrometres, nanometres) into absorbance over wavenumbers. Readers
// never convert; `spectrum show` prints the file's own units.

#include "importers/spectrum.h"

namespace candor::importers {

// Fraction or percent: decided from the data, because files labelled "TRANSMITTANCE"
// hold either 0..1 or 0..100. A maximum above 1.5 cannot be a fraction (a clean
// baseline is close to 1.0, noise rarely exceeds 1.1), so it is read as percent.
enum class TransmittanceScale { Fraction, Percent };
TransmittanceScale detectTransmittanceScale(const std::vector<double> &y);

// Returns a copy in absorbance (from transmittance, %T or absorbance; other y units
// unchanged) with x in 1/cm (from micrometers or nanometers; other x units unchanged),
// sorted by ascending x. Transmittance at or below zero is clamped to 1e-6 before the
// logarithm (absorbance 6: opaque), because noise can dip below zero in saturated bands.
Spectrum toAbsorbanceWavenumber(const Spectrum &in);

// Just the y step, same rules as above; the x step alone.
Spectrum toAbsorbance(const Spectrum &in);
Spectrum toWavenumber(const Spectrum &in);

} // namespace candor::importers
