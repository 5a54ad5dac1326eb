#pragma once
// The schema, as a list of migrations keyed on PRAGMA user_version. Each migration is
// one function run inside its own transaction, so a failure leaves the file at the
// previous version. Never edit a released migration: add a new one.

namespace candor::core {

class Database;

// The version a fully migrated database has.
int latestSchemaVersion();

// Migrates to `target` (default: latest). Throws StorageError when the file is newer
// than this program knows, or when a migration fails (the file stays at the last good
// version).
void migrate(Database &db, int target = -1);

} // namespace candor::core
