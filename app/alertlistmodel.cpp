#include "alertlistmodel.h"

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    const core::Alert *a = rowAt(m_rows, index);
    if (!a)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case HeadlineRole: return q(a->headline);
    case AlertIdRole: return q(a->id);
    case RuleRole: return q(a->ruleId);
    case StatusRole: return q(a->status);
    case SeverityRole: return q(core::toString(a->severity));
    case SeverityLevelRole: return int(a->severity);
    case FoundRole: return q(a->found);
    case SoldAsRole: return q(a->soldAs);
    case AdviceRole: return q(a->advice);
    case SamplesRole: return a->sampleCount;
    case RegionRole: return q(a->region);
    case WindowRole: return a->windowStart == a->windowEnd ? q(a->windowStart) : q(a->windowStart + " to " + a->windowEnd);
    case NeedsUpdateRole: return a->needsUpdate;
    case EditedRole: return a->edited;
    default: return {};
    }
}

QHash<int, QByteArray> AlertListModel::roleNames() const
{
    return {{AlertIdRole, "alertId"},
            {RuleRole, "rule"},
            {StatusRole, "status"},
            {SeverityRole, "severity"},
            {SeverityLevelRole, "severityLevel"},
            {HeadlineRole, "headline"},
            {FoundRole, "found"},
            {SoldAsRole, "soldAs"},
            {AdviceRole, "advice"},
            {SamplesRole, "samples"},
            {RegionRole, "region"},
            {WindowRole, "window"},
            {NeedsUpdateRole, "needsUpdate"},
            {EditedRole, "edited"}};
}

} // namespace candor::app
