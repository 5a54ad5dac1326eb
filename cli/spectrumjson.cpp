#include "spectrumjson.h"

#include "importers/textutil.h"

namespace candor::cli {

nlohmann::json spectrumResultToJson(const importers::ImportResult &result, const std::string &fileName)
{
    using importers::text::toUtf8;
    nlohmann::json spectra = nlohmann::json::array();
    for (const auto &s : result.spectra) {
        nlohmann::json meta = nlohmann::json::object();
        for (const auto &[label, value] : s.metadata) {
            const std::string key = toUtf8(label);
            auto it = meta.find(key);
            if (it == meta.end())
                meta[key] = toUtf8(value);
            else
                *it = it->get<std::string>() + "\n" + toUtf8(value);
        }
        spectra.push_back({
            {"title", toUtf8(s.title)},
            {"technique", s.technique},
            {"x_units", s.xUnits},
            {"y_units", s.yUnits},
            {"npoints", s.x.size()},
            {"x", s.x},
            {"y", s.y},
            {"metadata", std::move(meta)},
        });
    }
    return {{"file", toUtf8(fileName)}, {"format", result.format}, {"spectra", std::move(spectra)}};
}

} // namespace candor::cli
