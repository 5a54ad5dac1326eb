// Controllers get their session injected, never from a global: C++ passes it to the
// constructor, and QML hands a controller the Session provided to its engine, which is
// the very instance C++ made (Qt 6.4 once built a second one with the default constructor).

#include "appfixture.h"
#include "reviewcontroller.h"
#include "sessioncontroller.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QTest>

class TestInjection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void qmlAndCppSeeTheSameSession()
    {
        candor::testing::AppFixture f;
        QQmlEngine engine;
        f.session->provideTo(engine);
        // Importing the module registers its types, Session among them.
        QQmlComponent component(&engine);
        component.setData("import QtQml\nimport Candor\nQtObject { property QtObject session: Session }\n", QUrl());
        std::unique_ptr<QObject> made(component.create());
        QVERIFY2(made, qPrintable(component.errorString()));
        QCOMPARE(made->property("session").value<QObject *>(), static_cast<QObject *>(f.session.get()));
        QCOMPARE(engine.singletonInstance<QObject *>(qmlTypeId("Candor", 1, 0, "Session")),
                 static_cast<QObject *>(f.session.get()));
    }

    void aControllerQmlCreatesWorksInTheSessionOfItsEngine()
    {
        candor::testing::AppFixture a;
        candor::testing::AppFixture b; // a second session in the same process must not leak in
        QQmlEngine engine;
        a.session->provideTo(engine);
        QQmlComponent component(&engine);
        component.setData("import Candor\nReviewController {}\n", QUrl());
        std::unique_ptr<QObject> made(component.create());
        auto *review = qobject_cast<candor::app::ReviewController *>(made.get());
        QVERIFY2(review, qPrintable(component.errorString()));
        QCOMPARE(&review->session(), a.session.get());
    }

    void aControllerMadeInCppWorksInTheSessionItWasGiven()
    {
        candor::testing::AppFixture f;
        candor::app::ReviewController review(*f.session);
        QCOMPARE(&review.session(), f.session.get());
    }
};

QTEST_MAIN(TestInjection)
#include "tst_injection.moc"
