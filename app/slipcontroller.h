#pragma once
// The private result slip from the sample page: saved where the person at the bench
// chooses (PDF or HTML by the name's extension), never replacing a file unless they said
// so, then opened or printed.

#include "controller.h"

#include <QObject>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class SlipController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString sampleId READ sampleId WRITE setSampleId NOTIFY sampleIdChanged)
    // "<public code>.pdf" in the Documents folder (else home): where the save dialog starts.
    Q_PROPERTY(QUrl suggestedFile READ suggestedFile NOTIFY sampleIdChanged)
    // The slip last saved for this sample ("" before), to open or print it.
    Q_PROPERTY(QUrl savedFile READ savedFile NOTIFY savedChanged)
    Q_PROPERTY(QString savedPath READ savedPath NOTIFY savedChanged)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit SlipController(QObject *parent = nullptr);
    explicit SlipController(SessionController &session, QObject *parent = nullptr);

    QString sampleId() const { return m_sampleId; }
    void setSampleId(const QString &id);
    QUrl suggestedFile() const;
    QUrl savedFile() const { return m_saved; }
    QString savedPath() const { return m_saved.toLocalFile(); }

    // A dialog's URL or a typed path; whether that file is there already (ask first).
    Q_INVOKABLE bool exists(const QUrl &file) const;
    // Writes the slip to `file`. An existing file is replaced only with `replace`; else
    // (and on any other failure) errorOccurred with a sentence, nothing written, false.
    Q_INVOKABLE bool save(const QUrl &file, bool replace);
    // Qt's print dialog, then the slip printed as the HTML/PDF say it. False (with
    // errorOccurred) when no slip could be built; false without a message when cancelled.
    Q_INVOKABLE bool print();

Q_SIGNALS:
    void sampleIdChanged();
    void savedChanged();
    void done(const QString &message);

private:
    QString m_sampleId;
    QUrl m_saved;
};

} // namespace candor::app
