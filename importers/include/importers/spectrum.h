#pragma once
// The value every reader produces: one decoded spectrum (or chromatogram, or MS scan)
// in the file's own units, with every factor in the file already applied.

#include <string>
#include <utility>
#include <vector>

namespace candor::importers {

struct Spectrum {
    std::string title;
    // "infrared", "raman", "uv-vis", "nmr", "mass", "chromatogram" or "unknown".
    std::string technique = "unknown";
    // Normalized spellings from docs/cli.md: "1/cm", "micrometers", "nanometers", "m/z",
    // "seconds", "minutes", "ppm", "hz", "arbitrary".
    std::string xUnits = "arbitrary";
    // "absorbance", "transmittance", "percent-transmittance", "reflectance", "counts",
    // "intensity", "arbitrary".
    std::string yUnits = "arbitrary";
    std::vector<double> x;
    std::vector<double> y;
    // Header records as the file states them, in file order (label as written, value trimmed).
    std::vector<std::pair<std::string, std::string>> metadata;
    // What the reader decoded in a way the file did not quite say (a point count that
    // disagrees with the header, a repaired header number, an empty scan): one sentence
    // each, starting with where ("line 14: ..."). Shown by `spectrum show`, the import
    // report and the sample's history, so that nothing is read differently in silence.
    std::vector<std::string> warnings;
};

// What one file holds: its format ("jcamp-dx", "spc", "opus", "andi", "csv") and every
// spectrum in it (a LINK file, a multi-file SPC, the scans of a GC-MS run).
struct ImportResult {
    std::string format;
    std::vector<Spectrum> spectra;
};

} // namespace candor::importers
