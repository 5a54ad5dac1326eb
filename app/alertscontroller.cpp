#include "alertscontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "alerts/alertcheck.h"
#include "alerts/anonymizer.h"
#include "alerts/draftservice.h"
#include "alerts/serviceexport.h"
#include "alerts/servicerules.h"
#include "alerts/servicesamples.h"
#include "core/errors.h"
#include "core/sqlite/sqlitealertdraftstore.h"
#include "core/users.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

namespace candor::app {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string s(const QString &text)
{
    return text.trimmed().toStdString();
}

QString previewHtml(const alerts::PublicAlert &a)
{
    const auto e = [](const std::string &text) { return q(text).toHtmlEscaped(); };
    QString kind;
    if (a.msgType == "Update")
        kind = QObject::tr("Correction %1").arg(a.sequence - 1);
    else if (a.msgType == "Cancel")
        kind = QObject::tr("Withdrawn");
    else
        kind = QObject::tr("Alert");
    QString html;
    html += QStringLiteral("<p><b>%1</b> · %2</p>").arg(e(core::toString(a.severity)).toUpper(), kind);
    html += QStringLiteral("<h2>%1</h2>").arg(e(a.headline));
    if (a.msgType == "Cancel")
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(QObject::tr("Why it was withdrawn:"), e(a.reason));
    html += QStringLiteral("<p><b>%1</b> %2<br/><b>%3</b> %4<br/><b>%5</b> %6<br/><b>%7</b> %8 · %9</p>")
                .arg(QObject::tr("Found:"), e(a.found), QObject::tr("Sold as:"), e(a.soldAs), QObject::tr("Samples:"),
                     e(a.samples), QObject::tr("Where and when:"), e(a.region), e(a.window()));
    html += QStringLiteral("<p><b>%1</b><br/>%2</p>")
                .arg(QObject::tr("Safer use:"), e(a.advice).replace(QLatin1Char('\n'), QStringLiteral("<br/>")));
    return html;
}

} // namespace

AlertsController::AlertsController(QObject *parent)
    : Controller(parent)
    , m_alerts(this)
    , m_history(this)
{
}

AlertsController::AlertsController(SessionController &session, QObject *parent)
    : Controller(session, parent)
    , m_alerts(this)
    , m_history(this)
{
    begin();
}

void AlertsController::begin()
{
    connect(&session(), &SessionController::changed, this, &AlertsController::permissionsChanged);
    connect(&session(), &SessionController::changed, this, &AlertsController::selectionChanged);
    reload();
}

bool AlertsController::canPublish() const
{
    const auto *services = &appServices();
    const auto &u = services ? services->currentUser() : std::nullopt;
    return u && u->hasRole(core::Role::Coordinator);
}

bool AlertsController::canEdit() const
{
    return canPublish() && m_selected && m_selected->status != "cancelled";
}

QString AlertsController::selectedHeadline() const
{
    return m_selected ? q(m_selected->headline) : QString();
}

QString AlertsController::selectedFound() const
{
    return m_selected ? q(m_selected->found) : QString();
}

QString AlertsController::selectedSoldAs() const
{
    return m_selected ? q(m_selected->soldAs) : QString();
}

QString AlertsController::selectedAdvice() const
{
    return m_selected ? q(m_selected->advice) : QString();
}

QString AlertsController::selectedSeverity() const
{
    return q(core::toString(m_selected ? m_selected->severity : core::AlertSeverity::Information));
}

QString AlertsController::selectedStatus() const
{
    return m_selected ? q(m_selected->status) : QString();
}

QString AlertsController::withdrawLabel() const
{
    return selectedStatus() == QLatin1String("draft") ? tr("Dismiss draft") : tr("Withdraw");
}

QString AlertsController::publishLabel() const
{
    return selectedStatus() == QLatin1String("published") ? tr("Publish correction") : tr("Publish");
}

bool AlertsController::refresh()
{
    bool ok = true;
    try {
        auto &services = appServices();
        services.actor();
        std::set<std::string> known;
        for (const auto &sub : services.catalogue().substances())
            known.insert(sub.name);
        // The rules and advice in force: the shipped files or the ones edited in Settings.
        const alerts::RuleBook rules = alerts::rulesInForce(services.db());
        core::SqliteAlertDraftStore drafts(services.db());
        alerts::DraftService(drafts, rules, alerts::adviceInForce(services.db()))
            .refresh(alerts::ServiceSampleSource(services.db(), services.catalogue()).verifiedSamples(), known);
    } catch (...) {
        ok = false;
        reportError();
    }
    reload();
    return ok;
}

void AlertsController::reload()
{
    std::vector<core::Alert> rows;
    m_demoNote.clear();
    try {
        auto &services = appServices();
        alerts::RuleBook rules;
        core::SqliteAlertDraftStore drafts(services.db());
        rows = alerts::DraftService(drafts, rules).list();
        if (const auto demo = alerts::ServiceSampleSource(services.db(), services.catalogue()).demoLeftOut(); demo > 0)
            m_demoNote =
                demo == 1
                    ? tr("1 verified demo sample is left out: demo data never feeds alerts or published pages.")
                    : tr("%1 verified demo samples are left out: demo data never feeds alerts or published pages.").arg(demo);
    } catch (...) {
        reportError();
    }
    m_alerts.reset(std::move(rows));
    Q_EMIT alertsChanged();
    loadSelected();
}

void AlertsController::select(const QString &id)
{
    m_selectedId = id;
    loadSelected();
}

void AlertsController::loadSelected()
{
    m_selected.reset();
    m_pending = {};
    m_pendingSeverity.clear();
    std::vector<core::Publication> history;
    std::string zone = "UTC";
    if (!m_selectedId.isEmpty()) {
        try {
            auto &services = appServices();
            alerts::RuleBook rules;
            core::SqliteAlertDraftStore drafts(services.db());
            alerts::DraftService service(drafts, rules);
            const auto alert = service.get(s(m_selectedId));
            history = service.history(s(m_selectedId));
            zone = ServiceClock(services.db()).zone(); // the history's times on the service's clock
            m_selected = alert;
            m_pending = alert;
            m_pendingSeverity = core::toString(alert.severity);
        } catch (...) {
            m_selectedId.clear();
            history.clear();
            reportError();
        }
    }
    m_history.reset(std::move(history), std::move(zone));
    Q_EMIT selectionChanged();
    updatePreview();
}

void AlertsController::setPending(const QString &headline, const QString &found, const QString &soldAs, const QString &advice,
                                  const QString &severity)
{
    if (m_selectedId.isEmpty())
        return;
    m_pending.headline = s(headline);
    m_pending.found = s(found);
    m_pending.soldAs = s(soldAs);
    m_pending.advice = s(advice);
    m_pendingSeverity = s(severity);
    updatePreview();
}

void AlertsController::updatePreview()
{
    m_preview.clear();
    m_previewProblem.clear();
    if (!m_selectedId.isEmpty()) {
        try {
            auto &services = appServices();
            alerts::RuleBook rules;
            core::SqliteAlertDraftStore drafts(services.db());
            alerts::DraftService service(drafts, rules);
            const auto alert = service.get(s(m_selectedId));
            auto earlier = service.history(alert.id);
            alerts::Publication p;
            if (alert.status == "cancelled" && !earlier.empty()) {
                // What went out last: the withdrawal.
                p = earlier.back();
                earlier.pop_back();
            } else {
                p.alertId = alert.id;
                p.sequence = int(earlier.size()) + 1;
                p.msgType = earlier.empty() ? "Alert" : "Update";
                p.publishedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
                p.severity = core::parse<core::AlertSeverity>(m_pendingSeverity);
                p.headline = m_pending.headline;
                p.found = m_pending.found;
                p.soldAs = m_pending.soldAs;
                p.advice = m_pending.advice;
                p.sampleCount = alert.sampleCount;
                p.region = alert.region;
                p.windowStart = alert.windowStart;
                p.windowEnd = alert.windowEnd;
            }
            m_preview = previewHtml(alerts::Anonymizer{}.publicAlert(p, earlier));
            if (alert.status != "cancelled") {
                const auto check = alerts::serviceAlertCheck(services.db(), services.catalogue());
                QStringList problems;
                for (const auto &r : check.check(alerts::alertText(p, check.groupsOf(alert.sampleIds))))
                    problems.append(q(r.sentence()));
                m_previewProblem = problems.join(QLatin1Char('\n'));
            }
        } catch (...) {
            m_preview = tr("No preview: %1").arg(logError(metaObject()->className(), std::current_exception())).toHtmlEscaped();
        }
    }
    Q_EMIT previewChanged();
}

bool AlertsController::save(const QString &headline, const QString &found, const QString &soldAs, const QString &advice,
                            const QString &severity)
{
    try {
        auto &services = appServices();
        if (m_selectedId.isEmpty())
            throw core::ValidationError("alert", "alert: choose an alert first");
        alerts::AlertEdit edit;
        const auto changed = [](const std::string &stored, const QString &value) -> std::optional<std::string> {
            if (s(value) == stored)
                return std::nullopt;
            return s(value);
        };
        const core::Alert stored = m_selected.value_or(core::Alert{});
        edit.headline = changed(stored.headline, headline);
        edit.found = changed(stored.found, found);
        edit.soldAs = changed(stored.soldAs, soldAs);
        edit.advice = changed(stored.advice, advice);
        edit.severity = changed(core::toString(stored.severity), severity);
        if (edit.headline || edit.found || edit.soldAs || edit.advice || edit.severity) {
            alerts::RuleBook rules;
            core::SqliteAlertDraftStore drafts(services.db());
            alerts::DraftService(drafts, rules).edit(s(m_selectedId), edit, services.actor());
        }
    } catch (...) {
        reportError();
        return false;
    }
    reload();
    return true;
}

bool AlertsController::publish()
{
    try {
        auto &services = appServices();
        if (m_selectedId.isEmpty())
            throw core::ValidationError("alert", "alert: choose an alert first");
        alerts::RuleBook rules;
        core::SqliteAlertDraftStore drafts(services.db());
        const auto p = alerts::DraftService(drafts, rules)
                           .publish(s(m_selectedId), services.actor(),
                                    alerts::serviceAlertCheck(services.db(), services.catalogue()));
        Q_EMIT published(p.msgType == "Alert" ? tr("Published: %1").arg(q(p.headline))
                                              : tr("Published a correction: %1").arg(q(p.headline)));
    } catch (...) {
        reportError();
        return false;
    }
    reload();
    return true;
}

namespace {
QString defaultExportFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(QStringLiteral("candor-site"));
}
} // namespace

QString AlertsController::exportFolder() const
{
    return m_exportFolder.isEmpty() ? defaultExportFolder() : m_exportFolder;
}

void AlertsController::setExportFolder(const QString &folder)
{
    // A folder dialog gives a URL; a typed path is a path.
    const QUrl url(folder);
    const QString path = url.isLocalFile() ? url.toLocalFile() : folder.trimmed();
    if (path == m_exportFolder)
        return;
    m_exportFolder = path;
    Q_EMIT exportChanged();
}

bool AlertsController::exportSite()
{
    try {
        auto &services = appServices();
        services.actor();
        QElapsedTimer timer;
        timer.start();
        // The default place (Documents/candor-site) may have no Documents folder yet.
        if (exportFolder() == defaultExportFolder())
            QDir().mkpath(QFileInfo(defaultExportFolder()).absolutePath());
        const auto result = alerts::exportServiceSite(services.db(), services.catalogue(), exportFolder().toStdString());
        m_exportedIndex = QUrl::fromLocalFile(q((result.folder / "index.html").string())).toString();
        Q_EMIT exportChanged();
        Q_EMIT published(tr("Site written: %1 files, %2, to %3 in %4 s")
                             .arg(result.files.size())
                             .arg(result.alerts == 1 ? tr("1 alert") : tr("%1 alerts").arg(result.alerts))
                             .arg(q(result.folder.string()))
                             .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1));
    } catch (...) {
        reportError();
        return false;
    }
    return true;
}

bool AlertsController::cancel(const QString &reason)
{
    try {
        auto &services = appServices();
        if (m_selectedId.isEmpty())
            throw core::ValidationError("alert", "alert: choose an alert first");
        alerts::RuleBook rules;
        core::SqliteAlertDraftStore drafts(services.db());
        const auto p = alerts::DraftService(drafts, rules)
                           .cancel(s(m_selectedId), s(reason), services.actor(),
                                   alerts::serviceAlertCheck(services.db(), services.catalogue()));
        Q_EMIT published(p ? tr("Withdrawn") : tr("Draft dismissed"));
    } catch (...) {
        reportError();
        return false;
    }
    reload();
    return true;
}

} // namespace candor::app
