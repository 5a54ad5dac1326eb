#include "spectrumlistmodel.h"

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

SpectrumListModel::SpectrumListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void SpectrumListModel::setSpectra(std::vector<Row> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

int SpectrumListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SpectrumListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const core::SpectrumSummary &s = row.spectrum;
    switch (role) {
    case SpectrumIdRole: return q(s.id);
    case FileIdRole: return q(s.fileId);
    case Qt::DisplayRole:
    case FileNameRole: return q(s.file.fileName);
    case FormatRole: return q(s.file.format);
    case TechniqueRole: return q(s.technique);
    case TitleRole: return q(s.title);
    case PointsRole: return qint64(s.npoints);
    case XUnitsRole: return q(s.xUnits);
    case YUnitsRole: return q(s.yUnits);
    case Sha256Role: return q(s.file.sha256);
    case ShortShaRole: return q(s.file.sha256.substr(0, 12));
    case ImportedAtRole: return q(s.file.importedAt);
    case ImportedLocalRole: return row.importedLocal;
    case ImportedByRole: return q(s.file.importedByName);
    case PositionRole: return qint64(s.position);
    case SpectraInFileRole: return qint64(s.file.spectrumCount);
    default: return {};
    }
}

QHash<int, QByteArray> SpectrumListModel::roleNames() const
{
    return {{SpectrumIdRole, "spectrumId"},
            {FileIdRole, "fileId"},
            {FileNameRole, "fileName"},
            {FormatRole, "format"},
            {TechniqueRole, "technique"},
            {TitleRole, "title"},
            {PointsRole, "npoints"},
            {XUnitsRole, "xUnits"},
            {YUnitsRole, "yUnits"},
            {Sha256Role, "sha256"},
            {ShortShaRole, "shortSha"},
            {ImportedAtRole, "importedAt"},
            {ImportedLocalRole, "importedLocal"},
            {ImportedByRole, "importedBy"},
            {PositionRole, "position"},
            {SpectraInFileRole, "spectraInFile"}};
}

} // namespace candor::app
