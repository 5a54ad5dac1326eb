#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/migrations.h"
#include "support/tempdir.h"

#include <gtest/gtest.h>

using namespace candor::core;
using candor::testing::TempDir;

namespace {
// Writes rows that are valid at `version` with raw SQL, as an old Candor would have.
void writeRowsOfVersion(Database &db, int version)
{
    if (version >= 1) {
        db.exec("INSERT INTO users (id, name, display_name, roles, password_hash, created_at) "
                "VALUES ('u1', 'old', 'Old', 'admin', 'x', '2025-01-01T00:00:00Z')");
        db.exec("INSERT INTO sites (id, name, region, created_at) VALUES ('s1', 'Old site', 'North', '2025-01-01T00:00:00Z')");
        db.exec("INSERT INTO samples (id, public_code, received_at, site_id, intake_channel, sold_as, form, sample_type, "
                "created_at, created_by) VALUES ('x1', 'AAA-AAA', '2025-01-02T10:00:00Z', 's1', 'walk-in', 'down', "
                "'powder', 'substance', '2025-01-02T10:00:00Z', 'u1')");
    }
}
} // namespace

TEST(Migrations, FreshDatabaseReachesTheLatestVersion)
{
    TempDir dir;
    auto db = openCandorDatabase(dir / "c.sqlite");
    EXPECT_EQ(db->userVersion(), latestSchemaVersion());
    EXPECT_GE(latestSchemaVersion(), 2);
}

TEST(Migrations, MigratesADatabaseOfEveryEarlierVersionAndKeepsItsRows)
{
    for (int version = 0; version < latestSchemaVersion(); ++version) {
        SCOPED_TRACE("from version " + std::to_string(version));
        TempDir dir;
        const auto path = dir / "old.sqlite";
        {
            Database db(path);
            migrate(db, version);
            ASSERT_EQ(db.userVersion(), version);
            writeRowsOfVersion(db, version);
        }
        auto db = openCandorDatabase(path);
        EXPECT_EQ(db->userVersion(), latestSchemaVersion());
        if (version >= 1) {
            auto st = db->prepare("SELECT sold_as, status FROM samples WHERE id = 'x1'");
            ASSERT_TRUE(st.step());
            EXPECT_EQ(st.columnText(0), "down");
            EXPECT_EQ(st.columnText(1), "received");
        }
        EXPECT_GT(Catalogue(*db).stripTypes().size(), 0u);
    }
}

TEST(Migrations, InstrumentFilesStoredBeforeImportWarningsHaveNone)
{
    TempDir dir;
    const auto path = dir / "v10.sqlite";
    {
        Database db(path);
        migrate(db, 10);
        writeRowsOfVersion(db, 10);
        db.exec("INSERT INTO instrument_files (id, sample_id, file_name, format, size_bytes, sha256, content, "
                "imported_at, imported_by) VALUES ('f1', 'x1', 'old.jdx', 'jcamp-dx', 1, 'ab', x'00', "
                "'2025-01-02T11:00:00Z', 'u1')");
    }
    auto db = openCandorDatabase(path);
    ASSERT_GE(db->userVersion(), 11);
    const auto file = InstrumentFileStore(*db).find("f1");
    ASSERT_TRUE(file.has_value());
    EXPECT_EQ(file->fileName, "old.jdx");
    EXPECT_TRUE(file->warnings.empty());
}

TEST(Migrations, RefusesADatabaseNewerThanThisProgram)
{
    TempDir dir;
    const auto path = dir / "future.sqlite";
    {
        Database db(path);
        db.setUserVersion(latestSchemaVersion() + 5);
    }
    try {
        openCandorDatabase(path);
        FAIL() << "expected StorageError";
    } catch (const StorageError &e) {
        EXPECT_NE(std::string(e.what()).find("newer than this Candor knows"), std::string::npos) << e.what();
        EXPECT_TRUE(e.isIoProblem()) << "a newer file is not a bug in this program";
    }
}

TEST(Migrations, AFailedMigrationLeavesThePreviousVersion)
{
    TempDir dir;
    const auto path = dir / "clash.sqlite";
    {
        Database db(path);
        migrate(db, 1);
        // A table v2 wants to create already exists: v2 must fail as a whole.
        db.exec("CREATE TABLE reagents (x INTEGER)");
    }
    Database db(path);
    EXPECT_THROW(migrate(db), StorageError);
    EXPECT_EQ(db.userVersion(), 1);
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'strip_types'");
    st.step();
    EXPECT_EQ(st.columnInt(0), 0);
}
