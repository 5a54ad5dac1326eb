#include "importers/conversion.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace candor::importers {

TransmittanceScale detectTransmittanceScale(const std::vector<double> &y)
{
    double maxY = -INFINITY;
    for (double v : y)
        if (std::isfinite(v))
            maxY = std::max(maxY, v);
    return maxY > 1.5 ? TransmittanceScale::Percent : TransmittanceScale::Fraction;
}

Spectrum toAbsorbance(const Spectrum &in)
{
    Spectrum out = in;
    if (in.yUnits != "transmittance" && in.yUnits != "percent-transmittance")
        return out;
    // The label is not trusted for the scale: writers label 0..100 data "TRANSMITTANCE".
    const double scale = detectTransmittanceScale(in.y) == TransmittanceScale::Percent ? 0.01 : 1.0;
    for (double &v : out.y)
        v = -std::log10(std::max(v * scale, 1e-6));
    out.yUnits = "absorbance";
    return out;
}

Spectrum toWavenumber(const Spectrum &in)
{
    Spectrum out = in;
    double numerator;
    if (in.xUnits == "micrometers")
        numerator = 1e4; // 1 µm = 1e-4 cm
    else if (in.xUnits == "nanometers")
        numerator = 1e7;
    else
        return out;
    for (double &v : out.x)
        v = v != 0.0 ? numerator / v : 0.0;
    out.xUnits = "1/cm";
    // Wavelength order reverses in wavenumber; keep x ascending for the matcher.
    std::vector<std::size_t> order(out.x.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return out.x[a] < out.x[b]; });
    std::vector<double> x(order.size()), y(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        x[i] = out.x[order[i]];
        y[i] = order[i] < out.y.size() ? out.y[order[i]] : 0.0;
    }
    out.x = std::move(x);
    out.y = std::move(y);
    return out;
}

Spectrum toAbsorbanceWavenumber(const Spectrum &in)
{
    Spectrum out = toWavenumber(toAbsorbance(in));
    if (out.x.size() >= 2 && out.x.front() > out.x.back()) {
        std::reverse(out.x.begin(), out.x.end());
        std::reverse(out.y.begin(), out.y.end());
    }
    return out;
}

} // namespace candor::importers
