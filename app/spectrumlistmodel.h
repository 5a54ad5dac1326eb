#pragma once
// A sample's instrument files for the sample page: one row per stored spectrum (a file
// may hold several), in import order, with the file it came from. InstrumentFilesController
// owns it and fills it on every reload.

#include "core/instrumentfiles.h"

#include <QAbstractListModel>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace candor::app {

class SpectrumListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("InstrumentFilesController owns the spectra: read InstrumentFilesController.spectra")

    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        SpectrumIdRole = Qt::UserRole + 1, // the spectrum's id (what the chart and the match take)
        FileIdRole,                        // the instrument file's id
        FileNameRole,                      // as imported, without folders
        FormatRole,                        // jcamp-dx, spc, opus, andi, csv
        TechniqueRole,                     // infrared, raman, ...
        TitleRole,                         // the spectrum's own title
        PointsRole,                        // number of points
        XUnitsRole,                        // normalized: "1/cm"
        YUnitsRole,                        // normalized: "absorbance"
        Sha256Role,                        // of the file's bytes
        ShortShaRole,                      // its first 12 hex digits
        ImportedAtRole,                    // UTC, ISO 8601
        ImportedLocalRole,                 // the service's local time
        ImportedByRole,                    // who imported it
        PositionRole,                      // the spectrum's place in its file, 0 first
        SpectraInFileRole,                 // how many spectra its file holds
    };
    Q_ENUM(Role)

    // A spectrum and its file's import time on the service's clock.
    struct Row {
        core::SpectrumSummary spectrum;
        QString importedLocal;
    };

    explicit SpectrumListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_rows.size()); }

    void setSpectra(std::vector<Row> rows);
    const std::vector<Row> &rows() const { return m_rows; }

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

} // namespace candor::app
