#include "matchhitmodel.h"

namespace candor::app {

MatchHitModel::MatchHitModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void MatchHitModel::setHits(std::vector<core::StoredHit> hits, core::Verdict verdict)
{
    const bool countChanges = hits.size() != m_hits.size();
    beginResetModel();
    m_hits = std::move(hits);
    m_verdict = verdict;
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

int MatchHitModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant MatchHitModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::StoredHit &hit = m_hits[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case SubstanceRole: return QString::fromStdString(hit.substance);
    case RankRole: return hit.rank;
    case SubstanceClassRole: return QString::fromStdString(hit.substanceClass);
    case ScoreRole: return QString::number(hit.score, 'f', 3);
    case HighRiskRole: return hit.highRisk;
    case ShowsHighRiskRole: return hit.highRisk && m_verdict != core::Verdict::NoMatch;
    default: return {};
    }
}

QHash<int, QByteArray> MatchHitModel::roleNames() const
{
    return {{RankRole, "rank"},   {SubstanceRole, "substance"}, {SubstanceClassRole, "substanceClass"},
            {ScoreRole, "score"}, {HighRiskRole, "highRisk"},   {ShowsHighRiskRole, "showsHighRisk"}};
}

} // namespace candor::app
