#include "labvalidationcontroller.h"
#include "appservices.h"
#include "sessioncontroller.h"
#include "errortext.h"

#include "core/labresults.h"
#include "core/labvalidation.h"
#include "core/permissions.h"

#include <QFile>
#include <QFileInfo>

namespace candor::app {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

const QString kNothing = QStringLiteral("–");

QString percent(const std::optional<double> &value)
{
    return value ? QStringLiteral("%1 %").arg(*value * 100, 0, 'f', 1) : kNothing;
}

QString interval(const std::optional<core::Interval> &i)
{
    return i ? QStringLiteral("%1–%2 %").arg(i->low * 100, 0, 'f', 1).arg(i->high * 100, 0, 'f', 1) : kNothing;
}

QString evidence(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 5) : kNothing;
}

QVariantList samples(const std::vector<core::SampleRef> &refs)
{
    QVariantList out;
    for (const auto &r : refs)
        out.append(QVariantMap{{"sampleId", q(r.sampleId)}, {"publicCode", q(r.publicCode)}});
    return out;
}

void appendRows(QVariantList &out, const QString &section, const std::vector<core::ValidationRow> &rows)
{
    for (const auto &r : rows) {
        const std::pair<QString, const core::Confusion *> sources[] = {{QStringLiteral("findings"), &r.findings},
                                                                       {QStringLiteral("matches: detected"), &r.matchDetected},
                                                                       {QStringLiteral("matches: detected or possible"),
                                                                        &r.matchFlagged}};
        for (const auto &[source, c] : sources) {
            if (c->samples() == 0)
                continue;
            out.append(QVariantMap{{"section", section},
                                   {"name", q(r.name)},
                                   {"highRisk", r.highRisk},
                                   {"source", source},
                                   {"tp", qlonglong(c->truePositives)},
                                   {"fp", qlonglong(c->falsePositives)},
                                   {"fn", qlonglong(c->falseNegatives)},
                                   {"tn", qlonglong(c->trueNegatives)},
                                   {"sensitivity", percent(c->sensitivity())},
                                   {"sensitivityInterval", interval(c->sensitivityInterval())},
                                   {"specificity", percent(c->specificity())},
                                   {"specificityInterval", interval(c->specificityInterval())},
                                   {"misses", samples(c->misses)},
                                   {"falseAlarms", samples(c->falseAlarms)}});
        }
    }
}

} // namespace

LabValidationController::LabValidationController(QObject *parent)
    : Controller(parent)
{
}

LabValidationController::LabValidationController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
    begin();
}

void LabValidationController::begin()
{
    reload();
}

void LabValidationController::reload()
{
    m_summary.clear();
    m_rows.clear();
    m_thresholds.clear();
    m_canImport = m_canAdopt = false;
    if (auto *services = &appServices(); services) {
        try {
            if (const auto &user = services->currentUser()) {
                m_canImport = core::can(*user, core::Action::ImportLabResults);
                m_canAdopt = core::can(*user, core::Action::AdoptThresholds);
            }
            const auto report = core::LabValidation(services->db(), services->catalogue()).report();
            m_summary = report.samplesWithLabResults == 0
                            ? tr("No lab results yet: import a lab's CSV (see docs/lab-import.md for the columns).")
                            : tr("%1 samples have lab results: %2 with findings, %3 with a stored match.")
                                  .arg(report.samplesWithLabResults)
                                  .arg(report.samplesWithFindings)
                                  .arg(report.samplesWithMatches);
            appendRows(m_rows, QStringLiteral("substance"), report.substances);
            appendRows(m_rows, QStringLiteral("class"), report.classes);
            for (const auto &t : report.thresholds)
                m_thresholds.append(
                    QVariantMap{{"substanceClass", q(t.substanceClass)},
                                {"positives", qlonglong(t.positives)},
                                {"negatives", qlonglong(t.negatives)},
                                {"evidence", evidence(t.evidence)},
                                {"specificity", t.evidence ? percent(t.specificity) : kNothing},
                                {"sensitivity", t.evidence ? percent(t.sensitivity) : kNothing},
                                {"adopted", evidence(t.adopted)},
                                {"note", q(t.note)},
                                {"adoptable", t.evidence.has_value() && (!t.adopted || *t.adopted != *t.evidence)}});
        } catch (...) {
            reportError();
        }
    }
    Q_EMIT changed();
}

bool LabValidationController::importUrl(const QUrl &url)
{
    if (!url.isLocalFile()) {
        reportError(tr("%1 is not a local file.").arg(url.toDisplayString()));
        return false;
    }
    return importPath(url.toLocalFile());
}

bool LabValidationController::importPath(const QString &path)
{
    auto *services = &appServices();
    if (!services)
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        reportError(tr("Cannot open %1: %2").arg(path, file.errorString()));
        return false;
    }
    const QByteArray bytes = file.readAll();
    try {
        const std::string name = QFileInfo(path).fileName().toStdString();
        const auto report = core::LabResultStore(services->db(), services->catalogue())
                                .importCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())), name,
                                           services->actor());
        m_importSummary = tr("%1: %2 rows; %3 added, %4 updated, %5 already present.")
                              .arg(q(report.fileName))
                              .arg(report.rows)
                              .arg(report.added)
                              .arg(report.updated)
                              .arg(report.unchanged);
    } catch (...) {
        reportError();
        return false;
    }
    Q_EMIT imported();
    reload();
    return true;
}

bool LabValidationController::adopt(const QString &substanceClass)
{
    auto *services = &appServices();
    if (!services)
        return false;
    try {
        core::LabValidation(services->db(), services->catalogue())
            .adoptThresholds(services->actor(), substanceClass.toStdString());
    } catch (...) {
        reportError();
        return false;
    }
    reload();
    return true;
}

} // namespace candor::app
