#include "serviceidentitycontroller.h"

#include "appservices.h"
#include "sessioncontroller.h"
#include "errortext.h"

#include "core/errors.h"
#include "core/permissions.h"
#include "core/serviceidentity.h"
#include "print/servicetime.h"

#include <QTimeZone>

namespace candor::app {

ServiceIdentityController::ServiceIdentityController(QObject *parent)
    : Controller(parent)
{
}

ServiceIdentityController::ServiceIdentityController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
    begin();
}

void ServiceIdentityController::begin()
{
    reload();
}

bool ServiceIdentityController::canChange() const
{
    const auto &user = appServices().currentUser();
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
        const auto s = core::ServiceIdentityStore(appServices().db()).get();
        m_name = QString::fromStdString(s.name);
        m_contact = QString::fromStdString(s.contact);
        m_region = QString::fromStdString(s.region);
        m_timeZone = QString::fromStdString(s.timeZone);
    } catch (...) {
        reportError();
    }
    Q_EMIT loaded();
}

bool ServiceIdentityController::save(const QString &name, const QString &contact, const QString &region, const QString &timeZone)
{
    try {
        auto &services = appServices();
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
        reportError(QString::fromStdString(e.what()));
    } catch (...) {
        m_errorField.clear();
        Q_EMIT errorFieldChanged();
        reportError();
    }
    return false;
}

} // namespace candor::app
