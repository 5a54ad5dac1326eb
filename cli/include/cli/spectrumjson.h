#pragma once
// The JSON that `candor-cli spectrum show FILE --json` prints (docs/cli.md): one object
// per file with every spectrum decoded, in the file's own units.

#include "importers/spectrum.h"

#include <nlohmann/json.hpp>

#include <string>

namespace candor::cli {

// {"file", "format", "spectra": [{"title", "technique", "x_units", "y_units", "npoints",
// "x", "y", "metadata": {...}, "warnings": ["line 14: ...", ...]}]}. Metadata labels that occur more than once (repeated
// header lines, SPC log lines) are joined with "\n" under one key, since JSON object
// keys are unique. Every string is valid UTF-8, so dump() cannot throw on it.
nlohmann::json spectrumResultToJson(const importers::ImportResult &result, const std::string &fileName);

// The "metadata" object of one spectrum, as above; also what Candor stores with it.
nlohmann::json spectrumMetadataToJson(const importers::Spectrum &spectrum);

} // namespace candor::cli
