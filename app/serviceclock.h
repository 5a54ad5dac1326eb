#pragma once
// The service's clock for the controllers: every time the app shows is the stored UTC
// time in the service's zone with its abbreviation ("2026-01-15 14:30 CET"), and every
// time it accepts is read as that zone's local time and stored in UTC. The zone is the
// one set in Settings (core/serviceidentity.h), read once when the clock is made; the
// formatting and parsing are print/servicetime.h's, shared with the slips.

#include <QString>

#include <string>

namespace candor::core {
class Database;
}

namespace candor::app {

class ServiceClock {
public:
    explicit ServiceClock(core::Database &db);

    const std::string &zone() const { return m_zone; }
    // A stored UTC time as the service's clock shows it; "" for "".
    QString show(const std::string &utc) const;
    QString show(const QString &utc) const { return show(utc.toStdString()); }
    // A typed local time as UTC ("" stays ""). Throws core::ValidationError with `field`
    // for an unknown zone or a text that is no time.
    std::string accept(const QString &typed, const std::string &field) const;

private:
    std::string m_zone;
};

} // namespace candor::app
