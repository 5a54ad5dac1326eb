#include "gcms/nominal.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace candor::gcms {

std::optional<int> nominalMass(double mz)
{
    if (!std::isfinite(mz) || mz > 1e6)
        return std::nullopt;
    const double m = std::ceil(mz - 0.649);
    if (m < 1)
        return std::nullopt;
    return int(m);
}

NominalSpectrum toNominal(std::span<const double> mz, std::span<const double> intensity)
{
    std::map<int, double> largest;
    const std::size_t n = std::min(mz.size(), intensity.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto mass = nominalMass(mz[i]);
        if (!mass || !std::isfinite(intensity[i]) || intensity[i] <= 0)
            continue;
        double &v = largest[*mass];
        v = std::max(v, intensity[i]);
    }
    double base = 0;
    for (const auto &[m, v] : largest)
        base = std::max(base, v);
    NominalSpectrum out;
    if (base <= 0)
        return out;
    for (const auto &[m, v] : largest) {
        const double scaled = std::nearbyint(v / base * 999.0);
        if (scaled >= 1)
            out.push_back({m, int(scaled)});
    }
    return out;
}

} // namespace candor::gcms
