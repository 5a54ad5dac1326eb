#include "rescreen.h"

#include "referencelibrary.h"

#include "core/database.h"
#include "core/matchresults.h"
#include "core/permissions.h"

#include <algorithm>
#include <cmath>
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
template <class Work>
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

// The library change between the one a stored match was made against and the current one.
struct LibraryChange {
    bool known = false;                       // the earlier reference set is on record
    std::vector<std::size_t> added;           // rows of the current compiled library
    bool addedHighRisk = false;
    std::set<std::string> removedSubstances;  // substances of removed references
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
    std::set<nlohmann::json> before(earlier.begin(), earlier.end()), now;
    const auto &entries = current.entries();
    for (std::size_t row = 0; row < entries.size(); ++row) {
        nlohmann::json key = entryKey(entries[row]);
        if (!before.count(key)) {
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

// The rescreen's own match options (Matcher defaults): a reference enters the result only
// through the top kTopN hits (which are also the first mixture candidates), through the
// search on what the first fit leaves over, or, high-risk, as an always-screened candidate.
constexpr std::size_t kTopN = matching::MatchOptions{}.topN;
static_assert(matching::MatchOptions{}.mixtureCandidates <= kTopN);
// Stored scores are rounded to 1e-4; the search runs in float. An added reference scoring
// within this of the stored k-th hit is treated as entering the hits.
constexpr double kScoreMargin = 0.01;
// A distinctive band of an added reference "shows" in a query when the query peaks
// within the band window at least this much over its flanks (processed units: the query
// has norm 1). The engine's band test asks the residual, not the query, for a peak of half
// the component's fitted height and 3.5 times the mismatch level; there is no cheap bound
// from the query to that residual, so this is an empirical screen with a wide margin: on
// the equivalence test set (tests/services/tst_rescreenfastpath.cpp) the smallest peak at
// which an added nitazene changed a result was 0.028, about three times this.
constexpr double kBandProminence = 0.01;
// An added high-risk reference that correlates at least this much with a reported
// high-risk component may stand in for it (the substitute its evidence is measured
// against): such spectra are matched again.
constexpr double kSubstituteCorrelation = 0.3;

// The query's peak within the band window over the mean of its flanks, as the engine's
// band test measures the residual (matcher.cpp, bandEvidence), without the local-maximum
// condition (more spectra pass: the screen errs towards matching again).
bool bandShows(const matching::DistinctiveBand &band, const std::vector<double> &grid, const std::vector<double> &q,
               const matching::LibraryThresholds &th)
{
    if (band.index >= grid.size() || q.size() != grid.size())
        return true;
    const double centre = grid[band.index];
    double peak = -INFINITY, flank = 0;
    std::size_t flankCount = 0;
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double d = std::abs(grid[i] - centre);
        if (d <= th.bandWindow)
            peak = std::max(peak, q[i]);
        else if (d > th.bandWindow + 4 && d <= th.bandWindow + 24) {
            flank += q[i];
            ++flankCount;
        }
    }
    if (flankCount == 0 || peak == -INFINITY)
        return true;
    return peak - flank / double(flankCount) >= kBandProminence;
}

// What the stored match says that a screen needs: its high-risk components, the
// substances it names, and the lowest score among its hits when it kept kTopN of them.
struct StoredSummary {
    nlohmann::json highRisk = nlohmann::json::array();
    std::set<std::string> substances;
    double lowestHitScore = -INFINITY; // -inf: fewer than kTopN hits, any score may enter
};

StoredSummary summarize(const core::RescreenItem &item)
{
    StoredSummary out;
    const nlohmann::json mixture = nlohmann::json::parse(item.mixtureJson, nullptr, false);
    out.highRisk = highRiskComponents(mixture);
    if (mixture.is_object() && mixture.contains("components") && mixture["components"].is_array())
        for (const auto &c : mixture["components"])
            if (c.is_object())
                out.substances.insert(c.value("substance", std::string()));
    const nlohmann::json hits = nlohmann::json::parse(item.hitsJson, nullptr, false);
    if (hits.is_array()) {
        double lowest = INFINITY;
        for (const auto &h : hits)
            if (h.is_object()) {
                out.substances.insert(h.value("substance", std::string()));
                lowest = std::min(lowest, h.value("score", -double(INFINITY)));
            }
        if (hits.size() >= kTopN)
            out.lowestHitScore = lowest;
    }
    return out;
}

} // namespace

std::string referenceSetJson(const LoadedLibrary &library)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto &e : library.compiled().entries())
        out.push_back(entryKey(e));
    return out.dump();
}

void recordReferenceSet(core::Database &db, const LoadedLibrary &library)
{
    core::RescreenStore store(db);
    if (!store.hasReferenceSet(library.compiled().checksum()))
        store.recordReferenceSet(library.compiled().checksum(), referenceSetJson(library));
}

nlohmann::json highRiskComponents(const nlohmann::json &mixture)
{
    nlohmann::json out = nlohmann::json::array();
    if (!mixture.is_object() || !mixture.contains("components") || !mixture["components"].is_array())
        return out;
    std::vector<std::tuple<std::string, std::string, std::string>> found;
    for (const auto &c : mixture["components"])
        if (c.is_object() && c.value("high_risk", false))
            found.emplace_back(c.value("substance", std::string()), c.value("status", std::string()),
                               c.value("class", std::string()));
    std::sort(found.begin(), found.end());
    for (const auto &[substance, status, cls] : found)
        out.push_back({{"substance", substance}, {"class", cls}, {"status", status}});
    return out;
}

RescreenOutcome rescreenStoredSpectra(core::Database &db, const LoadedLibrary &library, const core::User &actor,
                                      std::stop_token stop,
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
    // Added references as rows to score against, per earlier library (usually one or two).
    std::map<std::string, std::vector<std::size_t>> rowsOf; // substance -> rows
    for (std::size_t row = 0; row < compiled.entries().size(); ++row)
        rowsOf[compiled.entries()[row].substance].push_back(row);
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
        std::vector<core::RescreenItem> batch = store.batchAfter(run.cursor, batchSize);
        if (batch.empty())
            break;

        // What each spectrum needs. Full: matched again. Keep: its stored match stands
        // (the change cannot reach it). Score: decided below against the added references.
        enum class Need { Full, Keep, Score };
        std::vector<Need> need(batch.size(), Need::Full);
        std::vector<StoredSummary> summary(batch.size());
        std::vector<const LibraryChange *> change(batch.size(), nullptr);
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
            summary[i] = summarize(item);
            const StoredSummary &sm = summary[i];
            // A removed reference the stored match names; or a removed high-risk one, which
            // was a candidate of every fit (and another's substitute), where high-risk
            // components were reported.
            const bool namesRemoved = std::any_of(c.removedSubstances.begin(), c.removedSubstances.end(),
                                                  [&](const std::string &name) { return sm.substances.count(name) > 0; });
            // A removed reference may also have been in the fit without being reported
            // (a residual candidate), and a removed high-risk one was a candidate of every
            // fit and the substitute another is measured against: where high-risk
            // components were reported, match again.
            const bool removedAny = !c.removedSubstances.empty();
            if (namesRemoved || (removedAny && !sm.highRisk.empty()))
                continue;
            change[i] = &c;
            need[i] = c.added.empty() ? Need::Keep : Need::Score;
        }

        // Score: the query through the library's pipeline, against the added rows only.
        std::vector<std::size_t> toScore;
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (need[i] == Need::Score)
                toScore.push_back(i);
        const matching::LibraryThresholds &th = compiled.thresholds();
        parallelFor(toScore.size(), workers, [&](std::size_t k) {
            const std::size_t i = toScore[k];
            matching::ProcessedSpectrum q;
            try {
                q = matcher.preprocessor().process(toSpectrum(batch[i].spectrum));
            } catch (const matching::MatchingError &) {
                need[i] = Need::Full; // the full match says why
                return;
            }
            bool reaches = false;
            for (std::size_t row : change[i]->added) {
                const std::vector<double> &r = addedRows.at(row);
                const double score = std::inner_product(r.begin(), r.end(), q.values.begin(), 0.0);
                // Enters the top hits, hence the mixture candidates.
                reaches = score >= summary[i].lowestHitScore - kScoreMargin;
                // High-risk: screened in every fit; it can be reported only where one of
                // its distinctive bands is in the sample. Any other: it can still join the
                // fit through the search on what the first fit leaves over, which takes
                // references whose bands are there.
                const auto &entry = compiled.entries()[row];
                if (!reaches)
                    reaches = std::any_of(entry.bands.begin(), entry.bands.end(), [&](const matching::DistinctiveBand &b) {
                        return bandShows(b, grid, q.values, th);
                    });
                // High-risk: also the substitute each reported high-risk component is
                // measured against; it lowers that one's evidence only as far as it can
                // stand in for it, i.e. resembles it.
                if (!reaches && entry.alwaysScreen)
                    for (const auto &component : summary[i].highRisk) {
                        const auto rows = rowsOf.find(component.value("substance", std::string()));
                        if (rows == rowsOf.end()) {
                            reaches = true; // a name the library no longer holds: be safe
                            break;
                        }
                        for (std::size_t other : rows->second) {
                            const std::vector<double> o = compiled.matrix().rowAsDouble(other);
                            if (std::inner_product(r.begin(), r.end(), o.begin(), 0.0) >= kSubstituteCorrelation) {
                                reaches = true;
                                break;
                            }
                        }
                        if (reaches)
                            break;
                    }
                if (reaches)
                    break;
            }
            need[i] = reaches ? Need::Full : Need::Keep;
        });

        std::vector<std::size_t> full;
        std::vector<importers::Spectrum> spectra;
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (need[i] == Need::Full) {
                full.push_back(i);
                spectra.push_back(toSpectrum(batch[i].spectrum));
            }
        const std::vector<matching::MatchResult> results = matchAll(library, spectra, workers);
        outcome.rematched += std::int64_t(full.size());
        outcome.kept += std::int64_t(batch.size() - full.size());

        std::vector<core::RescreenChange> changes;
        core::Transaction tx(db);
        for (std::size_t k = 0; k < full.size(); ++k) {
            const core::RescreenItem &item = batch[full[k]];
            const nlohmann::json stored = nlohmann::json::parse(item.mixtureJson, nullptr, false);
            const nlohmann::json before = highRiskComponents(stored);
            const core::StoredMatch fresh = storedMatchFor(library, results[k], item.spectrumId);
            const nlohmann::json after = highRiskComponents(nlohmann::json::parse(fresh.mixtureJson));
            // A verified result stands as verified: its change is listed, its match kept.
            const bool mayUpdate = item.sampleStatus != "verified";
            // Stored too when only the library differs: the spectrum's match is then known to
            // be current, and the next re-screen need not look at it again.
            const bool differs = !item.hasMatch || fresh.mixtureJson != item.mixtureJson
                                 || item.matchLibraryChecksum != checksum;
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
