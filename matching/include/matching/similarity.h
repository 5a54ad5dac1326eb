#pragma once
// Spectrum similarity as small, const function objects over two equally sampled
// spectra. The search engine computes the same numbers as one dot product over
// preprocessed rows; these are the plain definitions, for tests and one-off comparisons.

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace candor::matching {

// Pearson correlation coefficient. Range [-1, 1]: 1 identical shape (any offset and
// positive scale), 0 unrelated, -1 inverted. Blind to offset and scale, which is why
// FTIR search uses it. 0 when either spectrum is constant or the sizes differ.
struct PearsonCorrelation {
    double operator()(std::span<const double> a, std::span<const double> b) const noexcept
    {
        if (a.size() != b.size() || a.empty())
            return 0.0;
        const auto n = static_cast<double>(a.size());
        double ma = 0, mb = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (!(saa > 0) || !(sbb > 0))
            return 0.0;
        return sab / std::sqrt(saa * sbb);
    }
};

// Pearson correlation of the point-to-point differences ("first-derivative
// correlation"): insensitive to slowly varying baselines. Range [-1, 1] as above.
struct FirstDerivativeCorrelation {
    double operator()(std::span<const double> a, std::span<const double> b) const
    {
        if (a.size() != b.size() || a.size() < 3)
            return 0.0;
        std::vector<double> da(a.size() - 1), db(b.size() - 1);
        for (std::size_t i = 0; i + 1 < a.size(); ++i) {
            da[i] = a[i + 1] - a[i];
            db[i] = b[i + 1] - b[i];
        }
        return PearsonCorrelation{}(da, db);
    }
};

} // namespace candor::matching
