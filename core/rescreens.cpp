#include "core/rescreens.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/matchresults.h"
#include "core/permissions.h"
#include "core/util.h"

namespace candor::core {

namespace {

constexpr const char *kRunColumns =
    "SELECT id, library_checksum, status, total, done, cursor, started_at, COALESCE(finished_at, '') FROM rescreen_runs ";

RescreenRun readRun(Statement &st)
{
    RescreenRun r;
    r.id = st.columnText(0);
    r.libraryChecksum = st.columnText(1);
    r.status = st.columnText(2);
    r.total = st.columnInt(3);
    r.done = st.columnInt(4);
    r.cursor = st.columnInt(5);
    r.startedAt = st.columnText(6);
    r.finishedAt = st.columnText(7);
    return r;
}

std::optional<RescreenRun> oneRun(Database &db, const std::string &where, const std::string &param)
{
    auto st = db.prepare(std::string(kRunColumns) + where);
    if (!param.empty())
        st.bind(1, param);
    if (!st.step())
        return std::nullopt;
    return readRun(st);
}

// The spectra a re-screen covers: infrared, on a sample whose result still stands.
constexpr const char *kScreened = "sp.technique = 'infrared' AND s.status <> 'invalidated'";

} // namespace

RescreenRun RescreenStore::start(const std::string &libraryChecksum, const User &actor)
{
    require(actor, Action::Rescreen);
    RescreenRun r;
    r.id = newId();
    r.libraryChecksum = libraryChecksum;
    r.status = "running";
    r.startedAt = nowUtc();
    auto count = m_db.prepare(
        std::string("SELECT COUNT(*) FROM instrument_spectra sp JOIN instrument_files f ON f.id = sp.file_id "
                    "JOIN samples s ON s.id = f.sample_id WHERE ") +
        kScreened);
    count.step();
    r.total = count.columnInt(0);
    m_db.prepare("INSERT INTO rescreen_runs (id, library_checksum, status, total, done, cursor, started_at) "
                 "VALUES (?, ?, 'running', ?, 0, 0, ?)")
        .bind(1, r.id)
        .bind(2, r.libraryChecksum)
        .bind(3, r.total)
        .bind(4, r.startedAt)
        .run();
    return r;
}

std::optional<RescreenRun> RescreenStore::unfinished()
{
    return oneRun(m_db, "WHERE status IN ('running', 'cancelled') ORDER BY started_at DESC, rowid DESC LIMIT 1", {});
}

std::optional<RescreenRun> RescreenStore::find(const std::string &runId)
{
    return oneRun(m_db, "WHERE id = ?", runId);
}

std::optional<RescreenRun> RescreenStore::latest()
{
    return oneRun(m_db, "ORDER BY started_at DESC, rowid DESC LIMIT 1", {});
}

std::vector<RescreenItem> RescreenStore::batchAfter(std::int64_t cursor, std::size_t limit)
{
    // The newest match per spectrum as in MatchResultStore::latestFor (rowid breaks ties
    // within a second).
    auto st = m_db.prepare(std::string("SELECT sp.rowid, sp.id, f.id, f.file_name, s.id, s.public_code, s.status, sp.title, "
                                       "sp.technique, sp.x_units, sp.y_units, sp.x, sp.y, sp.metadata, "
                                       "m.id, m.library_checksum, m.screen, m.residual, m.main_substance_unknown "
                                       "FROM instrument_spectra sp JOIN instrument_files f ON f.id = sp.file_id "
                                       "JOIN samples s ON s.id = f.sample_id "
                                       "LEFT JOIN match_results m ON m.rowid = (SELECT m2.rowid FROM match_results m2 "
                                       " WHERE m2.spectrum_id = sp.id ORDER BY m2.created_at DESC, m2.rowid DESC LIMIT 1) "
                                       "WHERE sp.rowid > ? AND ") +
                           kScreened + " ORDER BY sp.rowid LIMIT ?");
    st.bind(1, cursor).bind(2, std::int64_t(limit));
    std::vector<RescreenItem> out;
    MatchResultStore matches(m_db);
    while (st.step()) {
        RescreenItem it;
        it.cursor = st.columnInt(0);
        it.spectrumId = st.columnText(1);
        it.fileId = st.columnText(2);
        it.fileName = st.columnText(3);
        it.sampleId = st.columnText(4);
        it.publicCode = st.columnText(5);
        it.sampleStatus = parse<SampleStatus>(st.columnText(6));
        it.spectrum.title = st.columnText(7);
        it.spectrum.technique = st.columnText(8);
        it.spectrum.xUnits = st.columnText(9);
        it.spectrum.yUnits = st.columnText(10);
        it.spectrum.x = unpackDoubles(st.columnBlob(11));
        it.spectrum.y = unpackDoubles(st.columnBlob(12));
        it.spectrum.metadataJson = st.columnText(13);
        it.hasMatch = !st.isNull(14);
        if (it.hasMatch) {
            StoredMatch match;
            match.id = st.columnText(14);
            matches.readParts(match);
            it.mixture = std::move(match.mixture);
            it.mixture.residual = st.columnDouble(17);
            it.mixture.mainSubstanceUnknown = st.columnInt(18) != 0;
            it.hits = std::move(match.hits);
            if (!st.isNull(15))
                it.matchLibraryChecksum = st.columnText(15);
            if (!st.isNull(16)) {
                const auto blob = st.columnBlob(16);
                it.matchScreen.assign(blob.begin(), blob.end());
            }
        }
        out.push_back(std::move(it));
    }
    return out;
}

void RescreenStore::recordBatch(const std::string &runId, std::int64_t cursor, std::int64_t screened,
                                const std::vector<RescreenChange> &changes)
{
    // UNIQUE (run_id, spectrum_id): a batch screened again after a crash between the
    // matches and this row lists nothing twice.
    auto insert = m_db.prepare("INSERT OR IGNORE INTO rescreen_changes (run_id, spectrum_id, file_id, sample_id, sample_status, "
                               "before, after, match_updated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const std::string now = nowUtc();
    for (const RescreenChange &c : changes) {
        insert.reset();
        insert.bind(1, runId).bind(2, c.spectrumId).bind(3, c.fileId).bind(4, c.sampleId).bind(5, toString(c.sampleStatus));
        insert.bind(6, c.beforeJson).bind(7, c.afterJson).bind(8, std::int64_t(c.matchUpdated ? 1 : 0)).bind(9, now);
        insert.run();
    }
    auto update = m_db.prepare(
        "UPDATE rescreen_runs SET cursor = ?, done = done + ?, status = 'running' WHERE id = ? AND cursor < ?");
    update.bind(1, cursor).bind(2, screened).bind(3, runId).bind(4, cursor).run();
    if (m_db.changes() != 1)
        throw ValidationError("cursor", "re-screen run '" + runId + "' does not exist or is already past spectrum " +
                                            std::to_string(cursor));
}

void RescreenStore::recordReferenceSet(const std::string &checksum, const std::string &entriesJson)
{
    m_db.prepare("INSERT OR IGNORE INTO library_reference_sets (checksum, entries, recorded_at) VALUES (?, ?, ?)")
        .bind(1, checksum)
        .bind(2, entriesJson)
        .bind(3, nowUtc())
        .run();
}

bool RescreenStore::hasReferenceSet(const std::string &checksum)
{
    auto st = m_db.prepare("SELECT 1 FROM library_reference_sets WHERE checksum = ?");
    st.bind(1, checksum);
    return st.step();
}

std::optional<std::string> RescreenStore::referenceSet(const std::string &checksum)
{
    auto st = m_db.prepare("SELECT entries FROM library_reference_sets WHERE checksum = ?");
    st.bind(1, checksum);
    if (!st.step())
        return std::nullopt;
    return st.columnText(0);
}

void RescreenStore::close(const std::string &runId, const std::string &status)
{
    if (status != "cancelled" && status != "finished")
        throw ValidationError("status", "status: '" + status + "' is not cancelled or finished");
    auto st = m_db.prepare("UPDATE rescreen_runs SET status = ?, finished_at = ? WHERE id = ?");
    st.bind(1, status);
    if (status == "finished")
        st.bind(2, nowUtc());
    else
        st.bindNull(2);
    st.bind(3, runId).run();
    if (m_db.changes() != 1)
        throw NotFound("no re-screen run with id '" + runId + "'");
}

std::vector<RescreenChange> RescreenStore::changes(const std::string &runId)
{
    auto st = m_db.prepare("SELECT c.run_id, c.spectrum_id, c.file_id, f.file_name, c.sample_id, s.public_code, c.sample_status, "
                           "c.before, c.after, c.match_updated, c.created_at FROM rescreen_changes c "
                           "JOIN instrument_files f ON f.id = c.file_id JOIN samples s ON s.id = c.sample_id "
                           "JOIN instrument_spectra sp ON sp.id = c.spectrum_id "
                           "WHERE c.run_id = ? ORDER BY s.public_code, f.rowid, sp.position");
    st.bind(1, runId);
    std::vector<RescreenChange> out;
    while (st.step()) {
        RescreenChange c;
        c.runId = st.columnText(0);
        c.spectrumId = st.columnText(1);
        c.fileId = st.columnText(2);
        c.fileName = st.columnText(3);
        c.sampleId = st.columnText(4);
        c.publicCode = st.columnText(5);
        c.sampleStatus = parse<SampleStatus>(st.columnText(6));
        c.beforeJson = st.columnText(7);
        c.afterJson = st.columnText(8);
        c.matchUpdated = st.columnInt(9) != 0;
        c.createdAt = st.columnText(10);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace candor::core
