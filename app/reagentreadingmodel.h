#pragma once
// A sample's reagent readings for the sample page, oldest first, each with the substances
// its colour sequence is consistent with. SampleController owns it and fills it on every
// reload.

#include "core/readings.h"

#include <QAbstractListModel>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace candor::app {

class ReagentReadingModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SampleController owns the reagent readings: read SampleController.reagents")

    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        ReagentRole = Qt::UserRole + 1, // the reagent's key: "marquis"
        ColoursRole,                    // the colour sequence seen: ["orange", "brown"]
        CandidatesRole,                 // substances it is consistent with, exact matches first
        SequenceTextRole,               // the colours as read: "purple → black"
        CandidatesTextRole,             // the candidates as listed: "mdma, mda (if it goes on)"
        AtRole,                         // UTC, ISO 8601
        AtLocalRole,                    // the service's local time
        ByRole,                         // who read it
    };
    Q_ENUM(Role)

    // A reading, its candidates ("mdma", "mda (if it goes on)") and its local time.
    struct Row {
        core::ReagentReading reading;
        QStringList candidates;
        QString atLocal;
    };

    explicit ReagentReadingModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_rows.size()); }

    void setReadings(std::vector<Row> rows);

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

} // namespace candor::app
