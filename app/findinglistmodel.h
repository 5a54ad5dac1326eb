#pragma once
// A sample's findings for the sample page, in the order they were recorded: what the
// technician concludes is in the sample. SampleController owns it and fills it on every
// reload; the match panel's components read it to show which are findings already.

#include "core/findings.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <optional>
#include <vector>

namespace candor::app {

class FindingListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SampleController owns the findings: read SampleController.findings")

    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        TextRole = Qt::UserRole + 1, // "fentanyl (trace; strip, ftir)", "uncertain match"
        SubstanceRole,               // the catalogue name, "" for a finding without one
        KindRole,                    // substance, uncertain, no-match
        AbundanceRole,               // primary, trace, percent; "" when not a substance
        KnownRole,                   // the catalogue knows the substance
        // A substance the catalogue does not know: the page says so beside it.
        NotInCatalogueRole,
    };
    Q_ENUM(Role)

    explicit FindingListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_findings.size()); }

    void setFindings(std::vector<core::Finding> findings);
    const std::vector<core::Finding> &findings() const { return m_findings; }

    // The abundance recorded for `substance` (a finding's name) by a substance finding,
    // std::nullopt when there is none (an uncertain finding of it is no abundance).
    std::optional<core::Abundance> abundanceOf(const std::string &substance) const;
    // Any finding names `substance` (detected or uncertain).
    bool names(const std::string &substance) const;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<core::Finding> m_findings;
};

} // namespace candor::app
