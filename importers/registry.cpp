#include "importers/reader.h"

#include "importers/andireader.h"
#include "importers/chemstationmsreader.h"
#include "importers/csvreader.h"
#include "importers/jcampreader.h"
#include "importers/opusreader.h"
#include "importers/spcreader.h"

#include <algorithm>
#include <fstream>
#include <system_error>

namespace candor::importers {

ReaderRegistry::ReaderRegistry() = default;
ReaderRegistry::~ReaderRegistry() = default;

const ReaderRegistry &ReaderRegistry::instance()
{
    // Filled once, under the thread-safe initialization of function-local statics.
    static ReaderRegistry registry;
    static const bool filled = [] {
        registry.add(std::make_unique<JcampReader>());
        registry.add(std::make_unique<SpcReader>());
        registry.add(std::make_unique<OpusReader>());
        registry.add(std::make_unique<AndiReader>());
        registry.add(std::make_unique<ChemStationMsReader>());
        // Last: it accepts any text with numbers, so every specific format is tried first.
        registry.add(std::make_unique<CsvReader>());
        return true;
    }();
    (void)filled;
    return registry;
}

void ReaderRegistry::add(std::unique_ptr<Reader> reader)
{
    m_readers.push_back(std::move(reader));
}

const Reader &ReaderRegistry::choose(std::span<const std::byte> bytes, const std::string &fileName) const
{
    if (const Reader *reader = find(bytes, fileName))
        return *reader;
    throw ImportError(ImportError::Kind::Malformed, fileName, std::nullopt, 0,
                      "not a format Candor reads (expected JCAMP-DX, SPC, OPUS, AnDI/netCDF, Agilent ChemStation MS or CSV)");
}

const Reader *ReaderRegistry::find(std::span<const std::byte> bytes, const std::string &fileName) const
{
    std::string ext = std::filesystem::path(fileName).extension().string();
    if (!ext.empty())
        ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const auto head = bytes.first(std::min<std::size_t>(bytes.size(), 4096));
    for (const auto &r : m_readers) {
        const auto exts = r->extensions();
        if (std::find(exts.begin(), exts.end(), ext) != exts.end() && r->sniff(head))
            return r.get();
    }
    for (const auto &r : m_readers)
        if (r->sniff(head))
            return r.get();
    return nullptr;
}

ImportResult ReaderRegistry::readBytes(std::span<const std::byte> bytes, const std::string &fileName) const
{
    const Reader &reader = choose(bytes, fileName);
    return ImportResult{std::string(reader.format()), reader.read(bytes, fileName)};
}

ImportResult ReaderRegistry::readFile(const std::filesystem::path &given) const
{
    const std::filesystem::path path = agilentDataFile(given);
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ImportError(ImportError::Kind::CannotOpen, name, std::nullopt, std::nullopt, "is a directory, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ImportError(ImportError::Kind::CannotOpen, name, std::nullopt, std::nullopt, "cannot be opened for reading");
    std::vector<std::byte> bytes;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    in.seekg(0);
    if (size > 0) {
        bytes.resize(static_cast<std::size_t>(size));
        in.read(reinterpret_cast<char *>(bytes.data()), size);
        if (!in)
            throw ImportError(ImportError::Kind::CannotOpen, name, std::nullopt, std::nullopt, "could not be read to the end");
    }
    if (bytes.empty())
        throw ImportError(ImportError::Kind::Malformed, name, std::nullopt, 0, "is empty");
    return readBytes(bytes, name);
}

} // namespace candor::importers
