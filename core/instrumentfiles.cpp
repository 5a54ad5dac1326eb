#include "core/instrumentfiles.h"
#include "core/auditlog.h"
#include "core/permissions.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
#include "core/workflow.h"
#include "core/util.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace candor::core {

namespace {

constexpr const char *kFileColumns =
    "SELECT f.id, f.sample_id, s.public_code, f.file_name, f.format, f.size_bytes, f.sha256, f.imported_at, u.name, "
    "(SELECT count(*) FROM instrument_spectra sp WHERE sp.file_id = f.id), f.warnings "
    "FROM instrument_files f JOIN samples s ON s.id = f.sample_id JOIN users u ON u.id = f.imported_by ";

InstrumentFile readFile(Statement &st, int first = 0)
{
    InstrumentFile f;
    f.id = st.columnText(first + 0);
    f.sampleId = st.columnText(first + 1);
    f.samplePublicCode = st.columnText(first + 2);
    f.fileName = st.columnText(first + 3);
    f.format = st.columnText(first + 4);
    f.sizeBytes = st.columnInt(first + 5);
    f.sha256 = st.columnText(first + 6);
    f.importedAt = st.columnText(first + 7);
    f.importedByName = st.columnText(first + 8);
    f.spectrumCount = st.columnInt(first + 9);
    const auto warnings = nlohmann::json::parse(st.columnText(first + 10), nullptr, false);
    if (warnings.is_array())
        for (const auto &w : warnings)
            if (w.is_string())
                f.warnings.push_back(w.get<std::string>());
    return f;
}

std::string baseName(const std::string &name)
{
    const auto slash = name.find_last_of('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

} // namespace

std::string sha256Hex(std::span<const std::byte> bytes)
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
    static const char *hex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (unsigned char b : digest) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

InstrumentFile InstrumentFileStore::add(const std::string &sampleId, const NewInstrumentFile &in, const User &actor)
{
    // An instrument file is a reading of the sample, like a strip: the same role, and an
    // audit entry in the same transaction.
    require(actor, Action::AddReading);
    const std::string name = baseName(in.fileName);
    if (trim(name).empty() || name.size() > 255)
        throw ValidationError("file", "file: a name of 1 to 255 characters is needed");
    if (in.content.empty())
        throw ValidationError("file", name + ": is empty");
    if (in.spectra.empty())
        throw ValidationError("file", name + ": holds no spectrum");
    for (const auto &s : in.spectra)
        if (s.x.size() != s.y.size())
            throw ValidationError("file", name + ": a spectrum has " + std::to_string(s.x.size()) + " x values but " +
                                              std::to_string(s.y.size()) + " y values");
    const std::string sha = sha256Hex(in.content);

    Transaction tx(m_db);
    auto sample = m_db.prepare("SELECT status, public_code FROM samples WHERE id = ?");
    sample.bind(1, sampleId);
    if (!sample.step())
        throw NotFound("no sample with id '" + sampleId + "'");
    const auto status = parse<SampleStatus>(sample.columnText(0));
    const auto code = sample.columnText(1);
    if (!isOpenForTesting(status))
        throw ValidationError("status", "the sample " + code + " is " + toString(status) +
                                            ": instrument files can only be imported while it is received or in testing");
    if (const auto existing = findBySha256(sha)) {
        const bool same = existing->sampleId == sampleId;
        std::string what = name + ": already imported for sample " + existing->samplePublicCode + " on " +
                           existing->importedAt.substr(0, 10) + " (as " + existing->fileName + ", by " +
                           existing->importedByName + ")";
        if (!same)
            what += "; the same bytes cannot belong to two samples: check that this is the right file and sample";
        throw AlreadyImported(what, existing->id, existing->samplePublicCode, same);
    }

    InstrumentFile f;
    f.id = newId();
    f.sampleId = sampleId;
    f.samplePublicCode = code;
    f.fileName = name;
    f.format = in.format;
    f.sizeBytes = std::int64_t(in.content.size());
    f.sha256 = sha;
    f.importedAt = nowUtc();
    f.importedByName = actor.name;
    f.spectrumCount = std::int64_t(in.spectra.size());
    f.warnings = in.warnings;
    const nlohmann::json warnings = in.warnings;
    m_db.prepare("INSERT INTO instrument_files (id, sample_id, file_name, format, size_bytes, sha256, content, "
                 "imported_at, imported_by, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, f.id)
        .bind(2, sampleId)
        .bind(3, f.fileName)
        .bind(4, f.format)
        .bind(5, f.sizeBytes)
        .bind(6, sha)
        .bindBlob(7, in.content)
        .bind(8, f.importedAt)
        .bind(9, actor.id)
        .bind(10, warnings.dump())
        .run();
    auto insert = m_db.prepare("INSERT INTO instrument_spectra (id, file_id, position, title, technique, x_units, "
                               "y_units, npoints, x, y, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < in.spectra.size(); ++i) {
        const auto &s = in.spectra[i];
        const auto x = packDoubles(s.x);
        const auto y = packDoubles(s.y);
        insert.reset();
        insert.bind(1, newId())
            .bind(2, f.id)
            .bind(3, std::int64_t(i))
            .bind(4, s.title)
            .bind(5, s.technique)
            .bind(6, s.xUnits)
            .bind(7, s.yUnits)
            .bind(8, std::int64_t(s.x.size()))
            .bindBlob(9, x)
            .bindBlob(10, y)
            .bind(11, s.metadataJson)
            .run();
    }
    nlohmann::json entry = {{"file_name", f.fileName},
                            {"format", f.format},
                            {"sha256", sha},
                            {"size_bytes", f.sizeBytes},
                            {"spectra", f.spectrumCount}};
    if (!in.warnings.empty())
        entry["warnings"] = warnings;
    AuditLog(m_db).append(&actor, "instrument_file", f.id, sampleId, "insert", nullptr, entry);
    markSampleInTesting(m_db, sampleId, actor);
    tx.commit();
    return f;
}

std::optional<InstrumentFile> InstrumentFileStore::findBySha256(const std::string &sha256)
{
    auto st = m_db.prepare(std::string(kFileColumns) + "WHERE f.sha256 = ?");
    st.bind(1, sha256);
    if (!st.step())
        return std::nullopt;
    return readFile(st);
}

std::optional<InstrumentFile> InstrumentFileStore::find(const std::string &fileId)
{
    auto st = m_db.prepare(std::string(kFileColumns) + "WHERE f.id = ?");
    st.bind(1, fileId);
    if (!st.step())
        return std::nullopt;
    return readFile(st);
}

std::vector<InstrumentFile> InstrumentFileStore::files(const std::string &sampleId)
{
    std::vector<InstrumentFile> out;
    auto st = m_db.prepare(std::string(kFileColumns) + "WHERE f.sample_id = ? ORDER BY f.imported_at, f.rowid");
    st.bind(1, sampleId);
    while (st.step())
        out.push_back(readFile(st));
    return out;
}

std::vector<SpectrumSummary> InstrumentFileStore::spectra(const std::string &sampleId)
{
    std::vector<SpectrumSummary> out;
    for (const auto &file : files(sampleId)) {
        auto st = m_db.prepare("SELECT id, position, title, technique, x_units, y_units, npoints FROM instrument_spectra "
                               "WHERE file_id = ? ORDER BY position");
        st.bind(1, file.id);
        while (st.step())
            out.push_back({st.columnText(0), file.id, st.columnInt(1), st.columnText(2), st.columnText(3), st.columnText(4),
                           st.columnText(5), st.columnInt(6), file});
    }
    return out;
}

std::optional<SpectrumData> InstrumentFileStore::spectrum(const std::string &spectrumId)
{
    auto st = m_db.prepare("SELECT title, technique, x_units, y_units, x, y, metadata FROM instrument_spectra WHERE id = ?");
    st.bind(1, spectrumId);
    if (!st.step())
        return std::nullopt;
    SpectrumData s;
    s.title = st.columnText(0);
    s.technique = st.columnText(1);
    s.xUnits = st.columnText(2);
    s.yUnits = st.columnText(3);
    s.x = unpackDoubles(st.columnBlob(4));
    s.y = unpackDoubles(st.columnBlob(5));
    s.metadataJson = st.columnText(6);
    return s;
}

std::vector<std::byte> InstrumentFileStore::content(const std::string &fileId)
{
    auto st = m_db.prepare("SELECT content FROM instrument_files WHERE id = ?");
    st.bind(1, fileId);
    if (!st.step())
        throw NotFound("no instrument file with id '" + fileId + "'");
    return st.columnBlob(0);
}

} // namespace candor::core
