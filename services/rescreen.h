#pragma once
// Re-screening every stored sample spectrum when the reference library changed (a new
// nitazene is added, say): each spectrum is matched again against the current library in
// batches, and the ones whose high-risk components (detected or possible) differ from the
// stored match are listed for a technician to review. The new match is stored for a
// sample that is not yet verified; a verified result is never changed, only listed.
// Findings are never touched. Runs on any one thread with that thread's Database; the
// matching itself is spread over worker threads.

#include "core/rescreens.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace candor::core {
class Database;
struct User;
} // namespace candor::core

namespace candor::services {

class LoadedLibrary;

struct RescreenProgress {
    std::int64_t done = 0;  // spectra screened in this run so far (resumed runs included)
    std::int64_t total = 0; // spectra the run covers
    std::int64_t changes = 0;
};

struct RescreenOptions {
    // Resume the newest unfinished run (cancelled, or left running by a crash) when it
    // screens against this very library; otherwise a new run starts from the first spectrum.
    bool resume = true;
    std::size_t batchSize = 256; // spectra per transaction; cancel is honoured between batches
    unsigned workers = 0;        // matching threads; 0: all hardware threads
};

struct RescreenOutcome {
    core::RescreenRun run; // status finished, or cancelled when stopped
    bool resumed = false;
    std::vector<core::RescreenChange> changes; // every change of the run, resumed part included
};

// The high-risk components of a match --json mixture as [{substance, class, status}],
// sorted by substance then status: what a re-screen compares.
nlohmann::json highRiskComponents(const nlohmann::json &mixture);

// Screens the stored spectra against `library`. `progress` is called after each batch
// (on the calling thread); `stop` is checked between batches and leaves the run
// cancelled, resumable. Each batch (its new matches, its changes and the cursor) is one
// transaction, so a crash loses at most the batch in flight. Throws StorageError when the
// database fails, PermissionDenied when the actor may not re-screen (technician, admin).
RescreenOutcome rescreenStoredSpectra(core::Database &db, const LoadedLibrary &library, const core::User &actor,
                                      std::stop_token stop = {},
                                      const std::function<void(const RescreenProgress &)> &progress = {},
                                      const RescreenOptions &options = {});

} // namespace candor::services
