#include "reagentreadingmodel.h"

namespace candor::app {

namespace {
QStringList colours(const ReagentReadingModel::Row &row)
{
    QStringList out;
    for (const auto &c : row.reading.colours)
        out << QString::fromStdString(c);
    return out;
}
} // namespace

ReagentReadingModel::ReagentReadingModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void ReagentReadingModel::setReadings(std::vector<Row> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

int ReagentReadingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ReagentReadingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case ReagentRole: return QString::fromStdString(row.reading.reagent);
    case ColoursRole: return colours(row);
    case CandidatesRole: return row.candidates;
    case SequenceTextRole: return colours(row).join(QStringLiteral(" → "));
    case CandidatesTextRole: return row.candidates.join(QStringLiteral(", "));
    case AtRole: return QString::fromStdString(row.reading.createdAt);
    case AtLocalRole: return row.atLocal;
    case ByRole: return QString::fromStdString(row.reading.createdByName);
    default: return {};
    }
}

QHash<int, QByteArray> ReagentReadingModel::roleNames() const
{
    return {{ReagentRole, "reagent"},
            {ColoursRole, "colours"},
            {CandidatesRole, "candidates"},
            {SequenceTextRole, "sequenceText"},
            {CandidatesTextRole, "candidatesText"},
            {AtRole, "at"},
            {AtLocalRole, "atLocal"},
            {ByRole, "by"}};
}

} // namespace candor::app
