#pragma once
// The history of the selected alert: every message it sent (the first alert, corrections,
// the withdrawal), oldest first, as the draft store keeps them (core::Publication), with
// times on the service's clock. Owned by AlertsController, reset on each selection.

#include "rowmodel.h"

#include "core/alert.h"

#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

namespace candor::app {

class PublicationListModel : public candor::app::RowModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertsController owns the history of the selected alert")

public:
    enum Role {
        MessageTypeRole = Qt::UserRole + 1, // Alert, Update (a correction), Cancel (the withdrawal)
        SequenceRole,                       // 1 for the first message, then 2, 3, ...
        TimeRole,                           // the service's local time with its zone: "2026-11-02 14:30 CET"
        TimeUtcRole,                        // UTC, ISO 8601, as stored
        ReasonRole,                         // why it was withdrawn, or ""
        HeadlineRole,                       // the headline that went out
    };
    Q_ENUM(Role)

    using RowModel::RowModel;

    int rowCount(const QModelIndex &parent = {}) const override { return rowCountOf(m_rows.size(), parent); }
    const std::vector<core::Publication> &rows() const { return m_rows; }

    // Replaces the rows; `zone` is the service's (Settings), for the local times.
    void reset(std::vector<core::Publication> rows, std::string zone);

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<core::Publication> m_rows;
    std::string m_zone = "UTC";
};

} // namespace candor::app
