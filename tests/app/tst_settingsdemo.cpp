// Settings' "Remove demo data…" in the real main window (issue 12, requirement 3): the
// dialog says what will go, Cancel changes nothing, the confirmed removal takes every
// demo sample out (real ones stay), logs it once and the "DEMO DATA" banner goes; a
// technician sees the control disabled. With CANDOR_SHOTS_DIR set the test saves the
// samples list before and after and the dialog as PNGs for a person to look at.

#include "appfixture.h"
#include "quickdriver.h"

#include "core/auditlog.h"
#include "core/demodata.h"

#include <QApplication>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <nlohmann/json.hpp>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::testing::shown;
using candor::testing::WindowDriver;

namespace {

QQuickItem *shownWithText(QQuickItem *root, const QString &text, const char *type = nullptr)
{
    for (auto *item : candor::testing::allItems(root))
        if ((!type || item->inherits(type)) && item->property("text").toString() == text && shown(item))
            return item;
    return nullptr;
}

std::int64_t count(candor::core::Database &db, const std::string &sql)
{
    auto st = db.prepare(sql);
    st.step();
    return st.columnInt(0);
}

} // namespace

class TestSettingsDemo : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<WindowDriver> signedIn(const QString &user, const QString &password)
    {
        auto d = std::make_unique<WindowDriver>(*m_fixture->session);
        if (!d->ready() || !d->signIn(user, password))
            return nullptr;
        return d;
    }

    bool openSettings(WindowDriver &d)
    {
        d.workspaceCall("showSettings");
        return d.waitFor(QStringLiteral("demoDataSection")) != nullptr;
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        m_real = m_fixture->addSample("coke", "2026-11-20T10:00:00Z").id;
        candor::core::loadDemoData(m_fixture->services->db(), m_fixture->admin, 30);
    }
    void cleanup() { m_fixture.reset(); }

    void anAdminRemovesTheDemoDataAfterADialogThatSaysWhatGoes()
    {
        auto d = signedIn(QStringLiteral("ada"), QStringLiteral("correct horse"));
        QVERIFY(d);
        QVERIFY(shown(d->find(QStringLiteral("demoBanner"))));
        d->shot(QStringLiteral("demo-1-samples-with-demo"));
        QVERIFY(openSettings(*d));
        auto *remove = d->waitFor(QStringLiteral("removeDemoButton"));
        QVERIFY(remove && remove->isEnabled());

        // Cancel: nothing changes.
        QVERIFY(d->press(remove));
        QQuickItem *cancel = nullptr;
        QTRY_VERIFY((cancel = shownWithText(d->root(), QStringLiteral("Cancel"), "QQuickAbstractButton")));
        QVERIFY(d->press(cancel));
        QTRY_VERIFY(!shownWithText(d->root(), QStringLiteral("Remove demo data"), "QQuickAbstractButton"));
        QVERIFY(candor::core::hasDemoData(m_fixture->services->db()));

        // The dialog names what goes, counted by the removal itself.
        QVERIFY(d->press(remove));
        QQuickItem *ok = nullptr;
        QTRY_VERIFY((ok = shownWithText(d->root(), QStringLiteral("Remove demo data"), "QQuickAbstractButton")));
        auto *preview = d->find(QStringLiteral("removeDemoPreview"));
        QVERIFY(preview);
        const QString text = preview->property("text").toString();
        QVERIFY2(text.contains(QStringLiteral("30 demo samples")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("demo-technician")) && text.contains(QStringLiteral("demo-verifier")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Real samples are not touched")), qPrintable(text));
        d->shot(QStringLiteral("demo-2-confirm-dialog"));
        QVERIFY(d->press(ok));

        // Gone, in one audit entry; the real sample stays; the banner goes.
        auto &db = m_fixture->services->db();
        QTRY_VERIFY(!candor::core::hasDemoData(db));
        QCOMPARE(count(db, "SELECT count(*) FROM samples"), std::int64_t(1));
        QCOMPARE(count(db, "SELECT count(*) FROM samples WHERE id = '" + m_real + "'"), std::int64_t(1));
        const auto last = candor::core::AuditLog(db).all().back();
        QCOMPARE(last.entity, std::string("demo_data"));
        QCOMPARE(last.actorName, std::string("ada"));
        QCOMPARE(nlohmann::json::parse(last.oldValue).value("samples", 0), 30);
        QVERIFY(candor::core::AuditLog(db).verify().ok);
        QTRY_VERIFY(!shown(d->find(QStringLiteral("demoBanner"))));
        QVERIFY(!shown(d->find(QStringLiteral("removeDemoButton"))));
        // Without demo data an admin may load it again, from the same card.
        QVERIFY(shown(d->find(QStringLiteral("loadDemoButton"))));
        auto *status = d->find(QStringLiteral("demoDataStatus"));
        QVERIFY(status);
        QVERIFY2(status->property("text").toString().startsWith(QStringLiteral("Demo data removed: 30 demo samples")),
                 qPrintable(status->property("text").toString()));
        d->shot(QStringLiteral("demo-3-settings-after-removal"));
        d->workspaceCall("showList");
        QVERIFY(d->waitFor(QStringLiteral("samplesList")));
        d->shot(QStringLiteral("demo-4-samples-after-removal"));
    }

    void aTechnicianCannotRemoveIt()
    {
        auto d = signedIn(QStringLiteral("tess"), QStringLiteral("battery staple"));
        QVERIFY(d);
        QVERIFY(openSettings(*d));
        auto *remove = d->waitFor(QStringLiteral("removeDemoButton"));
        QVERIFY(remove);
        QVERIFY(!remove->isEnabled());
        QVERIFY(!d->press(remove));
        QVERIFY(candor::core::hasDemoData(m_fixture->services->db()));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
    std::string m_real;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    candor::app::configureApplication(app);
    TestSettingsDemo test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingsdemo.moc"
