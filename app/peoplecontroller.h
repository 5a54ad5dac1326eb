#pragma once
// The People section of Settings: the accounts with their roles and state for an admin,
// who adds, re-roles, deactivates, re-activates and resets passwords there; and, for
// everyone, changing one's own password. The rules are core's (UserStore); this only
// turns them into lists and messages. Each message is kept under the key of the control
// that caused it ("add", "person:NAME", "own"), so the page shows it right there, even
// after the list is rebuilt.

#include "controller.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class PeopleController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(bool canManage READ canManage NOTIFY changed)
    // One map per account: name, displayName, roles (list), active, isSelf. Empty unless admin.
    Q_PROPERTY(QVariantList people READ people NOTIFY changed)
    Q_PROPERTY(QStringList allRoles READ allRoles CONSTANT)
    // key -> {text, ok}: the latest outcome of each control.
    Q_PROPERTY(QVariantMap messages READ messages NOTIFY messagesChanged)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit PeopleController(QObject *parent = nullptr);
    explicit PeopleController(SessionController &session, QObject *parent = nullptr);
    bool canManage() const;
    QVariantList people() const { return m_people; }
    QStringList allRoles() const;
    QVariantMap messages() const { return m_messages; }

    Q_INVOKABLE void reload();
    Q_INVOKABLE bool addPerson(const QString &name, const QString &displayName, const QStringList &roles, const QString &password,
                               const QString &repeated);
    Q_INVOKABLE bool setRoles(const QString &name, const QStringList &roles);
    Q_INVOKABLE bool setActive(const QString &name, bool active);
    Q_INVOKABLE bool resetPassword(const QString &name, const QString &password);
    Q_INVOKABLE bool changeOwnPassword(const QString &oldPassword, const QString &password, const QString &repeated);

Q_SIGNALS:
    void changed();
    void messagesChanged();

protected:
    void begin() override;

private:
    // Runs `change`; records its outcome under `key` (success text or the error's sentence).
    template<typename Change>
    bool attempt(const QString &key, Change &&change);
    void say(const QString &key, const QString &text, bool ok);
    // After a change to `name`: when it is the signed-in person, the session takes their
    // new roles (menus follow) at once.
    void refreshSelf(const QString &name);

    QVariantList m_people;
    QVariantMap m_messages;
};

} // namespace candor::app
