#include "services/referencelibrary.h"

#include "services/instrumentimport.h"
#include "services/rescreen.h"
#include "services/spectrummetadata.h"

#include "core/auditlog.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/labvalidation.h"
#include "core/matchresults.h"
#include "core/readings.h"
#include "core/users.h"
#include "importers/importerror.h"
#include "importers/reader.h"
#include "importers/textutil.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace candor::services {

using importers::ImportError;

namespace {

double rounded(double value, double scale = 1e4)
{
    return std::round(value * scale) / scale;
}

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

} // namespace

const char *toString(ReferenceImportOutcome::Status status) noexcept
{
    switch (status) {
    case ReferenceImportOutcome::Status::Added: return "added";
    case ReferenceImportOutcome::Status::AlreadyPresent: return "already-present";
    case ReferenceImportOutcome::Status::Failed: return "failed";
    case ReferenceImportOutcome::Status::Skipped: return "skipped";
    }
    return "failed";
}

core::ReferenceRow referenceRowFromBytes(std::span<const std::byte> bytes, const std::string &fileName, const std::string &source)
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
    row.metadataJson = metadataToJson(*spectrum);
    row.x = std::move(spectrum->x);
    row.y = std::move(spectrum->y);
    return row;
}

std::string referenceRiskFor(const core::Substance &catalogued)
{
    if (catalogued.risk == "high")
        return "high";
    return catalogued.substanceClass == "cut" ? "low" : "moderate";
}

void classifyFromCatalogue(core::ReferenceRow &row, core::Catalogue &catalogue)
{
    if (const auto known = catalogue.resolveReferenceName(row.substance)) {
        row.substanceClass = known->substanceClass;
        row.risk = referenceRiskFor(*known);
        row.riskSet = true;
        return;
    }
    // Never a guess that defaults to low: an admin decides (the library page asks).
    row.substanceClass = "unknown";
    row.risk = "low";
    row.riskSet = false;
}

int seedDemoLibrary(core::Database &db)
{
    core::ReferenceStore store(db);
    if (store.demoSeeded())
        return 0;
    core::Transaction tx(db);
    int added = 0;
    if (store.count() == 0) {
        core::Catalogue catalogue(db);
        for (const auto &file : demoLibraryFiles()) {
            core::ReferenceRow row = referenceRowFromBytes(file.bytes, std::string(file.name), kDemoSource);
            classifyFromCatalogue(row, catalogue);
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
    if (!actor.hasRole(core::Role::Admin))
        throw core::PermissionDenied(core::toString(core::Role::Admin), "changing the reference library");
    core::ReferenceStore store(db);
    core::Catalogue catalogue(db);
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
            core::ReferenceRow row = referenceRowFromBytes(bytes, path.string(), from);
            classifyFromCatalogue(row, catalogue);
            outcome.substance = row.substance;
            const auto added = store.add(row, &actor);
            switch (added.outcome) {
            case core::ReferenceAddResult::Outcome::Added:
                outcome.status = ReferenceImportOutcome::Status::Added;
                outcome.message = added.message + " (" + row.substanceClass + ", risk " +
                                  (row.riskSet ? row.risk : std::string("not set: the catalogue does not know it")) + ")";
                break;
            case core::ReferenceAddResult::Outcome::AlreadyPresent:
                outcome.status = ReferenceImportOutcome::Status::AlreadyPresent;
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
    // A folder that gave nothing usable is an error, not "0 added": the admin picked the
    // wrong folder or an export the readers cannot use. Nothing was added, so nothing is
    // half-imported.
    const auto folder = std::find_if(paths.begin(), paths.end(), [](const auto &p) {
        std::error_code ec;
        return std::filesystem::is_directory(p, ec);
    });
    const bool anyUsable = std::any_of(out.begin(), out.end(), [](const auto &o) {
        return o.status == ReferenceImportOutcome::Status::Added || o.status == ReferenceImportOutcome::Status::AlreadyPresent;
    });
    if (folder != paths.end() && !anyUsable) {
        std::string why;
        for (const auto &o : out)
            why += (why.empty() ? "" : "; ") + o.message;
        throw ImportError(ImportError::Kind::Malformed, folder->string(), std::nullopt, std::nullopt,
                          "holds no usable infrared spectrum" +
                              (why.empty() ? std::string(" (the folder is empty)") : ": " + why));
    }
    return out;
}

std::filesystem::path libraryCachePath(const std::filesystem::path &databasePath)
{
    return databasePath.string() + ".library-cache";
}

LoadedLibrary::LoadedLibrary(matching::CompiledLibrary compiled, std::int64_t demoReferences,
                             matching::CompiledLibrary::CacheOutcome outcome)
    : m_compiled(std::move(compiled))
    , m_demoReferences(demoReferences)
    , m_outcome(outcome)
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

namespace {

// "Heroin HCl" -> "Heroin": the row's name cut to its salt-free form, in the file's casing.
std::string displayWithoutSalt(const std::string &name)
{
    const std::string bare = core::Catalogue::withoutSaltSuffixes(name);
    for (std::size_t n = bare.size(); n <= name.size(); ++n)
        if (core::normalizeTerm(name.substr(0, n)) == bare)
            return core::trim(name.substr(0, n));
    return bare;
}

} // namespace

matching::ReferenceLibrary referenceLibraryFromRows(const std::vector<core::ReferenceRow> &rows, const std::string &version,
                                                    const std::function<std::string(const core::ReferenceRow &)> &substanceKey)
{
    // Rows of one substance (another lot, instrument, salt or base) become one Substance
    // with several spectra. The group's name, class and risk must not depend on row order
    // or ids: the name is the row's own when all agree, else the salt-free form of the
    // smallest; class and risk are those of the highest-risk row (ties: smallest class).
    auto keyOf = [&](const core::ReferenceRow &row) {
        return substanceKey ? substanceKey(row) : core::Catalogue::withoutSaltSuffixes(row.substance);
    };
    std::map<std::string, std::vector<const core::ReferenceRow *>> groups;
    for (const auto &row : rows)
        groups[keyOf(row)].push_back(&row);
    auto riskOf = [](const core::ReferenceRow &row) {
        if (!row.riskSet)
            return matching::RiskLevel::Low;
        auto risk = matching::riskLevelFromString(row.risk).value_or(matching::RiskLevel::Low);
        return matching::isHighRiskClass(row.substanceClass) ? matching::RiskLevel::High : risk;
    };
    std::map<std::string, matching::Substance> substances;
    for (const auto &[key, members] : groups) {
        std::set<std::string> names;
        for (const auto *row : members)
            names.insert(row->substance);
        matching::Substance s;
        // Several names: the one the catalogue (or the key) itself uses, else the smallest.
        const std::string bare = key.rfind("catalogue:", 0) == 0 ? key.substr(10) : key;
        std::string chosen = *names.begin();
        for (const auto &name : names)
            if (core::Catalogue::withoutSaltSuffixes(name) == bare) {
                chosen = name;
                break;
            }
        s.name = names.size() == 1 ? chosen : displayWithoutSalt(chosen);
        const core::ReferenceRow *lead = nullptr;
        for (const auto *row : members) {
            const std::string cls = row->substanceClass.empty() || !row->riskSet ? "unknown" : row->substanceClass;
            const std::string leadClass = !lead || lead->substanceClass.empty() || !lead->riskSet ? "unknown"
                                                                                                  : lead->substanceClass;
            if (!lead || riskOf(*row) > riskOf(*lead) || (riskOf(*row) == riskOf(*lead) && cls < leadClass))
                lead = row;
        }
        s.substanceClass = lead->substanceClass.empty() || !lead->riskSet ? "unknown" : lead->substanceClass;
        s.risk = riskOf(*lead);
        std::set<std::string> synonyms;
        for (const auto *row : members)
            for (auto &syn : split(row->synonyms, ','))
                synonyms.insert(std::move(syn));
        s.synonyms.assign(synonyms.begin(), synonyms.end());
        s.cas = lead->cas;
        s.formula = lead->formula;
        substances.emplace(key, std::move(s));
    }

    std::vector<matching::LibraryEntryInput> entries;
    entries.reserve(rows.size());
    for (const auto &[key, members] : groups) {
        for (const auto *row : members) {
            matching::LibraryEntryInput in;
            in.id = row->id;
            in.source = row->source;
            in.licence = row->licence;
            in.resolution = row->resolution;
            in.spectrum.title = row->title;
            in.spectrum.technique = row->technique;
            in.spectrum.xUnits = row->xUnits;
            in.spectrum.yUnits = row->yUnits;
            in.spectrum.x = row->x;
            in.spectrum.y = row->y;
            in.substance = substances.at(key);
            entries.push_back(std::move(in));
        }
    }
    return matching::ReferenceLibrary::fromSpectra(kLibraryName, version, entries);
}

std::shared_ptr<const LoadedLibrary> loadLibrary(core::Database &db, const std::filesystem::path &cacheFile)
{
    core::ReferenceStore store(db);
    const auto rows = store.active(true);
    std::int64_t demo = 0;
    for (const auto &row : rows)
        demo += row.isDemo ? 1 : 0;
    // One substance however the files name it: "Diacetylmorphine HCl" and "Heroin base"
    // are both the catalogue's heroin; names the catalogue does not know group by their
    // salt-free form.
    core::Catalogue catalogue(db);
    const auto library = referenceLibraryFromRows(rows, store.version(), [&](const core::ReferenceRow &row) {
        const auto known = catalogue.resolveReferenceName(row.substance);
        return known ? "catalogue:" + known->name : core::Catalogue::withoutSaltSuffixes(row.substance);
    });
    auto outcome = matching::CompiledLibrary::CacheOutcome::BuiltNoCache;
    matching::CompiledLibrary compiled = cacheFile.empty()
                                             ? matching::CompiledLibrary::compile(library, {})
                                             : matching::CompiledLibrary::loadOrBuild(library, {}, cacheFile, &outcome);
    auto loaded = std::make_shared<LoadedLibrary>(std::move(compiled), demo, outcome);
    loaded->setAdoptedThresholds(core::LabValidation(db, catalogue).adoptedThresholds());
    return loaded;
}

void applyAdoptedThresholds(matching::MatchResult &result, const std::map<std::string, double> &thresholds)
{
    if (thresholds.empty())
        return;
    using Status = matching::MixtureComponent::Status;
    bool changed = false;
    for (auto &c : result.mixture.components) {
        const auto it = thresholds.find(c.substanceClass);
        if (!c.highRisk || it == thresholds.end())
            continue;
        const Status status = c.evidence >= it->second ? Status::Detected : Status::Possible;
        if (status == c.status)
            continue;
        c.status = status;
        changed = true;
        char evidence[64];
        std::snprintf(evidence, sizeof evidence, "%.4g %s %.4g", c.evidence, status == Status::Detected ? ">=" : "<", it->second);
        result.warnings.push_back(c.substance + ": " + (status == Status::Detected ? "detected" : "possible") +
                                  " by this service's adopted " + c.substanceClass + " threshold (evidence " + evidence + ")" +
                                  (status == Status::Possible ? ": confirm with a strip or GC-MS" : ""));
    }
    if (changed)
        std::stable_sort(result.mixture.components.begin(), result.mixture.components.end(), [](const auto &a, const auto &b) {
            if (a.status != b.status)
                return a.status == Status::Detected;
            return a.status == Status::Detected && a.fraction > b.fraction;
        });
}

matching::MatchResult matchSpectrum(const LoadedLibrary &library, const importers::Spectrum &spectrum, std::size_t topN)
{
    // Ask for enough hits that `topN` distinct substances survive when several spectra of
    // one substance rank next to each other, then keep each substance's best spectrum.
    const auto &entries = library.compiled().entries();
    std::set<std::string> distinct;
    for (const auto &e : entries)
        distinct.insert(e.substance);
    matching::MatchOptions options;
    options.topN = std::min(entries.size(), topN + (entries.size() - distinct.size()));
    options.topN = std::max(options.topN, topN);
    auto result = library.matcher().tryMatch(spectrum, options);
    applyAdoptedThresholds(result, library.adoptedThresholds());
    std::vector<matching::MatchHit> hits;
    std::set<std::string> seen;
    for (auto &hit : result.hits) {
        if (!seen.insert(hit.substance).second)
            continue;
        hit.rank = int(hits.size()) + 1;
        hits.push_back(std::move(hit));
        if (hits.size() == topN)
            break;
    }
    result.hits = std::move(hits);
    return result;
}

std::vector<LibraryQcPair> libraryQc(const LoadedLibrary &library, double threshold)
{
    // The processed rows are mean-centred and unit-norm, so their dot product is the
    // Pearson correlation the search scores with: two references of different substances
    // above the threshold score alike against any query.
    const auto &compiled = library.compiled();
    const auto &entries = compiled.entries();
    std::vector<std::vector<double>> rows;
    rows.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i)
        rows.push_back(compiled.matrix().rowAsDouble(i));
    std::vector<LibraryQcPair> out;
    for (std::size_t i = 0; i < entries.size(); ++i)
        for (std::size_t j = i + 1; j < entries.size(); ++j) {
            if (entries[i].substance == entries[j].substance)
                continue;
            double r = 0;
            for (std::size_t k = 0; k < rows[i].size(); ++k)
                r += rows[i][k] * rows[j][k];
            if (r < threshold)
                continue;
            LibraryQcPair pair{entries[i].substance, entries[i].spectrumId, entries[j].substance, entries[j].spectrumId, r};
            if (std::tie(pair.substanceB, pair.spectrumIdB) < std::tie(pair.substanceA, pair.spectrumIdA)) {
                std::swap(pair.substanceA, pair.substanceB);
                std::swap(pair.spectrumIdA, pair.spectrumIdB);
            }
            out.push_back(std::move(pair));
        }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return std::tie(b.correlation, a.substanceA, a.substanceB, a.spectrumIdA, a.spectrumIdB) <
               std::tie(a.correlation, b.substanceA, b.substanceB, b.spectrumIdA, b.spectrumIdB);
    });
    return out;
}

namespace {

core::ComponentStatus componentStatus(matching::MixtureComponent::Status status)
{
    return status == matching::MixtureComponent::Status::Possible ? core::ComponentStatus::Possible
                                                                  : core::ComponentStatus::Detected;
}

} // namespace

core::Verdict toCoreVerdict(matching::Verdict verdict) noexcept
{
    switch (verdict) {
    case matching::Verdict::Match: return core::Verdict::Match;
    case matching::Verdict::Uncertain: return core::Verdict::Uncertain;
    case matching::Verdict::NoMatch: break;
    }
    return core::Verdict::NoMatch;
}

core::StoredMatch describeMatch(const LoadedLibrary &library, const matching::MatchResult &result)
{
    core::StoredMatch m;
    const auto &compiled = library.compiled();
    m.libraryName = compiled.name();
    m.libraryVersion = compiled.version();
    m.librarySpectra = std::int64_t(compiled.size());
    m.libraryDemo = library.usesDemo();
    m.libraryChecksum = compiled.checksum();
    m.verdict = toCoreVerdict(result.verdict);
    m.reason = result.reason;
    m.error = result.error ? result.reason : std::string();
    if (library.usesDemo())
        m.warnings.push_back(std::string("matched against the ") + kDemoLibraryNotice);
    m.warnings.insert(m.warnings.end(), result.warnings.begin(), result.warnings.end());
    // Rounded as shown (scores and shares to 1e-4, evidence to 1e-5, bands to 0.1 1/cm): a
    // re-screen compares stored mixtures with fresh ones, and noise below what is shown
    // must not count as a change.
    for (const auto &h : result.hits)
        m.hits.push_back({h.substance, h.substanceClass, rounded(h.score), h.rank, h.highRisk});
    for (const auto &c : result.mixture.components) {
        core::StoredComponent component{
            c.substance, c.substanceClass, rounded(c.fraction), componentStatus(c.status), c.highRisk, rounded(c.evidence, 1e5),
            {}};
        for (const auto &b : c.bands)
            component.bands.push_back({rounded(b.wavenumber, 10), b.present});
        m.mixture.components.push_back(std::move(component));
    }
    m.mixture.residual = rounded(result.mixture.residual);
    m.mixture.mainSubstanceUnknown = result.mainSubstanceUnknown;
    return m;
}

core::StoredMatch storedMatchFor(const LoadedLibrary &library, const matching::MatchResult &result, const std::string &spectrumId)
{
    core::StoredMatch m = describeMatch(library, result);
    m.spectrumId = spectrumId;
    m.screen = encodeScreenTrace(library.compiled(), result);
    return m;
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
        for (const auto &m : matches)
            for (const auto &c : m.mixture.components)
                if (c.substanceClass == cls && c.status == core::ComponentStatus::Detected)
                    found = true;
        if (found)
            continue;
        flagged.push_back(strip.stripType);
        out.push_back(strip.stripType + " strip positive but FTIR found no " + cls +
                      "-class substance: refer for confirmatory testing");
    }
    return out;
}

} // namespace candor::services
