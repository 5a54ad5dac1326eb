#include "serviceclock.h"

#include "core/serviceidentity.h"
#include "print/servicetime.h"

namespace candor::app {

ServiceClock::ServiceClock(core::Database &db)
    : m_zone(core::ServiceIdentityStore(db).get().timeZone)
{
}

QString ServiceClock::show(const std::string &utc) const
{
    if (utc.empty())
        return {};
    return QString::fromStdString(print::localDateTime(utc, m_zone));
}

std::string ServiceClock::accept(const QString &typed, const std::string &field) const
{
    if (typed.trimmed().isEmpty())
        return {};
    return print::utcFromLocal(typed.toStdString(), m_zone, field);
}

} // namespace candor::app
