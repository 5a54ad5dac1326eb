#pragma once
// The sample page's library match for the selected spectrum: the stored verdict with its
// reason, the hits (high-risk ones marked), the detected mixture and, apart from it, the
// "possible" high-risk components as warnings; the strip-positive, FTIR-negative flags of
// the whole sample; and the chart: the processed spectrum with the top hits and the
// fitted mixture over it, the residual below (matched again with today's library, which
// takes milliseconds, because the stored result keeps no curves).

#include "controller.h"
#include "findinglistmodel.h"
#include "matchhitmodel.h"
#include "mixturecomponentmodel.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace candor::app {

class MatchController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString sampleId READ sampleId WRITE setSampleId NOTIFY sampleIdChanged)
    Q_PROPERTY(QString spectrumId READ spectrumId WRITE setSpectrumId NOTIFY spectrumIdChanged)
    // True when a match is stored for the selected spectrum.
    Q_PROPERTY(bool hasMatch READ hasMatch NOTIFY changed)
    // match, uncertain, no-match ("" without a match).
    Q_PROPERTY(QString verdict READ verdict NOTIFY changed)
    // The verdict, one flag each, so that no page compares verdict words (all false
    // without a match).
    Q_PROPERTY(bool isMatch READ isMatch NOTIFY changed)
    Q_PROPERTY(bool isUncertain READ isUncertain NOTIFY changed)
    Q_PROPERTY(bool isNoMatch READ isNoMatch NOTIFY changed)
    // The headline, what a technician reads first: "Match: Cocaine HCl, Caffeine and
    // Fentanyl", "No match: main substance unknown", or why there is nothing to show.
    Q_PROPERTY(QString verdictText READ verdictText NOTIFY changed)
    // Why, as the engine stored it: "the best hit scores 0.98 (match at 0.92 or above)".
    Q_PROPERTY(QString verdictReason READ verdictReason NOTIFY changed)
    // "HIGH RISK: Fentanyl (fentanyl) detected", "" when no detected component is high-risk.
    Q_PROPERTY(QString highRiskText READ highRiskText NOTIFY changed)
    // "Candor reference library, version 29, 29 spectra" (+ the demo notice).
    Q_PROPERTY(QString libraryText READ libraryText NOTIFY changed)
    Q_PROPERTY(bool libraryDemo READ libraryDemo NOTIFY changed)
    // The closest library spectra, best first.
    Q_PROPERTY(candor::app::MatchHitModel *hits READ hits CONSTANT)
    // Detected components, each with the distinctive bands the sample shows.
    Q_PROPERTY(candor::app::MixtureComponentModel *components READ components CONSTANT)
    // "Possible" high-risk components: warnings, not findings.
    Q_PROPERTY(candor::app::MixtureComponentModel *possible READ possible CONSTANT)
    // The sample's findings (SampleController.findings): the components' rows say which
    // of them are findings already. Optional; without it no component reads as recorded.
    Q_PROPERTY(candor::app::FindingListModel *findings READ findings WRITE setFindings NOTIFY findingsChanged)
    // The engine's warnings (coverage, units, possible high-risk) and the demo notice.
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY changed)
    Q_PROPERTY(QString residualText READ residualText NOTIFY changed)
    // The library holds nothing that explains the bulk of the spectrum (issue 11).
    Q_PROPERTY(bool mainSubstanceUnknown READ mainSubstanceUnknown NOTIFY changed)
    // Strip positive, FTIR negative, for the whole sample (see services).
    Q_PROPERTY(QStringList flags READ flags NOTIFY changed)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit MatchController(QObject *parent = nullptr);
    explicit MatchController(SessionController &session, QObject *parent = nullptr);

    QString sampleId() const { return m_sampleId; }
    void setSampleId(const QString &id);
    QString spectrumId() const { return m_spectrumId; }
    void setSpectrumId(const QString &id);
    bool hasMatch() const { return m_hasMatch; }
    QString verdict() const { return m_verdict ? QString::fromStdString(core::toString(*m_verdict)) : QString(); }
    bool isMatch() const { return m_verdict == core::Verdict::Match; }
    bool isUncertain() const { return m_verdict == core::Verdict::Uncertain; }
    bool isNoMatch() const { return m_verdict == core::Verdict::NoMatch; }
    QString verdictText() const { return m_verdictText; }
    QString verdictReason() const { return m_verdictReason; }
    QString highRiskText() const { return m_highRiskText; }
    QString libraryText() const { return m_libraryText; }
    bool libraryDemo() const { return m_libraryDemo; }
    MatchHitModel *hits() { return &m_hits; }
    MixtureComponentModel *components() { return &m_components; }
    MixtureComponentModel *possible() { return &m_possible; }
    FindingListModel *findings() const { return m_findings; }
    void setFindings(FindingListModel *findings);
    QStringList warnings() const { return m_warnings; }
    QString residualText() const { return m_residualText; }
    bool mainSubstanceUnknown() const { return m_mainSubstanceUnknown; }
    QStringList flags() const { return m_flags; }

    Q_INVOKABLE void reload();

    // Fills the series (QXYSeries, LineSeries in QML) from the selected spectrum matched
    // against the current library: the processed query, the fitted mixture, the top three
    // hits (scaled by their score, named in the legend) and the residual; sets the attached
    // axes. The y axis runs from zero: the curves are lifted by the sample's minimum (the
    // processed spectrum is mean-centred; its zero tick read 1.4e-17). `bands` (a
    // QScatterSeries) gets one point per distinctive band present of each reported
    // component, on the sample's curve. Returns the number of points drawn, 0 when none.
    Q_INVOKABLE int drawInto(QObject *query, QObject *fit, QObject *hit1, QObject *hit2, QObject *hit3, QObject *residual,
                             QObject *bands = nullptr);

Q_SIGNALS:
    void sampleIdChanged();
    void spectrumIdChanged();
    void changed();
    void findingsChanged();

private:
    void clear();

    QString m_sampleId;
    QString m_spectrumId;
    bool m_hasMatch = false;
    std::optional<core::Verdict> m_verdict; // none without a match
    QString m_verdictText;
    QString m_verdictReason;
    QString m_highRiskText;
    QString m_libraryText;
    bool m_libraryDemo = false;
    MatchHitModel m_hits;
    MixtureComponentModel m_components{core::ComponentStatus::Detected};
    MixtureComponentModel m_possible{core::ComponentStatus::Possible};
    QPointer<FindingListModel> m_findings;
    QStringList m_warnings;
    QString m_residualText;
    QStringList m_flags;
    bool m_mainSubstanceUnknown = false;
};

} // namespace candor::app
