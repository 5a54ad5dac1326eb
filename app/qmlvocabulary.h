#pragma once
// Candor's vocabulary (core/vocabulary.h) for QML: the words a page compares with or
// offers in a picker, taken from the one table in core, so that no QML file keeps its own
// list of statuses, severities, roles or abundances. Reaches QML as the singleton
// `Vocabulary` ("Vocabulary.verified", "Vocabulary.sampleStatuses"). Stateless: it needs
// nothing injected.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class QmlVocabulary : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Vocabulary)
    QML_SINGLETON

    // Every word of a concept, in core's order (least to most urgent for severities).
    Q_PROPERTY(QStringList sampleStatuses READ sampleStatuses CONSTANT)
    Q_PROPERTY(QStringList alertSeverities READ alertSeverities CONSTANT)
    Q_PROPERTY(QStringList roles READ roles CONSTANT)

    // core::SampleStatus
    Q_PROPERTY(QString received READ received CONSTANT)
    Q_PROPERTY(QString inTesting READ inTesting CONSTANT)
    Q_PROPERTY(QString toBeVerified READ toBeVerified CONSTANT)
    Q_PROPERTY(QString verified READ verified CONSTANT)
    Q_PROPERTY(QString invalidated READ invalidated CONSTANT)
    // core::AlertSeverity
    Q_PROPERTY(QString information READ information CONSTANT)
    Q_PROPERTY(QString caution READ caution CONSTANT)
    Q_PROPERTY(QString warning READ warning CONSTANT)
    // core::Role
    Q_PROPERTY(QString technician READ technician CONSTANT)
    Q_PROPERTY(QString verifier READ verifier CONSTANT)
    Q_PROPERTY(QString coordinator READ coordinator CONSTANT)
    Q_PROPERTY(QString admin READ admin CONSTANT)
    // core::Abundance
    Q_PROPERTY(QString primary READ primary CONSTANT)
    Q_PROPERTY(QString trace READ trace CONSTANT)

public:
    explicit QmlVocabulary(QObject *parent = nullptr)
        : QObject(parent)
    {
    }

    QStringList sampleStatuses() const;
    QStringList alertSeverities() const;
    QStringList roles() const;

    QString received() const;
    QString inTesting() const;
    QString toBeVerified() const;
    QString verified() const;
    QString invalidated() const;
    QString information() const;
    QString caution() const;
    QString warning() const;
    QString technician() const;
    QString verifier() const;
    QString coordinator() const;
    QString admin() const;
    QString primary() const;
    QString trace() const;
};

} // namespace candor::app
