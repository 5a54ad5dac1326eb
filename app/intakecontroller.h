#pragma once
// The intake page's logic: the choices it offers, sold-as completion from the synonyms,
// and taking in a sample with validation errors reported per field.

#include <QObject>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class IntakeController : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QStringList forms READ forms CONSTANT)
    Q_PROPERTY(QStringList intakeChannels READ intakeChannels CONSTANT)
    Q_PROPERTY(QStringList sampleTypes READ sampleTypes CONSTANT)
    Q_PROPERTY(QStringList sites READ sites CONSTANT)
    // The zone "received at" is typed in (the service's, set in Settings).
    Q_PROPERTY(QString timeZone READ timeZone CONSTANT)

public:
    explicit IntakeController(QObject *parent = nullptr);

    QStringList forms() const;
    QStringList intakeChannels() const;
    QStringList sampleTypes() const;
    QStringList sites() const;
    QString timeZone() const;

    // Street names and substances starting with `prefix`, for the sold-as field.
    Q_INVOKABLE QStringList completeSoldAs(const QString &prefix) const;
    // The library substance `soldAs` normalizes to, or "" when none.
    Q_INVOKABLE QString normalizeSoldAs(const QString &soldAs) const;
    // Takes in a sample. Keys are the field names of domain.md (sold_as, form, colour,
    // pill_mass_mg, ...), values as typed. Returns the new sample's id, or "" after
    // emitting fieldError (a value is wrong) or errorOccurred (anything else).
    Q_INVOKABLE QString submit(const QVariantMap &fields);

Q_SIGNALS:
    void fieldError(const QString &field, const QString &message);
    void errorOccurred(const QString &message);
    void sampleCreated(const QString &id, const QString &publicCode);
};

} // namespace candor::app
