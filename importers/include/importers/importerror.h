#pragma once
// The one exception every reader throws for a file it cannot read: it says which file,
// where in it (line or byte offset), and what was expected there.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace candor::importers {

class ImportError : public std::runtime_error {
public:
    enum class Kind {
        Malformed,  // the content is wrong (CLI exit 65)
        CannotOpen, // missing, unreadable, a directory (CLI exit 66)
    };

    ImportError(Kind kind, std::string file, std::optional<std::uint64_t> line, std::optional<std::uint64_t> byteOffset,
                std::string what);

    Kind kind() const noexcept { return m_kind; }
    const std::string &file() const noexcept { return m_file; }
    std::optional<std::uint64_t> line() const noexcept { return m_line; }
    std::optional<std::uint64_t> byteOffset() const noexcept { return m_byteOffset; }
    // The bare reason, without the file/position prefix that what() carries.
    const std::string &reason() const noexcept { return m_reason; }

private:
    Kind m_kind;
    std::string m_file;
    std::optional<std::uint64_t> m_line;
    std::optional<std::uint64_t> m_byteOffset;
    std::string m_reason;
};

} // namespace candor::importers
