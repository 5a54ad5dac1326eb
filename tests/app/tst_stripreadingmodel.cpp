// StripReadingModel under QAbstractItemModelTester: a sample's strip readings on a real
// database as the bench records them, a correction kept as a superseded row, and a reset
// on every reading.

#include "appfixture.h"
#include "modelrows.h"
#include "samplecontroller.h"
#include "stripreadingmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::SampleController;
using candor::app::StripReadingModel;
using candor::testing::rows;

class TestStripReadingModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEveryReadingOldestFirstWithItsRoles()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.tech);
        const auto s = f.addSample("down", "2026-05-01T10:00:00Z");
        SampleController page(*f.session);
        QAbstractItemModelTester tester(page.strips(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.setSampleId(QString::fromStdString(s.id));
        QCOMPARE(page.strips()->count(), 0);
        QSignalSpy resets(page.strips(), &QAbstractItemModel::modelReset);
        QVERIFY(page.tapStrip(QStringLiteral("fentanyl"), QStringLiteral("positive"), QStringLiteral("2,5"),
                              QStringLiteral("L-17"), QStringLiteral("BTNX")));
        QCOMPARE(resets.count(), 1);
        auto readings = rows(*page.strips());
        QCOMPARE(readings.size(), 1);
        const auto r = readings.first().toMap();
        QVERIFY(!r.value(QStringLiteral("readingId")).toString().isEmpty());
        QCOMPARE(r.value(QStringLiteral("type")).toString(), QStringLiteral("fentanyl"));
        QCOMPARE(r.value(QStringLiteral("result")).toString(), QStringLiteral("positive"));
        QCOMPARE(r.value(QStringLiteral("positive")).toBool(), true);
        QCOMPARE(r.value(QStringLiteral("dilution")).toString(), QStringLiteral("2.5"));
        QCOMPARE(r.value(QStringLiteral("lot")).toString(), QStringLiteral("L-17"));
        QCOMPARE(r.value(QStringLiteral("brand")).toString(), QStringLiteral("BTNX"));
        QCOMPARE(r.value(QStringLiteral("by")).toString(), QString::fromStdString(f.tech.name));
        QCOMPARE(r.value(QStringLiteral("superseded")).toBool(), false);
        QVERIFY2(r.value(QStringLiteral("atLocal")).toString().contains(QStringLiteral("UTC")),
                 qPrintable(r.value(QStringLiteral("atLocal")).toString()));

        // A correction adds the right reading and keeps the wrong one, superseded.
        QVERIFY(page.correctStrip(r.value(QStringLiteral("readingId")).toString(), QStringLiteral("negative")));
        QCOMPARE(resets.count(), 2);
        readings = rows(*page.strips());
        QCOMPARE(readings.size(), 2);
        QCOMPARE(readings.at(0).toMap().value(QStringLiteral("superseded")).toBool(), true);
        QCOMPARE(readings.at(1).toMap().value(QStringLiteral("result")).toString(), QStringLiteral("negative"));
        QCOMPARE(readings.at(1).toMap().value(QStringLiteral("positive")).toBool(), false);
        QCOMPARE(readings.at(1).toMap().value(QStringLiteral("dilution")).toString(), QStringLiteral("2.5"));
        QCOMPARE(page.strips()->roleNames().value(StripReadingModel::ReadingIdRole), QByteArray("readingId"));
    }

    void namesARefusedDilutionSoThatItsFieldIsOutlined()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.tech);
        const auto s = f.addSample("down", "2026-05-01T10:00:00Z");
        SampleController page(*f.session);
        page.setSampleId(QString::fromStdString(s.id));
        QVERIFY(!page.tapStrip(QStringLiteral("fentanyl"), QStringLiteral("positive"), QStringLiteral("abc"), {}, {}));
        QVERIFY(page.dilutionRejected());
        QCOMPARE(page.strips()->count(), 0);
        QVERIFY(!page.tapStrip(QStringLiteral("fentanyl"), QStringLiteral("purple"), QStringLiteral("5"), {}, {}));
        QVERIFY2(!page.dilutionRejected(), "refused for its result, not its dilution");
        QVERIFY(page.tapStrip(QStringLiteral("fentanyl"), QStringLiteral("positive"), QStringLiteral("5"), {}, {}));
        QVERIFY(!page.dilutionRejected());
        QCOMPARE(page.strips()->count(), 1);
    }

    void offersTheStripResultsInTheBenchOrder()
    {
        candor::testing::AppFixture f;
        SampleController page(*f.session);
        QCOMPARE(page.stripResults(),
                 (QStringList{QStringLiteral("negative"), QStringLiteral("positive"), QStringLiteral("invalid")}));
        QCOMPARE(page.stripResultLabel(QStringLiteral("positive")), QStringLiteral("Positive (1 line)"));
        QCOMPARE(page.stripResultLabel(QStringLiteral("negative")), QStringLiteral("Negative (2 lines)"));
    }
};

QTEST_MAIN(TestStripReadingModel)
#include "tst_stripreadingmodel.moc"
