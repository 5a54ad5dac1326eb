#pragma once
// What matching said about a stored spectrum: verdict, reason, hits and mixture, kept with
// the library it was matched against. Core does not match (candor_services does) and
// keeps the hits, mixture and warnings as the JSON of 'candor-cli match --json'.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace candor::core {

class Database;

struct StoredMatch {
    std::string id;
    std::string spectrumId;
    std::string libraryName;
    std::string libraryVersion;
    std::int64_t librarySpectra = 0;
    bool libraryDemo = false;
    // The compiled library's checksum (empty for matches stored before schema v15): with
    // library_reference_sets, what a re-screen needs to know which references were there.
    std::string libraryChecksum;
    // What the engine's choices hinged on (services/rescreen.cpp encodes and reads it;
    // schema v17); empty: not kept.
    std::vector<std::byte> screen;
    std::string verdict; // match, uncertain, no-match
    std::string reason;
    std::string error;            // non-empty when the spectrum could not be matched
    std::string warningsJson = "[]";
    std::string hitsJson = "[]";
    std::string mixtureJson = "{}";
    std::string createdAt;
    // Filled by forSample(): which spectrum of which file.
    std::string spectrumTitle;
    std::string fileName;
};

class MatchResultStore {
public:
    explicit MatchResultStore(Database &db) : m_db(db) {}

    // Stores one result (in the caller's transaction when there is one); returns its id.
    // Throws ValidationError for an unknown verdict.
    std::string add(const StoredMatch &match);
    // The newest result per spectrum of the sample, in import order.
    std::vector<StoredMatch> forSample(const std::string &sampleId);
    // The newest result for one spectrum; empty id when there is none.
    StoredMatch latestFor(const std::string &spectrumId);

private:
    Database &m_db;
};

} // namespace candor::core
