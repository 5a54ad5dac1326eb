#include "importers/bytereader.h"

#include "importers/textutil.h"

namespace candor::importers {

std::string ByteReader::field(std::uint64_t offset, std::size_t length, const char *what) const
{
    require(offset, length, what);
    const char *p = reinterpret_cast<const char *>(m_bytes.data() + offset);
    std::size_t n = 0;
    while (n < length && p[n] != '\0')
        ++n;
    return text::toUtf8(text::trim(std::string_view(p, n)));
}

} // namespace candor::importers
