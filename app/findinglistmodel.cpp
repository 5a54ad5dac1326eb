#include "findinglistmodel.h"

#include <algorithm>

namespace candor::app {

FindingListModel::FindingListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void FindingListModel::setFindings(std::vector<core::Finding> findings)
{
    const bool countChanges = findings.size() != m_findings.size();
    beginResetModel();
    m_findings = std::move(findings);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

std::optional<core::Abundance> FindingListModel::abundanceOf(const std::string &substance) const
{
    for (const auto &f : m_findings)
        if (f.kind == "substance" && f.substance == substance)
            return f.abundance;
    return std::nullopt;
}

bool FindingListModel::names(const std::string &substance) const
{
    return std::any_of(m_findings.begin(), m_findings.end(), [&](const core::Finding &f) { return f.substance == substance; });
}

int FindingListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

QVariant FindingListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::Finding &f = m_findings[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case TextRole: return QString::fromStdString(f.describe());
    case SubstanceRole: return QString::fromStdString(f.substance.value_or(""));
    case KindRole: return QString::fromStdString(f.kind);
    case AbundanceRole: return f.abundance ? QString::fromStdString(core::toString(*f.abundance)) : QString();
    case KnownRole: return f.known;
    case NotInCatalogueRole: return f.kind == "substance" && !f.known;
    default: return {};
    }
}

QHash<int, QByteArray> FindingListModel::roleNames() const
{
    return {{TextRole, "text"},           {SubstanceRole, "substance"}, {KindRole, "kind"},
            {AbundanceRole, "abundance"}, {KnownRole, "known"},         {NotInCatalogueRole, "notInCatalogue"}};
}

} // namespace candor::app
