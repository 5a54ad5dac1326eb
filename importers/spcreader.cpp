#include "importers/spcreader.h"

#include "importers/bytereader.h"
#include "importers/finite.h"
#include "importers/textutil.h"

#include <cmath>

namespace candor::importers {

namespace {

constexpr std::uint8_t kTSPREC = 0x01; // 16-bit integer Y
constexpr std::uint8_t kTMULTI = 0x04; // several subfiles
constexpr std::uint8_t kTXYXYS = 0x40; // each subfile has its own X array
constexpr std::uint8_t kTXVALS = 0x80; // one float X array precedes the subfiles
constexpr std::size_t kMaxPoints = 50'000'000;
constexpr std::size_t kMaxSubfiles = 1'000'000;

std::string xUnitsOf(std::uint8_t code)
{
    switch (code) {
    case 1:
    case 13: // Raman shift
        return "1/cm";
    case 2: return "micrometers";
    case 3: return "nanometers";
    case 4: return "seconds";
    case 5: return "minutes";
    case 6: return "hz";
    case 9: return "m/z";
    case 10: return "ppm";
    default: return "arbitrary";
    }
}

std::string yUnitsOf(std::uint8_t code)
{
    switch (code) {
    case 2: return "absorbance";
    case 4: return "counts";
    case 12:
    case 13: return "intensity";
    case 128: return "transmittance";
    case 129: return "reflectance";
    default: return "arbitrary";
    }
}

// SPC.H experiment codes (SPCGEN 0 ... SPCDAD 14; 6 is unused).
std::string techniqueOf(std::uint8_t fexper, std::uint8_t xtype)
{
    if (xtype == 13)
        return "raman";
    switch (fexper) {
    case 1:
    case 2:
    case 3:
    case 14: return "chromatogram";
    case 4:
    case 5: return "infrared";
    case 7: return "uv-vis";
    case 9: return "mass";
    case 10: return "nmr";
    case 11: return "raman";
    default: return "unknown";
    }
}

std::string hex2(unsigned v)
{
    static const char *d = "0123456789ABCDEF";
    return std::string("0x") + d[(v >> 4) & 15] + d[v & 15];
}

// Values decoded from `stride`-byte fields starting at `offset`: the error names the
// byte of the offending field.
void checkFinite(const ByteReader &in, const std::vector<double> &v, std::uint64_t offset, std::uint64_t stride, const char *what)
{
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            in.fail(offset + stride * i,
                    std::string(what) + " value " + std::to_string(i) + " is " + nonFiniteName(v[i]) + ", not a finite number");
}

// SPC exponents are a signed byte (-128 means IEEE float). The old format stores oexp
// in 16 bits, and Y = integer * 2^(oexp - 32) overflows to infinity (or 0 * inf = NaN)
// for oexp past about 1056: anything outside the byte range is refused at its field.
void checkExponent(const ByteReader &in, int exp, std::uint64_t offset, const char *field)
{
    if (exp < -128 || exp > 127)
        in.fail(offset, std::string(field) + " = " + std::to_string(exp) + " is outside the SPC exponent range -128..127");
}

// Y of one subfile: IEEE float when the exponent is 0x80, else integers times 2^(exp-32)
// (2^(exp-16) for 16-bit data).
std::vector<double> readY(const ByteReader &in, std::uint64_t offset, std::size_t n, int exp, bool sixteen, bool oldSwapped)
{
    std::vector<double> y(n);
    if (exp == -128) {
        in.require(offset, std::uint64_t(n) * 4, "float Y values");
        for (std::size_t i = 0; i < n; ++i)
            y[i] = double(in.f32(offset + 4 * i, "Y"));
        checkFinite(in, y, offset, 4, "Y");
        return y;
    }
    if (sixteen) {
        in.require(offset, std::uint64_t(n) * 2, "16-bit Y values");
        const double scale = std::ldexp(1.0, exp - 16);
        for (std::size_t i = 0; i < n; ++i)
            y[i] = double(in.i16(offset + 2 * i, "Y")) * scale;
    } else {
        in.require(offset, std::uint64_t(n) * 4, "32-bit Y values");
        const double scale = std::ldexp(1.0, exp - 32);
        const auto *b = reinterpret_cast<const unsigned char *>(in.data() + offset);
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned char *p = b + 4 * i;
            std::uint32_t u;
            if (oldSwapped) // LabCalc stores the two 16-bit halves high word first
                u = (std::uint32_t(p[1]) << 24) | (std::uint32_t(p[0]) << 16) | (std::uint32_t(p[3]) << 8) | p[2];
            else
                u = (std::uint32_t(p[3]) << 24) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[1]) << 8) | p[0];
            y[i] = double(std::int32_t(u)) * scale;
        }
    }
    checkFinite(in, y, offset, sixteen ? 2 : 4, "Y");
    return y;
}

// Evenly spaced X from the header's first/last X (stored at `offset`).
std::vector<double> evenX(const ByteReader &in, double first, double last, std::size_t n, std::uint64_t offset, const char *names)
{
    auto x = evenlySpaced(first, last, n);
    if (!x)
        in.fail(offset, std::string(names) + " = " + text::formatExact(first) + ", " + text::formatExact(last) +
                            ": the evenly spaced X values between them are not finite");
    return std::move(*x);
}

void addLog(const ByteReader &in, std::uint32_t logOffset, std::vector<std::pair<std::string, std::string>> &meta)
{
    if (logOffset == 0)
        return;
    const std::uint32_t sizeOnDisk = in.u32(logOffset, "log block header (logsizd)");
    const std::uint32_t textOffset = in.u32(logOffset + 8, "log block header (logtxto)");
    const std::uint64_t start = std::uint64_t(logOffset) + textOffset;
    if (!in.has(start, 0))
        in.fail(logOffset, "the log block's text offset points past the end of the file");
    std::uint64_t end = std::min<std::uint64_t>(in.size(), std::uint64_t(logOffset) + sizeOnDisk);
    if (end < start)
        end = in.size();
    const char *p = reinterpret_cast<const char *>(in.data() + start);
    std::string_view all(p, std::size_t(end - start));
    if (const auto nul = all.find('\0'); nul != std::string_view::npos)
        all = all.substr(0, nul);
    while (!all.empty()) {
        const auto nl = all.find_first_of("\r\n");
        const std::string_view line = text::trim(all.substr(0, nl));
        all = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
        if (line.empty())
            continue;
        const auto eq = line.find('=');
        if (eq == std::string_view::npos)
            meta.emplace_back("log", text::toUtf8(line));
        else
            meta.emplace_back("log:" + text::toUtf8(text::trim(line.substr(0, eq))),
                              text::toUtf8(text::trim(line.substr(eq + 1))));
    }
}

std::vector<Spectrum> readNew(const ByteReader &in)
{
    in.require(0, 512, "SPC header");
    const std::uint8_t flags = in.u8(0, "ftflgs");
    const std::uint8_t fexper = in.u8(2, "fexper");
    const int fexp = in.i8(3, "fexp");
    const std::int32_t fnpts = in.i32(4, "fnpts");
    const double ffirst = in.f64(8, "ffirst");
    const double flast = in.f64(16, "flast");
    std::int32_t fnsub = in.i32(24, "fnsub");
    const std::uint8_t xtype = in.u8(28, "fxtype");
    const std::uint8_t ytype = in.u8(29, "fytype");
    const std::uint32_t logOffset = in.u32(248, "flogoff");
    const bool multi = flags & kTMULTI;
    const bool xyxy = flags & kTXYXYS;
    const bool xvals = flags & kTXVALS;

    if (!multi)
        fnsub = 1;
    if (fnsub <= 0 || std::size_t(fnsub) > kMaxSubfiles)
        in.fail(24, "fnsub = " + std::to_string(fnsub) + " subfiles is not a plausible count");
    if (!xyxy) {
        if (fnpts <= 0 || std::size_t(fnpts) > kMaxPoints)
            in.fail(4, "fnpts = " + std::to_string(fnpts) + " points is not a plausible count");
        // Each subfile needs 32 + 4*fnpts bytes (2*fnpts for 16-bit Y): refuse before
        // allocating anything. 16-bit files used to skip this check, so a 600-byte file
        // made the reader allocate 400 MB of X (found by fuzz_spc running at 69 execs/s).
        const std::uint64_t bytesPerPoint = (flags & kTSPREC) ? 2 : 4;
        const std::uint64_t need = 512 + (xvals ? 4ull * std::uint64_t(fnpts) : 0) +
                                   std::uint64_t(fnsub) * (32 + bytesPerPoint * std::uint64_t(fnpts));
        if (need > in.size())
            in.fail(4, "the header claims " + std::to_string(fnsub) + " subfiles of " + std::to_string(fnpts) + " points (" +
                           std::to_string(need) + " bytes) but the file has " + std::to_string(in.size()) + " bytes");
    }
    if (!std::isfinite(ffirst))
        in.fail(8, "ffirst is " + nonFiniteName(ffirst) + ", not a finite number");
    if (!std::isfinite(flast))
        in.fail(16, "flast is " + nonFiniteName(flast) + ", not a finite number");

    std::vector<std::pair<std::string, std::string>> meta;
    meta.emplace_back("version", "0x4B (new format)");
    meta.emplace_back("flags", hex2(flags));
    meta.emplace_back("experiment", std::to_string(fexper));
    meta.emplace_back("x type", std::to_string(xtype));
    meta.emplace_back("y type", std::to_string(ytype));
    meta.emplace_back("subfiles", std::to_string(fnsub));
    if (!xyxy) {
        meta.emplace_back("npoints", std::to_string(fnpts));
        meta.emplace_back("first x", text::formatExact(ffirst));
        meta.emplace_back("last x", text::formatExact(flast));
    }
    const std::uint32_t d = in.u32(32, "fdate");
    if (d != 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04u-%02u-%02u %02u:%02u", d >> 20, (d >> 16) & 15, (d >> 11) & 31, (d >> 6) & 31,
                      d & 63);
        meta.emplace_back("date", buf);
    }
    if (auto s = in.field(36, 9, "fres"); !s.empty())
        meta.emplace_back("resolution", s);
    if (auto s = in.field(45, 9, "fsource"); !s.empty())
        meta.emplace_back("source", s);
    if (auto s = in.field(88, 130, "fcmnt"); !s.empty())
        meta.emplace_back("comment", s);
    if (auto s = in.field(264, 48, "fmethod"); !s.empty())
        meta.emplace_back("method", s);
    addLog(in, logOffset, meta);

    std::uint64_t pos = 512;
    std::vector<double> sharedX;
    if (!xyxy) {
        if (xvals) {
            in.require(pos, 4ull * std::uint64_t(fnpts), "X array (TXVALS)");
            sharedX.resize(std::size_t(fnpts));
            for (std::size_t i = 0; i < sharedX.size(); ++i)
                sharedX[i] = double(in.f32(pos + 4 * i, "X"));
            checkFinite(in, sharedX, pos, 4, "X");
            pos += 4ull * std::uint64_t(fnpts);
        } else {
            sharedX = evenX(in, ffirst, flast, std::size_t(fnpts), 8, "ffirst, flast");
        }
    }

    std::vector<Spectrum> out;
    for (std::int32_t k = 0; k < fnsub; ++k) {
        in.require(pos, 32, "subfile " + std::to_string(k) + " header");
        const int subexp = in.i8(pos + 1, "subexp");
        const float subtime = in.f32(pos + 4, "subtime");
        const std::uint32_t subnpts = in.u32(pos + 16, "subnpts");
        const int exp = multi ? subexp : fexp;
        Spectrum s;
        std::size_t n = std::size_t(fnpts);
        std::uint64_t data = pos + 32;
        if (xyxy) {
            if (subnpts == 0 || subnpts > kMaxPoints || !in.has(data, 8ull * subnpts))
                in.fail(pos + 16, "subfile " + std::to_string(k) + " claims " + std::to_string(subnpts) +
                                      " points, more than the file holds");
            n = subnpts;
            s.x.resize(n);
            for (std::size_t i = 0; i < n; ++i)
                s.x[i] = double(in.f32(data + 4 * i, "X"));
            checkFinite(in, s.x, data, 4, "X");
            data += 4ull * n;
        } else {
            s.x = sharedX;
        }
        const bool sixteen = (flags & kTSPREC) && exp != -128;
        s.y = readY(in, data, n, exp, sixteen, false);
        pos = data + (sixteen ? 2ull : 4ull) * n;
        s.xUnits = xUnitsOf(xtype);
        s.yUnits = yUnitsOf(ytype);
        s.technique = techniqueOf(fexper, xtype);
        s.metadata = meta;
        s.metadata.emplace_back("subfile", std::to_string(k));
        s.metadata.emplace_back("exponent", exp == -128 ? std::string("float") : std::to_string(exp));
        if (multi)
            s.metadata.emplace_back("z", text::formatExact(subtime));
        s.title = fnsub > 1 ? "subfile " + std::to_string(k + 1) : std::string();
        for (const auto &[key, value] : meta)
            if (key == "comment")
                s.title = fnsub > 1 ? value + " (" + s.title + ")" : value;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<Spectrum> readOld(const ByteReader &in)
{
    in.require(0, 256, "old-format SPC header");
    const std::uint8_t flags = in.u8(0, "oftflgs");
    const int oexp = in.i16(2, "oexp");
    const float onptsF = in.f32(4, "onpts");
    const float ofirst = in.f32(8, "ofirst");
    const float olast = in.f32(12, "olast");
    const std::uint8_t xtype = in.u8(16, "oxtype");
    const std::uint8_t ytype = in.u8(17, "oytype");
    if (!std::isfinite(onptsF) || onptsF < 1 || onptsF > float(kMaxPoints) || onptsF != std::floor(onptsF))
        in.fail(4, "onpts = " + text::formatNumber(onptsF) + " is not a plausible point count");
    if (!std::isfinite(ofirst))
        in.fail(8, "ofirst is " + nonFiniteName(ofirst) + ", not a finite number");
    if (!std::isfinite(olast))
        in.fail(12, "olast is " + nonFiniteName(olast) + ", not a finite number");
    checkExponent(in, oexp, 2, "oexp");
    const std::size_t onpts = std::size_t(onptsF);

    std::vector<std::pair<std::string, std::string>> meta;
    meta.emplace_back("version", "0x4D (old LabCalc format)");
    meta.emplace_back("flags", hex2(flags));
    meta.emplace_back("x type", std::to_string(xtype));
    meta.emplace_back("y type", std::to_string(ytype));
    meta.emplace_back("npoints", std::to_string(onpts));
    meta.emplace_back("first x", text::formatExact(ofirst));
    meta.emplace_back("last x", text::formatExact(olast));
    if (auto s = in.field(24, 8, "ores"); !s.empty())
        meta.emplace_back("resolution", s);
    if (auto s = in.field(64, 130, "ocmnt"); !s.empty())
        meta.emplace_back("comment", s);

    // The first subfile must be there before X is allocated (onpts may claim 50 million).
    in.require(256, 4ull * onpts, "Y values of the first subfile");
    const std::vector<double> x = evenX(in, ofirst, olast, onpts, 8, "ofirst, olast");
    std::vector<Spectrum> out;
    // The first subfile header sits inside the 256-byte header (osubh1 at 224). Old
    // files do not say how many subfiles follow: read while whole subfiles remain.
    std::uint64_t pos = 224;
    const bool multi = flags & kTMULTI;
    while (true) {
        if (!out.empty() && !in.has(pos, 32))
            break;
        in.require(pos, 32, "subfile header");
        const int subexp = in.i8(pos + 1, "subexp");
        const std::uint32_t subnpts = in.u32(pos + 16, "subnpts");
        const std::size_t n = subnpts > 0 && subnpts == onpts ? subnpts : onpts;
        const int exp = subexp == -128 ? -128 : (subexp > 0 ? subexp : oexp);
        if (!in.has(pos + 32, 4ull * n)) {
            if (out.empty())
                in.require(pos + 32, 4ull * n, "Y values of the first subfile");
            break;
        }
        Spectrum s;
        s.x = x;
        s.y = readY(in, pos + 32, n, exp, false, exp != -128);
        s.xUnits = xUnitsOf(xtype);
        s.yUnits = yUnitsOf(ytype);
        s.technique = techniqueOf(0, xtype);
        s.metadata = meta;
        s.metadata.emplace_back("subfile", std::to_string(out.size()));
        s.metadata.emplace_back("exponent", exp == -128 ? std::string("float") : std::to_string(exp));
        for (const auto &[key, value] : meta)
            if (key == "comment")
                s.title = value;
        out.push_back(std::move(s));
        pos += 32 + 4ull * n;
        if (!multi || out.size() >= kMaxSubfiles)
            break;
    }
    return out;
}

} // namespace

bool SpcReader::sniff(std::span<const std::byte> head) const
{
    if (head.size() < 256)
        return false;
    const auto v = std::to_integer<unsigned>(head[1]);
    return v == 0x4B || v == 0x4D || v == 0x4C;
}

std::vector<Spectrum> SpcReader::read(std::span<const std::byte> bytes, const std::string &fileName) const
{
    const ByteReader in(bytes, fileName);
    if (bytes.size() < 2)
        in.fail(0, "too short for an SPC header (expected at least 256 bytes)");
    const unsigned version = in.u8(1, "fversn");
    if (version == 0x4B)
        return readNew(in);
    if (version == 0x4D)
        return readOld(in);
    if (version == 0x4C)
        in.fail(1, "big-endian SPC files (version byte 0x4C) are not supported");
    in.fail(1, "version byte " + hex2(version) + " is not an SPC version (expected 0x4B or 0x4D)");
}

} // namespace candor::importers
