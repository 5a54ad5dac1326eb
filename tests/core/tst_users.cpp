#include "core/candordatabase.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/auditlog.h"
#include "core/samples.h"
#include "core/users.h"
#include "fixture.h"
#include "support/tempdir.h"

#include <sqlite3.h>

#include <gtest/gtest.h>

using namespace candor::core;
using candor::testing::TempDir;

class UserStoreTest : public ::testing::Test {
protected:
    TempDir dir;
    std::unique_ptr<Database> db = openCandorDatabase(dir / "u.sqlite");
    UserStore users{*db};
};

TEST_F(UserStoreTest, FirstUserBecomesAdminWhateverRolesWereAsked)
{
    EXPECT_FALSE(users.hasUsers());
    const User first = users.add({"tess", "", {"technician"}, "long enough"}, nullptr);
    EXPECT_TRUE(first.hasRole(Role::Admin));
    EXPECT_TRUE(first.hasRole(Role::Technician));
    EXPECT_EQ(first.displayName, "tess");
}

TEST_F(UserStoreTest, LaterUsersNeedAnAdminActor)
{
    const User admin = users.add({"ada", "Ada", {"admin"}, "long enough"}, nullptr);
    const User tech = users.add({"tess", "Tess", {"technician"}, "long enough"}, &admin);
    EXPECT_FALSE(tech.hasRole(Role::Admin));
    EXPECT_THROW(users.add({"vic", "Vic", {"verifier"}, "long enough"}, nullptr), PermissionDenied);
    try {
        users.add({"vic", "Vic", {"verifier"}, "long enough"}, &tech);
        FAIL();
    } catch (const PermissionDenied &e) {
        EXPECT_EQ(e.role(), "admin");
    }
    EXPECT_FALSE(users.findByName("vic"));
}

TEST_F(UserStoreTest, PasswordsAreStoredAsArgon2idHashesOnly)
{
    users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
    auto st = db->prepare("SELECT password_hash FROM users WHERE name = 'ada'");
    ASSERT_TRUE(st.step());
    const auto hash = st.columnText(0);
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
    EXPECT_EQ(hash.find("correct horse"), std::string::npos);
}

TEST_F(UserStoreTest, AuthenticatesTheRightPasswordOnly)
{
    users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
    EXPECT_EQ(users.authenticate("ADA", "correct horse").name, "ada");
    EXPECT_THROW(users.authenticate("ada", "wrong horse"), AuthenticationFailed);
    EXPECT_THROW(users.authenticate("nobody", "correct horse"), AuthenticationFailed);
}

TEST_F(UserStoreTest, ValidatesNameRolesAndPassword)
{
    auto fieldOf = [&](const NewUser &u) {
        try {
            users.add(u, nullptr);
        } catch (const ValidationError &e) {
            return e.field();
        }
        return std::string("none");
    };
    EXPECT_EQ(fieldOf({"A B", "", {"admin"}, "long enough"}), "name");
    EXPECT_EQ(fieldOf({"ok", "", {"wizard"}, "long enough"}), "roles");
    EXPECT_EQ(fieldOf({"ok", "", {"admin"}, "short"}), "password");
    EXPECT_FALSE(users.hasUsers());
}

TEST_F(UserStoreTest, RejectsADuplicateName)
{
    const User admin = users.add({"ada", "Ada", {"admin"}, "long enough"}, nullptr);
    EXPECT_THROW(users.add({"Ada", "Other", {"technician"}, "long enough"}, &admin), ValidationError);
}

// --- the sign-in slow-down fails closed ----------------------------------------------

namespace {

// The refusal must be its own error, never "wrong password", and must say why.
void expectRefusedAsUnprotected(UserStore &store, const std::string &name, const std::string &password)
{
    try {
        store.authenticate(name, password);
        ADD_FAILURE() << name << " was let in although failed sign-ins cannot be recorded";
    } catch (const SignInUnavailable &e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("sign-in refused for '" + name + "'"), std::string::npos) << what;
        EXPECT_NE(what.find("failed sign-ins cannot be recorded"), std::string::npos) << what;
        EXPECT_EQ(what.find("wrong user name or password"), std::string::npos) << what;
    } catch (const std::exception &e) {
        ADD_FAILURE() << "expected SignInUnavailable, got: " << e.what();
    }
}

std::int64_t failuresOf(Database &db, const std::string &name)
{
    auto st = db.prepare("SELECT failures FROM sign_in_failures WHERE name = ?");
    st.bind(1, name);
    return st.step() ? st.columnInt(0) : 0;
}

} // namespace

TEST_F(UserStoreTest, RefusesEverySignInOnADatabaseOpenedReadOnlyWhateverThePassword)
{
    users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
    const auto path = db->path();
    db.reset(); // the file is closed, as when another program opens it
    Database readOnly(path, Database::Mode::ReadOnly);
    UserStore store(readOnly);
    expectRefusedAsUnprotected(store, "ada", "wrong horse");
    expectRefusedAsUnprotected(store, "ada", "correct horse");
    expectRefusedAsUnprotected(store, "nobody", "correct horse");
    try {
        store.authenticate("ada", "correct horse");
        FAIL() << "let in";
    } catch (const SignInUnavailable &e) {
        EXPECT_EQ(e.storageCode() & 0xff, SQLITE_READONLY);
    }
}

TEST_F(UserStoreTest, RefusesEverySignInWhileTheConnectionMayOnlyRead)
{
    users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
    EXPECT_THROW(users.authenticate("ada", "wrong horse"), AuthenticationFailed);
    ASSERT_EQ(failuresOf(*db, "ada"), 1);
    db->exec("PRAGMA query_only = ON");
    // Many more than the free failures: none is let through, none is counted either.
    for (int i = 0; i < UserStore::kFreeFailures + 2; ++i)
        expectRefusedAsUnprotected(users, "ada", "wrong horse");
    expectRefusedAsUnprotected(users, "ada", "correct horse");
    db->exec("PRAGMA query_only = OFF");
    EXPECT_EQ(failuresOf(*db, "ada"), 1);
    EXPECT_EQ(users.authenticate("ada", "correct horse").name, "ada");
    EXPECT_EQ(failuresOf(*db, "ada"), 0);
}

TEST_F(UserStoreTest, RefusesEverySignInWhenTheFailedSignInsCannotBeRead)
{
    users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
    db->exec("DROP TABLE sign_in_failures");
    expectRefusedAsUnprotected(users, "ada", "wrong horse");
    expectRefusedAsUnprotected(users, "ada", "correct horse");
}

TEST_F(UserStoreTest, CountsAnAttemptBeforeThePasswordIsCheckedAndClearsItOnSuccess)
{
    users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
    for (int i = 1; i < UserStore::kFreeFailures; ++i) {
        EXPECT_THROW(users.authenticate("ada", "wrong horse"), AuthenticationFailed);
        EXPECT_EQ(failuresOf(*db, "ada"), i);
    }
    EXPECT_EQ(users.authenticate("ada", "correct horse").name, "ada");
    EXPECT_EQ(failuresOf(*db, "ada"), 0);
    EXPECT_EQ(users.signInDelay("ada").count(), 0);
}

// People: an admin manages accounts; nobody can leave the service without an admin.

namespace {

class PeopleTest : public candor::testing::CoreFixture {
protected:
    // Made on use: the fixture opens the database in SetUp(), after construction.
    UserStore users() { return UserStore(*db); }

    std::vector<AuditEntry> userEntries(const std::string &action)
    {
        std::vector<AuditEntry> found;
        for (const auto &e : AuditLog(*db).all())
            if (e.entity == "user" && e.action == action)
                found.push_back(e);
        return found;
    }

    std::string storedHash(const std::string &name)
    {
        auto st = db->prepare("SELECT password_hash FROM users WHERE name = ?");
        st.bind(1, name);
        EXPECT_TRUE(st.step());
        return st.columnText(0);
    }
};

} // namespace

TEST_F(UserStoreTest, FirstUserChoosesTheirRolesAndIsAlwaysAdminToo)
{
    const User first = users.add({"vera", "", {"verifier", "coordinator"}, "long enough"}, nullptr);
    EXPECT_EQ(toStrings(first.roles), (std::vector<std::string>{"verifier", "coordinator", "admin"}));
    EXPECT_FALSE(first.hasRole(Role::Technician));
}

TEST_F(PeopleTest, AdminSetsRolesAndTheLogSaysFromWhatToWhat)
{
    const User changed = users().setRoles("tess", {"technician", "Verifier"}, admin);
    EXPECT_EQ(toStrings(changed.roles), (std::vector<std::string>{"technician", "verifier"}));
    EXPECT_EQ(users().findByName("tess")->roles, changed.roles);
    const auto entries = userEntries("set-roles");
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].actorName, "ada");
    EXPECT_EQ(entries[0].entityId, tech.id);
    EXPECT_EQ(nlohmann::json::parse(entries[0].oldValue)["roles"], nlohmann::json({"technician"}));
    EXPECT_EQ(nlohmann::json::parse(entries[0].newValue)["roles"], nlohmann::json({"technician", "verifier"}));
}

TEST_F(PeopleTest, UnknownRoleIsRefusedAndNothingChanges)
{
    try {
        users().setRoles("tess", {"technician", "boss"}, admin);
        FAIL() << "an unknown role was accepted";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "roles");
        EXPECT_STREQ(e.what(), "roles: unknown role 'boss' (known: technician, verifier, coordinator, admin)");
    }
    EXPECT_THROW(users().setRoles("tess", {}, admin), ValidationError);
    EXPECT_EQ(toStrings(users().findByName("tess")->roles), (std::vector<std::string>{"technician"}));
    EXPECT_TRUE(userEntries("set-roles").empty());
}

TEST_F(PeopleTest, LastActiveAdminCannotRemoveTheirOwnAdminRole)
{
    try {
        users().setRoles("ada", {"technician"}, admin);
        FAIL() << "the last admin gave up the admin role";
    } catch (const LastAdminRefused &e) {
        EXPECT_STREQ(e.what(), "refused: removing the admin role from 'ada' would leave no active admin, since 'ada' "
                               "is the last one; first give the admin role to another active account");
    }
    EXPECT_EQ(toStrings(users().findByName("ada")->roles), (std::vector<std::string>{"admin"}));
    EXPECT_TRUE(userEntries("set-roles").empty());
}

TEST_F(PeopleTest, LastActiveAdminCannotDeactivateThemselves)
{
    EXPECT_THROW(users().setActive("ada", false, admin), LastAdminRefused);
    EXPECT_TRUE(users().findByName("ada")->active);
    EXPECT_TRUE(userEntries("deactivate").empty());
    EXPECT_EQ(users().authenticate("ada", "correct horse").name, "ada");
}

TEST_F(PeopleTest, AnAdminMayStepDownOnlyWhileAnotherActiveAdminRemains)
{
    users().add({"abe", "Abe", {"admin"}, "long enough"}, &admin);
    users().setActive("abe", false, admin);
    // A deactivated admin administers nothing, so it does not count.
    EXPECT_THROW(users().setRoles("ada", {"technician"}, admin), LastAdminRefused);
    users().setActive("abe", true, admin);
    EXPECT_EQ(toStrings(users().setRoles("ada", {"technician"}, admin).roles), std::vector<std::string>{"technician"});
    EXPECT_EQ(userEntries("set-roles").size(), 1u);
}

TEST_F(PeopleTest, NonAdminIsRefusedEveryAdminActionAndNothingChanges)
{
    const std::string hashBefore = storedHash("ada");
    EXPECT_THROW(users().setRoles("tess", {"admin"}, tech), PermissionDenied);
    EXPECT_THROW(users().setActive("ada", false, tech), PermissionDenied);
    EXPECT_THROW(users().resetPassword("ada", "tess knows now", tech), PermissionDenied);
    try {
        users().add({"vic", "Vic", {"verifier"}, "long enough"}, &tech);
        FAIL();
    } catch (const PermissionDenied &e) {
        EXPECT_STREQ(e.what(), "permission denied: adding a user needs the admin role");
    }
    EXPECT_EQ(toStrings(users().findByName("tess")->roles), (std::vector<std::string>{"technician"}));
    EXPECT_TRUE(users().findByName("ada")->active);
    EXPECT_EQ(storedHash("ada"), hashBefore);
    EXPECT_FALSE(users().findByName("vic"));
    EXPECT_EQ(AuditLog(*db).all().back().action, "insert"); // still tess's own creation
}

TEST_F(PeopleTest, DeactivatedUserCannotSignInAndIsToldSoOnlyWithTheRightPassword)
{
    const User off = users().setActive("tess", false, admin);
    EXPECT_FALSE(off.active);
    EXPECT_FALSE(users().findByName("tess")->active);
    try {
        users().authenticate("tess", "battery staple");
        FAIL() << "a deactivated account signed in";
    } catch (const AccountDeactivated &e) {
        EXPECT_STREQ(e.what(), "the account 'tess' is deactivated: ask an admin to re-activate it");
    }
    try {
        users().authenticate("tess", "wrong guess");
        FAIL();
    } catch (const AccountDeactivated &) {
        FAIL() << "a wrong password learned that the account exists";
    } catch (const AuthenticationFailed &e) {
        EXPECT_STREQ(e.what(), "wrong user name or password");
    }
    ASSERT_EQ(userEntries("deactivate").size(), 1u);
    EXPECT_EQ(userEntries("deactivate")[0].entityId, tech.id);
}

TEST_F(PeopleTest, ReactivatedUserSignsInAgain)
{
    users().setActive("tess", false, admin);
    EXPECT_THROW(users().setActive("tess", false, admin), ValidationError);
    users().setActive("tess", true, admin);
    EXPECT_EQ(users().authenticate("tess", "battery staple").name, "tess");
    EXPECT_EQ(userEntries("activate").size(), 1u);
    try {
        users().setActive("tess", true, admin);
        FAIL();
    } catch (const ValidationError &e) {
        EXPECT_STREQ(e.what(), "active: the account 'tess' is already active");
    }
}

TEST_F(PeopleTest, ASessionOfANowDeactivatedAdminCannotActAnyMore)
{
    const User abe = users().add({"abe", "Abe", {"admin"}, "long enough"}, &admin);
    users().setActive("abe", false, admin);
    EXPECT_THROW(users().setRoles("tess", {"verifier"}, abe), AccountDeactivated);
    EXPECT_THROW(users().add({"vic", "Vic", {"verifier"}, "long enough"}, &abe), AccountDeactivated);
    // Nor one whose admin role was taken away since it signed in.
    const User abeAgain = users().setActive("abe", true, admin);
    users().setRoles("abe", {"technician"}, admin);
    EXPECT_THROW(users().setActive("ada", false, abeAgain), PermissionDenied);
    EXPECT_TRUE(users().findByName("ada")->active);
}

TEST_F(PeopleTest, UnknownNameIsNotFound)
{
    try {
        users().setRoles("nobody", {"verifier"}, admin);
        FAIL();
    } catch (const NotFound &e) {
        EXPECT_STREQ(e.what(), "no user called 'nobody'");
    }
    EXPECT_THROW(users().setActive("nobody", false, admin), NotFound);
    EXPECT_THROW(users().resetPassword("nobody", "long enough", admin), NotFound);
}

TEST_F(PeopleTest, PastWorkKeepsTheNameOfADeactivatedUser)
{
    SampleStore samples(*db, *catalogue);
    const Sample sample = samples.add(powder(), tech);
    users().setActive("tess", false, admin);
    EXPECT_EQ(samples.find(sample.id)->createdByName, "tess");
    bool found = false;
    for (const auto &e : AuditLog(*db).forSample(sample.id))
        found = found || (e.action == "insert" && e.actorName == "tess");
    EXPECT_TRUE(found) << "the audit log lost the name of who took the sample in";
    const auto listed = users().list();
    const auto it = std::find_if(listed.begin(), listed.end(), [](const User &u) { return u.name == "tess"; });
    ASSERT_NE(it, listed.end());
    EXPECT_FALSE(it->active);
}

TEST_F(PeopleTest, AdminResetsAPasswordAndTheLogHoldsNoPassword)
{
    users().resetPassword("tess", "a new start", admin);
    EXPECT_EQ(users().authenticate("tess", "a new start").name, "tess");
    EXPECT_THROW(users().authenticate("tess", "battery staple"), AuthenticationFailed);
    const auto entries = userEntries("reset-password");
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].actorName, "ada");
    EXPECT_EQ(entries[0].newValue.find("a new start"), std::string::npos);
    EXPECT_EQ(entries[0].newValue.find("argon2"), std::string::npos);
    EXPECT_THROW(users().resetPassword("tess", "short", admin), ValidationError);
}

TEST_F(PeopleTest, EveryoneChangesTheirOwnPasswordWithTheOldOneChecked)
{
    const std::string before = storedHash("tess");
    try {
        users().changeOwnPassword("tess", "not my password", "a better secret");
        FAIL();
    } catch (const AuthenticationFailed &e) {
        EXPECT_STREQ(e.what(), "wrong user name or password");
    }
    EXPECT_EQ(storedHash("tess"), before);
    EXPECT_THROW(users().changeOwnPassword("tess", "battery staple", "short"), ValidationError);
    EXPECT_EQ(storedHash("tess"), before);
    users().changeOwnPassword("tess", "battery staple", "a better secret");
    EXPECT_EQ(users().authenticate("tess", "a better secret").name, "tess");
    const auto entries = userEntries("change-password");
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].actorName, "tess");
}

TEST_F(PeopleTest, DeactivatedUserCannotChangeTheirPassword)
{
    users().setActive("tess", false, admin);
    const std::string before = storedHash("tess");
    EXPECT_THROW(users().changeOwnPassword("tess", "battery staple", "a better secret"), AccountDeactivated);
    EXPECT_EQ(storedHash("tess"), before);
}
