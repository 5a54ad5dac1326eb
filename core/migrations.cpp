#include "migrations.h"
#include "database.h"
#include "errors.h"

#include <sqlite3.h>

#include <functional>
#include <vector>

namespace candor::core {

namespace {

// v1: who works here, where, and the samples they take in.
void v1(Database &db)
{
    db.exec(R"sql(
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    roles         TEXT NOT NULL,          -- comma-separated: technician,verifier,coordinator,admin
    password_hash TEXT NOT NULL,          -- libsodium crypto_pwhash_str (Argon2id)
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,          -- UTC, ISO 8601
    created_by    TEXT REFERENCES users(id)
);
CREATE TABLE sites (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    region     TEXT NOT NULL,             -- what publications may name instead of the site
    created_at TEXT NOT NULL
);
CREATE TABLE substances (
    name  TEXT PRIMARY KEY COLLATE NOCASE,
    class TEXT NOT NULL,
    risk  TEXT NOT NULL DEFAULT 'normal' CHECK (risk IN ('normal', 'high'))
);
CREATE TABLE synonyms (
    term      TEXT PRIMARY KEY,           -- lower case, single spaces
    substance TEXT NOT NULL REFERENCES substances(name)
);
CREATE TABLE samples (
    id                TEXT PRIMARY KEY,
    public_code       TEXT NOT NULL UNIQUE,
    received_at       TEXT NOT NULL,
    site_id           TEXT NOT NULL REFERENCES sites(id),
    intake_channel    TEXT NOT NULL CHECK (intake_channel IN ('walk-in', 'mail-in', 'event', 'outreach')),
    sold_as           TEXT NOT NULL,
    sold_as_substance TEXT REFERENCES substances(name),
    form              TEXT NOT NULL,
    colour            TEXT,
    texture           TEXT,
    pill_logo         TEXT,
    pill_score_line   TEXT,
    pill_diameter_mm  REAL,
    pill_thickness_mm REAL,
    pill_mass_mg      REAL,
    sample_type       TEXT NOT NULL CHECK (sample_type IN ('substance', 'residue')),
    reported_effects  TEXT,
    overdose_involved INTEGER,
    research_consent  INTEGER NOT NULL DEFAULT 0,
    notes             TEXT,
    status            TEXT NOT NULL DEFAULT 'received'
                      CHECK (status IN ('received', 'in-testing', 'to-be-verified', 'verified', 'invalidated')),
    is_demo           INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX samples_received ON samples(received_at DESC);
CREATE INDEX samples_status ON samples(status, received_at DESC);
CREATE INDEX samples_substance ON samples(sold_as_substance);
CREATE INDEX samples_site ON samples(site_id);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql");
}

// v2: the test-strip and reagent catalogue, and the readings taken against it.
void v2(Database &db)
{
    db.exec(R"sql(
CREATE TABLE strip_types (
    key                  TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    target               TEXT NOT NULL,
    default_cutoff_ng_ml REAL,
    source               TEXT NOT NULL
);
CREATE TABLE strip_cross_reactants (
    strip_type TEXT NOT NULL REFERENCES strip_types(key),
    substance  TEXT NOT NULL COLLATE NOCASE,
    note       TEXT NOT NULL,
    source     TEXT NOT NULL,
    PRIMARY KEY (strip_type, substance)
);
CREATE TABLE reagents (
    key    TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE reagent_reactions (
    reagent   TEXT NOT NULL REFERENCES reagents(key),
    substance TEXT NOT NULL COLLATE NOCASE,
    colours   TEXT NOT NULL,              -- ordered, comma-separated
    source    TEXT NOT NULL,
    PRIMARY KEY (reagent, substance)
);
CREATE TABLE strip_readings (
    id             TEXT PRIMARY KEY,
    sample_id      TEXT NOT NULL REFERENCES samples(id),
    strip_type     TEXT NOT NULL REFERENCES strip_types(key),
    brand          TEXT,
    lot            TEXT,
    cutoff_ng_ml   REAL,
    dilution_mg_ml REAL,
    read_time_min  REAL,
    result         TEXT NOT NULL CHECK (result IN ('positive', 'negative', 'invalid')),
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX strip_readings_sample ON strip_readings(sample_id);
CREATE TABLE reagent_readings (
    id         TEXT PRIMARY KEY,
    sample_id  TEXT NOT NULL REFERENCES samples(id),
    reagent    TEXT NOT NULL REFERENCES reagents(key),
    colours    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX reagent_readings_sample ON reagent_readings(sample_id);
)sql");
}

// v3: the samples list's order as an index, so a page is read from the index instead of
// sorting every sample (127 ms a page at 100,000 samples before, see bench/samples).
void v3(Database &db)
{
    db.exec(R"sql(
CREATE INDEX samples_list_order ON samples(received_at DESC, id);
DROP INDEX samples_substance;
CREATE INDEX samples_substance_order ON samples(sold_as_substance, received_at DESC, id);
)sql");
}

// v4: community alerts (issue 6): drafts grouped by rule, region and window, the
// samples behind each, every publication (alert, update, cancel) as history; and results
// another service published, kept apart from this service's own samples.
void v4(Database &db)
{
    db.exec(R"sql(
CREATE TABLE alerts (
    id            TEXT PRIMARY KEY,
    rule_id       TEXT NOT NULL,
    region        TEXT NOT NULL,
    window_start  TEXT NOT NULL,          -- ISO week, "2018-W27"
    window_end    TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('information', 'caution', 'warning')),
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    headline      TEXT NOT NULL,
    found         TEXT NOT NULL,
    sold_as       TEXT NOT NULL,
    advice        TEXT NOT NULL,
    sample_count  INTEGER NOT NULL,
    edited        INTEGER NOT NULL DEFAULT 0,  -- the coordinator changed the text: refreshes keep it
    needs_update  INTEGER NOT NULL DEFAULT 0,  -- published, and the samples behind it changed since
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (rule_id, region, window_start)
);
CREATE TABLE alert_samples (
    alert_id  TEXT NOT NULL REFERENCES alerts(id),
    sample_id TEXT NOT NULL,              -- a sample or an external result; never published
    PRIMARY KEY (alert_id, sample_id)
);
CREATE TABLE alert_publications (
    id           TEXT PRIMARY KEY,
    alert_id     TEXT NOT NULL REFERENCES alerts(id),
    sequence     INTEGER NOT NULL,
    msg_type     TEXT NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL REFERENCES users(id),
    severity     TEXT NOT NULL,
    headline     TEXT NOT NULL,
    found        TEXT NOT NULL,
    sold_as      TEXT NOT NULL,
    advice       TEXT NOT NULL,
    sample_count INTEGER NOT NULL,
    region       TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end   TEXT NOT NULL,
    reason       TEXT,                    -- for a cancel
    UNIQUE (alert_id, sequence)
);
CREATE TABLE external_results (
    id                TEXT PRIMARY KEY,
    source            TEXT NOT NULL,      -- the mapping's name: drugcheckingbc
    file_sha256       TEXT NOT NULL,
    source_row        INTEGER NOT NULL,   -- 1-based data row in the file
    received_date     TEXT NOT NULL,      -- YYYY-MM-DD as published
    site              TEXT,               -- as published; never republished
    region            TEXT NOT NULL,
    sold_as           TEXT NOT NULL,
    sold_as_substance TEXT,
    sold_as_class     TEXT,
    strips            TEXT NOT NULL,      -- JSON object: strip type -> positive/negative/invalid/not-tested
    findings          TEXT NOT NULL,      -- JSON array of {substance, class, abundance, reported}
    imported_at       TEXT NOT NULL,
    UNIQUE (source, file_sha256, source_row)
);
CREATE INDEX external_results_date ON external_results(received_date);
)sql");
}

const std::vector<std::function<void(Database &)>> &migrations()
{
    static const std::vector<std::function<void(Database &)>> list = {v1, v2, v3, v4};
    return list;
}

} // namespace

int latestSchemaVersion() { return int(migrations().size()); }

void migrate(Database &db, int target)
{
    if (target < 0)
        target = latestSchemaVersion();
    const int current = db.userVersion();
    if (current > latestSchemaVersion())
        // Not a bug but a file this program cannot use: report it as the I/O problem it
        // is (CLI exit 74), like a file that is not SQLite at all.
        throw StorageError(SQLITE_CANTOPEN, db.path().string() + ": the database has schema version " + std::to_string(current)
                                  + ", newer than this Candor knows (" + std::to_string(latestSchemaVersion())
                                  + "); update Candor");
    for (int version = current; version < target; ++version) {
        Transaction tx(db);
        migrations()[std::size_t(version)](db);
        db.setUserVersion(version + 1);
        tx.commit();
    }
}

} // namespace candor::core
