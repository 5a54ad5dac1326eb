#pragma once
// Where results another drug-checking service published are kept, one row per row of
// its table, apart from this service's samples. The alerts library maps and checks the
// table's values (alerts/externalresults.h); this store only keeps what it accepted.

#include "core/storetransaction.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

// One component the other service reported, mapped to the catalogue.
struct ExternalFinding {
    std::string substance;      // catalogue name: "fentanyl"
    std::string substanceClass; // fentanyl, stimulant, ...
    std::string abundance;      // primary, trace, or "" when not stated
    std::string technique;      // ftir, strip
    std::string reported;       // the table's own words: "Fentanyl HCl"
};

struct ExternalResult {
    std::string id;
    std::string source;       // the mapping it came through: drugcheckingbc
    std::string fileSha256;   // of the imported file, with sourceRow: what makes a row "already imported"
    int sourceRow = 0;        // 1-based data row of that file
    std::string receivedDate; // YYYY-MM-DD
    std::string site;
    std::string region;
    std::string soldAs;
    std::optional<std::string> soldAsSubstance;
    std::optional<std::string> soldAsClass;
    std::map<std::string, std::string> strips; // strip type -> reading: "fentanyl" -> "positive"
    std::vector<ExternalFinding> findings;
    std::string importedAt;
};

class ExternalResultStore {
public:
    virtual ~ExternalResultStore();

    // Several calls as one unit (an import): rolls back unless committed.
    virtual std::unique_ptr<StoreTransaction> begin() = 0;

    // True when this row of this file came in through this source before.
    virtual bool contains(const std::string &source, const std::string &fileSha256, int sourceRow) = 0;
    virtual void insert(const ExternalResult &result) = 0;

    // Rows of one source, or of all.
    virtual std::int64_t count(const std::optional<std::string> &source) = 0;
    // By received date, then source row.
    virtual std::vector<ExternalResult> list(const std::optional<std::string> &source) = 0;
};

} // namespace candor::core
