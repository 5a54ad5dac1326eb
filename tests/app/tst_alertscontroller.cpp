// The coordinator's alert pages (issue 6): a verified fentanyl finding in "coke" drafts an
// alert; only a coordinator publishes it; the history records the message; a withdrawal
// needs a reason; the site is exported from the app into a folder of its own; the alert
// rules are edited in the settings, a bad text refused with its line.

#include "alertrulescontroller.h"
#include "alertscontroller.h"
#include "appfixture.h"
#include "modelrows.h"

#include "alerts/servicerules.h"
#include "alerts/shippeddata.h"

#include "core/findings.h"
#include "core/users.h"
#include "core/workflow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <nlohmann/json.hpp>

using candor::app::AlertRulesController;
using candor::app::AlertsController;

namespace {
QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A verified "coke" sample with fentanyl, by a technician and a verifier of the fixture;
// a demo sample when `isDemo`.
candor::core::Sample verifiedFentanylInCoke(candor::testing::AppFixture &f, const candor::core::User &verifier,
                                            bool isDemo = false)
{
    const auto sample = f.addSample("coke", "2026-11-02T10:00Z", "powder", isDemo);
    candor::core::FindingStore(f.services->db(), f.services->catalogue())
        .set(sample.id, {candor::core::parseComponent("fentanyl")}, std::nullopt, f.tech);
    candor::core::Workflow(f.services->db()).submit(sample.id, f.tech);
    candor::core::Workflow(f.services->db()).verify(sample.id, verifier);
    return sample;
}
} // namespace

class TestAlertsController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verifiedDemoSamplesDraftNothingAndThePageSaysWhy()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore users(f.services->db());
        const auto vera = users.add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &f.admin);
        const auto cora = users.add({"cora", "Cora Coordinator", {"coordinator"}, "coordinator pass"}, &f.admin);
        verifiedFentanylInCoke(f, vera, /*isDemo=*/true);

        f.services->setCurrentUser(cora);
        AlertsController page(*f.session);
        QVERIFY(page.refresh());
        QCOMPARE(page.count(), 0);
        QVERIFY2(page.demoNote().startsWith(QStringLiteral("1 verified demo sample is left out")), qPrintable(page.demoNote()));

        verifiedFentanylInCoke(f, vera);
        QVERIFY(page.refresh());
        QCOMPARE(page.count(), 1);
        QCOMPARE(candor::testing::rowOf(*page.alerts(), 0).value("samples").toInt(), 1);
    }

    void thePreviewAndPublishRunTheExportsCheckAndNameAlertFieldAndRule()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore users(f.services->db());
        const auto vera = users.add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &f.admin);
        const auto cora = users.add({"cora", "Cora Coordinator", {"coordinator"}, "coordinator pass"}, &f.admin);
        verifiedFentanylInCoke(f, vera);
        f.services->setCurrentUser(cora);
        AlertsController page(*f.session);
        QSignalSpy errors(&page, &AlertsController::errorOccurred);
        QVERIFY(page.refresh());
        const auto alert = candor::testing::rowOf(*page.alerts(), 0);
        const QString id = alert.value("alertId").toString();
        page.select(id);
        QVERIFY2(page.previewProblem().isEmpty(), qPrintable(page.previewProblem()));
        // "coke" is what the person said: the export would refuse it, so the preview says so
        // now, naming the alert, field and rule but not the word.
        const QString headline = QStringLiteral("Fentanyl found in coke");
        page.setPending(headline, alert.value("found").toString(), alert.value("soldAs").toString(),
                        alert.value("advice").toString(), QStringLiteral("warning"));
        QVERIFY2(page.previewProblem().startsWith(QStringLiteral("alert ") + id.left(8) +
                                                  QStringLiteral(": the headline contains")),
                 qPrintable(page.previewProblem()));
        QVERIFY(page.previewProblem().contains(QStringLiteral("(rule: no identifying text); edit the headline")));
        QVERIFY(!page.previewProblem().contains(QStringLiteral("coke")));
        QVERIFY(page.save(headline, alert.value("found").toString(), alert.value("soldAs").toString(),
                          alert.value("advice").toString(), QStringLiteral("warning")));
        QVERIFY(!page.publish());
        QCOMPARE(errors.size(), 1);
        const QString message = errors.front().front().toString();
        QVERIFY2(message.contains(QStringLiteral("alert ") + id.left(8) + QStringLiteral(": the headline contains")),
                 qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("coke")));
        QVERIFY(page.history()->rowCount() == 0);
        page.setPending(QStringLiteral("Fentanyl found in cocaine"), alert.value("found").toString(),
                        alert.value("soldAs").toString(), alert.value("advice").toString(), QStringLiteral("warning"));
        QVERIFY2(page.previewProblem().isEmpty(), qPrintable(page.previewProblem()));
    }
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
        AlertsController page(*f.session);
        QSignalSpy errors(&page, &AlertsController::errorOccurred);
        QVERIFY(!page.canPublish());
        QVERIFY(page.refresh());
        QCOMPARE(page.count(), 1);
        const auto alert = candor::testing::rowOf(*page.alerts(), 0);
        QCOMPARE(alert.value("status").toString(), QStringLiteral("draft"));
        QCOMPARE(alert.value("severity").toString(), QStringLiteral("warning"));
        QVERIFY(alert.value("found").toString().contains(QStringLiteral("fentanyl")));
        QCOMPARE(alert.value("samples").toInt(), 1);
        const QString id = alert.value("alertId").toString();

        page.select(id);
        QCOMPARE(page.selectedId(), id);
        QVERIFY(!page.canEdit());
        // The preview is the anonymized bulletin: one sample is "fewer than 5", and no code.
        QVERIFY(page.preview().contains(QStringLiteral("fewer than 5")));
        QVERIFY(!page.preview().contains(QString::fromStdString(sample.publicCode)));

        // A technician cannot publish.
        QVERIFY(!page.publish());
        QCOMPARE(errors.size(), 1);
        QVERIFY(page.history()->rowCount() == 0);

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
        QCOMPARE(page.selectedHeadline(), headline);
        QVERIFY(page.publish());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(page.selectedStatus(), QStringLiteral("published"));
        QCOMPARE(page.history()->rowCount(), 1);
        QCOMPARE(candor::testing::rowOf(*page.history(), 0).value("messageType").toString(), QStringLiteral("Alert"));
        QCOMPARE(page.publishLabel(), QStringLiteral("Publish correction"));

        // A correction is a second message.
        QVERIFY(page.publish());
        QCOMPARE(page.history()->rowCount(), 2);
        QCOMPARE(candor::testing::lastRowOf(*page.history()).value("messageType").toString(), QStringLiteral("Update"));

        // Withdrawing needs a reason.
        QVERIFY(!page.cancel(QStringLiteral("  ")));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(page.selectedStatus(), QStringLiteral("published"));
        QVERIFY(page.cancel(QStringLiteral("The result was a lab mix-up")));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(page.selectedStatus(), QStringLiteral("cancelled"));
        QCOMPARE(page.history()->rowCount(), 3);
        const auto last = candor::testing::lastRowOf(*page.history());
        QCOMPARE(last.value("messageType").toString(), QStringLiteral("Cancel"));
        QCOMPARE(last.value("reason").toString(), QStringLiteral("The result was a lab mix-up"));
        QVERIFY(page.preview().contains(QStringLiteral("lab mix-up")));
        QVERIFY(!page.canEdit());
        QVERIFY(!page.publish());
        QCOMPARE(errors.size(), 3);
    }

    void theSiteIsExportedFromTheAppIntoAFolderOfItsOwn()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore users(f.services->db());
        const auto vera = users.add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &f.admin);
        const auto cora = users.add({"cora", "Cora Coordinator", {"coordinator"}, "coordinator pass"}, &f.admin);
        const auto sample = verifiedFentanylInCoke(f, vera);
        f.services->setCurrentUser(cora);
        AlertsController page(*f.session);
        QSignalSpy errors(&page, &AlertsController::errorOccurred);
        QSignalSpy done(&page, &AlertsController::published);
        QVERIFY(page.refresh());
        page.select(candor::testing::rowOf(*page.alerts(), 0).value("alertId").toString());
        QVERIFY(page.publish());

        QVERIFY(page.exportFolder().endsWith(QStringLiteral("candor-site")));
        QVERIFY(page.exportedIndex().isEmpty());
        const QString site = f.dir.filePath(QStringLiteral("site"));
        page.setExportFolder(QUrl::fromLocalFile(site).toString()); // as the folder dialog gives it
        QCOMPARE(page.exportFolder(), site);
        QVERIFY2(page.exportSite(), qPrintable(errors.isEmpty() ? QString() : errors.last().at(0).toString()));
        QVERIFY(done.last().at(0).toString().startsWith(QStringLiteral("Site written: ")));
        QCOMPARE(page.exportedIndex(), QUrl::fromLocalFile(site + QStringLiteral("/index.html")).toString());
        const QByteArray index = readAll(site + QStringLiteral("/index.html"));
        QVERIFY(index.toLower().contains("fentanyl"));
        QVERIFY(!index.contains(sample.publicCode.c_str()));
        QVERIFY(!index.contains("Cora"));
        QVERIFY(QFile::exists(site + QStringLiteral("/feed.atom")));
        QVERIFY(QFile::exists(site + QStringLiteral("/data/alerts.json")));
        QCOMPARE(QDir(site + QStringLiteral("/cap")).entryList(QDir::Files).size(), 1);
        QCOMPARE(QDir(site + QStringLiteral("/posters")).entryList(QDir::Files).size(), 1);

        // A folder with other files is refused and left as it was.
        const QString documents = f.dir.filePath(QStringLiteral("Documents"));
        QVERIFY(QDir().mkpath(documents));
        {
            QFile letter(documents + QStringLiteral("/letter.txt"));
            QVERIFY(letter.open(QIODevice::WriteOnly));
            letter.write("mine");
        }
        page.setExportFolder(documents);
        QVERIFY(!page.exportSite());
        QVERIFY(errors.last().at(0).toString().contains(QStringLiteral("holds other files")));
        QCOMPARE(QDir(documents).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("letter.txt")});
    }

    void theRulesAreEditedInTheSettingsAndABadTextIsRefusedWithItsLine()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore users(f.services->db());
        const auto vera = users.add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &f.admin);
        const auto cora = users.add({"cora", "Cora Coordinator", {"coordinator"}, "coordinator pass"}, &f.admin);
        verifiedFentanylInCoke(f, vera);

        f.services->setCurrentUser(f.tech);
        AlertRulesController techView(*f.session);
        QVERIFY(!techView.canEdit());
        QVERIFY(!techView.rulesEdited());
        QCOMPARE(techView.rulesText(), QString::fromUtf8(candor::alerts::shippedAlertRules().data(),
                                                         qsizetype(candor::alerts::shippedAlertRules().size())));
        QVERIFY(!techView.saveRules(techView.rulesText()));

        f.services->setCurrentUser(cora);
        AlertRulesController rules(*f.session);
        QSignalSpy errors(&rules, &AlertRulesController::errorOccurred);
        QVERIFY(rules.canEdit());
        // The coordinator turns off the fentanyl-in-non-opioids rule ...
        auto doc = nlohmann::json::parse(rules.rulesText().toStdString());
        auto &list = doc["rules"];
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [](const auto &r) { return r["id"] == "fentanyl-not-sold-as-opioid"; }),
                   list.end());
        const QString edited = QString::fromStdString(doc.dump(2));
        // ... first with a typo: refused, with the line the editor jumps to.
        QString typo = edited;
        typo.replace(QStringLiteral("\"version\""), QStringLiteral("\"verison\""));
        const int typoLine = 1 + int(typo.left(typo.indexOf(QStringLiteral("\"verison\""))).count(QLatin1Char('\n')));
        QVERIFY(typoLine > 1);
        QVERIFY(!rules.saveRules(typo));
        QCOMPARE(rules.errorLine(), typoLine);
        QVERIFY2(errors.last().at(0).toString().contains(
                     QStringLiteral("line %1: 'verison' is not a field here; did you mean 'version'?").arg(typoLine)),
                 qPrintable(errors.last().at(0).toString()));
        QVERIFY(!rules.rulesEdited());
        QVERIFY(rules.saveRules(edited));
        QVERIFY(rules.rulesEdited());
        QCOMPARE(rules.errorLine(), 0);

        AlertsController page(*f.session);
        QVERIFY(page.refresh());
        for (int row = 0; row < page.alerts()->rowCount(); ++row)
            QVERIFY(candor::testing::rowOf(*page.alerts(), row).value("rule").toString() !=
                    QStringLiteral("fentanyl-not-sold-as-opioid"));

        QVERIFY(rules.restoreRules());
        QVERIFY(!rules.rulesEdited());
        QVERIFY(page.refresh());
        QCOMPARE(page.count(), 1);
    }
};

QTEST_MAIN(TestAlertsController)
#include "tst_alertscontroller.moc"
