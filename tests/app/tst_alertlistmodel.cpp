// AlertListModel under QAbstractItemModelTester, filled by its AlertsController from a
// real database file: one row per alert with the draft store's fields as roles, the
// severity's level in core's order, and one reset (with countChanged) per reload.

#include "alertlistmodel.h"
#include "alertscontroller.h"
#include "appfixture.h"

#include "core/findings.h"
#include "core/users.h"
#include "core/workflow.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::AlertListModel;
using candor::app::AlertsController;

namespace {
void verifiedSample(candor::testing::AppFixture &f, const candor::core::User &verifier, const std::string &soldAs,
                    const std::string &found)
{
    const auto sample = f.addSample(soldAs, "2026-11-02T10:00Z");
    candor::core::FindingStore(f.services->db(), f.services->catalogue())
        .set(sample.id, {candor::core::parseComponent(found)}, std::nullopt, f.tech);
    candor::core::Workflow(f.services->db()).submit(sample.id, f.tech);
    candor::core::Workflow(f.services->db()).verify(sample.id, verifier);
}
} // namespace

class TestAlertListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEachDraftWithItsFieldsAsRoles()
    {
        candor::testing::AppFixture f;
        const auto vera =
            candor::core::UserStore(f.services->db()).add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &f.admin);
        verifiedSample(f, vera, "coke", "fentanyl");
        f.services->setCurrentUser(f.tech);
        AlertsController page(*f.session);
        AlertListModel &model = *page.alerts();
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        QSignalSpy resets(&model, &AlertListModel::modelReset);
        QSignalSpy counts(&model, &AlertListModel::countChanged);
        QVERIFY(page.refresh());
        QCOMPARE(resets.size(), 1);
        QCOMPARE(counts.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.count(), 1);
        QCOMPARE(page.count(), 1);

        const auto row = model.index(0, 0);
        const auto &stored = model.rows().front();
        QCOMPARE(model.data(row, AlertListModel::AlertIdRole).toString(), QString::fromStdString(stored.id));
        QCOMPARE(model.data(row, AlertListModel::StatusRole).toString(), QStringLiteral("draft"));
        QCOMPARE(model.data(row, AlertListModel::SeverityRole).toString(), QStringLiteral("warning"));
        // Warning is core's third severity, after information and caution.
        QCOMPARE(model.data(row, AlertListModel::SeverityLevelRole).toInt(), 2);
        QVERIFY(model.data(row, AlertListModel::FoundRole).toString().contains(QStringLiteral("fentanyl")));
        QCOMPARE(model.data(row, AlertListModel::SamplesRole).toInt(), 1);
        QCOMPARE(model.data(row, AlertListModel::HeadlineRole).toString(), QString::fromStdString(stored.headline));
        QCOMPARE(model.data(row, Qt::DisplayRole).toString(), QString::fromStdString(stored.headline));
        QCOMPARE(model.data(row, AlertListModel::NeedsUpdateRole).toBool(), false);
        QCOMPARE(model.data(row, AlertListModel::EditedRole).toBool(), false);
        // A window of two weeks reads "from to to".
        QVERIFY(stored.windowStart != stored.windowEnd);
        QCOMPARE(model.data(row, AlertListModel::WindowRole).toString(),
                 QString::fromStdString(stored.windowStart + " to " + stored.windowEnd));
        QVERIFY(!model.data(row, AlertListModel::RuleRole).toString().isEmpty());

        // The names QML's delegates declare as required properties.
        const auto names = model.roleNames();
        QCOMPARE(names.value(AlertListModel::AlertIdRole), QByteArray("alertId"));
        QCOMPARE(names.value(AlertListModel::SeverityLevelRole), QByteArray("severityLevel"));
        QCOMPARE(names.value(AlertListModel::NeedsUpdateRole), QByteArray("needsUpdate"));

        // Reloading the same alerts resets the rows but leaves the count alone.
        page.reload();
        QCOMPARE(resets.size(), 2);
        QCOMPARE(counts.size(), 1);
    }

    void anEditedHeadlineShowsAfterSaving()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore users(f.services->db());
        const auto vera = users.add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &f.admin);
        const auto cora = users.add({"cora", "Cora Coordinator", {"coordinator"}, "coordinator pass"}, &f.admin);
        verifiedSample(f, vera, "coke", "fentanyl");
        f.services->setCurrentUser(cora);
        AlertsController page(*f.session);
        AlertListModel &model = *page.alerts();
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(page.refresh());
        page.select(model.data(model.index(0, 0), AlertListModel::AlertIdRole).toString());
        QVERIFY(page.save(QStringLiteral("Fentanyl found in cocaine"), page.selectedFound(), page.selectedSoldAs(),
                          page.selectedAdvice(), QStringLiteral("caution")));
        QCOMPARE(model.data(model.index(0, 0), AlertListModel::HeadlineRole).toString(),
                 QStringLiteral("Fentanyl found in cocaine"));
        QCOMPARE(model.data(model.index(0, 0), AlertListModel::SeverityLevelRole).toInt(), 1);
        QCOMPARE(model.data(model.index(0, 0), AlertListModel::EditedRole).toBool(), true);
    }
};

QTEST_MAIN(TestAlertListModel)
#include "tst_alertlistmodel.moc"
