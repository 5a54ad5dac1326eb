#include "instrumentfilescontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "core/database.h"
#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/samples.h"
#include "core/workflow.h"
#include "importers/importerror.h"
#include "services/instrumentimport.h"
#include "services/referencelibrary.h"

#include <QFileInfo>
#include <QPointF>
#include <QThread>
#include <QtCharts/QChart>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>

#include <algorithm>
#include <cmath>

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// The reason a file failed, for the list under the progress bar. ImportError and core
// errors already name the file and where; anything else is said as it is.
QString failureReason(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const importers::ImportError &e) {
        return q(e.what());
    } catch (const core::AlreadyImported &e) {
        return q(e.what());
    } catch (...) {
        return logError("InstrumentFilesController", std::current_exception());
    }
}
} // namespace

InstrumentFilesController::InstrumentFilesController(QObject *parent)
    : Controller(parent)
{
}

InstrumentFilesController::InstrumentFilesController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
}

InstrumentFilesController::~InstrumentFilesController()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

void InstrumentFilesController::setSampleId(const QString &id)
{
    if (id == m_sampleId)
        return;
    m_sampleId = id;
    Q_EMIT sampleIdChanged();
    m_failures.clear();
    m_summary.clear();
    Q_EMIT failuresChanged();
    Q_EMIT progressChanged();
    reload();
}

void InstrumentFilesController::reload()
{
    std::vector<SpectrumListModel::Row> rows;
    m_fileCount = 0;
    m_newestSpectrumId.clear();
    if (!m_sampleId.isEmpty()) {
        try {
            auto &services = appServices();
            const auto sample = core::SampleStore(services.db(), services.catalogue()).resolve(m_sampleId.toStdString());
            core::InstrumentFileStore store(services.db());
            m_fileCount = int(store.files(sample.id).size());
            const auto all = store.spectra(sample.id);
            for (const auto &s : all)
                if (s.fileId == all.back().fileId && s.position == 0)
                    m_newestSpectrumId = q(s.id);
            const ServiceClock clock(appServices().db()); // shown in the service's zone
            for (const auto &s : all)
                rows.push_back({s, clock.show(s.file.importedAt)});
        } catch (...) {
            reportError();
        }
    }
    m_spectra.setSpectra(std::move(rows));
    Q_EMIT spectraChanged();
}

bool InstrumentFilesController::importUrls(const QList<QUrl> &urls)
{
    QStringList paths;
    for (const auto &url : urls) {
        if (!url.isLocalFile()) {
            reportError(QStringLiteral("%1 is not a local file: copy it to this computer first.").arg(url.toDisplayString()));
            return false;
        }
        paths << url.toLocalFile();
    }
    return importPaths(paths);
}

bool InstrumentFilesController::importPaths(const QStringList &paths)
{
    if (m_thread) {
        reportError(QStringLiteral("An import is still running: wait for it or cancel it first."));
        return false;
    }
    std::string sampleId;
    std::filesystem::path dbPath;
    core::User actor;
    std::shared_ptr<const services::LoadedLibrary> library;
    try {
        auto &services = appServices();
        actor = services.actor();
        // Loaded here, on the thread that owns the database; the matcher is thread-safe.
        library = services.library();
        const auto sample = core::SampleStore(services.db(), services.catalogue()).resolve(m_sampleId.toStdString());
        if (!core::isOpenForTesting(sample.status))
            throw core::ValidationError("status",
                                        "The sample " + sample.publicCode + " is " + core::toString(sample.status) +
                                            ": instrument files can only be imported while it is received or in testing.");
        sampleId = sample.id;
        dbPath = services.databasePath();
    } catch (...) {
        reportError();
        return false;
    }
    std::vector<std::filesystem::path> given;
    for (const auto &p : paths)
        given.emplace_back(p.toStdString());
    const auto expanded = services::expandImportPaths(given);
    const auto &files = expanded.files;
    m_skipped.clear();
    for (const auto &s : expanded.skipped)
        m_skipped.append(q(s.filename().string()));
    if (files.empty()) {
        reportError(m_skipped.isEmpty()
                        ? QStringLiteral("There is no file to import in %1.").arg(paths.join(QStringLiteral(", ")))
                        : QStringLiteral("There is no spectrum file in %1 (not spectra: %2).")
                              .arg(paths.join(QStringLiteral(", ")), m_skipped.join(QStringLiteral(", "))));
        return false;
    }

    m_total = int(files.size());
    m_done = m_imported = m_already = 0;
    m_currentFile.clear();
    m_summary.clear();
    m_failures.clear();
    m_warnings.clear();
    Q_EMIT failuresChanged();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancel = m_cancel;
    m_thread = QThread::create([this, files, sampleId, dbPath, actor, cancel, library] {
        // One connection for this thread only; storing here keeps the GUI responsive.
        std::unique_ptr<core::Database> db;
        try {
            db = std::make_unique<core::Database>(dbPath);
        } catch (...) {
            const QString reason = logError(metaObject()->className(), std::current_exception());
            for (const auto &f : files)
                QMetaObject::invokeMethod(
                    this, [this, name = q(f.filename().string()), reason] { fileDone(false, false, name, reason); },
                    Qt::QueuedConnection);
            QMetaObject::invokeMethod(
                this, [this] { workerFinished(false); }, Qt::QueuedConnection);
            return;
        }
        bool cancelled = false;
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (cancel->load()) {
                cancelled = true;
                break;
            }
            const QString name = q(files[i].filename().string());
            QMetaObject::invokeMethod(
                this, [this, i, name] { fileStarted(int(i), name); }, Qt::QueuedConnection);
            bool stored = false, duplicate = false;
            QString reason;
            QStringList warnings;
            try {
                const auto parsed = services::parseInstrumentFile(files[i]);
                // Checked again after the parse, which is the slow part: after Cancel, nothing more is stored.
                if (cancel->load()) {
                    cancelled = true;
                    break;
                }
                const auto outcome = services::storeParsedFile(*db, sampleId, parsed, actor, library.get());
                duplicate = outcome.status == services::ImportOutcome::Status::AlreadyImported;
                stored = !duplicate;
                if (duplicate)
                    reason = q(outcome.message);
                else
                    for (const auto &w : outcome.warnings)
                        warnings.append(q(w));
            } catch (...) {
                reason = failureReason(std::current_exception());
            }
            QMetaObject::invokeMethod(
                this, [this, stored, duplicate, name, reason, warnings] { fileDone(stored, duplicate, name, reason, warnings); },
                Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            this, [this, cancelled] { workerFinished(cancelled); }, Qt::QueuedConnection);
    });
    m_thread->start();
    Q_EMIT progressChanged();
    return true;
}

void InstrumentFilesController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void InstrumentFilesController::fileStarted(int index, const QString &name)
{
    Q_UNUSED(index);
    m_currentFile = name;
    Q_EMIT progressChanged();
}

void InstrumentFilesController::fileDone(bool stored, bool duplicate, const QString &name, const QString &reason,
                                         const QStringList &warnings)
{
    ++m_done;
    for (const auto &w : warnings)
        m_warnings.append(QVariantMap{{"file", name}, {"warning", w}});
    if (stored)
        ++m_imported;
    else if (duplicate)
        ++m_already;
    else
        m_failures.append(QVariantMap{{"file", name}, {"reason", reason}});
    if ((!stored && !duplicate) || !warnings.isEmpty())
        Q_EMIT failuresChanged();
    Q_EMIT progressChanged();
}

void InstrumentFilesController::workerFinished(bool cancelled)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_currentFile.clear();
    const int failed = int(m_failures.size());
    m_summary = QStringLiteral("%1 imported, %2 already there, %3 failed").arg(m_imported).arg(m_already).arg(failed);
    if (!m_warnings.isEmpty())
        m_summary += m_warnings.size() == 1 ? QStringLiteral("; 1 warning, below")
                                            : QStringLiteral("; %1 warnings, below").arg(m_warnings.size());
    if (!m_skipped.isEmpty())
        m_summary += QStringLiteral("; skipped, not spectra: %1").arg(m_skipped.join(QStringLiteral(", ")));
    if (cancelled)
        m_summary += QStringLiteral("; cancelled, %1 not tried").arg(m_total - m_done);
    reload();
    if (m_imported > 0)
        session().notifySamplesChanged();
    Q_EMIT progressChanged();
    Q_EMIT batchFinished(m_imported, m_already, failed, cancelled);
}

QVariantMap InstrumentFilesController::plot(QObject *series, const QString &spectrumId)
{
    auto *xy = qobject_cast<QXYSeries *>(series);
    if (!xy)
        return {{"ok", false}};
    try {
        const auto s = core::InstrumentFileStore(appServices().db()).spectrum(spectrumId.toStdString());
        if (!s) {
            xy->clear();
            return {{"ok", false}};
        }
        QList<QPointF> points;
        points.reserve(qsizetype(s->x.size()));
        double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
        for (std::size_t i = 0; i < s->x.size(); ++i) {
            const double x = s->x[i], y = s->y[i];
            points.append(QPointF(x, y));
            xMin = std::min(xMin, x);
            xMax = std::max(xMax, x);
            yMin = std::min(yMin, y);
            yMax = std::max(yMax, y);
        }
        xy->replace(points);
        if (points.isEmpty())
            xMin = 0, xMax = 1, yMin = 0, yMax = 1;
        // A little room above and below so that the trace does not touch the frame.
        const double pad = (yMax - yMin) * 0.05 + (yMax == yMin ? 1 : 0);
        const QString xUnits = q(s->xUnits), technique = q(s->technique);
        return {{"ok", true},
                {"title", q(s->title)},
                {"xTitle", xAxisTitle(xUnits, technique)},
                {"yTitle", yAxisTitle(q(s->yUnits))},
                {"xMin", xMin},
                {"xMax", xMax == xMin ? xMin + 1 : xMax},
                {"yMin", yMin - pad},
                {"yMax", yMax + pad},
                {"reverseX", reverseX(xUnits, technique)},
                {"npoints", qint64(points.size())}};
    } catch (...) {
        reportError();
        return {{"ok", false}};
    }
}

int InstrumentFilesController::drawInto(QObject *series, const QString &spectrumId)
{
    const QVariantMap info = plot(series, spectrumId);
    auto *xy = qobject_cast<QXYSeries *>(series);
    if (!xy)
        return -1;
    const bool ok = info.value(QStringLiteral("ok")).toBool();
    if (QChart *chart = xy->chart())
        chart->setTitle(ok ? info.value(QStringLiteral("title")).toString()
                           : (spectrumId.isEmpty() ? QStringLiteral("No spectrum selected")
                                                   : QStringLiteral("This spectrum cannot be drawn")));
    if (!ok)
        return -1;
    // The chart makes a series' axes lazily; make them here when it has not yet, so the
    // very first spectrum shown gets its titles, direction and range.
    if (QChart *chart = xy->chart(); chart && xy->attachedAxes().isEmpty()) {
        auto *x = new QValueAxis(chart);
        auto *y = new QValueAxis(chart);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        xy->attachAxis(x);
        xy->attachAxis(y);
    }
    for (QAbstractAxis *axis : xy->attachedAxes()) {
        auto *value = qobject_cast<QValueAxis *>(axis);
        if (!value)
            continue;
        if (axis->orientation() == Qt::Horizontal) {
            value->setTitleText(info.value(QStringLiteral("xTitle")).toString());
            value->setReverse(info.value(QStringLiteral("reverseX")).toBool());
            value->setRange(info.value(QStringLiteral("xMin")).toDouble(), info.value(QStringLiteral("xMax")).toDouble());
            value->setLabelFormat(QStringLiteral("%.0f"));
            value->setTickCount(9);
            // Round ticks (4000, 3500, ...) as spectroscopists read them, not 3997, 3547.
            value->applyNiceNumbers();
        } else {
            value->setTitleText(info.value(QStringLiteral("yTitle")).toString());
            value->setRange(info.value(QStringLiteral("yMin")).toDouble(), info.value(QStringLiteral("yMax")).toDouble());
            value->setLabelFormat(QStringLiteral("%.3g"));
            value->applyNiceNumbers();
        }
    }
    return info.value(QStringLiteral("npoints")).toInt();
}

QString InstrumentFilesController::xAxisTitle(const QString &xUnits, const QString &technique)
{
    if (xUnits == QLatin1String("1/cm"))
        return technique == QLatin1String("raman") ? QStringLiteral("Raman shift (1/cm)") : QStringLiteral("Wavenumber (1/cm)");
    if (xUnits == QLatin1String("micrometers"))
        return QStringLiteral("Wavelength (µm)");
    if (xUnits == QLatin1String("nanometers"))
        return QStringLiteral("Wavelength (nm)");
    if (xUnits == QLatin1String("m/z"))
        return QStringLiteral("m/z");
    if (xUnits == QLatin1String("seconds"))
        return technique == QLatin1String("chromatogram") ? QStringLiteral("Retention time (s)") : QStringLiteral("Time (s)");
    if (xUnits == QLatin1String("minutes"))
        return technique == QLatin1String("chromatogram") ? QStringLiteral("Retention time (min)") : QStringLiteral("Time (min)");
    if (xUnits == QLatin1String("ppm"))
        return QStringLiteral("Chemical shift (ppm)");
    if (xUnits == QLatin1String("hz"))
        return QStringLiteral("Frequency (Hz)");
    return QStringLiteral("x (arbitrary units)");
}

QString InstrumentFilesController::yAxisTitle(const QString &yUnits)
{
    if (yUnits == QLatin1String("absorbance"))
        return QStringLiteral("Absorbance");
    if (yUnits == QLatin1String("transmittance"))
        return QStringLiteral("Transmittance");
    if (yUnits == QLatin1String("percent-transmittance"))
        return QStringLiteral("Transmittance (%)");
    if (yUnits == QLatin1String("reflectance"))
        return QStringLiteral("Reflectance");
    if (yUnits == QLatin1String("counts"))
        return QStringLiteral("Counts");
    if (yUnits == QLatin1String("intensity"))
        return QStringLiteral("Intensity");
    return QStringLiteral("Intensity (arbitrary units)");
}

bool InstrumentFilesController::reverseX(const QString &xUnits, const QString &technique)
{
    return (xUnits == QLatin1String("1/cm") && technique != QLatin1String("raman")) || xUnits == QLatin1String("ppm");
}

} // namespace candor::app
