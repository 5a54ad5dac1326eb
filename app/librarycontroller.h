#pragma once
// The library page: the reference spectra (substance, class, risk, source, demo marker)
// and, for admins, importing a folder of reference files with each file's outcome,
// retiring the demo library, and setting class and risk of substances the catalogue does
// not know; plus the library QC (pairs the matcher cannot tell apart).
// Imports run on the GUI thread: a published library of a few thousand JCAMP-DX files
// parses in seconds, and the page shows nothing else meanwhile.

#include "controller.h"
#include "referencelistmodel.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class LibraryController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    // Every reference, those in use first by substance, then the retired ones.
    Q_PROPERTY(candor::app::ReferenceListModel *references READ references CONSTANT)
    // References in use that are the service's own (not the demo library's): what is left
    // to match against once the demo library is retired.
    Q_PROPERTY(int ownInUseCount READ ownInUseCount NOTIFY changed)
    // "29 reference spectra of 29 substances (10 high-risk), version 29".
    Q_PROPERTY(QString summary READ summary NOTIFY changed)
    // How many references are the demo library's (the page then says so).
    Q_PROPERTY(int demoCount READ demoCount NOTIFY changed)
    Q_PROPERTY(QString demoNotice READ demoNotice CONSTANT)
    // Substances whose risk is not set (the catalogue does not know them), by name.
    Q_PROPERTY(QStringList riskNotSet READ riskNotSet NOTIFY changed)
    // [{substanceA, fileA, substanceB, fileB, correlation}]: the library QC, most alike first.
    Q_PROPERTY(QVariantList qcPairs READ qcPairs NOTIFY changed)
    // Whether the signed-in user may import (admin).
    Q_PROPERTY(bool canImport READ canImport NOTIFY changed)
    // The last import, one entry per file: [{status, message}] and a one-line total.
    Q_PROPERTY(QVariantList importResults READ importResults NOTIFY importFinished)
    Q_PROPERTY(QString importSummary READ importSummary NOTIFY importFinished)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit LibraryController(QObject *parent = nullptr);
    explicit LibraryController(SessionController &session, QObject *parent = nullptr);

    ReferenceListModel *references() { return &m_references; }
    int ownInUseCount() const { return m_references.ownInUse(); }
    QString summary() const { return m_summary; }
    int demoCount() const { return m_demoCount; }
    QString demoNotice() const;
    bool canImport() const { return m_canImport; }
    QVariantList importResults() const { return m_importResults; }
    QString importSummary() const { return m_importSummary; }
    QStringList riskNotSet() const { return m_riskNotSet; }
    QVariantList qcPairs() const { return m_qcPairs; }

    Q_INVOKABLE void reload();
    // Imports the files of a folder (or files) given as local URLs or paths. Returns false
    // and emits errorOccurred when nothing could be tried (not an admin, not local).
    Q_INVOKABLE bool importUrls(const QList<QUrl> &urls);
    Q_INVOKABLE bool importPaths(const QStringList &paths);
    // Retires the demo library (admin; the page confirms first). False + errorOccurred on failure.
    Q_INVOKABLE bool retireDemo();
    // Sets class and risk (low, moderate, high) of every reference of `substance` (admin).
    Q_INVOKABLE bool setClassAndRisk(const QString &substance, const QString &substanceClass, const QString &risk);

Q_SIGNALS:
    void changed();
    void importFinished();
    // The references the matcher uses may have changed (an import, the demo library
    // retired, a class and risk set): the page re-screens if the library differs.
    void libraryChanged();

protected:
    void begin() override;

private:
    ReferenceListModel m_references;
    QString m_summary;
    int m_demoCount = 0;
    bool m_canImport = false;
    QVariantList m_importResults;
    QString m_importSummary;
    QStringList m_riskNotSet;
    QVariantList m_qcPairs;
};

} // namespace candor::app
