// ReferenceListModel under QAbstractItemModelTester, filled by LibraryController from a
// real database file holding the demo library: one row per reference with its roles, the
// high-risk mark decided in C++, and retiring the demo library leaves every row listed,
// retired, and none of the service's own in use.

#include "appfixture.h"
#include "librarycontroller.h"
#include "referencelistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::LibraryController;
using candor::app::ReferenceListModel;

class TestReferenceListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsTheDemoLibraryWithItsRolesAndRetiresIt()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.admin);
        LibraryController library(*f.session);
        ReferenceListModel &model = *library.references();
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.rowCount() >= 29);
        QCOMPARE(model.count(), model.rowCount());
        QCOMPARE(library.demoCount(), model.rowCount());
        QCOMPARE(library.ownInUseCount(), 0);

        int high = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const auto index = model.index(row, 0);
            QVERIFY(!model.data(index, ReferenceListModel::SubstanceRole).toString().isEmpty());
            QVERIFY(model.data(index, ReferenceListModel::DemoRole).toBool());
            QVERIFY(!model.data(index, ReferenceListModel::RetiredRole).toBool());
            const bool isHigh = model.data(index, ReferenceListModel::HighRiskRole).toBool();
            QCOMPARE(isHigh, model.data(index, ReferenceListModel::RiskRole).toString() == QLatin1String("high"));
            high += isHigh ? 1 : 0;
            if (model.data(index, ReferenceListModel::SubstanceRole).toString() == QLatin1String("fentanyl"))
                QVERIFY(isHigh);
        }
        QVERIFY(high > 0 && high < model.rowCount());
        QCOMPARE(model.roleNames().value(ReferenceListModel::HighRiskRole), QByteArray("highRisk"));

        QSignalSpy resets(&model, &ReferenceListModel::modelReset);
        QVERIFY(library.retireDemo());
        QVERIFY(resets.size() >= 1);
        QCOMPARE(library.ownInUseCount(), 0);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.data(model.index(row, 0), ReferenceListModel::RetiredRole).toBool());
    }
};

QTEST_MAIN(TestReferenceListModel)
#include "tst_referencelistmodel.moc"
