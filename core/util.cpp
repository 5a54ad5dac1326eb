#include "core/util.h"

#include "core/errors.h"

#include <sodium.h>

#include <cstring>
#include <bit>
#include <algorithm>

#include <cctype>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace candor::core {

namespace {
void ensureSodium()
{
    static const bool ready = [] { return sodium_init() >= 0; }();
    if (!ready)
        throw std::runtime_error("libsodium could not be initialised");
}
} // namespace

std::string formatUtc(std::chrono::system_clock::time_point t)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::string nowUtc()
{
    return formatUtc(std::chrono::system_clock::now());
}

std::optional<std::chrono::system_clock::time_point> parseUtc(std::string_view text)
{
    std::string s = trim(text);
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z'))
        s.pop_back();
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    char tail = 0;
    int n = 0;
    if (s.size() == 10) {
        n = std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &tail);
        if (n != 3)
            return std::nullopt;
    } else if (s.size() == 16 && (s[10] == 'T' || s[10] == ' ')) {
        n = std::sscanf(s.c_str() + 11, "%2d:%2d%c", &h, &mi, &tail);
        if (n != 2 || std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3)
            return std::nullopt;
    } else if (s.size() == 19 && (s[10] == 'T' || s[10] == ' ')) {
        n = std::sscanf(s.c_str() + 11, "%2d:%2d:%2d%c", &h, &mi, &sec, &tail);
        if (n != 3 || std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    // system_clock counts nanoseconds in 64 bits: it ends in 2262.
    if (y < 1970 || y > 2200)
        return std::nullopt;
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0)
        return std::nullopt;
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec};
}

std::string newId()
{
    ensureSodium();
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
                  b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

std::string newPublicCode()
{
    ensureSodium();
    std::string code;
    for (int i = 0; i < 6; ++i) {
        if (i == 3)
            code += '-';
        code += kPublicCodeAlphabet[randombytes_uniform(std::uint32_t(kPublicCodeAlphabet.size()))];
    }
    return code;
}

std::optional<std::string> normalizePublicCode(std::string_view text)
{
    std::string chars;
    for (char c : text) {
        if (c == '-' || c == ' ')
            continue;
        chars += char(std::toupper(static_cast<unsigned char>(c)));
    }
    if (chars.size() != 6)
        return std::nullopt;
    for (char c : chars)
        if (kPublicCodeAlphabet.find(c) == std::string_view::npos)
            return std::nullopt;
    return chars.substr(0, 3) + "-" + chars.substr(3);
}

std::string trim(std::string_view text)
{
    std::size_t a = 0, b = text.size();
    while (a < b && std::isspace(static_cast<unsigned char>(text[a])))
        ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1])))
        --b;
    return std::string(text.substr(a, b - a));
}

std::string normalizeTerm(std::string_view text)
{
    std::string out;
    bool space = false;
    for (char c : trim(text)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += char(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::vector<std::string> splitList(std::string_view text, char separator)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find(separator, start);
        const auto item = trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (!item.empty())
            items.push_back(item);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return items;
}

std::string joinList(const std::vector<std::string> &items, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i)
            out += separator;
        out += items[i];
    }
    return out;
}

std::vector<std::byte> packDoubles(std::span<const double> values)
{
    std::vector<std::byte> out(values.size() * sizeof(double));
    if (!values.empty())
        std::memcpy(out.data(), values.data(), out.size());
    if constexpr (std::endian::native == std::endian::big)
        for (std::size_t i = 0; i < out.size(); i += sizeof(double))
            std::reverse(out.begin() + std::ptrdiff_t(i), out.begin() + std::ptrdiff_t(i + sizeof(double)));
    return out;
}

std::vector<double> unpackDoubles(std::span<const std::byte> bytes)
{
    if (bytes.size() % sizeof(double) != 0)
        throw StorageError(0, "a stored spectrum has " + std::to_string(bytes.size()) +
                                  " bytes of points, not a whole number of doubles");
    std::vector<std::byte> copy(bytes.begin(), bytes.end());
    if constexpr (std::endian::native == std::endian::big)
        for (std::size_t i = 0; i < copy.size(); i += sizeof(double))
            std::reverse(copy.begin() + std::ptrdiff_t(i), copy.begin() + std::ptrdiff_t(i + sizeof(double)));
    std::vector<double> out(copy.size() / sizeof(double));
    if (!out.empty())
        std::memcpy(out.data(), copy.data(), copy.size());
    return out;
}

} // namespace candor::core
