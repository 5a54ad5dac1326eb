#include "services/instrumentimport.h"
#include "services/referencelibrary.h"
#include "services/rescreen.h"
#include "services/spectrummetadata.h"

#include "core/database.h"
#include "core/errors.h"
#include "importers/chemstationmsreader.h"
#include "importers/reader.h"
#include "importers/textutil.h"

#include <algorithm>
#include <fstream>
#include <system_error>

namespace candor::services {

using importers::ImportError;

std::vector<std::byte> readInstrumentFile(const std::filesystem::path &path)
{
    const std::string name = path.string();
    auto cannotOpen = [&](const std::string &why) {
        return ImportError(ImportError::Kind::CannotOpen, name, std::nullopt, std::nullopt, why);
    };
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) {
        if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
            throw cannotOpen("cannot be reached (" + ec.message() + ")");
        throw cannotOpen("does not exist");
    }
    if (std::filesystem::is_directory(status))
        throw cannotOpen("is a directory, expected a file");
    if (!std::filesystem::is_regular_file(status))
        throw cannotOpen("is not a regular file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw cannotOpen("its size cannot be read (" + ec.message() + ")");
    if (size > kMaxInstrumentFileBytes)
        throw ImportError(ImportError::Kind::Malformed, name, std::nullopt, std::nullopt,
                          "is " + std::to_string(size / (std::uintmax_t(1024) * 1024)) + " MiB, above the limit of " +
                              std::to_string(kMaxInstrumentFileBytes / (std::uintmax_t(1024) * 1024)) +
                              " MiB for an instrument file; not read");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw cannotOpen("cannot be opened for reading (permission denied?)");
    std::vector<std::byte> bytes(static_cast<std::size_t>(size));
    if (size > 0)
        in.read(reinterpret_cast<char *>(bytes.data()), std::streamsize(size));
    if (std::uintmax_t(in.gcount()) != size)
        throw cannotOpen("could not be read to the end (it changed while being read?)");
    if (bytes.empty())
        throw ImportError(ImportError::Kind::Malformed, name, std::nullopt, 0, "is empty");
    return bytes;
}

ParsedFile parseInstrumentFile(const std::filesystem::path &path)
{
    ParsedFile out;
    // An Agilent .D folder is stored as its MS data file, byte for byte.
    out.path = importers::agilentDataFile(path);
    out.bytes = readInstrumentFile(out.path);
    auto result = importers::ReaderRegistry::instance().readBytes(out.bytes, out.path.string());
    out.format = result.format;
    out.spectra.reserve(result.spectra.size());
    for (std::size_t i = 0; i < result.spectra.size(); ++i) {
        const auto &s = result.spectra[i];
        for (const auto &w : s.warnings) {
            if (result.spectra.size() == 1)
                out.warnings.push_back(importers::text::toUtf8(w));
            else
                out.warnings.push_back("spectrum " + std::to_string(i + 1) +
                                       (s.title.empty() ? "" : " (" + importers::text::toUtf8(s.title) + ")") + ": " +
                                       importers::text::toUtf8(w));
        }
    }
    for (auto &s : result.spectra) {
        core::SpectrumData d;
        d.title = importers::text::toUtf8(s.title);
        d.technique = s.technique;
        d.xUnits = s.xUnits;
        d.yUnits = s.yUnits;
        d.metadataJson = metadataToJson(s);
        d.x = std::move(s.x);
        d.y = std::move(s.y);
        out.spectra.push_back(std::move(d));
    }
    return out;
}

ImportOutcome storeParsedFile(core::Database &db, const std::string &sampleId, const ParsedFile &file, const core::User &actor,
                              const LoadedLibrary *library)
{
    core::InstrumentFileStore store(db);
    core::NewInstrumentFile in{file.path.filename().string(), file.format, file.bytes, file.spectra, file.warnings};
    // Matching needs no database: done before the transaction, so that it stays short.
    std::vector<std::pair<std::size_t, core::StoredMatch>> matches;
    if (library) {
        for (std::size_t i = 0; i < file.spectra.size(); ++i)
            if (file.spectra[i].technique == "infrared")
                matches.emplace_back(i, storedMatchFor(*library, matchSpectrum(*library, toSpectrum(file.spectra[i])), {}));
    }
    try {
        ImportOutcome outcome;
        core::Transaction tx(db);
        outcome.file = store.add(sampleId, in, actor);
        if (!matches.empty()) {
            recordReferenceSet(db, *library); // what a later re-screen compares with
            core::MatchResultStore results(db);
            std::vector<std::string> ids;
            for (const auto &s : store.spectra(sampleId))
                if (s.fileId == outcome.file.id)
                    ids.push_back(s.id);
            for (auto &[index, match] : matches) {
                if (index >= ids.size())
                    continue;
                match.spectrumId = ids[index];
                match.id = results.add(match);
                match.spectrumTitle = file.spectra[index].title;
                match.fileName = outcome.file.fileName;
                outcome.matches.push_back(match);
            }
        }
        tx.commit();
        std::int64_t points = 0;
        for (const auto &s : file.spectra)
            points += std::int64_t(s.x.size());
        outcome.message = "Imported " + outcome.file.fileName + " (" + outcome.file.format + ", " +
                          std::to_string(file.spectra.size()) + (file.spectra.size() == 1 ? " spectrum, " : " spectra, ") +
                          std::to_string(points) + " points) to sample " + outcome.file.samplePublicCode;
        if (!outcome.file.warnings.empty())
            outcome.message += ", with " + std::to_string(outcome.file.warnings.size()) +
                               (outcome.file.warnings.size() == 1 ? " warning" : " warnings");
        outcome.warnings = outcome.file.warnings;
        return outcome;
    } catch (const core::AlreadyImported &e) {
        if (!e.sameSample())
            throw;
        ImportOutcome outcome;
        outcome.status = ImportOutcome::Status::AlreadyImported;
        outcome.file = *store.find(e.existingFileId());
        outcome.message = std::string(e.what()) + ": nothing added";
        outcome.warnings = outcome.file.warnings;
        return outcome;
    }
}

ImportOutcome importInstrumentFile(core::Database &db, const std::string &sampleId, const std::filesystem::path &path,
                                   const core::User &actor, const LoadedLibrary *library)
{
    return storeParsedFile(db, sampleId, parseInstrumentFile(path), actor, library);
}

namespace {

// Whether a reader recognises the file from its name and first bytes. A file that cannot
// be read counts as recognised, so that importing it reports why.
bool looksLikeASpectrum(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return true;
    std::vector<char> head(4096);
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    const auto bytes = std::as_bytes(std::span<const char>(head));
    return importers::ReaderRegistry::instance().find(bytes, path.filename().string()) != nullptr;
}

} // namespace

ImportPaths expandImportPaths(const std::vector<std::filesystem::path> &paths)
{
    ImportPaths result;
    auto &out = result.files;
    for (const auto &p : paths) {
        std::error_code ec;
        // An Agilent .D folder is one run (parseInstrumentFile picks its data.ms), not a
        // folder of files to import one by one.
        if (!std::filesystem::is_directory(p, ec) || importers::isAgilentDataFolder(p)) {
            out.push_back(p);
            continue;
        }
        std::vector<std::filesystem::path> inFolder;
        for (std::filesystem::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
            const auto name = it->path().filename().string();
            if (name.empty() || name.front() == '.')
                continue;
            std::error_code fileEc;
            if (it->is_regular_file(fileEc))
                inFolder.push_back(it->path());
        }
        if (ec && inFolder.empty()) {
            // An unreadable folder: keep it, so that importing it says why.
            out.push_back(p);
            continue;
        }
        std::sort(inFolder.begin(), inFolder.end());
        for (auto &file : inFolder)
            (looksLikeASpectrum(file) ? out : result.skipped).push_back(std::move(file));
    }
    return result;
}

} // namespace candor::services
