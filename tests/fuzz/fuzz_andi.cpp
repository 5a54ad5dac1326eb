// libFuzzer target for AndiReader: any input must either decode or throw ImportError; any
// other exception, crash, leak or undefined behaviour is a bug (scripts/fuzz runs it).
#include "importers/andireader.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace candor::importers;
    const AndiReader reader;
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte *>(data), size);
    (void)reader.sniff(bytes.first(std::min<std::size_t>(size, 4096)));
    try {
        const auto spectra = reader.read(bytes, "fuzz.cdf");
        // What a reader returns must be usable: paired, finite values.
        for (const auto &s : spectra) {
            if (s.x.size() != s.y.size())
                std::abort();
            for (std::size_t i = 0; i < s.x.size(); ++i)
                if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]))
                    std::abort();
        }
    } catch (const ImportError &) {
        // expected for malformed input
    }
    return 0;
}
