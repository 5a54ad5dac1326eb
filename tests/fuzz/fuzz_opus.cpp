// libFuzzer target for OpusReader (see fuzzreader.h for what counts as a bug).
#include "fuzzreader.h"
#include "importers/opusreader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const candor::importers::OpusReader reader;
    return candor::fuzz::fuzzReader(reader, data, size, "fuzz.0");
}
