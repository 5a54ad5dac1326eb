#include "spectrumjson.h"

#include "importers/textutil.h"

namespace candor::cli {

nlohmann::json spectrumMetadataToJson(const importers::Spectrum &spectrum)
{
    using importers::text::toUtf8;
    nlohmann::json meta = nlohmann::json::object();
    for (const auto &[label, value] : spectrum.metadata) {
        const std::string key = toUtf8(label);
        auto it = meta.find(key);
        if (it == meta.end())
            meta[key] = toUtf8(value);
        else
            *it = it->get<std::string>() + "\n" + toUtf8(value);
    }
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
