#include "core/auditlog.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
#include "core/util.h"

#include <sodium.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <tuple>

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

std::string sha256Hex(const std::string &text)
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string shortHash(const std::string &hash)
{
    return hash.substr(0, 12);
}

} // namespace

std::string AuditLog::computeHash(const AuditEntry &e)
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
    std::string text;
    for (const std::string *field : {&e.prevHash, &e.at, &e.actorId, &e.actorName, &e.entity, &e.entityId, &e.sampleId, &e.action,
                                     &e.oldValue, &e.newValue, &e.reason}) {
        text += std::to_string(field->size());
        text += ':';
        text += *field;
        text += '\n';
    }
    text = std::to_string(e.seq) + "\n" + text;
    return sha256Hex(text);
}

void AuditLog::append(const User *actor, const std::string &entity, const std::string &entityId, const std::string &sampleId,
                      const std::string &action, const nlohmann::json &oldValue, const nlohmann::json &newValue,
                      const std::string &reason)
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
        .bind(1, e.seq)
        .bind(2, e.at)
        .bind(3, e.actorId)
        .bind(4, e.actorName)
        .bind(5, e.entity)
        .bind(6, e.entityId)
        .bind(7, e.sampleId)
        .bind(8, e.action)
        .bind(9, e.oldValue)
        .bind(10, e.newValue)
        .bind(11, e.reason)
        .bind(12, e.prevHash)
        .bind(13, e.hash)
        .run();
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

// --- the head kept outside the file --------------------------------------------------

namespace {

// One line of the checkpoint file, fields separated by single spaces, the note last
// (it may hold spaces): recorded_at seq head_at head_hash line_hash note. The line hash
// covers the line before it, so the lines form a chain of their own.
struct CheckpointLine {
    std::string recordedAt;
    std::int64_t seq = 0;
    std::string headAt;
    std::string headHash;
    std::string lineHash;
    std::string note;
};

std::string lineHashOf(const std::string &previous, const CheckpointLine &l)
{
    return sha256Hex(previous + "\n" + l.recordedAt + " " + std::to_string(l.seq) + " " + l.headAt + " " + l.headHash + " " +
                     l.note);
}

bool isHex64(const std::string &text)
{
    return text.size() == 64 &&
           std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<CheckpointLine> parseLine(const std::string &text)
{
    std::istringstream in(text);
    CheckpointLine l;
    std::string seq;
    if (!(in >> l.recordedAt >> seq >> l.headAt >> l.headHash >> l.lineHash))
        return std::nullopt;
    if (seq.empty() || seq.size() > 18 || !std::all_of(seq.begin(), seq.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    l.seq = std::stoll(seq);
    if (!isHex64(l.headHash) || !isHex64(l.lineHash))
        return std::nullopt;
    std::getline(in, l.note);
    if (!l.note.empty() && l.note.front() == ' ')
        l.note.erase(0, 1);
    return l;
}

bool isComment(const std::string &line)
{
    return line.empty() || line.front() == '#';
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

[[noreturn]] void throwFileError(const std::filesystem::path &file, const std::string &doing, int sqliteCode = SQLITE_IOERR)
{
    throw StorageError(sqliteCode, "audit checkpoint file " + file.string() + ": " + doing + ": " + std::strerror(errno));
}

// Closes the descriptor (and so drops the lock) however the append ends.
struct FileDescriptor {
    int fd;
    ~FileDescriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

std::string AuditCheckpoint::describe() const
{
    std::string text = file.string();
    if (line > 0)
        text += " line " + std::to_string(line);
    text += " (entry " + std::to_string(head.seq) + " of " + head.at;
    if (!note.empty())
        text += ", " + note;
    return text + ")";
}

std::filesystem::path appendCheckpoint(const std::filesystem::path &folder, const AuditHead &head, const std::string &note)
{
    const auto file = folder / kCheckpointFileName;
    FileDescriptor out{::open(file.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644)};
    if (out.fd < 0)
        throwFileError(file, "cannot open it for appending", SQLITE_CANTOPEN);
    // Two writers (the app's daily backup, a CLI) must not both chain to the same line.
    if (::flock(out.fd, LOCK_EX) != 0)
        throwFileError(file, "cannot lock it");
    std::string existing;
    char buffer[65536];
    for (off_t offset = 0;;) {
        const ssize_t n = ::pread(out.fd, buffer, sizeof buffer, offset);
        if (n < 0)
            throwFileError(file, "cannot read it");
        if (n == 0)
            break;
        existing.append(buffer, std::size_t(n));
        offset += n;
    }
    std::string previous = kGenesis;
    for (const auto &line : splitLines(existing))
        if (!isComment(line))
            if (const auto parsed = parseLine(line))
                previous = parsed->lineHash;
    CheckpointLine l;
    l.recordedAt = nowUtc();
    l.seq = head.seq;
    l.headAt = head.at.empty() ? std::string("-") : head.at;
    l.headHash = head.hash;
    l.note = note;
    std::replace_if(
        l.note.begin(), l.note.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    l.lineHash = lineHashOf(previous, l);
    std::string text;
    if (existing.empty())
        text += "# Candor audit checkpoints, one per line, each chained to the line before it. Append only.\n"
                "# recorded_at entry entry_at entry_hash line_hash what\n";
    else if (existing.back() != '\n')
        text += "\n"; // a line torn by a crash stays on its own line
    text += l.recordedAt + " " + std::to_string(l.seq) + " " + l.headAt + " " + l.headHash + " " + l.lineHash + " " + l.note +
            "\n";
    for (std::size_t written = 0; written < text.size();) {
        const ssize_t n = ::write(out.fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throwFileError(file, "cannot append to it");
        }
        written += std::size_t(n);
    }
    if (::fsync(out.fd) != 0)
        throwFileError(file, "cannot flush it to disk");
    return file;
}

CheckpointScan scanCheckpoints(const std::filesystem::path &folder, const std::filesystem::path &skip)
{
    CheckpointScan scan;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return scan;
    const auto checkpointFile = folder / kCheckpointFileName;
    if (std::filesystem::exists(checkpointFile, ec)) {
        std::ifstream in(checkpointFile, std::ios::binary);
        if (!in) {
            scan.problems.push_back(checkpointFile.string() + " cannot be read");
        } else {
            std::string previous = kGenesis;
            int number = 0;
            for (std::string line; std::getline(in, line);) {
                ++number;
                if (isComment(line))
                    continue;
                const auto where = checkpointFile.string() + " line " + std::to_string(number);
                const auto parsed = parseLine(line);
                if (!parsed) {
                    scan.problems.push_back(where + " is not a checkpoint (the file was edited or a write was torn)");
                    continue;
                }
                if (lineHashOf(previous, *parsed) != parsed->lineHash)
                    scan.problems.push_back(where + " does not follow the line before it (a line was edited, removed or moved)");
                previous = parsed->lineHash;
                scan.checkpoints.push_back(
                    {{parsed->seq, parsed->headHash, parsed->headAt}, checkpointFile, number, parsed->recordedAt, parsed->note});
            }
        }
    }
    std::vector<std::filesystem::path> backups;
    for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.path().extension() == ".sqlite" && entry.is_regular_file(ec))
            backups.push_back(entry.path());
    std::sort(backups.begin(), backups.end());
    for (const auto &path : backups) {
        if (!skip.empty() && std::filesystem::equivalent(path, skip, ec))
            continue;
        try {
            Database backup(path, Database::Mode::ReadOnly);
            if (const auto head = AuditLog(backup).head())
                scan.checkpoints.push_back({*head, path, 0, {}, "backup"});
        } catch (const StorageError &e) {
            scan.notes.push_back(path.string() + " was not read as a backup: " + e.what());
        }
    }
    return scan;
}

std::optional<AuditHead> AuditLog::head()
{
    auto st = m_db.prepare("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!st.step())
        return std::nullopt;
    return AuditHead{st.columnInt(0), st.columnText(1), st.columnText(2)};
}

AnchorCheck AuditLog::verifyAnchor(const std::filesystem::path &folder)
{
    AnchorCheck check;
    check.folder = folder;
    auto scan = scanCheckpoints(folder, m_db.path());
    check.notes = std::move(scan.notes);
    if (!scan.problems.empty()) {
        check.ok = false;
        check.problem = "the checkpoint file was tampered with: " + scan.problems.front();
    }
    if (scan.checkpoints.empty()) {
        check.notes.push_back("no checkpoint found in " + folder.string() +
                              " (no backup, no checkpoint file): a deletion of the newest audit entries cannot be seen");
        return check;
    }
    // Newest by the head's time (UTC text sorts as time); at the same second a line of
    // the checkpoint file beats a backup file and a later line an earlier one, so that a
    // restore (which writes a line) supersedes the backups taken before it.
    const auto newest = std::max_element(scan.checkpoints.begin(), scan.checkpoints.end(),
                                         [](const AuditCheckpoint &a, const AuditCheckpoint &b) {
                                             return std::tuple(a.head.at, a.line > 0, a.line, a.head.seq) <
                                                    std::tuple(b.head.at, b.line > 0, b.line, b.head.seq);
                                         });
    check.used = *newest;
    const auto &cp = *newest;
    auto fail = [&](std::string why) {
        if (check.ok) {
            check.ok = false;
            check.problem = std::move(why);
        }
    };
    auto st = m_db.prepare("SELECT hash FROM audit_log WHERE seq = ?");
    st.bind(1, cp.head.seq);
    if (!st.step()) {
        const auto live = head();
        const std::int64_t from = live ? live->seq + 1 : 1;
        check.missing = std::pair(from, cp.head.seq);
        fail((from == 1 ? std::string("the audit log is empty") : "the audit log ends at entry " + std::to_string(from - 1)) +
             ", but checkpoint " + cp.describe() + " recorded entry " + std::to_string(cp.head.seq) + " (hash " +
             shortHash(cp.head.hash) + "...): entries " + std::to_string(from) + " to " + std::to_string(cp.head.seq) +
             " are missing (the newest entries were deleted)");
    } else if (st.columnText(0) != cp.head.hash) {
        fail("audit entry " + std::to_string(cp.head.seq) + " has hash " + shortHash(st.columnText(0)) + "..., but checkpoint " +
             cp.describe() + " recorded " + shortHash(cp.head.hash) + "...: the log was rewritten up to that entry");
    }
    return check;
}

} // namespace candor::core
