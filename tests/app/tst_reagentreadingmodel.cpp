// ReagentReadingModel under QAbstractItemModelTester: a sample's reagent readings on a
// real database, each with the substances its colours are consistent with, and a reset
// on every reading.

#include "appfixture.h"
#include "modelrows.h"
#include "reagentreadingmodel.h"
#include "samplecontroller.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::ReagentReadingModel;
using candor::app::SampleController;
using candor::testing::rows;

class TestReagentReadingModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEachReadingWithItsColoursAndCandidates()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.tech);
        const auto s = f.addSample("molly", "2026-05-01T10:00:00Z", "crystal");
        SampleController page(*f.session);
        QAbstractItemModelTester tester(page.reagents(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.setSampleId(QString::fromStdString(s.id));
        QCOMPARE(page.reagents()->count(), 0);
        QSignalSpy resets(page.reagents(), &QAbstractItemModel::modelReset);
        const QStringList colours{QStringLiteral("purple"), QStringLiteral("black")};
        QVERIFY(page.addReagent(QStringLiteral("marquis"), colours));
        QCOMPARE(resets.count(), 1);
        QVERIFY(page.addReagent(QStringLiteral("marquis"), {QStringLiteral("no change")}));
        QCOMPARE(resets.count(), 2);
        const auto readings = rows(*page.reagents());
        QCOMPARE(readings.size(), 2);
        const auto first = readings.first().toMap();
        QCOMPARE(first.value(QStringLiteral("reagent")).toString(), QStringLiteral("marquis"));
        QCOMPARE(first.value(QStringLiteral("colours")).toStringList(), colours);
        // The same candidates the page shows while the colours are tapped.
        QCOMPARE(first.value(QStringLiteral("candidates")).toStringList(),
                 page.reagentCandidates(QStringLiteral("marquis"), colours));
        QVERIFY(!first.value(QStringLiteral("candidates")).toStringList().isEmpty());
        QCOMPARE(first.value(QStringLiteral("sequenceText")).toString(), QStringLiteral("purple → black"));
        QCOMPARE(first.value(QStringLiteral("candidatesText")).toString(),
                 first.value(QStringLiteral("candidates")).toStringList().join(QStringLiteral(", ")));
        QCOMPARE(first.value(QStringLiteral("by")).toString(), QString::fromStdString(f.tech.name));
        QCOMPARE(readings.at(1).toMap().value(QStringLiteral("colours")).toStringList(),
                 QStringList{QStringLiteral("no change")});
        QCOMPARE(page.reagents()->roleNames().value(ReagentReadingModel::CandidatesRole), QByteArray("candidates"));
    }
};

QTEST_MAIN(TestReagentReadingModel)
#include "tst_reagentreadingmodel.moc"
