#pragma once
// Re-screening the stored spectra after the library changed, from the library page: runs
// services::rescreenStoredSpectra on a worker thread (with a Database of its own: one per
// thread) while the page shows progress and a Cancel button, then lists the samples whose
// high-risk components changed, each opening the sample for review.

#include "controller.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <stop_token>

namespace candor::app {

class RescreenController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    // Spectra screened and to screen in the run under way (or the last one).
    Q_PROPERTY(int done READ done NOTIFY progressChanged)
    Q_PROPERTY(int total READ total NOTIFY progressChanged)
    // "Re-screened 1,200 of 4,000 spectra, 3 changed", or how the last run ended.
    Q_PROPERTY(QString status READ status NOTIFY progressChanged)
    // [{sampleId, publicCode, fileName, sampleStatus, before, after, verified}] of the last
    // run: `before`/`after` read "Fentanyl (detected), Xylazine (possible)" or "none".
    Q_PROPERTY(QVariantList changes READ changes NOTIFY finished)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit RescreenController(QObject *parent = nullptr);
    explicit RescreenController(SessionController &session, QObject *parent = nullptr);
    ~RescreenController() override;

    bool running() const { return m_thread != nullptr; }
    int done() const { return m_done; }
    int total() const { return m_total; }
    QString status() const { return m_status; }
    QVariantList changes() const { return m_changes; }

    // Starts a run (resuming an unfinished one against the same library) unless one runs.
    // Returns false and emits errorOccurred when it cannot start (nobody signed in).
    Q_INVOKABLE bool start();
    // start() when the library differs from the one the last finished run screened
    // against (an import that added nothing starts nothing). Returns whether it started.
    Q_INVOKABLE bool startIfLibraryChanged();
    // Asks the run to stop after the batch in flight; it stays resumable.
    Q_INVOKABLE void cancel();

Q_SIGNALS:
    void runningChanged();
    void progressChanged();
    void finished();

private:
    void onProgress(int done, int total, int changes);
    void onFinished(const QVariantList &changes, const QString &status, const QString &error);

    QThread *m_thread = nullptr;
    std::stop_source m_stop;
    int m_done = 0;
    int m_total = 0;
    QString m_status;
    QVariantList m_changes;
};

} // namespace candor::app
