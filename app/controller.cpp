#include "controller.h"
#include "errortext.h"
#include "sessioncontroller.h"

#include <QQmlEngine>

namespace candor::app {

Controller::Controller(QObject *parent)
    : QObject(parent)
{
}

Controller::Controller(SessionController &session, QObject *parent)
    : QObject(parent)
    , m_session(&session)
{
}

void Controller::classBegin()
{
    if (!m_session)
        m_session = &SessionController::providedTo(qmlEngine(this));
    begin();
}

SessionController &Controller::session() const
{
    return SessionController::given(m_session, *this);
}

AppServices &Controller::appServices() const
{
    return session().services();
}

void Controller::clearError()
{
    if (m_errorMessage.isEmpty())
        return;
    m_errorMessage.clear();
    Q_EMIT errorMessageChanged();
}

QString Controller::reportError()
{
    const QString message = logError(metaObject()->className(), std::current_exception());
    reportError(message);
    return message;
}

void Controller::reportError(const QString &message)
{
    if (m_errorMessage != message) {
        m_errorMessage = message;
        Q_EMIT errorMessageChanged();
    }
    Q_EMIT errorOccurred(message);
}

} // namespace candor::app
