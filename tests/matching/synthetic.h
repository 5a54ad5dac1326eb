#pragma once
// Test-only helpers: synthetic ATR-FTIR absorbance spectra built from Gaussian bands,
// so that tests know exactly what went into a spectrum.

#include "importers/spectrum.h"

#include <cmath>
#include <random>
#include <vector>

namespace candor::matching::test {

struct Band {
    double position; // 1/cm
    double height;   // absorbance
    double width;    // FWHM, 1/cm
};

inline std::vector<double> bandValues(const std::vector<double> &x, const std::vector<Band> &bands)
{
    std::vector<double> y(x.size(), 0.0);
    for (const Band &b : bands) {
        const double sigma = b.width / 2.3548;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double d = (x[i] - b.position) / sigma;
            if (std::abs(d) < 8)
                y[i] += b.height * std::exp(-0.5 * d * d);
        }
    }
    return y;
}

inline importers::Spectrum makeSpectrum(const std::vector<Band> &bands, double from = 600, double to = 4000, double step = 1.0,
                                        const std::string &title = "synthetic")
{
    importers::Spectrum s;
    s.title = title;
    s.technique = "infrared";
    s.xUnits = "1/cm";
    s.yUnits = "absorbance";
    for (double x = from; x <= to + 1e-9; x += step)
        s.x.push_back(x);
    s.y = bandValues(s.x, bands);
    return s;
}

// A random "substance": 8 to 14 bands across the mid-IR, fingerprint region favoured.
inline std::vector<Band> randomBands(std::mt19937_64 &rng)
{
    std::uniform_int_distribution<int> count(8, 14);
    std::uniform_real_distribution<double> fingerprint(700, 1800), high(2800, 3500), h(0.1, 1.0), w(6, 30);
    std::vector<Band> bands;
    const int n = count(rng);
    bands.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i)
        bands.push_back({i % 4 == 3 ? high(rng) : fingerprint(rng), h(rng), w(rng)});
    return bands;
}

// Weighted sum of spectra on the same x (a linear mixture of absorbances).
inline importers::Spectrum mix(const std::vector<importers::Spectrum> &parts, const std::vector<double> &weights)
{
    importers::Spectrum out = parts.front();
    for (double &v : out.y)
        v = 0;
    for (std::size_t p = 0; p < parts.size(); ++p)
        for (std::size_t i = 0; i < out.y.size(); ++i)
            out.y[i] += weights[p] * parts[p].y[i];
    return out;
}

inline void addNoise(importers::Spectrum &s, double sigma, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> n(0, sigma);
    for (double &v : s.y)
        v += n(rng);
}

} // namespace candor::matching::test
