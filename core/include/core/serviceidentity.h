#pragma once
// The service's identity: its name, a contact line, its region and its time zone. Set
// once by an admin (Settings, 'candor-cli service set'); printed on result slips and the
// exported site, and the zone is the one times are shown and accepted in (they are stored
// in UTC). Kept in the settings table under "service.*".

#include <functional>
#include <optional>
#include <string>

namespace candor::core {

class Database;
struct User;

struct ServiceIdentity {
    std::string name;     // "Drug Checking Zurich"; empty until set
    std::string contact;  // "Tue-Thu 10-18, 044 000 00 00, hello@example.org"
    std::string region;   // "Zurich"
    std::string timeZone; // IANA name, "Europe/Zurich"; "UTC" until set

    bool isSet() const { return !name.empty(); }
};

// A change: only the fields given are changed.
struct ServiceIdentityChange {
    std::optional<std::string> name;
    std::optional<std::string> contact;
    std::optional<std::string> region;
    std::optional<std::string> timeZone;
};

// Whether an IANA zone name is known. Core has no time-zone database of its own (no
// C++20 tz in GCC 12, no Qt here), so the front end passes QTimeZone's answer
// (print/localtime.h).
using TimeZoneCheck = std::function<bool(const std::string &zone)>;

class ServiceIdentityStore {
public:
    explicit ServiceIdentityStore(Database &db)
        : m_db(db)
    {
    }

    ServiceIdentity get();
    // Needs the admin role (ChangeSettings). Every field is checked before anything is
    // written: ValidationError naming the field (name, contact, region, time-zone) and
    // nothing changed. One audit entry with the old and new values.
    ServiceIdentity set(const ServiceIdentityChange &change, const User &actor, const TimeZoneCheck &knownZone);

private:
    Database &m_db;
};

} // namespace candor::core
