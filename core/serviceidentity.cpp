#include "core/serviceidentity.h"
#include "core/auditlog.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/users.h"
#include "core/util.h"

#include <nlohmann/json.hpp>

namespace candor::core {

namespace {

constexpr const char *kName = "service.name";
constexpr const char *kContact = "service.contact";
constexpr const char *kRegion = "service.region";
constexpr const char *kTimeZone = "service.time_zone";

std::string setting(Database &db, const char *key, const std::string &fallback)
{
    auto st = db.prepare("SELECT value FROM settings WHERE key = ?");
    st.bind(1, std::string(key));
    return st.step() ? st.columnText(0) : fallback;
}

std::string checked(const std::optional<std::string> &value, const std::string &field, const std::string &label,
                    std::size_t maxLength, bool mayBeEmpty)
{
    const std::string v = trim(*value);
    if (v.find_first_of("\r\n") != std::string::npos)
        throw ValidationError(field, field + ": the " + label + " must be one line");
    if ((!mayBeEmpty && v.empty()) || v.size() > maxLength)
        throw ValidationError(field, field + ": give " + (mayBeEmpty ? "up to " : "1 to ") + std::to_string(maxLength) +
                                         " characters for the " + label);
    return v;
}

nlohmann::json asJson(const ServiceIdentity &s)
{
    return {{"name", s.name}, {"contact", s.contact}, {"region", s.region}, {"time_zone", s.timeZone}};
}

} // namespace

ServiceIdentity ServiceIdentityStore::get()
{
    return {setting(m_db, kName, ""), setting(m_db, kContact, ""), setting(m_db, kRegion, ""), setting(m_db, kTimeZone, "UTC")};
}

ServiceIdentity ServiceIdentityStore::set(const ServiceIdentityChange &change, const User &actor, const TimeZoneCheck &knownZone)
{
    require(actor, Action::ChangeSettings);
    const ServiceIdentity before = get();
    ServiceIdentity after = before;
    // Check everything first: a bad zone must not leave a new name behind.
    if (change.name)
        after.name = checked(change.name, "name", "service's name", 100, false);
    if (change.contact)
        after.contact = checked(change.contact, "contact", "contact line", 200, true);
    if (change.region)
        after.region = checked(change.region, "region", "region", 100, true);
    if (change.timeZone) {
        const std::string zone = trim(*change.timeZone);
        if (zone.empty() || !knownZone || !knownZone(zone))
            throw ValidationError("time-zone", "time-zone: '" + zone +
                                                   "' is not a known time zone; give an IANA name such as Europe/Zurich or "
                                                   "America/Toronto");
        after.timeZone = zone;
    }
    if (after.name.empty())
        throw ValidationError("name", "name: give the service's name (1 to 100 characters)");

    Transaction tx(m_db);
    const std::pair<const char *, const std::string *> values[] = {{kName, &after.name},
                                                                   {kContact, &after.contact},
                                                                   {kRegion, &after.region},
                                                                   {kTimeZone, &after.timeZone}};
    for (const auto &[key, value] : values)
        m_db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(1, std::string(key))
            .bind(2, *value)
            .run();
    AuditLog(m_db).append(&actor, "setting", "service", "", "update", asJson(before), asJson(after));
    tx.commit();
    return after;
}

} // namespace candor::core
