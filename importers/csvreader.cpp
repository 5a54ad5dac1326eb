#include "importers/csvreader.h"

#include "importers/finite.h"
#include "importers/textutil.h"
#include "importers/units.h"

#include <charconv>
#include <optional>

namespace candor::importers {

namespace {

constexpr std::size_t kMaxPoints = 50'000'000;

std::vector<std::string_view> splitLines(std::string_view all)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i] == '\n' || all[i] == '\r') {
            lines.push_back(all.substr(start, i - start));
            if (all[i] == '\r' && i + 1 < all.size() && all[i + 1] == '\n')
                ++i;
            start = i + 1;
        }
    }
    if (start < all.size())
        lines.push_back(all.substr(start));
    return lines;
}

bool looksNumeric(std::string_view line)
{
    line = text::trim(line);
    if (line.empty())
        return false;
    const char c = line.front();
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

// ' ' stands for "any run of blanks".
char detectDelimiter(std::string_view line)
{
    if (line.find('\t') != std::string_view::npos)
        return '\t';
    if (line.find(';') != std::string_view::npos)
        return ';';
    if (line.find(',') != std::string_view::npos)
        return ',';
    return ' ';
}

std::vector<std::string_view> splitFields(std::string_view line, char delimiter)
{
    std::vector<std::string_view> out;
    if (delimiter == ' ') {
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            const std::size_t s = i;
            while (i < line.size() && line[i] != ' ' && line[i] != '\t')
                ++i;
            if (i > s)
                out.push_back(line.substr(s, i - s));
        }
        return out;
    }
    std::size_t s = 0;
    while (true) {
        const auto d = line.find(delimiter, s);
        out.push_back(text::trim(line.substr(s, d == std::string_view::npos ? std::string_view::npos : d - s)));
        if (d == std::string_view::npos)
            break;
        s = d + 1;
    }
    return out;
}

std::optional<double> number(std::string_view field, bool decimalComma)
{
    field = text::trim(field);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
        field = field.substr(1, field.size() - 2);
    if (!decimalComma)
        return text::parseDouble(field);
    std::string s(field);
    for (char &c : s)
        if (c == ',')
            c = '.';
    return text::parseDouble(s);
}

// Why a cell that number() refused is not a usable number, when it is one that a
// double cannot hold ("nan", "inf", "1e999"); empty for text, which gets the general
// message.
std::string whyNotFinite(std::string_view field, bool decimalComma)
{
    std::string s(text::trim(field));
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
        s = s.substr(1, s.size() - 2);
    if (decimalComma)
        for (char &c : s)
            if (c == ',')
                c = '.';
    std::string_view digits = s;
    const bool negative = !digits.empty() && digits.front() == '-';
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-'))
        digits.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (end != digits.data() + digits.size() || digits.empty())
        return {};
    if (ec == std::errc::result_out_of_range)
        return "is outside the range of a double";
    if (ec == std::errc() && !std::isfinite(v))
        return "is " + nonFiniteName(negative ? -v : v) + ", not a finite number";
    return {};
}

// "Wavenumber (cm-1)" -> "cm-1"; "Absorbance" stays.
std::string unitsIn(std::string_view header)
{
    const auto open = header.find_first_of("([");
    const auto close = header.find_last_of(")]");
    if (open != std::string_view::npos && close != std::string_view::npos && close > open)
        return std::string(header.substr(open + 1, close - open - 1));
    return std::string(header);
}

} // namespace

bool CsvReader::sniff(std::span<const std::byte> head) const
{
    const std::string_view text(reinterpret_cast<const char *>(head.data()), head.size());
    if (text.find('\0') != std::string_view::npos || (text.size() >= 2 && text[0] == '#' && text[1] == '#'))
        return false;
    auto lines = splitLines(text);
    if (head.size() == 4096 && !lines.empty())
        lines.pop_back(); // possibly cut in the middle
    // Lenient on purpose: one line starting with two numbers is enough, so that a text
    // export with a bad line later gets the reader's message naming that line, not
    // "not a format Candor reads".
    for (auto line : lines) {
        if (!looksNumeric(line))
            continue;
        const char d = detectDelimiter(line);
        const auto fields = splitFields(text::trim(line), d);
        const bool comma = d != ',' && line.find(',') != std::string_view::npos;
        return fields.size() >= 2 && number(fields[0], comma) && number(fields[1], comma);
    }
    return false;
}

std::vector<Spectrum> CsvReader::read(std::span<const std::byte> bytes, const std::string &fileName) const
{
    std::string_view all(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    if (all.size() >= 3 && all.substr(0, 3) == "\xEF\xBB\xBF")
        all.remove_prefix(3);
    const auto fail = [&](std::uint64_t line, const std::string &what) {
        throw ImportError(ImportError::Kind::Malformed, fileName, line, std::nullopt, what);
    };
    if (all.find('\0') != std::string_view::npos)
        throw ImportError(ImportError::Kind::Malformed, fileName, std::nullopt, all.find('\0'),
                          "a NUL byte: this is a binary file, not a text export");
    const auto lines = splitLines(all);

    Spectrum s;
    std::vector<std::string_view> headers;
    char delimiter = 0;
    bool decimalComma = false;
    std::size_t lineNo = 0;
    for (auto raw : lines) {
        ++lineNo;
        const std::string_view line = text::trim(raw);
        if (line.empty() || line.front() == '#')
            continue;
        if (!delimiter) {
            if (!looksNumeric(line)) {
                headers.push_back(line);
                continue;
            }
            delimiter = detectDelimiter(line);
            // A comma that is not the delimiter is a decimal comma ("1234,5;0,87").
            decimalComma = delimiter != ',' && line.find(',') != std::string_view::npos;
        }
        const auto fields = splitFields(line, delimiter);
        const auto x = fields.size() >= 2 ? number(fields[0], decimalComma) : std::nullopt;
        const auto y = fields.size() >= 2 ? number(fields[1], decimalComma) : std::nullopt;
        for (std::size_t column = 0; column < 2 && fields.size() >= 2; ++column)
            if (!(column == 0 ? x : y))
                if (const std::string why = whyNotFinite(fields[column], decimalComma); !why.empty())
                    fail(lineNo, std::string(column == 0 ? "the x value \"" : "the y value \"") +
                                     std::string(fields[column].substr(0, 40)) + "\" " + why);
        if (!x || !y)
            fail(lineNo, "expected two finite numbers separated by '" +
                             std::string(delimiter == '\t'  ? "\\t"
                                         : delimiter == ' ' ? "blanks"
                                                            : std::string(1, delimiter)) +
                             "', found \"" + std::string(line.substr(0, 60)) + "\"");
        if (s.x.size() >= kMaxPoints)
            fail(lineNo, "more points than Candor accepts in one spectrum");
        s.x.push_back(*x);
        s.y.push_back(*y);
    }
    if (s.x.size() < 2)
        fail(lineNo, "fewer than two data points (expected lines of \"x,y\")");

    std::string headerText;
    for (auto h : headers) {
        s.metadata.emplace_back("header", text::toUtf8(h));
        headerText += std::string(h) + " ";
    }
    if (!headers.empty()) {
        // Column names come from the last header line, split like the data.
        const auto names = splitFields(headers.back(),
                                       delimiter == ' ' && headers.back().find(',') != std::string_view::npos ? ',' : delimiter);
        if (names.size() >= 2) {
            s.xUnits = normalizeXUnits(unitsIn(names[0]));
            s.yUnits = normalizeYUnits(unitsIn(names[1]));
            if (s.yUnits == "arbitrary")
                s.yUnits = normalizeYUnits(names[1]);
            if (s.xUnits == "arbitrary")
                s.xUnits = normalizeXUnits(names[0]);
        }
    }
    const std::string upper = text::upperAscii(headerText);
    if (upper.find("RAMAN") != std::string::npos)
        s.technique = "raman";
    else if (s.xUnits == "1/cm")
        s.technique = "infrared";
    else if (s.xUnits == "m/z")
        s.technique = "mass";
    s.metadata.emplace_back("delimiter", delimiter == '\t' ? "tab" : delimiter == ' ' ? "blanks" : std::string(1, delimiter));
    s.metadata.emplace_back("decimal separator", decimalComma ? "," : ".");
    return {std::move(s)};
}

} // namespace candor::importers
