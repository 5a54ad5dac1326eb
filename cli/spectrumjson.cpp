#include "cli/spectrumjson.h"

#include "importers/textutil.h"

namespace candor::cli {

nlohmann::json spectrumMetadataToJson(const importers::Spectrum &spectrum)
{
    nlohmann::json meta = nlohmann::json::object();
    for (auto &[label, value] : importers::text::mergedMetadata(spectrum.metadata))
        meta[label] = std::move(value);
    return meta;
}

nlohmann::json spectrumResultToJson(const importers::ImportResult &result, const std::string &fileName)
{
    using importers::text::toUtf8;
    nlohmann::json spectra = nlohmann::json::array();
    for (const auto &s : result.spectra) {
        nlohmann::json meta = spectrumMetadataToJson(s);
        nlohmann::json warnings = nlohmann::json::array();
        for (const auto &w : s.warnings)
            warnings.push_back(toUtf8(w));
        spectra.push_back({
            {"title", toUtf8(s.title)},
            {"technique", s.technique},
            {"x_units", s.xUnits},
            {"y_units", s.yUnits},
            {"npoints", s.x.size()},
            {"x", s.x},
            {"y", s.y},
            {"metadata", std::move(meta)},
            {"warnings", std::move(warnings)},
        });
    }
    return {{"file", toUtf8(fileName)}, {"format", result.format}, {"spectra", std::move(spectra)}};
}

} // namespace candor::cli
