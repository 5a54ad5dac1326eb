#pragma once
// The components of the selected spectrum's fitted mixture for the match panel: either the
// detected ones (with the share of the signal, the distinctive bands the sample shows and
// their colour on the chart) or the "possible" high-risk ones (warnings, never findings).
// MatchController owns one of each. Each row also says what the sample's findings hold
// for it, read from the sample's FindingListModel, so that the one-click buttons show it.

#include "core/matchresults.h"

#include <QAbstractListModel>
#include <QColor>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

namespace candor::app {

class FindingListModel;

class MixtureComponentModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MatchController owns the components: read MatchController.components or .possible")

    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        SubstanceRole = Qt::UserRole + 1, // as the library names it: "Cocaine HCl"
        FindingNameRole,                  // the name a finding of it carries: "cocaine"
        SubstanceClassRole,               // "stimulant", "opioid"
        PercentRole,                      // share of the fitted signal as shown: "80.1 %"
        HighRiskRole,                     // its class is high-risk
        BandsTextRole,                    // "bands 1648, 702 1/cm": its own bands present, "" when none
        BandColourRole,                   // the colour of its band marks on the chart ("#00897b")
        // A possible component's warning: what stands out, how much, and what to do.
        WarningTextRole,
        PrimaryRecordedRole, // the sample has it as a primary finding
        TraceRecordedRole,   // ... as a trace finding
        InFindingsRole,      // any finding names it (detected or uncertain)
    };
    Q_ENUM(Role)

    // One component of the stored mixture and the name a finding of it would carry.
    struct Row {
        core::StoredComponent component;
        std::string findingName;
    };

    // `listed`: the status of the components this model lists (detected or possible).
    explicit MixtureComponentModel(core::ComponentStatus listed, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_rows.size()); }

    // Keeps the rows of the listed status, in the mixture's order.
    void setComponents(const std::vector<Row> &all);
    void clear() { setComponents({}); }
    const std::vector<Row> &rows() const { return m_rows; }
    // The sample's findings the recorded roles read; they change when it resets.
    void setFindings(FindingListModel *findings);

    // The colour of the `index`th detected component's band marks (the panel shows the
    // same colour beside its bands), apart from the hit curves' red, blue and purple and
    // the fit's green; a possible component's marks are red.
    static QColor detectedColour(qsizetype index);
    static QColor possibleColour();
    // "bands 1648, 702 1/cm": the distinctive bands of a component that the sample shows.
    static QString presentBands(const core::StoredComponent &component);

Q_SIGNALS:
    void countChanged();

private:
    void findingsChanged();

    core::ComponentStatus m_listed;
    std::vector<Row> m_rows;
    QPointer<FindingListModel> m_findings;
    QMetaObject::Connection m_findingsReset;
};

} // namespace candor::app
