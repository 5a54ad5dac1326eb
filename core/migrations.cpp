#include "core/migrations.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/vocabulary.h"

#include <nlohmann/json.hpp>
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

// v4: the reference library matching searches: one row per reference spectrum, with the
// substance it shows and where it comes from; the points as arrays of doubles.
void v4(Database &db)
{
    db.exec(R"sql(
CREATE TABLE reference_spectra (
    id              TEXT PRIMARY KEY,
    substance       TEXT NOT NULL,           -- display name ("Cocaine HCl")
    substance_class TEXT NOT NULL,           -- fentanyl, nitazene, cut, ... or unknown
    risk            TEXT NOT NULL CHECK (risk IN ('low', 'moderate', 'high')),
    synonyms        TEXT NOT NULL DEFAULT '',
    cas             TEXT NOT NULL DEFAULT '',
    formula         TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    technique       TEXT NOT NULL,
    source          TEXT NOT NULL,           -- "SWGDRUG IR 3.12", "demo", a file name
    licence         TEXT NOT NULL DEFAULT '',
    resolution      REAL NOT NULL DEFAULT 0, -- 1/cm, 0 when unknown
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL UNIQUE,    -- of the file's bytes: re-import is idempotent
    x_units         TEXT NOT NULL,
    y_units         TEXT NOT NULL,
    x               BLOB NOT NULL,           -- little-endian doubles
    y               BLOB NOT NULL,
    metadata        TEXT NOT NULL DEFAULT '{}',
    is_demo         INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    created_by      TEXT REFERENCES users(id)
);
CREATE INDEX reference_spectra_substance ON reference_spectra(substance COLLATE NOCASE);
)sql");
}

// v5: Instrument files attached to a sample, kept byte for byte so that every result can be
// traced to the file it came from, and the spectra decoded from them so that front ends
// draw them without parsing again. sha256 is UNIQUE over all samples: the same bytes on
// two samples is a mix-up (two measurements never give identical files), so the second
// import is refused. x and y are little-endian IEEE 754 doubles, npoints of each.
void instrumentFiles(Database &db)
{
    db.exec(R"sql(
CREATE TABLE instrument_files (
    id          TEXT PRIMARY KEY,
    sample_id   TEXT NOT NULL REFERENCES samples(id),
    file_name   TEXT NOT NULL,             -- the name it had when imported, without folders
    format      TEXT NOT NULL,             -- jcamp-dx, spc, opus, andi, csv
    size_bytes  INTEGER NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,      -- lower-case hex of content
    content     BLOB NOT NULL,             -- the file, byte for byte
    imported_at TEXT NOT NULL,             -- UTC
    imported_by TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX instrument_files_sample ON instrument_files(sample_id, imported_at);
CREATE TABLE instrument_spectra (
    id        TEXT PRIMARY KEY,
    file_id   TEXT NOT NULL REFERENCES instrument_files(id),
    position  INTEGER NOT NULL,            -- order in the file, from 0
    title     TEXT NOT NULL,
    technique TEXT NOT NULL,
    x_units   TEXT NOT NULL,
    y_units   TEXT NOT NULL,
    npoints   INTEGER NOT NULL,
    x         BLOB NOT NULL,
    y         BLOB NOT NULL,
    metadata  TEXT NOT NULL,               -- JSON object, labels as the file states them
    UNIQUE (file_id, position)
);
)sql");
}

// v6: findings, the technician's conclusion on a sample, and the referral to a
// confirmatory lab.
void v6(Database &db)
{
    db.exec(R"sql(
CREATE TABLE findings (
    id         TEXT PRIMARY KEY,
    sample_id  TEXT NOT NULL REFERENCES samples(id),
    position   INTEGER NOT NULL,          -- order the technician gave
    kind       TEXT NOT NULL CHECK (kind IN ('substance', 'uncertain', 'no-match')),
    substance  TEXT,                      -- catalogue name when known, else as written; NULL for no-match
    known      INTEGER NOT NULL DEFAULT 0,-- 1 when the catalogue knows the substance
    abundance  TEXT CHECK (abundance IN ('primary', 'trace', 'percent')),
    percent    REAL CHECK (percent IS NULL OR (percent > 0 AND percent <= 100)),
    techniques TEXT NOT NULL DEFAULT '',  -- comma-separated: strip, reagent, ftir, raman, gc-ms, ...
    confidence TEXT NOT NULL DEFAULT 'confirmed' CHECK (confidence IN ('confirmed', 'probable', 'uncertain')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX findings_sample ON findings(sample_id, position);
CREATE INDEX findings_substance ON findings(substance);
ALTER TABLE samples ADD COLUMN referral_reason TEXT; -- set when the sample should go to a confirmatory lab
)sql");
}

// v7: the workflow (who submitted, verified, why returned or invalidated), the audit
// log, made append-only by triggers, and the requests to update alerts built on a
// result that was later invalidated.
void v7(Database &db)
{
    db.exec(R"sql(
ALTER TABLE samples ADD COLUMN submitted_by TEXT REFERENCES users(id);
ALTER TABLE samples ADD COLUMN submitted_at TEXT;
ALTER TABLE samples ADD COLUMN verified_by TEXT REFERENCES users(id);
ALTER TABLE samples ADD COLUMN verified_at TEXT;
ALTER TABLE samples ADD COLUMN status_reason TEXT;  -- the reason of the last return or invalidation
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,       -- 1, 2, 3, ... in order of appending
    at         TEXT NOT NULL,             -- UTC
    actor_id   TEXT NOT NULL,             -- '' for the system
    actor_name TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    sample_id  TEXT NOT NULL,             -- '' when not about a sample
    action     TEXT NOT NULL,
    old_value  TEXT NOT NULL,             -- JSON or ''
    new_value  TEXT NOT NULL,             -- JSON or ''
    reason     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_sample ON audit_log(sample_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;
CREATE TABLE alert_update_requests (
    id           TEXT PRIMARY KEY,
    sample_id    TEXT NOT NULL REFERENCES samples(id),
    reason       TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users(id),
    handled_at   TEXT                     -- set by the alerts module once its alerts are updated
);
CREATE INDEX alert_update_requests_open ON alert_update_requests(handled_at);
)sql");
}

// v8: failed sign-ins per user name, for the slow-down after repeated failures.
void v8(Database &db)
{
    db.exec(R"sql(
CREATE TABLE sign_in_failures (
    name           TEXT PRIMARY KEY,      -- normalized user name, known or not
    failures       INTEGER NOT NULL,
    last_failed_at TEXT NOT NULL          -- UTC
);
)sql");
}

// v9: community alerts (issue 6): drafts grouped by rule, region and window, the
// samples behind each, every publication (alert, update, cancel) as history; and results
// another service published, kept apart from this service's own samples.
void v9(Database &db)
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

// v10 (matchResults): what matching said about each stored spectrum when it was imported,
// kept with the library version it was matched against, so that a result can be traced
// to the library of the day and re-screened when the library grows. The hits, mixture
// and warnings are JSON in the shape of 'candor-cli match --json' (docs/cli.md).
void matchResults(Database &db)
{
    db.exec(R"sql(
CREATE TABLE match_results (
    id              TEXT PRIMARY KEY,
    spectrum_id     TEXT NOT NULL REFERENCES instrument_spectra(id),
    library_name    TEXT NOT NULL,
    library_version TEXT NOT NULL,
    library_spectra INTEGER NOT NULL,
    library_demo    INTEGER NOT NULL DEFAULT 0, -- matched against (partly) demo references
    verdict         TEXT NOT NULL CHECK (verdict IN ('match', 'uncertain', 'no-match')),
    reason          TEXT NOT NULL,
    error           TEXT NOT NULL DEFAULT '',   -- set when the spectrum could not be matched
    warnings        TEXT NOT NULL DEFAULT '[]', -- JSON array of sentences
    hits            TEXT NOT NULL DEFAULT '[]', -- JSON, as match --json
    mixture         TEXT NOT NULL DEFAULT '{}', -- JSON, as match --json
    created_at      TEXT NOT NULL
);
CREATE INDEX match_results_spectrum ON match_results(spectrum_id, created_at);
)sql");
}

// v11 (importWarnings): what a reader read leniently in an instrument file (a point count
// that disagrees with the header, an empty GC-MS scan...), kept with the file so that the
// import report, the file list and the sample's history can say it. Files stored before
// were read strictly: they have none.
void importWarnings(Database &db)
{
    db.exec(R"sql(
ALTER TABLE instrument_files ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]'; -- JSON array of sentences
)sql");
}

// v12 (referenceRetirementAndRiskSet): a service's own library (issue 11): the demo library is retired rather than deleted,
// so stored matches still name what they were matched against; and a reference whose
// substance the catalogue does not know waits for an admin to set its risk. v4's CHECK
// keeps `risk` to low/moderate/high, so "not set" is its own flag (risk then holds 'low'
// and nothing reads it as a decision).
void referenceRetirementAndRiskSet(Database &db)
{
    db.exec(R"sql(
ALTER TABLE reference_spectra ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reference_spectra ADD COLUMN risk_set INTEGER NOT NULL DEFAULT 1;
)sql");
}

// v13 (rescreens): re-screening stored spectra when the reference library changes. A run
// keeps the checksum of the library it screens against and a cursor (the rowid of the
// last instrument_spectra row screened), so a run stopped by a cancel or a crash resumes
// where it was; a change is UNIQUE per run and spectrum, so screening a batch again after a
// crash lists nothing twice. Changes are only listed: nothing here touches findings.
void rescreens(Database &db)
{
    db.exec(R"sql(
CREATE TABLE rescreen_runs (
    id               TEXT PRIMARY KEY,
    library_checksum TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('running', 'cancelled', 'finished')),
    total            INTEGER NOT NULL,      -- spectra to screen when the run started
    done             INTEGER NOT NULL DEFAULT 0,
    cursor           INTEGER NOT NULL DEFAULT 0, -- instrument_spectra rowid of the last one screened
    started_at       TEXT NOT NULL,
    finished_at      TEXT
);
CREATE TABLE rescreen_changes (
    run_id        TEXT NOT NULL REFERENCES rescreen_runs(id),
    spectrum_id   TEXT NOT NULL REFERENCES instrument_spectra(id),
    file_id       TEXT NOT NULL REFERENCES instrument_files(id),
    sample_id     TEXT NOT NULL REFERENCES samples(id),
    sample_status TEXT NOT NULL,            -- when the change was found
    before        TEXT NOT NULL,            -- JSON array of high-risk {substance, class, status}
    after         TEXT NOT NULL,
    match_updated INTEGER NOT NULL,         -- 1: the new match was stored (never for a verified sample)
    created_at    TEXT NOT NULL,
    PRIMARY KEY (run_id, spectrum_id)
);
CREATE INDEX rescreen_changes_sample ON rescreen_changes(sample_id);
)sql");
}

// v14 (labResults): confirmatory lab results (GC-MS, LC-MS, qNMR...) against samples'
// public codes, for validating Candor's calls (issue 11). One row per sample, substance,
// lab, method and report date (NULLs stored as '' so that UNIQUE holds and re-importing a
// file adds nothing). detection_thresholds: the evidence thresholds an admin adopted per
// high-risk class from those results; matching applies them.
void labResults(Database &db)
{
    db.exec(R"sql(
CREATE TABLE lab_results (
    id               TEXT PRIMARY KEY,
    sample_id        TEXT NOT NULL REFERENCES samples(id),
    substance        TEXT NOT NULL,            -- the catalogue's name
    lab              TEXT NOT NULL DEFAULT '',
    method           TEXT NOT NULL DEFAULT '', -- gc-ms, lc-ms, qnmr, ... or ''
    reported_on      TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD or ''
    detected         INTEGER NOT NULL CHECK (detected IN (0, 1)),
    quantity_percent REAL CHECK (quantity_percent IS NULL OR (quantity_percent > 0 AND quantity_percent <= 100)),
    file_name        TEXT NOT NULL,
    source_line      INTEGER NOT NULL,         -- the CSV line it came from (last import)
    imported_at      TEXT NOT NULL,
    imported_by      TEXT NOT NULL REFERENCES users(id),
    UNIQUE (sample_id, substance, lab, method, reported_on)
);
CREATE INDEX lab_results_substance ON lab_results(substance);
CREATE TABLE detection_thresholds (
    substance_class TEXT PRIMARY KEY,
    evidence        REAL NOT NULL,             -- FittedComponent::evidence at which it is detected
    specificity     REAL NOT NULL,             -- on the lab results it was chosen from
    sensitivity     REAL NOT NULL,
    negatives       INTEGER NOT NULL,
    positives       INTEGER NOT NULL,
    adopted_at      TEXT NOT NULL,
    adopted_by      TEXT NOT NULL REFERENCES users(id)
);
)sql");
}

// v15 (fast re-screen): what a stored match was made against, so that a re-screen after a
// library change re-matches only the spectra the change can affect. Each stored match
// keeps its library's checksum; each library a match was stored against (or a re-screen
// ran against) keeps its reference set: one line per reference (spectrum id, substance,
// class, always-screened), from which a later re-screen works out what was added and
// what was removed. A match with no checksum (stored before v15) is simply matched again.
void matchLibraryReferenceSets(Database &db)
{
    db.exec(R"sql(
ALTER TABLE match_results ADD COLUMN library_checksum TEXT;
CREATE TABLE library_reference_sets (
    checksum    TEXT PRIMARY KEY,   -- the compiled library's checksum (match_results.library_checksum)
    entries     TEXT NOT NULL,      -- JSON array of [spectrum_id, substance, class, always_screen]
    recorded_at TEXT NOT NULL
);
)sql");
}

// v16 (issue 12, a bench that keeps up): a mis-tapped strip reading is corrected, not
// deleted. The old row stays and names the reading that replaced it; only readings with
// no successor count. No REFERENCES clause: removing a sample's readings (demo removal)
// deletes a chain of corrections in one statement, in any order.
void stripCorrections(Database &db)
{
    db.exec("ALTER TABLE strip_readings ADD COLUMN superseded_by TEXT;");
}

// v17 (exact re-screen): what the engine's choices for a stored match hinged on (the
// processed query, what the fit left over, the floors an added reference must reach to
// enter the hits, the residual search or the forward selection; matching::ScreenTrace as
// services/rescreen.cpp encodes it), so that a re-screen keeps a stored match only where
// an added reference provably cannot enter it. NULL for matches stored before.
void matchScreenTraces(Database &db)
{
    db.exec("ALTER TABLE match_results ADD COLUMN screen BLOB;");
}

// v18 (issue 13, match results as typed rows): the hits, mixture and warnings of a stored
// match were the JSON of 'candor-cli match --json', which every reader parsed back. They
// are rows now (one per hit, component, distinctive band and warning, in their order),
// the residual and "main substance unknown" columns of match_results; the CLI's JSON is
// written from them (cli/matchjson.cpp). Existing rows are converted here, value for
// value, so that they print as before; the JSON columns are dropped. A part of a row that
// Candor never wrote (unreadable JSON, a missing field) reads as empty or its default.
namespace v18json {
double number(const nlohmann::json &object, const char *key, double fallback)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}
bool flag(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}
std::string text(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}
// The array under `key` (or the document itself when key is null); empty otherwise.
nlohmann::json objects(const nlohmann::json &document, const char *key)
{
    const nlohmann::json *array = &document;
    if (key) {
        if (!document.is_object() || !document.contains(key))
            return nlohmann::json::array();
        array = &document[key];
    }
    nlohmann::json out = nlohmann::json::array();
    if (array->is_array())
        for (const auto &item : *array)
            if (item.is_object())
                out.push_back(item);
    return out;
}
} // namespace v18json

void matchRows(Database &db)
{
    db.exec(R"sql(
ALTER TABLE match_results ADD COLUMN residual REAL NOT NULL DEFAULT 1;  -- ||query - fit|| / ||query||
ALTER TABLE match_results ADD COLUMN main_substance_unknown INTEGER NOT NULL DEFAULT 0;
CREATE TABLE match_hits (
    match_id  TEXT NOT NULL REFERENCES match_results(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,  -- order in the result, from 0
    substance TEXT NOT NULL,
    class     TEXT NOT NULL,
    score     REAL NOT NULL,     -- Pearson r, rounded to 0.001
    rank      INTEGER NOT NULL,  -- 1 = best
    high_risk INTEGER NOT NULL,
    PRIMARY KEY (match_id, position)
);
CREATE TABLE match_components (
    match_id  TEXT NOT NULL REFERENCES match_results(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,  -- detected by fraction, then possible
    substance TEXT NOT NULL,
    class     TEXT NOT NULL,
    fraction  REAL NOT NULL,     -- share of the fitted signal
    status    TEXT NOT NULL CHECK (status IN ('detected', 'possible')),
    high_risk INTEGER NOT NULL,
    evidence  REAL NOT NULL,
    PRIMARY KEY (match_id, position)
);
CREATE TABLE match_component_bands (
    match_id   TEXT NOT NULL,
    component  INTEGER NOT NULL, -- match_components.position
    position   INTEGER NOT NULL, -- strongest first
    wavenumber REAL NOT NULL,    -- 1/cm
    present    INTEGER NOT NULL, -- the sample shows it
    PRIMARY KEY (match_id, component, position),
    FOREIGN KEY (match_id, component) REFERENCES match_components(match_id, position) ON DELETE CASCADE
);
CREATE TABLE match_warnings (
    match_id TEXT NOT NULL REFERENCES match_results(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (match_id, position)
);
)sql");
    // Read first, then write: the UPDATE below must not run under an open scan of its table.
    struct JsonRow {
        std::string id, hits, mixture, warnings;
    };
    std::vector<JsonRow> jsonRows;
    {
        auto rows = db.prepare("SELECT id, hits, mixture, warnings FROM match_results");
        while (rows.step())
            jsonRows.push_back({rows.columnText(0), rows.columnText(1), rows.columnText(2), rows.columnText(3)});
    }
    auto setMixture = db.prepare("UPDATE match_results SET residual = ?, main_substance_unknown = ? WHERE id = ?");
    auto hit = db.prepare("INSERT INTO match_hits VALUES (?, ?, ?, ?, ?, ?, ?)");
    auto component = db.prepare("INSERT INTO match_components VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    auto band = db.prepare("INSERT INTO match_component_bands VALUES (?, ?, ?, ?, ?)");
    auto warning = db.prepare("INSERT INTO match_warnings VALUES (?, ?, ?)");
    using namespace v18json;
    for (const JsonRow &row : jsonRows) {
        const std::string &id = row.id;
        const auto hits = nlohmann::json::parse(row.hits, nullptr, false);
        const auto mixture = nlohmann::json::parse(row.mixture, nullptr, false);
        const auto warnings = nlohmann::json::parse(row.warnings, nullptr, false);
        std::int64_t i = 0;
        for (const auto &h : objects(hits, nullptr)) {
            hit.bind(1, id).bind(2, i++).bind(3, text(h, "substance")).bind(4, text(h, "class"));
            hit.bind(5, number(h, "score", 0))
                .bind(6, std::int64_t(number(h, "rank", 0)))
                .bind(7, std::int64_t(flag(h, "high_risk")));
            hit.run();
            hit.reset();
        }
        i = 0;
        for (const auto &c : objects(mixture, "components")) {
            component.bind(1, id).bind(2, i).bind(3, text(c, "substance")).bind(4, text(c, "class"));
            component.bind(5, number(c, "fraction", 0)).bind(6, toString(parse<ComponentStatus>(text(c, "status"))));
            component.bind(7, std::int64_t(flag(c, "high_risk"))).bind(8, number(c, "evidence", 0));
            component.run();
            component.reset();
            std::int64_t j = 0;
            for (const auto &b : objects(c, "bands")) {
                band.bind(1, id)
                    .bind(2, i)
                    .bind(3, j++)
                    .bind(4, number(b, "wavenumber", 0))
                    .bind(5, std::int64_t(flag(b, "present")));
                band.run();
                band.reset();
            }
            ++i;
        }
        i = 0;
        if (warnings.is_array())
            for (const auto &w : warnings)
                if (w.is_string()) {
                    warning.bind(1, id).bind(2, i++).bind(3, w.get<std::string>());
                    warning.run();
                    warning.reset();
                }
        const bool isObject = mixture.is_object();
        setMixture.bind(1, isObject ? number(mixture, "residual", 1) : 1.0)
            .bind(2, std::int64_t(isObject && flag(mixture, "main_substance_unknown")))
            .bind(3, id);
        setMixture.run();
        setMixture.reset();
    }
    db.exec(R"sql(
ALTER TABLE match_results DROP COLUMN hits;
ALTER TABLE match_results DROP COLUMN mixture;
ALTER TABLE match_results DROP COLUMN warnings;
)sql");
}

// v19 (issue 14, GC-MS identification): the GC-MS libraries, one row per entry: imported
// from an MSP file ("msp") or taken from a reference-standard run here ("in-house", with
// its retention time on this lab's method). Peaks as packed doubles, like reference spectra.
void gcmsLibrary(Database &db)
{
    db.exec(R"sql(
CREATE TABLE gcms_library_entries (
    id                TEXT PRIMARY KEY,
    origin            TEXT NOT NULL CHECK (origin IN ('msp', 'in-house')),
    source_file       TEXT NOT NULL,
    name              TEXT NOT NULL,
    cas               TEXT NOT NULL DEFAULT '',
    formula           TEXT NOT NULL DEFAULT '',
    retention_index   REAL,
    retention_minutes REAL,
    mz                BLOB NOT NULL,
    intensity         BLOB NOT NULL,
    added_at          TEXT NOT NULL,
    added_by          TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX gcms_library_entries_name ON gcms_library_entries(name);
)sql");
}

const std::vector<std::function<void(Database &)>> &migrations()
{
    // Append only: a released database knows its version by position in this list.
    static const std::vector<std::function<void(Database &)>> list = {v1,
                                                                      v2,
                                                                      v3,
                                                                      v4,
                                                                      instrumentFiles,
                                                                      v6,
                                                                      v7,
                                                                      v8,
                                                                      v9,
                                                                      matchResults,
                                                                      importWarnings,
                                                                      referenceRetirementAndRiskSet,
                                                                      rescreens,
                                                                      labResults,
                                                                      matchLibraryReferenceSets,
                                                                      stripCorrections,
                                                                      matchScreenTraces,
                                                                      matchRows,
                                                                      gcmsLibrary};
    return list;
}

} // namespace

int latestSchemaVersion()
{
    return int(migrations().size());
}

void migrate(Database &db, int target)
{
    if (target < 0)
        target = latestSchemaVersion();
    const int current = db.userVersion();
    if (current > latestSchemaVersion())
        // Not a bug but a file this program cannot use: report it as the I/O problem it
        // is (CLI exit 74), like a file that is not SQLite at all.
        throw StorageError(SQLITE_CANTOPEN, db.path().string() + ": the database has schema version " + std::to_string(current) +
                                                ", newer than this Candor knows (" + std::to_string(latestSchemaVersion()) +
                                                "); update Candor");
    for (int version = current; version < target; ++version) {
        Transaction tx(db);
        migrations()[std::size_t(version)](db);
        db.setUserVersion(version + 1);
        tx.commit();
    }
}

} // namespace candor::core
