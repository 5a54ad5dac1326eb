#include "core/sqlite/sqliteexternalresultstore.h"

#include "core/database.h"
#include "core/sqlite/sqlitetransaction.h"

#include <nlohmann/json.hpp>

namespace candor::core {

using nlohmann::json;

std::unique_ptr<StoreTransaction> SqliteExternalResultStore::begin()
{
    return std::make_unique<SqliteTransaction>(m_db);
}

bool SqliteExternalResultStore::contains(const std::string &source, const std::string &fileSha256, int sourceRow)
{
    auto exists = m_db.prepare("SELECT 1 FROM external_results WHERE source = ?1 AND file_sha256 = ?2 AND source_row = ?3");
    exists.bind(1, source).bind(2, fileSha256).bind(3, sourceRow);
    return exists.step();
}

void SqliteExternalResultStore::insert(const ExternalResult &r)
{
    json strips = json::object();
    for (const auto &[type, reading] : r.strips)
        strips[type] = reading;
    json findings = json::array();
    for (const auto &f : r.findings)
        findings.push_back({{"substance", f.substance},
                            {"class", f.substanceClass},
                            {"abundance", f.abundance},
                            {"technique", f.technique},
                            {"reported", f.reported}});
    m_db.prepare("INSERT INTO external_results (id, source, file_sha256, source_row, received_date, site, region, "
                 "sold_as, sold_as_substance, sold_as_class, strips, findings, imported_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
        .bind(1, r.id)
        .bind(2, r.source)
        .bind(3, r.fileSha256)
        .bind(4, r.sourceRow)
        .bind(5, r.receivedDate)
        .bind(6, r.site)
        .bind(7, r.region)
        .bind(8, r.soldAs)
        .bind(9, r.soldAsSubstance)
        .bind(10, r.soldAsClass)
        .bind(11, strips.dump())
        .bind(12, findings.dump())
        .bind(13, r.importedAt)
        .run();
}

std::int64_t SqliteExternalResultStore::count(const std::optional<std::string> &source)
{
    auto st = m_db.prepare(source ? "SELECT count(*) FROM external_results WHERE source = ?1"
                                  : "SELECT count(*) FROM external_results");
    if (source)
        st.bind(1, *source);
    st.step();
    return st.columnInt(0);
}

std::vector<ExternalResult> SqliteExternalResultStore::list(const std::optional<std::string> &source)
{
    auto st = m_db.prepare(std::string("SELECT id, source, file_sha256, source_row, received_date, site, region, sold_as, "
                                       "sold_as_substance, sold_as_class, strips, findings, imported_at FROM external_results") +
                           (source ? " WHERE source = ?1" : "") + " ORDER BY received_date, source_row");
    if (source)
        st.bind(1, *source);
    std::vector<ExternalResult> out;
    while (st.step()) {
        ExternalResult r;
        r.id = st.columnText(0);
        r.source = st.columnText(1);
        r.fileSha256 = st.columnText(2);
        r.sourceRow = int(st.columnInt(3));
        r.receivedDate = st.columnText(4);
        r.site = st.columnOptionalText(5).value_or("");
        r.region = st.columnText(6);
        r.soldAs = st.columnText(7);
        r.soldAsSubstance = st.columnOptionalText(8);
        r.soldAsClass = st.columnOptionalText(9);
        const json strips = json::parse(st.columnText(10));
        for (const auto &[type, reading] : strips.items())
            r.strips[type] = reading.get<std::string>();
        const json findings = json::parse(st.columnText(11));
        for (const auto &f : findings)
            r.findings.push_back({f["substance"], f["class"], f["abundance"], f["technique"], f.value("reported", "")});
        r.importedAt = st.columnText(12);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace candor::core
