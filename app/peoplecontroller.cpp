#include "peoplecontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "sessioncontroller.h"

#include "core/errors.h"
#include "core/permissions.h"
#include "core/users.h"
#include "core/util.h"

namespace candor::app {

namespace {

std::vector<std::string> toStd(const QStringList &list)
{
    std::vector<std::string> out;
    for (const auto &s : list)
        out.push_back(s.toStdString());
    return out;
}

} // namespace

PeopleController::PeopleController(QObject *parent)
    : Controller(parent)
    , m_people(this)
{
}

PeopleController::PeopleController(SessionController &session, QObject *parent)
    : Controller(session, parent)
    , m_people(this)
{
    begin();
}

void PeopleController::begin()
{
    reload();
}

bool PeopleController::canManage() const
{
    const auto &user = appServices().currentUser();
    return user && core::can(*user, core::Action::ManageUsers);
}

QStringList PeopleController::allRoles() const
{
    QStringList out;
    for (const auto &r : core::allRoles())
        out << QString::fromStdString(r);
    return out;
}

void PeopleController::reload()
{
    std::vector<core::User> people;
    std::string selfId;
    try {
        auto &services = appServices();
        if (canManage()) {
            people = core::UserStore(services.db()).listFor(services.actor());
            selfId = services.actor().id;
        }
    } catch (...) {
        say(QStringLiteral("list"), logError(metaObject()->className(), std::current_exception()), false);
    }
    m_people.reset(std::move(people), std::move(selfId));
    Q_EMIT changed();
}

void PeopleController::say(const QString &key, const QString &text, bool ok)
{
    // One message at a time: an old success beside another control would mislead.
    m_messageKey = key;
    m_messageText = text;
    m_messageOk = ok;
    Q_EMIT messagesChanged();
}

template<typename Change>
bool PeopleController::attempt(const QString &key, Change &&change)
{
    try {
        const QString done = change();
        reload();
        say(key, done, true);
        return true;
    } catch (...) {
        const QString why = logError(metaObject()->className(), std::current_exception());
        // Back to what is stored: a refused set of role boxes must not look saved.
        reload();
        say(key, why, false);
        return false;
    }
}

void PeopleController::refreshSelf(const QString &name)
{
    auto &services = appServices();
    if (!services.currentUser() || services.currentUser()->name != name.toStdString())
        return;
    if (auto now = core::UserStore(services.db()).findById(services.currentUser()->id)) {
        services.setCurrentUser(*now);
        Q_EMIT session().changed();
    }
}

bool PeopleController::addPerson(const QString &name, const QString &displayName, const QStringList &roles,
                                 const QString &password, const QString &repeated)
{
    return attempt(QStringLiteral("add"), [&] {
        if (password != repeated)
            throw core::ValidationError("password", "password: the two entries differ");
        auto &services = appServices();
        const auto user = core::UserStore(services.db())
                              .add({name.toStdString(), displayName.toStdString(), toStd(roles), password.toStdString()},
                                   &services.actor());
        return tr("Added %1 (%2): they can sign in now")
            .arg(QString::fromStdString(user.name), QString::fromStdString(core::joinList(core::toStrings(user.roles), ", ")));
    });
}

bool PeopleController::setRoles(const QString &name, const QStringList &roles)
{
    const bool ok = attempt(QStringLiteral("person:") + name, [&] {
        auto &services = appServices();
        const auto user = core::UserStore(services.db()).setRoles(name.toStdString(), toStd(roles), services.actor());
        return tr("Roles saved: %1").arg(QString::fromStdString(core::joinList(core::toStrings(user.roles), ", ")));
    });
    if (ok)
        refreshSelf(name);
    return ok;
}

bool PeopleController::setActive(const QString &name, bool active)
{
    bool self = false;
    const bool ok = attempt(QStringLiteral("person:") + name, [&] {
        auto &services = appServices();
        core::UserStore(services.db()).setActive(name.toStdString(), active, services.actor());
        self = services.actor().name == name.toStdString();
        return active ? tr("Re-activated: %1 can sign in again").arg(name)
                      : tr("Deactivated: %1 can no longer sign in; their past work keeps their name").arg(name);
    });
    // An admin who deactivated themselves (another admin remains) may not go on working.
    if (ok && self && !active)
        session().signOut();
    return ok;
}

bool PeopleController::resetPassword(const QString &name, const QString &password)
{
    return attempt(QStringLiteral("person:") + name, [&] {
        auto &services = appServices();
        core::UserStore(services.db()).resetPassword(name.toStdString(), password.toStdString(), services.actor());
        return tr("Password reset: give %1 the new one in person").arg(name);
    });
}

bool PeopleController::changeOwnPassword(const QString &oldPassword, const QString &password, const QString &repeated)
{
    return attempt(QStringLiteral("own"), [&] {
        if (password != repeated)
            throw core::ValidationError("password", "password: the two new entries differ");
        auto &services = appServices();
        core::UserStore(services.db())
            .changeOwnPassword(services.actor().name, oldPassword.toStdString(), password.toStdString());
        return tr("Your password is changed: use the new one next time you sign in");
    });
}

} // namespace candor::app
