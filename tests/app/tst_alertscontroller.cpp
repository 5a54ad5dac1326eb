// The coordinator's alert pages (issue 6): a verified fentanyl finding in "coke" drafts an
// alert; only a coordinator publishes it; the history records the message; a withdrawal
// needs a reason.

#include "alertscontroller.h"
#include "appfixture.h"

#include "core/findings.h"
#include "core/users.h"
#include "core/workflow.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using candor::app::AlertsController;

class TestAlertsController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aCoordinatorPublishesAndWithdrawsAnAlertDraftedFromAVerifiedSample()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore users(f.services->db());
        const auto vera = users.add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &f.admin);
        const auto cora = users.add({"cora", "Cora Coordinator", {"coordinator"}, "coordinator pass"}, &f.admin);

        const auto sample = f.addSample("coke", "2026-11-02T10:00Z");
        candor::core::FindingStore(f.services->db(), f.services->catalogue())
            .set(sample.id, {candor::core::parseComponent("fentanyl")}, std::nullopt, f.tech);
        candor::core::Workflow(f.services->db()).submit(sample.id, f.tech);
        candor::core::Workflow(f.services->db()).verify(sample.id, vera);

        f.services->setCurrentUser(f.tech);
        AlertsController page;
        QSignalSpy errors(&page, &AlertsController::errorOccurred);
        QVERIFY(!page.canPublish());
        QVERIFY(page.refresh());
        QCOMPARE(page.count(), 1);
        const auto alert = page.alerts().front().toMap();
        QCOMPARE(alert.value("status").toString(), QStringLiteral("draft"));
        QCOMPARE(alert.value("severity").toString(), QStringLiteral("warning"));
        QVERIFY(alert.value("found").toString().contains(QStringLiteral("fentanyl")));
        QCOMPARE(alert.value("samples").toInt(), 1);
        const QString id = alert.value("id").toString();

        page.select(id);
        QCOMPARE(page.selectedId(), id);
        QVERIFY(!page.canEdit());
        // The preview is the anonymized bulletin: one sample is "fewer than 5", and no code.
        QVERIFY(page.preview().contains(QStringLiteral("fewer than 5")));
        QVERIFY(!page.preview().contains(QString::fromStdString(sample.publicCode)));

        // A technician cannot publish.
        QVERIFY(!page.publish());
        QCOMPARE(errors.size(), 1);
        QVERIFY(page.history().isEmpty());

        // The coordinator edits (the preview follows the unsaved text) and publishes.
        f.services->setCurrentUser(cora);
        QVERIFY(page.canPublish());
        QVERIFY(page.canEdit());
        const QString headline = QStringLiteral("Fentanyl found in cocaine");
        page.setPending(headline, alert.value("found").toString(), alert.value("soldAs").toString(),
                        alert.value("advice").toString(), QStringLiteral("warning"));
        QVERIFY(page.preview().contains(headline));
        QVERIFY(page.save(headline, alert.value("found").toString(), alert.value("soldAs").toString(),
                          alert.value("advice").toString(), QStringLiteral("warning")));
        QCOMPARE(page.selected().value("headline").toString(), headline);
        QVERIFY(page.publish());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(page.selected().value("status").toString(), QStringLiteral("published"));
        QCOMPARE(page.history().size(), 1);
        QCOMPARE(page.history().front().toMap().value("type").toString(), QStringLiteral("Alert"));
        QCOMPARE(page.publishLabel(), QStringLiteral("Publish correction"));

        // A correction is a second message.
        QVERIFY(page.publish());
        QCOMPARE(page.history().size(), 2);
        QCOMPARE(page.history().back().toMap().value("type").toString(), QStringLiteral("Update"));

        // Withdrawing needs a reason.
        QVERIFY(!page.cancel(QStringLiteral("  ")));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(page.selected().value("status").toString(), QStringLiteral("published"));
        QVERIFY(page.cancel(QStringLiteral("The result was a lab mix-up")));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(page.selected().value("status").toString(), QStringLiteral("cancelled"));
        QCOMPARE(page.history().size(), 3);
        const auto last = page.history().back().toMap();
        QCOMPARE(last.value("type").toString(), QStringLiteral("Cancel"));
        QCOMPARE(last.value("reason").toString(), QStringLiteral("The result was a lab mix-up"));
        QVERIFY(page.preview().contains(QStringLiteral("lab mix-up")));
        QVERIFY(!page.canEdit());
        QVERIFY(!page.publish());
        QCOMPARE(errors.size(), 3);
    }
};

QTEST_MAIN(TestAlertsController)
#include "tst_alertscontroller.moc"
