#pragma once
// The one preprocessing pipeline that library and query spectra both go through, so
// that a correlation compares like with like. Its parameters are recorded with the
// compiled library; a query is always processed with the library's own parameters.
//
// Steps, in order (each a small static function below, unit-tested on its own):
//  1. conversion to absorbance over wavenumber (1/cm), by importers/conversion.h
//  2. resampling onto a fixed grid (triangle-weighted mean where the source is denser than
//     the grid, linear interpolation otherwise); the part of the grid the spectrum covers is noted
//  3. masking: CO2 (2280-2400) and water-vapour bands are bridged by a straight line now
//     and dropped at the end, so they neither bend the baseline nor enter the score
//  4. baseline: iterative modified polynomial fit (Lieber & Mahadevan-Jansen 2003), the
//     fit clipped to the spectrum until it lies under it, subtracted
//  5. Savitzky-Golay smoothing, or first derivative ("derivative correlation")
//  6. range restriction to unmasked points, mean-centring and unit L2 norm, so that a
//     dot product of two processed spectra is their Pearson correlation.

#include "importers/spectrum.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace candor::matching {

struct WavenumberRange {
    double from = 0; // 1/cm, inclusive
    double to = 0;   // 1/cm, inclusive
    bool operator==(const WavenumberRange &) const = default;
};

struct PreprocessingParameters {
    double rangeStart = 650; // 1/cm: the diamond ATR cut-off sits just below
    double rangeEnd = 4000;
    double step = 2; // 1/cm: below the 4 cm⁻¹ resolution most ATR work uses
    // CO2 asymmetric stretch; water vapour rotation lines above 3700 carry no sample bands.
    std::vector<WavenumberRange> masks{{2280, 2400}, {3700, 4000}};
    int baselineDegree = 3; // negative: no baseline correction
    int baselineIterations = 100;
    int savgolWindow = 11; // points; odd. 0 or 1: no smoothing
    int savgolOrder = 2;
    int derivative = 0;       // 0: smoothed spectrum, 1: first derivative
    double minCoverage = 0.6; // share of the unmasked grid a query must cover

    bool operator==(const PreprocessingParameters &) const = default;
    // FNV-1a over every field: part of the compiled library's cache key.
    std::uint64_t fingerprint() const noexcept;
    // Throws MatchingError(InvalidLibrary) for parameters that cannot work.
    void validate() const;
};

struct ProcessedSpectrum {
    std::vector<double> values; // one per kept grid point; mean 0, L2 norm 1
    double coverage = 0;        // share of kept grid points inside the source's range
    double noise = 0;           // estimated noise standard deviation per point, same units
    std::vector<std::string> warnings;
};

class Preprocessor {
public:
    // Throws MatchingError(InvalidLibrary) for invalid parameters.
    explicit Preprocessor(PreprocessingParameters parameters);

    const PreprocessingParameters &parameters() const noexcept { return m_parameters; }
    // The full resampling grid, ascending.
    const std::vector<double> &grid() const noexcept { return m_grid; }
    // Indexes into grid() that survive masking: the positions of ProcessedSpectrum::values.
    const std::vector<std::size_t> &keptIndexes() const noexcept { return m_kept; }
    std::size_t dimension() const noexcept { return m_kept.size(); }

    // The whole pipeline. Throws MatchingError: UnsupportedUnits, InvalidValues,
    // NoOverlap (coverage below minCoverage), FlatSpectrum.
    ProcessedSpectrum process(const importers::Spectrum &spectrum) const;
    // Steps 2-6 for a spectrum already in absorbance over ascending wavenumber.
    ProcessedSpectrum processAbsorbance(std::span<const double> wavenumber, std::span<const double> absorbance) const;

    // --- the steps ---

    // from, from+step, ... up to and including `to` (within step/1000).
    static std::vector<double> makeGrid(double from, double to, double step);
    // Resamples (x ascending) onto `grid`: where the source is denser than the grid (median
    // spacing below step/1.5), the mean of the source points within one step weighted by a
    // triangle (1 - |x - g| / step); otherwise linear interpolation;
    // grid points beyond the source take the nearest end value. `covered[i]` says
    // whether grid[i] lies within [x.front(), x.back()].
    static std::vector<double> resample(std::span<const double> x, std::span<const double> y, std::span<const double> grid,
                                        std::vector<bool> *covered = nullptr);
    // Replaces values inside each mask by the straight line between its neighbours.
    static void bridgeMasks(std::span<const double> grid, std::span<double> y, std::span<const WavenumberRange> masks);
    // Iterative modified polynomial baseline of `degree` over the index range; returns
    // the baseline (same length). A polynomial of that degree is its own baseline.
    static std::vector<double> polynomialBaseline(std::span<const double> y, int degree, int iterations);
    // Savitzky-Golay weights for a window of `window` points (odd) fitted with a
    // polynomial of `order`, giving the `derivative`-th derivative at offset `at` from
    // the window centre (in points). at = 0 gives the ordinary filter's convolution weights
    // (applied as sum_j w[j] * y[i - half + j]).
    static std::vector<double> savitzkyGolayWeights(int window, int order, int derivative, double at = 0.0);
    // The filter with SciPy's mode='interp' edges (each end fitted by one polynomial),
    // so it reproduces scipy.signal.savgol_filter(y, window, order, derivative, delta).
    static std::vector<double> savitzkyGolay(std::span<const double> y, int window, int order, int derivative,
                                             double delta = 1.0);
    // Subtracts the mean and divides by the L2 norm. Returns the norm before scaling;
    // 0 (and leaves y centred) when there is nothing left to scale.
    static double normalize(std::span<double> y);
    // Noise standard deviation from the median absolute second difference, which a
    // smooth spectrum barely moves: sigma = median|y[i-1] - 2y[i] + y[i+1]| / (0.6745 sqrt 6).
    static double estimateNoise(std::span<const double> y);

private:
    PreprocessingParameters m_parameters;
    std::vector<double> m_grid;
    std::vector<std::size_t> m_kept;
    std::vector<bool> m_isKept;
    double m_noiseGain = 1.0; // sqrt(sum w^2) of the Savitzky-Golay centre weights
};

} // namespace candor::matching
