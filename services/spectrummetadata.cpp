#include "services/spectrummetadata.h"

#include "importers/textutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace candor::services {

std::string metadataToJson(const importers::Spectrum &spectrum)
{
    nlohmann::json meta = nlohmann::json::object();
    for (auto &[label, value] : importers::text::mergedMetadata(spectrum.metadata))
        meta[label] = std::move(value);
    return meta.dump();
}

std::vector<std::pair<std::string, std::string>> metadataFromJson(const std::string &json)
{
    std::vector<std::pair<std::string, std::string>> out;
    const auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (!parsed.is_object())
        return out;
    for (const auto &[key, value] : parsed.items()) {
        if (!value.is_string())
            continue;
        // Repeated labels were joined with "\n" when stored.
        const std::string text = value.get<std::string>();
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            out.emplace_back(key, text.substr(start, end - start));
            start = end + 1;
        }
    }
    return out;
}

} // namespace candor::services
