#pragma once
// What every controller that QML creates per page shares: the session it works in (and
// through it the open database and who is signed in), and the one way a failure reaches
// both the log and the page (errorMessage, errorOccurred).
//
// Dependencies are injected, never looked up in a global: C++ (main, tests) passes the
// Session to the constructor; QML, which can only call a default constructor, hands the
// controller the Session singleton of the engine that creates it, in classBegin(), before
// any property is set or read. The engine got that Session from
// SessionController::provideTo() (see startup.h), so QML and C++ use the same instance.
//
// Subclasses name it `candor::app::Controller` in full: Qt 6.4's qmltyperegistrar does
// not resolve a base class named relative to the namespace, and qmllint would then see
// none of errorMessage or errorOccurred.

#include <QObject>
#include <QQmlParserStatus>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class AppServices;
class SessionController;

class Controller : public QObject, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ANONYMOUS

    // The sentence of the last failure, "" while the last action succeeded: the page
    // shows it where the person acted.
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)

public:
    QString errorMessage() const { return m_errorMessage; }
    Q_INVOKABLE void clearError();

    void classBegin() override;
    void componentComplete() override {}

    SessionController &session() const;

Q_SIGNALS:
    void errorMessageChanged();
    // A failure's sentence, once per failure (pages that show a passing notice listen).
    void errorOccurred(const QString &message);

protected:
    // For QML: the dependencies arrive in classBegin().
    explicit Controller(QObject *parent);
    // For C++: the subclass's constructor calls begin() itself once it is built.
    Controller(SessionController &session, QObject *parent);

    AppServices &appServices() const;
    // The one error path: call inside a catch block. Logs the exception being handled on
    // the candor.errors category, naming this controller, sets errorMessage and emits
    // errorOccurred. Returns the sentence for callers that also show it elsewhere.
    QString reportError();
    // Reports a failure that is no exception (a refusal the controller decides itself).
    void reportError(const QString &message);

    // Runs once the session is there: connect to it, load the first data.
    virtual void begin() {}

private:
    SessionController *m_session = nullptr;
    QString m_errorMessage;
};

} // namespace candor::app
