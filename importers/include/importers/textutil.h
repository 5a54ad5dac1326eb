#pragma once
// Small text helpers the readers share: trimming, label normalization, Latin-1 to
// UTF-8, and exact number parsing from byte spans without allocating.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace candor::importers::text {

inline bool isSpace(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' || c == '\0';
}

inline std::string_view trim(std::string_view s) noexcept
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// Upper-cases ASCII letters only: labels and unit names are ASCII, and locale-aware
// toupper would make results depend on the machine.
std::string upperAscii(std::string_view s);

// JCAMP-DX label comparison: drop spaces, tabs, '-', '/', '_' and upper-case.
std::string normalizeLabel(std::string_view s);

// Returns the text as UTF-8: valid UTF-8 is kept, anything else is read as Latin-1
// (what European instrument software writes) and converted byte by byte.
std::string toUtf8(std::string_view s);

// Header records (label, value) as UTF-8, one per label in order of first appearance: the
// values of a label that occurs more than once (repeated header lines, SPC log lines)
// are joined with "\n". What `spectrum show --json` prints and what Candor stores.
std::vector<std::pair<std::string, std::string>> mergedMetadata(const std::vector<std::pair<std::string, std::string>> &metadata);

// Parses a whole string as a finite double ("1e5", "-0.25", " 3 "). No locale.
std::optional<double> parseDouble(std::string_view s) noexcept;
std::optional<std::int64_t> parseInt(std::string_view s) noexcept;

// Formats a double for messages with up to 10 significant digits.
std::string formatNumber(double v);
// The shortest text that reads back as exactly `v` (for metadata values).
std::string formatExact(double v);

} // namespace candor::importers::text
