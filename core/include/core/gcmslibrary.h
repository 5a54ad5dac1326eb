#pragma once
// The service's GC-MS libraries: entries imported from NIST MSP files by an admin, and
// the in-house library built from the lab's own reference-standard runs (the clean
// spectrum of one peak, with its retention time and index on the lab's method). Core
// stores what it is handed: reading MSP files and finding peaks is candor_gcms's work.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
struct User;

struct GcmsLibraryEntry {
    std::string id;
    // "msp" (an imported library file) or "in-house" (a reference-standard run here).
    std::string origin;
    std::string sourceFile; // the MSP file or the run, by name
    std::string name;
    std::string cas;
    std::string formula;
    std::optional<double> retentionIndex;
    std::optional<double> retentionMinutes; // in-house entries: on this lab's method
    std::vector<double> mz;
    std::vector<double> intensity;
    std::string addedAt;
    std::string addedBy; // user id
};

class GcmsLibraryStore {
public:
    explicit GcmsLibraryStore(Database &db)
        : m_db(db)
    {
    }

    // Adds every entry in one transaction (all or nothing) and writes one audit entry.
    // Throws PermissionDenied unless `actor` is an admin, ValidationError naming the
    // entry for an empty name, no peaks, mismatched or non-finite values or an origin
    // other than "msp" or "in-house". Returns the new ids in order.
    std::vector<std::string> addAll(const std::vector<GcmsLibraryEntry> &entries, const User &actor);

    // Every entry, oldest first, with its peaks.
    std::vector<GcmsLibraryEntry> all();

private:
    Database &m_db;
};

} // namespace candor::core
