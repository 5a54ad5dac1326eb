#include "core/database.h"
#include "core/candordatabase.h"
#include "core/errors.h"
#include "support/tempdir.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

using namespace candor::core;
using candor::testing::TempDir;

TEST(Database, OpensWithWalAndForeignKeys)
{
    TempDir dir;
    Database db(dir / "a.sqlite");
    auto mode = db.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.columnText(0), "wal");
    auto fk = db.prepare("PRAGMA foreign_keys");
    ASSERT_TRUE(fk.step());
    EXPECT_EQ(fk.columnInt(0), 1);
}

TEST(Database, TransactionRollsBackWhenNotCommitted)
{
    TempDir dir;
    Database db(dir / "a.sqlite");
    db.exec("CREATE TABLE t (v INTEGER)");
    try {
        Transaction tx(db);
        db.prepare("INSERT INTO t VALUES (1)").run();
        throw std::runtime_error("boom");
    } catch (const std::runtime_error &) {
    }
    auto count = db.prepare("SELECT count(*) FROM t");
    count.step();
    EXPECT_EQ(count.columnInt(0), 0);
}

TEST(Database, CommittedTransactionPersistsAcrossConnections)
{
    TempDir dir;
    {
        Database db(dir / "a.sqlite");
        db.exec("CREATE TABLE t (v INTEGER)");
        Transaction tx(db);
        db.prepare("INSERT INTO t VALUES (?)").bind(1, 42).run();
        tx.commit();
    }
    Database again(dir / "a.sqlite");
    auto st = again.prepare("SELECT v FROM t");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.columnInt(0), 42);
}

TEST(Database, ForeignKeyViolationThrowsStorageErrorWithCode)
{
    TempDir dir;
    Database db(dir / "a.sqlite");
    db.exec("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id))");
    try {
        db.prepare("INSERT INTO c VALUES (7)").run();
        FAIL() << "expected StorageError";
    } catch (const StorageError &e) {
        EXPECT_EQ(e.code() & 0xff, SQLITE_CONSTRAINT);
    }
}

TEST(Database, RejectsAFileThatIsNotSqliteAndLeavesItUntouched)
{
    TempDir dir;
    const auto path = dir / "notes.sqlite";
    std::ofstream(path) << "these are my notes, not a database, and they are long enough to have a header\n";
    const auto before = std::filesystem::file_size(path);
    try {
        openCandorDatabase(path);
        FAIL() << "expected StorageError";
    } catch (const StorageError &e) {
        EXPECT_EQ(e.code() & 0xff, SQLITE_NOTADB);
        EXPECT_NE(std::string(e.what()).find("not a Candor (SQLite) database"), std::string::npos) << e.what();
        EXPECT_TRUE(e.isIoProblem());
    }
    EXPECT_EQ(std::filesystem::file_size(path), before);
}

TEST(Database, RejectsAReadOnlyFileBeforeAnyWrite)
{
    TempDir dir;
    const auto path = dir / "ro.sqlite";
    openCandorDatabase(path);
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                           std::filesystem::perms::others_read);
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                                 std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                                 std::filesystem::perms::others_exec);
    const auto before = std::filesystem::last_write_time(path);
    // Root ignores file modes, so the check runs in a child that has dropped to nobody.
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        try {
            openCandorDatabase(path);
            _exit(1);
        } catch (const StorageError &e) {
            _exit((e.code() & 0xff) == SQLITE_READONLY || (e.code() & 0xff) == SQLITE_CANTOPEN ? 0 : 2);
        } catch (...) {
            _exit(4);
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "1: opened a read-only file for writing; 2: wrong error code";
    EXPECT_EQ(std::filesystem::last_write_time(path), before);
}

TEST(Database, ReportsALockedDatabaseAsBusy)
{
    TempDir dir;
    const auto path = dir / "locked.sqlite";
    auto first = openCandorDatabase(path);
    first->exec("BEGIN EXCLUSIVE");
    Database second(path);
    sqlite3_busy_timeout(second.handle(), 50);
    try {
        second.exec("BEGIN IMMEDIATE");
        FAIL() << "expected StorageError";
    } catch (const StorageError &e) {
        EXPECT_EQ(e.code() & 0xff, SQLITE_BUSY);
        EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
    }
    first->exec("ROLLBACK");
}

TEST(Database, DefaultPathFollowsCandorDbThenXdgDataHome)
{
    setenv("CANDOR_DB", "/tmp/x/y.sqlite", 1);
    EXPECT_EQ(defaultDatabasePath(), "/tmp/x/y.sqlite");
    unsetenv("CANDOR_DB");
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    EXPECT_EQ(defaultDatabasePath(), "/srv/data/candor/candor.sqlite");
    unsetenv("XDG_DATA_HOME");
}
