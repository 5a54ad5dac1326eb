#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/matchresults.h"
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

namespace {
// A v17 database with one sample, one infrared spectrum and the match rows given as raw
// SQL values (hits, mixture and warnings as JSON text, as schema v17 kept them).
void writeV17Match(Database &db, const std::string &id, const std::string &createdAt, const std::string &verdict,
                   const std::string &error, const std::string &warnings, const std::string &hits, const std::string &mixture)
{
    auto st = db.prepare("INSERT INTO match_results (id, spectrum_id, library_name, library_version, library_spectra, "
                         "library_demo, verdict, reason, error, warnings, hits, mixture, created_at) "
                         "VALUES (?, 'sp1', 'Candor reference library', '29', 29, 1, ?, 'why', ?, ?, ?, ?, ?)");
    st.bind(1, id).bind(2, verdict).bind(3, error).bind(4, warnings).bind(5, hits).bind(6, mixture).bind(7, createdAt);
    st.run();
}

void writeV17Spectrum(Database &db)
{
    writeRowsOfVersion(db, 17);
    db.exec("INSERT INTO instrument_files (id, sample_id, file_name, format, size_bytes, sha256, content, "
            "imported_at, imported_by) VALUES ('f1', 'x1', 'street.jdx', 'jcamp-dx', 1, 'ab', x'00', "
            "'2025-01-02T11:00:00Z', 'u1')");
    db.exec("INSERT INTO instrument_spectra (id, file_id, position, title, technique, x_units, y_units, npoints, x, y, "
            "metadata) VALUES ('sp1', 'f1', 0, 'street sample', 'infrared', '1/cm', 'absorbance', 0, x'', x'', '{}')");
}
} // namespace

TEST(Migrations, MatchResultsStoredAsJsonBecomeTypedRowsValueForValue)
{
    TempDir dir;
    const auto path = dir / "v17.sqlite";
    {
        Database db(path);
        migrate(db, 17);
        writeV17Spectrum(db);
        writeV17Match(db, "m1", "2025-01-02T11:00:00Z", "uncertain", "",
                      R"(["matched against the demo library","possible fentanyl-class component: Carfentanil"])",
                      R"([{"substance":"Cocaine HCl","class":"stimulant","score":0.9873,"rank":1,"high_risk":false},)"
                      R"({"substance":"Carfentanil","class":"fentanyl","score":0.4145,"rank":2,"high_risk":true}])",
                      R"({"components":[{"substance":"Cocaine HCl","class":"stimulant","fraction":0.8339,"status":"detected",)"
                      R"("high_risk":false,"evidence":6027.0077,"bands":[{"wavenumber":1728.0,"present":true},)"
                      R"({"wavenumber":1710.0,"present":false}]},{"substance":"Carfentanil","class":"fentanyl",)"
                      R"("fraction":0.0123,"status":"possible","high_risk":true,"evidence":0.31416,"bands":[]}],)"
                      R"("residual":0.0091,"main_substance_unknown":true})");
    }
    auto db = openCandorDatabase(path);
    ASSERT_EQ(db->userVersion(), latestSchemaVersion());
    const StoredMatch m = MatchResultStore(*db).latestFor("sp1");
    ASSERT_EQ(m.id, "m1");
    EXPECT_EQ(m.verdict, Verdict::Uncertain);
    EXPECT_EQ(m.fileName, "street.jdx");
    EXPECT_EQ(m.warnings,
              (std::vector<std::string>{"matched against the demo library", "possible fentanyl-class component: Carfentanil"}));
    EXPECT_EQ(m.hits, (std::vector<StoredHit>{{"Cocaine HCl", "stimulant", 0.9873, 1, false},
                                              {"Carfentanil", "fentanyl", 0.4145, 2, true}}));
    ASSERT_EQ(m.mixture.components.size(), 2u);
    EXPECT_EQ(m.mixture.components[0], (StoredComponent{"Cocaine HCl",
                                                        "stimulant",
                                                        0.8339,
                                                        ComponentStatus::Detected,
                                                        false,
                                                        6027.0077,
                                                        {{1728.0, true}, {1710.0, false}}}));
    EXPECT_EQ(m.mixture.components[1],
              (StoredComponent{"Carfentanil", "fentanyl", 0.0123, ComponentStatus::Possible, true, 0.31416, {}}));
    EXPECT_EQ(m.mixture.residual, 0.0091);
    EXPECT_TRUE(m.mixture.mainSubstanceUnknown);
    auto columns = db->prepare(
        "SELECT count(*) FROM pragma_table_info('match_results') WHERE name IN ('hits', 'mixture', 'warnings')");
    ASSERT_TRUE(columns.step());
    EXPECT_EQ(columns.columnInt(0), 0) << "the JSON columns are gone";
}

TEST(Migrations, AMatchWhoseJsonCandorNeverWroteReadsAsEmpty)
{
    TempDir dir;
    const auto path = dir / "v17.sqlite";
    {
        Database db(path);
        migrate(db, 17);
        writeV17Spectrum(db);
        // A failed match as v10 stored it by default, and parts that are not JSON at all.
        writeV17Match(db, "m1", "2025-01-02T11:00:00Z", "no-match", "flat spectrum", "[]", "[]", "{}");
        writeV17Match(db, "m2", "2025-01-02T12:00:00Z", "no-match", "", "not json", "{\"a\":1}", "[1,2]");
    }
    auto db = openCandorDatabase(path);
    const StoredMatch m = MatchResultStore(*db).latestFor("sp1");
    ASSERT_EQ(m.id, "m2");
    EXPECT_TRUE(m.warnings.empty());
    EXPECT_TRUE(m.hits.empty());
    EXPECT_EQ(m.mixture, StoredMixture{});
    auto st = db->prepare("SELECT error, residual FROM match_results WHERE id = 'm1'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.columnText(0), "flat spectrum");
    EXPECT_EQ(st.columnDouble(1), 1.0);
}

TEST(Migrations, AComponentStatusOtherThanDetectedOrPossibleStopsTheMigrationAndSaysWhich)
{
    TempDir dir;
    const auto path = dir / "v17.sqlite";
    {
        Database db(path);
        migrate(db, 17);
        writeV17Spectrum(db);
        writeV17Match(db, "m1", "2025-01-02T11:00:00Z", "match", "", "[]", "[]",
                      R"({"components":[{"substance":"X","class":"cut","status":"likely"}]})");
    }
    Database db(path);
    try {
        migrate(db);
        FAIL() << "expected ValidationError";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "status");
        EXPECT_STREQ(e.what(), "component status: 'likely' is not detected or possible");
    }
    EXPECT_EQ(db.userVersion(), 17) << "nothing half-converted";
    auto st = db.prepare("SELECT mixture FROM match_results WHERE id = 'm1'");
    ASSERT_TRUE(st.step());
    EXPECT_NE(st.columnText(0).find("likely"), std::string::npos);
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
