#pragma once
// Who is working: sign-in, the very first account on an empty database, sign-out, and
// the first-run offer of demo data. Reaches QML as the singleton `Session`.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace candor::app {

class AppServices;

class SessionController : public QObject {
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
    Q_PROPERTY(bool canReview READ canReview NOTIFY changed)
    Q_PROPERTY(bool canTakeIn READ canTakeIn NOTIFY changed)
    // The alerts pages (issue 6): publishing needs the coordinator role.
    Q_PROPERTY(bool canCoordinate READ canCoordinate NOTIFY changed)
    // Results waiting for verification (the menu shows "Review queue (3)"); 0 for someone
    // who cannot verify. Re-read whenever samples change or someone signs in.
    Q_PROPERTY(int reviewQueueCount READ reviewQueueCount NOTIFY reviewQueueChanged)
    // A verifier with a non-empty queue starts on the queue after sign-in, others on Samples.
    Q_PROPERTY(bool startsOnReviewQueue READ startsOnReviewQueue NOTIFY reviewQueueChanged)
    // Minutes of inactivity after which the session ends (settings key session.timeout_minutes).
    Q_PROPERTY(int timeoutMinutes READ timeoutMinutes NOTIFY changed)

public:
    // Made once by main() (or a test) with the services it works on; QML reaches the same
    // instance as the singleton `Session` once provideTo() has handed it to an engine.
    explicit SessionController(AppServices &services, QObject *parent = nullptr);

    // Qt 6.4 builds a QML_SINGLETON with its default constructor when it has one and never
    // calls create(), which once gave QML a second Session that C++'s signals (samples
    // changed, roles changed) never reached. This class has no default constructor, so
    // QML calls create(), which returns the instance provided to that engine.
    static SessionController *create(QQmlEngine *engine, QJSEngine *);
    // Makes this the Session of `engine` (its QML singleton, and the session of every
    // controller QML creates there). Call before loading QML; the engine must not outlive it.
    void provideTo(QQmlEngine &engine);
    // The Session provided to `engine`; a programming error (fatal) when there is none.
    static SessionController &providedTo(QQmlEngine *engine);
    // The session an object that QML or C++ builds was given; stops with a message naming
    // the object's class when it was given none (built by a default constructor outside
    // QML), instead of dereferencing null later.
    static SessionController &given(SessionController *session, const QObject &user);

    AppServices &services() const { return m_services; }

    bool needsFirstUser() const;
    bool signedIn() const;
    QString userName() const;
    QString displayName() const;
    QStringList roles() const;
    QString rolesText() const { return roles().join(QStringLiteral(", ")); }
    QString databasePath() const;
    int sampleCount() const;
    bool hasDemoData() const;
    bool canReview() const;
    bool canTakeIn() const;
    bool canCoordinate() const;
    int reviewQueueCount() const;
    bool startsOnReviewQueue() const { return canReview() && reviewQueueCount() > 0; }
    int timeoutMinutes() const;
    // Any key or mouse input restarts the inactivity timer (an application event filter).
    bool eventFilter(QObject *watched, QEvent *event) override;
    // For tests: the timeout in milliseconds, overriding the setting.
    void setTimeoutForTesting(int milliseconds);

    Q_INVOKABLE bool signIn(const QString &name, const QString &password);
    // The first account chooses its roles; core adds admin (someone must administer).
    Q_INVOKABLE bool createFirstUser(const QString &name, const QString &displayName, const QString &password,
                                     const QStringList &roles);
    Q_INVOKABLE void signOut();
    // Reads the signed-in account again: deactivated (or gone) -> signed out at once with
    // signedOutBecause(why); roles or name changed by an admin -> taken over. The app calls
    // it on input, at most every few seconds; true while the account may go on working.
    Q_INVOKABLE bool recheckAccount();
    Q_INVOKABLE bool loadDemoData();
    // Other controllers call this after they change samples, so lists refresh.
    Q_INVOKABLE void notifySamplesChanged();

Q_SIGNALS:
    void changed();
    void samplesChanged();
    void reviewQueueChanged();
    void errorOccurred(const QString &message);
    // The session ended after inactivity: the window goes back to sign-in.
    void timedOut();
    // Signed out by the app, not by the person: what happened, for the sign-in page.
    void signedOutBecause(const QString &message);

private:
    AppServices &m_services;
    void startInactivityTimer();
    class QTimer *m_idle = nullptr;
    int m_testTimeoutMs = 0;
    QElapsedTimer m_sinceRecheck; // input re-reads the account when this is older than a few seconds
};

} // namespace candor::app
