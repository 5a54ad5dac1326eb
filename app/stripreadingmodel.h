#pragma once
// A sample's strip readings for the sample page, oldest first: every reading, a
// superseded one included (marked, struck through: it no longer counts). SampleController
// owns it and fills it on every reload.

#include "core/readings.h"

#include <QAbstractListModel>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace candor::app {

class StripReadingModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SampleController owns the strip readings: read SampleController.strips")

    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        ReadingIdRole = Qt::UserRole + 1, // the reading's id, for a correction
        TypeRole,                         // the strip type's key: "fentanyl"
        ResultRole,                       // positive, negative, invalid
        LotRole,                          // "" when not typed
        BrandRole,                        // "" when not typed
        CutoffRole,                       // ng/mL as text, "" when unknown
        DilutionRole,                     // mg/mL as text, "" when not typed
        AtRole,                           // UTC, ISO 8601
        AtLocalRole,                      // the service's local time: "2026-01-15 14:30 CET"
        ByRole,                           // who read it
        SupersededRole,                   // corrected since: kept, no longer counts
        PositiveRole,                     // the strip read positive (whether it still counts or not)
    };
    Q_ENUM(Role)

    // A reading and its time on the service's clock.
    struct Row {
        core::StripReading reading;
        QString atLocal;
    };

    explicit StripReadingModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_rows.size()); }

    void setReadings(std::vector<Row> rows);
    // The reading with `id`, or nullptr.
    const core::StripReading *find(const QString &id) const;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

} // namespace candor::app
