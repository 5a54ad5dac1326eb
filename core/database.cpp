#include "core/database.h"
#include "core/errors.h"

#include <sqlite3.h>

#include <system_error>

namespace candor::core {

static_assert(StorageError::kCannotOpen == SQLITE_CANTOPEN);

bool StorageError::isIoProblem() const noexcept
{
    switch (m_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_PERM: return true;
    default: return false;
    }
}

namespace {
std::string explain(int code)
{
    switch (code & 0xff) {
    case SQLITE_NOTADB: return "the file is not a Candor (SQLite) database";
    case SQLITE_READONLY: return "the database file is read-only";
    case SQLITE_BUSY: return "the database is locked by another program";
    case SQLITE_CANTOPEN: return "the database file cannot be opened";
    case SQLITE_CORRUPT: return "the database file is damaged";
    case SQLITE_FULL: return "the disk is full";
    default: return sqlite3_errstr(code);
    }
}
} // namespace

Database::Database(const std::filesystem::path &path, Mode mode)
    : m_path(path)
{
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    if (mode == Mode::ReadWrite && !existed && path.has_parent_path())
        std::filesystem::create_directories(path.parent_path(), ec);
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    try {
        if (rc != SQLITE_OK)
            throwError(rc, "opening " + path.string());
        sqlite3_extended_result_codes(m_db, 1);
        sqlite3_busy_timeout(m_db, 5000);
        // Reading the schema is what reveals a file that is not SQLite at all.
        rc = sqlite3_exec(m_db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            throwError(rc, "opening " + path.string());
        if (mode == Mode::ReadWrite) {
            // A read-only file opens fine in SQLite and fails only on the first write:
            // find out now, before the user has typed anything.
            if (sqlite3_db_readonly(m_db, "main") == 1)
                throwError(SQLITE_READONLY, "opening " + path.string());
            exec("PRAGMA journal_mode=WAL");
            exec("PRAGMA synchronous=FULL");
        }
        exec("PRAGMA foreign_keys=ON");
    } catch (...) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        if (!existed && mode == Mode::ReadWrite) {
            std::filesystem::remove(path, ec);
        }
        throw;
    }
}

Database::~Database()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

void Database::throwError(int code, std::string_view context) const
{
    std::string message = explain(code);
    if (m_db && (code & 0xff) != SQLITE_NOTADB && (code & 0xff) != SQLITE_READONLY && (code & 0xff) != SQLITE_BUSY) {
        const char *detail = sqlite3_errmsg(m_db);
        if (detail && message != detail)
            message += std::string(" (") + detail + ")";
    }
    throw StorageError(code, std::string(context) + ": " + message);
}

void Database::exec(std::string_view sql)
{
    char *err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        sqlite3_free(err);
        throwError(rc, m_path.string());
    }
}

Statement Database::prepare(std::string_view sql)
{
    return Statement(*this, sql);
}
std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}
int Database::changes() const
{
    return sqlite3_changes(m_db);
}

int Database::userVersion()
{
    auto st = prepare("PRAGMA user_version");
    st.step();
    return int(st.columnInt(0));
}

void Database::setUserVersion(int version)
{
    exec("PRAGMA user_version=" + std::to_string(version));
}

Statement::Statement(Database &db, std::string_view sql)
    : m_db(&db)
{
    const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), int(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        db.throwError(rc, "preparing SQL");
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

#define CANDOR_CHECK_BIND(call) \
    do { \
        const int rc_ = (call); \
        if (rc_ != SQLITE_OK) \
            m_db->throwError(rc_, "binding a value"); \
    } while (0)

Statement &Statement::bind(int index, std::int64_t value)
{
    CANDOR_CHECK_BIND(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}
Statement &Statement::bind(int index, double value)
{
    CANDOR_CHECK_BIND(sqlite3_bind_double(m_stmt, index, value));
    return *this;
}
Statement &Statement::bind(int index, std::string_view value)
{
    CANDOR_CHECK_BIND(sqlite3_bind_text(m_stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT));
    return *this;
}
Statement &Statement::bindBlob(int index, std::span<const std::byte> value)
{
    // An empty span may have no data pointer, which SQLite would bind as NULL.
    if (value.empty())
        CANDOR_CHECK_BIND(sqlite3_bind_zeroblob(m_stmt, index, 0));
    else
        CANDOR_CHECK_BIND(sqlite3_bind_blob64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT));
    return *this;
}
Statement &Statement::bindNull(int index)
{
    CANDOR_CHECK_BIND(sqlite3_bind_null(m_stmt, index));
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3_reset(m_stmt);
    m_db->throwError(rc, "running SQL");
}

void Statement::run()
{
    step();
    sqlite3_reset(m_stmt);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
std::int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::columnDouble(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::columnText(int column) const
{
    const auto *text = sqlite3_column_text(m_stmt, column);
    return text ? std::string(reinterpret_cast<const char *>(text), std::size_t(sqlite3_column_bytes(m_stmt, column)))
                : std::string();
}

std::optional<std::string> Statement::columnOptionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return columnText(column);
}

std::optional<double> Statement::columnOptionalDouble(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return columnDouble(column);
}

std::vector<std::byte> Statement::columnBlob(int column) const
{
    const auto *data = static_cast<const std::byte *>(sqlite3_column_blob(m_stmt, column));
    const auto size = std::size_t(sqlite3_column_bytes(m_stmt, column));
    return data ? std::vector<std::byte>(data, data + size) : std::vector<std::byte>();
}

Transaction::Transaction(Database &db)
    : m_db(db)
    , m_nested(sqlite3_get_autocommit(db.handle()) == 0)
{
    // Inside an open transaction a savepoint nests, so stores can call each other and
    // each still rolls back only its own part on error.
    m_db.exec(m_nested ? "SAVEPOINT candor_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec(m_nested ? "ROLLBACK TO candor_nested; RELEASE candor_nested" : "ROLLBACK");
        } catch (...) {
            // A failed rollback leaves SQLite to roll back on close; nothing better to do
            // in a destructor.
        }
    }
}

void Transaction::commit()
{
    m_db.exec(m_nested ? "RELEASE candor_nested" : "COMMIT");
    m_done = true;
}

} // namespace candor::core
