// SpectrumListModel under QAbstractItemModelTester: a sample's instrument files on a real
// database as the batch import stores them, their roles, and a reset on every reload.

#include "appfixture.h"
#include "instrumentfilescontroller.h"
#include "modelrows.h"
#include "spectrumlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::InstrumentFilesController;
using candor::app::SpectrumListModel;
using candor::testing::rows;

namespace {
const QString kDemo = QStringLiteral(CANDOR_SOURCE_DIR) + QStringLiteral("/data/demo-library/");
} // namespace

class TestSpectrumListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEveryStoredSpectrumInImportOrder()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.tech);
        const auto s = f.addSample("down", "2026-05-01T10:00:00Z");
        const auto other = f.addSample("coke", "2026-05-02T10:00:00Z");
        InstrumentFilesController files(*f.session);
        QAbstractItemModelTester tester(files.spectra(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        files.setSampleId(QString::fromStdString(s.id));
        QCOMPARE(files.spectra()->count(), 0);
        QSignalSpy resets(files.spectra(), &QAbstractItemModel::modelReset);
        QSignalSpy finished(&files, &InstrumentFilesController::batchFinished);
        QVERIFY(files.importPaths({kDemo + QStringLiteral("caffeine.jdx"), kDemo + QStringLiteral("fentanyl.jdx")}));
        QVERIFY(finished.wait(20000));
        QVERIFY(resets.count() >= 1);
        const auto spectra = rows(*files.spectra());
        QCOMPARE(spectra.size(), 2);
        const auto first = spectra.at(0).toMap();
        const auto second = spectra.at(1).toMap();
        QCOMPARE(first.value(QStringLiteral("fileName")).toString(), QStringLiteral("caffeine.jdx"));
        QCOMPARE(second.value(QStringLiteral("fileName")).toString(), QStringLiteral("fentanyl.jdx"));
        QCOMPARE(first.value(QStringLiteral("format")).toString(), QStringLiteral("jcamp-dx"));
        QCOMPARE(first.value(QStringLiteral("technique")).toString(), QStringLiteral("infrared"));
        QVERIFY(first.value(QStringLiteral("npoints")).toInt() > 100);
        QCOMPARE(first.value(QStringLiteral("shortSha")).toString(), first.value(QStringLiteral("sha256")).toString().left(12));
        QCOMPARE(first.value(QStringLiteral("position")).toInt(), 0);
        QCOMPARE(first.value(QStringLiteral("spectraInFile")).toInt(), 1);
        QCOMPARE(first.value(QStringLiteral("importedBy")).toString(), QString::fromStdString(f.tech.name));
        // The newest file's first spectrum is the one the page shows first.
        QCOMPARE(second.value(QStringLiteral("spectrumId")).toString(), files.newestSpectrumId());

        const int before = int(resets.count());
        files.setSampleId(QString::fromStdString(other.id));
        QCOMPARE(resets.count(), before + 1);
        QCOMPARE(files.spectra()->rowCount(), 0);
    }
};

QTEST_MAIN(TestSpectrumListModel)
#include "tst_spectrumlistmodel.moc"
