// The app's one error path: a failure in a controller or the samples list is logged on
// candor.errors (QTest::ignoreMessage fails the test when the warning is missing) and
// shown where the person looks (the controller's errorMessage, the page's label).

#include "appfixture.h"
#include "quickdriver.h"
#include "reviewcontroller.h"
#include "samplelistmodel.h"
#include "sessioncontroller.h"

#include "core/database.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using candor::app::ReviewController;
using candor::app::SampleListModel;

namespace {
// Reads then fail with "no such table: samples", the way a damaged file would.
void loseTheSamplesTable(candor::testing::AppFixture &f)
{
    f.services->db().exec("ALTER TABLE samples RENAME TO samples_gone");
}
} // namespace

class TestErrorPath : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aSamplesPageThatCannotBeReadIsLoggedAndShown()
    {
        candor::testing::AppFixture f;
        f.addSample("coke", "2026-10-01T00:00Z");
        SampleListModel model(*f.session);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.loadError().isEmpty());

        loseTheSamplesTable(f);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^SampleListModel: .*no such table: samples")));
        QSignalSpy changed(&model, &SampleListModel::loadErrorChanged);
        QVERIFY(!model.data(model.index(0), SampleListModel::PublicCodeRole).isValid());
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY2(model.loadError().contains(QStringLiteral("no such table: samples")), qPrintable(model.loadError()));
    }

    void aReviewQueueThatCannotBeReadIsLoggedAndSetAsTheControllersError()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.admin);
        ReviewController review(*f.session);
        QVERIFY(review.errorMessage().isEmpty());

        loseTheSamplesTable(f);
        QSignalSpy occurred(&review, &ReviewController::errorOccurred);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^candor::app::ReviewController: .*no such table")));
        review.reload();
        QCOMPARE(occurred.count(), 1);
        QCOMPARE(review.errorMessage(), occurred.first().first().toString());
        QVERIFY2(review.errorMessage().contains(QStringLiteral("no such table")), qPrintable(review.errorMessage()));
    }

    void theReviewPageShowsItsControllersError()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.admin);
        loseTheSamplesTable(f);
        QQmlEngine engine;
        f.session->provideTo(engine);
        QQmlComponent component(&engine, QUrl(QStringLiteral("qrc:/qt-project.org/imports/Candor/qml/review/ReviewPage.qml")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^candor::app::ReviewController: .*no such table")));
        std::unique_ptr<QObject> page(component.create());
        QVERIFY2(page, qPrintable(component.errorString()));
        auto *shown = candor::testing::findItemIn(qobject_cast<QQuickItem *>(page.get()), QStringLiteral("reviewError"));
        QVERIFY(shown);
        QVERIFY(shown->isVisible());
        const QString text = shown->property("text").toString();
        QVERIFY2(text.contains(QStringLiteral("no such table")), qPrintable(text));
    }
};

QTEST_MAIN(TestErrorPath)
#include "tst_errorpath.moc"
