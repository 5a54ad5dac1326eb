#pragma once
// Bounds-checked little-endian reads from a file's bytes for the binary readers (SPC,
// OPUS): every read past the end becomes an ImportError naming the byte offset and what
// was being read, never undefined behaviour.

#include "importers/importerror.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

namespace candor::importers {

class ByteReader {
public:
    ByteReader(std::span<const std::byte> bytes, const std::string &fileName)
        : m_bytes(bytes)
        , m_file(fileName)
    {
    }

    std::size_t size() const noexcept { return m_bytes.size(); }
    const std::string &fileName() const noexcept { return m_file; }

    // True when [offset, offset + length) lies inside the file (overflow-safe).
    bool has(std::uint64_t offset, std::uint64_t length) const noexcept
    {
        return offset <= m_bytes.size() && length <= m_bytes.size() - offset;
    }

    void require(std::uint64_t offset, std::uint64_t length, const std::string &what) const
    {
        if (!has(offset, length))
            fail(offset, what + ": needs " + std::to_string(length) + " bytes at byte " + std::to_string(offset) +
                             " but the file has " + std::to_string(m_bytes.size()) + " bytes (truncated?)");
    }

    [[noreturn]] void fail(std::uint64_t offset, const std::string &what) const
    {
        throw ImportError(ImportError::Kind::Malformed, m_file, std::nullopt, offset, what);
    }

    template<typename T>
    T read(std::uint64_t offset, const char *what) const
    {
        require(offset, sizeof(T), what);
        T v;
        std::memcpy(&v, m_bytes.data() + offset, sizeof(T));
        if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
            auto *p = reinterpret_cast<unsigned char *>(&v);
            for (std::size_t i = 0; i < sizeof(T) / 2; ++i)
                std::swap(p[i], p[sizeof(T) - 1 - i]);
        }
        return v;
    }

    std::uint8_t u8(std::uint64_t o, const char *w) const { return read<std::uint8_t>(o, w); }
    std::int8_t i8(std::uint64_t o, const char *w) const { return read<std::int8_t>(o, w); }
    std::uint16_t u16(std::uint64_t o, const char *w) const { return read<std::uint16_t>(o, w); }
    std::int16_t i16(std::uint64_t o, const char *w) const { return read<std::int16_t>(o, w); }
    std::uint32_t u32(std::uint64_t o, const char *w) const { return read<std::uint32_t>(o, w); }
    std::int32_t i32(std::uint64_t o, const char *w) const { return read<std::int32_t>(o, w); }
    float f32(std::uint64_t o, const char *w) const { return read<float>(o, w); }
    double f64(std::uint64_t o, const char *w) const { return read<double>(o, w); }

    // A fixed-size text field, cut at the first NUL and trimmed.
    std::string field(std::uint64_t offset, std::size_t length, const char *what) const;

    const std::byte *data() const noexcept { return m_bytes.data(); }

private:
    std::span<const std::byte> m_bytes;
    const std::string &m_file;
};

} // namespace candor::importers
