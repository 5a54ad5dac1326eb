#include "servicetime.h"

#include "core/slip.h"

#include <QDateTime>
#include <QTimeZone>

namespace candor::print {

namespace {
QDateTime inZone(const std::string &utc, const std::string &zone)
{
    QDateTime t = QDateTime::fromString(QString::fromStdString(utc), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(QString::fromStdString(utc), Qt::ISODate);
    if (!t.isValid())
        return {};
    t.setTimeZone(QTimeZone::utc()); // stored times are UTC, with or without the Z
    const QTimeZone tz(QByteArray::fromStdString(zone));
    return tz.isValid() ? t.toTimeZone(tz) : t;
}
} // namespace

bool isKnownTimeZone(const std::string &zone)
{
    return !zone.empty() && QTimeZone::isTimeZoneIdAvailable(QByteArray::fromStdString(zone));
}

std::string localDateTime(const std::string &utc, const std::string &zone)
{
    const QDateTime t = inZone(utc, zone);
    if (!t.isValid())
        return utc;
    return (t.toString(QStringLiteral("yyyy-MM-dd HH:mm ")) + t.timeZoneAbbreviation()).toStdString();
}

std::string localDate(const std::string &utc, const std::string &zone)
{
    const QDateTime t = inZone(utc, zone);
    return t.isValid() ? t.toString(QStringLiteral("yyyy-MM-dd")).toStdString() : utc.substr(0, 10);
}

void localizeSlip(core::SlipContent &slip, const std::string &zone)
{
    if (!slip.verifiedAtUtc.empty())
        slip.verifiedOn = localDate(slip.verifiedAtUtc, zone);
}

} // namespace candor::print
