#pragma once
// The sample page's instrument files: import a batch (file dialog or drop, folders give
// every file in them) on a worker thread with progress and cancel, list what is stored,
// and feed the chart the selected spectrum with the right axis titles.
//
// Threading: the worker opens its own connection to the database file (core::Database is
// not thread-safe) and stores each file in its own transaction; it only reports back to
// this object through queued calls. The destructor cancels and waits for it.

#include "controller.h"
#include "spectrumlistmodel.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>

class QThread;

namespace candor::app {

class InstrumentFilesController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString sampleId READ sampleId WRITE setSampleId NOTIFY sampleIdChanged)
    // Every stored spectrum of the sample with its file, import order.
    Q_PROPERTY(candor::app::SpectrumListModel *spectra READ spectra CONSTANT)
    Q_PROPERTY(int fileCount READ fileCount NOTIFY spectraChanged)
    // The spectrum to show first: the first one of the newest file ("" when none).
    Q_PROPERTY(QString newestSpectrumId READ newestSpectrumId NOTIFY spectraChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY progressChanged)
    Q_PROPERTY(int total READ total NOTIFY progressChanged)
    Q_PROPERTY(int done READ done NOTIFY progressChanged)
    Q_PROPERTY(QString currentFile READ currentFile NOTIFY progressChanged)
    // Files of the last batch that did not go in: [{file, reason}].
    Q_PROPERTY(QVariantList failures READ failures NOTIFY failuresChanged)
    // What the readers read leniently in files of the last batch that went in: [{file, warning}].
    Q_PROPERTY(QVariantList warnings READ warnings NOTIFY failuresChanged)
    // One line about the last batch ("3 imported, 1 already there, 1 failed").
    Q_PROPERTY(QString summary READ summary NOTIFY progressChanged)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit InstrumentFilesController(QObject *parent = nullptr);
    explicit InstrumentFilesController(SessionController &session, QObject *parent = nullptr);
    ~InstrumentFilesController() override;

    QString sampleId() const { return m_sampleId; }
    void setSampleId(const QString &id);
    SpectrumListModel *spectra() { return &m_spectra; }
    int fileCount() const { return m_fileCount; }
    QString newestSpectrumId() const { return m_newestSpectrumId; }
    bool busy() const { return m_thread != nullptr; }
    int total() const { return m_total; }
    int done() const { return m_done; }
    QString currentFile() const { return m_currentFile; }
    QVariantList failures() const { return m_failures; }
    QVariantList warnings() const { return m_warnings; }
    QString summary() const { return m_summary; }

    // Starts a batch: local file URLs from a FileDialog or a drop. Folders give every file
    // directly in them. Returns false (and says why) when a batch runs already, nobody is
    // signed in, or the sample takes no files.
    Q_INVOKABLE bool importUrls(const QList<QUrl> &urls);
    Q_INVOKABLE bool importPaths(const QStringList &paths);
    // Stops after the file in progress; that file and later ones are not stored.
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void reload();

    // Fills `series` (a QXYSeries: LineSeries in QML) with the stored spectrum's points
    // and returns what the axes need: {ok, title, xTitle, yTitle, xMin, xMax, yMin, yMax,
    // reverseX, npoints}.
    Q_INVOKABLE QVariantMap plot(QObject *series, const QString &spectrumId);
    // plot(), then sets the series' attached axes (ranges, titles, reversed wavenumbers)
    // and its chart's title. Returns the number of points drawn, -1 when nothing could be.
    Q_INVOKABLE int drawInto(QObject *series, const QString &spectrumId);

    // Axis titles for normalized unit names ("1/cm" -> "Wavenumber (1/cm)").
    static QString xAxisTitle(const QString &xUnits, const QString &technique);
    static QString yAxisTitle(const QString &yUnits);
    // IR spectra in wavenumbers, and NMR in ppm, are drawn high to low as spectroscopists expect.
    static bool reverseX(const QString &xUnits, const QString &technique);

Q_SIGNALS:
    void sampleIdChanged();
    void spectraChanged();
    void progressChanged();
    void failuresChanged();
    void batchFinished(int imported, int alreadyThere, int failed, bool cancelled);

private:
    // Called on this object's thread, queued from the worker.
    void fileStarted(int index, const QString &name);
    void fileDone(bool stored, bool duplicate, const QString &name, const QString &reason, const QStringList &warnings = {});
    void workerFinished(bool cancelled);

    QString m_sampleId;
    SpectrumListModel m_spectra;
    int m_fileCount = 0;
    QString m_newestSpectrumId;
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
    int m_total = 0;
    int m_done = 0;
    int m_imported = 0;
    int m_already = 0;
    QStringList m_skipped; // files in dropped folders that are no spectra
    QString m_currentFile;
    QVariantList m_failures;
    QVariantList m_warnings;
    QString m_summary;
};

} // namespace candor::app
