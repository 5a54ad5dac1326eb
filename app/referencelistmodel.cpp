#include "referencelistmodel.h"

#include <algorithm>

namespace candor::app {

QVariant ReferenceListModel::data(const QModelIndex &index, int role) const
{
    const core::ReferenceRow *r = rowAt(m_rows, index);
    if (!r)
        return {};
    const auto q = [](const std::string &s) { return QString::fromStdString(s); };
    switch (role) {
    case Qt::DisplayRole:
    case SubstanceRole: return q(r->substance);
    case SubstanceClassRole: return q(r->substanceClass);
    case RiskRole: return r->riskSet ? q(r->risk) : QStringLiteral("not set");
    case HighRiskRole: return r->riskSet && r->risk == "high";
    case SourceRole: return q(r->source);
    case FileNameRole: return q(r->fileName);
    case DemoRole: return r->isDemo;
    case RetiredRole: return r->retired;
    default: return {};
    }
}

QHash<int, QByteArray> ReferenceListModel::roleNames() const
{
    return {{SubstanceRole, "substance"}, {SubstanceClassRole, "substanceClass"},
            {RiskRole, "risk"},           {HighRiskRole, "highRisk"},
            {SourceRole, "source"},       {FileNameRole, "fileName"},
            {DemoRole, "demo"},           {RetiredRole, "retired"}};
}

int ReferenceListModel::ownInUse() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const auto &r) { return !r.isDemo && !r.retired; }));
}

} // namespace candor::app
