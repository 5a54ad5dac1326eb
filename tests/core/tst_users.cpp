#include "core/candordatabase.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
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
    EXPECT_TRUE(first.hasRole("admin"));
    EXPECT_TRUE(first.hasRole("technician"));
    EXPECT_EQ(first.displayName, "tess");
}

TEST_F(UserStoreTest, LaterUsersNeedAnAdminActor)
{
    const User admin = users.add({"ada", "Ada", {"admin"}, "long enough"}, nullptr);
    const User tech = users.add({"tess", "Tess", {"technician"}, "long enough"}, &admin);
    EXPECT_FALSE(tech.hasRole("admin"));
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
