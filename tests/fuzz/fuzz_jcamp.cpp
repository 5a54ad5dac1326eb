// libFuzzer target for JcampReader (see fuzzreader.h for what counts as a bug).
#include "fuzzreader.h"
#include "importers/jcampreader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const candor::importers::JcampReader reader;
    return candor::fuzz::fuzzReader(reader, data, size, "fuzz.jdx");
}
