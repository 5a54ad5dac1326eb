#include "rescreen.h"

#include "referencelibrary.h"

#include "core/database.h"
#include "core/matchresults.h"
#include "core/permissions.h"

#include <algorithm>
#include <optional>
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

} // namespace

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
    core::RescreenRun &run = outcome.run;
    std::int64_t changeCount = std::int64_t(store.changes(run.id).size());
    const unsigned workers = options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t batchSize = std::max<std::size_t>(options.batchSize, 1);

    bool cancelled = false;
    for (;;) {
        if (stop.stop_requested()) {
            cancelled = true;
            break;
        }
        std::vector<core::RescreenItem> batch = store.batchAfter(run.cursor, batchSize);
        if (batch.empty())
            break;
        std::vector<importers::Spectrum> spectra;
        spectra.reserve(batch.size());
        for (const auto &item : batch)
            spectra.push_back(toSpectrum(item.spectrum));
        const std::vector<matching::MatchResult> results = matchAll(library, spectra, workers);

        std::vector<core::RescreenChange> changes;
        core::Transaction tx(db);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const core::RescreenItem &item = batch[i];
            const nlohmann::json stored = nlohmann::json::parse(item.mixtureJson, nullptr, false);
            const nlohmann::json before = highRiskComponents(stored);
            const core::StoredMatch fresh = storedMatchFor(library, results[i], item.spectrumId);
            const nlohmann::json after = highRiskComponents(nlohmann::json::parse(fresh.mixtureJson));
            // A verified result stands as verified: its change is listed, its match kept.
            const bool mayUpdate = item.sampleStatus != "verified";
            const bool differs = !item.hasMatch || fresh.mixtureJson != item.mixtureJson;
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
