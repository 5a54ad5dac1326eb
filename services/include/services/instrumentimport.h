#pragma once
// Importing instrument files into a sample, the one way both front ends do it: read the
// file from disk (refusing a file above kMaxInstrumentFileBytes before reading it), parse
// it with the importers' registry, then store bytes and spectra through core in one
// transaction. Parsing needs no database and may run on any thread; storing needs the
// Database of the calling thread (Database is not thread-safe: one per thread).

#include "core/instrumentfiles.h"
#include "core/matchresults.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace candor::core {
class Database;
struct User;
} // namespace candor::core

namespace candor::services {

class LoadedLibrary;

// Files above this size are refused before a byte is read (ImportError, Malformed). The
// largest real instrument files seen (GC-MS runs, hyperspectral exports) are tens of MiB.
inline constexpr std::uintmax_t kMaxInstrumentFileBytes = 256ull * 1024 * 1024;

// A parsed file, ready to be stored.
struct ParsedFile {
    std::filesystem::path path;
    std::string format;
    std::vector<std::byte> bytes;
    std::vector<core::SpectrumData> spectra;
    // The reader's warnings for the whole file; with several spectra each says which
    // ("spectrum 2 (title): line 15: ...").
    std::vector<std::string> warnings;
};

// Reads the whole file. Throws importers::ImportError: CannotOpen for a missing,
// unreadable or special file or a directory; Malformed for an empty file or one above
// kMaxInstrumentFileBytes. The message names the file.
std::vector<std::byte> readInstrumentFile(const std::filesystem::path &path);

// readInstrumentFile, then the registry. Throws importers::ImportError naming the file
// and where. Thread-safe.
ParsedFile parseInstrumentFile(const std::filesystem::path &path);

// What became of one file.
struct ImportOutcome {
    enum class Status {
        Imported,        // stored now
        AlreadyImported, // these bytes were already stored for this very sample: nothing added
    };
    Status status = Status::Imported;
    core::InstrumentFile file;         // the stored file (for AlreadyImported: the earlier one)
    std::string message;               // one sentence for people (it counts the warnings)
    std::vector<std::string> warnings; // what the reader read leniently (file.warnings)
    // Imported with a library: the match stored for each infrared spectrum, in file order.
    std::vector<core::StoredMatch> matches;
};

// Stores a parsed file on the sample in one transaction, with (when `library` is given)
// the match of each infrared spectrum against it: an unusable spectrum is stored as
// no-match with its reason, never half a result. The same bytes already on this
// sample: AlreadyImported, nothing added. Throws core::AlreadyImported when the bytes are
// on another sample (refused: almost surely a mix-up), and whatever
// InstrumentFileStore::add throws.
ImportOutcome storeParsedFile(core::Database &db, const std::string &sampleId, const ParsedFile &file, const core::User &actor,
                              const LoadedLibrary *library = nullptr);

// parseInstrumentFile + storeParsedFile.
ImportOutcome importInstrumentFile(core::Database &db, const std::string &sampleId, const std::filesystem::path &path,
                                   const core::User &actor, const LoadedLibrary *library = nullptr);

// The files a list of dropped or chosen paths stands for: a file as itself, a folder as
// every regular file directly in it (sorted by name; hidden files skipped; not
// recursive). Paths that do not exist are kept, so that importing them reports why.
// Inside a folder, files that no reader recognises (a library's README, a band table, an
// instrument's log) are listed in `skipped` instead: published libraries and instrument
// exports ship them beside the spectra, and calling them failures would hide the real
// ones. A file named on its own is always imported, so a wrong file still says why.
struct ImportPaths {
    std::vector<std::filesystem::path> files;
    std::vector<std::filesystem::path> skipped;
};
ImportPaths expandImportPaths(const std::vector<std::filesystem::path> &paths);

} // namespace candor::services
