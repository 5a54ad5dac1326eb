#include "core/references.h"
#include "core/auditlog.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
#include "core/util.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace candor::core {

ReferenceAddResult ReferenceStore::add(const ReferenceRow &row, const User *actor)
{
    if (actor && !actor->hasRole(Role::Admin))
        throw PermissionDenied(toString(Role::Admin), "changing the reference library");
    if (trim(row.substance).empty())
        throw ValidationError("substance", "substance: the reference names no substance (" + row.fileName + ")");
    if (row.sha256.size() != 64)
        throw ValidationError("sha256", "sha256: expected 64 hex digits");
    if (row.x.size() != row.y.size() || row.x.size() < 2)
        throw ValidationError("points", "points: " + row.fileName + " has " + std::to_string(row.x.size()) + " x and " +
                                            std::to_string(row.y.size()) + " y values");
    for (std::size_t i = 0; i < row.x.size(); ++i)
        if (!std::isfinite(row.x[i]) || !std::isfinite(row.y[i]))
            throw ValidationError("points", "points: " + row.fileName + " has a value that is not a number at point " +
                                                std::to_string(i + 1));
    if (row.risk != "low" && row.risk != "moderate" && row.risk != "high")
        throw ValidationError("risk", "risk: '" + row.risk + "' is not low, moderate or high");

    Transaction tx(m_db);
    auto same = m_db.prepare("SELECT id, substance FROM reference_spectra WHERE sha256 = ?");
    same.bind(1, row.sha256);
    if (same.step())
        return {ReferenceAddResult::Outcome::AlreadyPresent, same.columnText(0),
                row.fileName + ": already in the library (as " + same.columnText(1) + ")"};
    // Another spectrum of a substance already held (another lot, instrument, salt or base)
    // is one more reference of it: the matcher uses them together.
    auto others = m_db.prepare("SELECT count(*) FROM reference_spectra WHERE substance = ? AND retired = 0");
    others.bind(1, trim(row.substance));
    others.step();
    const std::int64_t before = others.columnInt(0);

    const std::string id = newId();
    auto st = m_db.prepare(
        "INSERT INTO reference_spectra (id, substance, substance_class, risk, synonyms, cas, formula, title, technique, "
        "source, licence, resolution, file_name, sha256, x_units, y_units, x, y, metadata, is_demo, created_at, created_by, "
        "risk_set) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, id).bind(2, trim(row.substance)).bind(3, row.substanceClass).bind(4, row.risk).bind(5, row.synonyms);
    st.bind(6, row.cas).bind(7, row.formula).bind(8, row.title).bind(9, row.technique).bind(10, row.source);
    st.bind(11, row.licence).bind(12, row.resolution).bind(13, row.fileName).bind(14, row.sha256);
    st.bind(15, row.xUnits).bind(16, row.yUnits).bindBlob(17, packDoubles(row.x)).bindBlob(18, packDoubles(row.y));
    st.bind(19, row.metadataJson).bind(20, std::int64_t(row.isDemo ? 1 : 0)).bind(21, nowUtc());
    if (actor)
        st.bind(22, actor->id);
    else
        st.bindNull(22);
    st.bind(23, std::int64_t(row.riskSet ? 1 : 0));
    st.run();
    // The version is a counter, not a time: two changes in one second still differ.
    m_db.exec("INSERT INTO settings (key, value) VALUES ('reference_library_version', '1') "
              "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
    tx.commit();
    std::string message = row.fileName + ": added " + trim(row.substance);
    if (before > 0)
        message += " (spectrum " + std::to_string(before + 1) + " of this substance)";
    return {ReferenceAddResult::Outcome::Added, id, message};
}

namespace {
void bumpLibraryVersion(Database &db)
{
    db.exec("INSERT INTO settings (key, value) VALUES ('reference_library_version', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
}
} // namespace

std::vector<ReferenceRow> ReferenceStore::all(bool withPoints)
{
    return rows(withPoints, true);
}

std::vector<ReferenceRow> ReferenceStore::active(bool withPoints)
{
    return rows(withPoints, false);
}

std::vector<ReferenceRow> ReferenceStore::rows(bool withPoints, bool withRetired)
{
    std::vector<ReferenceRow> out;
    auto st = m_db.prepare(std::string("SELECT id, substance, substance_class, risk, synonyms, cas, formula, title, "
                                       "technique, source, licence, resolution, file_name, sha256, x_units, y_units, ") +
                           (withPoints ? "x, y" : "NULL, NULL") +
                           ", metadata, is_demo, created_at, retired, risk_set FROM reference_spectra" +
                           (withRetired ? "" : " WHERE retired = 0")
                           // sha256 before id: ids are random, the order must not be.
                           + " ORDER BY substance COLLATE NOCASE, substance, sha256");
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
        r.retired = st.columnInt(21) != 0;
        r.riskSet = st.columnInt(22) != 0;
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
    auto st = m_db.prepare("SELECT EXISTS(SELECT 1 FROM reference_spectra WHERE is_demo = 1 AND retired = 0)");
    st.step();
    return st.columnInt(0) != 0;
}

std::int64_t ReferenceStore::demoCount()
{
    auto st = m_db.prepare("SELECT count(*) FROM reference_spectra WHERE is_demo = 1 AND retired = 0");
    st.step();
    return st.columnInt(0);
}

std::int64_t ReferenceStore::retireDemo(const User &actor)
{
    if (!actor.hasRole(Role::Admin))
        throw PermissionDenied(toString(Role::Admin), "retiring the demo library");
    Transaction tx(m_db);
    const std::int64_t demo = demoCount();
    if (demo == 0)
        return 0;
    const std::string before = version();
    m_db.exec("UPDATE reference_spectra SET retired = 1 WHERE is_demo = 1 AND retired = 0");
    bumpLibraryVersion(m_db);
    AuditLog(m_db).append(&actor, "reference_library", "demo", "", "retire", {{"demo_references", demo}, {"version", before}},
                          {{"demo_references", 0}, {"retired", demo}, {"version", version()}},
                          "demo library retired: the service uses its own library");
    tx.commit();
    return demo;
}

void ReferenceStore::setSubstanceClassAndRisk(const std::string &substance, const std::string &substanceClass,
                                              const std::string &risk, const User &actor)
{
    if (!actor.hasRole(Role::Admin))
        throw PermissionDenied(toString(Role::Admin), "setting a substance's class and risk");
    const std::string cls = trim(substanceClass);
    if (cls.empty() || cls == "unknown")
        throw ValidationError("class", "class: name the class of " + substance + " (fentanyl, benzodiazepine, cut, ...)");
    if (risk != "low" && risk != "moderate" && risk != "high")
        throw ValidationError("risk", "risk: '" + risk + "' is not low, moderate or high");
    Transaction tx(m_db);
    auto old = m_db.prepare("SELECT substance_class, risk, risk_set, count(*) FROM reference_spectra WHERE substance = ? "
                            "GROUP BY substance_class, risk, risk_set ORDER BY substance_class, risk, risk_set");
    old.bind(1, substance);
    nlohmann::json oldValue = nlohmann::json::array();
    while (old.step())
        oldValue.push_back({{"class", old.columnText(0)},
                            {"risk", old.columnInt(2) != 0 ? old.columnText(1) : std::string("not set")},
                            {"references", old.columnInt(3)}});
    if (oldValue.empty())
        throw ValidationError("substance", "substance: the library holds no reference of '" + substance + "'");
    auto st = m_db.prepare("UPDATE reference_spectra SET substance_class = ?, risk = ?, risk_set = 1 WHERE substance = ?");
    st.bind(1, cls).bind(2, risk).bind(3, substance).run();
    bumpLibraryVersion(m_db);
    AuditLog(m_db).append(&actor, "reference_library", substance, "", "set_class_risk", oldValue,
                          {{"class", cls}, {"risk", risk}});
    tx.commit();
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
