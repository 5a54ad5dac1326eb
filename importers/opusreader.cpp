#include "importers/opusreader.h"

#include "importers/bytereader.h"
#include "importers/finite.h"
#include "importers/textutil.h"
#include "importers/units.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace candor::importers {

namespace {

constexpr std::uint32_t kMagic = 0xFEFE0A0A;
constexpr std::size_t kMaxPoints = 50'000'000;

struct DirEntry {
    std::uint8_t type;
    std::uint8_t channel;
    std::uint8_t textType;
    std::uint8_t extra; // 64: raw, 0: processed (e.g. atmospheric compensation)
    std::uint64_t offset;
    std::uint64_t length; // bytes
    std::uint64_t dirOffset;
};

struct Param {
    std::string name;
    std::string value;
    std::optional<double> number;
    std::uint64_t offset; // of the value, for errors
};

// One parameter block: 3-letter name + NUL, type (0 int32, 1 double, 2..4 text), size in
// 16-bit words, value; ends at "END".
std::vector<Param> readParams(const ByteReader &in, const DirEntry &e)
{
    in.require(e.offset, e.length, "parameter block");
    std::vector<Param> out;
    std::uint64_t p = e.offset;
    const std::uint64_t end = e.offset + e.length;
    while (p + 8 <= end) {
        const std::string name = in.field(p, 3, "parameter name");
        if (name == "END" || name.empty())
            break;
        const std::uint16_t type = in.u16(p + 4, "parameter type");
        const std::uint64_t size = 2ull * in.u16(p + 6, "parameter size");
        const std::uint64_t v = p + 8;
        if (v + size > end)
            in.fail(p, "parameter " + name + " runs past the end of its block");
        Param param{name, {}, std::nullopt, v};
        if (type == 0 && size >= 4) {
            const auto i = in.i32(v, "integer parameter");
            param.number = double(i);
            param.value = std::to_string(i);
        } else if (type == 1 && size >= 8) {
            const double d = in.f64(v, "double parameter");
            param.number = d;
            param.value = text::formatExact(d);
        } else if (type >= 2 && type <= 4) {
            param.value = in.field(v, std::size_t(size), "text parameter");
        } else {
            param.value = "?";
        }
        out.push_back(std::move(param));
        p = v + size;
    }
    return out;
}

const char *groupName(std::uint8_t type)
{
    switch (type) {
    case 32: return "instrument";
    case 40: return "instrument (reference)";
    case 48: return "acquisition";
    case 56: return "acquisition (reference)";
    case 64: return "fourier transform";
    case 72: return "fourier transform (reference)";
    case 96: return "optics";
    case 104: return "optics (reference)";
    case 160: return "sample";
    case 176: return "lab and process";
    default: return nullptr;
    }
}

struct Kind {
    const char *block;
    const char *yUnits;
    int order;
};

// Data blocks Candor returns: type 15 = processed spectra by channel, 7/11 = single
// channel of sample/reference. Interferograms, phase and match results are skipped.
std::optional<Kind> kindOf(const DirEntry &e)
{
    if (e.textType != 0)
        return std::nullopt;
    if (e.type == 15 && e.channel == 16)
        return Kind{"AB", "absorbance", e.extra == 0 ? 0 : 1};
    if (e.type == 15 && e.channel == 32)
        return Kind{"TR", "transmittance", 2};
    if (e.type == 15 && e.channel == 48)
        return Kind{"REFL", "reflectance", 3};
    if (e.type == 7 && e.channel == 4)
        return Kind{"ScSm", "arbitrary", 4};
    if (e.type == 11 && e.channel == 4)
        return Kind{"ScRf", "arbitrary", 5};
    return std::nullopt;
}

std::string xUnitsOf(const std::string &dxu)
{
    if (dxu == "WN")
        return "1/cm";
    if (dxu == "MI")
        return "micrometers";
    if (dxu == "NM")
        return "nanometers";
    if (dxu == "MIN")
        return "minutes";
    if (dxu == "SEC")
        return "seconds";
    return "arbitrary";
}

} // namespace

std::vector<std::string> OpusReader::extensions() const
{
    // Only a hint for the registry: ".001" and the like are found by the magic number.
    return {"opus", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

bool OpusReader::sniff(std::span<const std::byte> head) const
{
    return head.size() >= 4 && std::to_integer<unsigned>(head[0]) == 0x0A && std::to_integer<unsigned>(head[1]) == 0x0A &&
           std::to_integer<unsigned>(head[2]) == 0xFE && std::to_integer<unsigned>(head[3]) == 0xFE;
}

std::vector<Spectrum> OpusReader::read(std::span<const std::byte> bytes, const std::string &fileName) const
{
    const ByteReader in(bytes, fileName);
    if (bytes.size() < 24 || in.u32(0, "magic") != kMagic)
        in.fail(0, "not an OPUS file (expected the magic number 0A 0A FE FE and a 24-byte header)");
    const std::uint32_t dirStart = in.u32(12, "directory offset");
    const std::uint32_t dirMax = in.u32(16, "directory capacity");
    const std::uint32_t dirCount = in.u32(20, "directory entry count");
    if (dirCount == 0 || dirCount > dirMax || dirCount > 10000)
        in.fail(20, "the directory claims " + std::to_string(dirCount) + " blocks (capacity " + std::to_string(dirMax) +
                        "), not a plausible count");
    in.require(dirStart, 12ull * dirCount, "block directory");

    std::vector<DirEntry> entries;
    for (std::uint32_t i = 0; i < dirCount; ++i) {
        const std::uint64_t d = dirStart + 12ull * i;
        DirEntry e{in.u8(d, "block type"),
                   in.u8(d + 1, "channel"),
                   in.u8(d + 2, "text type"),
                   in.u8(d + 3, "block flags"),
                   in.u32(d + 8, "block offset"),
                   4ull * in.u32(d + 4, "block length"),
                   d};
        if (e.offset == 0)
            continue;
        entries.push_back(e);
    }

    // Instrument, acquisition, optics and sample parameters: shared by every spectrum.
    std::vector<std::pair<std::string, std::string>> common;
    std::string sampleName;
    for (const DirEntry &e : entries) {
        const char *group = groupName(e.type);
        if (!group || e.channel != 0 || e.textType != 0 || !in.has(e.offset, e.length))
            continue; // an unreadable optional block must not cost the spectrum
        for (Param &p : readParams(in, e)) {
            if (e.type == 160 && p.name == "SNM")
                sampleName = p.value;
            common.emplace_back(std::string(group) + ":" + p.name, std::move(p.value));
        }
    }

    struct Found {
        Kind kind;
        DirEntry data;
    };
    std::vector<Found> found;
    for (const DirEntry &e : entries)
        if (const auto k = kindOf(e))
            found.push_back({*k, e});
    std::stable_sort(found.begin(), found.end(), [](const Found &a, const Found &b) { return a.kind.order < b.kind.order; });
    if (found.empty())
        in.fail(dirStart, "no absorbance, transmittance, reflectance or single-channel data block in the directory");

    std::vector<Spectrum> out;
    for (const Found &f : found) {
        // Its data-status block: type + 16, same channel and flags.
        const DirEntry *status = nullptr;
        for (const DirEntry &e : entries)
            if (e.type == f.data.type + 16 && e.channel == f.data.channel && e.textType == 0 && e.extra == f.data.extra)
                status = &e;
        if (!status)
            in.fail(f.data.dirOffset,
                    std::string("the ") + f.kind.block + " data block has no data-status parameter block (FXV, LXV, NPT)");
        const auto params = readParams(in, *status);
        const auto find = [&](const char *name) -> const Param * {
            for (const Param &p : params)
                if (p.name == name)
                    return &p;
            return nullptr;
        };
        const auto number = [&](const char *name) -> std::optional<double> {
            const Param *p = find(name);
            return p ? p->number : std::nullopt;
        };
        // A double parameter may hold NaN or infinity: refuse it at its own bytes.
        const auto requireFinite = [&](const char *name) {
            if (const Param *p = find(name); p && p->number && !std::isfinite(*p->number))
                in.fail(p->offset, std::string(name) + " of the " + f.kind.block + " data-status block is " +
                                       nonFiniteName(*p->number) + ", not a finite number");
        };
        const auto textOf = [&](const char *name) -> std::string {
            for (const Param &p : params)
                if (p.name == name)
                    return p.value;
            return {};
        };
        const auto npt = number("NPT");
        const auto fxv = number("FXV");
        const auto lxv = number("LXV");
        const double csf = number("CSF").value_or(1.0);
        if (!npt || !fxv || !lxv)
            in.fail(status->offset, std::string("the ") + f.kind.block + " data-status block lacks NPT, FXV or LXV");
        // Written so that NaN fails too: converting it to size_t would be undefined.
        if (!(*npt >= 1 && *npt <= double(kMaxPoints)))
            in.fail(find("NPT")->offset, "NPT = " + text::formatNumber(*npt) + " is not a plausible point count");
        for (const char *name : {"FXV", "LXV", "CSF"})
            requireFinite(name);
        const auto n = std::size_t(*npt);
        // A data block may be padded beyond NPT; NPT decides, but it must fit.
        if (4ull * n > f.data.length)
            in.fail(f.data.offset, std::string("the ") + f.kind.block + " block holds " + std::to_string(f.data.length / 4) +
                                       " values but NPT = " + std::to_string(n));
        in.require(f.data.offset, 4ull * n, std::string(f.kind.block) + " data block");

        Spectrum s;
        s.title = sampleName;
        s.technique = "infrared";
        s.xUnits = xUnitsOf(textOf("DXU"));
        s.yUnits = f.kind.yUnits;
        auto x = evenlySpaced(*fxv, *lxv, n);
        if (!x)
            in.fail(find("FXV")->offset, "FXV = " + text::formatExact(*fxv) + ", LXV = " + text::formatExact(*lxv) +
                                             ": the evenly spaced X values between them are not finite");
        s.x = std::move(*x);
        s.y.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const float stored = in.f32(f.data.offset + 4 * i, "data value");
            s.y[i] = double(stored) * csf;
            if (!std::isfinite(s.y[i]))
                in.fail(f.data.offset + 4 * i,
                        std::string("value ") + std::to_string(i) + " of the " + f.kind.block + " block is " +
                            (std::isfinite(stored) ? nonFiniteName(s.y[i]) + " after scaling " + text::formatExact(stored) +
                                                         " by CSF = " + text::formatExact(csf)
                                                   : nonFiniteName(stored)) +
                            ", not a finite number");
        }
        s.metadata.emplace_back("block", f.kind.block);
        if (f.data.type == 15 && f.data.channel == 16)
            s.metadata.emplace_back("atmospheric compensation", f.data.extra == 0 ? "yes" : "no");
        for (const Param &p : params)
            s.metadata.emplace_back("data:" + p.name, p.value);
        s.metadata.insert(s.metadata.end(), common.begin(), common.end());
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace candor::importers
