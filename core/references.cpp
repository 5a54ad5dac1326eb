#include "references.h"
#include "database.h"
#include "errors.h"
#include "users.h"
#include "util.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace candor::core {

ReferenceAddResult ReferenceStore::add(const ReferenceRow &row, const User *actor)
{
    if (actor && !actor->hasRole(kRoleAdmin))
        throw PermissionDenied(kRoleAdmin, "changing the reference library");
    if (trim(row.substance).empty())
        throw ValidationError("substance", "substance: the reference names no substance (" + row.fileName + ")");
    if (row.sha256.size() != 64)
        throw ValidationError("sha256", "sha256: expected 64 hex digits");
    if (row.x.size() != row.y.size() || row.x.size() < 2)
        throw ValidationError("points", "points: " + row.fileName + " has " + std::to_string(row.x.size()) + " x and "
                                            + std::to_string(row.y.size()) + " y values");
    for (std::size_t i = 0; i < row.x.size(); ++i)
        if (!std::isfinite(row.x[i]) || !std::isfinite(row.y[i]))
            throw ValidationError("points", "points: " + row.fileName + " has a value that is not a number at point "
                                                + std::to_string(i + 1));
    if (row.risk != "low" && row.risk != "moderate" && row.risk != "high")
        throw ValidationError("risk", "risk: '" + row.risk + "' is not low, moderate or high");

    Transaction tx(m_db);
    auto same = m_db.prepare("SELECT id, substance FROM reference_spectra WHERE sha256 = ?");
    same.bind(1, row.sha256);
    if (same.step())
        return {ReferenceAddResult::Outcome::AlreadyPresent, same.columnText(0),
                row.fileName + ": already in the library (as " + same.columnText(1) + ")"};
    auto clash = m_db.prepare("SELECT id FROM reference_spectra WHERE title = ? AND source = ?");
    clash.bind(1, row.title).bind(2, row.source);
    if (clash.step())
        return {ReferenceAddResult::Outcome::Conflict, clash.columnText(0),
                row.fileName + ": conflict: a different spectrum titled '" + row.title + "' from '" + row.source
                    + "' is already in the library; the existing one was kept"};

    const std::string id = newId();
    auto st = m_db.prepare(
        "INSERT INTO reference_spectra (id, substance, substance_class, risk, synonyms, cas, formula, title, technique, "
        "source, licence, resolution, file_name, sha256, x_units, y_units, x, y, metadata, is_demo, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, id).bind(2, trim(row.substance)).bind(3, row.substanceClass).bind(4, row.risk).bind(5, row.synonyms);
    st.bind(6, row.cas).bind(7, row.formula).bind(8, row.title).bind(9, row.technique).bind(10, row.source);
    st.bind(11, row.licence).bind(12, row.resolution).bind(13, row.fileName).bind(14, row.sha256);
    st.bind(15, row.xUnits).bind(16, row.yUnits).bindBlob(17, packDoubles(row.x)).bindBlob(18, packDoubles(row.y));
    st.bind(19, row.metadataJson).bind(20, std::int64_t(row.isDemo ? 1 : 0)).bind(21, nowUtc());
    if (actor)
        st.bind(22, actor->id);
    else
        st.bindNull(22);
    st.run();
    // The version is a counter, not a time: two changes in one second still differ.
    m_db.exec("INSERT INTO settings (key, value) VALUES ('reference_library_version', '1') "
              "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
    tx.commit();
    return {ReferenceAddResult::Outcome::Added, id, row.fileName + ": added " + trim(row.substance)};
}

std::vector<ReferenceRow> ReferenceStore::all(bool withPoints)
{
    std::vector<ReferenceRow> out;
    auto st = m_db.prepare(std::string("SELECT id, substance, substance_class, risk, synonyms, cas, formula, title, "
                                       "technique, source, licence, resolution, file_name, sha256, x_units, y_units, ")
                           + (withPoints ? "x, y" : "NULL, NULL")
                           + ", metadata, is_demo, created_at FROM reference_spectra ORDER BY substance COLLATE NOCASE, id");
    while (st.step()) {
        ReferenceRow r;
        r.id = st.columnText(0);
        r.substance = st.columnText(1);
        r.substanceClass = st.columnText(2);
        r.risk = st.columnText(3);
        r.synonyms = st.columnText(4);
        r.cas = st.columnText(5);
        r.formula = st.columnText(6);
        r.title = st.columnText(7);
        r.technique = st.columnText(8);
        r.source = st.columnText(9);
        r.licence = st.columnText(10);
        r.resolution = st.columnDouble(11);
        r.fileName = st.columnText(12);
        r.sha256 = st.columnText(13);
        r.xUnits = st.columnText(14);
        r.yUnits = st.columnText(15);
        if (withPoints) {
            r.x = unpackDoubles(st.columnBlob(16));
            r.y = unpackDoubles(st.columnBlob(17));
        }
        r.metadataJson = st.columnText(18);
        r.isDemo = st.columnInt(19) != 0;
        r.createdAt = st.columnText(20);
        out.push_back(std::move(r));
    }
    return out;
}

std::int64_t ReferenceStore::count()
{
    auto st = m_db.prepare("SELECT count(*) FROM reference_spectra");
    st.step();
    return st.columnInt(0);
}

std::string ReferenceStore::version()
{
    auto st = m_db.prepare("SELECT value FROM settings WHERE key = 'reference_library_version'");
    return st.step() ? st.columnText(0) : std::string("0");
}

bool ReferenceStore::hasDemoReferences()
{
    auto st = m_db.prepare("SELECT EXISTS(SELECT 1 FROM reference_spectra WHERE is_demo = 1)");
    st.step();
    return st.columnInt(0) != 0;
}

std::int64_t ReferenceStore::demoCount()
{
    auto st = m_db.prepare("SELECT count(*) FROM reference_spectra WHERE is_demo = 1");
    st.step();
    return st.columnInt(0);
}

bool ReferenceStore::demoSeeded()
{
    auto st = m_db.prepare("SELECT 1 FROM settings WHERE key = 'demo_library_seeded'");
    return st.step();
}

void ReferenceStore::markDemoSeeded()
{
    auto st = m_db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('demo_library_seeded', ?)");
    st.bind(1, nowUtc());
    st.run();
}

} // namespace candor::core
