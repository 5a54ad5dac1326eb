#pragma once
// ExternalResultStore over the external_results table of an open Candor database; the
// strips and findings are kept as JSON text in their columns.

#include "core/externalresultstore.h"

namespace candor::core {

class Database;

class SqliteExternalResultStore : public ExternalResultStore {
public:
    explicit SqliteExternalResultStore(Database &db)
        : m_db(db)
    {
    }

    std::unique_ptr<StoreTransaction> begin() override;
    bool contains(const std::string &source, const std::string &fileSha256, int sourceRow) override;
    void insert(const ExternalResult &result) override;
    std::int64_t count(const std::optional<std::string> &source) override;
    std::vector<ExternalResult> list(const std::optional<std::string> &source) override;

private:
    Database &m_db;
};

} // namespace candor::core
