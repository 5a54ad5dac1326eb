#pragma once
// Maps the many ways instrument files spell units and techniques onto the fixed
// vocabulary of docs/cli.md, so that matching and the UI never see "CM-1" vs "1/CM".

#include <string>
#include <string_view>

namespace candor::importers {

// "1/cm", "micrometers", "nanometers", "m/z", "seconds", "minutes", "ppm", "hz" or
// "arbitrary" for anything else (the original spelling stays in the metadata).
std::string normalizeXUnits(std::string_view raw);

// "absorbance", "transmittance", "percent-transmittance", "reflectance", "counts",
// "intensity" or "arbitrary".
std::string normalizeYUnits(std::string_view raw);

// "infrared", "raman", "uv-vis", "nmr", "mass", "chromatogram" or "unknown", from a
// free-text data type such as JCAMP-DX's "INFRARED SPECTRUM".
std::string techniqueFromDataType(std::string_view dataType);

} // namespace candor::importers
