#pragma once
// The sample page's logic: the sample's details, its strip and reagent readings with one
// call per result, the warnings they raise and the sample's history.

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class SampleController : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString sampleId READ sampleId WRITE setSampleId NOTIFY sampleIdChanged)
    Q_PROPERTY(QVariantMap sample READ sample NOTIFY loaded)
    Q_PROPERTY(QVariantList strips READ strips NOTIFY loaded)
    Q_PROPERTY(QVariantList reagents READ reagents NOTIFY loaded)
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY loaded)
    Q_PROPERTY(QVariantList history READ history NOTIFY loaded)
    Q_PROPERTY(bool editable READ editable NOTIFY loaded)
    // Catalogue choices: [{key, name, cutoff}] and [{key, name}].
    Q_PROPERTY(QVariantList stripTypes READ stripTypes CONSTANT)
    Q_PROPERTY(QVariantList reagentTypes READ reagentTypes CONSTANT)
    Q_PROPERTY(QStringList reagentColours READ reagentColours CONSTANT)

public:
    explicit SampleController(QObject *parent = nullptr);

    QString sampleId() const { return m_sampleId; }
    void setSampleId(const QString &id);
    QVariantMap sample() const { return m_sample; }
    QVariantList strips() const { return m_strips; }
    QVariantList reagents() const { return m_reagents; }
    QStringList warnings() const { return m_warnings; }
    QVariantList history() const { return m_history; }
    bool editable() const;
    QVariantList stripTypes() const;
    QVariantList reagentTypes() const;
    QStringList reagentColours() const;

    // One tap per result. `dilution` (mg/mL), `lot` and `brand` may be empty.
    Q_INVOKABLE bool addStrip(const QString &type, const QString &result, const QString &dilution,
                              const QString &lot, const QString &brand);
    Q_INVOKABLE bool addReagent(const QString &reagent, const QStringList &colours);
    // Substances a reagent sequence is consistent with, exact matches first.
    Q_INVOKABLE QStringList reagentCandidates(const QString &reagent, const QStringList &colours) const;
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void sampleIdChanged();
    void loaded();
    void errorOccurred(const QString &message);
    // A reading was stored; `warning` is the cross-reaction sentence it raised, or "".
    void readingAdded(const QString &summary, const QString &warning);

private:
    QString m_sampleId;
    QVariantMap m_sample;
    QVariantList m_strips, m_reagents, m_history;
    QStringList m_warnings;
};

} // namespace candor::app
