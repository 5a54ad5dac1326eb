#include "settingscontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "sessioncontroller.h"

#include "core/backup.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/util.h"

namespace candor::app {

SettingsController::SettingsController(QObject *parent)
    : QObject(parent)
{
    reload();
}

bool SettingsController::canChange() const
{
    const auto &user = AppServices::instance()->currentUser();
    return user && core::can(*user, core::Action::ChangeSettings);
}

void SettingsController::reload()
{
    try {
        auto &db = AppServices::instance()->db();
        const auto backup = core::backupSettings(db);
        m_enabled = backup.enabled;
        m_folder = QString::fromStdString(core::automaticBackupFolder(db).string());
        m_keep = backup.keep;
        m_timeout = SessionController::create(nullptr, nullptr)->timeoutMinutes();
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
    }
    Q_EMIT loaded();
}

bool SettingsController::save(bool backupEnabled, const QString &backupFolder, int backupKeep, int timeoutMinutes)
{
    try {
        auto &services = *AppServices::instance();
        if (timeoutMinutes < 1 || timeoutMinutes > 24 * 60)
            throw core::ValidationError("timeout", "time-out: between 1 and 1440 minutes");
        core::Transaction tx(services.db());
        core::setBackupSettings(services.db(), {backupEnabled, backupFolder.trimmed().toStdString(), backupKeep}, services.actor());
        core::setSetting(services.db(), "session.timeout_minutes", std::to_string(timeoutMinutes), services.actor());
        tx.commit();
        reload();
        Q_EMIT saved(tr("Settings saved"));
        return true;
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
        return false;
    }
}

QString SettingsController::backupNow()
{
    try {
        auto &services = *AppServices::instance();
        const auto folder = core::automaticBackupFolder(services.db());
        std::filesystem::create_directories(folder);
        std::string stamp = core::nowUtc();
        for (auto &c : stamp)
            if (c == ':')
                c = '-';
        const auto result = core::backupDatabase(services.db(), folder / ("candor-" + stamp + ".sqlite"), services.actor());
        const auto path = QString::fromStdString(result.path.string());
        Q_EMIT saved(tr("Backed up to %1").arg(path));
        return path;
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
        return {};
    }
}

} // namespace candor::app
