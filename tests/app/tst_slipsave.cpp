// Issue 12, requirements 2 and 6 in the app: the slip is saved where the person chooses
// and an existing file is replaced only after they say so (the controller and the real
// SlipPanel.qml with its question); the service's identity is refused whole for an
// unknown time zone, naming the field.

#include "appfixture.h"
#include "serviceidentitycontroller.h"
#include "sessioncontroller.h"
#include "slipcontroller.h"

#include "core/findings.h"
#include "core/serviceidentity.h"
#include "core/workflow.h"

#include <QDir>
#include <QFile>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QSignalSpy>
#include <QTest>

using candor::app::ServiceIdentityController;
using candor::app::SessionController;
using candor::app::SlipController;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeText(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

// A verified "down" sample (inositol), the service named; signed in as tess.
QString verifiedSample(candor::testing::AppFixture &f)
{
    using namespace candor::core;
    const auto vera = UserStore(f.services->db()).add({"vera", "Vera", {"verifier"}, "verifier pass"}, &f.admin);
    ServiceIdentityStore(f.services->db())
        .set({"Drug Checking Zurich", "044 000 00 00", "Zurich", "Europe/Zurich"}, f.admin,
             [](const std::string &) { return true; });
    const auto sample = f.addSample("down", "2026-11-01T10:00Z");
    FindingStore(f.services->db(), f.services->catalogue()).set(sample.id, {parseComponent("inositol")}, std::nullopt, f.tech);
    Workflow(f.services->db()).submit(sample.id, f.tech);
    Workflow(f.services->db()).verify(sample.id, vera);
    return QString::fromStdString(sample.id);
}

} // namespace

class TestSlipSave : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theSlipIsSavedWhereChosenAndAnExistingFileOnlyWhenAskedTo()
    {
        candor::testing::AppFixture f;
        const QString id = verifiedSample(f);
        auto *session = f.session.get();
        QVERIFY(session->signIn(QStringLiteral("tess"), QStringLiteral("battery staple")));
        SlipController slip(*f.session);
        slip.setSampleId(id);
        QSignalSpy errors(&slip, &SlipController::errorOccurred);
        const QString path = f.dir.filePath(QStringLiteral("chosen/slip.html"));
        QVERIFY(QDir().mkpath(f.dir.filePath(QStringLiteral("chosen"))));

        QVERIFY(!slip.exists(QUrl::fromLocalFile(path)));
        QVERIFY(slip.save(QUrl::fromLocalFile(path), false));
        QVERIFY(slip.exists(QUrl::fromLocalFile(path)));
        QCOMPARE(slip.savedPath(), path);
        QVERIFY(readAll(path).contains("Drug Checking Zurich"));
        QVERIFY(readAll(path).contains("a sugar used as a cut"));

        writeText(path, "yesterday's slip");
        QVERIFY(!slip.save(QUrl::fromLocalFile(path), false));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().first().toString().contains(QStringLiteral("already exists")),
                 qPrintable(errors.first().first().toString()));
        QCOMPARE(readAll(path), QByteArray("yesterday's slip"));
        QVERIFY(slip.save(QUrl::fromLocalFile(path), true));
        QVERIFY(readAll(path).contains("Drug Checking Zurich"));

        // A folder that is not there: a sentence, and nothing written anywhere.
        const QString nowhere = f.dir.filePath(QStringLiteral("missing/slip.pdf"));
        QVERIFY(!slip.save(QUrl::fromLocalFile(nowhere), false));
        QCOMPARE(errors.size(), 2);
        QVERIFY(errors.last().first().toString().contains(QStringLiteral("cannot write the slip")));
        QVERIFY(!QFile::exists(nowhere));
        QCOMPARE(QDir(f.dir.filePath(QStringLiteral("chosen"))).entryList(QDir::Files | QDir::Hidden).size(), 1);
        session->signOut();
    }

    void theSlipPanelAsksBeforeReplacingAFile()
    {
        candor::testing::AppFixture f;
        const QString id = verifiedSample(f);
        auto *session = f.session.get();
        QVERIFY(session->signIn(QStringLiteral("tess"), QStringLiteral("battery staple")));
        QQmlEngine engine;
        session->provideTo(engine);
        QQmlComponent component(&engine);
        component.setData("import QtQuick\nimport QtQuick.Controls\nimport Candor\n"
                          "ApplicationWindow { width: 800; height: 400; visible: true\n"
                          "  property alias panel: panel\n"
                          "  SlipPanel { id: panel; allowed: true; sampleId: \"" +
                              id.toUtf8() + "\" } }",
                          QUrl(QStringLiteral("qrc:/tst_slipsave.qml")));
        std::unique_ptr<QObject> window(component.create());
        QVERIFY2(window, qPrintable(component.errorString()));
        auto *panel = window->property("panel").value<QQuickItem *>();
        QVERIFY(panel);
        auto *question = panel->findChild<QObject *>(QStringLiteral("replaceSlipDialog"));
        QVERIFY(question);
        auto *status = panel->findChild<QObject *>(QStringLiteral("slipStatus"));
        QVERIFY(status);

        const QString path = f.dir.filePath(QStringLiteral("slip.html"));
        const QUrl url = QUrl::fromLocalFile(path);
        QVERIFY(QMetaObject::invokeMethod(panel, "saveTo", Q_ARG(QUrl, url)));
        QVERIFY(readAll(path).contains("Drug Checking Zurich")); // a new file: saved at once
        QVERIFY(!question->property("visible").toBool());

        writeText(path, "yesterday's slip");
        QVERIFY(QMetaObject::invokeMethod(panel, "saveTo", Q_ARG(QUrl, url)));
        QTRY_VERIFY(question->property("opened").toBool());
        QCOMPARE(readAll(path), QByteArray("yesterday's slip")); // nothing replaced while it asks
        QVERIFY(QMetaObject::invokeMethod(question, "reject"));
        QTRY_VERIFY(!question->property("visible").toBool());
        QCOMPARE(readAll(path), QByteArray("yesterday's slip"));
        QVERIFY(status->property("text").toString().contains(QStringLiteral("Not saved")));

        QVERIFY(QMetaObject::invokeMethod(panel, "saveTo", Q_ARG(QUrl, url)));
        QTRY_VERIFY(question->property("opened").toBool());
        QVERIFY(QMetaObject::invokeMethod(question, "accept"));
        QTRY_VERIFY(readAll(path).contains("Drug Checking Zurich"));
        QVERIFY(status->property("text").toString().contains(QStringLiteral("Slip saved to")));
        session->signOut();
    }

    void anUnknownTimeZoneIsRefusedInSettingsNamingTheFieldAndNothingChanges()
    {
        candor::testing::AppFixture f;
        auto *session = f.session.get();
        QVERIFY(session->signIn(QStringLiteral("ada"), QStringLiteral("correct horse")));
        ServiceIdentityController identity(*f.session);
        QVERIFY(identity.canChange());
        QSignalSpy errors(&identity, &ServiceIdentityController::errorOccurred);
        QVERIFY(identity.save(QStringLiteral("Drug Checking Zurich"), QStringLiteral("044"), QStringLiteral("Zurich"),
                              QStringLiteral("Europe/Zurich")));
        QVERIFY(!identity.save(QStringLiteral("Renamed"), QStringLiteral("044"), QStringLiteral("Zurich"),
                               QStringLiteral("Europe/Atlantis")));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(identity.errorField(), QStringLiteral("time-zone"));
        QVERIFY(errors.first().first().toString().startsWith(QStringLiteral("time-zone: 'Europe/Atlantis'")));
        QCOMPARE(identity.name(), QStringLiteral("Drug Checking Zurich"));
        QCOMPARE(identity.timeZone(), QStringLiteral("Europe/Zurich"));
        session->signOut();
        QVERIFY(session->signIn(QStringLiteral("tess"), QStringLiteral("battery staple")));
        ServiceIdentityController asTech(*f.session);
        QVERIFY(!asTech.canChange());
        QCOMPARE(asTech.name(), QStringLiteral("Drug Checking Zurich"));
        session->signOut();
    }
};

QTEST_MAIN(TestSlipSave)
#include "tst_slipsave.moc"
