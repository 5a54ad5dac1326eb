#pragma once
// The reference library as the database holds it: reference spectra with the substance
// each shows and where it comes from. Matching (candor_matching) turns these rows into a
// compiled library; this store only keeps them, detects re-imports (the same bytes twice), and
// versions the whole so caches know when to rebuild.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util.h"

namespace candor::core {

class Database;
struct User;

struct ReferenceRow {
    std::string id;
    std::string substance;
    std::string substanceClass = "unknown";
    std::string risk = "low"; // low, moderate, high
    std::string synonyms;     // comma-separated
    std::string cas;
    std::string formula;
    std::string title;
    std::string technique = "infrared";
    std::string source;
    std::string licence;
    double resolution = 0;
    std::string fileName;
    std::string sha256; // of the file's bytes
    std::string xUnits;
    std::string yUnits;
    std::vector<double> x;
    std::vector<double> y;
    std::string metadataJson = "{}";
    bool isDemo = false;
    std::string createdAt;
    // Retired references stay for the history (stored matches name them) but are no
    // longer matched against.
    bool retired = false;
    // False when the catalogue did not know the substance: class "unknown", risk not set
    // (`risk` then holds "low" only as a placeholder) until an admin sets them.
    bool riskSet = true;
};

// What adding one reference did.
struct ReferenceAddResult {
    enum class Outcome {
        Added,
        AlreadyPresent, // the same bytes were imported before: nothing to do
        // A second spectrum of a known substance is Added too: lots, instruments, salt and
        // base all belong in the library, and the matcher uses them together.
    };
    Outcome outcome = Outcome::Added;
    std::string id;      // the new row, or the existing one
    std::string message; // one sentence for the user
};

class ReferenceStore {
public:
    explicit ReferenceStore(Database &db)
        : m_db(db)
    {
    }

    // Needs the admin role (the library decides what every match says). `row.sha256`
    // must be set. Throws ValidationError for empty names, mismatched x/y lengths or
    // non-finite values.
    ReferenceAddResult add(const ReferenceRow &row, const User *actor);
    // Every reference, retired ones included (flagged).
    std::vector<ReferenceRow> all(bool withPoints = true);
    // The references matching uses: all but the retired ones.
    std::vector<ReferenceRow> active(bool withPoints = true);
    std::int64_t count();
    // Changes whenever a reference is added or removed, so compiled caches rebuild.
    std::string version();
    // Demo references still in use (not retired).
    bool hasDemoReferences();
    std::int64_t demoCount();
    // Retires every demo reference (admin): the rows stay, flagged, matching stops using
    // them, the version changes. Audit-logged. Returns how many were retired (0 when
    // none was left: nothing is logged then).
    std::int64_t retireDemo(const User &actor);
    // Sets class and risk (low, moderate, high) of every reference of `substance` (admin),
    // marking the risk as set. Audit-logged with the old values. Throws ValidationError
    // for an empty class, a risk that is none of the three, or a substance the library
    // does not hold.
    void setSubstanceClassAndRisk(const std::string &substance, const std::string &substanceClass, const std::string &risk,
                                  const User &actor);
    // Whether the demo library was ever seeded into this database (a setting), so that
    // seeding happens once: a service that removes the demo does not get it back.
    bool demoSeeded();
    void markDemoSeeded();

private:
    std::vector<ReferenceRow> rows(bool withPoints, bool withRetired);

    Database &m_db;
};

} // namespace candor::core
