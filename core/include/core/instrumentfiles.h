#pragma once
// Instrument files on a sample: the file kept byte for byte with its SHA-256, and the
// spectra decoded from it, so that a result can always be traced back to its file and
// front ends can draw a spectrum without parsing again. Core does not parse: the caller
// (candor_services) hands in what the importers decoded.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util.h"

namespace candor::core {

class Database;
struct User;

// One decoded spectrum, in the file's own units (see importers::Spectrum).
struct SpectrumData {
    std::string title;
    std::string technique;
    std::string xUnits;
    std::string yUnits;
    std::vector<double> x;
    std::vector<double> y;
    std::string metadataJson = "{}"; // a JSON object
};

struct NewInstrumentFile {
    std::string fileName; // shown to people; folders are dropped
    std::string format;   // jcamp-dx, spc, opus, andi, csv
    std::span<const std::byte> content;
    std::vector<SpectrumData> spectra; // at least one
    // What the reader read leniently (a point count that disagrees with the header, an
    // empty scan...): one sentence each, saying where. Kept with the file and written into
    // the sample's history, so that nobody has to re-read the file to learn of it.
    std::vector<std::string> warnings;
};

struct InstrumentFile {
    std::string id;
    std::string sampleId;
    std::string samplePublicCode;
    std::string fileName;
    std::string format;
    std::int64_t sizeBytes = 0;
    std::string sha256; // lower-case hex
    std::string importedAt;
    std::string importedByName;
    std::int64_t spectrumCount = 0;
    std::vector<std::string> warnings; // as NewInstrumentFile::warnings
};

// A stored spectrum without its points (cheap to list), plus the file it came from.
struct SpectrumSummary {
    std::string id;
    std::string fileId;
    std::int64_t position = 0;
    std::string title;
    std::string technique;
    std::string xUnits;
    std::string yUnits;
    std::int64_t npoints = 0;
    InstrumentFile file;
};

// SHA-256 of `bytes` as lower-case hex (libsodium).
std::string sha256Hex(std::span<const std::byte> bytes);

class InstrumentFileStore {
public:
    explicit InstrumentFileStore(Database &db)
        : m_db(db)
    {
    }

    // Stores the file and its spectra in one transaction, and moves a received sample to
    // in-testing. Throws NotFound (no such sample), ValidationError (the sample is past
    // testing; no spectra; x and y of different lengths; a name or size out of bounds),
    // AlreadyImported (these bytes are stored already, for this sample or another one:
    // the same bytes on two samples is refused as the mix-up it almost surely is).
    InstrumentFile add(const std::string &sampleId, const NewInstrumentFile &file, const User &actor);

    // The stored file with these bytes, whichever sample it belongs to.
    std::optional<InstrumentFile> findBySha256(const std::string &sha256);
    std::optional<InstrumentFile> find(const std::string &fileId);
    // Oldest first.
    std::vector<InstrumentFile> files(const std::string &sampleId);
    // Every spectrum of every file of the sample, in import order then file order.
    std::vector<SpectrumSummary> spectra(const std::string &sampleId);
    // One spectrum with its points; nullopt when there is none with this id.
    std::optional<SpectrumData> spectrum(const std::string &spectrumId);
    // The stored bytes of a file, exactly as imported.
    std::vector<std::byte> content(const std::string &fileId);

private:
    Database &m_db;
};

} // namespace candor::core
