#pragma once
// What matching said about a stored spectrum: verdict, reason, hits, mixture and warnings,
// kept with the library it was matched against. Core does not match (candor_services
// does and fills a StoredMatch from the engine's result); it keeps each part in typed
// rows (schema v18: match_hits, match_components, match_component_bands, match_warnings).
// The CLI's JSON of a match is a view of this struct, written in cli/.

#include "core/vocabulary.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace candor::core {

class Database;

// One ranked hit of the library search.
struct StoredHit {
    std::string substance;
    std::string substanceClass;
    double score = 0; // Pearson r on the processed spectra, rounded to 1e-4: 1 identical
    int rank = 0;     // 1 = best
    bool highRisk = false;
    bool operator==(const StoredHit &) const = default;
};

// One of a component's distinctive bands and whether the sample shows it.
struct StoredBand {
    double wavenumber = 0; // 1/cm, rounded to 0.1
    bool present = false;
    bool operator==(const StoredBand &) const = default;
};

// One component of the mixture fit: detected ones by fraction, then possible ones.
struct StoredComponent {
    std::string substance;
    std::string substanceClass;
    double fraction = 0; // share of the fitted signal, rounded to 1e-4 (not % w/w)
    ComponentStatus status = ComponentStatus::Detected;
    bool highRisk = false;
    double evidence = 0;           // the fit's evidence for it, rounded to 1e-5
    std::vector<StoredBand> bands; // its distinctive bands, strongest first
    bool operator==(const StoredComponent &) const = default;
};

// The mixture part of a match: what a re-screen compares to tell whether a match changed.
struct StoredMixture {
    std::vector<StoredComponent> components;
    double residual = 1; // ||query - fit|| / ||query||, rounded to 1e-4
    // The library holds nothing that explains the bulk of the spectrum.
    bool mainSubstanceUnknown = false;
    bool operator==(const StoredMixture &) const = default;
};

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
    Verdict verdict = Verdict::NoMatch;
    std::string reason;
    std::string error;                 // non-empty when the spectrum could not be matched
    std::vector<std::string> warnings; // sentences: coverage, units, possible high-risk, demo library
    std::vector<StoredHit> hits;       // by rank
    StoredMixture mixture;
    std::string createdAt;
    // Filled by forSample() and latestFor(): which spectrum of which file.
    std::string spectrumTitle;
    std::string fileName;
};

class MatchResultStore {
public:
    explicit MatchResultStore(Database &db)
        : m_db(db)
    {
    }

    // Stores one result with its hits, components and warnings (in the caller's
    // transaction when there is one, else in one of its own); returns its id.
    std::string add(const StoredMatch &match);
    // The newest result per spectrum of the sample, in import order.
    std::vector<StoredMatch> forSample(const std::string &sampleId);
    // The newest result for one spectrum; empty id when there is none.
    StoredMatch latestFor(const std::string &spectrumId);
    // Reads the hits, mixture components and warnings of the stored result `match.id` into
    // `match` (for readers that select match_results rows themselves, like RescreenStore;
    // the residual and "main substance unknown" are columns of that row).
    void readParts(StoredMatch &match);

private:
    Database &m_db;
};

} // namespace candor::core
