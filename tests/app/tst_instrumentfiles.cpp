// The sample page's instrument files controller on a real database: a batch with a bad
// file in it (the others go in, the bad one is listed with its reason), duplicates,
// cancel, and the chart series filled with the stored points and the right axis titles.

#include "appfixture.h"
#include "modelrows.h"
#include "instrumentfilescontroller.h"

#include "core/instrumentfiles.h"
#include "core/samples.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QLineSeries>

using candor::app::InstrumentFilesController;
using candor::testing::rows;

namespace {
// Tests run from the build folder; the fixtures live in the source tree.
const QString kSource = QStringLiteral(CANDOR_SOURCE_DIR);
QString fixture(const QString &rel)
{
    return kSource + QStringLiteral("/tests/data/importers/") + rel;
}
QString shared(const QString &rel)
{
    return kSource + QStringLiteral("/../shared/data/formats/") + rel;
}
} // namespace

class TestInstrumentFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        m_fixture->services->setCurrentUser(m_fixture->tech);
        m_sample = m_fixture->addSample("down", "2026-01-20T10:00:00Z");
    }
    void cleanup() { m_fixture.reset(); }

    void aBatchStoresTheGoodFilesAndListsTheBadOneWithItsReason()
    {
        InstrumentFilesController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QCOMPARE(rows(*c.spectra()).size(), 0);
        QSignalSpy finished(&c, &InstrumentFilesController::batchFinished);
        QVERIFY(
            c.importPaths({fixture(QStringLiteral("jcamp/affn-transmittance.jdx")),
                           fixture(QStringLiteral("jcamp/ycheck-fails.jdx")), fixture(QStringLiteral("csv/comma-header.csv"))}));
        QVERIFY(c.busy());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toInt(), 2); // imported
        QCOMPARE(finished.first().at(2).toInt(), 1); // failed
        QCOMPARE(finished.first().at(3).toBool(), false);
        QVERIFY(!c.busy());
        QCOMPARE(c.done(), 3);
        QCOMPARE(c.failures().size(), 1);
        const auto reason = c.failures().first().toMap().value(QStringLiteral("reason")).toString();
        QVERIFY2(reason.contains(QStringLiteral("ycheck-fails.jdx:")), qPrintable(reason));
        QCOMPARE(rows(*c.spectra()).size(), 2);
        QCOMPARE(c.fileCount(), 2);
        const auto first = rows(*c.spectra()).first().toMap();
        QCOMPARE(first.value(QStringLiteral("fileName")).toString(), QStringLiteral("affn-transmittance.jdx"));
        QCOMPARE(first.value(QStringLiteral("npoints")).toInt(), 12);
        QCOMPARE(first.value(QStringLiteral("importedBy")).toString(), QStringLiteral("tess"));
        QCOMPARE(first.value(QStringLiteral("shortSha")).toString().size(), 12);
        QVERIFY(c.summary().contains(QStringLiteral("2 imported")));

        // The sample moved to in-testing, and the bytes are kept exactly.
        auto &db = m_fixture->services->db();
        QCOMPARE(candor::core::toString(
                     candor::core::SampleStore(db, m_fixture->services->catalogue()).find(m_sample.id)->status),
                 std::string("in-testing"));
        QFile f(fixture(QStringLiteral("jcamp/affn-transmittance.jdx")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray original = f.readAll();
        const auto stored = candor::core::InstrumentFileStore(db).content(
            first.value(QStringLiteral("fileId")).toString().toStdString());
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(stored.data()), qsizetype(stored.size())), original);
    }

    void theReadersWarningsAreListedWithTheirFile()
    {
        InstrumentFilesController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy finished(&c, &InstrumentFilesController::batchFinished);
        QVERIFY(c.importPaths(
            {fixture(QStringLiteral("jcamp/affn-transmittance.jdx")), fixture(QStringLiteral("jcamp/npoints-disagrees.jdx"))}));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toInt(), 2);
        QCOMPARE(c.warnings().size(), 1);
        const auto w = c.warnings().first().toMap();
        QCOMPARE(w.value(QStringLiteral("file")).toString(), QStringLiteral("npoints-disagrees.jdx"));
        QCOMPARE(w.value(QStringLiteral("warning")).toString(),
                 QStringLiteral("line 14: the data hold 12 Y values but ##NPOINTS=14; all 12 are kept"));
        QVERIFY2(c.summary().contains(QStringLiteral("2 imported")) && c.summary().contains(QStringLiteral("1 warning, below")),
                 qPrintable(c.summary()));
        QCOMPARE(c.failures().size(), 0);
    }

    void theSameBytesAgainAddNothingAndSaySo()
    {
        InstrumentFilesController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy finished(&c, &InstrumentFilesController::batchFinished);
        QVERIFY(c.importPaths({fixture(QStringLiteral("jcamp/affn-transmittance.jdx"))}));
        QVERIFY(finished.wait(10000));
        QVERIFY(c.importPaths({fixture(QStringLiteral("jcamp/affn-transmittance.jdx"))}));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(1).at(0).toInt(), 0);
        QCOMPARE(finished.at(1).at(1).toInt(), 1);
        QCOMPARE(rows(*c.spectra()).size(), 1);
        QVERIFY2(c.summary().contains(QStringLiteral("1 already there")), qPrintable(c.summary()));
    }

    void aFolderImportsEveryFileInIt()
    {
        QTemporaryDir folder;
        for (const char *name : {"affn-transmittance.jdx", "difdup.jdx"})
            QVERIFY(QFile::copy(fixture(QStringLiteral("jcamp/") + QLatin1String(name)), folder.filePath(QLatin1String(name))));
        InstrumentFilesController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy finished(&c, &InstrumentFilesController::batchFinished);
        QVERIFY(c.importUrls({QUrl::fromLocalFile(folder.path())}));
        QVERIFY(finished.wait(10000));
        QCOMPARE(c.total(), 2);
        QCOMPARE(c.fileCount(), 2);
    }

    void cancelStopsTheBatchAndKeepsWhatWentIn()
    {
        QTemporaryDir folder;
        // Distinct bytes each, so that none is a duplicate of another.
        for (int i = 0; i < 300; ++i) {
            QFile f(folder.filePath(QStringLiteral("s%1.csv").arg(i, 3, 10, QLatin1Char('0'))));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray text = "wavenumber,absorbance\n";
            for (int k = 0; k < 2000; ++k)
                text += QByteArray::number(4000 - k) + "," + QByteArray::number(0.001 * ((k * 7 + i) % 997)) + "\n";
            f.write(text);
        }
        InstrumentFilesController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy finished(&c, &InstrumentFilesController::batchFinished);
        QVERIFY(c.importPaths({folder.path()}));
        c.cancel();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(3).toBool(), true);
        QVERIFY(c.done() < 300);
        QVERIFY(c.summary().contains(QStringLiteral("cancelled")));
        // What went in stays, each whole.
        QCOMPARE(c.fileCount(), finished.first().at(0).toInt());
        QVERIFY(!c.busy());
    }

    void aSamplePastTestingTakesNoFiles()
    {
        // Straight in the database: the workflow's own steps are not what this test is about.
        m_fixture->services->db().prepare("UPDATE samples SET status = 'verified' WHERE id = ?").bind(1, m_sample.id).run();
        InstrumentFilesController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy errors(&c, &InstrumentFilesController::errorOccurred);
        QVERIFY(!c.importPaths({fixture(QStringLiteral("jcamp/affn-transmittance.jdx"))}));
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().first().toString().contains(QStringLiteral("verified")));
    }

    void plotFillsTheSeriesWithWavenumbersReversedForIr()
    {
        const QString opus = shared(QStringLiteral("opus/issue81_A1.1.0"));
        if (!QFile::exists(opus))
            QSKIP("shared test data not present at ../shared/data/formats");
        InstrumentFilesController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy finished(&c, &InstrumentFilesController::batchFinished);
        QVERIFY(c.importPaths({opus}));
        QVERIFY(finished.wait(10000));
        QCOMPARE(rows(*c.spectra()).size(), 3);
        QCOMPARE(c.newestSpectrumId(), rows(*c.spectra()).first().toMap().value(QStringLiteral("spectrumId")).toString());
        QLineSeries series;
        const auto info = c.plot(&series, c.newestSpectrumId());
        QVERIFY(info.value(QStringLiteral("ok")).toBool());
        QCOMPARE(series.count(), 1866);
        QCOMPARE(series.at(0).x(), 3996.5766162382815);
        QCOMPARE(info.value(QStringLiteral("xTitle")).toString(), QStringLiteral("Wavenumber (1/cm)"));
        QCOMPARE(info.value(QStringLiteral("yTitle")).toString(), QStringLiteral("Absorbance"));
        QVERIFY(info.value(QStringLiteral("reverseX")).toBool());
        QVERIFY(info.value(QStringLiteral("xMin")).toDouble() < 400);
    }

    void axisTitlesFollowTheUnits()
    {
        QCOMPARE(InstrumentFilesController::xAxisTitle(QStringLiteral("1/cm"), QStringLiteral("raman")),
                 QStringLiteral("Raman shift (1/cm)"));
        QVERIFY(!InstrumentFilesController::reverseX(QStringLiteral("1/cm"), QStringLiteral("raman")));
        QCOMPARE(InstrumentFilesController::yAxisTitle(QStringLiteral("percent-transmittance")),
                 QStringLiteral("Transmittance (%)"));
        QCOMPARE(InstrumentFilesController::xAxisTitle(QStringLiteral("minutes"), QStringLiteral("chromatogram")),
                 QStringLiteral("Retention time (min)"));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
    candor::core::Sample m_sample;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    TestInstrumentFiles test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_instrumentfiles.moc"
