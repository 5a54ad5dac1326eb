#pragma once
// The service settings an admin may change in the app: the daily rotating backups
// (enabled, folder, how many to keep), a backup on demand, the inactivity time-out, and
// removing the demo data (with a preview of what goes, for the confirmation).
// Stored in the settings table through core, which checks the role and audits changes.

#include "controller.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class SettingsController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(bool canChange READ canChange NOTIFY loaded)
    Q_PROPERTY(bool backupEnabled READ backupEnabled NOTIFY loaded)
    Q_PROPERTY(QString backupFolder READ backupFolder NOTIFY loaded)
    Q_PROPERTY(int backupKeep READ backupKeep NOTIFY loaded)
    Q_PROPERTY(int timeoutMinutes READ timeoutMinutes NOTIFY loaded)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit SettingsController(QObject *parent = nullptr);
    explicit SettingsController(SessionController &session, QObject *parent = nullptr);
    bool canChange() const;
    bool backupEnabled() const { return m_enabled; }
    QString backupFolder() const { return m_folder; }
    int backupKeep() const { return m_keep; }
    int timeoutMinutes() const { return m_timeout; }

    Q_INVOKABLE void reload();
    // An empty folder means <database folder>/backups.
    Q_INVOKABLE bool save(bool backupEnabled, const QString &backupFolder, int backupKeep, int timeoutMinutes);
    // Writes candor-<UTC time>.sqlite into the backup folder now; returns its path or "".
    Q_INVOKABLE QString backupNow();

    // Whether the signed-in user may remove the demo data (admin).
    Q_INVOKABLE bool canRemoveDemoData() const;
    // What removing the demo data would take out now, in sentences for the confirmation
    // dialog (changes nothing); "" and errorOccurred when it cannot be worked out.
    Q_INVOKABLE QString demoRemovalPreview();
    // Removes every demo record in one transaction (core::removeDemoData); the banner
    // goes with it. False + errorOccurred (nothing changed) on failure.
    Q_INVOKABLE bool removeDemoData();

Q_SIGNALS:
    void loaded();
    void saved(const QString &message);

protected:
    void begin() override;

private:
    bool m_enabled = false;
    QString m_folder;
    int m_keep = 7;
    int m_timeout = 15;
};

} // namespace candor::app
