#pragma once
// IntegrityCheck over an open SQLite database: the rows of PRAGMA integrity_check.

#include "core/integritycheck.h"

namespace candor::core {

class Database;

class SqliteIntegrityCheck : public IntegrityCheck {
public:
    explicit SqliteIntegrityCheck(Database &db)
        : m_db(db)
    {
    }
    std::vector<std::string> problems() override;

private:
    Database &m_db;
};

} // namespace candor::core
