// Verifiers in the real main window (issue 12, requirement 7): a verifier with results
// waiting starts on the review queue, one without (and a technician) on Samples; the
// menu says "Review queue (N)" and the number follows a verification done in the app;
// the verifier's own submissions are marked in the queue; a returned sample carries a
// badge with the reason in the samples list, a filter shows only those, and the sample
// page says why. With CANDOR_SHOTS_DIR set the test saves the queue and the list at
// 1280x800 and 1024x700 for a person to look at.

#include "appfixture.h"
#include "quickdriver.h"

#include "core/findings.h"
#include "core/serviceidentity.h"
#include "core/workflow.h"

#include <QApplication>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::testing::shown;
using candor::testing::textOf;
using candor::testing::WindowDriver;

namespace {

// The page the workspace's stack shows once it is at rest.
QString currentPage(const WindowDriver &d)
{
    // Two stacks: the window's (sign-in, workspace) and the workspace's pages.
    for (auto *item : candor::testing::allItems(d.root()))
        if (item->inherits("QQuickStackView") && !item->property("busy").toBool()) {
            auto *current = item->property("currentItem").value<QQuickItem *>();
            if (current && current->objectName() != QLatin1String("workspace"))
                return current->objectName();
        }
    return {};
}

} // namespace

class TestVerifierQueue : public QObject {
    Q_OBJECT

private:
    candor::core::User vera; // verifier
    candor::core::User val;  // verifier and technician: submits as well

    // A sample with a finding, submitted by `by`.
    candor::core::Sample submitted(const std::string &soldAs, const candor::core::User &by)
    {
        using namespace candor::core;
        auto sample = m_fixture->addSample(soldAs, "2026-11-01T10:00Z");
        FindingStore(m_fixture->services->db(), m_fixture->services->catalogue())
            .set(sample.id, {parseComponent("caffeine")}, std::nullopt, by);
        Workflow(m_fixture->services->db()).submit(sample.id, by);
        return sample;
    }

    std::unique_ptr<WindowDriver> signedIn(const QString &user, const QString &password)
    {
        auto d = std::make_unique<WindowDriver>(*m_fixture->session);
        if (!d->ready() || !d->signIn(user, password))
            return nullptr;
        return d;
    }

    void shots(WindowDriver &d, const QString &name)
    {
        for (const QSize size : {QSize(1280, 800), QSize(1024, 700)}) {
            d.window()->resize(size);
            QTRY_COMPARE(d.window()->width(), size.width());
            d.shot(QStringLiteral("verify-%1-%2x%3").arg(name).arg(size.width()).arg(size.height()));
        }
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        candor::core::UserStore users(m_fixture->services->db());
        vera = users.add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &m_fixture->admin);
        val = users.add({"val", "Val Both", {"technician", "verifier"}, "both pass"}, &m_fixture->admin);
    }
    void cleanup() { m_fixture.reset(); }

    void aVerifierWithResultsWaitingStartsOnTheQueueAndTheCountFollowsAVerification()
    {
        submitted("speed", m_fixture->tech);
        const auto second = submitted("molly", m_fixture->tech);
        auto d = signedIn(QStringLiteral("vera"), QStringLiteral("verifier pass"));
        QVERIFY(d);
        QTRY_COMPARE(currentPage(*d), QStringLiteral("reviewPage"));
        QCOMPARE(textOf(*d, QStringLiteral("reviewButton")), QStringLiteral("Review queue (2)"));
        QTRY_COMPARE(textOf(*d, QStringLiteral("reviewTitle")), QStringLiteral("Waiting for verification: 2"));
        shots(*d, QStringLiteral("queue"));

        // Verify one in the app: the menu's count follows.
        QVERIFY(d->workspaceCall("openSample", QString::fromStdString(second.id)));
        auto *verify = d->waitFor(QStringLiteral("verifyButton"));
        QVERIFY(verify);
        QTRY_VERIFY(verify->isEnabled());
        QVERIFY(d->press(verify));
        QTRY_COMPARE(
            candor::core::toString(
                candor::core::SampleStore(m_fixture->services->db(), m_fixture->services->catalogue()).find(second.id)->status),
            std::string("verified"));
        QTRY_COMPARE(textOf(*d, QStringLiteral("reviewButton")), QStringLiteral("Review queue (1)"));
    }

    void aVerifierWithAnEmptyQueueAndATechnicianStartOnSamples()
    {
        {
            auto d = signedIn(QStringLiteral("vera"), QStringLiteral("verifier pass"));
            QVERIFY(d);
            QVERIFY(d->settle());
            QCOMPARE(currentPage(*d), QStringLiteral("samplesPage"));
            QCOMPARE(textOf(*d, QStringLiteral("reviewButton")), QStringLiteral("Review queue (0)"));
        }
        candor::testing::AppFixture &f = *m_fixture;
        f.addSample("coke", "2026-11-01T09:00Z"); // so the first-run page does not show
        submitted("speed", f.tech);
        // Signing out and in again: the queue now has one, but a technician cannot verify.
        auto d = signedIn(QStringLiteral("tess"), QStringLiteral("battery staple"));
        QVERIFY(d);
        QVERIFY(d->settle());
        QCOMPARE(currentPage(*d), QStringLiteral("samplesPage"));
        QCOMPARE(textOf(*d, QStringLiteral("reviewButton")), QStringLiteral("Review queue"));
    }

    void aVerifiersOwnSubmissionsAreMarkedInTheQueue()
    {
        const auto mine = submitted("down", val);
        const auto theirs = submitted("speed", m_fixture->tech);
        auto d = signedIn(QStringLiteral("val"), QStringLiteral("both pass"));
        QVERIFY(d);
        QTRY_COMPARE(currentPage(*d), QStringLiteral("reviewPage"));
        auto *own = d->waitFor(QStringLiteral("ownSubmission_") + QString::fromStdString(mine.publicCode));
        QVERIFY(own);
        QVERIFY(shown(own));
        QCOMPARE(own->property("text").toString(), QStringLiteral("Yours: another verifier must verify it"));
        auto *other = d->find(QStringLiteral("ownSubmission_") + QString::fromStdString(theirs.publicCode));
        QVERIFY(other);
        QVERIFY(!other->isVisible());
        shots(*d, QStringLiteral("queue-own"));
    }

    void aReturnedSampleHasABadgeWithItsReasonAFilterAndTheReasonOnItsPage()
    {
        candor::testing::AppFixture &f = *m_fixture;
        f.addSample("ketamine", "2026-10-30T09:00Z");
        const auto back = submitted("speed", f.tech);
        candor::core::Workflow(f.services->db())
            .returnForTesting(back.id, "The fentanyl strip was read after 12 minutes; read a new one at 5", vera);
        f.addSample("coke", "2026-11-02T09:00Z");

        auto d = signedIn(QStringLiteral("tess"), QStringLiteral("battery staple"));
        QVERIFY(d);
        auto *list = d->waitFor(QStringLiteral("samplesList"));
        QVERIFY(list);
        // Newest first: coke (row 0), the returned speed (row 1), ketamine (row 2).
        QTRY_VERIFY(d->find(QStringLiteral("returnedBadge1")));
        auto *badge = d->find(QStringLiteral("returnedBadge1"));
        QVERIFY(shown(badge));
        QCOMPARE(badge->property("text").toString(), QStringLiteral("↩ returned"));
        const QString reason = QStringLiteral(
            "Returned for testing: The fentanyl strip was read after 12 minutes; read a new one at 5");
        QCOMPARE(badge->property("tip").toString(), reason); // its tooltip and accessible name
        QVERIFY(!d->find(QStringLiteral("returnedBadge0"))->isVisible());
        QVERIFY(!d->find(QStringLiteral("returnedBadge2"))->isVisible());
        shots(*d, QStringLiteral("returned"));

        // The filter: only the returned one.
        auto *filter = d->find(QStringLiteral("returnedFilter"));
        QVERIFY(filter);
        QVERIFY(d->press(filter));
        QTRY_COMPARE(list->property("count").toInt(), 1);
        QTRY_VERIFY(d->find(QStringLiteral("returnedBadge0")) && d->find(QStringLiteral("returnedBadge0"))->isVisible());
        shots(*d, QStringLiteral("returned-filter"));
        QVERIFY(d->press(filter));
        QTRY_COMPARE(list->property("count").toInt(), 3);

        // The sample page says why.
        QVERIFY(d->workspaceCall("openSample", QString::fromStdString(back.id)));
        auto *hint = d->waitFor(QStringLiteral("decisionHint"));
        QVERIFY(hint);
        QTRY_COMPARE(hint->property("text").toString(),
                     QStringLiteral("Last reason: The fentanyl strip was read after 12 minutes; read a new one at 5"));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    candor::app::configureApplication(app);
    TestVerifierQueue test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_verifierqueue.moc"
