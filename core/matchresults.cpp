#include "core/matchresults.h"
#include "core/database.h"
#include "core/util.h"

namespace candor::core {

namespace {

constexpr const char *kColumns =
    "SELECT m.id, m.spectrum_id, m.library_name, m.library_version, m.library_spectra, m.library_demo, m.verdict, "
    "m.reason, m.error, m.residual, m.main_substance_unknown, m.created_at, sp.title, f.file_name "
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
    m.verdict = parse<Verdict>(st.columnText(6));
    m.reason = st.columnText(7);
    m.error = st.columnText(8);
    m.mixture.residual = st.columnDouble(9);
    m.mixture.mainSubstanceUnknown = st.columnInt(10) != 0;
    m.createdAt = st.columnText(11);
    m.spectrumTitle = st.columnText(12);
    m.fileName = st.columnText(13);
    return m;
}

} // namespace

std::string MatchResultStore::add(const StoredMatch &match)
{
    Transaction tx(m_db);
    const std::string id = newId();
    auto st = m_db.prepare("INSERT INTO match_results (id, spectrum_id, library_name, library_version, library_spectra, "
                           "library_demo, verdict, reason, error, residual, main_substance_unknown, created_at, "
                           "library_checksum, screen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, id).bind(2, match.spectrumId).bind(3, match.libraryName).bind(4, match.libraryVersion);
    st.bind(5, match.librarySpectra).bind(6, std::int64_t(match.libraryDemo ? 1 : 0)).bind(7, toString(match.verdict));
    st.bind(8, match.reason).bind(9, match.error).bind(10, match.mixture.residual);
    st.bind(11, std::int64_t(match.mixture.mainSubstanceUnknown ? 1 : 0)).bind(12, nowUtc());
    if (match.libraryChecksum.empty())
        st.bindNull(13);
    else
        st.bind(13, match.libraryChecksum);
    if (match.screen.empty())
        st.bindNull(14);
    else
        st.bindBlob(14, match.screen);
    st.run();

    auto hit = m_db.prepare("INSERT INTO match_hits (match_id, position, substance, class, score, rank, high_risk) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < match.hits.size(); ++i) {
        const StoredHit &h = match.hits[i];
        hit.bind(1, id).bind(2, std::int64_t(i)).bind(3, h.substance).bind(4, h.substanceClass).bind(5, h.score);
        hit.bind(6, h.rank).bind(7, std::int64_t(h.highRisk ? 1 : 0));
        hit.run();
        hit.reset();
    }
    auto component = m_db.prepare("INSERT INTO match_components (match_id, position, substance, class, fraction, status, "
                                  "high_risk, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    auto band = m_db.prepare("INSERT INTO match_component_bands (match_id, component, position, wavenumber, present) "
                             "VALUES (?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < match.mixture.components.size(); ++i) {
        const StoredComponent &c = match.mixture.components[i];
        component.bind(1, id).bind(2, std::int64_t(i)).bind(3, c.substance).bind(4, c.substanceClass).bind(5, c.fraction);
        component.bind(6, toString(c.status)).bind(7, std::int64_t(c.highRisk ? 1 : 0)).bind(8, c.evidence);
        component.run();
        component.reset();
        for (std::size_t j = 0; j < c.bands.size(); ++j) {
            band.bind(1, id).bind(2, std::int64_t(i)).bind(3, std::int64_t(j)).bind(4, c.bands[j].wavenumber);
            band.bind(5, std::int64_t(c.bands[j].present ? 1 : 0));
            band.run();
            band.reset();
        }
    }
    auto warning = m_db.prepare("INSERT INTO match_warnings (match_id, position, text) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < match.warnings.size(); ++i) {
        warning.bind(1, id).bind(2, std::int64_t(i)).bind(3, match.warnings[i]);
        warning.run();
        warning.reset();
    }
    tx.commit();
    return id;
}

void MatchResultStore::readParts(StoredMatch &match)
{
    match.hits.clear();
    match.mixture.components.clear();
    match.warnings.clear();
    auto hit = m_db.prepare(
        "SELECT substance, class, score, rank, high_risk FROM match_hits WHERE match_id = ? ORDER BY position");
    hit.bind(1, match.id);
    while (hit.step())
        match.hits.push_back(
            {hit.columnText(0), hit.columnText(1), hit.columnDouble(2), int(hit.columnInt(3)), hit.columnInt(4) != 0});
    auto component = m_db.prepare("SELECT substance, class, fraction, status, high_risk, evidence FROM match_components "
                                  "WHERE match_id = ? ORDER BY position");
    component.bind(1, match.id);
    while (component.step()) {
        StoredComponent c;
        c.substance = component.columnText(0);
        c.substanceClass = component.columnText(1);
        c.fraction = component.columnDouble(2);
        c.status = parse<ComponentStatus>(component.columnText(3));
        c.highRisk = component.columnInt(4) != 0;
        c.evidence = component.columnDouble(5);
        match.mixture.components.push_back(std::move(c));
    }
    auto band = m_db.prepare("SELECT component, wavenumber, present FROM match_component_bands WHERE match_id = ? "
                             "ORDER BY component, position");
    band.bind(1, match.id);
    while (band.step()) {
        const auto owner = std::size_t(band.columnInt(0));
        if (owner < match.mixture.components.size())
            match.mixture.components[owner].bands.push_back({band.columnDouble(1), band.columnInt(2) != 0});
    }
    auto warning = m_db.prepare("SELECT text FROM match_warnings WHERE match_id = ? ORDER BY position");
    warning.bind(1, match.id);
    while (warning.step())
        match.warnings.push_back(warning.columnText(0));
}

std::vector<StoredMatch> MatchResultStore::forSample(const std::string &sampleId)
{
    // rowid breaks ties between results stored within the same second.
    auto st = m_db.prepare(std::string(kColumns) +
                           "WHERE f.sample_id = ? AND m.rowid = (SELECT m2.rowid FROM match_results m2 "
                           "WHERE m2.spectrum_id = m.spectrum_id ORDER BY m2.created_at DESC, m2.rowid DESC LIMIT 1) "
                           "ORDER BY f.imported_at, f.rowid, sp.position");
    st.bind(1, sampleId);
    std::vector<StoredMatch> out;
    while (st.step())
        out.push_back(readMatch(st));
    for (auto &m : out)
        readParts(m);
    return out;
}

StoredMatch MatchResultStore::latestFor(const std::string &spectrumId)
{
    auto st = m_db.prepare(std::string(kColumns) + "WHERE m.spectrum_id = ? ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1");
    st.bind(1, spectrumId);
    if (!st.step())
        return {};
    StoredMatch m = readMatch(st);
    readParts(m);
    return m;
}

} // namespace candor::core
