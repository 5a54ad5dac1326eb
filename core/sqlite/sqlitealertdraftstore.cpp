#include "core/sqlite/sqlitealertdraftstore.h"

#include "core/auditlog.h"
#include "core/database.h"
#include "core/sqlite/sqlitetransaction.h"

namespace candor::core {

namespace {

constexpr const char *kColumns = "id, rule_id, region, window_start, window_end, severity, status, headline, found, "
                                 "sold_as, advice, sample_count, edited, needs_update, created_at, updated_at";

Alert readAlert(Statement &st)
{
    Alert a;
    a.id = st.columnText(0);
    a.ruleId = st.columnText(1);
    a.region = st.columnText(2);
    a.windowStart = st.columnText(3);
    a.windowEnd = st.columnText(4);
    a.severity = parse<AlertSeverity>(st.columnText(5));
    a.status = st.columnText(6);
    a.headline = st.columnText(7);
    a.found = st.columnText(8);
    a.soldAs = st.columnText(9);
    a.advice = st.columnText(10);
    a.sampleCount = int(st.columnInt(11));
    a.edited = st.columnInt(12) != 0;
    a.needsUpdate = st.columnInt(13) != 0;
    a.createdAt = st.columnText(14);
    a.updatedAt = st.columnText(15);
    return a;
}

constexpr const char *kPublicationColumns = "id, alert_id, sequence, msg_type, published_at, published_by, severity, "
                                            "headline, found, sold_as, advice, sample_count, region, window_start, "
                                            "window_end, reason";

Publication readPublication(Statement &st)
{
    Publication p;
    p.id = st.columnText(0);
    p.alertId = st.columnText(1);
    p.sequence = int(st.columnInt(2));
    p.msgType = st.columnText(3);
    p.publishedAt = st.columnText(4);
    p.publishedBy = st.columnText(5);
    p.severity = parse<AlertSeverity>(st.columnText(6));
    p.headline = st.columnText(7);
    p.found = st.columnText(8);
    p.soldAs = st.columnText(9);
    p.advice = st.columnText(10);
    p.sampleCount = int(st.columnInt(11));
    p.region = st.columnText(12);
    p.windowStart = st.columnText(13);
    p.windowEnd = st.columnText(14);
    p.reason = st.columnOptionalText(15).value_or("");
    return p;
}

} // namespace

std::unique_ptr<StoreTransaction> SqliteAlertDraftStore::begin()
{
    return std::make_unique<SqliteTransaction>(m_db);
}

std::vector<Alert> SqliteAlertDraftStore::query(const std::string &where, const std::string &value)
{
    auto st = m_db.prepare(std::string("SELECT ") + kColumns + " FROM alerts" + where +
                           " ORDER BY window_start DESC, severity = 'warning' DESC, severity = 'caution' DESC, region, rule_id");
    if (!value.empty())
        st.bind(1, value);
    std::vector<Alert> out;
    while (st.step())
        out.push_back(readAlert(st));
    for (auto &a : out) {
        auto ids = m_db.prepare("SELECT sample_id FROM alert_samples WHERE alert_id = ?1 ORDER BY sample_id");
        ids.bind(1, a.id);
        while (ids.step())
            a.sampleIds.push_back(ids.columnText(0));
    }
    return out;
}

std::vector<Alert> SqliteAlertDraftStore::list(const std::optional<std::string> &status)
{
    return status ? query(" WHERE status = ?1", *status) : query("", "");
}

std::optional<Alert> SqliteAlertDraftStore::find(const std::string &id)
{
    auto found = query(" WHERE id = ?1", id);
    if (found.empty())
        return std::nullopt;
    return std::move(found.front());
}

std::vector<std::string> SqliteAlertDraftStore::idsStartingWith(const std::string &prefix, int limit)
{
    auto st = m_db.prepare("SELECT id FROM alerts WHERE id = ?1 OR substr(id, 1, length(?1)) = ?1 LIMIT ?2");
    st.bind(1, prefix).bind(2, limit);
    std::vector<std::string> ids;
    while (st.step())
        ids.push_back(st.columnText(0));
    return ids;
}

std::optional<Alert> SqliteAlertDraftStore::findForWindow(const std::string &ruleId, const std::string &region,
                                                          const std::string &windowStart)
{
    auto find = m_db.prepare(std::string("SELECT ") + kColumns +
                             " FROM alerts WHERE rule_id = ?1 AND region = ?2 AND window_start = ?3");
    find.bind(1, ruleId).bind(2, region).bind(3, windowStart);
    if (!find.step())
        return std::nullopt;
    Alert a = readAlert(find);
    auto ids = m_db.prepare("SELECT sample_id FROM alert_samples WHERE alert_id = ?1 ORDER BY sample_id");
    ids.bind(1, a.id);
    while (ids.step())
        a.sampleIds.push_back(ids.columnText(0));
    return a;
}

bool SqliteAlertDraftStore::anyDemoSample(const std::vector<std::string> &sampleIds)
{
    auto demo = m_db.prepare("SELECT is_demo FROM samples WHERE id = ?1");
    for (const auto &sampleId : sampleIds) {
        demo.bind(1, sampleId);
        const bool isDemo = demo.step() && demo.columnInt(0) != 0;
        demo.reset();
        if (isDemo)
            return true;
    }
    return false;
}

void SqliteAlertDraftStore::replaceSamples(const std::string &id, const std::set<std::string> &sampleIds)
{
    m_db.prepare("DELETE FROM alert_samples WHERE alert_id = ?1").bind(1, id).run();
    auto insert = m_db.prepare("INSERT INTO alert_samples (alert_id, sample_id) VALUES (?1, ?2)");
    for (const auto &sampleId : sampleIds) {
        insert.bind(1, id).bind(2, sampleId).run();
        insert.reset();
    }
}

void SqliteAlertDraftStore::insertDraft(const Alert &a)
{
    Transaction tx(m_db);
    m_db.prepare("INSERT INTO alerts (id, rule_id, region, window_start, window_end, severity, status, headline, "
                 "found, sold_as, advice, sample_count, created_at, updated_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?10, ?11, ?12, ?12)")
        .bind(1, a.id)
        .bind(2, a.ruleId)
        .bind(3, a.region)
        .bind(4, a.windowStart)
        .bind(5, a.windowEnd)
        .bind(6, toString(a.severity))
        .bind(7, a.headline)
        .bind(8, a.found)
        .bind(9, a.soldAs)
        .bind(10, a.advice)
        .bind(11, a.sampleCount)
        .bind(12, a.createdAt)
        .run();
    const std::set<std::string> ids(a.sampleIds.begin(), a.sampleIds.end());
    replaceSamples(a.id, ids);
    tx.commit();
}

void SqliteAlertDraftStore::updateMatches(const std::string &id, const std::optional<DraftText> &text,
                                          const std::set<std::string> &sampleIds, const std::string &at)
{
    Transaction tx(m_db);
    if (!text)
        m_db.prepare("UPDATE alerts SET sample_count = ?2, needs_update = (status = 'published'), updated_at = ?3 WHERE id = ?1")
            .bind(1, id)
            .bind(2, int(sampleIds.size()))
            .bind(3, at)
            .run();
    else
        m_db.prepare("UPDATE alerts SET headline = ?2, found = ?3, sold_as = ?4, advice = ?5, sample_count = ?6, "
                     "needs_update = (status = 'published'), updated_at = ?7 WHERE id = ?1")
            .bind(1, id)
            .bind(2, text->headline)
            .bind(3, text->found)
            .bind(4, text->soldAs)
            .bind(5, text->advice)
            .bind(6, int(sampleIds.size()))
            .bind(7, at)
            .run();
    replaceSamples(id, sampleIds);
    tx.commit();
}

void SqliteAlertDraftStore::saveEdit(const Alert &a, const std::string &at)
{
    m_db.prepare("UPDATE alerts SET headline = ?2, found = ?3, sold_as = ?4, advice = ?5, severity = ?6, edited = 1, "
                 "needs_update = (status = 'published'), updated_at = ?7 WHERE id = ?1")
        .bind(1, a.id)
        .bind(2, a.headline)
        .bind(3, a.found)
        .bind(4, a.soldAs)
        .bind(5, a.advice)
        .bind(6, toString(a.severity))
        .bind(7, at)
        .run();
}

void SqliteAlertDraftStore::markPublished(const std::string &id, const std::string &at)
{
    m_db.prepare("UPDATE alerts SET status = 'published', needs_update = 0, updated_at = ?2 WHERE id = ?1")
        .bind(1, id)
        .bind(2, at)
        .run();
}

void SqliteAlertDraftStore::markCancelled(const std::string &id, const std::string &at)
{
    m_db.prepare("UPDATE alerts SET status = 'cancelled', needs_update = 0, updated_at = ?2 WHERE id = ?1")
        .bind(1, id)
        .bind(2, at)
        .run();
}

void SqliteAlertDraftStore::insertPublication(const Publication &p)
{
    m_db.prepare(std::string("INSERT INTO alert_publications (") + kPublicationColumns +
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")
        .bind(1, p.id)
        .bind(2, p.alertId)
        .bind(3, p.sequence)
        .bind(4, p.msgType)
        .bind(5, p.publishedAt)
        .bind(6, p.publishedBy)
        .bind(7, toString(p.severity))
        .bind(8, p.headline)
        .bind(9, p.found)
        .bind(10, p.soldAs)
        .bind(11, p.advice)
        .bind(12, p.sampleCount)
        .bind(13, p.region)
        .bind(14, p.windowStart)
        .bind(15, p.windowEnd)
        .bind(16, p.reason.empty() ? std::optional<std::string>() : std::optional<std::string>(p.reason))
        .run();
}

std::vector<Publication> SqliteAlertDraftStore::history(const std::string &alertId)
{
    auto st = m_db.prepare(std::string("SELECT ") + kPublicationColumns +
                           " FROM alert_publications WHERE alert_id = ?1 ORDER BY sequence");
    st.bind(1, alertId);
    std::vector<Publication> out;
    while (st.step())
        out.push_back(readPublication(st));
    return out;
}

std::vector<Publication> SqliteAlertDraftStore::publications()
{
    auto st = m_db.prepare(std::string("SELECT ") + kPublicationColumns + " FROM alert_publications ORDER BY alert_id, sequence");
    std::vector<Publication> out;
    while (st.step())
        out.push_back(readPublication(st));
    return out;
}

void SqliteAlertDraftStore::recordAudit(const User &actor, const std::string &alertId, const std::string &action,
                                        const nlohmann::json &before, const nlohmann::json &after, const std::string &reason)
{
    AuditLog(m_db).append(&actor, "alert", alertId, "", action, before, after, reason);
}

} // namespace candor::core
