#pragma once
// Reads Agilent ChemStation MSD files (`data.ms` in a GC-MS `.D` folder, `MSD1.MS` in an
// LC-MS one): the total ion current, then every scan as a mass spectrum with its
// retention time in minutes. The layout is big-endian and undocumented by Agilent; it is
// the one rainbow (LGPL, evanyeyeye/rainbow) decodes, and the decoded matrix rainbow
// gives for a real file is what the tests compare against:
//   byte 0      01 32 00 00 (a Pascal string "2", the file kind)
//   byte 4      Pascal string: "MSD Spectral File" (LC) or "GC / MS Data File" (GC)
//   byte 0x10A  u16: (data start + 2) / 2
//   byte 0x116  u32: scan count in LC files; byte 0x142, little-endian u32, in GC files
//   each scan   u16 length in 16-bit words, u32 time in ms, 6 bytes, u16 pair count,
//               4 bytes, pairs of u16 (m/z × 20, abundance), 10 bytes (the last 4 a TIC)
// An abundance packs a 2-bit exponent over a 14-bit mantissa: mantissa × 8^exponent.

#include "importers/reader.h"

#include <filesystem>

namespace candor::importers {

class ChemStationMsReader : public Reader {
public:
    std::string_view format() const override { return "chemstation-ms"; }
    std::vector<std::string> extensions() const override { return {"ms"}; }
    bool sniff(std::span<const std::byte> head) const override;
    // Spectrum 0 is the total ion current (x in minutes, y the sum of each scan's decoded
    // abundances); spectra 1..n the scans, m/z as stored (file order, steps of 0.05: no
    // binning here, see gcms/nominal.h) with metadata "scan" and "retention_time_minutes".
    // Throws ImportError(Malformed) naming the byte when the magic bytes are wrong, the
    // data start or a scan lies outside the file, the scan count cannot fit in the file, or
    // a scan's length word disagrees with its pair count.
    std::vector<Spectrum> read(std::span<const std::byte> bytes, const std::string &fileName) const override;
};

// An Agilent `.D` folder (any case) stands for its MS data file: `data.ms` (GC-MS), else
// the one `*.ms` file directly in it (`MSD1.MS` in LC-MS). Any other path is returned as
// it is. Throws ImportError(CannotOpen) for a `.D` folder with no MS file or, lacking a
// data.ms, several: which one was meant cannot be guessed.
std::filesystem::path agilentDataFile(const std::filesystem::path &path);
// True for a folder whose name ends in ".D" (any case): a run, not a folder of files.
bool isAgilentDataFolder(const std::filesystem::path &path);

} // namespace candor::importers
