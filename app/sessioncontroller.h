#pragma once
// Who is working: sign-in, the very first account on an empty database, sign-out, and
// the first-run offer of demo data. Reaches QML as the singleton `Session`.

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace candor::app {

class SessionController : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Session)
    QML_SINGLETON

    Q_PROPERTY(bool needsFirstUser READ needsFirstUser NOTIFY changed)
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY changed)
    Q_PROPERTY(QString userName READ userName NOTIFY changed)
    Q_PROPERTY(QString displayName READ displayName NOTIFY changed)
    Q_PROPERTY(QStringList roles READ roles NOTIFY changed)
    Q_PROPERTY(QString rolesText READ rolesText NOTIFY changed)
    Q_PROPERTY(QString databasePath READ databasePath CONSTANT)
    Q_PROPERTY(int sampleCount READ sampleCount NOTIFY samplesChanged)
    Q_PROPERTY(bool hasDemoData READ hasDemoData NOTIFY samplesChanged)

public:
    explicit SessionController(QObject *parent = nullptr);
    static SessionController *create(QQmlEngine *, QJSEngine *);

    bool needsFirstUser() const;
    bool signedIn() const;
    QString userName() const;
    QString displayName() const;
    QStringList roles() const;
    QString rolesText() const { return roles().join(QStringLiteral(", ")); }
    QString databasePath() const;
    int sampleCount() const;
    bool hasDemoData() const;

    Q_INVOKABLE bool signIn(const QString &name, const QString &password);
    Q_INVOKABLE bool createFirstUser(const QString &name, const QString &displayName, const QString &password);
    Q_INVOKABLE void signOut();
    Q_INVOKABLE bool loadDemoData();
    // Other controllers call this after they change samples, so lists refresh.
    Q_INVOKABLE void notifySamplesChanged();

Q_SIGNALS:
    void changed();
    void samplesChanged();
    void errorOccurred(const QString &message);
};

} // namespace candor::app
