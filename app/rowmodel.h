#pragma once
// The base of the app's list models over rows a controller reads from core (alert drafts,
// publications, people, the review queue, ...): a model keeps its rows as core's structs
// in a std::vector and replaces them whole, in one model reset, when its controller reads
// again. Subclasses name their roles and say what each role of a row is. The controller
// owns its models and hands them to QML as typed, constant properties.
//
// The rows live in the subclass (a template base would hide QAbstractListModel from
// Qt 6.4's qmltyperegistrar, and qmllint would see neither count nor the model).

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <utility>
#include <vector>

namespace candor::app {

class RowModel : public QAbstractListModel {
    Q_OBJECT
    QML_ANONYMOUS

    // How many rows; follows each reset.
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    using QAbstractListModel::QAbstractListModel;

    int count() const { return rowCount(); }

Q_SIGNALS:
    void countChanged();

protected:
    // Replaces every row of `rows` (the subclass's vector) with `replacement`: one reset,
    // and countChanged when the count moved.
    template<typename Row>
    void replaceRows(std::vector<Row> &rows, std::vector<Row> replacement)
    {
        const auto before = rows.size();
        beginResetModel();
        rows = std::move(replacement);
        endResetModel();
        if (rows.size() != before)
            Q_EMIT countChanged();
    }

    // The row of `rows` at a valid index of this model, or nullptr.
    template<typename Row>
    const Row *rowAt(const std::vector<Row> &rows, const QModelIndex &index) const
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return nullptr;
        return &rows[std::size_t(index.row())];
    }

    static int rowCountOf(std::size_t size, const QModelIndex &parent) { return parent.isValid() ? 0 : int(size); }
};

} // namespace candor::app
