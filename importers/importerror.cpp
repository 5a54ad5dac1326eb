#include "importers/importerror.h"

namespace candor::importers {

namespace {
std::string describe(const std::string &file, std::optional<std::uint64_t> line, std::optional<std::uint64_t> byteOffset,
                     const std::string &what)
{
    std::string text = file.empty() ? std::string("<input>") : file;
    if (line)
        text += ":" + std::to_string(*line);
    if (byteOffset)
        text += " (byte " + std::to_string(*byteOffset) + ")";
    return text + ": " + what;
}
} // namespace

ImportError::ImportError(Kind kind, std::string file, std::optional<std::uint64_t> line, std::optional<std::uint64_t> byteOffset,
                         std::string what)
    : std::runtime_error(describe(file, line, byteOffset, what))
    , m_kind(kind)
    , m_file(std::move(file))
    , m_line(line)
    , m_byteOffset(byteOffset)
    , m_reason(std::move(what))
{
}

} // namespace candor::importers
