#pragma once
// The body every reader's libFuzzer target shares: any input must either decode into
// usable spectra (paired, finite values) or throw ImportError; any other exception, a
// crash, a leak or undefined behaviour is a bug (tests/fuzz/replay runs the targets in
// CI, scripts/fuzz outside it).

#include "importers/reader.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

namespace candor::fuzz {

inline int fuzzReader(const importers::Reader &reader, const std::uint8_t *data, std::size_t size, const char *fileName)
{
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte *>(data), size);
    (void)reader.sniff(bytes.first(std::min<std::size_t>(size, 4096)));
    try {
        for (const auto &s : reader.read(bytes, fileName)) {
            if (s.x.size() != s.y.size())
                std::abort();
            for (std::size_t i = 0; i < s.x.size(); ++i)
                if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]))
                    std::abort();
        }
    } catch (const importers::ImportError &) {
        // expected for malformed input
    }
    return 0;
}

} // namespace candor::fuzz
