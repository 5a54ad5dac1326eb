#include "core/candordatabase.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
#include "support/tempdir.h"

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
