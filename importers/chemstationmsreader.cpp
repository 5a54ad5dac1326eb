#include "importers/chemstationmsreader.h"

#include "importers/bytereader.h"
#include "importers/textutil.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <system_error>

namespace candor::importers {

namespace {

constexpr std::uint64_t kKindOffset = 4;
constexpr std::uint64_t kDataStartOffset = 0x10A;
constexpr std::uint64_t kLcCountOffset = 0x116;
constexpr std::uint64_t kGcCountOffset = 0x142;
constexpr std::uint64_t kScanFixedBytes = 28; // 18 before the pairs, 10 after
constexpr std::string_view kLcKind = "MSD Spectral File";

// The file is big-endian; ByteReader reads little-endian, so the bytes are assembled here.
std::uint64_t bigEndian(const ByteReader &r, std::uint64_t offset, unsigned size, const char *what)
{
    r.require(offset, size, what);
    std::uint64_t v = 0;
    for (unsigned i = 0; i < size; ++i)
        v = (v << 8) | std::to_integer<unsigned>(r.data()[offset + i]);
    return v;
}

// A header string: a length byte, then that many characters; clipped at the file's end,
// since a damaged label is no reason to refuse the data.
std::string pascalString(std::span<const std::byte> bytes, std::uint64_t offset)
{
    if (offset >= bytes.size())
        return {};
    const std::size_t n = std::min<std::size_t>(std::to_integer<unsigned>(bytes[offset]), bytes.size() - offset - 1);
    std::string s(reinterpret_cast<const char *>(bytes.data() + offset + 1), n);
    if (const auto nul = s.find('\0'); nul != std::string::npos)
        s.resize(nul);
    return text::toUtf8(text::trim(s));
}

// Mantissa × 8^exponent: at most 16383 × 512, so always an exact double.
double abundance(std::uint64_t packed)
{
    return double(packed & 0x3FFF) * double(1u << (3 * (packed >> 14)));
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

} // namespace

bool isAgilentDataFolder(const std::filesystem::path &path)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec))
        return false;
    const std::filesystem::path folder = path.filename().empty() ? path.parent_path() : path;
    return lower(folder.extension().string()) == ".d";
}

std::filesystem::path agilentDataFile(const std::filesystem::path &path)
{
    if (!isAgilentDataFolder(path))
        return path;
    std::error_code ec;
    const std::filesystem::path folder = path.filename().empty() ? path.parent_path() : path;
    std::vector<std::filesystem::path> msFiles;
    for (const auto &entry : std::filesystem::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec))
            continue;
        const std::string name = lower(entry.path().filename().string());
        if (name == "data.ms")
            return entry.path();
        if (lower(entry.path().extension().string()) == ".ms")
            msFiles.push_back(entry.path());
    }
    if (msFiles.size() == 1)
        return msFiles.front();
    std::sort(msFiles.begin(), msFiles.end());
    std::string names;
    for (const auto &f : msFiles)
        names += (names.empty() ? "" : ", ") + f.filename().string();
    throw ImportError(ImportError::Kind::CannotOpen, path.string(), std::nullopt, std::nullopt,
                      msFiles.empty() ? "is an Agilent .D folder without an MS data file (data.ms or *.ms)"
                                      : "is an Agilent .D folder with several MS data files (" + names +
                                            ") and no data.ms: name the one to import");
}

bool ChemStationMsReader::sniff(std::span<const std::byte> head) const
{
    if (head.size() < 4)
        return false;
    const auto b = [&](std::size_t i) { return std::to_integer<unsigned>(head[i]); };
    return b(0) == 0x01 && b(1) == '2' && b(2) == 0 && b(3) == 0;
}

std::vector<Spectrum> ChemStationMsReader::read(std::span<const std::byte> bytes, const std::string &fileName) const
{
    const ByteReader r(bytes, fileName);
    if (!sniff(bytes))
        r.fail(0, "not an Agilent ChemStation MS file (expected the bytes 01 32 00 00)");
    const std::string kind = pascalString(bytes, kKindOffset);
    const bool lc = kind == kLcKind;
    const std::uint64_t countOffset = lc ? kLcCountOffset : kGcCountOffset;
    r.require(0, countOffset + 4, "the file header");

    const std::uint64_t startWord = bigEndian(r, kDataStartOffset, 2, "the data start");
    const std::uint64_t start = startWord * 2;
    if (startWord == 0 || start - 2 < countOffset + 4 || start - 2 >= bytes.size())
        r.fail(kDataStartOffset, "the data start (word " + std::to_string(startWord) + ", byte " +
                                     std::to_string(start >= 2 ? start - 2 : 0) + ") lies " +
                                     (startWord == 0 || start - 2 < countOffset + 4
                                          ? "inside the header"
                                          : "past the end of the " + std::to_string(bytes.size()) + "-byte file"));
    std::uint64_t pos = start - 2;
    // GC files store the count little-endian (rainbow's finding, kept as it reads them).
    const std::uint64_t count = lc ? bigEndian(r, countOffset, 4, "the scan count") : r.u32(countOffset, "the scan count");
    if (count == 0)
        r.fail(countOffset, "the scan count is 0: the file holds no scans");
    if (count > (bytes.size() - pos) / kScanFixedBytes)
        r.fail(countOffset, "the scan count " + std::to_string(count) + " cannot fit in the " +
                                std::to_string(bytes.size() - pos) + " bytes after the data start (byte " + std::to_string(pos) +
                                "; a scan takes at least " + std::to_string(kScanFixedBytes) + ")");

    std::vector<std::pair<std::string, std::string>> meta;
    const std::pair<const char *, std::uint64_t> fields[] = {
        {"file type", kKindOffset}, {"sample", 0x18}, {"operator", 0x94}, {"date", 0xB2},
        {"instrument", 0xD0},       {"inlet", 0xDA},  {"method", 0xE4}};
    for (const auto &[label, offset] : fields)
        if (auto v = pascalString(bytes, offset); !v.empty())
            meta.emplace_back(label, std::move(v));
    const std::string sample = pascalString(bytes, 0x18);

    Spectrum tic;
    tic.technique = "chromatogram";
    tic.title = sample.empty() ? "TIC" : sample + " (TIC)";
    tic.xUnits = "minutes";
    tic.yUnits = "counts";
    tic.metadata = meta;
    tic.metadata.emplace_back("trace", "total ion current");
    std::vector<Spectrum> out(1);
    out.reserve(std::size_t(count) + 1);
    double previousMinutes = -1;
    for (std::uint64_t k = 0; k < count; ++k) {
        const std::string scan = "scan " + std::to_string(k + 1) + " of " + std::to_string(count);
        const std::uint64_t lengthWords = bigEndian(r, pos, 2, (scan + ": its length").c_str());
        const std::uint64_t ms = bigEndian(r, pos + 2, 4, (scan + ": its time").c_str());
        const std::uint64_t pairs = bigEndian(r, pos + 12, 2, (scan + ": its pair count").c_str());
        const std::uint64_t length = kScanFixedBytes + 4 * pairs;
        if (lengthWords * 2 != length)
            r.fail(pos, scan + " says it is " + std::to_string(lengthWords * 2) + " bytes long, but its " +
                            std::to_string(pairs) + " m/z-abundance pairs make it " + std::to_string(length));
        r.require(pos, length, scan);
        Spectrum s;
        s.technique = "mass";
        s.title = sample;
        s.xUnits = "m/z";
        s.yUnits = "counts";
        s.x.resize(std::size_t(pairs));
        s.y.resize(std::size_t(pairs));
        double sum = 0;
        for (std::uint64_t i = 0; i < pairs; ++i) {
            const std::uint64_t at = pos + 18 + 4 * i;
            s.x[std::size_t(i)] = double(bigEndian(r, at, 2, "an m/z")) / 20.0;
            s.y[std::size_t(i)] = abundance(bigEndian(r, at + 2, 2, "an abundance"));
            sum += s.y[std::size_t(i)];
        }
        const double minutes = double(ms) / 60000.0;
        if (minutes < previousMinutes)
            s.warnings.push_back("byte " + std::to_string(pos + 2) + ": " + scan + " is at " + text::formatNumber(minutes) +
                                 " min, before the scan ahead of it (" + text::formatNumber(previousMinutes) + " min)");
        previousMinutes = minutes;
        s.metadata.emplace_back("scan", std::to_string(k + 1));
        s.metadata.emplace_back("retention_time_minutes", text::formatExact(minutes));
        tic.x.push_back(minutes);
        tic.y.push_back(sum);
        out.push_back(std::move(s));
        pos += length;
    }
    out[0] = std::move(tic);
    return out;
}

} // namespace candor::importers
