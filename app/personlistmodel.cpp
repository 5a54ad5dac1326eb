#include "personlistmodel.h"

#include <QStringList>

namespace candor::app {

void PersonListModel::reset(std::vector<core::User> rows, std::string selfId)
{
    m_selfId = std::move(selfId);
    replaceRows(m_rows, std::move(rows));
}

QVariant PersonListModel::data(const QModelIndex &index, int role) const
{
    const core::User *u = rowAt(m_rows, index);
    if (!u)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole: return QString::fromStdString(u->displayName);
    case NameRole: return QString::fromStdString(u->name);
    case RolesRole: {
        QStringList roles;
        for (const auto r : u->roles)
            roles << QString::fromStdString(core::toString(r));
        return roles;
    }
    case ActiveRole: return u->active;
    case IsSelfRole: return !m_selfId.empty() && u->id == m_selfId;
    default: return {};
    }
}

QHash<int, QByteArray> PersonListModel::roleNames() const
{
    return {{NameRole, "name"},
            {DisplayNameRole, "displayName"},
            {RolesRole, "roles"},
            {ActiveRole, "active"},
            {IsSelfRole, "isSelf"}};
}

} // namespace candor::app
