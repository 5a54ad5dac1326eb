#include "core/sites.h"
#include "core/auditlog.h"
#include "core/permissions.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
#include "core/util.h"

namespace candor::core {

namespace {
constexpr const char *kDefaultSite = "Main site";
constexpr const char *kDefaultRegion = "Region not set";
} // namespace

Site SiteStore::add(const std::string &name, const std::string &region, const User &actor)
{
    require(actor, Action::ManageSites);
    const auto n = trim(name);
    const auto r = trim(region);
    if (n.empty() || n.size() > 100)
        throw ValidationError("name", "site name: give 1 to 100 characters");
    if (r.empty() || r.size() > 100)
        throw ValidationError("region", "region: give 1 to 100 characters");
    if (findByName(n))
        throw ValidationError("name", "site name: a site called '" + n + "' already exists");
    Site site{newId(), n, r};
    Transaction tx(m_db);
    m_db.prepare("INSERT INTO sites (id, name, region, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, site.id)
        .bind(2, site.name)
        .bind(3, site.region)
        .bind(4, nowUtc())
        .run();
    AuditLog(m_db).append(&actor, "site", site.id, "", "insert", nullptr, {{"name", site.name}, {"region", site.region}});
    tx.commit();
    return site;
}

Site SiteStore::ensureDefault()
{
    // The default is remembered by id: "the first in some order" would change as soon as
    // an admin adds a site whose name sorts first.
    auto setting = m_db.prepare("SELECT value FROM settings WHERE key = 'default_site_id'");
    if (setting.step())
        if (auto site = findById(setting.columnText(0)))
            return *site;
    Transaction tx(m_db);
    Site site;
    auto oldest = m_db.prepare("SELECT id, name, region FROM sites ORDER BY rowid LIMIT 1");
    if (oldest.step()) {
        site = {oldest.columnText(0), oldest.columnText(1), oldest.columnText(2)};
    } else {
        site = {newId(), kDefaultSite, kDefaultRegion};
        m_db.prepare("INSERT INTO sites (id, name, region, created_at) VALUES (?, ?, ?, ?)")
            .bind(1, site.id)
            .bind(2, site.name)
            .bind(3, site.region)
            .bind(4, nowUtc())
            .run();
        AuditLog(m_db).append(nullptr, "site", site.id, "", "insert", nullptr, {{"name", site.name}, {"region", site.region}});
    }
    m_db.prepare("INSERT INTO settings (key, value) VALUES ('default_site_id', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, site.id)
        .run();
    tx.commit();
    return site;
}

std::vector<Site> SiteStore::list()
{
    std::vector<Site> out;
    auto st = m_db.prepare("SELECT id, name, region FROM sites ORDER BY rowid");
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), st.columnText(2)});
    return out;
}

std::optional<Site> SiteStore::findByName(const std::string &name)
{
    auto st = m_db.prepare("SELECT id, name, region FROM sites WHERE name = ?");
    st.bind(1, trim(name));
    if (!st.step())
        return std::nullopt;
    return Site{st.columnText(0), st.columnText(1), st.columnText(2)};
}

std::optional<Site> SiteStore::findById(const std::string &id)
{
    auto st = m_db.prepare("SELECT id, name, region FROM sites WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return Site{st.columnText(0), st.columnText(1), st.columnText(2)};
}

} // namespace candor::core
