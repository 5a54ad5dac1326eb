#pragma once
// Re-screening stored spectra after the reference library changed: a run row (the library
// checksum it screens against, its status and a progress cursor over instrument_spectra)
// and the changes it found, one row per run and spectrum, so that a run interrupted by a
// crash or a cancel resumes from its cursor without listing a spectrum twice. Core does
// not match (candor_services does): it hands out stored spectra in batches and keeps what
// the caller found.

#include "core/instrumentfiles.h"
#include "core/matchresults.h"
#include "core/vocabulary.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
struct User;

struct RescreenRun {
    std::string id;
    std::string libraryChecksum;
    std::string status;      // running, cancelled, finished
    std::int64_t total = 0;  // spectra to screen when the run started
    std::int64_t done = 0;   // spectra screened so far
    std::int64_t cursor = 0; // instrument_spectra rowid of the last spectrum screened
    std::string startedAt;
    std::string finishedAt; // empty while running or cancelled
};

// One stored infrared spectrum as a re-screen reads it: its points, its sample, and the
// hits and mixture of the newest stored match.
struct RescreenItem {
    std::int64_t cursor = 0; // rowid: the run's cursor after this item
    std::string spectrumId;
    std::string fileId;
    std::string fileName;
    std::string sampleId;
    std::string publicCode;
    SampleStatus sampleStatus = SampleStatus::Received;
    SpectrumData spectrum;
    bool hasMatch = false;
    StoredMixture mixture; // of the newest stored match
    std::vector<StoredHit> hits;
    std::string matchLibraryChecksum;   // empty: stored before schema v15, library unknown
    std::vector<std::byte> matchScreen; // StoredMatch::screen of that match (empty: none)
};

// A spectrum whose high-risk components differ from its stored match.
struct RescreenChange {
    std::string runId;
    std::string spectrumId;
    std::string fileId;
    std::string fileName;
    std::string sampleId;
    std::string publicCode;
    SampleStatus sampleStatus = SampleStatus::Received; // when the change was found
    std::string beforeJson = "[]";                      // [{substance, class, status}] high-risk, from the stored match
    std::string afterJson = "[]";                       // the same against the new library
    bool matchUpdated = false;                          // the new match was stored (never for a verified sample)
    std::string createdAt;
};

class RescreenStore {
public:
    explicit RescreenStore(Database &db)
        : m_db(db)
    {
    }

    // A new run over every infrared spectrum of a sample that is not invalidated. Throws
    // PermissionDenied unless the actor may re-screen (technician, admin).
    RescreenRun start(const std::string &libraryChecksum, const User &actor);
    // The newest run that did not finish (running: interrupted by a crash; cancelled).
    std::optional<RescreenRun> unfinished();
    std::optional<RescreenRun> find(const std::string &runId);
    // The newest run of any status.
    std::optional<RescreenRun> latest();

    // Up to `limit` spectra after `cursor`, in rowid order.
    std::vector<RescreenItem> batchAfter(std::int64_t cursor, std::size_t limit);

    // Records a screened batch (call inside the caller's transaction, with the stored
    // matches): its changes (a change already listed for the run and spectrum is kept,
    // not duplicated) and the run's new cursor and count.
    void recordBatch(const std::string &runId, std::int64_t cursor, std::int64_t screened,
                     const std::vector<RescreenChange> &changes);
    // The reference set of a library (see migration v15), kept once per checksum: a set
    // already recorded stays as it was.
    void recordReferenceSet(const std::string &checksum, const std::string &entriesJson);
    bool hasReferenceSet(const std::string &checksum);
    std::optional<std::string> referenceSet(const std::string &checksum);

    // status: cancelled or finished. Throws ValidationError for anything else.
    void close(const std::string &runId, const std::string &status);
    // The run's changes, by sample public code then file and spectrum.
    std::vector<RescreenChange> changes(const std::string &runId);

private:
    Database &m_db;
};

} // namespace candor::core
