// PublicationListModel under QAbstractItemModelTester, filled by AlertsController from a
// real database file: the selected alert's messages oldest first (Alert, Update, Cancel),
// the times on the service's clock, the withdrawal's reason, and emptied when the
// selection goes.

#include "alertscontroller.h"
#include "appfixture.h"
#include "publicationlistmodel.h"

#include "core/findings.h"
#include "core/serviceidentity.h"
#include "core/users.h"
#include "core/workflow.h"
#include "print/servicetime.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::AlertsController;
using candor::app::PublicationListModel;

class TestPublicationListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void holdsTheSelectedAlertsMessagesOldestFirst()
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
        // A zone without summer time, nine hours from UTC: the history's times move with it.
        candor::core::ServiceIdentityStore(f.services->db())
            .set({"Drug Checking Tokyo", std::nullopt, std::nullopt, "Asia/Tokyo"}, f.admin, candor::print::isKnownTimeZone);
        f.services->setCurrentUser(cora);

        AlertsController page(*f.session);
        PublicationListModel &history = *page.history();
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(page.refresh());
        const QString id = page.alerts()->data(page.alerts()->index(0, 0), Qt::UserRole + 1).toString();
        page.select(id);
        QCOMPARE(history.rowCount(), 0);

        QSignalSpy counts(&history, &PublicationListModel::countChanged);
        QVERIFY(page.publish());
        QVERIFY(page.publish());
        QVERIFY(page.cancel(QStringLiteral("The result was a lab mix-up")));
        QCOMPARE(history.count(), 3);
        QCOMPARE(counts.size(), 3);

        const QStringList types{QStringLiteral("Alert"), QStringLiteral("Update"), QStringLiteral("Cancel")};
        for (int row = 0; row < 3; ++row) {
            const auto index = history.index(row, 0);
            QCOMPARE(history.data(index, PublicationListModel::MessageTypeRole).toString(), types[row]);
            QCOMPARE(history.data(index, PublicationListModel::SequenceRole).toInt(), row + 1);
            const QString utc = history.data(index, PublicationListModel::TimeUtcRole).toString();
            QVERIFY2(utc.endsWith(QLatin1Char('Z')), qPrintable(utc));
            const QString local = history.data(index, PublicationListModel::TimeRole).toString();
            QCOMPARE(local, QString::fromStdString(candor::print::localDateTime(utc.toStdString(), "Asia/Tokyo")));
            QVERIFY(local != QString::fromStdString(candor::print::localDateTime(utc.toStdString(), "UTC")));
        }
        QCOMPARE(history.data(history.index(0, 0), PublicationListModel::ReasonRole).toString(), QString());
        QCOMPARE(history.data(history.index(2, 0), PublicationListModel::ReasonRole).toString(),
                 QStringLiteral("The result was a lab mix-up"));
        QCOMPARE(history.data(history.index(0, 0), PublicationListModel::HeadlineRole).toString(), page.selectedHeadline());
        QCOMPARE(history.roleNames().value(PublicationListModel::MessageTypeRole), QByteArray("messageType"));

        // Nothing selected: no history.
        page.select(QString());
        QCOMPARE(history.rowCount(), 0);
        QCOMPARE(counts.size(), 4);
    }
};

QTEST_MAIN(TestPublicationListModel)
#include "tst_publicationlistmodel.moc"
