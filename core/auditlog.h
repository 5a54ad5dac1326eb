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

#include <nlohmann/json.hpp>

#include <cstdint>
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
    std::string sampleId;  // the sample it belongs to, empty otherwise
    std::string action;    // insert, update, submit, verify, return, invalidate, set, ...
    std::string oldValue;  // JSON, empty when there was none
    std::string newValue;  // JSON, empty when there is none
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

class AuditLog {
public:
    explicit AuditLog(Database &db) : m_db(db) {}

    // Appends one entry. Must run inside the transaction that makes the change, so that
    // the change and its entry commit together or not at all. `actor` null = system.
    void append(const User *actor, const std::string &entity, const std::string &entityId,
                const std::string &sampleId, const std::string &action, const nlohmann::json &oldValue,
                const nlohmann::json &newValue, const std::string &reason = {});

    // Entries about one sample, oldest first.
    std::vector<AuditEntry> forSample(const std::string &sampleId);
    std::vector<AuditEntry> all();
    // Recomputes every hash in order.
    AuditCheck verify();

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
