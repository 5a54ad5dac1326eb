#pragma once
// The interface every format reader implements, and the registry that picks one for a
// file: by extension first, then by looking at the content.

#include "importers/importerror.h"
#include "importers/spectrum.h"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace candor::importers {

class Reader {
public:
    virtual ~Reader() = default;
    // The format name used in ImportResult::format and in the CLI's JSON.
    virtual std::string_view format() const = 0;
    // Lower-case extensions without the dot ("jdx", "dx", "jcm").
    virtual std::vector<std::string> extensions() const = 0;
    // True when the bytes look like this format (magic numbers, first labels).
    virtual bool sniff(std::span<const std::byte> head) const = 0;
    // Decodes the whole file. Throws ImportError naming `fileName` and where it failed.
    virtual std::vector<Spectrum> read(std::span<const std::byte> bytes, const std::string &fileName) const = 0;
};

class ReaderRegistry {
public:
    ReaderRegistry();
    ~ReaderRegistry();
    ReaderRegistry(const ReaderRegistry &) = delete;
    ReaderRegistry &operator=(const ReaderRegistry &) = delete;

    // The registry with every reader Candor ships.
    static const ReaderRegistry &instance();

    void add(std::unique_ptr<Reader> reader);

    // The reader for this file: by extension when one claims it and its sniff agrees,
    // else the first whose sniff accepts the content. Throws ImportError when none does.
    const Reader &choose(std::span<const std::byte> bytes, const std::string &fileName) const;
    // The same choice without the error: nullptr when no reader recognises the content.
    const Reader *find(std::span<const std::byte> bytes, const std::string &fileName) const;

    // Reads a file from disk; an Agilent `.D` folder stands for its MS data file
    // (agilentDataFile). Missing, unreadable files and other directories throw
    // ImportError(CannotOpen); bad content throws ImportError(Malformed).
    ImportResult readFile(const std::filesystem::path &path) const;
    ImportResult readBytes(std::span<const std::byte> bytes, const std::string &fileName) const;

private:
    std::vector<std::unique_ptr<Reader>> m_readers;
};

} // namespace candor::importers
