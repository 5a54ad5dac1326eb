#pragma once
// FNV-1a 64-bit: a small, dependency-free fingerprint for cache keys and change
// detection (not a cryptographic hash: nobody gains by forging a library checksum here,
// and the instrument files themselves carry SHA-256 in the database).

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace candor::matching {

class Fnv1a64 {
public:
    void addBytes(const void *data, std::size_t size) noexcept
    {
        const auto *p = static_cast<const unsigned char *>(data);
        for (std::size_t i = 0; i < size; ++i) {
            m_state ^= p[i];
            m_state *= 0x100000001b3ULL;
        }
    }
    // Length-prefixed, so ("ab","c") and ("a","bc") differ.
    void addString(std::string_view s) noexcept
    {
        addValue(static_cast<std::uint64_t>(s.size()));
        addBytes(s.data(), s.size());
    }
    template<typename T>
    void addValue(T value) noexcept
    {
        static_assert(std::is_arithmetic_v<T>);
        addBytes(&value, sizeof value);
    }
    void addDoubles(std::span<const double> values) noexcept
    {
        addValue(static_cast<std::uint64_t>(values.size()));
        addBytes(values.data(), values.size_bytes());
    }
    std::uint64_t value() const noexcept { return m_state; }
    std::string hex() const
    {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(m_state));
        return buf;
    }

private:
    std::uint64_t m_state = 0xcbf29ce484222325ULL;
};

} // namespace candor::matching
