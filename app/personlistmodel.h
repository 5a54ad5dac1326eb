#pragma once
// Settings, People: the accounts an admin manages (core::User, as UserStore lists them
// for that admin), with their roles, whether they may sign in, and which one is the
// signed-in person. Owned by PeopleController, reset after every change.

#include "rowmodel.h"

#include "core/users.h"

#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

namespace candor::app {

class PersonListModel : public candor::app::RowModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PeopleController owns the list of accounts")

public:
    enum Role {
        NameRole = Qt::UserRole + 1, // the user name they sign in with
        DisplayNameRole,             // "Ada Okafor"
        RolesRole,                   // their roles' words (QStringList), in core's order
        ActiveRole,                  // false once deactivated: they may not sign in
        IsSelfRole,                  // the signed-in person's own account
    };
    Q_ENUM(Role)

    using RowModel::RowModel;

    int rowCount(const QModelIndex &parent = {}) const override { return rowCountOf(m_rows.size(), parent); }
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the rows; `selfId` is the signed-in person's user id.
    void reset(std::vector<core::User> rows, std::string selfId);

private:
    std::vector<core::User> m_rows;
    std::string m_selfId;
};

} // namespace candor::app
