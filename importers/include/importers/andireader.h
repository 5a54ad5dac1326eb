#pragma once
// Reads AnDI files (ASTM E1947 chromatography, E2077 mass spectrometry) through Debian's
// libnetcdf, from memory: a chromatogram, or the total ion current followed by every
// mass spectrum scan. Tolerates what real files do (NUL-terminated attributes, numbers
// written as text, "detector_units" for "detector_unit", -9999 for "not recorded").

#include "importers/reader.h"

namespace candor::importers {

class AndiReader : public Reader {
public:
    std::string_view format() const override { return "andi"; }
    std::vector<std::string> extensions() const override { return {"cdf", "nc", "andi"}; }
    bool sniff(std::span<const std::byte> head) const override;
    // Throws ImportError(Malformed) (byte 0, as netCDF gives no finer position) when the
    // bytes are not netCDF, hold neither ordinate_values nor mass/intensity_values, a scan
    // index points outside the data, a dimension is absurd, or a value is not finite.
    std::vector<Spectrum> read(std::span<const std::byte> bytes, const std::string &fileName) const override;
};

} // namespace candor::importers
