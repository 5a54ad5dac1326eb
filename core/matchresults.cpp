#include "matchresults.h"
#include "database.h"
#include "errors.h"
#include "util.h"

namespace candor::core {

namespace {

constexpr const char *kColumns =
    "SELECT m.id, m.spectrum_id, m.library_name, m.library_version, m.library_spectra, m.library_demo, m.verdict, "
    "m.reason, m.error, m.warnings, m.hits, m.mixture, m.created_at, sp.title, f.file_name "
    "FROM match_results m JOIN instrument_spectra sp ON sp.id = m.spectrum_id "
    "JOIN instrument_files f ON f.id = sp.file_id ";

StoredMatch readMatch(Statement &st)
{
    StoredMatch m;
    m.id = st.columnText(0);
    m.spectrumId = st.columnText(1);
    m.libraryName = st.columnText(2);
    m.libraryVersion = st.columnText(3);
    m.librarySpectra = st.columnInt(4);
    m.libraryDemo = st.columnInt(5) != 0;
    m.verdict = st.columnText(6);
    m.reason = st.columnText(7);
    m.error = st.columnText(8);
    m.warningsJson = st.columnText(9);
    m.hitsJson = st.columnText(10);
    m.mixtureJson = st.columnText(11);
    m.createdAt = st.columnText(12);
    m.spectrumTitle = st.columnText(13);
    m.fileName = st.columnText(14);
    return m;
}

} // namespace

std::string MatchResultStore::add(const StoredMatch &match)
{
    if (match.verdict != "match" && match.verdict != "uncertain" && match.verdict != "no-match")
        throw ValidationError("verdict", "verdict: '" + match.verdict + "' is not match, uncertain or no-match");
    const std::string id = newId();
    auto st = m_db.prepare("INSERT INTO match_results (id, spectrum_id, library_name, library_version, library_spectra, "
                           "library_demo, verdict, reason, error, warnings, hits, mixture, created_at, library_checksum, screen) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, id).bind(2, match.spectrumId).bind(3, match.libraryName).bind(4, match.libraryVersion);
    st.bind(5, match.librarySpectra).bind(6, std::int64_t(match.libraryDemo ? 1 : 0)).bind(7, match.verdict);
    st.bind(8, match.reason).bind(9, match.error).bind(10, match.warningsJson).bind(11, match.hitsJson);
    st.bind(12, match.mixtureJson).bind(13, nowUtc());
    if (match.libraryChecksum.empty())
        st.bindNull(14);
    else
        st.bind(14, match.libraryChecksum);
    if (match.screen.empty())
        st.bindNull(15);
    else
        st.bindBlob(15, match.screen);
    st.run();
    return id;
}

std::vector<StoredMatch> MatchResultStore::forSample(const std::string &sampleId)
{
    // rowid breaks ties between results stored within the same second.
    auto st = m_db.prepare(std::string(kColumns)
                           + "WHERE f.sample_id = ? AND m.rowid = (SELECT m2.rowid FROM match_results m2 "
                             "WHERE m2.spectrum_id = m.spectrum_id ORDER BY m2.created_at DESC, m2.rowid DESC LIMIT 1) "
                             "ORDER BY f.imported_at, f.rowid, sp.position");
    st.bind(1, sampleId);
    std::vector<StoredMatch> out;
    while (st.step())
        out.push_back(readMatch(st));
    return out;
}

StoredMatch MatchResultStore::latestFor(const std::string &spectrumId)
{
    auto st = m_db.prepare(std::string(kColumns) + "WHERE m.spectrum_id = ? ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1");
    st.bind(1, spectrumId);
    if (st.step())
        return readMatch(st);
    return {};
}

} // namespace candor::core
