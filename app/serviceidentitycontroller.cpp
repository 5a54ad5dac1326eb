#include "serviceidentitycontroller.h"

#include "appservices.h"
#include "errortext.h"

#include "core/errors.h"
#include "core/permissions.h"
#include "core/serviceidentity.h"
#include "print/servicetime.h"

#include <QTimeZone>

namespace candor::app {

ServiceIdentityController::ServiceIdentityController(QObject *parent) : QObject(parent) { reload(); }

bool ServiceIdentityController::canChange() const
{
    const auto &user = AppServices::instance()->currentUser();
    return user && core::can(*user, core::Action::ChangeSettings);
}

QStringList ServiceIdentityController::timeZones() const
{
    QStringList out;
    for (const auto &id : QTimeZone::availableTimeZoneIds())
        out.append(QString::fromUtf8(id));
    return out;
}

void ServiceIdentityController::reload()
{
    try {
        const auto s = core::ServiceIdentityStore(AppServices::instance()->db()).get();
        m_name = QString::fromStdString(s.name);
        m_contact = QString::fromStdString(s.contact);
        m_region = QString::fromStdString(s.region);
        m_timeZone = QString::fromStdString(s.timeZone);
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
    }
    Q_EMIT loaded();
}

bool ServiceIdentityController::save(const QString &name, const QString &contact, const QString &region, const QString &timeZone)
{
    try {
        auto &services = *AppServices::instance();
        core::ServiceIdentityStore(services.db())
            .set({name.toStdString(), contact.toStdString(), region.toStdString(), timeZone.toStdString()}, services.actor(),
                 print::isKnownTimeZone);
        m_errorField.clear();
        Q_EMIT errorFieldChanged();
        reload();
        Q_EMIT saved(tr("Saved: slips and the site now name %1; times are shown in %2").arg(m_name, m_timeZone));
        return true;
    } catch (const core::ValidationError &e) {
        m_errorField = QString::fromStdString(e.field());
        Q_EMIT errorFieldChanged();
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
    } catch (...) {
        m_errorField.clear();
        Q_EMIT errorFieldChanged();
        Q_EMIT errorOccurred(describeError(std::current_exception()));
    }
    return false;
}

} // namespace candor::app
