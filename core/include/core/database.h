#pragma once
// A small RAII layer over SQLite's C API: a connection, a prepared statement and a
// transaction that rolls back unless committed. Every SQL statement in Candor goes
// through here, so every error becomes a StorageError with SQLite's code.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace candor::core {

class Statement;

class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };

    // Opens (creating when ReadWrite) the file, with WAL, foreign keys and a busy
    // timeout. Throws StorageError when the file is not SQLite, read-only or locked;
    // a new file that could not be set up is removed again.
    explicit Database(const std::filesystem::path &path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Runs one or more statements without results (schema, pragmas).
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    int changes() const;
    int userVersion();
    void setUserVersion(int version);
    const std::filesystem::path &path() const noexcept { return m_path; }
    sqlite3 *handle() const noexcept { return m_db; }

    [[noreturn]] void throwError(int code, std::string_view context) const;

private:
    sqlite3 *m_db = nullptr;
    std::filesystem::path m_path;
};

// A prepared statement. Bind with 1-based indexes; step() returns true while rows come.
class Statement {
public:
    Statement(Database &db, std::string_view sql);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, std::int64_t(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bind(int index, const std::string &value) { return bind(index, std::string_view(value)); }
    Statement &bindBlob(int index, std::span<const std::byte> value);
    Statement &bindNull(int index);
    template<typename T>
    Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    bool step();
    // Steps once and expects no row (INSERT, UPDATE, DELETE).
    void run();
    void reset();

    bool isNull(int column) const;
    std::int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::optional<std::string> columnOptionalText(int column) const;
    std::optional<double> columnOptionalDouble(int column) const;
    std::vector<std::byte> columnBlob(int column) const;

private:
    Database *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

// BEGIN IMMEDIATE on construction (a savepoint when one is already open), ROLLBACK on
// destruction unless commit() was called, so that an exception anywhere inside leaves
// the database as it was.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    void commit();

private:
    Database &m_db;
    bool m_nested;
    bool m_done = false;
};

} // namespace candor::core
