#pragma once
// The "Lab validation" page: imports a lab's CSV of confirmatory results
// (core::LabResultStore), shows Candor's findings and stored matches against them per
// substance and per class (core::LabValidation) with the misses and false alarms as
// samples to open, and lets an admin adopt the evidence thresholds that keep 99 %
// specificity. Rows are plain maps with their text formatted here, so the page only lays
// them out.

#include "controller.h"

#include <QObject>
#include <QString>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class LabValidationController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    // "6 samples have lab results: 5 with findings, 6 with a stored match."
    Q_PROPERTY(QString summary READ summary NOTIFY changed)
    // One row per substance or class and per way Candor calls it:
    // {section ("substance"/"class"), name, highRisk, source ("findings", "matches: detected",
    //  "matches: detected or possible"), tp, fp, fn, tn, sensitivity, sensitivityInterval,
    //  specificity, specificityInterval (texts, "–" when there is nothing to estimate),
    //  misses, falseAlarms ([{sampleId, publicCode}])}
    Q_PROPERTY(QVariantList rows READ rows NOTIFY changed)
    // Per high-risk class: {substanceClass, positives, negatives, evidence, specificity,
    //  sensitivity, adopted (texts), note, adoptable}
    Q_PROPERTY(QVariantList thresholds READ thresholds NOTIFY changed)
    Q_PROPERTY(bool canImport READ canImport NOTIFY changed) // technician or admin
    Q_PROPERTY(bool canAdopt READ canAdopt NOTIFY changed)   // admin
    // "results.csv: 9 rows; 9 added, 0 updated, 0 already present." after an import.
    Q_PROPERTY(QString importSummary READ importSummary NOTIFY imported)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit LabValidationController(QObject *parent = nullptr);
    explicit LabValidationController(SessionController &session, QObject *parent = nullptr);

    QString summary() const { return m_summary; }
    QVariantList rows() const { return m_rows; }
    QVariantList thresholds() const { return m_thresholds; }
    bool canImport() const { return m_canImport; }
    bool canAdopt() const { return m_canAdopt; }
    QString importSummary() const { return m_importSummary; }

    Q_INVOKABLE void reload();
    // The file dialog's choice; a URL that is no local file is an error.
    Q_INVOKABLE bool importUrl(const QUrl &url);
    // Imports the CSV (all or nothing) and reloads. False and errorOccurred (naming the
    // line and column) when it cannot.
    Q_INVOKABLE bool importPath(const QString &path);
    // Adopts the proposed threshold of one class (all that have one when empty).
    Q_INVOKABLE bool adopt(const QString &substanceClass);

Q_SIGNALS:
    void changed();
    void imported();

protected:
    void begin() override;

private:
    QString m_summary;
    QVariantList m_rows;
    QVariantList m_thresholds;
    bool m_canImport = false;
    bool m_canAdopt = false;
    QString m_importSummary;
};

} // namespace candor::app
