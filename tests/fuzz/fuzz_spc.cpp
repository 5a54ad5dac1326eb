// libFuzzer target for SpcReader (see fuzzreader.h for what counts as a bug).
#include "fuzzreader.h"
#include "importers/spcreader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const candor::importers::SpcReader reader;
    return candor::fuzz::fuzzReader(reader, data, size, "fuzz.spc");
}
