#include "unitconversion.h"

#include "matchingerror.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace candor::matching::interim {

namespace {

// Transmittance of exactly zero would be infinite absorbance; real detectors never read
// below ~1e-4, so clamp there (absorbance 4) rather than propagate infinities.
constexpr double kMinTransmittance = 1e-4;

double toWavenumber(double x, const std::string &units)
{
    if (units == "1/cm")
        return x;
    if (units == "micrometers")
        return 1e4 / x;
    if (units == "nanometers")
        return 1e7 / x;
    throw MatchingError(MatchingError::Kind::UnsupportedUnits,
                        "x units '" + units + "' cannot be converted to 1/cm");
}

} // namespace

AbsorbanceSpectrum toAbsorbanceWavenumber(const importers::Spectrum &spectrum)
{
    if (spectrum.x.size() != spectrum.y.size())
        throw MatchingError(MatchingError::Kind::InvalidValues,
                            "spectrum has " + std::to_string(spectrum.x.size()) + " x values but "
                                + std::to_string(spectrum.y.size()) + " y values");
    if (spectrum.x.size() < 2)
        throw MatchingError(MatchingError::Kind::InvalidValues,
                            "spectrum has fewer than two points");

    AbsorbanceSpectrum out;
    const std::string &yu = spectrum.yUnits;
    double yScale = 1.0;
    bool transmittance = false;
    if (yu == "absorbance") {
    } else if (yu == "transmittance") {
        transmittance = true;
    } else if (yu == "percent-transmittance") {
        transmittance = true;
        yScale = 0.01;
    } else if (yu == "arbitrary" || yu == "intensity") {
        out.yUnitsAssumed = true;
    } else {
        throw MatchingError(MatchingError::Kind::UnsupportedUnits,
                            "y units '" + yu + "' cannot be converted to absorbance");
    }

    const std::size_t n = spectrum.x.size();
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double xi = spectrum.x[i];
        const double yi = spectrum.y[i];
        if (!std::isfinite(xi) || !std::isfinite(yi))
            throw MatchingError(MatchingError::Kind::InvalidValues,
                                "spectrum has a non-finite value at point " + std::to_string(i));
        x[i] = toWavenumber(xi, spectrum.xUnits);
        if (!std::isfinite(x[i]) || x[i] <= 0)
            throw MatchingError(MatchingError::Kind::InvalidValues,
                                "x value at point " + std::to_string(i) + " is not a positive position");
        y[i] = transmittance ? -std::log10(std::max(yi * yScale, kMinTransmittance)) : yi;
    }

    // Files run high-to-low wavenumber as often as not; the pipeline wants ascending.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    out.wavenumber.reserve(n);
    out.absorbance.reserve(n);
    for (std::size_t i : order) {
        if (!out.wavenumber.empty() && x[i] == out.wavenumber.back())
            continue; // a repeated position adds nothing to linear interpolation
        out.wavenumber.push_back(x[i]);
        out.absorbance.push_back(y[i]);
    }
    if (out.wavenumber.size() < 2)
        throw MatchingError(MatchingError::Kind::InvalidValues,
                            "spectrum has fewer than two distinct positions");
    return out;
}

} // namespace candor::matching::interim
