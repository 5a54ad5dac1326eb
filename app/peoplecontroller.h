#pragma once
// The People section of Settings: the accounts with their roles and state for an admin,
// who adds, re-roles, deactivates, re-activates and resets passwords there; and, for
// everyone, changing one's own password. The rules are core's (UserStore); this only
// turns them into a list model and messages. The latest message is kept with the key of
// the control that caused it ("list", "add", "person:NAME", "own"), so the page shows it
// right there, even after the list is rebuilt.

#include "controller.h"
#include "personlistmodel.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class PeopleController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(bool canManage READ canManage NOTIFY changed)
    // Every account the signed-in admin manages; empty unless admin.
    Q_PROPERTY(candor::app::PersonListModel *people READ people CONSTANT)
    // QList<QString>, not QStringList: Qt 6.4's qmllint will not assign a QStringList to list<string>.
    Q_PROPERTY(QList<QString> allRoles READ allRoles CONSTANT)
    // The latest outcome: the key of the control it belongs to ("" for none), its
    // sentence, and whether it is a success (false: a refusal or failure).
    Q_PROPERTY(QString messageKey READ messageKey NOTIFY messagesChanged)
    Q_PROPERTY(QString messageText READ messageText NOTIFY messagesChanged)
    Q_PROPERTY(bool messageOk READ messageOk NOTIFY messagesChanged)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit PeopleController(QObject *parent = nullptr);
    explicit PeopleController(SessionController &session, QObject *parent = nullptr);
    bool canManage() const;
    PersonListModel *people() { return &m_people; }
    QStringList allRoles() const;
    QString messageKey() const { return m_messageKey; }
    QString messageText() const { return m_messageText; }
    bool messageOk() const { return m_messageOk; }

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

    PersonListModel m_people;
    QString m_messageKey;
    QString m_messageText;
    bool m_messageOk = true;
};

} // namespace candor::app
