#pragma once
// The samples list: every sample that matches the filters, newest first. Rows are read
// from SQLite a page at a time when the view asks for them, so scrolling stays smooth
// over 100,000 samples and memory holds only the pages on screen.

#include "core/samples.h"

#include <QAbstractListModel>
#include <QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include <map>
#include <vector>

namespace candor::app {

class SessionController;

class SampleListModel : public QAbstractListModel, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT

    Q_PROPERTY(QString statusFilter READ statusFilter WRITE setStatusFilter NOTIFY statusFilterChanged)
    Q_PROPERTY(QString soldAsFilter READ soldAsFilter WRITE setSoldAsFilter NOTIFY soldAsFilterChanged)
    Q_PROPERTY(QString siteFilter READ siteFilter WRITE setSiteFilter NOTIFY siteFilterChanged)
    Q_PROPERTY(QString fromDate READ fromDate WRITE setFromDate NOTIFY fromDateChanged)
    Q_PROPERTY(QString toDate READ toDate WRITE setToDate NOTIFY toDateChanged)
    Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY searchTextChanged)
    // Only samples a verifier returned for more testing (and not submitted again).
    Q_PROPERTY(bool returnedOnly READ returnedOnly WRITE setReturnedOnly NOTIFY returnedOnlyChanged)
    // The zone times are shown and the date filters read in (the service's, Settings).
    Q_PROPERTY(QString timeZone READ timeZone NOTIFY countChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString filterError READ filterError NOTIFY filterErrorChanged)
    // Why some rows could not be read (a page of the list failed to load); "" when all could.
    Q_PROPERTY(QString loadError READ loadError NOTIFY loadErrorChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the sample's id (UUID)
        PublicCodeRole,            // the code printed for the person
        ReceivedAtRole,            // UTC, ISO 8601
        ReceivedLocalRole,         // the service's local time with its zone: "2026-01-15 14:30 CET"
        SoldAsRole,                // the person's words
        SubstanceRole,             // what sold-as normalizes to, or ""
        FormRole,                  // powder, pill, ...
        ColourRole,                // as recorded, or ""
        StatusRole,                // received, in-testing, ...
        SiteRole,                  // site name
        IsDemoRole,                // true for demo data
        ReturnedRole,              // true when returned for testing and not submitted again
        ReturnReasonRole,          // the verifier's reason for the return, or ""
    };
    Q_ENUM(Role)

    static constexpr int kPageSize = 100;

    explicit SampleListModel(QObject *parent = nullptr);
    explicit SampleListModel(SessionController &session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString statusFilter() const { return m_status; }
    void setStatusFilter(const QString &value);
    QString soldAsFilter() const { return m_soldAs; }
    void setSoldAsFilter(const QString &value);
    QString siteFilter() const { return m_site; }
    void setSiteFilter(const QString &value);
    QString fromDate() const { return m_from; }
    void setFromDate(const QString &value);
    QString toDate() const { return m_to; }
    void setToDate(const QString &value);
    QString searchText() const { return m_search; }
    void setSearchText(const QString &value);
    bool returnedOnly() const { return m_returnedOnly; }
    void setReturnedOnly(bool value);
    QString timeZone() const { return QString::fromStdString(m_zone); }
    int count() const { return m_count; }
    QString filterError() const { return m_filterError; }
    QString loadError() const { return m_loadError; }

    // Its session arrives the way a Controller's does (see controller.h).
    void classBegin() override;
    void componentComplete() override {}

    // Re-reads the count and drops cached pages (after an intake, a filter change).
    Q_INVOKABLE void refresh();
    // The row of a sample id, or -1 when it is not among the rows (or not loaded).
    Q_INVOKABLE int rowOf(const QString &id) const;
    // The sample id in `row`, or "" (for keyboard activation of the current row).
    Q_INVOKABLE QString idAt(int row) const;

Q_SIGNALS:
    void statusFilterChanged();
    void soldAsFilterChanged();
    void siteFilterChanged();
    void fromDateChanged();
    void toDateChanged();
    void searchTextChanged();
    void returnedOnlyChanged();
    void countChanged();
    void filterErrorChanged();
    void loadErrorChanged();

private:
    void start();
    void setLoadError(const QString &message);

    SessionController *m_session = nullptr;
    QString m_loadError;
    // Throws ValidationError for a date filter that is no date in the service's zone.
    core::SampleQuery query() const;
    const core::Sample *sampleAt(int row) const;

    QString m_status, m_soldAs, m_site, m_from, m_to, m_search, m_filterError;
    bool m_returnedOnly = false;
    std::string m_zone = "UTC"; // read again on each refresh (Settings may change it)
    int m_count = 0;
    // Pages by index; at most a few dozen are kept, the oldest dropped first.
    mutable std::map<int, std::vector<core::Sample>> m_pages;
    mutable std::vector<int> m_pageOrder;
};

} // namespace candor::app
