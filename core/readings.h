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
    std::optional<double> cutoffNgMl;   // the catalogue's default when empty
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
    ReadingStore(Database &db, Catalogue &catalogue) : m_db(db), m_catalogue(catalogue) {}

    // Unknown strip type or result: ValidationError naming `type` or `result`; unknown
    // sample: NotFound. A sample that was only received moves to in-testing.
    StripReading addStrip(const std::string &sampleId, const StripInput &input, const User &actor);
    // `colours` is the ordered sequence seen, e.g. {"purple", "black"}.
    ReagentReading addReagent(const std::string &sampleId, const std::string &reagent,
                              const std::vector<std::string> &colours, const User &actor);

    std::vector<StripReading> strips(const std::string &sampleId);
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

    Database &m_db;
    Catalogue &m_catalogue;
};

} // namespace candor::core
