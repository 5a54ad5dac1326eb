#include "samplelistmodel.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "print/servicetime.h"

#include "core/errors.h"

#include <QDateTime>
#include <QQmlEngine>

#include <algorithm>

namespace candor::app {

namespace {
constexpr std::size_t kMaxCachedPages = 40;
std::optional<std::string> opt(const QString &s)
{
    if (s.trimmed().isEmpty())
        return std::nullopt;
    return s.trimmed().toStdString();
}
} // namespace

SampleListModel::SampleListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

SampleListModel::SampleListModel(SessionController &session, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(&session)
{
    start();
}

void SampleListModel::classBegin()
{
    if (!m_session)
        m_session = &SessionController::providedTo(qmlEngine(this));
    start();
}

void SampleListModel::start()
{
    connect(&SessionController::given(m_session, *this), &SessionController::samplesChanged, this, &SampleListModel::refresh);
    refresh();
}

void SampleListModel::setLoadError(const QString &message)
{
    if (message == m_loadError)
        return;
    m_loadError = message;
    Q_EMIT loadErrorChanged();
}

core::SampleQuery SampleListModel::query() const
{
    core::SampleQuery q;
    if (const auto status = opt(m_status))
        q.status = core::parse<core::SampleStatus>(*status); // "status: 'x' is not one of ..."
    q.soldAs = opt(m_soldAs);
    q.site = opt(m_site);
    // The dates typed are the service's days: from its local midnight, to the end of
    // the local day (core adds the last second back to a full time).
    if (const auto from = opt(m_from))
        q.from = print::utcFromLocal(*from, m_zone, "from");
    if (const auto to = opt(m_to)) {
        const bool bareDate = to->size() <= 10;
        if (!bareDate) {
            q.to = print::utcFromLocal(*to, m_zone, "to");
        } else {
            const QDate day = QDate::fromString(QString::fromStdString(*to), QStringLiteral("yyyy-MM-dd"));
            if (!day.isValid())
                throw core::ValidationError("to", "to: '" + *to + "' is not a date; type it like 2026-01-15");
            const auto nextMidnight = print::utcFromLocal(day.addDays(1).toString(Qt::ISODate).toStdString(), m_zone, "to");
            q.to = QDateTime::fromString(QString::fromStdString(nextMidnight), Qt::ISODate)
                       .addSecs(-1)
                       .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"))
                       .toStdString();
        }
    }
    q.returnedOnly = m_returnedOnly;
    q.text = opt(m_search);
    return q;
}

void SampleListModel::refresh()
{
    beginResetModel();
    m_pages.clear();
    m_pageOrder.clear();
    QString error;
    setLoadError({});
    try {
        auto &services = SessionController::given(m_session, *this).services();
        m_zone = ServiceClock(services.db()).zone();
        core::SampleStore samples(services.db(), services.catalogue());
        m_count = int(samples.count(query()));
    } catch (const core::ValidationError &e) {
        // A half-typed date is normal while typing: show why the list is empty, keep going.
        m_count = 0;
        error = QString::fromStdString(e.what());
    } catch (const std::exception &e) {
        m_count = 0;
        error = QString::fromStdString(e.what());
        logError("SampleListModel", std::current_exception());
    }
    endResetModel();
    Q_EMIT countChanged();
    if (error != m_filterError) {
        m_filterError = error;
        Q_EMIT filterErrorChanged();
    }
}

const core::Sample *SampleListModel::sampleAt(int row) const
{
    if (row < 0 || row >= m_count)
        return nullptr;
    const int page = row / kPageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        try {
            auto &services = SessionController::given(m_session, *this).services();
            core::SampleStore samples(services.db(), services.catalogue());
            it = m_pages.emplace(page, samples.list(query(), std::int64_t(page) * kPageSize, kPageSize)).first;
        } catch (...) {
            // The view asked for rows that cannot be read: they stay blank, and the page
            // says why (set after the view's read, not from inside it).
            const QString message = logError("SampleListModel", std::current_exception());
            auto *self = const_cast<SampleListModel *>(this);
            QMetaObject::invokeMethod(
                self, [self, message] { self->setLoadError(message); }, Qt::QueuedConnection);
            return nullptr;
        }
        m_pageOrder.push_back(page);
        if (m_pageOrder.size() > kMaxCachedPages) {
            m_pages.erase(m_pageOrder.front());
            m_pageOrder.erase(m_pageOrder.begin());
        }
    }
    const auto offset = std::size_t(row % kPageSize);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

int SampleListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

QVariant SampleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::Sample *s = sampleAt(index.row());
    if (!s)
        return {};
    auto q = [](const std::string &v) { return QString::fromStdString(v); };
    switch (role) {
    case Qt::DisplayRole:
    case SoldAsRole: return q(s->soldAs);
    case IdRole: return q(s->id);
    case PublicCodeRole: return q(s->publicCode);
    case ReceivedAtRole: return q(s->receivedAt);
    case ReceivedLocalRole: return q(print::localDateTime(s->receivedAt, m_zone));
    case SubstanceRole: return q(s->soldAsSubstance.value_or(""));
    case FormRole: return q(s->form);
    case ColourRole: return q(s->colour.value_or(""));
    case StatusRole: return q(core::toString(s->status));
    case SiteRole: return q(s->siteName);
    case IsDemoRole: return s->isDemo;
    case ReturnedRole: return s->isReturned();
    case ReturnReasonRole: return s->isReturned() ? q(s->statusReason.value_or("")) : QString();
    default: return {};
    }
}

QHash<int, QByteArray> SampleListModel::roleNames() const
{
    return {{IdRole, "sampleId"},
            {PublicCodeRole, "publicCode"},
            {ReceivedAtRole, "receivedAt"},
            {SoldAsRole, "soldAs"},
            {SubstanceRole, "substance"},
            {FormRole, "form"},
            {ColourRole, "colour"},
            {StatusRole, "status"},
            {SiteRole, "site"},
            {IsDemoRole, "isDemo"},
            {ReceivedLocalRole, "receivedLocal"},
            {ReturnedRole, "returned"},
            {ReturnReasonRole, "returnReason"}};
}

QString SampleListModel::idAt(int row) const
{
    const core::Sample *s = sampleAt(row);
    return s ? QString::fromStdString(s->id) : QString();
}

int SampleListModel::rowOf(const QString &id) const
{
    const auto wanted = id.toStdString();
    for (const auto &[page, rows] : m_pages)
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i].id == wanted)
                return page * kPageSize + int(i);
    return -1;
}

void SampleListModel::setReturnedOnly(bool value)
{
    if (m_returnedOnly == value)
        return;
    m_returnedOnly = value;
    Q_EMIT returnedOnlyChanged();
    refresh();
}

#define CANDOR_FILTER_SETTER(Setter, member, Signal) \
    void SampleListModel::Setter(const QString &value) \
    { \
        if (member == value) \
            return; \
        member = value; \
        Q_EMIT Signal(); \
        refresh(); \
    }
CANDOR_FILTER_SETTER(setStatusFilter, m_status, statusFilterChanged)
CANDOR_FILTER_SETTER(setSoldAsFilter, m_soldAs, soldAsFilterChanged)
CANDOR_FILTER_SETTER(setSiteFilter, m_site, siteFilterChanged)
CANDOR_FILTER_SETTER(setFromDate, m_from, fromDateChanged)
CANDOR_FILTER_SETTER(setToDate, m_to, toDateChanged)
CANDOR_FILTER_SETTER(setSearchText, m_search, searchTextChanged)
#undef CANDOR_FILTER_SETTER

} // namespace candor::app
