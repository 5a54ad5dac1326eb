#include "matching/preprocessing.h"

#include "matching/checksum.h"
#include "matching/matchingerror.h"
#include "matching/unitconversion.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace candor::matching {

namespace {

// Solves the small symmetric positive definite system A x = b (n <= ~10) by Gaussian
// elimination with partial pivoting; A is row-major n x n and is destroyed.
std::vector<double> solveSmall(std::vector<double> a, std::vector<double> b)
{
    const std::size_t n = b.size();
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col]))
                pivot = r;
        if (pivot != col) {
            for (std::size_t c = 0; c < n; ++c)
                std::swap(a[col * n + c], a[pivot * n + c]);
            std::swap(b[col], b[pivot]);
        }
        const double d = a[col * n + col];
        if (d == 0.0)
            throw std::runtime_error("singular system in polynomial fit");
        for (std::size_t r = col + 1; r < n; ++r) {
            const double f = a[r * n + col] / d;
            if (f == 0.0)
                continue;
            for (std::size_t c = col; c < n; ++c)
                a[r * n + c] -= f * a[col * n + c];
            b[r] -= f * b[col];
        }
    }
    std::vector<double> x(n);
    for (std::size_t i = n; i-- > 0;) {
        double s = b[i];
        for (std::size_t c = i + 1; c < n; ++c)
            s -= a[i * n + c] * x[c];
        x[i] = s / a[i * n + i];
    }
    return x;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    double m = v[mid];
    if (v.size() % 2 == 0) {
        const double lowerMax = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
        m = 0.5 * (m + lowerMax);
    }
    return m;
}

bool insideAnyMask(double x, std::span<const WavenumberRange> masks)
{
    for (const WavenumberRange &m : masks)
        if (x >= m.from && x <= m.to)
            return true;
    return false;
}

} // namespace

std::uint64_t PreprocessingParameters::fingerprint() const noexcept
{
    Fnv1a64 h;
    h.addValue(rangeStart);
    h.addValue(rangeEnd);
    h.addValue(step);
    h.addValue(static_cast<std::uint64_t>(masks.size()));
    for (const WavenumberRange &m : masks) {
        h.addValue(m.from);
        h.addValue(m.to);
    }
    h.addValue(baselineDegree);
    h.addValue(baselineIterations);
    h.addValue(savgolWindow);
    h.addValue(savgolOrder);
    h.addValue(derivative);
    h.addValue(minCoverage);
    return h.value();
}

void PreprocessingParameters::validate() const
{
    auto fail = [](const std::string &why) { throw MatchingError(MatchingError::Kind::InvalidLibrary, "preprocessing: " + why); };
    if (!(step > 0) || !(rangeEnd > rangeStart))
        fail("the range must be ascending with a positive step");
    if ((rangeEnd - rangeStart) / step > 1e6)
        fail("the grid would have more than a million points");
    if (baselineDegree > 10)
        fail("baseline degree above 10 is not supported");
    if (savgolWindow > 1 && (savgolWindow % 2 == 0 || savgolOrder >= savgolWindow || savgolOrder < 0))
        fail("the Savitzky-Golay window must be odd and larger than the order");
    if (derivative < 0 || derivative > 1)
        fail("derivative must be 0 or 1");
    if (derivative == 1 && (savgolWindow <= 1 || savgolOrder < 1))
        fail("a derivative needs a Savitzky-Golay window and an order of at least 1");
    if (!(minCoverage > 0 && minCoverage <= 1))
        fail("minimum coverage must be in (0, 1]");
}

Preprocessor::Preprocessor(PreprocessingParameters parameters)
    : m_parameters(std::move(parameters))
{
    m_parameters.validate();
    m_grid = makeGrid(m_parameters.rangeStart, m_parameters.rangeEnd, m_parameters.step);
    m_isKept.resize(m_grid.size());
    for (std::size_t i = 0; i < m_grid.size(); ++i) {
        m_isKept[i] = !insideAnyMask(m_grid[i], m_parameters.masks);
        if (m_isKept[i])
            m_kept.push_back(i);
    }
    if (m_kept.size() < 16)
        throw MatchingError(MatchingError::Kind::InvalidLibrary, "preprocessing: the masks leave fewer than 16 grid points");
    if (m_parameters.savgolWindow > 1) {
        const auto w = savitzkyGolayWeights(m_parameters.savgolWindow, m_parameters.savgolOrder, m_parameters.derivative);
        double s = 0;
        for (double v : w)
            s += v * v;
        m_noiseGain = std::sqrt(s) / std::pow(m_parameters.step, m_parameters.derivative);
    }
}

ProcessedSpectrum Preprocessor::process(const importers::Spectrum &spectrum) const
{
    const detail::AbsorbanceSpectrum a = detail::toAbsorbanceWavenumber(spectrum);
    ProcessedSpectrum out = processAbsorbance(a.wavenumber, a.absorbance);
    if (a.yUnitsAssumed)
        out.warnings.push_back("y units '" + spectrum.yUnits + "' taken as absorbance");
    return out;
}

ProcessedSpectrum Preprocessor::processAbsorbance(std::span<const double> wavenumber, std::span<const double> absorbance) const
{
    if (wavenumber.size() != absorbance.size() || wavenumber.size() < 2)
        throw MatchingError(MatchingError::Kind::InvalidValues, "spectrum needs at least two points with matching x and y");
    for (std::size_t i = 0; i < wavenumber.size(); ++i)
        if (!std::isfinite(wavenumber[i]) || !std::isfinite(absorbance[i]))
            throw MatchingError(MatchingError::Kind::InvalidValues,
                                "spectrum has a non-finite value at point " + std::to_string(i));

    ProcessedSpectrum out;
    std::vector<bool> covered;
    std::vector<double> y = resample(wavenumber, absorbance, m_grid, &covered);

    std::size_t coveredKept = 0;
    for (std::size_t i : m_kept)
        coveredKept += covered[i] ? 1 : 0;
    out.coverage = static_cast<double>(coveredKept) / static_cast<double>(m_kept.size());
    if (out.coverage < m_parameters.minCoverage) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "the spectrum (%.0f-%.0f 1/cm) covers %.0f%% of the library range "
                      "%.0f-%.0f 1/cm; at least %.0f%% is needed",
                      wavenumber.front(), wavenumber.back(), 100 * out.coverage, m_parameters.rangeStart, m_parameters.rangeEnd,
                      100 * m_parameters.minCoverage);
        throw MatchingError(MatchingError::Kind::NoOverlap, buf);
    }
    if (out.coverage < 1.0)
        out.warnings.push_back("the spectrum covers " + std::to_string(static_cast<int>(std::round(100 * out.coverage))) +
                               "% of the library range; the rest is extended from its ends");

    // Flat input (all zeros, a constant) has no shape to correlate.
    double lo = y[m_kept.front()], hi = lo;
    for (std::size_t i : m_kept) {
        lo = std::min(lo, y[i]);
        hi = std::max(hi, y[i]);
    }
    if (!(hi - lo > 1e-9 * std::max(1.0, std::max(std::abs(hi), std::abs(lo)))))
        throw MatchingError(MatchingError::Kind::FlatSpectrum, "the spectrum is flat (every value the same): nothing to match");

    std::vector<double> keptRaw;
    keptRaw.reserve(m_kept.size());
    for (std::size_t i : m_kept)
        if (covered[i])
            keptRaw.push_back(y[i]);
    const double rawNoise = estimateNoise(keptRaw);

    bridgeMasks(m_grid, y, m_parameters.masks);
    if (m_parameters.baselineDegree >= 0) {
        const std::vector<double> base = polynomialBaseline(y, m_parameters.baselineDegree, m_parameters.baselineIterations);
        for (std::size_t i = 0; i < y.size(); ++i)
            y[i] -= base[i];
    }
    if (m_parameters.savgolWindow > 1)
        y = savitzkyGolay(y, m_parameters.savgolWindow, m_parameters.savgolOrder, m_parameters.derivative, m_parameters.step);

    out.values.resize(m_kept.size());
    for (std::size_t k = 0; k < m_kept.size(); ++k)
        out.values[k] = y[m_kept[k]];
    const double norm = normalize(out.values);
    if (!(norm > 1e-12))
        throw MatchingError(MatchingError::Kind::FlatSpectrum, "nothing is left of the spectrum after baseline removal");
    out.noise = rawNoise * m_noiseGain / norm;
    return out;
}

std::vector<double> Preprocessor::makeGrid(double from, double to, double step)
{
    std::vector<double> g;
    const auto n = static_cast<std::size_t>(std::floor((to - from) / step + 1e-3)) + 1;
    g.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        g.push_back(from + static_cast<double>(i) * step); // no accumulation error
    return g;
}

std::vector<double> Preprocessor::resample(std::span<const double> x, std::span<const double> y, std::span<const double> grid,
                                           std::vector<bool> *covered)
{
    std::vector<double> out(grid.size());
    if (covered)
        covered->assign(grid.size(), false);
    const std::size_t n = x.size();
    const double step = grid.size() > 1 ? grid[1] - grid[0] : 0.0;
    // A source much denser than the grid would alias its noise into the grid under plain
    // interpolation: average it with a triangle one grid step wide on each side instead.
    // The triangle is symmetric (no half-step shift) and gives zero weight at +-step, so
    // rounding of source positions cannot flip a point in or out.
    std::vector<double> gaps;
    for (std::size_t i = 1; i < n; ++i)
        gaps.push_back(x[i] - x[i - 1]);
    const bool dense = step > 0 && median(std::move(gaps)) < step / 1.5;
    std::size_t lo = 0;  // first source index with x > g - step
    std::size_t seg = 0; // x[seg] <= g < x[seg+1]
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double g = grid[i];
        if (g < x.front()) {
            out[i] = y.front();
            continue;
        }
        if (g > x[n - 1]) {
            out[i] = y[n - 1];
            continue;
        }
        if (covered)
            (*covered)[i] = true;
        if (dense) {
            while (lo < n && x[lo] <= g - step)
                ++lo;
            double sw = 0, swy = 0;
            for (std::size_t k = lo; k < n && x[k] < g + step; ++k) {
                const double w = 1.0 - std::abs(x[k] - g) / step;
                sw += w;
                swy += w * y[k];
            }
            if (sw > 0) {
                out[i] = swy / sw;
                continue;
            }
        }
        while (seg + 1 < n - 1 && x[seg + 1] <= g)
            ++seg;
        const double t = (g - x[seg]) / (x[seg + 1] - x[seg]);
        out[i] = y[seg] + t * (y[seg + 1] - y[seg]);
    }
    return out;
}

void Preprocessor::bridgeMasks(std::span<const double> grid, std::span<double> y, std::span<const WavenumberRange> masks)
{
    const std::size_t n = grid.size();
    for (const WavenumberRange &m : masks) {
        std::size_t b = 0;
        while (b < n && grid[b] < m.from)
            ++b;
        std::size_t e = b; // one past the last masked point
        while (e < n && grid[e] <= m.to)
            ++e;
        if (b == e)
            continue;
        if (b == 0 && e == n)
            continue; // nothing to bridge from
        // A mask at an end holds the value of its one neighbour.
        const double left = b > 0 ? y[b - 1] : y[e];
        const double right = e < n ? y[e] : y[b - 1];
        const double x0 = b > 0 ? grid[b - 1] : grid[b];
        const double x1 = e < n ? grid[e] : grid[e - 1];
        for (std::size_t i = b; i < e; ++i) {
            const double t = x1 > x0 ? (grid[i] - x0) / (x1 - x0) : 0.0;
            y[i] = left + t * (right - left);
        }
    }
}

std::vector<double> Preprocessor::polynomialBaseline(std::span<const double> y, int degree, int iterations)
{
    const std::size_t n = y.size();
    const auto terms = static_cast<std::size_t>(degree + 1);
    // Legendre polynomials over [-1, 1] keep the normal equations well conditioned.
    std::vector<double> basis(n * terms);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = n > 1 ? -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
        double pPrev = 1.0, p = t;
        basis[i * terms] = 1.0;
        if (terms > 1)
            basis[i * terms + 1] = t;
        for (std::size_t k = 2; k < terms; ++k) {
            const double kk = static_cast<double>(k);
            const double next = ((2 * kk - 1) * t * p - (kk - 1) * pPrev) / kk;
            pPrev = p;
            p = next;
            basis[i * terms + k] = p;
        }
    }
    std::vector<double> gram(terms * terms, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < terms; ++a)
            for (std::size_t b = 0; b < terms; ++b)
                gram[a * terms + b] += basis[i * terms + a] * basis[i * terms + b];

    std::vector<double> work(y.begin(), y.end());
    std::vector<double> fit(n);
    for (int it = 0; it < std::max(1, iterations); ++it) {
        std::vector<double> rhs(terms, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t a = 0; a < terms; ++a)
                rhs[a] += basis[i * terms + a] * work[i];
        const std::vector<double> c = solveSmall(gram, rhs);
        double change = 0, scale = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double f = 0;
            for (std::size_t a = 0; a < terms; ++a)
                f += c[a] * basis[i * terms + a];
            fit[i] = f;
            const double clipped = std::min(work[i], f);
            change = std::max(change, std::abs(clipped - work[i]));
            scale = std::max(scale, std::abs(work[i]));
            work[i] = clipped;
        }
        if (change <= 1e-9 * std::max(scale, 1e-300))
            break; // the fit lies under the (clipped) spectrum everywhere
    }
    return fit;
}

std::vector<double> Preprocessor::savitzkyGolayWeights(int window, int order, int derivative, double at)
{
    if (window < 1 || window % 2 == 0 || order < 0 || order >= window || derivative < 0)
        throw std::invalid_argument("savitzkyGolayWeights: window must be odd and > order");
    const int half = window / 2;
    const auto terms = static_cast<std::size_t>(order + 1);
    // Least squares fit of sum_k a_k t^k over t = -half..half: a = (V^T V)^-1 V^T y. The
    // derivative at `at` is sum_k a_k k!/(k-d)! at^(k-d), linear in y: those are the weights.
    std::vector<double> gram(terms * terms, 0.0);
    for (int t = -half; t <= half; ++t)
        for (std::size_t a = 0; a < terms; ++a)
            for (std::size_t b = 0; b < terms; ++b)
                gram[a * terms + b] += std::pow(static_cast<double>(t), static_cast<double>(a + b));
    std::vector<double> d(terms, 0.0); // d_k = d^deriv/dt^deriv t^k at `at`
    for (std::size_t k = static_cast<std::size_t>(derivative); k < terms; ++k) {
        double f = 1.0;
        for (int j = 0; j < derivative; ++j)
            f *= static_cast<double>(k) - j;
        d[k] = f * std::pow(at, static_cast<double>(k) - derivative);
    }
    // weights_j = sum_k [(V^T V)^-1 d]_k t_j^k, gram symmetric.
    const std::vector<double> g = solveSmall(gram, d);
    std::vector<double> w(static_cast<std::size_t>(window));
    for (int t = -half; t <= half; ++t) {
        double s = 0;
        for (std::size_t k = 0; k < terms; ++k)
            s += g[k] * std::pow(static_cast<double>(t), static_cast<double>(k));
        w[static_cast<std::size_t>(t + half)] = s;
    }
    return w;
}

std::vector<double> Preprocessor::savitzkyGolay(std::span<const double> y, int window, int order, int derivative, double delta)
{
    const std::size_t n = y.size();
    const auto w = static_cast<std::size_t>(window);
    if (n < w)
        throw MatchingError(MatchingError::Kind::InvalidValues, "Savitzky-Golay window is longer than the spectrum");
    const std::size_t half = w / 2;
    const double scale = 1.0 / std::pow(delta, derivative);
    std::vector<double> out(n);
    const std::vector<double> centre = savitzkyGolayWeights(window, order, derivative, 0.0);
    for (std::size_t i = half; i + half < n; ++i) {
        double s = 0;
        for (std::size_t j = 0; j < w; ++j)
            s += centre[j] * y[i - half + j];
        out[i] = s * scale;
    }
    // mode='interp': each end is the polynomial fitted to its first (last) full window.
    for (std::size_t i = 0; i < half; ++i) {
        const double at = static_cast<double>(i) - static_cast<double>(half);
        const auto wl = savitzkyGolayWeights(window, order, derivative, at);
        const auto wr = savitzkyGolayWeights(window, order, derivative, -at);
        double sl = 0, sr = 0;
        for (std::size_t j = 0; j < w; ++j) {
            sl += wl[j] * y[j];
            sr += wr[j] * y[n - w + j];
        }
        out[i] = sl * scale;
        out[n - 1 - i] = sr * scale;
    }
    return out;
}

double Preprocessor::normalize(std::span<double> y)
{
    if (y.empty())
        return 0.0;
    const double mean = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
    double ss = 0;
    for (double &v : y) {
        v -= mean;
        ss += v * v;
    }
    const double norm = std::sqrt(ss);
    if (!(norm > 0))
        return 0.0;
    for (double &v : y)
        v /= norm;
    return norm;
}

double Preprocessor::estimateNoise(std::span<const double> y)
{
    if (y.size() < 3)
        return 0.0;
    std::vector<double> d2(y.size() - 2);
    for (std::size_t i = 1; i + 1 < y.size(); ++i)
        d2[i - 1] = std::abs(y[i - 1] - 2 * y[i] + y[i + 1]);
    return median(std::move(d2)) / (0.6745 * std::sqrt(6.0));
}

} // namespace candor::matching
