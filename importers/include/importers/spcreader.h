#pragma once
// Reads Thermo Galactic SPC files: the new format (version byte 0x4B) and the old
// LabCalc one (0x4D); single and multi-file; evenly spaced X, one X array for all
// subfiles (XYY) or one per subfile (XYXY); integer Y scaled by 2^exp or IEEE float Y.
// The log block's "key=value" lines become metadata.

#include "importers/reader.h"

namespace candor::importers {

class SpcReader : public Reader {
public:
    std::string_view format() const override { return "spc"; }
    std::vector<std::string> extensions() const override { return {"spc"}; }
    bool sniff(std::span<const std::byte> head) const override;
    // Throws ImportError(Malformed) with the byte offset when the version byte is not
    // 0x4B/0x4D (0x4C, big-endian, is named as unsupported), a header count is absurd or
    // exceeds what the file holds, a subfile is truncated, or a value is not finite.
    std::vector<Spectrum> read(std::span<const std::byte> bytes, const std::string &fileName) const override;
};

} // namespace candor::importers
