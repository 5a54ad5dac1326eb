#pragma once
// Test-strip and reagent readings on a sample, the warnings they raise (a positive strip
// that may be a cross-reaction), and the sample's history as a list of events.

#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
class Catalogue;
struct User;

const std::vector<std::string> &stripResults(); // positive, negative, invalid

struct StripInput {
    std::string stripType;
    std::string result;
    std::optional<std::string> brand;
    std::optional<std::string> lot;
    std::optional<double> cutoffNgMl; // the catalogue's default when empty
    std::optional<double> dilutionMgMl;
    std::optional<double> readTimeMin;
};

struct StripReading {
    std::string id;
    std::string sampleId;
    std::string stripType;
    std::string result;
    std::optional<std::string> brand;
    std::optional<std::string> lot;
    std::optional<double> cutoffNgMl;
    std::optional<double> dilutionMgMl;
    std::optional<double> readTimeMin;
    std::string createdAt;
    std::string createdByName;
    // The reading that corrected this one; a superseded reading stays stored (and in the
    // audit log) but no longer counts: not in strips(), warnings, findings or the slip.
    std::optional<std::string> supersededBy;
};

struct ReagentReading {
    std::string id;
    std::string sampleId;
    std::string reagent;
    std::vector<std::string> colours;
    std::string createdAt;
    std::string createdByName;
};

// One line of a sample's story, oldest first.
struct HistoryEvent {
    std::string at;
    std::string who;
    std::string what;
};

class ReadingStore {
public:
    ReadingStore(Database &db, Catalogue &catalogue)
        : m_db(db)
        , m_catalogue(catalogue)
    {
    }

    // Unknown strip type or result: ValidationError naming `type` or `result`; unknown
    // sample: NotFound. A sample that was only received moves to in-testing.
    StripReading addStrip(const std::string &sampleId, const StripInput &input, const User &actor);
    // Throws the ValidationError addStrip would, without touching the database: a front
    // end checks a tap before it asks whether the tap replaces an earlier reading.
    void validateStrip(const StripInput &input);
    // Corrects a mis-tapped reading: stores `corrected` as a new reading and marks the old
    // one superseded by it, with two audit entries (the old reading "supersede", the new
    // one "correct" naming what it replaces) in one transaction. An empty
    // `corrected.stripType` keeps the old type. Unknown reading: NotFound; a reading that
    // was already corrected: ValidationError on `reading` (correct the newer one); the
    // sample no longer editable: ValidationError on `status`.
    StripReading correctStrip(const std::string &readingId, const StripInput &corrected, const User &actor);
    // The newest reading of this strip type that still counts, if any: a second tap of
    // the same strip asks whether it replaces this one.
    std::optional<StripReading> currentStrip(const std::string &sampleId, const std::string &stripType);
    // `colours` is the ordered sequence seen, e.g. {"purple", "black"}.
    ReagentReading addReagent(const std::string &sampleId, const std::string &reagent, const std::vector<std::string> &colours,
                              const User &actor);

    // The readings that count (superseded ones left out), oldest first.
    std::vector<StripReading> strips(const std::string &sampleId);
    // Every reading, superseded ones included (supersededBy set), oldest first.
    std::vector<StripReading> allStrips(const std::string &sampleId);
    std::vector<ReagentReading> reagents(const std::string &sampleId);

    // Sentences for the technician: a positive strip whose known cross-reactants include
    // something else recorded for the sample (what it was sold as, what a reagent
    // suggested).
    std::vector<std::string> crossReactionWarnings(const std::string &sampleId);
    // From the audit log (every entry about the sample, in order).
    std::vector<HistoryEvent> history(const std::string &sampleId);

private:
    void requireEditable(const std::string &sampleId);
    void markInTesting(const std::string &sampleId, const User &actor);
    // The row of a validated reading; the caller writes its audit entry.
    StripReading insertStrip(const std::string &sampleId, const StripInput &input, const User &actor);

    Database &m_db;
    Catalogue &m_catalogue;
};

} // namespace candor::core
