#include "matchcontroller.h"
#include "appservices.h"
#include "sessioncontroller.h"
#include "errortext.h"

#include "core/findings.h"
#include "core/instrumentfiles.h"
#include "core/matchresults.h"
#include "core/readings.h"
#include "core/samples.h"
#include "matching/matcher.h"
#include "services/referencelibrary.h"

#include <QColor>
#include <QPointF>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QChart>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>

#include <algorithm>
#include <cmath>
#include <utility>

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// "A", "A and B", "A, B and C".
QString listed(const QStringList &names)
{
    if (names.size() < 2)
        return names.join(QString());
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + names.last();
}

QString verdictWord(core::Verdict verdict)
{
    switch (verdict) {
    case core::Verdict::Match: return QStringLiteral("Match");
    case core::Verdict::Uncertain: return QStringLiteral("Uncertain");
    case core::Verdict::NoMatch: break;
    }
    return QStringLiteral("No match");
}
} // namespace

MatchController::MatchController(QObject *parent)
    : Controller(parent)
{
}

MatchController::MatchController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
}

void MatchController::setSampleId(const QString &id)
{
    if (id == m_sampleId)
        return;
    m_sampleId = id;
    Q_EMIT sampleIdChanged();
    reload();
}

void MatchController::setSpectrumId(const QString &id)
{
    if (id == m_spectrumId)
        return;
    m_spectrumId = id;
    Q_EMIT spectrumIdChanged();
    reload();
}

void MatchController::setFindings(FindingListModel *findings)
{
    if (findings == m_findings)
        return;
    m_findings = findings;
    m_components.setFindings(findings);
    m_possible.setFindings(findings);
    Q_EMIT findingsChanged();
}

void MatchController::clear()
{
    m_hasMatch = false;
    m_verdict.reset();
    m_verdictText.clear();
    m_verdictReason.clear();
    m_highRiskText.clear();
    m_libraryText.clear();
    m_libraryDemo = false;
    m_warnings.clear();
    m_residualText.clear();
    m_flags.clear();
    m_mainSubstanceUnknown = false;
}

void MatchController::reload()
{
    clear();
    m_verdictText = m_spectrumId.isEmpty()
                        ? QStringLiteral("No spectrum yet: import the sample's FTIR file above and it is matched at once.")
                        : QStringLiteral("No library match stored for this spectrum (only infrared spectra are matched).");
    std::vector<core::StoredHit> hits;
    std::vector<MixtureComponentModel::Row> components;
    auto *services = &appServices();
    if (services && !m_sampleId.isEmpty()) {
        try {
            const auto sample = core::SampleStore(services->db(), services->catalogue()).resolve(m_sampleId.toStdString());
            const auto strips = core::ReadingStore(services->db(), services->catalogue()).strips(sample.id);
            const auto matches = core::MatchResultStore(services->db()).forSample(sample.id);
            for (const auto &f : services::stripPositiveFtirNegative(strips, matches)) {
                QString text = q(f);
                text[0] = text[0].toUpper();
                m_flags << text;
            }
            if (!m_spectrumId.isEmpty()) {
                const auto stored = core::MatchResultStore(services->db()).latestFor(m_spectrumId.toStdString());
                if (!stored.id.empty()) {
                    m_hasMatch = true;
                    m_verdict = stored.verdict;
                    m_mainSubstanceUnknown = stored.mixture.mainSubstanceUnknown;
                    m_verdictReason = q(stored.reason);
                    m_libraryDemo = stored.libraryDemo;
                    m_libraryText = QStringLiteral("%1, version %2, %3 spectra, matched %4 UTC")
                                        .arg(q(stored.libraryName), q(stored.libraryVersion))
                                        .arg(stored.librarySpectra)
                                        .arg(q(stored.createdAt).left(16).replace(QLatin1Char('T'), QLatin1Char(' ')));
                    hits = stored.hits;
                    core::FindingStore findings(services->db(), services->catalogue());
                    for (const auto &c : stored.mixture.components)
                        // The name a finding of it would carry ("Cocaine HCl" -> "cocaine hcl"),
                        // so that the panel can show which components are findings already.
                        components.push_back({c, findings.findingName(c.substance)});
                    // The headline names what was found, the high-risk ones apart: the
                    // reason (scores and thresholds) is the line below it.
                    QStringList detected, highRisk;
                    bool anyPossible = false;
                    for (const auto &row : components) {
                        const auto &c = row.component;
                        if (c.status == core::ComponentStatus::Possible) {
                            anyPossible = true;
                            continue;
                        }
                        detected << q(c.substance);
                        if (c.highRisk)
                            highRisk << QStringLiteral("%1 (%2)").arg(q(c.substance), q(c.substanceClass));
                    }
                    QString found;
                    if (m_mainSubstanceUnknown)
                        found = detected.isEmpty() ? QStringLiteral("main substance unknown")
                                                   : QStringLiteral("main substance unknown, with %1").arg(listed(detected));
                    else if (!detected.isEmpty())
                        found = listed(detected);
                    else if (stored.verdict != core::Verdict::NoMatch && !stored.hits.empty())
                        found = QStringLiteral("closest is %1").arg(q(stored.hits.front().substance));
                    else
                        found = QStringLiteral("nothing in the library explains this spectrum");
                    m_verdictText = verdictWord(stored.verdict) + QStringLiteral(": ") + found;
                    if (!highRisk.isEmpty())
                        m_highRiskText = QStringLiteral("HIGH RISK: %1 detected").arg(listed(highRisk));
                    if (!detected.isEmpty())
                        m_residualText = QStringLiteral("Residual %1 of the processed signal")
                                             .arg(QString::number(stored.mixture.residual, 'f', 3));
                    for (const auto &w : stored.warnings) {
                        // "possible X" is shown as its own box above, with its button, and
                        // "main substance unknown" as its own line under the verdict.
                        const QString text = q(w);
                        if ((!anyPossible || !text.startsWith(QLatin1String("possible "))) &&
                            !(m_mainSubstanceUnknown && text.startsWith(QLatin1String("main substance unknown"))))
                            m_warnings << text;
                    }
                }
            }
        } catch (...) {
            reportError();
        }
    }
    // The models reset once per reload, after the properties they go with are set.
    m_hits.setHits(std::move(hits), m_verdict.value_or(core::Verdict::NoMatch));
    m_components.setComponents(components);
    m_possible.setComponents(components);
    Q_EMIT changed();
}

namespace {
// A 1, 2 or 5 times a power of ten step that cuts `span` into about `ticks` parts.
double roundStep(double span, int ticks)
{
    const double raw = span / std::max(ticks, 1);
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw)
            return m * magnitude;
    return 10 * magnitude;
}
} // namespace

int MatchController::drawInto(QObject *query, QObject *fit, QObject *hit1, QObject *hit2, QObject *hit3, QObject *residual,
                              QObject *bands)
{
    auto *bandSeries = qobject_cast<QXYSeries *>(bands);
    if (bandSeries) {
        bandSeries->clear();
        bandSeries->clearPointsConfiguration();
    }
    QXYSeries *hitSeries[] = {qobject_cast<QXYSeries *>(hit1), qobject_cast<QXYSeries *>(hit2), qobject_cast<QXYSeries *>(hit3)};
    auto *querySeries = qobject_cast<QXYSeries *>(query);
    auto *fitSeries = qobject_cast<QXYSeries *>(fit);
    auto *residualSeries = qobject_cast<QXYSeries *>(residual);
    const QList<QXYSeries *> all = {querySeries, fitSeries, hitSeries[0], hitSeries[1], hitSeries[2], residualSeries};
    for (auto *s : all)
        if (s)
            s->clear();
    if (!querySeries || m_spectrumId.isEmpty())
        return 0;
    try {
        auto &services = appServices();
        const auto data = core::InstrumentFileStore(services.db()).spectrum(m_spectrumId.toStdString());
        if (!data || data->technique != "infrared")
            return 0;
        const auto library = services.library();
        const auto result = services::matchSpectrum(*library, services::toSpectrum(*data), 3);
        const auto &w = result.wavenumbers;
        if (result.error || w.empty() || result.processedQuery.size() != w.size())
            return 0;
        double hi = -INFINITY, rlo = INFINITY, rhi = -INFINITY;
        // The processed curves are mean-centred. Lift the sample and the fitted mixture
        // together by the lower of their minima, and each hit by its own, so that every
        // curve reads from zero like an absorbance spectrum and the axis can start at 0
        // (the fit dipping below the sample had made the axis start at -0.1).
        auto minimum = [&](const std::vector<double> &y, double scale) {
            double m = INFINITY;
            for (double v : y)
                m = std::min(m, scale * v);
            return std::isfinite(m) ? m : 0.0;
        };
        double lift = -minimum(result.processedQuery, 1);
        if (result.mixture.fitted.size() == w.size())
            lift = std::max(lift, -minimum(result.mixture.fitted, 1));
        auto fill = [&](QXYSeries *series, const std::vector<double> &y, double scale, bool track, double offset) {
            if (!series || y.size() != w.size())
                return;
            QList<QPointF> points;
            points.reserve(qsizetype(w.size()));
            for (std::size_t i = 0; i < w.size(); ++i) {
                points.append(QPointF(w[i], scale * y[i] + offset));
                if (track)
                    hi = std::max(hi, scale * y[i] + offset);
            }
            series->replace(points);
        };
        querySeries->setName(QStringLiteral("Sample (processed)"));
        fill(querySeries, result.processedQuery, 1, true, lift);
        // The fit is drawn only when it is the sum of something reported: with nothing
        // detected it is shift and slope terms and candidates that were not reported, and
        // looked like a fitted substance.
        const bool anyDetected = std::any_of(result.mixture.components.begin(), result.mixture.components.end(),
                                             [](const auto &c) {
                                                 return c.status == matching::MixtureComponent::Status::Detected;
                                             });
        if (fitSeries) {
            fitSeries->setName(anyDetected ? QStringLiteral("Fitted mixture") : QString());
            if (anyDetected)
                fill(fitSeries, result.mixture.fitted, 1, true, lift);
        }
        const auto &matrix = library->compiled().matrix();
        for (std::size_t i = 0; i < 3; ++i) {
            if (!hitSeries[i])
                continue;
            if (i >= result.hits.size()) {
                hitSeries[i]->setName(QString());
                continue;
            }
            const auto &hit = result.hits[i];
            hitSeries[i]->setName(QStringLiteral("#%1 %2 (%3)").arg(hit.rank).arg(q(hit.substance)).arg(hit.score, 0, 'f', 3));
            // Scaled by the correlation: the share of the hit the sample's shape holds.
            const auto row = matrix.rowAsDouble(hit.entry);
            fill(hitSeries[i], row, hit.score, true, -minimum(row, hit.score));
        }
        // The distinctive bands the sample shows: detected components' in their colour (as
        // the panel lists them), a possible one's in red; labelled after the axes are set.
        struct Mark {
            QPointF at;
            QColor colour;
            bool highRisk = false; // labelled first
        };
        std::vector<Mark> marks;
        {
            int detectedIndex = 0;
            for (const auto &c : result.mixture.components) {
                const bool detected = c.status == matching::MixtureComponent::Status::Detected;
                const QColor colour = detected ? MixtureComponentModel::detectedColour(detectedIndex++)
                                               : MixtureComponentModel::possibleColour();
                for (const auto &b : c.bands) {
                    if (!b.present)
                        continue;
                    const auto it = std::min_element(w.begin(), w.end(), [&](double x1, double x2) {
                        return std::abs(x1 - b.wavenumber) < std::abs(x2 - b.wavenumber);
                    });
                    const std::size_t i = std::size_t(it - w.begin());
                    marks.push_back({QPointF(w[i], result.processedQuery[i] + lift), colour, c.highRisk});
                }
            }
        }
        if (residualSeries && residualSeries->chart())
            residualSeries->chart()->setTitle(anyDetected ? QStringLiteral("Residual (sample − fitted mixture)")
                                                          : QStringLiteral("Residual: nothing detected to subtract"));
        if (residualSeries && anyDetected) {
            residualSeries->setName(QStringLiteral("Residual"));
            fill(residualSeries, result.mixture.residualCurve, 1, false, 0.0);
            for (double v : result.mixture.residualCurve) {
                rlo = std::min(rlo, v);
                rhi = std::max(rhi, v);
            }
        }
        const double xMin = *std::min_element(w.begin(), w.end()), xMax = *std::max_element(w.begin(), w.end());
        auto setAxes = [&](QXYSeries *series, double yMin, double yMax, const QString &yTitle) {
            if (!series)
                return;
            if (!(yMax > yMin))
                yMin -= 1, yMax += 1;
            const double pad = 0.05 * (yMax - yMin);
            for (QAbstractAxis *axis : series->attachedAxes()) {
                auto *value = qobject_cast<QValueAxis *>(axis);
                if (!value)
                    continue;
                if (axis->orientation() == Qt::Horizontal) {
                    // The library's grid does not start at a round wavenumber: keep its exact
                    // range but put the ticks on round values (every 200 or 500 1/cm).
                    value->setTitleText(QStringLiteral("Wavenumber (1/cm)"));
                    value->setReverse(true);
                    value->setRange(xMin, xMax);
                    value->setLabelFormat(QStringLiteral("%.0f"));
                    value->setTickType(QValueAxis::TicksDynamic);
                    value->setTickAnchor(0);
                    value->setTickInterval(roundStep(xMax - xMin, 8));
                } else {
                    // From zero (or symmetric about it for the residual), fixed decimals:
                    // "%.2g" printed the zero tick as 1.4e-17.
                    value->setRange(yMin >= 0 ? 0.0 : yMin - pad, yMax + pad);
                    value->setTickType(QValueAxis::TicksFixed);
                    value->setTickCount(5);
                    value->applyNiceNumbers();
                    if (yMin >= 0)
                        value->setMin(0.0);
                    // As many decimals as the tick step needs: a fixed "%.2f" printed the
                    // ticks of a small residual as 0.01, 0.00, 0.00, -0.01.
                    const double step = (value->max() - value->min()) / std::max(value->tickCount() - 1, 1);
                    const int decimals = step > 0 ? std::clamp(int(-std::floor(std::log10(step) + 1e-9)), 0, 6) : 2;
                    value->setLabelFormat(QStringLiteral("%.%1f").arg(std::max(decimals, 1)));
                    value->setTitleText(yTitle);
                }
            }
        };
        // Use the residual's own scale only when it is drawn on a chart of its own.
        setAxes(querySeries, 0.0, hi, QStringLiteral("Absorbance (processed)"));
        if (residualSeries && residualSeries->chart() != querySeries->chart()) {
            // At least a twentieth of the spectrum's height: a perfect fit's residual read
            // 0.00 on every tick.
            const double r = std::max({std::isfinite(rlo) ? std::abs(rlo) : 0.0, std::isfinite(rhi) ? std::abs(rhi) : 0.0,
                                       std::isfinite(hi) ? 0.05 * hi : 0.0, 1e-6});
            setAxes(residualSeries, -r, r, QStringLiteral("Residual"));
        }
        if (bandSeries) {
            bandSeries->setName(marks.empty() ? QString() : QStringLiteral("Distinctive bands present"));
            QList<QPointF> points;
            for (const auto &m : marks)
                points.append(m.at);
            bandSeries->replace(points);
            // Label the high-risk components' marks first, then the tallest, and leave out a label that would overlap one
            // already placed (about 36 x 14 px); the panel lists every band anyway.
            const QChart *chart = bandSeries->chart();
            const QRectF area = chart && chart->plotArea().width() > 0 ? chart->plotArea() : QRectF(0, 0, 900, 300);
            double yMax = hi;
            for (QAbstractAxis *axis : bandSeries->attachedAxes())
                if (auto *value = qobject_cast<QValueAxis *>(axis); value && axis->orientation() == Qt::Vertical)
                    yMax = value->max();
            const double pxPerX = area.width() / std::max(xMax - xMin, 1.0), pxPerY = area.height() / std::max(yMax, 1e-9);
            std::vector<std::size_t> order(marks.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                if (marks[a].highRisk != marks[b].highRisk)
                    return marks[a].highRisk;
                return marks[a].at.y() > marks[b].at.y();
            });
            std::vector<std::size_t> labelled;
            for (std::size_t i : order) {
                bool clear = true;
                for (std::size_t j : labelled)
                    clear = clear && (std::abs(marks[i].at.x() - marks[j].at.x()) * pxPerX >= 36 ||
                                      std::abs(marks[i].at.y() - marks[j].at.y()) * pxPerY >= 14);
                if (clear)
                    labelled.push_back(i);
                bandSeries->setPointConfiguration(int(i), {{QXYSeries::PointConfiguration::Color, marks[i].colour},
                                                           {QXYSeries::PointConfiguration::LabelVisibility, clear}});
            }
        }
        // No legend entry for a curve that is not drawn (fewer than three hits, no fit, no bands).
        if (QChart *chart = querySeries->chart())
            for (QLegendMarker *marker : chart->legend()->markers())
                marker->setVisible(!marker->series()->name().isEmpty());
        if (QChart *chart = querySeries->chart())
            chart->setTitle((anyDetected ? QStringLiteral("Processed spectrum, top hits and fitted mixture (%1)")
                                         : QStringLiteral("Processed spectrum and the closest library spectra (%1)"))
                                .arg(q(library->compiled().name())));
        return int(w.size());
    } catch (...) {
        reportError();
        return 0;
    }
}

} // namespace candor::app
