#pragma once
// AlertDraftStore over the alerts, alert_samples and alert_publications tables of an
// open Candor database; audit entries go to the same database's audit log.

#include "core/alertdraftstore.h"

namespace candor::core {

class Database;

class SqliteAlertDraftStore : public AlertDraftStore {
public:
    explicit SqliteAlertDraftStore(Database &db)
        : m_db(db)
    {
    }

    std::unique_ptr<StoreTransaction> begin() override;

    std::vector<Alert> list(const std::optional<std::string> &status) override;
    std::optional<Alert> find(const std::string &id) override;
    std::vector<std::string> idsStartingWith(const std::string &prefix, int limit) override;
    std::optional<Alert> findForWindow(const std::string &ruleId, const std::string &region,
                                       const std::string &windowStart) override;
    bool anyDemoSample(const std::vector<std::string> &sampleIds) override;

    void insertDraft(const Alert &alert) override;
    void updateMatches(const std::string &id, const std::optional<DraftText> &text, const std::set<std::string> &sampleIds,
                       const std::string &at) override;
    void saveEdit(const Alert &alert, const std::string &at) override;
    void markPublished(const std::string &id, const std::string &at) override;
    void markCancelled(const std::string &id, const std::string &at) override;

    void insertPublication(const Publication &publication) override;
    std::vector<Publication> history(const std::string &alertId) override;
    std::vector<Publication> publications() override;

    void recordAudit(const User &actor, const std::string &alertId, const std::string &action, const nlohmann::json &before,
                     const nlohmann::json &after, const std::string &reason = {}) override;

private:
    std::vector<Alert> query(const std::string &where, const std::string &value);
    void replaceSamples(const std::string &id, const std::set<std::string> &sampleIds);

    Database &m_db;
};

} // namespace candor::core
