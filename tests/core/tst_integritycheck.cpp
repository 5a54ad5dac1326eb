// The SQLite IntegrityCheck on real files: a sound database reports nothing; one whose
// index no longer matches its table reports what SQLite found.

#include "core/database.h"
#include "core/sqlite/sqliteintegritycheck.h"
#include "support/tempdir.h"

#include <gtest/gtest.h>

using candor::core::Database;
using candor::core::SqliteIntegrityCheck;

TEST(IntegrityCheck, ASoundDatabaseHasNoProblems)
{
    candor::testing::TempDir dir;
    Database db(dir / "sound.sqlite");
    db.exec("CREATE TABLE t (x INTEGER, y INTEGER); CREATE INDEX t_x ON t(x); INSERT INTO t VALUES (1, 2), (3, 4);");
    EXPECT_TRUE(SqliteIntegrityCheck(db).problems().empty());
}

TEST(IntegrityCheck, AnIndexThatDisagreesWithItsTableIsReported)
{
    candor::testing::TempDir dir;
    const auto path = dir / "broken.sqlite";
    {
        Database db(path);
        db.exec("CREATE TABLE t (x INTEGER, y INTEGER); CREATE INDEX t_x ON t(x); INSERT INTO t VALUES (1, 20), (3, 40);");
        // Make the schema claim the index is over y while its entries are of x.
        db.exec("PRAGMA writable_schema = ON;"
                "UPDATE sqlite_schema SET sql = 'CREATE INDEX t_x ON t(y)' WHERE name = 't_x';"
                "PRAGMA writable_schema = OFF;");
    }
    Database db(path);
    const auto problems = SqliteIntegrityCheck(db).problems();
    ASSERT_FALSE(problems.empty());
    EXPECT_NE(problems.front().find("t_x"), std::string::npos) << problems.front();
}
