#include "settingscontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "core/backup.h"
#include "core/database.h"
#include "core/demodata.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/util.h"

#include <QStringList>

namespace candor::app {

SettingsController::SettingsController(QObject *parent)
    : Controller(parent)
{
}

SettingsController::SettingsController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
    begin();
}

void SettingsController::begin()
{
    reload();
}

bool SettingsController::canChange() const
{
    const auto &user = appServices().currentUser();
    return user && core::can(*user, core::Action::ChangeSettings);
}

void SettingsController::reload()
{
    try {
        auto &db = appServices().db();
        const auto backup = core::backupSettings(db);
        m_enabled = backup.enabled;
        m_folder = QString::fromStdString(core::automaticBackupFolder(db).string());
        m_keep = backup.keep;
        m_timeout = session().timeoutMinutes();
    } catch (...) {
        reportError();
    }
    Q_EMIT loaded();
}

bool SettingsController::save(bool backupEnabled, const QString &backupFolder, int backupKeep, int timeoutMinutes)
{
    try {
        auto &services = appServices();
        if (timeoutMinutes < 1 || timeoutMinutes > 24 * 60)
            throw core::ValidationError("timeout", "time-out: between 1 and 1440 minutes");
        core::Transaction tx(services.db());
        core::setBackupSettings(services.db(), {backupEnabled, backupFolder.trimmed().toStdString(), backupKeep},
                                services.actor());
        core::setSetting(services.db(), "session.timeout_minutes", std::to_string(timeoutMinutes), services.actor());
        tx.commit();
        reload();
        Q_EMIT saved(tr("Settings saved"));
        return true;
    } catch (...) {
        reportError();
        return false;
    }
}

QString SettingsController::backupNow()
{
    try {
        auto &services = appServices();
        const auto folder = core::automaticBackupFolder(services.db());
        std::filesystem::create_directories(folder);
        const std::string at = core::nowUtc();
        std::string stamp = at;
        for (auto &c : stamp)
            if (c == ':')
                c = '-';
        const auto result = core::backupDatabase(services.db(), folder / ("candor-" + stamp + ".sqlite"), services.actor());
        const auto path = QString::fromStdString(result.path.string());
        Q_EMIT saved(tr("Backed up at %1 to %2").arg(ServiceClock(services.db()).show(at), path));
        return path;
    } catch (...) {
        reportError();
        return {};
    }
}

bool SettingsController::canRemoveDemoData() const
{
    const auto &user = appServices().currentUser();
    return user && core::can(*user, core::Action::LoadDemo);
}

namespace {

// "1 finding", "35 findings".
QString counted(std::int64_t n, const char *one, const char *many)
{
    return n == 1 ? SettingsController::tr(one) : SettingsController::tr(many).arg(n);
}

QString demoRemovalText(const core::DemoRemoval &r)
{
    // What hangs off the samples, naming only what there is.
    QStringList records;
    const std::pair<std::int64_t, std::pair<const char *, const char *>> kinds[] = {
        {r.stripReadings, {"1 strip reading", "%1 strip readings"}},
        {r.reagentReadings, {"1 reagent reading", "%1 reagent readings"}},
        {r.findings, {"1 finding", "%1 findings"}},
        {r.instrumentFiles, {"1 instrument file", "%1 instrument files"}},
        {r.labResults, {"1 lab result", "%1 lab results"}},
        {r.rescreenChanges, {"1 re-screen change", "%1 re-screen changes"}},
    };
    for (const auto &[n, words] : kinds)
        if (n > 0)
            records << counted(n, words.first, words.second);
    QStringList parts;
    QString samples = counted(r.samples, "1 demo sample", "%1 demo samples");
    if (!records.isEmpty())
        samples += SettingsController::tr(" with their %1").arg(records.join(QStringLiteral(", ")));
    parts << samples;
    if (r.alertDrafts > 0)
        parts << counted(r.alertDrafts, "1 alert draft made only from demo samples (never published)",
                         "%1 alert drafts made only from demo samples (never published)");
    if (r.users > 0)
        parts << (r.users == 2
                      ? SettingsController::tr("the demo accounts %1 and %2")
                            .arg(QString::fromUtf8(core::kDemoTechnicianName), QString::fromUtf8(core::kDemoVerifierName))
                      : SettingsController::tr("one demo account"));
    if (r.sites > 0)
        parts << SettingsController::tr("the site \"%1\"").arg(QString::fromUtf8(core::kDemoSiteName));
    return parts.join(QStringLiteral("; "));
}

} // namespace

QString SettingsController::demoRemovalPreview()
{
    try {
        auto &services = appServices();
        const auto preview = core::previewDemoRemoval(services.db(), services.actor());
        return tr("This removes %1.").arg(demoRemovalText(preview)) + QStringLiteral("\n\n") +
               tr("Real samples are not touched, and the demo reference library stays (retire it on the Library page). "
                  "The audit log keeps its history of the demo and records the removal. This cannot be undone.");
    } catch (...) {
        reportError();
        return {};
    }
}

bool SettingsController::removeDemoData()
{
    try {
        auto &services = appServices();
        const auto removed = core::removeDemoData(services.db(), services.actor());
        session().notifySamplesChanged();
        Q_EMIT saved(tr("Demo data removed: %1.").arg(demoRemovalText(removed)));
        return true;
    } catch (...) {
        reportError();
        return false;
    }
}

} // namespace candor::app
