#include "print/servicetime.h"

#include "core/errors.h"
#include "core/slip.h"

#include <QDateTime>
#include <QRegularExpression>
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

std::string utcFromLocal(const std::string &typed, const std::string &zone, const std::string &field)
{
    const QString text = QString::fromStdString(typed).trimmed();
    if (!isKnownTimeZone(zone))
        throw core::ValidationError(field, field + ": the service's time zone '" + zone +
                                               "' is not known; set a zone like Europe/Amsterdam in Settings");
    const auto unreadable = [&] {
        return core::ValidationError(field, field + ": '" + text.toStdString() +
                                                "' is not a time; type it like 2026-01-15 14:30 (" + zone + " time)");
    };
    const QTimeZone tz(QByteArray::fromStdString(zone));
    // A time with its own offset or Z: the person said which clock they mean.
    static const QRegularExpression ownOffset(QStringLiteral("(Z|[+-]\\d\\d:?\\d\\d)$"));
    if (text.size() > 10 && ownOffset.match(text).hasMatch()) {
        const QDateTime t = QDateTime::fromString(text, Qt::ISODate);
        if (!t.isValid())
            throw unreadable();
        return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")).toStdString();
    }
    // Date and time read apart: a QDateTime read whole would be in this machine's zone,
    // whose own clock changes could bend a time that is fine in the service's.
    const QString datePart = text.left(10);
    const QString timePart = text.mid(11);
    const QDate date = QDate::fromString(datePart, QStringLiteral("yyyy-MM-dd"));
    if (!date.isValid() || (text.size() > 10 && text.at(10) != QLatin1Char(' ') && text.at(10) != QLatin1Char('T')))
        throw unreadable();
    QTime time(0, 0);
    if (text.size() > 10) {
        time = QTime::fromString(timePart, QStringLiteral("HH:mm"));
        if (!time.isValid())
            time = QTime::fromString(timePart, QStringLiteral("HH:mm:ss"));
        if (!time.isValid())
            throw unreadable();
    }
    const QDateTime local(date, time, tz);
    // Qt moves a time the clocks skip forward: a typed time that never happened on that
    // day's clock is refused rather than stored as another.
    if (!local.isValid() || local.date() != date || local.time() != time)
        throw core::ValidationError(field, field + ": " + text.toStdString() + " did not happen in " + zone +
                                               " (the clocks went forward); check the time");
    return local.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")).toStdString();
}

void localizeSlip(core::SlipContent &slip, const std::string &zone)
{
    if (!slip.verifiedAtUtc.empty())
        slip.verifiedOn = localDate(slip.verifiedAtUtc, zone);
}

} // namespace candor::print
