#include "matching/unitconversion.h"

#include "matching/matchingerror.h"

#include "importers/conversion.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace candor::matching::detail {

AbsorbanceSpectrum toAbsorbanceWavenumber(const importers::Spectrum &spectrum)
{
    if (spectrum.x.size() != spectrum.y.size())
        throw MatchingError(MatchingError::Kind::InvalidValues, "spectrum has " + std::to_string(spectrum.x.size()) +
                                                                    " x values but " + std::to_string(spectrum.y.size()) +
                                                                    " y values");
    if (spectrum.x.size() < 2)
        throw MatchingError(MatchingError::Kind::InvalidValues, "spectrum has fewer than two points");
    for (std::size_t i = 0; i < spectrum.x.size(); ++i)
        if (!std::isfinite(spectrum.x[i]) || !std::isfinite(spectrum.y[i]))
            throw MatchingError(MatchingError::Kind::InvalidValues,
                                "spectrum has a non-finite value at point " + std::to_string(i));

    const importers::Spectrum c = importers::toAbsorbanceWavenumber(spectrum);
    if (c.xUnits != "1/cm")
        throw MatchingError(MatchingError::Kind::UnsupportedUnits,
                            "x units '" + spectrum.xUnits + "' cannot be converted to 1/cm");
    AbsorbanceSpectrum out;
    if (c.yUnits == "arbitrary" || c.yUnits == "intensity")
        out.yUnitsAssumed = true;
    else if (c.yUnits != "absorbance")
        throw MatchingError(MatchingError::Kind::UnsupportedUnits,
                            "y units '" + spectrum.yUnits + "' cannot be converted to absorbance");

    const std::size_t n = c.x.size();
    for (std::size_t i = 0; i < n; ++i)
        if (!(c.x[i] > 0) || !std::isfinite(c.x[i]) || !std::isfinite(c.y[i]))
            throw MatchingError(MatchingError::Kind::InvalidValues,
                                "point " + std::to_string(i) + " has no valid position after conversion");
    // Readers keep file order; the pipeline wants strictly ascending positions.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return c.x[a] < c.x[b]; });
    out.wavenumber.reserve(n);
    out.absorbance.reserve(n);
    for (std::size_t i : order) {
        if (!out.wavenumber.empty() && c.x[i] == out.wavenumber.back())
            continue; // a repeated position adds nothing to interpolation
        out.wavenumber.push_back(c.x[i]);
        out.absorbance.push_back(c.y[i]);
    }
    if (out.wavenumber.size() < 2)
        throw MatchingError(MatchingError::Kind::InvalidValues, "spectrum has fewer than two distinct positions");
    return out;
}

} // namespace candor::matching::detail
