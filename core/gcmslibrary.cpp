#include "core/gcmslibrary.h"

#include "core/auditlog.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
#include "core/util.h"

#include <cmath>

namespace candor::core {

std::vector<std::string> GcmsLibraryStore::addAll(const std::vector<GcmsLibraryEntry> &entries, const User &actor)
{
    if (!actor.hasRole(Role::Admin))
        throw PermissionDenied(toString(Role::Admin), "changing the GC-MS library");
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto &e = entries[i];
        const std::string which = "GC-MS library entry " + std::to_string(i + 1) + " (" + e.name + ")";
        if (trim(e.name).empty())
            throw ValidationError("name", "name: GC-MS library entry " + std::to_string(i + 1) + " has no name");
        if (e.origin != "msp" && e.origin != "in-house")
            throw ValidationError("origin", "origin: " + which + " comes from '" + e.origin + "', not msp or in-house");
        if (e.mz.empty() || e.mz.size() != e.intensity.size())
            throw ValidationError("peaks", "peaks: " + which + " has " + std::to_string(e.mz.size()) + " m/z and " +
                                               std::to_string(e.intensity.size()) + " intensities");
        for (std::size_t k = 0; k < e.mz.size(); ++k)
            if (!std::isfinite(e.mz[k]) || !std::isfinite(e.intensity[k]))
                throw ValidationError("peaks",
                                      "peaks: " + which + " has a value that is not a number at peak " + std::to_string(k + 1));
        for (const auto &v : {e.retentionIndex, e.retentionMinutes})
            if (v && !std::isfinite(*v))
                throw ValidationError("retention", "retention: " + which + " has a retention value that is not a number");
    }
    std::vector<std::string> ids;
    Transaction tx(m_db);
    auto st = m_db.prepare("INSERT INTO gcms_library_entries (id, origin, source_file, name, cas, formula, retention_index, "
                           "retention_minutes, mz, intensity, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const std::string now = nowUtc();
    for (const auto &e : entries) {
        const std::string id = newId();
        st.reset();
        st.bind(1, id).bind(2, e.origin).bind(3, e.sourceFile).bind(4, trim(e.name)).bind(5, trim(e.cas)).bind(6, e.formula);
        st.bind(7, e.retentionIndex).bind(8, e.retentionMinutes).bindBlob(9, packDoubles(e.mz));
        st.bindBlob(10, packDoubles(e.intensity)).bind(11, now).bind(12, actor.id);
        st.run();
        ids.push_back(id);
    }
    AuditLog(m_db).append(&actor, "gcms_library", entries.empty() ? "" : entries.front().sourceFile, "", "add", nullptr,
                          {{"entries", entries.size()}, {"origin", entries.empty() ? "" : entries.front().origin}});
    tx.commit();
    return ids;
}

std::vector<GcmsLibraryEntry> GcmsLibraryStore::all()
{
    std::vector<GcmsLibraryEntry> out;
    auto st = m_db.prepare("SELECT id, origin, source_file, name, cas, formula, retention_index, retention_minutes, mz, "
                           "intensity, added_at, added_by FROM gcms_library_entries ORDER BY rowid");
    while (st.step()) {
        GcmsLibraryEntry e;
        e.id = st.columnText(0);
        e.origin = st.columnText(1);
        e.sourceFile = st.columnText(2);
        e.name = st.columnText(3);
        e.cas = st.columnText(4);
        e.formula = st.columnText(5);
        if (!st.isNull(6))
            e.retentionIndex = st.columnDouble(6);
        if (!st.isNull(7))
            e.retentionMinutes = st.columnDouble(7);
        e.mz = unpackDoubles(st.columnBlob(8));
        e.intensity = unpackDoubles(st.columnBlob(9));
        e.addedAt = st.columnText(10);
        e.addedBy = st.columnText(11);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace candor::core
