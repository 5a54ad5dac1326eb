#pragma once
// The audit log: one append-only table where every insert, update and status change
// lands with who, when (UTC), what, the old and new value as JSON and the reason. Each
// entry carries the SHA-256 of the previous entry's hash and its own content, so an
// entry that was edited, deleted or moved breaks the chain, and verify() names it.
//
// Why the stores write the entries (inside their own transaction) rather than SQLite
// triggers on every table: an entry must say who acted and why, and only the store
// knows that; SQLite has no session user a trigger could read. The stores are the only
// code with SQL that writes (front ends never see SQL), every store write goes through
// append() in the same transaction as the change, and the triggers that do exist make
// the log itself append-only. Someone with a raw sqlite3 shell can bypass either design;
// the hash chain is what makes that visible.
//
// The chain alone cannot see a missing tail: delete the newest entries and what is left
// still chains. So the head (the newest entry's number and hash) is also kept outside
// the database file: every backup holds the head it was taken at (its own newest entry),
// and a checkpoint file beside the backups gets one line per backup, restore and
// successful `db check`. verifyAnchor() then checks that the live chain still holds the
// newest of those heads.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
struct User;

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at;
    std::string actorId;   // empty for the system (migrations, default site)
    std::string actorName; // "system" for the system
    std::string entity;    // sample, strip_reading, reagent_reading, findings, user, site, setting
    std::string entityId;
    std::string sampleId; // the sample it belongs to, empty otherwise
    std::string action;   // insert, update, submit, verify, return, invalidate, set, ...
    std::string oldValue; // JSON, empty when there was none
    std::string newValue; // JSON, empty when there is none
    std::string reason;
    std::string prevHash;
    std::string hash;
};

struct AuditCheck {
    bool ok = true;
    std::int64_t entries = 0;
    std::optional<std::int64_t> firstBadSeq; // the first entry that does not verify
    std::string problem;                     // one sentence
};

// The newest entry of a chain, as a checkpoint records it.
struct AuditHead {
    std::int64_t seq = 0;
    std::string hash;
    std::string at; // the entry's time: orders checkpoints, newest last
};

// One head kept outside the database: a line of the checkpoint file or a backup file.
struct AuditCheckpoint {
    AuditHead head;
    std::filesystem::path file;
    int line = 0;           // 1-based line of the checkpoint file; 0 for a backup file
    std::string recordedAt; // when the line was written (empty for a backup file)
    std::string note;       // what wrote it: "backup to ...", "restore from ...", "db check"
    // "/b/audit-checkpoints.txt line 4 (entry 57 of 2026-12-02T02:11:00Z, backup to /b/x.sqlite)"
    std::string describe() const;
};

// Every checkpoint in one folder, and what was wrong with the checkpoint file itself.
struct CheckpointScan {
    std::vector<AuditCheckpoint> checkpoints;
    std::vector<std::string> problems; // a checkpoint-file line that was edited or removed
    std::vector<std::string> notes;    // a *.sqlite file that could not be read as a backup
};

struct AnchorCheck {
    bool ok = true;
    std::filesystem::path folder;
    std::optional<AuditCheckpoint> used; // the newest checkpoint; nullopt when none was found
    // The entries a truncation removed (first and last sequence number).
    std::optional<std::pair<std::int64_t, std::int64_t>> missing;
    std::string problem; // one sentence when !ok
    std::vector<std::string> notes;
};

// The append-only file of heads beside the backups.
inline constexpr const char *kCheckpointFileName = "audit-checkpoints.txt";

// Appends `head` as one line to `folder`/audit-checkpoints.txt (created when missing),
// chained to the line before it by SHA-256 so that an edited or removed line shows.
// Locked against a parallel writer, flushed to disk. Returns the file's path; throws
// StorageError (an I/O problem) naming the file when it cannot be written.
std::filesystem::path appendCheckpoint(const std::filesystem::path &folder, const AuditHead &head, const std::string &note);
// Reads every line of the checkpoint file and the newest entry of every *.sqlite file
// in `folder` except `skip` (the live database, should it sit there). A missing folder
// is an empty scan.
CheckpointScan scanCheckpoints(const std::filesystem::path &folder, const std::filesystem::path &skip = {});

class AuditLog {
public:
    explicit AuditLog(Database &db)
        : m_db(db)
    {
    }

    // Appends one entry. Must run inside the transaction that makes the change, so that
    // the change and its entry commit together or not at all. `actor` null = system.
    void append(const User *actor, const std::string &entity, const std::string &entityId, const std::string &sampleId,
                const std::string &action, const nlohmann::json &oldValue, const nlohmann::json &newValue,
                const std::string &reason = {});

    // Entries about one sample, oldest first.
    std::vector<AuditEntry> forSample(const std::string &sampleId);
    std::vector<AuditEntry> all();
    // Recomputes every hash in order.
    AuditCheck verify();
    // The newest entry; nullopt for an empty log.
    std::optional<AuditHead> head();
    // Finds the newest checkpoint in `folder` (by its head's time; a later line of the
    // checkpoint file wins a tie) and checks that this log holds that entry with that
    // hash. Fails naming the missing entries when the log ends before it, or when the
    // checkpoint file itself was edited. No checkpoint at all is ok, and said in notes.
    AnchorCheck verifyAnchor(const std::filesystem::path &folder);

    // The hash of an entry: SHA-256 (hex) over the previous hash and the entry's fields,
    // each length-prefixed so that no two different entries hash the same text.
    static std::string computeHash(const AuditEntry &entry);

private:
    Database &m_db;
};

// A JSON value for the audit log from optional fields.
template<typename T>
nlohmann::json jsonOrNull(const std::optional<T> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

} // namespace candor::core
