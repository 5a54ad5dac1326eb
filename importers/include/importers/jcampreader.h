#pragma once
// Reads JCAMP-DX 4.24, 5.0x and 6.00 files (IR, Raman, UV-Vis, NMR, MS): XYDATA in
// every ASDF compression form with its DIF Y-check, XYPOINTS, peak tables, LINK blocks,
// NTUPLES pages and the repeated-page GC-MS exports. Decodes straight from the bytes.

#include "importers/reader.h"

namespace candor::importers {

class JcampReader : public Reader {
public:
    std::string_view format() const override { return "jcamp-dx"; }
    std::vector<std::string> extensions() const override;
    bool sniff(std::span<const std::byte> head) const override;
    // Throws ImportError(Malformed) naming the line when: a DIF Y-check disagrees (except
    // on a last line that holds the check alone: a warning), a line's X is more than 1.5 point spacings
    // off, the file ends before the ##NPOINTS points without another record, a value or
    // header number is not finite (NaN, Inf, an overflowing exponent or factor), a factor
    // is 0 or the points cannot be spaced (FIRSTX == LASTX, DELTAX=0), a character is not
    // ASDF, a LINK file holds fewer blocks than ##BLOCKS, or no spectral data is present.
    // What it reads leniently (a point count that disagrees with ##NPOINTS, an X check one
    // point off, a space after a header number's decimal point, an empty scan) is said in
    // Spectrum::warnings.
    std::vector<Spectrum> read(std::span<const std::byte> bytes, const std::string &fileName) const override;

    // Upper bound on points in one spectrum; more is an error, not an allocation.
    static constexpr std::size_t kMaxPoints = 50'000'000;
};

} // namespace candor::importers
