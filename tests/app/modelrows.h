#pragma once
// A list model's rows as maps from role name to value: what the tests compare, read
// through the model's own roleNames() and data(), as QML reads them.

#include <QAbstractItemModel>
#include <QVariantList>
#include <QVariantMap>

namespace candor::testing {

inline QVariantList rows(const QAbstractItemModel &model)
{
    QVariantList out;
    const auto roles = model.roleNames();
    for (int row = 0; row < model.rowCount(); ++row) {
        QVariantMap map;
        for (auto it = roles.begin(); it != roles.end(); ++it)
            map.insert(QString::fromUtf8(it.value()), model.data(model.index(row, 0), it.key()));
        out.append(map);
    }
    return out;
}

} // namespace candor::testing
