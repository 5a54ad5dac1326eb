#pragma once
// The intake page's logic: the choices it offers, sold-as completion from the synonyms,
// and taking in a sample with validation errors reported per field.

#include "controller.h"

#include <QObject>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class IntakeController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QStringList forms READ forms CONSTANT)
    Q_PROPERTY(QStringList intakeChannels READ intakeChannels CONSTANT)
    Q_PROPERTY(QStringList sampleTypes READ sampleTypes CONSTANT)
    Q_PROPERTY(QStringList sites READ sites CONSTANT)
    // After a save that was refused: every invalid field's message by field name
    // ({"pill_diameter_mm": "Diameter: must be between 1 and 40 mm"}), and the first of
    // them in the order of the form, which takes the focus.
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)
    Q_PROPERTY(QString firstInvalidField READ firstInvalidField NOTIFY errorsChanged)
    // The zone "received at" is typed in (the service's, set in Settings).
    Q_PROPERTY(QString timeZone READ timeZone CONSTANT)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit IntakeController(QObject *parent = nullptr);
    explicit IntakeController(SessionController &session, QObject *parent = nullptr);

    QStringList forms() const;
    QStringList intakeChannels() const;
    QStringList sampleTypes() const;
    QStringList sites() const;
    QVariantMap errors() const { return m_errors; }
    QString firstInvalidField() const { return m_firstInvalid; }
    QString timeZone() const;

    // Street names and substances starting with `prefix`, for the sold-as field.
    Q_INVOKABLE QStringList completeSoldAs(const QString &prefix) const;
    // The library substance `soldAs` normalizes to, or "" when none.
    Q_INVOKABLE QString normalizeSoldAs(const QString &soldAs) const;
    // Takes in a sample. Keys are the field names of domain.md (sold_as, form, colour,
    // pill_mass_mg, ...), values as typed. Returns the new sample's id, or "" after
    // setting errors (values are wrong: all of them, each naming its field) or emitting
    // errorOccurred (anything else). Nothing is stored unless every field is right.
    Q_INVOKABLE QString submit(const QVariantMap &fields);
    Q_INVOKABLE void clearErrors();
    // The field's name as the form labels it ("Diameter"), for messages.
    Q_INVOKABLE static QString fieldLabel(const QString &field);
    // Type-ahead for a drop-down: the first option that starts with the whole typed text
    // (any case), so "cr" picks crystal and not rock; -1 when none does.
    Q_INVOKABLE static int typeAheadIndex(const QStringList &options, const QString &typed);
    // True when the person typed or chose anything the form did not start with (the
    // drop-downs that start on a default count only when changed): Esc then asks first.
    Q_INVOKABLE bool hasTypedData(const QVariantMap &fields) const;

Q_SIGNALS:
    void errorsChanged();
    void sampleCreated(const QString &id, const QString &publicCode);

private:
    QVariantMap m_errors;
    QString m_firstInvalid;
};

} // namespace candor::app
