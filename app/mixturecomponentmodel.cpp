#include "mixturecomponentmodel.h"
#include "findinglistmodel.h"

#include "matching/matcher.h"

#include <QStringList>

#include <iterator>

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

MixtureComponentModel::MixtureComponentModel(core::ComponentStatus listed, QObject *parent)
    : QAbstractListModel(parent)
    , m_listed(listed)
{
}

QColor MixtureComponentModel::detectedColour(qsizetype index)
{
    static const char *const palette[] = {"#00897b", "#f9a825", "#c2185b", "#6d4c41", "#5e35b1", "#0277bd"};
    return QColor(QLatin1String(palette[std::size_t(index) % std::size(palette)]));
}

QColor MixtureComponentModel::possibleColour()
{
    return QColor(QStringLiteral("#b00020"));
}

QString MixtureComponentModel::presentBands(const core::StoredComponent &component)
{
    QStringList present;
    for (const auto &b : component.bands)
        if (b.present)
            present << QString::number(b.wavenumber, 'f', 0);
    if (present.isEmpty())
        return {};
    return (present.size() > 1 ? QStringLiteral("bands ") : QStringLiteral("band ")) + present.join(QStringLiteral(", ")) +
           QStringLiteral(" 1/cm");
}

void MixtureComponentModel::setComponents(const std::vector<Row> &all)
{
    std::vector<Row> rows;
    for (const auto &r : all)
        if (r.component.status == m_listed)
            rows.push_back(r);
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

void MixtureComponentModel::setFindings(FindingListModel *findings)
{
    if (findings == m_findings)
        return;
    disconnect(m_findingsReset);
    m_findings = findings;
    if (findings)
        m_findingsReset = connect(findings, &QAbstractItemModel::modelReset, this, &MixtureComponentModel::findingsChanged);
    findingsChanged();
}

void MixtureComponentModel::findingsChanged()
{
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {PrimaryRecordedRole, TraceRecordedRole, InFindingsRole});
}

int MixtureComponentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MixtureComponentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const core::StoredComponent &c = row.component;
    auto abundance = [&] { return m_findings ? m_findings->abundanceOf(row.findingName) : std::nullopt; };
    switch (role) {
    case Qt::DisplayRole:
    case SubstanceRole: return q(c.substance);
    case FindingNameRole: return q(row.findingName);
    case SubstanceClassRole: return q(c.substanceClass);
    case PercentRole: return QString::number(100 * c.fraction, 'f', 1) + QStringLiteral(" %");
    case HighRiskRole: return c.highRisk;
    case BandsTextRole: return presentBands(c);
    case BandColourRole:
        return (c.status == core::ComponentStatus::Possible ? possibleColour() : detectedColour(index.row())).name();
    case WarningTextRole:
        return QStringLiteral("Possible %1 (%2): its %3 stands out of the residual (%4 of the signal), too few of its "
                              "bands to call it detected. Confirm with a strip or GC-MS; an uncertain finding refers "
                              "the sample. Marked in red on the chart.")
            .arg(q(c.substance), q(c.substanceClass), presentBands(c), q(matching::shareOfSignalText(c.fraction)));
    case PrimaryRecordedRole: return abundance() == core::Abundance::Primary;
    case TraceRecordedRole: return abundance() == core::Abundance::Trace;
    case InFindingsRole: return m_findings && m_findings->names(row.findingName);
    default: return {};
    }
}

QHash<int, QByteArray> MixtureComponentModel::roleNames() const
{
    return {{SubstanceRole, "substance"},
            {FindingNameRole, "findingName"},
            {SubstanceClassRole, "substanceClass"},
            {PercentRole, "percent"},
            {HighRiskRole, "highRisk"},
            {BandsTextRole, "bandsText"},
            {BandColourRole, "bandColour"},
            {WarningTextRole, "warningText"},
            {PrimaryRecordedRole, "primaryRecorded"},
            {TraceRecordedRole, "traceRecorded"},
            {InFindingsRole, "inFindings"}};
}

} // namespace candor::app
