#pragma once
// A list model's rows as maps from role name to value, read through the model's own
// roleNames() and data(), so that a test reads a row the way QML does ("samples",
// "status", ...) and checks the model's roles by name.

#include <QAbstractItemModel>
#include <QVariantList>
#include <QVariantMap>

namespace candor::testing {

inline QVariantMap rowOf(const QAbstractItemModel &model, int row)
{
    QVariantMap values;
    const QModelIndex index = model.index(row, 0);
    const auto roles = model.roleNames();
    for (auto it = roles.begin(); it != roles.end(); ++it)
        values.insert(QString::fromUtf8(it.value()), model.data(index, it.key()));
    return values;
}

inline QVariantMap lastRowOf(const QAbstractItemModel &model)
{
    return rowOf(model, model.rowCount() - 1);
}

inline QVariantList rows(const QAbstractItemModel &model)
{
    QVariantList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(rowOf(model, row));
    return out;
}

} // namespace candor::testing
