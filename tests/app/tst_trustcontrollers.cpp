// The app's side of issue 5: the sample page's findings and decision calls, what they
// offer each role (can... properties), the verifier's review queue, the slip button,
// and the session ending after inactivity.

#include "appfixture.h"
#include "modelrows.h"
#include "reviewcontroller.h"
#include "samplecontroller.h"
#include "sessioncontroller.h"
#include "slipcontroller.h"

#include "core/users.h"

#include <QApplication>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using candor::app::ReviewController;
using candor::app::SampleController;
using candor::app::SessionController;
using candor::app::SlipController;
using candor::testing::rows;

class TestTrustControllers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aTechnicianRecordsFindingsAndSubmitsAndAVerifierVerifiesFromTheQueue()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore(f.services->db()).add({"vera", "Vera", {"verifier"}, "verifier pass"}, &f.admin);
        auto *session = f.session.get();
        QVERIFY(session->signIn(QStringLiteral("tess"), QStringLiteral("battery staple")));
        QVERIFY(!session->canReview());
        QVERIFY(session->canTakeIn());

        const auto older = f.addSample("down", "2026-11-01T10:00Z");
        const auto newer = f.addSample("coke", "2026-11-02T10:00Z");
        SampleController page(*f.session);
        QSignalSpy errors(&page, &SampleController::errorOccurred);
        page.setSampleId(QString::fromStdString(older.id));
        QVERIFY(page.canEdit());
        QVERIFY(!page.canSubmit()); // no finding yet
        QVERIFY(page.addFinding(QStringLiteral("fentanyl:trace"), QString()));
        QVERIFY(page.addFinding(QStringLiteral("heroin"), QString()));
        QCOMPARE(rows(*page.findings()).size(), 2);
        QVERIFY(page.removeFinding(1));
        QCOMPARE(rows(*page.findings()).size(), 1);
        QVERIFY(!page.addFinding(QStringLiteral("heroin:heaps"), QString()));
        QCOMPARE(errors.size(), 1);
        QVERIFY(page.canSubmit());
        QVERIFY(!page.canVerify());
        QVERIFY(page.submit());
        QVERIFY(!page.canEdit());

        SampleController second(*f.session);
        second.setSampleId(QString::fromStdString(newer.id));
        QVERIFY(second.addFinding(QString(), QStringLiteral("no-match")));
        QVERIFY(!second.referral().isEmpty());
        QVERIFY(second.submit());

        session->signOut();
        QVERIFY(session->signIn(QStringLiteral("vera"), QStringLiteral("verifier pass")));
        QVERIFY(session->canReview());
        ReviewController review(*f.session);
        QCOMPARE(review.count(), 2);
        QCOMPARE(review.queue().first().toMap().value(QStringLiteral("id")).toString(), QString::fromStdString(older.id));

        page.reload();
        QVERIFY(page.canVerify());
        QVERIFY(!page.canEdit());
        QVERIFY(!page.returnForTesting(QStringLiteral("  "))); // a reason is needed
        QVERIFY(page.verify());
        QCOMPARE(page.sample().value(QStringLiteral("status")).toString(), QStringLiteral("verified"));
        QCOMPARE(review.count(), 1); // the queue follows samplesChanged
        QVERIFY(page.canPrintSlip());
        SlipController slip(*f.session);
        slip.setSampleId(page.sampleId());
        const QString pdf = f.dir.filePath(QStringLiteral("slip.pdf"));
        QVERIFY(slip.save(QUrl::fromLocalFile(pdf), false));
        QVERIFY(QFileInfo::exists(pdf));

        second.reload();
        QVERIFY(second.returnForTesting(QStringLiteral("run FTIR again")));
        QCOMPARE(second.sample().value(QStringLiteral("status")).toString(), QStringLiteral("in-testing"));
        QCOMPARE(second.statusReason(), QStringLiteral("run FTIR again"));
        session->signOut();
    }

    void theSubmitterIsToldWhyTheyCannotVerify()
    {
        candor::testing::AppFixture f;
        candor::core::UserStore(f.services->db()).add({"bo", "Bo", {"technician", "verifier"}, "both roles"}, &f.admin);
        auto *session = f.session.get();
        QVERIFY(session->signIn(QStringLiteral("bo"), QStringLiteral("both roles")));
        SampleController page(*f.session);
        page.setSampleId(QString::fromStdString(f.addSample("down", "2026-11-01T10:00Z").id));
        QVERIFY(page.addFinding(QStringLiteral("fentanyl"), QString()));
        QVERIFY(page.submit());
        QVERIFY(!page.canVerify());
        QVERIFY(page.verifyBlockedReason().contains(QStringLiteral("four eyes")));
        QVERIFY(!page.verify()); // refused below the UI too
        session->signOut();
    }

    void theSessionEndsAfterInactivity()
    {
        candor::testing::AppFixture f;
        auto *session = f.session.get();
        QVERIFY(session->signIn(QStringLiteral("tess"), QStringLiteral("battery staple")));
        QCOMPARE(session->timeoutMinutes(), 15);
        QSignalSpy timedOut(session, &SessionController::timedOut);
        session->setTimeoutForTesting(50);
        QVERIFY(timedOut.wait(2000));
        QVERIFY(!session->signedIn());
        session->setTimeoutForTesting(0);
    }
};

QTEST_MAIN(TestTrustControllers)
#include "tst_trustcontrollers.moc"
