#include "stripreadingmodel.h"

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
QString number(const std::optional<double> &v)
{
    return v ? QString::number(*v) : QString();
}
} // namespace

StripReadingModel::StripReadingModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void StripReadingModel::setReadings(std::vector<Row> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

const core::StripReading *StripReadingModel::find(const QString &id) const
{
    const auto wanted = id.toStdString();
    for (const auto &r : m_rows)
        if (r.reading.id == wanted)
            return &r.reading;
    return nullptr;
}

int StripReadingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant StripReadingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const core::StripReading &r = row.reading;
    switch (role) {
    case ReadingIdRole: return q(r.id);
    case TypeRole: return q(r.stripType);
    case ResultRole: return q(r.result);
    case LotRole: return q(r.lot.value_or(""));
    case BrandRole: return q(r.brand.value_or(""));
    case CutoffRole: return number(r.cutoffNgMl);
    case DilutionRole: return number(r.dilutionMgMl);
    case AtRole: return q(r.createdAt);
    case AtLocalRole: return row.atLocal;
    case ByRole: return q(r.createdByName);
    case SupersededRole: return r.supersededBy.has_value();
    case PositiveRole: return r.result == "positive";
    default: return {};
    }
}

QHash<int, QByteArray> StripReadingModel::roleNames() const
{
    return {{ReadingIdRole, "readingId"}, {TypeRole, "type"},     {ResultRole, "result"},         {LotRole, "lot"},
            {BrandRole, "brand"},         {CutoffRole, "cutoff"}, {DilutionRole, "dilution"},     {AtRole, "at"},
            {AtLocalRole, "atLocal"},     {ByRole, "by"},         {SupersededRole, "superseded"}, {PositiveRole, "positive"}};
}

} // namespace candor::app
