#include "referencelibrary.h"

#include "instrumentimport.h"

#include "cli/spectrumjson.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/matchresults.h"
#include "core/readings.h"
#include "core/users.h"
#include "importers/importerror.h"
#include "importers/reader.h"
#include "importers/textutil.h"

#include <algorithm>
#include <cmath>

namespace candor::services {

using importers::ImportError;

namespace {

double rounded(double value, double scale = 1e4) { return std::round(value * scale) / scale; }

std::string joined(const std::vector<std::string> &items, const char *separator)
{
    std::string out;
    for (const auto &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

std::vector<std::string> split(const std::string &text, char separator)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(separator, start), text.size());
        std::string item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ')
            item.erase(item.begin());
        while (!item.empty() && item.back() == ' ')
            item.pop_back();
        if (!item.empty())
            out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
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

} // namespace

const char *toString(ReferenceImportOutcome::Status status) noexcept
{
    switch (status) {
    case ReferenceImportOutcome::Status::Added: return "added";
    case ReferenceImportOutcome::Status::AlreadyPresent: return "already-present";
    case ReferenceImportOutcome::Status::Conflict: return "conflict";
    case ReferenceImportOutcome::Status::Failed: return "failed";
    case ReferenceImportOutcome::Status::Skipped: return "skipped";
    }
    return "failed";
}

core::ReferenceRow referenceRowFromBytes(std::span<const std::byte> bytes, const std::string &fileName,
                                         const std::string &source)
{
    auto result = importers::ReaderRegistry::instance().readBytes(bytes, fileName);
    importers::Spectrum *spectrum = nullptr;
    for (auto &s : result.spectra)
        if (s.technique == "infrared" || (s.technique == "unknown" && (s.xUnits == "1/cm" || s.xUnits == "micrometers"))) {
            spectrum = &s;
            break;
        }
    if (!spectrum)
        throw ImportError(ImportError::Kind::Malformed, fileName, std::nullopt, std::nullopt,
                          "holds no infrared spectrum (the library matches FTIR spectra)");
    spectrum->title = importers::text::toUtf8(spectrum->title);
    const std::string stem = std::filesystem::path(fileName).stem().string();
    if (spectrum->title.empty() || spectrum->title.find_first_not_of(' ') == std::string::npos)
        spectrum->title = stem; // "#1234 - Cocaine HCl.jdx" names its substance by file name
    const matching::Substance substance = matching::substanceFromMetadata(*spectrum);

    core::ReferenceRow row;
    row.substance = substance.name.empty() ? stem : substance.name;
    row.substanceClass = substance.substanceClass;
    row.risk = matching::toString(substance.risk);
    row.synonyms = joined(substance.synonyms, ", ");
    row.cas = substance.cas;
    row.formula = substance.formula;
    row.title = spectrum->title;
    row.technique = "infrared";
    row.source = source;
    for (const auto &[label, value] : spectrum->metadata) {
        if (label == "OWNER" && row.licence.empty())
            row.licence = importers::text::toUtf8(value);
        if (label == "RESOLUTION") {
            try {
                row.resolution = std::stod(value);
            } catch (...) {
                row.resolution = 0;
            }
        }
    }
    row.fileName = std::filesystem::path(fileName).filename().string();
    row.sha256 = core::sha256Hex(bytes);
    row.xUnits = spectrum->xUnits;
    row.yUnits = spectrum->yUnits;
    row.metadataJson = cli::spectrumMetadataToJson(*spectrum).dump();
    row.x = std::move(spectrum->x);
    row.y = std::move(spectrum->y);
    return row;
}

int seedDemoLibrary(core::Database &db)
{
    core::ReferenceStore store(db);
    if (store.demoSeeded())
        return 0;
    core::Transaction tx(db);
    int added = 0;
    if (store.count() == 0) {
        for (const auto &file : demoLibraryFiles()) {
            core::ReferenceRow row = referenceRowFromBytes(file.bytes, std::string(file.name), kDemoSource);
            row.isDemo = true;
            row.licence = "public domain (synthetic)";
            if (store.add(row, nullptr).outcome == core::ReferenceAddResult::Outcome::Added)
                ++added;
        }
    }
    store.markDemoSeeded();
    tx.commit();
    return added;
}

std::vector<ReferenceImportOutcome> importReferenceFiles(core::Database &db, const std::vector<std::filesystem::path> &paths,
                                                         const core::User &actor, const std::string &source)
{
    if (!actor.hasRole(core::kRoleAdmin))
        throw core::PermissionDenied(core::kRoleAdmin, "changing the reference library");
    core::ReferenceStore store(db);
    std::vector<ReferenceImportOutcome> out;
    const auto expanded = expandImportPaths(paths);
    for (const auto &path : expanded.files) {
        ReferenceImportOutcome outcome;
        outcome.path = path;
        try {
            std::string from = source;
            if (from.empty()) {
                const auto parent = std::filesystem::absolute(path).parent_path().filename().string();
                from = parent.empty() ? "imported" : parent;
            }
            const auto bytes = readInstrumentFile(path);
            const core::ReferenceRow row = referenceRowFromBytes(bytes, path.string(), from);
            outcome.substance = row.substance;
            const auto added = store.add(row, &actor);
            switch (added.outcome) {
            case core::ReferenceAddResult::Outcome::Added:
                outcome.status = ReferenceImportOutcome::Status::Added;
                outcome.message = path.filename().string() + ": added " + row.substance + " (" + row.substanceClass
                                  + ", risk " + row.risk + ")";
                break;
            case core::ReferenceAddResult::Outcome::AlreadyPresent:
                outcome.status = ReferenceImportOutcome::Status::AlreadyPresent;
                outcome.message = added.message;
                break;
            case core::ReferenceAddResult::Outcome::Conflict:
                outcome.status = ReferenceImportOutcome::Status::Conflict;
                outcome.message = added.message;
                break;
            }
        } catch (const core::StorageError &) {
            throw;
        } catch (const core::PermissionDenied &) {
            throw;
        } catch (const std::exception &e) {
            outcome.status = ReferenceImportOutcome::Status::Failed;
            outcome.error = std::current_exception();
            outcome.message = e.what();
        }
        out.push_back(std::move(outcome));
    }
    for (const auto &path : expanded.skipped) {
        ReferenceImportOutcome outcome;
        outcome.path = path;
        outcome.status = ReferenceImportOutcome::Status::Skipped;
        outcome.message = path.filename().string() + ": skipped, not a spectrum file";
        out.push_back(std::move(outcome));
    }
    return out;
}

std::filesystem::path libraryCachePath(const std::filesystem::path &databasePath)
{
    return databasePath.string() + ".library-cache";
}

LoadedLibrary::LoadedLibrary(matching::CompiledLibrary compiled, std::int64_t demoReferences,
                             matching::CompiledLibrary::CacheOutcome outcome)
    : m_compiled(std::move(compiled)), m_demoReferences(demoReferences), m_outcome(outcome)
{
    m_matcher = std::make_unique<matching::Matcher>(m_compiled);
}

importers::Spectrum toSpectrum(const core::SpectrumData &data)
{
    importers::Spectrum s;
    s.title = data.title;
    s.technique = data.technique;
    s.xUnits = data.xUnits;
    s.yUnits = data.yUnits;
    s.x = data.x;
    s.y = data.y;
    s.metadata = metadataFromJson(data.metadataJson);
    return s;
}

matching::ReferenceLibrary referenceLibraryFromRows(const std::vector<core::ReferenceRow> &rows, const std::string &version)
{
    std::vector<matching::LibraryEntryInput> entries;
    entries.reserve(rows.size());
    for (const auto &row : rows) {
        matching::LibraryEntryInput in;
        in.id = row.id;
        in.source = row.source;
        in.licence = row.licence;
        in.resolution = row.resolution;
        in.spectrum.title = row.title;
        in.spectrum.technique = row.technique;
        in.spectrum.xUnits = row.xUnits;
        in.spectrum.yUnits = row.yUnits;
        in.spectrum.x = row.x;
        in.spectrum.y = row.y;
        in.substance.name = row.substance;
        in.substance.substanceClass = row.substanceClass.empty() ? "unknown" : row.substanceClass;
        in.substance.risk = matching::riskLevelFromString(row.risk).value_or(matching::RiskLevel::Low);
        if (matching::isHighRiskClass(in.substance.substanceClass))
            in.substance.risk = matching::RiskLevel::High;
        in.substance.synonyms = split(row.synonyms, ',');
        in.substance.cas = row.cas;
        in.substance.formula = row.formula;
        entries.push_back(std::move(in));
    }
    return matching::ReferenceLibrary::fromSpectra(kLibraryName, version, entries);
}

std::shared_ptr<const LoadedLibrary> loadLibrary(core::Database &db, const std::filesystem::path &cacheFile)
{
    core::ReferenceStore store(db);
    const auto rows = store.all(true);
    std::int64_t demo = 0;
    for (const auto &row : rows)
        demo += row.isDemo ? 1 : 0;
    const auto library = referenceLibraryFromRows(rows, store.version());
    auto outcome = matching::CompiledLibrary::CacheOutcome::BuiltNoCache;
    matching::CompiledLibrary compiled = cacheFile.empty()
                                             ? matching::CompiledLibrary::compile(library, {})
                                             : matching::CompiledLibrary::loadOrBuild(library, {}, cacheFile, &outcome);
    return std::make_shared<const LoadedLibrary>(std::move(compiled), demo, outcome);
}

matching::MatchResult matchSpectrum(const LoadedLibrary &library, const importers::Spectrum &spectrum, std::size_t topN)
{
    matching::MatchOptions options;
    options.topN = topN;
    return library.matcher().tryMatch(spectrum, options);
}

namespace {

nlohmann::ordered_json hitsJson(const matching::MatchResult &result)
{
    nlohmann::ordered_json hits = nlohmann::ordered_json::array();
    for (const auto &h : result.hits)
        hits.push_back({{"substance", h.substance},
                        {"class", h.substanceClass},
                        {"score", rounded(h.score)},
                        {"rank", h.rank},
                        {"high_risk", h.highRisk}});
    return hits;
}

// A component's distinctive bands, strongest first: where it is (1/cm, rounded to 0.1)
// and whether the sample shows it (the panel marks these on the chart).
nlohmann::ordered_json bandsJson(const matching::MixtureComponent &c)
{
    nlohmann::ordered_json bands = nlohmann::ordered_json::array();
    for (const auto &b : c.bands)
        bands.push_back({{"wavenumber", rounded(b.wavenumber, 10)}, {"present", b.present}});
    return bands;
}

nlohmann::ordered_json mixtureJson(const matching::MatchResult &result)
{
    nlohmann::ordered_json components = nlohmann::ordered_json::array();
    for (const auto &c : result.mixture.components)
        components.push_back({{"substance", c.substance},
                              {"class", c.substanceClass},
                              {"fraction", rounded(c.fraction)},
                              {"status", c.status == matching::MixtureComponent::Status::Possible ? "possible" : "detected"},
                              {"high_risk", c.highRisk},
                              {"evidence", rounded(c.evidence, 1e5)},
                              {"bands", bandsJson(c)}});
    // In the mixture object so that stored matches (which keep it as one JSON column)
    // carry it too.
    return {{"components", components},
            {"residual", rounded(result.mixture.residual)},
            {"main_substance_unknown", result.mainSubstanceUnknown}};
}

nlohmann::ordered_json warningsJson(const LoadedLibrary &library, const matching::MatchResult &result)
{
    nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
    if (library.usesDemo())
        warnings.push_back(std::string("matched against the ") + kDemoLibraryNotice);
    for (const auto &w : result.warnings)
        warnings.push_back(w);
    return warnings;
}

} // namespace

nlohmann::ordered_json matchResultToJson(const LoadedLibrary &library, const matching::MatchResult &result,
                                         const std::string &file)
{
    nlohmann::ordered_json out;
    if (!file.empty())
        out["file"] = file;
    const auto &compiled = library.compiled();
    out["library"] = {{"name", compiled.name()},
                      {"version", compiled.version()},
                      {"spectra", compiled.size()},
                      {"demo", library.usesDemo()}};
    if (library.usesDemo())
        out["library"]["notice"] = kDemoLibraryNotice;
    out["hits"] = hitsJson(result);
    out["mixture"] = mixtureJson(result);
    out["verdict"] = matching::toString(result.verdict);
    out["reason"] = result.reason;
    out["main_substance_unknown"] = result.mainSubstanceUnknown;
    out["warnings"] = warningsJson(library, result);
    if (result.error)
        out["error"] = result.reason;
    return out;
}

core::StoredMatch storedMatchFor(const LoadedLibrary &library, const matching::MatchResult &result,
                                 const std::string &spectrumId)
{
    core::StoredMatch m;
    m.spectrumId = spectrumId;
    m.libraryName = library.compiled().name();
    m.libraryVersion = library.compiled().version();
    m.librarySpectra = std::int64_t(library.compiled().size());
    m.libraryDemo = library.usesDemo();
    m.verdict = matching::toString(result.verdict);
    m.reason = result.reason;
    m.error = result.error ? result.reason : std::string();
    m.warningsJson = warningsJson(library, result).dump();
    m.hitsJson = hitsJson(result).dump();
    m.mixtureJson = mixtureJson(result).dump();
    return m;
}

nlohmann::ordered_json storedMatchToJson(const core::StoredMatch &match)
{
    auto parse = [](const std::string &text, nlohmann::ordered_json fallback) {
        auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
        return parsed.is_discarded() ? fallback : parsed;
    };
    nlohmann::ordered_json out;
    out["spectrum_id"] = match.spectrumId;
    out["file"] = match.fileName;
    out["spectrum"] = match.spectrumTitle;
    out["library"] = {{"name", match.libraryName},
                      {"version", match.libraryVersion},
                      {"spectra", match.librarySpectra},
                      {"demo", match.libraryDemo}};
    if (match.libraryDemo)
        out["library"]["notice"] = kDemoLibraryNotice;
    out["hits"] = parse(match.hitsJson, nlohmann::ordered_json::array());
    out["mixture"] = parse(match.mixtureJson, nlohmann::ordered_json::object());
    out["verdict"] = match.verdict;
    out["reason"] = match.reason;
    out["main_substance_unknown"] = out["mixture"].is_object() && out["mixture"].value("main_substance_unknown", false);
    out["warnings"] = parse(match.warningsJson, nlohmann::ordered_json::array());
    if (!match.error.empty())
        out["error"] = match.error;
    out["matched_at"] = match.createdAt;
    return out;
}

std::string classScreenedByStrip(const std::string &stripType)
{
    if (stripType == "fentanyl")
        return "fentanyl";
    if (stripType == "nitazene")
        return "nitazene";
    if (stripType == "xylazine" || stripType == "medetomidine")
        return "alpha2-agonist";
    if (stripType == "benzodiazepine")
        return "benzodiazepine";
    return {};
}

std::vector<std::string> stripPositiveFtirNegative(const std::vector<core::StripReading> &strips,
                                                   const std::vector<core::StoredMatch> &matches)
{
    std::vector<std::string> out;
    if (matches.empty())
        return out;
    std::vector<std::string> flagged;
    for (const auto &strip : strips) {
        if (strip.result != "positive")
            continue;
        const std::string cls = classScreenedByStrip(strip.stripType);
        if (cls.empty() || std::find(flagged.begin(), flagged.end(), strip.stripType) != flagged.end())
            continue;
        bool found = false;
        for (const auto &m : matches) {
            const auto mixture = nlohmann::json::parse(m.mixtureJson, nullptr, false);
            if (!mixture.is_object() || !mixture.contains("components"))
                continue;
            for (const auto &c : mixture["components"])
                if (c.value("class", std::string()) == cls && c.value("status", std::string()) == "detected")
                    found = true;
        }
        if (found)
            continue;
        flagged.push_back(strip.stripType);
        out.push_back(strip.stripType + " strip positive but FTIR found no " + cls
                      + "-class substance: refer for confirmatory testing");
    }
    return out;
}

} // namespace candor::services
