#pragma once
// The library's closest spectra for the sample page's match panel, best first: one row
// per stored hit of the selected spectrum's match. MatchController owns it and fills it
// from the stored match (core::StoredMatch::hits) on every reload.

#include "core/matchresults.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace candor::app {

class MatchHitModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MatchController owns the hits: read MatchController.hits")

    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        RankRole = Qt::UserRole + 1, // 1 = best
        SubstanceRole,               // as the library names it: "Cocaine HCl"
        SubstanceClassRole,          // "stimulant", "" when the library has none
        ScoreRole,                   // the score as shown: "0.982"
        HighRiskRole,                // the library marks the hit's class high-risk
        // The high-risk mark is shown: a high-risk hit of a match or an uncertain verdict,
        // never on a no-match (a 0.3 bromazolam beside soil is no warning).
        ShowsHighRiskRole,
    };
    Q_ENUM(Role)

    explicit MatchHitModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_hits.size()); }

    // The hits of a stored match and its verdict (which decides ShowsHighRiskRole).
    void setHits(std::vector<core::StoredHit> hits, core::Verdict verdict);
    void clear() { setHits({}, core::Verdict::NoMatch); }
    // The best hit, or nullptr when there is none.
    const core::StoredHit *best() const { return m_hits.empty() ? nullptr : &m_hits.front(); }

Q_SIGNALS:
    void countChanged();

private:
    std::vector<core::StoredHit> m_hits;
    core::Verdict m_verdict = core::Verdict::NoMatch;
};

} // namespace candor::app
