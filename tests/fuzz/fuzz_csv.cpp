// libFuzzer target for CsvReader (see fuzzreader.h for what counts as a bug).
#include "fuzzreader.h"
#include "importers/csvreader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const candor::importers::CsvReader reader;
    return candor::fuzz::fuzzReader(reader, data, size, "fuzz.csv");
}
