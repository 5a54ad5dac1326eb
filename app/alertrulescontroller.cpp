#include "alertrulescontroller.h"
#include "appservices.h"
#include "errortext.h"

#include "alerts/servicerules.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/users.h"

#include <QRegularExpression>

namespace candor::app {

AlertRulesController::AlertRulesController(QObject *parent)
    : QObject(parent)
{
    reload();
}

bool AlertRulesController::canEdit() const
{
    const auto &user = AppServices::instance()->currentUser();
    return user && core::can(*user, core::Action::EditAlertRules);
}

void AlertRulesController::reload()
{
    try {
        auto &db = AppServices::instance()->db();
        const auto rules = alerts::rulesText(db);
        m_rules = QString::fromStdString(rules.text);
        m_rulesEdited = rules.edited;
        const auto advice = alerts::adviceText(db);
        m_advice = QString::fromStdString(advice.text);
        m_adviceEdited = advice.edited;
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
    }
    Q_EMIT loaded();
}

template<typename F>
bool AlertRulesController::change(const QString &done, F &&action)
{
    try {
        auto &services = *AppServices::instance();
        action(services);
    } catch (const core::ValidationError &e) {
        // The field reads "line 12: rules[3].severity": the editor jumps to that line.
        static const QRegularExpression line(QStringLiteral("^line (\\d+)"));
        const auto m = line.match(QString::fromStdString(e.field()));
        m_errorLine = m.hasMatch() ? m.captured(1).toInt() : 0;
        Q_EMIT errorOccurred(describeError(std::current_exception()));
        return false;
    } catch (...) {
        m_errorLine = 0;
        Q_EMIT errorOccurred(describeError(std::current_exception()));
        return false;
    }
    m_errorLine = 0;
    reload();
    Q_EMIT saved(done);
    return true;
}

bool AlertRulesController::saveRules(const QString &text)
{
    return change(tr("The edited alert rules are in force; the next “Draft from verified results” uses them."),
                  [&](AppServices &s) { alerts::saveRules(s.db(), text.toStdString(), s.actor()); });
}

bool AlertRulesController::restoreRules()
{
    return change(tr("The shipped alert rules are in force again."),
                  [&](AppServices &s) { alerts::restoreShippedRules(s.db(), s.actor()); });
}

bool AlertRulesController::saveAdvice(const QString &text)
{
    return change(tr("The edited safer-use advice is in force for new drafts."),
                  [&](AppServices &s) { alerts::saveAdvice(s.db(), text.toStdString(), s.actor()); });
}

bool AlertRulesController::restoreAdvice()
{
    return change(tr("The shipped safer-use advice is in force again."),
                  [&](AppServices &s) { alerts::restoreShippedAdvice(s.db(), s.actor()); });
}

} // namespace candor::app
