// libFuzzer target for AndiReader (see fuzzreader.h for what counts as a bug).
#include "fuzzreader.h"
#include "importers/andireader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const candor::importers::AndiReader reader;
    return candor::fuzz::fuzzReader(reader, data, size, "fuzz.cdf");
}
