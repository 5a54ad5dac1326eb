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

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

namespace candor::core {
class Database;
struct User;
} // namespace candor::core

namespace candor::matching {
class CompiledLibrary;
struct MatchResult;
} // namespace candor::matching

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
    // Re-match only the spectra the library change can affect (see rescreen.cpp): a stored
    // match made against a known earlier library is kept when no added reference can enter
    // its result and no removed one was in it. false: every spectrum is matched again
    // (what the equivalence test compares with).
    bool onlyAffected = true;
};

struct RescreenOutcome {
    core::RescreenRun run; // status finished, or cancelled when stopped
    bool resumed = false;
    // Of the spectra screened by this call: matched again in full, and kept because the
    // library change could not reach their stored match (scored against the added
    // references only, or not touched at all).
    std::int64_t rematched = 0;
    std::int64_t kept = 0;
    // The rematched ones by why (bench/rescreen reports it): "not screened" (no stored match,
    // an unknown library, a removal the stored match names), "no trace" (stored before
    // schema v17), or the screen's rule that let an added reference in.
    std::map<std::string, std::int64_t> rematchedBecause;
    std::vector<core::RescreenChange> changes; // every change of the run, resumed part included
    // Where this call's wall time went (bench/rescreen reports it): reading batches from the
    // database, screening the stored traces, matching in full, writing matches and changes.
    double secondsReading = 0, secondsScreening = 0, secondsMatching = 0, secondsWriting = 0;
};

// The high-risk components of a stored mixture as [{substance, class, status}], sorted by
// substance then status: what a re-screen compares (and keeps in rescreen_changes).
nlohmann::json highRiskComponents(const std::vector<core::StoredComponent> &components);

// The library's reference set as library_reference_sets keeps it: one
// [spectrum id, substance, class, always screened, [distinctive band indexes]] per
// compiled entry (sets recorded before the bands were kept have four elements).
std::string referenceSetJson(const LoadedLibrary &library);
// The result's ScreenTrace (with its processed query and what its fit left over) as
// match_results.screen keeps it: about 10 bytes a point. Empty for a result without a
// mixture fit (an unusable spectrum).
std::vector<std::byte> encodeScreenTrace(const matching::CompiledLibrary &library, const matching::MatchResult &result);

// Records the reference set of `library` once per checksum (in the caller's transaction):
// call wherever matches against it are stored, so that a later re-screen knows what the
// stored matches were made against.
void recordReferenceSet(core::Database &db, const LoadedLibrary &library);

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
