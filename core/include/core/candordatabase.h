#pragma once
// Opening Candor's database the one way every front end does: open, migrate to the
// latest schema, load the shipped catalogue and make sure a site exists.

#include <filesystem>
#include <memory>

namespace candor::core {

class Database;

// $CANDOR_DB when set, else the platform's application data folder:
// $XDG_DATA_HOME/candor/candor.sqlite (~/.local/share/candor/candor.sqlite), the same
// folder Qt's QStandardPaths::AppDataLocation gives the app named "candor".
std::filesystem::path defaultDatabasePath();

// Throws StorageError naming the file when it is not SQLite, read-only, locked, or
// newer than this program.
std::unique_ptr<Database> openCandorDatabase(const std::filesystem::path &path);

// For commands that only read: as openCandorDatabase, but a file that cannot be written
// (a copy on write-protected media, a file another account owns) still opens, read-only,
// when it is already at the latest schema. Nothing is created.
std::unique_ptr<Database> openCandorDatabaseForReading(const std::filesystem::path &path);

} // namespace candor::core
