#pragma once
// A spectrum's header records as Candor stores them with the spectrum
// (instrument_spectra.metadata, reference_spectra.metadata): a JSON object with one key per
// label, repeated labels joined with "\n" (importers::text::mergedMetadata), and back.

#include "importers/spectrum.h"

#include <string>
#include <utility>
#include <vector>

namespace candor::services {

std::string metadataToJson(const importers::Spectrum &spectrum);
// The records again, a joined label split into its lines; nothing for text that is not
// a JSON object.
std::vector<std::pair<std::string, std::string>> metadataFromJson(const std::string &json);

} // namespace candor::services
