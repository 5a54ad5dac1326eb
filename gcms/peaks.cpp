#include "gcms/peaks.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace candor::gcms {

namespace {

constexpr int kMaxMass = 5000;                 // beyond any EI spectrum; bounds the matrix
constexpr std::size_t kMaxCells = 200'000'000; // scans × masses held in memory at once
constexpr int kApexClusterScans = 1;           // ion apexes this close form one component
constexpr int kMinComponentSeparation = 2;     // two components' apexes at least this apart
constexpr int kUniqueIonScans = 8;             // a model ion peaks only once this near
constexpr double kSmoothingVariance = 0.5;
constexpr std::size_t kMaxRegionComponents = 8; // what the [¼ ½ ¼] smoothing adds, in scans²

// The run binned to nominal mass: one row per mass, one column per scan.
struct IonMatrix {
    int firstMass = 0;
    int masses = 0;
    int scans = 0;
    std::vector<double> values;
    double *row(int i) { return values.data() + std::size_t(i) * std::size_t(scans); }
    const double *row(int i) const { return values.data() + std::size_t(i) * std::size_t(scans); }
};

IonMatrix binRun(const importers::MsRun &run)
{
    int lo = kMaxMass, hi = 0;
    for (const auto &s : run.scans)
        for (double mz : s.mz)
            if (const auto m = nominalMass(mz); m && *m <= kMaxMass) {
                lo = std::min(lo, *m);
                hi = std::max(hi, *m);
            }
    IonMatrix x;
    x.scans = int(run.scans.size());
    if (hi < lo)
        return x;
    x.firstMass = lo;
    x.masses = hi - lo + 1;
    if (std::size_t(x.masses) * std::size_t(x.scans) > kMaxCells)
        throw std::invalid_argument("the run has " + std::to_string(x.scans) + " scans over " + std::to_string(x.masses) +
                                    " masses, more than can be analysed at once");
    x.values.assign(std::size_t(x.masses) * std::size_t(x.scans), 0.0);
    for (int k = 0; k < x.scans; ++k) {
        const auto &s = run.scans[std::size_t(k)];
        for (std::size_t i = 0; i < s.mz.size() && i < s.intensity.size(); ++i) {
            const auto m = nominalMass(s.mz[i]);
            if (!m || *m > kMaxMass || !std::isfinite(s.intensity[i]) || s.intensity[i] <= 0)
                continue;
            x.row(*m - lo)[k] += s.intensity[i];
        }
    }
    return x;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    const auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    double m = *mid;
    if (v.size() % 2 == 0)
        m = (m + *std::max_element(v.begin(), mid)) / 2;
    return m;
}

template<typename Pick>
std::vector<double> moving(const double *y, int n, int half, Pick pick)
{
    std::vector<double> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        double v = y[i];
        for (int j = std::max(0, i - half); j <= std::min(n - 1, i + half); ++j)
            v = pick(v, y[j]);
        out[std::size_t(i)] = v;
    }
    return out;
}

// The baseline under a trace: a morphological opening (moving minimum, then maximum) over
// a window wider than any peak removes the peaks and keeps slow drift; a moving mean
// smooths its steps; and since a minimum runs along the bottom of the noise, the median
// residual (most scans are baseline) lifts it back to the middle of the noise.
std::vector<double> baselineOf(const double *y, int n, int window)
{
    const int half = std::max(1, window / 2);
    const auto lower = moving(y, n, half, [](double a, double b) { return std::min(a, b); });
    const auto opened = moving(lower.data(), n, half, [](double a, double b) { return std::max(a, b); });
    std::vector<double> smooth(static_cast<std::size_t>(n));
    double sum = 0;
    int count = 0, left = 0, right = -1;
    for (int i = 0; i < n; ++i) {
        while (right < std::min(n - 1, i + half))
            sum += opened[std::size_t(++right)], ++count;
        while (left < i - half)
            sum -= opened[std::size_t(left++)], --count;
        smooth[std::size_t(i)] = sum / count;
    }
    std::vector<double> residual(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        residual[std::size_t(i)] = y[i] - smooth[std::size_t(i)];
    const double offset = median(residual);
    for (double &b : smooth)
        b += offset;
    return smooth;
}

// The noise level: the robust spread of scan-to-scan differences (1.4826·MAD, over √2 as
// a difference holds two draws). Differences ignore drift, and the median ignores the few
// scans inside peaks. Instruments that store only ions above a threshold leave traces
// mostly zero (MAD 0): their nonzero differences stand in.
double noiseOf(const double *y, int n)
{
    std::vector<double> d;
    d.reserve(std::size_t(std::max(0, n - 1)));
    for (int i = 0; i + 1 < n; ++i)
        d.push_back(y[i + 1] - y[i]);
    const double mid = median(d);
    std::vector<double> dev;
    dev.reserve(d.size());
    for (double v : d)
        dev.push_back(std::abs(v - mid));
    double sigma = 1.4826 * median(dev) / std::numbers::sqrt2;
    if (sigma <= 0) {
        std::vector<double> nonzero;
        for (double v : d)
            if (v != 0)
                nonzero.push_back(std::abs(v));
        sigma = 1.4826 * median(nonzero) / std::numbers::sqrt2;
    }
    return sigma > 0 ? sigma : 1.0;
}

std::vector<double> smoothed(const std::vector<double> &y)
{
    const std::size_t n = y.size();
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i)
        s[i] = 0.5 * y[i] + 0.25 * (i > 0 ? y[i - 1] : y[i]) + 0.25 * (i + 1 < n ? y[i + 1] : y[i]);
    return s;
}

struct Apex {
    int scan = 0;
    double height = 0;
};

// Local maxima whose prominence (height above the higher of the lowest points on either
// side before a higher point, within `reach` scans) is at least `minProminence`.
std::vector<Apex> apexesOf(const std::vector<double> &s, double minProminence, int reach)
{
    std::vector<Apex> out;
    const int n = int(s.size());
    for (int i = 1; i + 1 < n; ++i) {
        if (!(s[std::size_t(i)] > s[std::size_t(i) - 1] && s[std::size_t(i)] >= s[std::size_t(i) + 1]))
            continue;
        if (s[std::size_t(i)] < minProminence)
            continue;
        double leftMin = s[std::size_t(i)], rightMin = s[std::size_t(i)];
        for (int j = i - 1; j >= std::max(0, i - reach); --j) {
            if (s[std::size_t(j)] > s[std::size_t(i)])
                break;
            leftMin = std::min(leftMin, s[std::size_t(j)]);
        }
        for (int j = i + 1; j <= std::min(n - 1, i + reach); ++j) {
            if (s[std::size_t(j)] > s[std::size_t(i)])
                break;
            rightMin = std::min(rightMin, s[std::size_t(j)]);
        }
        if (s[std::size_t(i)] - std::max(leftMin, rightMin) >= minProminence)
            out.push_back({i, s[std::size_t(i)]});
    }
    return out;
}

struct IonApex {
    int massIndex = 0;
    int scan = 0;
    double height = 0;
};

// The model peak shape: a Gaussian fitted to the model ion's smoothed profile, by least
// squares on ln(y) over the points above 40% of its apex (a parabola); the top of a peak
// is where a neighbour's tail disturbs it least. Falls back to the half-height width.
std::pair<double, double> fitGaussian(const std::vector<double> &s, int apex)
{
    const int n = int(s.size());
    const double top = s[std::size_t(apex)];
    int lo = apex, hi = apex;
    while (lo > 0 && apex - lo < 4 && s[std::size_t(lo) - 1] >= 0.4 * top && s[std::size_t(lo) - 1] < s[std::size_t(lo)])
        --lo;
    while (hi + 1 < n && hi - apex < 4 && s[std::size_t(hi) + 1] >= 0.4 * top && s[std::size_t(hi) + 1] < s[std::size_t(hi)])
        ++hi;
    double mu = apex, var = 0;
    if (hi - lo >= 2) {
        // Normal equations of ln y = a + b·x + c·x², x = scan − apex.
        double S[5] = {}, T[3] = {};
        for (int k = lo; k <= hi; ++k) {
            const double x = k - apex, ly = std::log(s[std::size_t(k)]);
            double p = 1;
            for (double &v : S)
                v += p, p *= x;
            T[0] += ly, T[1] += ly * x, T[2] += ly * x * x;
        }
        const double m[3][3] = {{S[0], S[1], S[2]}, {S[1], S[2], S[3]}, {S[2], S[3], S[4]}};
        const auto det3 = [](const double a[3][3]) {
            return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
                   a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        };
        const double d = det3(m);
        if (std::abs(d) > 1e-12) {
            double mb[3][3], mc[3][3];
            for (int r = 0; r < 3; ++r)
                for (int c = 0; c < 3; ++c) {
                    mb[r][c] = c == 1 ? T[r] : m[r][c];
                    mc[r][c] = c == 2 ? T[r] : m[r][c];
                }
            const double b = det3(mb) / d, c = det3(mc) / d;
            if (c < 0) {
                var = -1 / (2 * c);
                mu = apex + std::clamp(-b / (2 * c), -1.5, 1.5);
            }
        }
    }
    if (!(var > 0) || !std::isfinite(var)) {
        // Half height on each side, by linear interpolation.
        double left = apex, right = apex;
        for (int k = apex; k > 0; --k)
            if (s[std::size_t(k) - 1] < top / 2) {
                left = k - (s[std::size_t(k)] - top / 2) / (s[std::size_t(k)] - s[std::size_t(k) - 1]);
                break;
            }
        for (int k = apex; k + 1 < n; ++k)
            if (s[std::size_t(k) + 1] < top / 2) {
                right = k + (s[std::size_t(k)] - top / 2) / (s[std::size_t(k)] - s[std::size_t(k) + 1]);
                break;
            }
        const double fwhm = right - left;
        var = fwhm > 0 ? std::pow(fwhm / 2.3548, 2) : 2.25;
    }
    // The smoothing widened the profile; a peak is never narrower than half a scan.
    return {mu, std::sqrt(std::max(var - kSmoothingVariance, 0.25))};
}

// min ‖A·x − y‖, x ≥ 0, by cyclic coordinate descent on the normal equations (G = AᵀA,
// b = Aᵀy): exact for the few components of one region and deterministic.
std::vector<double> nonNegativeLeastSquares(const std::vector<double> &G, const std::vector<double> &b, std::size_t k)
{
    std::vector<double> x(k, 0.0);
    double scale = 0;
    for (double v : b)
        scale = std::max(scale, v);
    // The model peaks are non-negative, so G ≥ 0 too: with no positive correlation at all,
    // x = 0 already satisfies the optimality conditions.
    if (scale <= 0)
        return x;
    for (int sweep = 0; sweep < 500; ++sweep) {
        double change = 0;
        for (std::size_t j = 0; j < k; ++j) {
            if (G[j * k + j] <= 0)
                continue;
            double grad = -b[j];
            for (std::size_t i = 0; i < k; ++i)
                grad += G[j * k + i] * x[i];
            const double next = std::max(0.0, x[j] - grad / G[j * k + j]);
            change = std::max(change, std::abs(next - x[j]) * G[j * k + j]);
            x[j] = next;
        }
        if (change <= 1e-9 * scale)
            break;
    }
    return x;
}

struct Component {
    int position = 0; // the scan the ion apexes gather at
    int modelMassIndex = -1;
    double mu = 0, sigma = 1.5;
};

double timeAt(const std::vector<double> &minutes, double scan)
{
    const double clamped = std::clamp(scan, 0.0, double(minutes.size() - 1));
    const auto k = std::size_t(std::floor(clamped));
    if (k + 1 >= minutes.size())
        return minutes.back();
    return minutes[k] + (clamped - double(k)) * (minutes[k + 1] - minutes[k]);
}

} // namespace

NominalSpectrum GcmsPeak::nominal() const
{
    std::vector<double> x(mz.begin(), mz.end());
    return toNominal(x, intensity);
}

std::vector<double> extractedIon(const importers::MsRun &run, int mass)
{
    std::vector<double> out(run.scans.size(), 0.0);
    for (std::size_t k = 0; k < run.scans.size(); ++k) {
        const auto &s = run.scans[k];
        for (std::size_t i = 0; i < s.mz.size() && i < s.intensity.size(); ++i)
            if (nominalMass(s.mz[i]) == mass && std::isfinite(s.intensity[i]) && s.intensity[i] > 0)
                out[k] += s.intensity[i];
    }
    return out;
}

const GcmsPeak *peakNear(const RunAnalysis &analysis, double minutes, double toleranceMinutes)
{
    const GcmsPeak *best = nullptr;
    for (const auto &p : analysis.peaks)
        if (std::abs(p.minutes - minutes) <= toleranceMinutes &&
            (!best || std::abs(p.minutes - minutes) < std::abs(best->minutes - minutes)))
            best = &p;
    return best;
}

RunAnalysis analyseRun(const importers::MsRun &run, const PeakOptions &options, const AlkaneLadder *ladder)
{
    if (run.scans.size() < 5)
        throw std::invalid_argument("a run of " + std::to_string(run.scans.size()) +
                                    " scans is too short to find peaks in (5 at least)");
    const IonMatrix ions = binRun(run);
    const int n = ions.scans;
    const int window = std::max(5, options.baselineWindowScans);
    RunAnalysis out;
    out.firstMass = ions.firstMass;
    for (const auto &s : run.scans)
        out.minutes.push_back(s.minutes);
    out.tic.assign(std::size_t(n), 0.0);
    for (int m = 0; m < ions.masses; ++m)
        for (int k = 0; k < n; ++k)
            out.tic[std::size_t(k)] += ions.row(m)[k];
    out.ticBaseline = baselineOf(out.tic.data(), n, window);
    out.ticNoise = noiseOf(out.tic.data(), n);

    // Each ion trace: baseline, noise, and the apexes standing out of it.
    std::vector<std::vector<double>> baselines(std::size_t(ions.masses));
    std::vector<double> noise(std::size_t(ions.masses), 1.0);
    std::vector<std::vector<double>> profiles(std::size_t(ions.masses)); // smoothed, baseline subtracted
    std::vector<IonApex> ionApexes;
    std::vector<std::vector<int>> apexScansOfMass(std::size_t(ions.masses));
    for (int m = 0; m < ions.masses; ++m) {
        const double *y = ions.row(m);
        bool any = false;
        for (int k = 0; k < n && !any; ++k)
            any = y[k] > 0;
        if (!any)
            continue;
        baselines[std::size_t(m)] = baselineOf(y, n, window);
        noise[std::size_t(m)] = noiseOf(y, n);
        std::vector<double> net(static_cast<std::size_t>(n));
        for (int k = 0; k < n; ++k)
            net[std::size_t(k)] = y[k] - baselines[std::size_t(m)][std::size_t(k)];
        profiles[std::size_t(m)] = smoothed(net);
        for (const Apex &a : apexesOf(profiles[std::size_t(m)], options.minSignalToNoise * noise[std::size_t(m)], window)) {
            ionApexes.push_back({m, a.scan, a.height});
            apexScansOfMass[std::size_t(m)].push_back(a.scan);
        }
    }

    // Components: where ion apexes gather (two or more within a scan of each other),
    // strongest first; then the TIC's own apexes that no gathering explains (a compound
    // with one dominant ion).
    std::vector<double> weight(std::size_t(n), 0.0);
    std::vector<int> count(std::size_t(n), 0);
    for (const auto &a : ionApexes) {
        weight[std::size_t(a.scan)] += a.height;
        count[std::size_t(a.scan)] += 1;
    }
    std::vector<std::pair<double, int>> candidates;
    for (int p = 0; p < n; ++p) {
        double w = 0;
        int c = 0;
        for (int q = std::max(0, p - kApexClusterScans); q <= std::min(n - 1, p + kApexClusterScans); ++q)
            w += weight[std::size_t(q)], c += count[std::size_t(q)];
        if (c >= 2)
            candidates.emplace_back(w, p);
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::vector<Component> components;
    auto taken = [&](int p) {
        return std::any_of(components.begin(), components.end(),
                           [&](const Component &c) { return std::abs(c.position - p) < kMinComponentSeparation; });
    };
    for (const auto &[w, p] : candidates)
        if (!taken(p))
            components.push_back({p});
    std::vector<double> ticNet(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k)
        ticNet[std::size_t(k)] = out.tic[std::size_t(k)] - out.ticBaseline[std::size_t(k)];
    for (const Apex &a : apexesOf(smoothed(ticNet), options.minSignalToNoise * out.ticNoise, window))
        if (!taken(a.scan))
            components.push_back({a.scan});
    std::sort(components.begin(), components.end(),
              [](const Component &a, const Component &b) { return a.position < b.position; });

    // Each component's model ion, AMDIS's way: among the ions peaking at it, at least a
    // fifth as strong as its strongest, that peak nowhere else near (so that they belong
    // to this compound alone), the sharpest; an ion shared with a co-eluting compound
    // shows both compounds' profiles merged, wider than either. The strongest ion when
    // none qualifies, the TIC when no ion peaks there at all.
    for (auto &c : components) {
        double strongest = 0;
        int strongestIon = -1;
        for (const auto &a : ionApexes)
            if (std::abs(a.scan - c.position) <= kApexClusterScans && a.height > strongest)
                strongest = a.height, strongestIon = a.massIndex;
        auto fitAt = [&](const std::vector<double> &profile) {
            int apex = c.position;
            for (int q = std::max(1, c.position - kApexClusterScans); q <= std::min(n - 2, c.position + kApexClusterScans); ++q)
                if (profile[std::size_t(q)] > profile[std::size_t(apex)])
                    apex = q;
            apex = std::clamp(apex, 1, n - 2);
            return profile[std::size_t(apex)] > 0 ? fitGaussian(profile, apex) : std::pair<double, double>(apex, 1.5);
        };
        bool found = false;
        for (const auto &a : ionApexes) {
            if (std::abs(a.scan - c.position) > kApexClusterScans || a.height < 0.2 * strongest)
                continue;
            bool unique = true;
            for (int other : apexScansOfMass[std::size_t(a.massIndex)])
                unique = unique && (other == a.scan || std::abs(other - a.scan) > kUniqueIonScans);
            if (!unique)
                continue;
            const auto [mu, sigma] = fitAt(profiles[std::size_t(a.massIndex)]);
            if (!found || sigma < c.sigma) {
                c.modelMassIndex = a.massIndex;
                c.mu = mu;
                c.sigma = sigma;
                found = true;
            }
        }
        if (!found) {
            c.modelMassIndex = strongestIon;
            std::tie(c.mu, c.sigma) = fitAt(strongestIon >= 0 ? profiles[std::size_t(strongestIon)] : smoothed(ticNet));
        }
    }

    // Regions of overlapping components, each fitted as a whole: every ion trace in the
    // region is a non-negative sum of the components' model peaks.
    const double scanMinutes = (out.minutes.back() - out.minutes.front()) / double(n - 1);
    std::size_t first = 0;
    while (first < components.size()) {
        std::size_t last = first;
        auto reachOf = [&](const Component &c) { return 4 * c.sigma + 2; };
        double hi = components[first].mu + reachOf(components[first]);
        // A long chain of overlapping components (a crowded stretch of a real run) is cut
        // into regions of kMaxRegionComponents: the fit's cost grows with their square, and
        // components that far apart barely share scans.
        while (last + 1 < components.size() && last + 1 - first < kMaxRegionComponents &&
               components[last + 1].mu - reachOf(components[last + 1]) <= hi) {
            ++last;
            hi = std::max(hi, components[last].mu + reachOf(components[last]));
        }
        double lo = components[first].mu - reachOf(components[first]);
        for (std::size_t c = first; c <= last; ++c)
            lo = std::min(lo, components[c].mu - reachOf(components[c]));
        const int from = std::max(0, int(std::floor(lo))), to = std::min(n - 1, int(std::ceil(hi)));
        const std::size_t k = last - first + 1, len = std::size_t(to - from) + 1;
        std::vector<double> A(len * k);
        for (std::size_t c = 0; c < k; ++c) {
            const auto &comp = components[first + c];
            for (std::size_t t = 0; t < len; ++t) {
                const double d = (double(from) + double(t) - comp.mu) / comp.sigma;
                A[t * k + c] = std::exp(-0.5 * d * d);
            }
        }
        std::vector<double> G(k * k, 0.0);
        for (std::size_t t = 0; t < len; ++t)
            for (std::size_t i = 0; i < k; ++i)
                for (std::size_t j = 0; j < k; ++j)
                    G[i * k + j] += A[t * k + i] * A[t * k + j];
        std::vector<GcmsPeak> peaks(k);
        for (int m = 0; m < ions.masses; ++m) {
            if (baselines[std::size_t(m)].empty())
                continue;
            std::vector<double> b(k, 0.0);
            const double *y = ions.row(m);
            for (std::size_t t = 0; t < len; ++t) {
                const int scan = from + int(t);
                const double net = y[scan] - baselines[std::size_t(m)][std::size_t(scan)];
                for (std::size_t c = 0; c < k; ++c)
                    b[c] += A[t * k + c] * net;
            }
            const auto x = nonNegativeLeastSquares(G, b, k);
            for (std::size_t c = 0; c < k; ++c)
                if (x[c] >= options.minIonSignalToNoise * noise[std::size_t(m)]) {
                    peaks[c].mz.push_back(ions.firstMass + m);
                    peaks[c].intensity.push_back(x[c]);
                }
        }
        for (std::size_t c = 0; c < k; ++c) {
            const auto &comp = components[first + c];
            GcmsPeak &p = peaks[c];
            if (p.mz.empty())
                continue;
            p.apexScan = comp.mu;
            p.widthScans = comp.sigma;
            p.minutes = timeAt(out.minutes, comp.mu);
            for (double v : p.intensity)
                p.height += v;
            p.area = p.height * comp.sigma * std::sqrt(2 * std::numbers::pi) * scanMinutes;
            p.signalToNoise = p.height / out.ticNoise;
            p.modelMass = comp.modelMassIndex >= 0 ? ions.firstMass + comp.modelMassIndex : 0;
            if (ladder)
                p.retentionIndex = ladder->retentionIndex(p.minutes);
            // A lone ion too small for the TIC is noise that happened to gather.
            if (p.signalToNoise < options.minSignalToNoise && p.mz.size() < 3)
                continue;
            out.peaks.push_back(std::move(p));
        }
        first = last + 1;
    }
    return out;
}

} // namespace candor::gcms
