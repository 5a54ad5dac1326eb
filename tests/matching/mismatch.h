#pragma once
// Test-only model of library-to-sample mismatch (issue 11): what separates a library
// spectrum from a real sample of the same substance measured elsewhere, as
// shared/docs/matching-notes.md describes it. Band positions shift by several 1/cm (and
// drift across the range), bands broaden (resolution, crystal), relative intensities
// change by tens of percent (ATR depth, contact, particle size), and a baseline and
// moisture bands appear. Thresholds are calibrated against this, never against the
// generator's own white noise. Seeds are split: tuning seeds 1000-1999, held-out seeds
// 5000-5999 (never used to choose a threshold).

#include "importers/spectrum.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace candor::matching::test {

inline importers::Spectrum withMismatch(const importers::Spectrum &in, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0), u01(0.0, 1.0);
    const std::vector<double> &x = in.x;
    const std::size_t n = x.size();
    const double lo = x.front(), hi = x.back();
    auto t = [&](double v) { return -1.0 + 2.0 * (v - lo) / (hi - lo); };
    double top = 0;
    for (double v : in.y)
        top = std::max(top, v);

    // Shift: 0-6 1/cm plus a drift of up to 3 1/cm across the range.
    const double shift = 6 * u(rng), drift = 3 * u(rng);
    auto at = [&](double v) {
        if (v <= lo)
            return in.y.front();
        if (v >= hi)
            return in.y.back();
        const std::size_t k = std::upper_bound(x.begin(), x.end(), v) - x.begin();
        const double f = (v - x[k - 1]) / (x[k] - x[k - 1]);
        return in.y[k - 1] + f * (in.y[k] - in.y[k - 1]);
    };
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i)
        y[i] = at(x[i] - shift - drift * t(x[i]));

    // Broadening: a Gaussian of 0-4 1/cm sigma (resolution 2 to 16 1/cm, another crystal).
    const double step = (hi - lo) / double(n - 1);
    const double sigma = 4 * u01(rng) / step;
    if (sigma > 0.3) {
        const int half = int(std::ceil(3 * sigma));
        std::vector<double> k(2 * half + 1);
        double sum = 0;
        for (int j = -half; j <= half; ++j)
            sum += k[j + half] = std::exp(-0.5 * j * j / (sigma * sigma));
        std::vector<double> b(n, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            for (int j = -half; j <= half; ++j) {
                const auto m = std::clamp<std::ptrdiff_t>(std::ptrdiff_t(i) + j, 0, std::ptrdiff_t(n) - 1);
                b[i] += k[j + half] * y[m] / sum;
            }
        y = std::move(b);
    }

    // Relative intensities: a smooth gain of +/- 30 % across the range and a ripple of
    // +/- 20 % from band to band region (2-6 cycles over the range).
    const double a1 = 0.3 * u(rng), a2 = 0.2 * u(rng), a3 = 0.2 * u(rng);
    const double cycles = 2 + 4 * u01(rng), phase = 2 * std::numbers::pi * u01(rng);
    for (std::size_t i = 0; i < n; ++i) {
        const double tt = t(x[i]);
        y[i] *= std::exp(a1 * tt + a2 * (1.5 * tt * tt - 0.5) + a3 * std::sin(std::numbers::pi * cycles * tt + phase));
    }

    // Baseline (up to 5 % of the strongest band) and moisture: O-H stretch and bend.
    const double b0 = 0.05 * top * u(rng), b1 = 0.05 * top * u(rng), b2 = 0.03 * top * u(rng);
    const double water = 0.12 * top * u01(rng);
    for (std::size_t i = 0; i < n; ++i) {
        const double tt = t(x[i]);
        const double oh = std::exp(-0.5 * std::pow((x[i] - 3350) / 150, 2));
        const double bend = std::exp(-0.5 * std::pow((x[i] - 1640) / 25, 2));
        y[i] += b0 + b1 * tt + b2 * tt * tt + water * (oh + 0.3 * bend);
    }
    std::normal_distribution<double> noise(0, 0.001 * top);
    for (double &v : y)
        v += noise(rng);
    importers::Spectrum out = in;
    out.y = std::move(y);
    return out;
}

} // namespace candor::matching::test
