#include "auditlog.h"
#include "database.h"
#include "errors.h"
#include "users.h"
#include "util.h"

#include <sodium.h>

namespace candor::core {

namespace {

constexpr const char *kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

std::string dumpOrEmpty(const nlohmann::json &value)
{
    if (value.is_null())
        return {};
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

constexpr const char *kColumns = "SELECT seq, at, actor_id, actor_name, entity, entity_id, sample_id, action, "
                                 "old_value, new_value, reason, prev_hash, hash FROM audit_log ";

AuditEntry readEntry(Statement &st)
{
    AuditEntry e;
    e.seq = st.columnInt(0);
    e.at = st.columnText(1);
    e.actorId = st.columnText(2);
    e.actorName = st.columnText(3);
    e.entity = st.columnText(4);
    e.entityId = st.columnText(5);
    e.sampleId = st.columnText(6);
    e.action = st.columnText(7);
    e.oldValue = st.columnText(8);
    e.newValue = st.columnText(9);
    e.reason = st.columnText(10);
    e.prevHash = st.columnText(11);
    e.hash = st.columnText(12);
    return e;
}

} // namespace

std::string AuditLog::computeHash(const AuditEntry &e)
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
    std::string text;
    for (const std::string *field : {&e.prevHash, &e.at, &e.actorId, &e.actorName, &e.entity, &e.entityId,
                                     &e.sampleId, &e.action, &e.oldValue, &e.newValue, &e.reason}) {
        text += std::to_string(field->size());
        text += ':';
        text += *field;
        text += '\n';
    }
    text = std::to_string(e.seq) + "\n" + text;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

void AuditLog::append(const User *actor, const std::string &entity, const std::string &entityId,
                      const std::string &sampleId, const std::string &action, const nlohmann::json &oldValue,
                      const nlohmann::json &newValue, const std::string &reason)
{
    // Callers hold the write transaction (BEGIN IMMEDIATE), so no other writer can append
    // between reading the last hash and inserting this entry.
    AuditEntry e;
    auto last = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.step()) {
        e.seq = last.columnInt(0) + 1;
        e.prevHash = last.columnText(1);
    } else {
        e.seq = 1;
        e.prevHash = kGenesis;
    }
    e.at = nowUtc();
    e.actorId = actor ? actor->id : std::string();
    e.actorName = actor ? actor->name : std::string("system");
    e.entity = entity;
    e.entityId = entityId;
    e.sampleId = sampleId;
    e.action = action;
    e.oldValue = dumpOrEmpty(oldValue);
    e.newValue = dumpOrEmpty(newValue);
    e.reason = reason;
    e.hash = computeHash(e);
    m_db.prepare("INSERT INTO audit_log (seq, at, actor_id, actor_name, entity, entity_id, sample_id, action, "
                 "old_value, new_value, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, e.seq).bind(2, e.at).bind(3, e.actorId).bind(4, e.actorName).bind(5, e.entity)
        .bind(6, e.entityId).bind(7, e.sampleId).bind(8, e.action).bind(9, e.oldValue).bind(10, e.newValue)
        .bind(11, e.reason).bind(12, e.prevHash).bind(13, e.hash).run();
}

std::vector<AuditEntry> AuditLog::forSample(const std::string &sampleId)
{
    std::vector<AuditEntry> out;
    auto st = m_db.prepare(std::string(kColumns) + "WHERE sample_id = ? ORDER BY seq");
    st.bind(1, sampleId);
    while (st.step())
        out.push_back(readEntry(st));
    return out;
}

std::vector<AuditEntry> AuditLog::all()
{
    std::vector<AuditEntry> out;
    auto st = m_db.prepare(std::string(kColumns) + "ORDER BY seq");
    while (st.step())
        out.push_back(readEntry(st));
    return out;
}

AuditCheck AuditLog::verify()
{
    AuditCheck check;
    // Read in storage order (rowid), not by seq: an entry moved to another place is then
    // seen out of place even when its seq was left alone.
    auto st = m_db.prepare(std::string(kColumns) + "ORDER BY rowid");
    std::string previous = kGenesis;
    std::int64_t expectedSeq = 1;
    auto fail = [&](std::int64_t seq, std::string why) {
        check.ok = false;
        check.firstBadSeq = seq;
        check.problem = "audit entry " + std::to_string(seq) + ": " + std::move(why);
    };
    while (st.step()) {
        const AuditEntry e = readEntry(st);
        ++check.entries;
        if (e.seq != expectedSeq) {
            fail(e.seq, "expected entry " + std::to_string(expectedSeq) + " here (an entry was deleted or moved)");
            break;
        }
        if (e.prevHash != previous) {
            fail(e.seq, "does not follow the entry before it (an entry was deleted, moved or changed)");
            break;
        }
        if (computeHash(e) != e.hash) {
            fail(e.seq, "its content does not match its hash (the entry was changed)");
            break;
        }
        previous = e.hash;
        ++expectedSeq;
    }
    return check;
}

} // namespace candor::core
