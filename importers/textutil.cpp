#include "importers/textutil.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace candor::importers::text {

std::string upperAscii(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
    return out;
}

std::string normalizeLabel(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '-' || c == '/' || c == '_')
            continue;
        out.push_back(c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
    }
    return out;
}

namespace {
bool isValidUtf8(std::string_view s) noexcept
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        if ((c & 0xE0) == 0xC0 && c >= 0xC2)
            extra = 1;
        else if ((c & 0xF0) == 0xE0)
            extra = 2;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
            extra = 3;
        else
            return false;
        if (i + std::size_t(extra) >= s.size())
            return false;
        for (int k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + std::size_t(k)]) & 0xC0) != 0x80)
                return false;
        i += std::size_t(extra) + 1;
    }
    return true;
}
} // namespace

std::string toUtf8(std::string_view s)
{
    bool ascii = true;
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii || isValidUtf8(s))
        return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out.push_back(ch);
        } else {
            out.push_back(char(0xC0 | (c >> 6)));
            out.push_back(char(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::optional<double> parseDouble(std::string_view s) noexcept
{
    s = trim(s);
    bool negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s.empty() || s.front() == '+' || s.front() == '-')
        return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return negative ? -v : v;
}

std::optional<std::int64_t> parseInt(std::string_view s) noexcept
{
    s = trim(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string formatNumber(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

} // namespace candor::importers::text

namespace candor::importers::text {

std::string formatExact(double v)
{
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : formatNumber(v);
}

std::vector<std::pair<std::string, std::string>> mergedMetadata(const std::vector<std::pair<std::string, std::string>> &metadata)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::map<std::string, std::size_t> indexOf; // an SPC log can hold thousands of lines
    for (const auto &[label, value] : metadata) {
        std::string key = toUtf8(label);
        const auto [it, added] = indexOf.emplace(key, out.size());
        if (added)
            out.emplace_back(std::move(key), toUtf8(value));
        else
            out[it->second].second += "\n" + toUtf8(value);
    }
    return out;
}

} // namespace candor::importers::text
