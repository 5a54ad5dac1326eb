#pragma once
// Settings' "This service" section: the service's name, contact line, region and time
// zone (core/serviceidentity.h), changed by an admin, shown to everyone.

#include "controller.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class ServiceIdentityController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(bool canChange READ canChange NOTIFY loaded)
    Q_PROPERTY(QString name READ name NOTIFY loaded)
    Q_PROPERTY(QString contact READ contact NOTIFY loaded)
    Q_PROPERTY(QString region READ region NOTIFY loaded)
    Q_PROPERTY(QString timeZone READ timeZone NOTIFY loaded)
    // The field a refused save was about ("name", "contact", "region", "time-zone"; "" when none).
    // Its own signal: `loaded` would put the stored values back into the fields and throw
    // away what the person typed.
    Q_PROPERTY(QString errorField READ errorField NOTIFY errorFieldChanged)
    // Every zone this Qt knows, for the field's completion list.
    Q_PROPERTY(QStringList timeZones READ timeZones CONSTANT)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit ServiceIdentityController(QObject *parent = nullptr);
    explicit ServiceIdentityController(SessionController &session, QObject *parent = nullptr);

    bool canChange() const;
    QString name() const { return m_name; }
    QString contact() const { return m_contact; }
    QString region() const { return m_region; }
    QString timeZone() const { return m_timeZone; }
    QString errorField() const { return m_errorField; }
    QStringList timeZones() const;

    Q_INVOKABLE void reload();
    // All four at once; a bad one refuses the lot (errorOccurred names it, errorField says
    // which) and nothing changes.
    Q_INVOKABLE bool save(const QString &name, const QString &contact, const QString &region, const QString &timeZone);

Q_SIGNALS:
    void loaded();
    void errorFieldChanged();
    void saved(const QString &message);

protected:
    void begin() override;

private:
    QString m_name, m_contact, m_region, m_timeZone, m_errorField;
};

} // namespace candor::app
