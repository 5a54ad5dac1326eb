#pragma once
// The reference library page's list: every reference spectrum (core::ReferenceRow, without
// its points), those in use first by substance, then the retired ones kept for the
// history. Owned by LibraryController, reset on each reload.

#include "rowmodel.h"

#include "core/references.h"

#include <QtQml/qqmlregistration.h>

#include <vector>

namespace candor::app {

class ReferenceListModel : public candor::app::RowModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LibraryController owns the list of references")

public:
    enum Role {
        SubstanceRole = Qt::UserRole + 1, // the substance's name
        SubstanceClassRole,               // fentanyl, opioid, cut, ... or unknown
        RiskRole,                         // low, moderate, high; "not set" when the catalogue does not know it
        HighRiskRole,                     // the risk is set and high (the page marks it)
        SourceRole,                       // where the spectrum came from
        FileNameRole,                     // the file it was imported from
        DemoRole,                         // one of the synthetic demo library's
        RetiredRole,                      // kept for the history, no longer matched against
    };
    Q_ENUM(Role)

    using RowModel::RowModel;

    int rowCount(const QModelIndex &parent = {}) const override { return rowCountOf(m_rows.size(), parent); }
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(std::vector<core::ReferenceRow> rows) { replaceRows(m_rows, std::move(rows)); }
    // How many references in use (not retired) are the service's own, not the demo's.
    int ownInUse() const;

private:
    std::vector<core::ReferenceRow> m_rows;
};

} // namespace candor::app
