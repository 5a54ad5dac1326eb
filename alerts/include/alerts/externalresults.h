#pragma once
// Results another drug-checking service published (for now the table Drug Checking BC
// published for 2018), imported through a named mapping into their own table, apart
// from this service's samples, so that trends and rule matches can be seen on real data.

#include "alerts/verifiedsample.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor::core {
class ExternalResultStore;
}

namespace candor::alerts {

struct RejectedRow {
    int row = 0;        // 1-based data row (the header is row 0)
    std::string reason; // "Fentanyl Test Strip: 'Positive;Negative' is two readings at once"
};

struct ExternalImportReport {
    int read = 0;
    int imported = 0;
    int alreadyImported = 0; // the same file's rows imported before
    std::vector<RejectedRow> rejected;
    // Values kept but worth knowing about: "sold-as text without a known substance: 'GHB'" -> rows.
    std::map<std::string, int> notes;
    // How the imported rows read, as the file states them.
    std::map<std::string, int> stripCounts;     // "fentanyl positive" -> rows
    std::map<std::string, int> componentCounts; // the file's component name -> rows listing it
};

// The names of the mappings this program knows: drugcheckingbc.
std::vector<std::string> externalMappings();

// Other services' published results: a CSV read through a named mapping into the
// external results rows, and those rows as verified samples. (Named apart from
// core::ExternalResultStore, the interface that keeps the rows.)
class ExternalResultImport {
public:
    // The rows are kept in `rows` (core/sqlite/sqliteexternalresultstore.h over a Candor
    // database), which must outlive this object.
    explicit ExternalResultImport(core::ExternalResultStore &rows)
        : m_rows(rows)
    {
    }

    // Imports the CSV text of `fileLabel` through mapping `mapping`, in one transaction.
    // Throws ValidationError for an unknown mapping, or a header with unknown or missing
    // columns (nothing imported). Rows with unknown or contradictory values are rejected,
    // each with its reason, and the others imported.
    ExternalImportReport importCsv(std::string_view csvText, const std::string &fileLabel, const std::string &mapping);

    std::int64_t count(const std::optional<std::string> &source = std::nullopt);
    std::vector<VerifiedSample> samples(const std::optional<std::string> &source = std::nullopt);

private:
    core::ExternalResultStore &m_rows;
};

// Verified samples from the external results table.
class ExternalResultSource : public VerifiedSampleSource {
public:
    explicit ExternalResultSource(core::ExternalResultStore &rows)
        : m_store(rows)
    {
    }
    std::vector<VerifiedSample> verifiedSamples() override { return m_store.samples(); }

private:
    ExternalResultImport m_store;
};

// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Throws ValidationError naming
// the line of an unterminated quote.
std::vector<std::vector<std::string>> parseCsv(std::string_view text);
// "['Caffeine', 'Fentanyl HCl']" -> {"Caffeine", "Fentanyl HCl"}; nullopt when malformed.
std::optional<std::vector<std::string>> parsePythonList(std::string_view text);

} // namespace candor::alerts
