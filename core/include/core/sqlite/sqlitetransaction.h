#pragma once
// The stores' unit of work over SQLite: core::Transaction (BEGIN IMMEDIATE, or a
// savepoint inside an open one) behind the StoreTransaction interface.

#include "core/database.h"
#include "core/storetransaction.h"

namespace candor::core {

class SqliteTransaction : public StoreTransaction {
public:
    explicit SqliteTransaction(Database &db)
        : m_tx(db)
    {
    }
    void commit() override { m_tx.commit(); }

private:
    Transaction m_tx;
};

} // namespace candor::core
