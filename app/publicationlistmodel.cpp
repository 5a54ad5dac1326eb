#include "publicationlistmodel.h"

#include "print/servicetime.h"

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

void PublicationListModel::reset(std::vector<core::Publication> rows, std::string zone)
{
    m_zone = std::move(zone);
    replaceRows(m_rows, std::move(rows));
}

QVariant PublicationListModel::data(const QModelIndex &index, int role) const
{
    const core::Publication *p = rowAt(m_rows, index);
    if (!p)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case HeadlineRole: return q(p->headline);
    case MessageTypeRole: return q(p->msgType);
    case SequenceRole: return p->sequence;
    case TimeRole: return p->publishedAt.empty() ? QString() : q(print::localDateTime(p->publishedAt, m_zone));
    case TimeUtcRole: return q(p->publishedAt);
    case ReasonRole: return q(p->reason);
    default: return {};
    }
}

QHash<int, QByteArray> PublicationListModel::roleNames() const
{
    return {{MessageTypeRole, "messageType"}, {SequenceRole, "sequence"}, {TimeRole, "time"},
            {TimeUtcRole, "timeUtc"},         {ReasonRole, "reason"},     {HeadlineRole, "headline"}};
}

} // namespace candor::app
