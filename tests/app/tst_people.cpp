// Settings, People in the real main window (issue 12, requirement 1): an admin adds a
// verifier with role check boxes, deactivates and re-activates them, is refused
// deactivating themselves as the last admin (the message beside that person, nothing
// changed), and changes their own password; a deactivated person's sign-in says so on
// the sign-in page. Every step is checked in the database. With CANDOR_SHOTS_DIR set the
// test saves the section at 1280x800 and 1024x700 for a person to look at.

#include "appfixture.h"
#include "quickdriver.h"
#include "sessioncontroller.h"

#include "core/auditlog.h"
#include "core/errors.h"

#include <QApplication>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::testing::shown;
using candor::testing::textOf;
using candor::testing::WindowDriver;

namespace {

int userEntries(candor::core::Database &db, const std::string &action)
{
    int n = 0;
    for (const auto &e : candor::core::AuditLog(db).all())
        n += e.entity == "user" && e.action == action;
    return n;
}

} // namespace

class TestPeople : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<WindowDriver> openPeople(const QString &user, const QString &password)
    {
        auto d = std::make_unique<WindowDriver>(*m_fixture->session);
        if (!d->ready() || !d->signIn(user, password))
            return nullptr;
        d->workspaceCall("showSettings");
        if (!d->waitFor(QStringLiteral("peopleSection")))
            return nullptr;
        return d;
    }

    candor::core::UserStore users() { return candor::core::UserStore(m_fixture->services->db()); }

    void shots(WindowDriver &d, const QString &name)
    {
        for (const QSize size : {QSize(1280, 800), QSize(1024, 700)}) {
            d.window()->resize(size);
            QTRY_COMPARE(d.window()->width(), size.width());
            WindowDriver::scrollTo(d.find(QStringLiteral("peopleSection")));
            d.shot(QStringLiteral("people-%1-%2x%3").arg(name).arg(size.width()).arg(size.height()));
        }
    }

private Q_SLOTS:
    void init() { m_fixture = std::make_unique<candor::testing::AppFixture>(); }
    void cleanup() { m_fixture.reset(); }

    void anAdminAddsAVerifierDeactivatesAndReactivatesThem()
    {
        auto d = openPeople(QStringLiteral("ada"), QStringLiteral("correct horse"));
        QVERIFY(d);
        QTRY_VERIFY(d->find(QStringLiteral("person_tess")));
        shots(*d, QStringLiteral("1-list"));

        d->typeInto(d->find(QStringLiteral("newPersonName")), QStringLiteral("vic"));
        d->typeInto(d->find(QStringLiteral("newPersonDisplayName")), QStringLiteral("Vic Verifier"));
        d->typeInto(d->find(QStringLiteral("newPersonPassword")), QStringLiteral("vic secret 1"));
        d->typeInto(d->find(QStringLiteral("newPersonRepeat")), QStringLiteral("vic secret 1"));
        QVERIFY(d->press(d->find(QStringLiteral("newPersonRole_verifier"))));
        QVERIFY(d->press(d->find(QStringLiteral("addPersonButton"))));
        QTRY_VERIFY(d->find(QStringLiteral("person_vic")));
        QVERIFY2(textOf(*d, QStringLiteral("addPersonMessage")).startsWith(QStringLiteral("Added vic (verifier)")),
                 qPrintable(textOf(*d, QStringLiteral("addPersonMessage"))));
        auto vic = users().findByName("vic");
        QVERIFY(vic);
        QCOMPARE(candor::core::toStrings(vic->roles), std::vector<std::string>{"verifier"});
        QCOMPARE(vic->displayName, std::string("Vic Verifier"));
        QVERIFY(users().authenticate("vic", "vic secret 1").hasRole(candor::core::Role::Verifier));

        // Deactivate: the state and the message show beside vic; vic cannot sign in.
        QVERIFY(d->press(d->find(QStringLiteral("personActive_vic"))));
        QTRY_COMPARE(textOf(*d, QStringLiteral("personState_vic")), QStringLiteral("deactivated"));
        QVERIFY(
            textOf(*d, QStringLiteral("personMessage_vic")).startsWith(QStringLiteral("Deactivated: vic can no longer sign in")));
        QVERIFY(!users().findByName("vic")->active);
        QVERIFY_THROWS_EXCEPTION(candor::core::AccountDeactivated, users().authenticate("vic", "vic secret 1"));
        QCOMPARE(userEntries(m_fixture->services->db(), "deactivate"), 1);
        shots(*d, QStringLiteral("2-deactivated"));

        // Re-activate.
        QVERIFY(d->press(d->find(QStringLiteral("personActive_vic"))));
        QTRY_COMPARE(textOf(*d, QStringLiteral("personState_vic")), QStringLiteral("active"));
        QVERIFY(users().findByName("vic")->active);
        QCOMPARE(userEntries(m_fixture->services->db(), "activate"), 1);

        // Set roles with the check boxes: vic also takes samples in.
        QVERIFY(d->press(d->find(QStringLiteral("personRole_vic_technician"))));
        QVERIFY(d->press(d->find(QStringLiteral("personSaveRoles_vic"))));
        QTRY_COMPARE(candor::core::toStrings(users().findByName("vic")->roles),
                     (std::vector<std::string>{"technician", "verifier"}));
        QCOMPARE(textOf(*d, QStringLiteral("personMessage_vic")), QStringLiteral("Roles saved: technician, verifier"));
    }

    void theLastAdminIsRefusedDeactivatingThemselvesBesideTheirName()
    {
        auto d = openPeople(QStringLiteral("ada"), QStringLiteral("correct horse"));
        QVERIFY(d);
        QVERIFY(d->press(d->waitFor(QStringLiteral("personActive_ada"))));
        QTRY_VERIFY(textOf(*d, QStringLiteral("personMessage_ada")).contains(QStringLiteral("would leave no active admin")));
        QCOMPARE(d->find(QStringLiteral("personMessage_ada"))->property("color").value<QColor>(), QColor("#b00020"));
        QVERIFY(users().findByName("ada")->active);
        QCOMPARE(textOf(*d, QStringLiteral("personState_ada")), QStringLiteral("active"));
        QCOMPARE(userEntries(m_fixture->services->db(), "deactivate"), 0);
        // Unticking their own admin role (ticking technician instead) is refused the same way.
        QVERIFY(d->press(d->find(QStringLiteral("personRole_ada_technician"))));
        QVERIFY(d->press(d->find(QStringLiteral("personRole_ada_admin"))));
        QVERIFY(d->press(d->find(QStringLiteral("personSaveRoles_ada"))));
        QTRY_VERIFY2(
            textOf(*d, QStringLiteral("personMessage_ada")).contains(QStringLiteral("removing the admin role from 'ada'")),
            qPrintable(textOf(*d, QStringLiteral("personMessage_ada"))));
        QCOMPARE(candor::core::toStrings(users().findByName("ada")->roles), std::vector<std::string>{"admin"});
        // The boxes show what is stored again, not the refused choice.
        QVERIFY(d->find(QStringLiteral("personRole_ada_admin"))->property("checked").toBool());
        QVERIFY(!d->find(QStringLiteral("personRole_ada_technician"))->property("checked").toBool());
        shots(*d, QStringLiteral("3-refused"));
    }

    void everyoneChangesTheirOwnPasswordWithTheOldOneChecked()
    {
        auto d = openPeople(QStringLiteral("tess"), QStringLiteral("battery staple"));
        QVERIFY(d);
        // A technician sees no accounts and no add form, only their own password.
        QVERIFY(!d->find(QStringLiteral("person_ada")));
        QVERIFY(!shown(d->find(QStringLiteral("addPersonForm"))));
        d->typeInto(d->find(QStringLiteral("ownOldPassword")), QStringLiteral("not my password"));
        d->typeInto(d->find(QStringLiteral("ownNewPassword")), QStringLiteral("tess new secret"));
        d->typeInto(d->find(QStringLiteral("ownRepeatPassword")), QStringLiteral("tess new secret"));
        QVERIFY(d->press(d->find(QStringLiteral("changeOwnPasswordButton"))));
        QTRY_COMPARE(textOf(*d, QStringLiteral("ownPasswordMessage")), QStringLiteral("Wrong user name or password"));
        QVERIFY(users().authenticate("tess", "battery staple").name == "tess");

        auto *old = d->find(QStringLiteral("ownOldPassword"));
        old->setProperty("text", QString());
        d->typeInto(old, QStringLiteral("battery staple"));
        QVERIFY(d->press(d->find(QStringLiteral("changeOwnPasswordButton"))));
        QTRY_VERIFY(textOf(*d, QStringLiteral("ownPasswordMessage")).startsWith(QStringLiteral("Your password is changed")));
        QCOMPARE(users().authenticate("tess", "tess new secret").name, std::string("tess"));
        QVERIFY_THROWS_EXCEPTION(candor::core::AuthenticationFailed, users().authenticate("tess", "battery staple"));
        QCOMPARE(userEntries(m_fixture->services->db(), "change-password"), 1);
        shots(*d, QStringLiteral("4-technician"));
    }

    void aDeactivatedPersonIsToldSoOnTheSignInPage()
    {
        users().setActive("tess", false, m_fixture->admin);
        WindowDriver d(*m_fixture->session);
        QVERIFY(d.ready());
        d.typeInto(d.waitFor(QStringLiteral("signInName")), QStringLiteral("tess"));
        d.typeInto(d.waitFor(QStringLiteral("signInPassword")), QStringLiteral("battery staple"));
        QTest::keyClick(d.window(), Qt::Key_Return);
        QTRY_COMPARE(textOf(d, QStringLiteral("signInError")),
                     QStringLiteral("The account 'tess' is deactivated: ask an admin to re-activate it"));
        QVERIFY(!d.find(QStringLiteral("workspace")) || !d.find(QStringLiteral("workspace"))->isVisible());
    }

    void aSignedInPersonWhomAnAdminDeactivatesIsSignedOutWithTheReason()
    {
        WindowDriver d(*m_fixture->session);
        QVERIFY(d.ready() && d.signIn(QStringLiteral("tess"), QStringLiteral("battery staple")));
        auto *session = m_fixture->session.get();
        // QML's Session is this very object (Qt 6.4 once built its own with the default
        // constructor, and the page never heard the C++ side's signals).
        QCOMPARE(d.engine().singletonInstance<QObject *>(qmlTypeId("Candor", 1, 0, "Session")), static_cast<QObject *>(session));
        QVERIFY(session->recheckAccount()); // still active: nothing happens
        QVERIFY(session->signedIn());

        // An admin elsewhere (another machine, the CLI) changes tess's roles, then
        // deactivates her: the app takes the roles over, then signs her out and says why.
        users().setRoles("tess", {"technician", "verifier"}, m_fixture->admin);
        QVERIFY(session->recheckAccount());
        QCOMPARE(session->roles(), (QStringList{QStringLiteral("technician"), QStringLiteral("verifier")}));
        QVERIFY(session->canReview());

        users().setActive("tess", false, m_fixture->admin);
        QVERIFY(!session->recheckAccount());
        QVERIFY(!session->signedIn());
        QTRY_VERIFY(shown(d.find(QStringLiteral("signInPage"))));
        QTRY_COMPARE(textOf(d, QStringLiteral("signInError")),
                     QStringLiteral(
                         "An admin deactivated the account 'tess', so it was signed out: ask an admin to re-activate it"));
    }

    void theFirstAccountChoosesItsRolesAndIsAdminToo()
    {
        m_fixture.reset();
        QTemporaryDir dir;
        candor::app::AppServices services(dir.filePath(QStringLiteral("empty.sqlite")).toStdString());
        candor::app::SessionController session(services);
        {
            WindowDriver d(session);
            QVERIFY(d.ready());
            d.typeInto(d.waitFor(QStringLiteral("firstUserName")), QStringLiteral("vera"));
            QVERIFY(d.press(d.find(QStringLiteral("firstUserRole_technician")))); // off
            QVERIFY(d.press(d.find(QStringLiteral("firstUserRole_verifier"))));   // on
            d.typeInto(d.find(QStringLiteral("firstUserPassword")), QStringLiteral("vera secret"));
            d.typeInto(d.find(QStringLiteral("firstUserRepeat")), QStringLiteral("vera secret"));
            QVERIFY(d.press(d.find(QStringLiteral("firstUserCreate"))));
            QTRY_VERIFY(candor::core::UserStore(services.db()).hasUsers());
        }
        const auto vera = candor::core::UserStore(services.db()).findByName("vera");
        QVERIFY(vera);
        QCOMPARE(candor::core::toStrings(vera->roles), (std::vector<std::string>{"verifier", "admin"}));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    candor::app::configureApplication(app);
    TestPeople test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_people.moc"
