#pragma once
// Reads two-column text exports (CSV, TSV, semicolon or space separated, with a decimal
// point or a decimal comma), the lowest common denominator every instrument can write.
// Header lines before the numbers become metadata, and units are taken from them
// ("Wavenumber (cm-1);Absorbance").

#include "importers/reader.h"

namespace candor::importers {

class CsvReader : public Reader {
public:
    std::string_view format() const override { return "csv"; }
    std::vector<std::string> extensions() const override { return {"csv", "tsv", "txt", "dat", "prn"}; }
    // Text without NUL bytes whose first numeric lines hold at least two numbers.
    bool sniff(std::span<const std::byte> head) const override;
    // Throws ImportError(Malformed) naming the line when a data line does not hold two
    // finite numbers, or when fewer than two points are present.
    std::vector<Spectrum> read(std::span<const std::byte> bytes, const std::string &fileName) const override;
};

} // namespace candor::importers
