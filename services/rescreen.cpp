#include "services/rescreen.h"

#include "services/referencelibrary.h"

#include "core/database.h"
#include "core/matchresults.h"
#include "core/permissions.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <tuple>
#include <thread>

namespace candor::services {

namespace {

// Matches the batch's spectra on `workers` threads, each taking a contiguous slice
// through Matcher::matchBatch (const, thread-safe): the mixture fit, which dominates,
// runs per query, so one thread per slice keeps every core busy.
std::vector<matching::MatchResult> matchAll(const LoadedLibrary &library, const std::vector<importers::Spectrum> &spectra,
                                            unsigned workers)
{
    std::vector<matching::MatchResult> results(spectra.size());
    const std::size_t n = spectra.size();
    workers = unsigned(std::clamp<std::size_t>(workers, 1, std::max<std::size_t>(n, 1)));
    auto slice = [&](unsigned w) {
        const std::size_t from = n * w / workers, to = n * (w + 1) / workers;
        auto part = library.matcher().matchBatch(std::span(spectra).subspan(from, to - from));
        for (auto &result : part)
            applyAdoptedThresholds(result, library.adoptedThresholds());
        std::move(part.begin(), part.end(), results.begin() + std::ptrdiff_t(from));
    };
    std::vector<std::jthread> threads;
    std::vector<std::exception_ptr> errors(workers);
    for (unsigned w = 1; w < workers; ++w)
        threads.emplace_back([&, w] {
            try {
                slice(w);
            } catch (...) {
                errors[w] = std::current_exception();
            }
        });
    try {
        slice(0);
    } catch (...) {
        errors[0] = std::current_exception();
    }
    threads.clear();
    for (const auto &e : errors)
        if (e)
            std::rethrow_exception(e);
    return results;
}

// Runs `work(i)` for i in [0, n) on `workers` threads, contiguous slices; rethrows.
template<class Work>
void parallelFor(std::size_t n, unsigned workers, const Work &work)
{
    workers = unsigned(std::clamp<std::size_t>(workers, 1, std::max<std::size_t>(n, 1)));
    std::vector<std::exception_ptr> errors(workers);
    auto slice = [&](unsigned w) {
        try {
            for (std::size_t i = n * w / workers; i < n * (w + 1) / workers; ++i)
                work(i);
        } catch (...) {
            errors[w] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> threads;
        for (unsigned w = 1; w < workers; ++w)
            threads.emplace_back(slice, w);
        slice(0);
    }
    for (const auto &e : errors)
        if (e)
            std::rethrow_exception(e);
}

// What a compiled entry contributes to matching besides its spectrum: a reference whose
// substance, class or screening changed counts as removed and added.
nlohmann::json entryKey(const matching::CompiledEntry &e)
{
    return nlohmann::json::array({e.spectrumId, e.substance, e.substanceClass, e.alwaysScreen});
}

// Its distinctive bands (band indexes), which depend on the whole library: a reference
// added or removed can make a band of another reference shared, or no longer shared.
nlohmann::json entryBands(const matching::CompiledEntry &e)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto &b : e.bands)
        out.push_back(b.index);
    return out;
}

// The library change between the one a stored match was made against and the current one.
struct LibraryChange {
    bool known = false;             // the earlier reference set is on record
    std::vector<std::size_t> added; // rows of the current compiled library
    bool addedHighRisk = false;
    std::set<std::string> removedSubstances; // substances of removed references
    // References in both whose distinctive bands changed; unknown when the earlier set
    // was recorded without them.
    std::map<std::string, std::vector<std::uint32_t>> bandsChanged; // spectrum id -> band indexes before
    bool bandsKnown = true;
};

LibraryChange changeSince(const std::optional<std::string> &earlierSet, const matching::CompiledLibrary &current)
{
    LibraryChange change;
    if (!earlierSet)
        return change;
    const nlohmann::json earlier = nlohmann::json::parse(*earlierSet, nullptr, false);
    if (!earlier.is_array())
        return change;
    change.known = true;
    std::set<nlohmann::json> before, now;
    std::map<std::string, nlohmann::json> bandsBefore;
    for (const auto &e : earlier) {
        if (!e.is_array() || e.size() < 4)
            continue;
        before.insert(nlohmann::json::array({e[0], e[1], e[2], e[3]}));
        if (e.size() >= 5 && e[0].is_string())
            bandsBefore[e[0].get<std::string>()] = e[4];
        else
            change.bandsKnown = false;
    }
    const auto &entries = current.entries();
    for (std::size_t row = 0; row < entries.size(); ++row) {
        nlohmann::json key = entryKey(entries[row]);
        if (before.count(key)) {
            const auto it = bandsBefore.find(entries[row].spectrumId);
            if (it != bandsBefore.end() && it->second != entryBands(entries[row])) {
                std::vector<std::uint32_t> indexes;
                for (const auto &v : it->second)
                    if (v.is_number_unsigned())
                        indexes.push_back(v.get<std::uint32_t>());
                change.bandsChanged.emplace(entries[row].spectrumId, std::move(indexes));
            }
        } else {
            change.added.push_back(row);
            change.addedHighRisk = change.addedHighRisk || entries[row].alwaysScreen;
        }
        now.insert(std::move(key));
    }
    for (const nlohmann::json &key : before)
        if (!now.count(key) && key.is_array() && key.size() == 4) {
            change.removedSubstances.insert(key[1].get<std::string>());
        }
    return change;
}

// ---- The screen trace a stored match keeps (match_results.screen, schema v17) ----
//
// Layout (native byte order; the file is read on the machine family that wrote it, and a
// trace that does not parse is simply not used): format byte, point count, the floors and
// flags of matching::ScreenTrace, then the curves. Curves used only in dot products with a
// unit-norm reference (the processed query, the residual searched, the selection
// residuals) are kept as float16, which moves such a product by at most 2^-11 of the
// curve's norm (see dotMargin); what the fit left over, on which the engine's band test
// runs, is kept as float32.
// Format 2 adds what screening an added reference on top of the fit needs to be exact
// (matching::ScreenTrace::chosenRows, finalRss, screenedRss*, componentRssWithout), as
// doubles; format 1 traces (stored before it) are still read and screened by the older
// rules.
constexpr std::uint8_t kTraceFormat = 2;

// IEEE binary16 storage: GCC's _Float16. Clang before 15 (clang-tidy here) has no _Float16
// on x86 but its __fp16 is the same storage format on every target.
#if defined(__clang__)
using Half = __fp16;
#else
using Half = _Float16;
#endif
constexpr std::uint8_t kTraceFormatWithoutFit = 1;

template<class T>
void put(std::vector<std::byte> &out, T value)
{
    const auto *p = reinterpret_cast<const std::byte *>(&value);
    out.insert(out.end(), p, p + sizeof value);
}

// A curve value as binary16 (not through put: see TraceReader::curve).
void putHalf(std::vector<std::byte> &out, double value)
{
    const Half half = Half(value);
    const auto *p = reinterpret_cast<const std::byte *>(&half);
    out.insert(out.end(), p, p + sizeof half);
}

struct TraceReader {
    std::span<const std::byte> bytes;
    std::size_t at = 0;
    bool ok = true;
    template<class T>
    T get()
    {
        T value{};
        if (!ok || at + sizeof(T) > bytes.size()) {
            ok = false;
            return value;
        }
        std::memcpy(&value, bytes.data() + at, sizeof value);
        at += sizeof value;
        return value;
    }
    // T by memcpy into a local, never by value through a call: clang allows __fp16 (see
    // Half) neither as a parameter nor as a return type.
    template<class T>
    std::vector<double> curve(std::size_t n)
    {
        std::vector<double> out(n);
        for (double &v : out) {
            if (!ok || at + sizeof(T) > bytes.size()) {
                ok = false;
                break;
            }
            T value;
            std::memcpy(&value, bytes.data() + at, sizeof value);
            at += sizeof value;
            v = double(value);
        }
        return out;
    }
};

struct StoredTrace {
    std::vector<double> query, residual, searchResidual;
    double hitFloor = -INFINITY, searchFloor = -INFINITY, mismatch = 0;
    bool selectedHighRisk = false, possibleClassChosen = false;
    struct Component {
        std::string spectrumId;
        double weight = 0;
        bool selected = false;
    };
    std::vector<Component> components; // of the fit (ScreenTrace::componentRows)
    struct Run {
        std::vector<double> selection; // empty: every always-screened candidate was selectable
        double floor = 0;
    };
    std::vector<Run> runs;
    // Format 2: the final fit, for Matcher::screenAddedOnTop.
    bool hasFit = false;
    double finalRss = 0, screenedRssLowest = INFINITY, screenedRssSecond = INFINITY;
    std::vector<double> rssWithout;    // per component
    std::vector<std::uint32_t> chosen; // indexes into components, in the selection's order
};

std::optional<StoredTrace> decodeScreenTrace(std::span<const std::byte> bytes)
{
    TraceReader in{bytes};
    const auto format = in.get<std::uint8_t>();
    if (format != kTraceFormat && format != kTraceFormatWithoutFit)
        return std::nullopt;
    StoredTrace t;
    const auto n = std::size_t(in.get<std::uint32_t>());
    t.hitFloor = in.get<double>();
    t.searchFloor = in.get<double>();
    t.mismatch = in.get<double>();
    const auto flags = in.get<std::uint8_t>();
    t.selectedHighRisk = flags & 1;
    t.possibleClassChosen = flags & 2;
    const bool searched = flags & 4;
    const auto runs = in.get<std::uint8_t>();
    t.query = in.curve<Half>(n);
    t.residual = in.curve<float>(n);
    if (searched)
        t.searchResidual = in.curve<Half>(n);
    const auto components = in.get<std::uint32_t>();
    for (std::uint32_t k = 0; k < components && in.ok; ++k) {
        const auto size = in.get<std::uint32_t>();
        if (in.at + size > bytes.size()) {
            in.ok = false;
            break;
        }
        StoredTrace::Component component;
        component.spectrumId.assign(reinterpret_cast<const char *>(bytes.data() + in.at), size);
        in.at += size;
        component.weight = in.get<double>();
        component.selected = in.get<std::uint8_t>() != 0;
        t.components.push_back(std::move(component));
    }
    for (std::uint8_t k = 0; k < runs && in.ok; ++k) {
        StoredTrace::Run run;
        run.floor = in.get<double>();
        if (in.get<std::uint8_t>())
            run.selection = in.curve<Half>(n);
        t.runs.push_back(std::move(run));
    }
    if (format == kTraceFormat && in.ok) {
        t.hasFit = true;
        t.finalRss = in.get<double>();
        t.screenedRssLowest = in.get<double>();
        t.screenedRssSecond = in.get<double>();
        for (std::size_t k = 0; k < t.components.size(); ++k)
            t.rssWithout.push_back(in.get<double>());
        const auto chosen = in.get<std::uint32_t>();
        for (std::uint32_t k = 0; k < chosen && in.ok; ++k) {
            t.chosen.push_back(in.get<std::uint32_t>());
            if (t.chosen.back() >= t.components.size())
                in.ok = false;
        }
    }
    if (!in.ok || in.at != bytes.size() || n == 0)
        return std::nullopt;
    return t;
}

double dot(const std::vector<double> &a, const std::vector<double> &b)
{
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

// How far a product of a float16-kept curve with a unit-norm reference can be from the
// engine's own (float32 search kernel, double fit): the rounding of the curve (2^-11 of
// its norm, taken twice) plus the kernel's float accumulation, with room to spare. A
// reference within this of a floor counts as reaching it: ties and rounding go to the
// full match.
double dotMargin(const std::vector<double> &curve)
{
    return 2e-3 * std::sqrt(dot(curve, curve)) + 1e-4;
}

// The rescreen matches with the Matcher defaults, which the traces were made with.
constexpr double kBandWeight = 1e-9; // see addedCanEnter

// The exact query and the current library rows of a stored fit's selected components, made
// once per spectrum when an added reference has to be screened on top of the fit.
struct OnTopInput {
    std::optional<matching::ProcessedSpectrum> query;
    std::vector<std::size_t> chosenRows;
    const char *failure = nullptr; // why the fit cannot be re-created: a full match
};

// Whether the added reference `row` could enter the result whose trace is `t`, by the
// engine's own procedure (matcher.cpp finish(), mixturefit.cpp):
//  - any reference: it joins the hits and the first mixture candidates only by scoring at
//    least the last hit searched, and the search on what the first fit left over only by
//    scoring at least its last hit; below both, the candidate list (hence every fit) is
//    what it was, and the reference appears nowhere;
//  - always-screened (high-risk): a candidate of every fit anyway. It leaves the fits as
//    they were only while it could not join the forward selection (its gradient on each
//    run's selection residual below that run's floor; a run where every always-screened
//    candidate was selectable is changed by one more). It is then only screened plain on
//    top of the unchanged final fit, and that is what Matcher::screenAddedOnTop does, with
//    the engine's own columns, solves and band test on the exact processed query (the
//    stored spectrum preprocessed again, `onTop`): the result stays as it was when
//      - the fit is re-created (the same residual sum of squares, to the bit),
//      - the engine would not report the reference (no weight or gain, or none of its
//        distinctive bands present in what the fit leaves),
//      - it does not lower the best other screened candidate any screened component's
//        evidence is measured against (its residual sum of squares on top is at least the
//        second lowest of the others, or the fit's own),
//      - and in place of a selected high-risk component it explains no more than that
//        component's best substitute did (FittedComponent::rssWithout), so no selected
//        one's evidence moves.
//    Everything else in the result is then computed from the same numbers as before
//    (unreported candidates appear nowhere in it; adopted thresholds read the unchanged
//    evidence). A trace stored before format 2 has no fit: the older, coarser rules
//    (selected high-risk component or a class's choice among several: matched again; else
//    the band test at a vanishing weight on the stored residual) decide.
// Returns the rule by which it could enter (RescreenOutcome::rematchedBecause), or nullptr.
const char *addedCanEnter(const StoredTrace &t, std::size_t row, const std::vector<double> &reference,
                          const matching::CompiledLibrary &compiled, const std::vector<double> &grid,
                          const nlohmann::json &reportedHighRisk, const std::map<std::string, double> &adopted,
                          const matching::Matcher &matcher, const std::function<const OnTopInput &()> &onTop)
{
    if (dot(t.query, reference) >= t.hitFloor - dotMargin(t.query))
        return "hits";
    if (!t.searchResidual.empty() && dot(t.searchResidual, reference) >= t.searchFloor - dotMargin(t.searchResidual))
        return "residual search";
    const matching::CompiledEntry &entry = compiled.entries()[row];
    if (!entry.alwaysScreen)
        return nullptr;
    for (const StoredTrace::Run &run : t.runs)
        if (run.selection.empty() || dot(run.selection, reference) >= run.floor - dotMargin(run.selection))
            return "forward selection";
    if (t.hasFit) {
        const OnTopInput &in = onTop();
        if (in.failure)
            return in.failure;
        const matching::AddedOnTop added = matcher.screenAddedOnTop(*in.query, in.chosenRows, row, t.mismatch);
        if (added.fit.finalRss != t.finalRss)
            return "on top: fit not re-created";
        if (added.reported)
            return "on top: reported";
        if (!(added.fit.rss >= std::min(t.finalRss, t.screenedRssSecond)))
            return "on top: another's evidence";
        for (std::size_t k = 0; k < t.chosen.size(); ++k)
            if (compiled.entries()[in.chosenRows[k]].alwaysScreen && !(added.fit.substituteRss[k] >= t.rssWithout[t.chosen[k]]))
                return "on top: substitute";
        return nullptr;
    }
    if (t.selectedHighRisk || t.possibleClassChosen)
        return "high-risk evidence";
    for (const auto &c : reportedHighRisk)
        if (adopted.count(c.value("class", std::string())))
            return "adopted threshold";
    if (t.residual.size() != grid.size())
        return "band test";
    std::vector<double> contribution(reference);
    for (double &v : contribution)
        v *= kBandWeight;
    const auto bands = matching::testBands(entry, t.residual, std::move(contribution), grid, t.mismatch, compiled.thresholds());
    return std::any_of(bands.begin(), bands.end(), [](const matching::BandEvidence &b) { return b.present; }) ? "band test"
                                                                                                              : nullptr;
}

// Whether a component of the stored fit whose distinctive bands the library change moved
// can come out otherwise. A selected one: its band test runs on what the others leave,
// which the trace does not keep: yes. A screened (high-risk, "possible" at most) one: its
// band test runs on what the fit leaves over (kept) with its own weight (kept), so the
// engine's test is run with the bands before and after; the same number of bands present
// (hence the same status and the same standing within its class) leaves the result as
// it was.
bool bandsChangeOutcome(const StoredTrace &t, const StoredTrace::Component &component, const LibraryChange &change,
                        const matching::CompiledLibrary &compiled, const std::map<std::string, std::size_t> &rowOf,
                        const std::vector<double> &grid)
{
    const auto moved = change.bandsChanged.find(component.spectrumId);
    if (moved == change.bandsChanged.end())
        return false;
    const auto row = rowOf.find(component.spectrumId);
    if (component.selected || row == rowOf.end() || t.residual.size() != grid.size())
        return true;
    const matching::CompiledEntry &now = compiled.entries()[row->second];
    matching::CompiledEntry before = now;
    before.bands.clear();
    for (std::uint32_t index : moved->second)
        before.bands.push_back({index < grid.size() ? grid[index] : 0.0, index, 0.0});
    std::vector<double> contribution = compiled.matrix().rowAsDouble(row->second);
    for (double &v : contribution)
        v *= component.weight;
    const auto present = [&](const matching::CompiledEntry &entry) {
        const auto bands = matching::testBands(entry, t.residual, contribution, grid, t.mismatch, compiled.thresholds());
        return std::count_if(bands.begin(), bands.end(), [](const matching::BandEvidence &b) { return b.present; });
    };
    return present(before) != present(now);
}

// What the stored match says that the removal rules need: its high-risk components and
// the substances it names.
struct StoredSummary {
    nlohmann::json highRisk = nlohmann::json::array();
    std::set<std::string> substances;
};

StoredSummary summarize(const core::RescreenItem &item)
{
    StoredSummary out;
    out.highRisk = highRiskComponents(item.mixture.components);
    for (const auto &c : item.mixture.components)
        out.substances.insert(c.substance);
    for (const auto &h : item.hits)
        out.substances.insert(h.substance);
    return out;
}

} // namespace

std::string referenceSetJson(const LoadedLibrary &library)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto &e : library.compiled().entries()) {
        nlohmann::json entry = entryKey(e);
        entry.push_back(entryBands(e));
        out.push_back(std::move(entry));
    }
    return out.dump();
}

void recordReferenceSet(core::Database &db, const LoadedLibrary &library)
{
    core::RescreenStore store(db);
    if (!store.hasReferenceSet(library.compiled().checksum()))
        store.recordReferenceSet(library.compiled().checksum(), referenceSetJson(library));
}

std::vector<std::byte> encodeScreenTrace(const matching::CompiledLibrary &library, const matching::MatchResult &result)
{
    const matching::ScreenTrace &t = result.screen;
    const std::size_t n = result.processedQuery.size();
    if (n == 0 || result.mixture.residualCurve.size() != n || t.fitRuns.empty())
        return {};
    const bool searched = t.searchResidual.size() == n;
    std::vector<std::byte> out;
    out.reserve(32 + n * (8 + 2 * t.fitRuns.size() + (searched ? 2 : 0)));
    put(out, kTraceFormat);
    put(out, std::uint32_t(n));
    put(out, t.hitFloor);
    put(out, t.searchFloor);
    put(out, t.mismatch);
    put(out, std::uint8_t((t.selectedHighRisk ? 1 : 0) | (t.possibleClassChosen ? 2 : 0) | (searched ? 4 : 0)));
    put(out, std::uint8_t(t.fitRuns.size()));
    for (double v : result.processedQuery)
        putHalf(out, v);
    for (double v : result.mixture.residualCurve)
        put(out, float(v));
    if (searched)
        for (double v : t.searchResidual)
            putHalf(out, v);
    put(out, std::uint32_t(t.componentRows.size()));
    for (std::size_t k = 0; k < t.componentRows.size(); ++k) {
        const std::string &id = library.entries().at(t.componentRows[k]).spectrumId;
        put(out, std::uint32_t(id.size()));
        for (char c : id)
            put(out, c);
        put(out, k < t.componentWeights.size() ? t.componentWeights[k] : 0.0);
        put(out, std::uint8_t(k < t.componentSelected.size() && t.componentSelected[k] ? 1 : 0));
    }
    for (const auto &run : t.fitRuns) {
        put(out, run.selectableFloor);
        const bool has = run.selectionResidual.size() == n;
        put(out, std::uint8_t(has ? 1 : 0));
        if (has)
            for (double v : run.selectionResidual)
                putHalf(out, v);
    }
    put(out, t.finalRss);
    put(out, t.screenedRssLowest);
    put(out, t.screenedRssSecond);
    for (std::size_t k = 0; k < t.componentRows.size(); ++k)
        put(out, k < t.componentRssWithout.size() ? t.componentRssWithout[k] : 0.0);
    std::vector<std::uint32_t> chosen;
    for (std::size_t row : t.chosenRows) {
        const auto at = std::find(t.componentRows.begin(), t.componentRows.end(), row);
        if (at == t.componentRows.end())
            return {}; // cannot happen (each selected candidate is a component): no trace, a full match
        chosen.push_back(std::uint32_t(at - t.componentRows.begin()));
    }
    put(out, std::uint32_t(chosen.size()));
    for (std::uint32_t k : chosen)
        put(out, k);
    return out;
}

nlohmann::json highRiskComponents(const std::vector<core::StoredComponent> &components)
{
    nlohmann::json out = nlohmann::json::array();
    std::vector<std::tuple<std::string, std::string, std::string>> found;
    for (const auto &c : components)
        if (c.highRisk)
            found.emplace_back(c.substance, std::string(core::toString(c.status)), c.substanceClass);
    std::sort(found.begin(), found.end());
    for (const auto &[substance, status, cls] : found)
        out.push_back({{"substance", substance}, {"class", cls}, {"status", status}});
    return out;
}

RescreenOutcome rescreenStoredSpectra(core::Database &db, const LoadedLibrary &library, const core::User &actor,
                                      std::stop_token stop, // NOLINT(performance-unnecessary-value-param): a token is a handle
                                      const std::function<void(const RescreenProgress &)> &progress,
                                      const RescreenOptions &options)
{
    core::require(actor, core::Action::Rescreen);
    core::RescreenStore store(db);
    core::MatchResultStore matches(db);
    const std::string checksum = library.compiled().checksum();

    RescreenOutcome outcome;
    std::optional<core::RescreenRun> previous = options.resume ? store.unfinished() : std::nullopt;
    if (previous && previous->libraryChecksum == checksum) {
        outcome.run = *previous;
        outcome.resumed = true;
    } else {
        core::Transaction tx(db);
        outcome.run = store.start(checksum, actor);
        tx.commit();
    }
    {
        // The next run compares its library with this one's.
        core::Transaction tx(db);
        recordReferenceSet(db, library);
        tx.commit();
    }
    core::RescreenRun &run = outcome.run;
    std::int64_t changeCount = std::int64_t(store.changes(run.id).size());
    const unsigned workers = options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t batchSize = std::max<std::size_t>(options.batchSize, 1);
    const matching::CompiledLibrary &compiled = library.compiled();
    const matching::Matcher &matcher = library.matcher();
    std::vector<double> grid;
    for (std::size_t k : matcher.preprocessor().keptIndexes())
        grid.push_back(matcher.preprocessor().grid()[k]);
    std::map<std::string, std::size_t> rowOf; // spectrum id -> row of the current library
    for (std::size_t row = 0; row < compiled.entries().size(); ++row)
        rowOf.emplace(compiled.entries()[row].spectrumId, row);
    std::map<std::string, LibraryChange> libraryChanges;
    std::map<std::size_t, std::vector<double>> addedRows;
    auto changeFor = [&](const std::string &earlier) -> const LibraryChange & {
        auto it = libraryChanges.find(earlier);
        if (it == libraryChanges.end()) {
            it = libraryChanges.emplace(earlier, changeSince(store.referenceSet(earlier), compiled)).first;
            for (std::size_t row : it->second.added)
                if (!addedRows.count(row))
                    addedRows.emplace(row, compiled.matrix().rowAsDouble(row));
        }
        return it->second;
    };

    bool cancelled = false;
    for (;;) {
        if (stop.stop_requested()) {
            cancelled = true;
            break;
        }
        auto lap = std::chrono::steady_clock::now();
        // Adds the time since the last lap to `total`.
        auto clock = [&lap](double &total) {
            const auto now = std::chrono::steady_clock::now();
            total += std::chrono::duration<double>(now - lap).count();
            lap = now;
        };
        std::vector<core::RescreenItem> batch = store.batchAfter(run.cursor, batchSize);
        clock(outcome.secondsReading);
        if (batch.empty())
            break;

        // What each spectrum needs. Full: matched again. Keep: its stored match stands
        // (the change cannot reach it). Score: decided below against the added references.
        enum class Need { Full, Keep, Score };
        std::vector<Need> need(batch.size(), Need::Full);
        std::vector<const LibraryChange *> change(batch.size(), nullptr);
        std::vector<const char *> because(batch.size(), nullptr); // the screen's reason for a full match
        for (std::size_t i = 0; i < batch.size() && options.onlyAffected; ++i) {
            const core::RescreenItem &item = batch[i];
            if (!item.hasMatch || item.matchLibraryChecksum.empty())
                continue; // never matched, or against a library nobody recorded
            if (item.matchLibraryChecksum == checksum) {
                need[i] = Need::Keep; // same library, same content: the same match
                continue;
            }
            const LibraryChange &c = changeFor(item.matchLibraryChecksum);
            if (!c.known)
                continue;
            if (!c.removedSubstances.empty()) {
                const StoredSummary sm = summarize(item);
                // A removed reference the stored match names; or, where high-risk components
                // were reported, any removed one: it may have been in the fit without being
                // reported (a residual candidate), and a removed high-risk one was a
                // candidate of every fit and the substitute another is measured against.
                const bool namesRemoved = std::any_of(c.removedSubstances.begin(), c.removedSubstances.end(),
                                                      [&](const std::string &name) { return sm.substances.count(name) > 0; });
                if (namesRemoved || !sm.highRisk.empty())
                    continue;
            }
            change[i] = &c;
            const bool bandsMoved = !c.bandsKnown || !c.bandsChanged.empty();
            need[i] = c.added.empty() && !bandsMoved ? Need::Keep : Need::Score;
        }

        // Score: the stored trace against the added references only (addedCanEnter); a
        // match without a trace (stored before schema v17) is matched again.
        std::vector<std::size_t> toScore;
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (need[i] == Need::Score)
                toScore.push_back(i);
        const auto &adopted = library.adoptedThresholds();
        parallelFor(toScore.size(), workers, [&](std::size_t k) {
            const std::size_t i = toScore[k];
            const std::optional<StoredTrace> trace = decodeScreenTrace(batch[i].matchScreen);
            if (!trace) {
                need[i] = Need::Full;
                because[i] = "no trace";
                return;
            }
            // A component of the fit whose distinctive bands changed: its band test changes.
            const LibraryChange &c = *change[i];
            if (!c.bandsKnown ||
                std::any_of(trace->components.begin(), trace->components.end(), [&](const StoredTrace::Component &component) {
                    return bandsChangeOutcome(*trace, component, c, compiled, rowOf, grid);
                })) {
                need[i] = Need::Full;
                because[i] = "changed bands of a component";
                return;
            }
            const nlohmann::json reported = adopted.empty() ? nlohmann::json::array()
                                                            : highRiskComponents(batch[i].mixture.components);
            std::optional<OnTopInput> onTop;
            const std::function<const OnTopInput &()> makeOnTop = [&]() -> const OnTopInput & {
                if (onTop)
                    return *onTop;
                onTop.emplace();
                for (std::uint32_t component : trace->chosen) {
                    const auto at = rowOf.find(trace->components[component].spectrumId);
                    if (at == rowOf.end()) {
                        onTop->failure = "on top: a component left the library";
                        return *onTop;
                    }
                    onTop->chosenRows.push_back(at->second);
                }
                try {
                    onTop->query = matcher.preprocessor().process(toSpectrum(batch[i].spectrum));
                } catch (const matching::MatchingError &) {
                    onTop->failure = "on top: query";
                }
                return *onTop;
            };
            for (std::size_t row : c.added)
                if (const char *rule = addedCanEnter(*trace, row, addedRows.at(row), compiled, grid, reported, adopted, matcher,
                                                     makeOnTop)) {
                    need[i] = Need::Full;
                    because[i] = rule;
                    return;
                }
            need[i] = Need::Keep;
        });

        clock(outcome.secondsScreening);
        std::vector<std::size_t> full;
        std::vector<importers::Spectrum> spectra;
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (need[i] == Need::Full) {
                full.push_back(i);
                spectra.push_back(toSpectrum(batch[i].spectrum));
            }
        const std::vector<matching::MatchResult> results = matchAll(library, spectra, workers);
        clock(outcome.secondsMatching);
        outcome.rematched += std::int64_t(full.size());
        for (std::size_t i : full)
            ++outcome.rematchedBecause[because[i] ? because[i] : "not screened"];
        outcome.kept += std::int64_t(batch.size() - full.size());

        std::vector<core::RescreenChange> changes;
        core::Transaction tx(db);
        for (std::size_t k = 0; k < full.size(); ++k) {
            const core::RescreenItem &item = batch[full[k]];
            const nlohmann::json before = highRiskComponents(item.mixture.components);
            const core::StoredMatch fresh = storedMatchFor(library, results[k], item.spectrumId);
            const nlohmann::json after = highRiskComponents(fresh.mixture.components);
            // A verified result stands as verified: its change is listed, its match kept.
            const bool mayUpdate = item.sampleStatus != core::SampleStatus::Verified;
            // Stored too when only the library differs: the spectrum's match is then known to
            // be current, and the next re-screen need not look at it again.
            const bool differs = !item.hasMatch || fresh.mixture != item.mixture || item.matchLibraryChecksum != checksum;
            const bool update = mayUpdate && differs;
            if (update)
                matches.add(fresh);
            if (before != after) {
                core::RescreenChange c;
                c.runId = run.id;
                c.spectrumId = item.spectrumId;
                c.fileId = item.fileId;
                c.fileName = item.fileName;
                c.sampleId = item.sampleId;
                c.publicCode = item.publicCode;
                c.sampleStatus = item.sampleStatus;
                c.beforeJson = before.dump();
                c.afterJson = after.dump();
                c.matchUpdated = update;
                changes.push_back(std::move(c));
            }
        }
        store.recordBatch(run.id, batch.back().cursor, std::int64_t(batch.size()), changes);
        tx.commit();
        clock(outcome.secondsWriting);
        run.cursor = batch.back().cursor;
        run.done += std::int64_t(batch.size());
        changeCount += std::int64_t(changes.size());
        if (progress)
            progress({run.done, std::max(run.total, run.done), changeCount});
    }
    {
        core::Transaction tx(db);
        store.close(run.id, cancelled ? "cancelled" : "finished");
        tx.commit();
    }
    run = *store.find(run.id);
    outcome.changes = store.changes(run.id);
    return outcome;
}

} // namespace candor::services
