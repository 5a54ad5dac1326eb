#pragma once
// Confirmatory lab results (GC-MS, LC-MS, qNMR...) imported from a lab's CSV against the
// samples' public codes, the truth Candor's findings and matches are validated against
// (issue 11). The column mapping is documented in docs/lab-import.md; an import is all or
// nothing, and importing the same file again adds nothing.

#include "core/errors.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor::core {

class Catalogue;
class Database;
struct User;

// A lab CSV that cannot be imported: what() says "FILE line N, column C: why".
// `line` is the 1-based line of the file (the header is line 1), `column` the header's
// canonical name (code, substance, ...), or what the header said for an unknown column.
class LabImportError : public ValidationError {
public:
    LabImportError(std::string file, int line, std::string column, const std::string &why);
    const std::string &file() const noexcept { return m_file; }
    int line() const noexcept { return m_line; }
    const std::string &column() const noexcept { return m_column; }

private:
    std::string m_file;
    int m_line;
    std::string m_column;
};

struct LabResult {
    std::string id;
    std::string sampleId;
    std::string publicCode;
    std::string substance;      // the catalogue's name
    std::string substanceClass; // the catalogue's class
    std::string lab;
    std::string method;     // gc-ms, lc-ms, qnmr, ... or empty
    std::string reportedOn; // YYYY-MM-DD or empty
    bool detected = true;
    std::optional<double> quantityPercent;
    std::string fileName;
    int sourceLine = 0;
};

struct LabImportReport {
    std::string fileName;
    int rows = 0; // data rows read (blank lines not counted)
    int added = 0;
    int updated = 0;   // same sample, substance, lab, method and date with another result
    int unchanged = 0; // already stored as it is (a re-import), or repeated in the file
    bool dryRun = false;
};

// The methods a lab result may name (lower case); "GC/MS", "GCMS" read as gc-ms.
const std::vector<std::string> &labMethods();

class LabResultStore {
public:
    LabResultStore(Database &db, Catalogue &catalogue)
        : m_db(db)
        , m_catalogue(catalogue)
    {
    }

    // Reads `csv` (the file's text; `fileName` names it in errors) and, unless `dryRun`,
    // stores every row in one transaction with one audit entry per added or changed result.
    // Every row is checked before anything is written: LabImportError names the line and
    // column of the first bad value (unknown column, unknown public code or substance, bad
    // date, number or yes/no) and nothing is stored. Needs the technician or admin role
    // (PermissionDenied).
    LabImportReport importCsv(std::string_view csv, const std::string &fileName, const User &actor, bool dryRun = false);

    // Every stored result, by public code, substance, lab, method and date.
    std::vector<LabResult> list();

private:
    Database &m_db;
    Catalogue &m_catalogue;
};

} // namespace candor::core
