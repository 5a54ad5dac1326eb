#include "cli/matchjson.h"

#include "services/referencelibrary.h"

namespace candor::cli {

namespace {

nlohmann::ordered_json libraryJson(const core::StoredMatch &match)
{
    nlohmann::ordered_json library = {{"name", match.libraryName},
                                      {"version", match.libraryVersion},
                                      {"spectra", match.librarySpectra},
                                      {"demo", match.libraryDemo}};
    if (match.libraryDemo)
        library["notice"] = services::kDemoLibraryNotice;
    return library;
}

nlohmann::ordered_json hitsJson(const core::StoredMatch &match)
{
    nlohmann::ordered_json hits = nlohmann::ordered_json::array();
    for (const auto &h : match.hits)
        hits.push_back({{"substance", h.substance},
                        {"class", h.substanceClass},
                        {"score", h.score},
                        {"rank", h.rank},
                        {"high_risk", h.highRisk}});
    return hits;
}

// A component's distinctive bands, strongest first, and whether the sample shows each
// (the app marks these on the chart).
nlohmann::ordered_json bandsJson(const core::StoredComponent &c)
{
    nlohmann::ordered_json bands = nlohmann::ordered_json::array();
    for (const auto &b : c.bands)
        bands.push_back({{"wavenumber", b.wavenumber}, {"present", b.present}});
    return bands;
}

nlohmann::ordered_json mixtureJson(const core::StoredMixture &mixture)
{
    nlohmann::ordered_json components = nlohmann::ordered_json::array();
    for (const auto &c : mixture.components)
        components.push_back({{"substance", c.substance},
                              {"class", c.substanceClass},
                              {"fraction", c.fraction},
                              {"status", std::string(core::toString(c.status))},
                              {"high_risk", c.highRisk},
                              {"evidence", c.evidence},
                              {"bands", bandsJson(c)}});
    return {{"components", components}, {"residual", mixture.residual}, {"main_substance_unknown", mixture.mainSubstanceUnknown}};
}

// What both shapes carry after the library, in this order.
void addBody(nlohmann::ordered_json &out, const core::StoredMatch &match)
{
    out["hits"] = hitsJson(match);
    out["mixture"] = mixtureJson(match.mixture);
    out["verdict"] = std::string(core::toString(match.verdict));
    out["reason"] = match.reason;
    out["main_substance_unknown"] = match.mixture.mainSubstanceUnknown;
    out["warnings"] = match.warnings;
    if (!match.error.empty())
        out["error"] = match.error;
}

} // namespace

nlohmann::ordered_json matchJson(const core::StoredMatch &match, const std::string &file)
{
    nlohmann::ordered_json out;
    if (!file.empty())
        out["file"] = file;
    out["library"] = libraryJson(match);
    addBody(out, match);
    return out;
}

nlohmann::ordered_json storedMatchJson(const core::StoredMatch &match)
{
    nlohmann::ordered_json out;
    out["spectrum_id"] = match.spectrumId;
    out["file"] = match.fileName;
    out["spectrum"] = match.spectrumTitle;
    out["library"] = libraryJson(match);
    addBody(out, match);
    out["matched_at"] = match.createdAt;
    return out;
}

} // namespace candor::cli
