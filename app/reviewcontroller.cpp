#include "reviewcontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "core/findings.h"
#include "core/samples.h"

namespace candor::app {

ReviewController::ReviewController(QObject *parent)
    : Controller(parent)
{
}

ReviewController::ReviewController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
    begin();
}

void ReviewController::begin()
{
    connect(&session(), &SessionController::samplesChanged, this, &ReviewController::reload);
    reload();
}

void ReviewController::reload()
{
    m_queue.clear();
    clearError();
    try {
        auto &services = appServices();
        core::FindingStore findings(services.db(), services.catalogue());
        const ServiceClock clock(services.db());
        const std::string me = services.currentUser() ? services.currentUser()->id : std::string();
        for (const auto &s : core::SampleStore(services.db(), services.catalogue()).waitingForVerification()) {
            QStringList found;
            for (const auto &f : findings.list(s.id))
                found << QString::fromStdString(f.describe());
            m_queue.append(QVariantMap{
                {"id", QString::fromStdString(s.id)},
                {"publicCode", QString::fromStdString(s.publicCode)},
                {"soldAs", QString::fromStdString(s.soldAs)},
                {"form", QString::fromStdString(s.form)},
                {"submittedBy", QString::fromStdString(s.submittedByName.value_or(""))},
                {"submittedAt", QString::fromStdString(s.submittedAt.value_or(""))},
                {"submittedLocal", clock.show(s.submittedAt.value_or(""))},
                {"mine", !me.empty() && s.submittedBy == me},
                {"findings", found.join(QStringLiteral(", "))},
                {"referral", QString::fromStdString(s.referralReason.value_or(""))},
            });
        }
    } catch (...) {
        reportError();
    }
    Q_EMIT loaded();
}

} // namespace candor::app
