#pragma once
// Backups through SQLite's online backup API: a consistent copy while other connections
// keep writing. The copy is written to a temporary file beside the target and renamed
// at the end, so a failed backup leaves nothing half-written. Also the daily rotating
// backups the app makes, configured in the settings table, and restore.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
struct User;

// Where the audit log's head was recorded outside the database (see auditlog.h), and
// what kept it from being recorded somewhere. A failure here does not fail the backup or
// restore, which is done and (for a backup) holds the head itself; the front end says it.
struct CheckpointRecord {
    std::int64_t seq = 0; // the head's entry; 0 for an empty log
    std::string hash;
    std::vector<std::filesystem::path> files; // checkpoint files a line was appended to
    std::vector<std::string> problems;
};

struct BackupResult {
    std::filesystem::path path;
    std::int64_t bytes = 0;
    CheckpointRecord checkpoint;
};

// Needs the admin role. Throws StorageError (an I/O problem: CLI 74) naming the target
// when its folder is missing or not writable; the target is replaced only on success.
// Then appends the backup's head to the checkpoint file beside it, and to the one in
// the automatic backup folder when that is another folder that exists.
BackupResult backupDatabase(Database &db, const std::filesystem::path &target, const User &actor);

// Copies `source` (a backup) over the open database `db`, through the backup API, after
// checking that it is a Candor database of this schema whose integrity and audit chain
// verify. Needs the admin role. Throws ValidationError when the source fails a check.
// The restore is audited and its new head is checkpointed (in the automatic backup
// folder, created when missing, and beside `source`): a restore shortens the log on
// purpose, and `db check` must then measure against the head after the restore.
CheckpointRecord restoreDatabase(Database &db, const std::filesystem::path &source, const User &actor);

// Settings in the `settings` table.
struct BackupSettings {
    bool enabled = false;
    std::filesystem::path folder; // empty: <database folder>/backups
    int keep = 7;                 // how many daily backups to keep
};
BackupSettings backupSettings(Database &db);
// Needs the admin role; audited.
void setBackupSettings(Database &db, const BackupSettings &settings, const User &actor);

// When enabled and no backup exists for today (UTC) in the folder, writes
// candor-YYYY-MM-DD.sqlite there and removes the oldest beyond `keep`. Runs as the
// system (it is the service's own routine, configured by an admin). Returns the file
// written, nullopt when nothing was due. Its head goes to the folder's checkpoint file; a
// checkpoint that cannot be written is an I/O problem (StorageError), since nobody
// watches this routine's result but its log.
std::optional<std::filesystem::path> runAutomaticBackup(Database &db, std::chrono::system_clock::time_point now);
std::filesystem::path automaticBackupFolder(Database &db);

// Generic settings access (session timeout, alert rules, ...). Changing one needs the
// role its key asks for ("backup.*": Backup, "alerts.*": EditAlertRules, else
// ChangeSettings) and writes an audit entry with the old and new value.
std::optional<std::string> setting(Database &db, const std::string &key);
void setSetting(Database &db, const std::string &key, const std::string &value, const User &actor);
// Removes a setting, so that the shipped default applies again.
void clearSetting(Database &db, const std::string &key, const User &actor);

} // namespace candor::core
