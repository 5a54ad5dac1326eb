// SampleListModel under QAbstractItemModelTester: paging, filters, refresh.

#include "appfixture.h"
#include "samplelistmodel.h"
#include "sessioncontroller.h"

#include "core/database.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::SampleListModel;

class TestSampleListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsAndReadsRowsAcrossPages()
    {
        candor::testing::AppFixture f;
        // 250 samples: more than two pages, written in one transaction for speed.
        {
            candor::core::Transaction tx(f.services->db());
            for (int i = 0; i < 250; ++i)
                f.addSample(i % 2 ? "down" : "coke", "2026-10-01T00:00Z");
            tx.commit();
        }
        SampleListModel model(*f.session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 250);
        QCOMPARE(model.count(), 250);
        // The last row lives on the third page.
        const auto last = model.index(249, 0);
        QVERIFY(!model.data(last, SampleListModel::PublicCodeRole).toString().isEmpty());
        QVERIFY(model.data(model.index(0, 0), SampleListModel::SoldAsRole).toString() == QLatin1String("down") ||
                model.data(model.index(0, 0), SampleListModel::SoldAsRole).toString() == QLatin1String("coke"));
        QCOMPARE(model.roleNames().value(SampleListModel::PublicCodeRole), QByteArray("publicCode"));
    }

    void listsNewestFirst()
    {
        candor::testing::AppFixture f;
        f.addSample("old", "2026-01-01T10:00Z");
        const auto newest = f.addSample("new", "2026-03-01T10:00Z");
        f.addSample("middle", "2026-02-01T10:00Z");
        SampleListModel model(*f.session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.data(model.index(0, 0), SampleListModel::IdRole).toString(), QString::fromStdString(newest.id));
        QCOMPARE(model.data(model.index(2, 0), SampleListModel::SoldAsRole).toString(), QStringLiteral("old"));
        QCOMPARE(model.rowOf(QString::fromStdString(newest.id)), 0);
    }

    void filtersBySoldAsSubstanceStatusAndDates()
    {
        candor::testing::AppFixture f;
        f.addSample("down", "2026-05-01T10:00Z");
        f.addSample("fent", "2026-05-02T10:00Z");
        f.addSample("molly", "2026-05-03T10:00Z", "crystal");
        SampleListModel model(*f.session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&model, &SampleListModel::countChanged);
        model.setSoldAsFilter(QStringLiteral("fentanyl"));
        QCOMPARE(model.count(), 2);
        QCOMPARE(counts.count(), 1);
        model.setSoldAsFilter(QStringLiteral("fentanyl")); // unchanged: no refresh
        QCOMPARE(counts.count(), 1);
        model.setSoldAsFilter(QString());
        model.setFromDate(QStringLiteral("2026-05-02"));
        QCOMPARE(model.count(), 2);
        model.setToDate(QStringLiteral("2026-05-02"));
        QCOMPARE(model.count(), 1);
        model.setStatusFilter(QStringLiteral("verified"));
        QCOMPARE(model.count(), 0);
    }

    void reportsABadFilterInsteadOfThrowing()
    {
        candor::testing::AppFixture f;
        f.addSample("down", "2026-05-01T10:00Z");
        SampleListModel model(*f.session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFromDate(QStringLiteral("2026-13"));
        QCOMPARE(model.count(), 0);
        QVERIFY(model.filterError().contains(QLatin1String("from")));
        model.setFromDate(QString());
        QCOMPARE(model.count(), 1);
        QVERIFY(model.filterError().isEmpty());
    }

    void namesTheStatusesItKnowsForAnUnknownStatusFilter()
    {
        candor::testing::AppFixture f;
        f.addSample("down", "2026-05-01T10:00Z");
        SampleListModel model(*f.session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatusFilter(QStringLiteral("done"));
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.filterError(),
                 QStringLiteral("status: 'done' is not one of received, in-testing, to-be-verified, verified, invalidated"));
        model.setStatusFilter(QStringLiteral("received"));
        QCOMPARE(model.count(), 1);
        QVERIFY(model.filterError().isEmpty());
    }

    void refreshesWhenTheSessionSaysSamplesChanged()
    {
        candor::testing::AppFixture f;
        SampleListModel model(*f.session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.count(), 0);
        f.addSample("down", "2026-05-01T10:00Z");
        f.session->notifySamplesChanged();
        QCOMPARE(model.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSampleListModel)
#include "tst_samplelistmodel.moc"
