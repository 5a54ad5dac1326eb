#include "core/backup.h"
#include "core/auditlog.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/migrations.h"
#include "core/permissions.h"
#include "core/users.h"
#include "core/util.h"

#include <sqlite3.h>
#include <unistd.h>
#include <fcntl.h>

#include <algorithm>
#include <random>

namespace candor::core {

namespace {

// Copies every page of `from` into `to` in one step (the source holds a read
// transaction meanwhile, so the copy is one consistent snapshot).
void copyPages(sqlite3 *to, sqlite3 *from, const std::string &what)
{
    sqlite3_backup *backup = sqlite3_backup_init(to, "main", from, "main");
    if (!backup)
        throw StorageError(sqlite3_extended_errcode(to), what + ": " + sqlite3_errmsg(to));
    int rc;
    do {
        rc = sqlite3_backup_step(backup, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    const int finish = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        throw StorageError(rc, what + ": " + sqlite3_errstr(rc));
    if (finish != SQLITE_OK)
        throw StorageError(finish, what + ": " + sqlite3_errstr(finish));
}

void syncFile(const std::filesystem::path &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string tempSuffix()
{
    std::random_device rd;
    return ".tmp-" + std::to_string(rd()) + std::to_string(::getpid());
}

BackupResult writeBackup(Database &db, const std::filesystem::path &target)
{
    const auto absolute = std::filesystem::absolute(target);
    const auto folder = absolute.parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw StorageError(SQLITE_CANTOPEN,
                           "backup to " + target.string() + ": the folder " + folder.string() + " does not exist");
    if (::access(folder.c_str(), W_OK) != 0)
        throw StorageError(SQLITE_CANTOPEN,
                           "backup to " + target.string() + ": the folder " + folder.string() + " is not writable");
    if (std::filesystem::is_directory(absolute, ec))
        throw StorageError(SQLITE_CANTOPEN, "backup to " + target.string() + ": that is a folder; give a file name");
    const auto temp = folder / (absolute.filename().string() + tempSuffix());
    auto cleanUp = [&] {
        for (const char *suffix : {"", "-journal", "-wal", "-shm"})
            std::filesystem::remove(temp.string() + suffix, ec);
    };
    try {
        sqlite3 *out = nullptr;
        int rc = sqlite3_open_v2(temp.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_close_v2(out);
            throw StorageError(rc, "backup to " + target.string() + ": " + sqlite3_errstr(rc));
        }
        try {
            copyPages(out, db.handle(), "backup to " + target.string());
            // A backup is a single file: no WAL beside it.
            sqlite3_exec(out, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
        } catch (...) {
            sqlite3_close_v2(out);
            throw;
        }
        sqlite3_close_v2(out);
        syncFile(temp);
        std::filesystem::rename(temp, absolute);
        syncFile(folder);
    } catch (const std::filesystem::filesystem_error &e) {
        cleanUp();
        throw StorageError(SQLITE_IOERR, "backup to " + target.string() + ": " + e.what());
    } catch (...) {
        cleanUp();
        throw;
    }
    return {absolute, std::int64_t(std::filesystem::file_size(absolute, ec))};
}

std::string dateOf(std::chrono::system_clock::time_point t)
{
    return formatUtc(t).substr(0, 10);
}

// Appends `head` to the checkpoint file in each folder (once per folder), collecting
// what failed instead of throwing: the backup or restore itself is already done.
CheckpointRecord recordCheckpoint(const std::optional<AuditHead> &head, const std::vector<std::filesystem::path> &folders,
                                  const std::string &note)
{
    CheckpointRecord record;
    if (!head) // an empty log has no head to lose
        return record;
    const AuditHead &h = *head;
    record.seq = h.seq;
    record.hash = h.hash;
    std::vector<std::filesystem::path> done;
    for (const auto &folder : folders) {
        std::error_code ec;
        const auto absolute = std::filesystem::weakly_canonical(std::filesystem::absolute(folder), ec);
        if (std::find(done.begin(), done.end(), absolute) != done.end())
            continue;
        done.push_back(absolute);
        try {
            record.files.push_back(appendCheckpoint(absolute, h, note));
        } catch (const StorageError &e) {
            record.problems.push_back(e.what());
        }
    }
    return record;
}

// The head a backup file was taken at: its own newest entry.
std::optional<AuditHead> headOf(const std::filesystem::path &backup)
{
    Database copy(backup, Database::Mode::ReadOnly);
    return AuditLog(copy).head();
}

} // namespace

BackupResult backupDatabase(Database &db, const std::filesystem::path &target, const User &actor)
{
    require(actor, Action::Backup);
    auto result = writeBackup(db, target);
    std::vector<std::filesystem::path> folders{result.path.parent_path()};
    std::error_code ec;
    if (const auto automatic = automaticBackupFolder(db); std::filesystem::is_directory(automatic, ec))
        folders.push_back(automatic);
    result.checkpoint = recordCheckpoint(headOf(result.path), folders, "backup to " + result.path.string());
    return result;
}

CheckpointRecord restoreDatabase(Database &db, const std::filesystem::path &source, const User &actor)
{
    require(actor, Action::Backup);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(source, ec))
        throw ValidationError("file", "restore: " + source.string() + " is not a file");
    {
        Database check(source, Database::Mode::ReadOnly);
        auto integrity = check.prepare("PRAGMA integrity_check");
        if (!integrity.step() || integrity.columnText(0) != "ok")
            throw ValidationError("file", "restore: " + source.string() + " fails SQLite's integrity check");
        if (check.userVersion() != latestSchemaVersion())
            throw ValidationError("file", "restore: " + source.string() + " has schema version " +
                                              std::to_string(check.userVersion()) + ", this Candor needs " +
                                              std::to_string(latestSchemaVersion()) + " (migrate a copy of it first)");
        const auto audit = AuditLog(check).verify();
        if (!audit.ok)
            throw ValidationError("file", "restore: " + source.string() + ": " + audit.problem);
    }
    // Which head the restore replaces, for the log: a later reader sees what was dropped.
    const auto replaced = AuditLog(db).head();
    sqlite3 *in = nullptr;
    int rc = sqlite3_open_v2(source.c_str(), &in, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_close_v2(in);
        throw StorageError(rc, "restore from " + source.string() + ": " + sqlite3_errstr(rc));
    }
    try {
        copyPages(db.handle(), in, "restore from " + source.string());
    } catch (...) {
        sqlite3_close_v2(in);
        throw;
    }
    sqlite3_close_v2(in);
    // The restore itself is part of the story: appended to the restored log.
    Transaction tx(db);
    nlohmann::json replacedHead = nullptr;
    if (replaced)
        replacedHead = {{"seq", replaced->seq}, {"hash", replaced->hash}};
    AuditLog(db).append(&actor, "database", "", "", "restore", nullptr,
                        {{"from", source.string()}, {"replaced_head", replacedHead}});
    tx.commit();
    const auto folder = automaticBackupFolder(db);
    std::filesystem::create_directories(folder, ec);
    return recordCheckpoint(AuditLog(db).head(), {folder, std::filesystem::absolute(source).parent_path()},
                            "restore from " + source.string());
}

std::optional<std::string> setting(Database &db, const std::string &key)
{
    auto st = db.prepare("SELECT value FROM settings WHERE key = ?");
    st.bind(1, key);
    if (!st.step())
        return std::nullopt;
    return st.columnText(0);
}

namespace {
// Who may change a setting depends on what it is for.
Action actionForSetting(const std::string &key)
{
    if (key.rfind("backup.", 0) == 0)
        return Action::Backup;
    if (key.rfind("alerts.", 0) == 0)
        return Action::EditAlertRules;
    return Action::ChangeSettings;
}
} // namespace

void clearSetting(Database &db, const std::string &key, const User &actor)
{
    require(actor, actionForSetting(key));
    Transaction tx(db);
    const auto old = setting(db, key);
    if (old) {
        db.prepare("DELETE FROM settings WHERE key = ?").bind(1, key).run();
        AuditLog(db).append(&actor, "setting", key, "", "delete", *old, nullptr);
    }
    tx.commit();
}

void setSetting(Database &db, const std::string &key, const std::string &value, const User &actor)
{
    require(actor, actionForSetting(key));
    Transaction tx(db);
    const auto old = setting(db, key);
    if (old == value) {
        tx.commit();
        return;
    }
    db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
    AuditLog(db).append(&actor, "setting", key, "", old ? "update" : "insert", old ? nlohmann::json(*old) : nlohmann::json(),
                        value);
    tx.commit();
}

BackupSettings backupSettings(Database &db)
{
    BackupSettings s;
    s.enabled = setting(db, "backup.enabled").value_or("0") == "1";
    s.folder = setting(db, "backup.folder").value_or("");
    try {
        s.keep = std::clamp(std::stoi(setting(db, "backup.keep").value_or("7")), 1, 365);
    } catch (const std::exception &) {
        s.keep = 7;
    }
    return s;
}

void setBackupSettings(Database &db, const BackupSettings &settings, const User &actor)
{
    require(actor, Action::Backup);
    if (settings.keep < 1 || settings.keep > 365)
        throw ValidationError("keep", "keep: between 1 and 365 backups");
    Transaction tx(db);
    setSetting(db, "backup.enabled", settings.enabled ? "1" : "0", actor);
    setSetting(db, "backup.folder", settings.folder.string(), actor);
    setSetting(db, "backup.keep", std::to_string(settings.keep), actor);
    tx.commit();
}

std::filesystem::path automaticBackupFolder(Database &db)
{
    const auto s = backupSettings(db);
    if (!s.folder.empty())
        return s.folder;
    return std::filesystem::absolute(db.path()).parent_path() / "backups";
}

std::optional<std::filesystem::path> runAutomaticBackup(Database &db, std::chrono::system_clock::time_point now)
{
    const auto s = backupSettings(db);
    if (!s.enabled)
        return std::nullopt;
    const auto folder = automaticBackupFolder(db);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    const auto target = folder / ("candor-" + dateOf(now) + ".sqlite");
    if (std::filesystem::exists(target, ec))
        return std::nullopt;
    writeBackup(db, target);
    const auto checkpoint = recordCheckpoint(headOf(target), {folder}, "automatic backup to " + target.string());
    // Names sort by date, so the oldest come first.
    std::vector<std::filesystem::path> existing;
    for (const auto &entry : std::filesystem::directory_iterator(folder, ec)) {
        const auto name = entry.path().filename().string();
        if (name.size() == 24 && name.rfind("candor-", 0) == 0 && entry.path().extension() == ".sqlite")
            existing.push_back(entry.path());
    }
    std::sort(existing.begin(), existing.end());
    while (int(existing.size()) > s.keep) {
        std::filesystem::remove(existing.front(), ec);
        existing.erase(existing.begin());
    }
    if (!checkpoint.problems.empty())
        throw StorageError(SQLITE_IOERR, "backup written to " + target.string() +
                                             ", but its audit head was not recorded: " + checkpoint.problems.front());
    return target;
}

} // namespace candor::core
