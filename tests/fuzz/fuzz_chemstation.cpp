// libFuzzer target for ChemStationMsReader (see fuzzreader.h for what counts as a bug).
#include "fuzzreader.h"
#include "importers/chemstationmsreader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const candor::importers::ChemStationMsReader reader;
    return candor::fuzz::fuzzReader(reader, data, size, "fuzz.ms");
}
