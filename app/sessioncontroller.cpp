#include "sessioncontroller.h"
#include "appservices.h"
#include "errortext.h"

#include "core/backup.h"
#include "core/demodata.h"
#include "core/permissions.h"
#include "core/samples.h"

#include <QCoreApplication>
#include <algorithm>
#include <QEvent>
#include <QQmlEngine>

namespace candor::app {

namespace {
// The engine's dynamic property that carries its Session (set by provideTo()).
constexpr char kSessionProperty[] = "_candorSession";
} // namespace

SessionController::SessionController(AppServices &appServices, QObject *parent)
    : QObject(parent)
    , m_services(appServices)
    , m_idle(new QTimer(this))
{
    m_idle->setSingleShot(true);
    connect(m_idle, &QTimer::timeout, this, [this] {
        if (!signedIn())
            return;
        services().setCurrentUser(std::nullopt);
        Q_EMIT changed();
        Q_EMIT timedOut();
    });
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
    connect(this, &SessionController::changed, this, &SessionController::reviewQueueChanged);
    connect(this, &SessionController::samplesChanged, this, &SessionController::reviewQueueChanged);
}

int SessionController::reviewQueueCount() const
{
    if (!canReview())
        return 0;
    try {
        core::SampleQuery waiting;
        waiting.status = core::SampleStatus::ToBeVerified;
        return int(core::SampleStore(services().db(), services().catalogue()).count(waiting));
    } catch (...) {
        return 0;
    }
}

bool SessionController::canCoordinate() const
{
    const auto &u = services().currentUser();
    return u && u->hasRole(core::Role::Coordinator);
}

bool SessionController::canReview() const
{
    const auto &u = services().currentUser();
    return u && core::can(*u, core::Action::Verify);
}

bool SessionController::canTakeIn() const
{
    const auto &u = services().currentUser();
    return u && core::can(*u, core::Action::AddSample);
}

int SessionController::timeoutMinutes() const
{
    try {
        return std::clamp(std::stoi(core::setting(services().db(), "session.timeout_minutes").value_or("15")), 1, 24 * 60);
    } catch (...) {
        return 15;
    }
}

void SessionController::setTimeoutForTesting(int milliseconds)
{
    m_testTimeoutMs = milliseconds;
    startInactivityTimer();
}

void SessionController::startInactivityTimer()
{
    if (!signedIn()) {
        m_idle->stop();
        return;
    }
    m_idle->start(m_testTimeoutMs > 0 ? m_testTimeoutMs : timeoutMinutes() * 60 * 1000);
}

bool SessionController::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        if (m_idle->isActive())
            startInactivityTimer();
        // A press or a key is where the person acts: an account an admin deactivated a
        // moment ago must not act any more. One indexed read, at most every 3 s.
        if (event->type() != QEvent::MouseMove && event->type() != QEvent::Wheel && signedIn() &&
            (!m_sinceRecheck.isValid() || m_sinceRecheck.elapsed() > 3000))
            recheckAccount();
        break;
    default: break;
    }
    return QObject::eventFilter(watched, event);
}

void SessionController::provideTo(QQmlEngine &engine)
{
    engine.setProperty(kSessionProperty, QVariant::fromValue(static_cast<QObject *>(this)));
}

SessionController &SessionController::given(SessionController *session, const QObject &user)
{
    if (!session)
        qFatal("%s was used without a session: QML gives it one in classBegin(), C++ in its constructor",
               user.metaObject()->className());
    return *session;
}

SessionController &SessionController::providedTo(QQmlEngine *engine)
{
    auto *session = engine ? qobject_cast<SessionController *>(engine->property(kSessionProperty).value<QObject *>()) : nullptr;
    if (!session)
        qFatal("No Session was provided to this QML engine: call SessionController::provideTo() before loading QML");
    return *session;
}

SessionController *SessionController::create(QQmlEngine *engine, QJSEngine *)
{
    auto *session = &providedTo(engine);
    QJSEngine::setObjectOwnership(session, QJSEngine::CppOwnership);
    return session;
}

bool SessionController::needsFirstUser() const
{
    return !core::UserStore(services().db()).hasUsers();
}

bool SessionController::signedIn() const
{
    return services().currentUser().has_value();
}

QString SessionController::userName() const
{
    const auto &u = services().currentUser();
    return u ? QString::fromStdString(u->name) : QString();
}

QString SessionController::displayName() const
{
    const auto &u = services().currentUser();
    return u ? QString::fromStdString(u->displayName) : QString();
}

QStringList SessionController::roles() const
{
    QStringList out;
    if (const auto &u = services().currentUser())
        for (const auto r : u->roles)
            out << QString::fromStdString(core::toString(r));
    return out;
}

QString SessionController::databasePath() const
{
    return QString::fromStdString(services().databasePath().string());
}

int SessionController::sampleCount() const
{
    try {
        core::SampleStore samples(services().db(), services().catalogue());
        return int(samples.count({}));
    } catch (...) {
        return 0;
    }
}

bool SessionController::hasDemoData() const
{
    try {
        return core::hasDemoData(services().db());
    } catch (...) {
        return false;
    }
}

bool SessionController::signIn(const QString &name, const QString &password)
{
    try {
        services().setCurrentUser(core::UserStore(services().db()).authenticate(name.toStdString(), password.toStdString()));
        startInactivityTimer();
        Q_EMIT changed();
        return true;
    } catch (...) {
        Q_EMIT errorOccurred(logError("SessionController", std::current_exception()));
        return false;
    }
}

bool SessionController::recheckAccount()
{
    const auto &current = services().currentUser();
    if (!current)
        return false;
    m_sinceRecheck.start();
    std::optional<core::User> fresh;
    try {
        fresh = core::UserStore(services().db()).findByName(current->name);
    } catch (...) {
        // The database cannot be read just now: keep the session; the next write will say
        // what is wrong where the person is looking.
        return true;
    }
    if (fresh && fresh->active) {
        if (fresh->roles != current->roles || fresh->displayName != current->displayName) {
            services().setCurrentUser(std::move(fresh));
            Q_EMIT changed();
        }
        return true;
    }
    const QString name = QString::fromStdString(current->name);
    services().setCurrentUser(std::nullopt);
    m_idle->stop();
    Q_EMIT changed();
    Q_EMIT signedOutBecause(
        tr("An admin deactivated the account '%1', so it was signed out: ask an admin to re-activate it").arg(name));
    return false;
}

bool SessionController::createFirstUser(const QString &name, const QString &displayName, const QString &password,
                                        const QStringList &roles)
{
    try {
        core::UserStore users(services().db());
        std::vector<std::string> chosen;
        for (const auto &role : roles)
            chosen.push_back(role.toStdString());
        const auto user = users.add({name.toStdString(), displayName.toStdString(), chosen, password.toStdString()}, nullptr);
        services().setCurrentUser(user);
        startInactivityTimer();
        Q_EMIT changed();
        return true;
    } catch (...) {
        Q_EMIT errorOccurred(logError("SessionController", std::current_exception()));
        return false;
    }
}

void SessionController::signOut()
{
    services().setCurrentUser(std::nullopt);
    m_idle->stop();
    Q_EMIT changed();
}

bool SessionController::loadDemoData()
{
    try {
        core::loadDemoData(services().db(), services().actor());
        Q_EMIT samplesChanged();
        return true;
    } catch (...) {
        Q_EMIT errorOccurred(logError("SessionController", std::current_exception()));
        return false;
    }
}

void SessionController::notifySamplesChanged()
{
    Q_EMIT samplesChanged();
}

} // namespace candor::app
