#pragma once
// The alerts page's list: every alert of this service, drafts, published and withdrawn,
// as the draft store keeps them (core::Alert). Owned by AlertsController, which resets it
// after each refresh, edit, publication or withdrawal.

#include "rowmodel.h"

#include "core/alert.h"

#include <QtQml/qqmlregistration.h>

#include <vector>

namespace candor::app {

class AlertListModel : public candor::app::RowModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertsController owns its list of alerts")

public:
    enum Role {
        AlertIdRole = Qt::UserRole + 1, // the alert's id
        RuleRole,                       // the id of the rule that drafted it
        StatusRole,                     // draft, published, cancelled
        SeverityRole,                   // information, caution, warning (core::AlertSeverity's word)
        SeverityLevelRole,              // 0 information, 1 caution, 2 warning: core's order, for colours
        HeadlineRole,                   // the headline as it stands (edited or drafted)
        FoundRole,                      // "fentanyl, carfentanil"
        SoldAsRole,                     // "cocaine, methamphetamine"
        AdviceRole,                     // the safer-use advice
        SamplesRole,                    // how many samples the alert stands on
        RegionRole,                     // where
        WindowRole,                     // "2026-W44", or "2026-W44 to 2026-W46"
        NeedsUpdateRole,                // published, and new samples arrived since
        EditedRole,                     // the coordinator changed the drafted text
    };
    Q_ENUM(Role)

    using RowModel::RowModel;

    int rowCount(const QModelIndex &parent = {}) const override { return rowCountOf(m_rows.size(), parent); }
    const std::vector<core::Alert> &rows() const { return m_rows; }

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(std::vector<core::Alert> rows) { replaceRows(m_rows, std::move(rows)); }

private:
    std::vector<core::Alert> m_rows;
};

} // namespace candor::app
