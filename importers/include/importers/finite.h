#pragma once
// What the binary and text readers share to keep non-finite numbers out of a Spectrum:
// a word for what a bad value is, and evenly spaced X that cannot overflow. A NaN or
// infinity that reached the database would poison every match against it, so readers
// refuse the file instead, naming the byte or line.

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace candor::importers {

// "NaN", "+infinity" or "-infinity", for messages; empty for a finite value.
inline std::string nonFiniteName(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+infinity" : "-infinity";
    return {};
}

// n values from first to last. std::lerp instead of first + (last - first) * i / (n - 1):
// the latter overflows to infinity for finite but huge first/last (found by fuzz_spc),
// and lerp is exact at both ends. Returns nullopt when a value still is not finite
// (first/last not finite, or both near the double limit), so the reader can name where.
inline std::optional<std::vector<double>> evenlySpaced(double first, double last, std::size_t n)
{
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = n > 1 ? std::lerp(first, last, double(i) / double(n - 1)) : first;
        if (!std::isfinite(x[i]))
            return std::nullopt;
    }
    return x;
}

} // namespace candor::importers
