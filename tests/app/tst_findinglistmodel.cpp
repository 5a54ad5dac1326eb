// FindingListModel under QAbstractItemModelTester: a sample's findings on a real database
// as SampleController stores them, their roles, and a reset on every change.

#include "appfixture.h"
#include "findinglistmodel.h"
#include "modelrows.h"
#include "samplecontroller.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::FindingListModel;
using candor::app::SampleController;
using candor::testing::rows;

class TestFindingListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsTheFindingsInTheOrderTheyWereRecorded()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.tech);
        const auto s = f.addSample("molly", "2026-05-01T10:00:00Z");
        SampleController page(*f.session);
        QAbstractItemModelTester tester(page.findings(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.setSampleId(QString::fromStdString(s.id));
        QCOMPARE(page.findings()->count(), 0);
        QVERIFY(page.addFinding(QStringLiteral("mdma:primary"), QString()));
        QVERIFY(page.addFinding(QStringLiteral("unobtainium:trace"), QString()));
        QVERIFY(page.addFinding(QString(), QStringLiteral("uncertain")));
        const auto findings = rows(*page.findings());
        QCOMPARE(findings.size(), 3);
        const auto mdma = findings.at(0).toMap();
        QCOMPARE(mdma.value(QStringLiteral("substance")).toString(), QStringLiteral("mdma"));
        QCOMPARE(mdma.value(QStringLiteral("kind")).toString(), QStringLiteral("substance"));
        QCOMPARE(mdma.value(QStringLiteral("abundance")).toString(), QStringLiteral("primary"));
        QCOMPARE(mdma.value(QStringLiteral("known")).toBool(), true);
        QCOMPARE(mdma.value(QStringLiteral("notInCatalogue")).toBool(), false);
        QVERIFY2(mdma.value(QStringLiteral("text")).toString().startsWith(QStringLiteral("mdma")),
                 qPrintable(mdma.value(QStringLiteral("text")).toString()));
        const auto unknown = findings.at(1).toMap();
        QCOMPARE(unknown.value(QStringLiteral("known")).toBool(), false);
        QCOMPARE(unknown.value(QStringLiteral("notInCatalogue")).toBool(), true);
        const auto uncertain = findings.at(2).toMap();
        QCOMPARE(uncertain.value(QStringLiteral("kind")).toString(), QStringLiteral("uncertain"));
        QCOMPARE(uncertain.value(QStringLiteral("abundance")).toString(), QString());
        // An uncertain finding is no substance the catalogue lacks.
        QCOMPARE(uncertain.value(QStringLiteral("notInCatalogue")).toBool(), false);

        QCOMPARE(page.findings()->abundanceOf("mdma"), std::optional(candor::core::Abundance::Primary));
        QCOMPARE(page.findings()->abundanceOf("unobtainium"), std::optional(candor::core::Abundance::Trace));
        QVERIFY(!page.findings()->abundanceOf("caffeine"));
        QVERIFY(page.findings()->names("unobtainium"));
        QVERIFY(!page.findings()->names("caffeine"));
    }

    void resetsWhenAFindingIsRemovedOrTheSampleChanges()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.tech);
        const auto first = f.addSample("molly", "2026-05-01T10:00:00Z");
        const auto second = f.addSample("coke", "2026-05-02T10:00:00Z");
        SampleController page(*f.session);
        QAbstractItemModelTester tester(page.findings(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.setSampleId(QString::fromStdString(first.id));
        QVERIFY(page.addFinding(QStringLiteral("mdma:primary"), QString()));
        QVERIFY(page.addFinding(QStringLiteral("caffeine:trace"), QString()));
        QSignalSpy resets(page.findings(), &QAbstractItemModel::modelReset);
        QSignalSpy counts(page.findings(), &FindingListModel::countChanged);
        QVERIFY(page.removeFinding(0));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(counts.count(), 1);
        QCOMPARE(page.findings()->data(page.findings()->index(0), FindingListModel::SubstanceRole).toString(),
                 QStringLiteral("caffeine"));
        page.setSampleId(QString::fromStdString(second.id));
        QCOMPARE(resets.count(), 2);
        QCOMPARE(page.findings()->rowCount(), 0);
    }
};

QTEST_MAIN(TestFindingListModel)
#include "tst_findinglistmodel.moc"
