#include "matching/nnls.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace candor::matching {

namespace {

// Least squares on the passive set through the normal equations, by Cholesky. When the
// columns are (nearly) collinear, a tiny ridge keeps the solve possible.
bool solvePassiveOnce(std::span<const double> gram, std::span<const double> atb, std::size_t n,
                      const std::vector<std::size_t> &passive, std::vector<double> &s, double ridgeFactor)
{
    const std::size_t k = passive.size();
    std::vector<double> l(k * k, 0.0);
    double maxDiag = 0;
    for (std::size_t i = 0; i < k; ++i)
        maxDiag = std::max(maxDiag, gram[passive[i] * n + passive[i]]);
    const double ridge = ridgeFactor * std::max(maxDiag, 1e-300);
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double sum = gram[passive[i] * n + passive[j]] + (i == j ? ridge : 0.0);
            for (std::size_t p = 0; p < j; ++p)
                sum -= l[i * k + p] * l[j * k + p];
            if (i == j) {
                if (!(sum > 0))
                    return false;
                l[i * k + i] = std::sqrt(sum);
            } else {
                l[i * k + j] = sum / l[j * k + j];
            }
        }
    }
    std::vector<double> y(k);
    for (std::size_t i = 0; i < k; ++i) {
        double sum = atb[passive[i]];
        for (std::size_t p = 0; p < i; ++p)
            sum -= l[i * k + p] * y[p];
        y[i] = sum / l[i * k + i];
    }
    s.assign(k, 0.0);
    for (std::size_t i = k; i-- > 0;) {
        double sum = y[i];
        for (std::size_t p = i + 1; p < k; ++p)
            sum -= l[p * k + i] * s[p];
        s[i] = sum / l[i * k + i];
    }
    return true;
}

bool solvePassive(std::span<const double> gram, std::span<const double> atb, std::size_t n,
                  const std::vector<std::size_t> &passive, std::vector<double> &s)
{
    return solvePassiveOnce(gram, atb, n, passive, s, 0.0) || solvePassiveOnce(gram, atb, n, passive, s, 1e-12);
}

} // namespace

NnlsResult nnlsGram(std::span<const double> gram, std::span<const double> atb, double btb, std::size_t n, int maxIterations)
{
    if (gram.size() != n * n || atb.size() != n)
        throw std::invalid_argument("nnlsGram: sizes do not match");
    NnlsResult r;
    r.x.assign(n, 0.0);
    const int cap = maxIterations > 0 ? maxIterations : static_cast<int>(3 * n + 30);
    std::vector<bool> inP(n, false);
    std::vector<std::size_t> passive;
    std::vector<double> w(n), s;
    double scale = 0;
    for (std::size_t j = 0; j < n; ++j)
        scale = std::max(scale, std::abs(atb[j]));
    const double tol = 1e-12 * std::max(scale, 1e-300);

    auto gradient = [&] { // w = A^T (b - A x) = atb - gram x
        for (std::size_t i = 0; i < n; ++i) {
            double g = atb[i];
            for (std::size_t j = 0; j < n; ++j)
                g -= gram[i * n + j] * r.x[j];
            w[i] = g;
        }
    };
    gradient();
    while (r.iterations < cap) {
        // The variable outside the passive set whose increase lowers the residual most.
        std::size_t best = n;
        double bestW = tol;
        for (std::size_t j = 0; j < n; ++j)
            if (!inP[j] && w[j] > bestW) {
                bestW = w[j];
                best = j;
            }
        if (best == n)
            break;
        inP[best] = true;
        passive.push_back(best);

        bool added = true;
        while (r.iterations < cap) {
            ++r.iterations;
            if (!solvePassive(gram, atb, n, passive, s)) {
                // Collinear with the set already: leave it out for good.
                inP[passive.back()] = false;
                passive.pop_back();
                w[best] = 0;
                added = false;
                break;
            }
            double minS = INFINITY;
            for (double v : s)
                minS = std::min(minS, v);
            if (minS > 0) {
                for (std::size_t i = 0; i < passive.size(); ++i)
                    r.x[passive[i]] = s[i];
                break;
            }
            // Step from x towards s only as far as keeps every variable non-negative.
            double alpha = INFINITY;
            for (std::size_t i = 0; i < passive.size(); ++i)
                if (s[i] <= 0) {
                    const double xi = r.x[passive[i]];
                    alpha = std::min(alpha, xi / (xi - s[i]));
                }
            for (std::size_t i = 0; i < passive.size(); ++i)
                r.x[passive[i]] += alpha * (s[i] - r.x[passive[i]]);
            std::vector<std::size_t> keep;
            for (std::size_t j : passive) {
                if (r.x[j] <= 1e-15 * std::max(1.0, std::abs(r.x[j]))) {
                    r.x[j] = 0;
                    inP[j] = false;
                } else {
                    keep.push_back(j);
                }
            }
            passive.swap(keep);
            if (passive.empty())
                break;
        }
        if (!added)
            continue;
        gradient();
    }
    r.converged = r.iterations < cap;
    double rss = btb;
    for (std::size_t i = 0; i < n; ++i) {
        rss -= 2 * r.x[i] * atb[i];
        for (std::size_t j = 0; j < n; ++j)
            rss += r.x[i] * gram[i * n + j] * r.x[j];
    }
    r.residualNorm = std::sqrt(std::max(0.0, rss));
    return r;
}

NnlsResult nnls(std::span<const double> a, std::size_t rows, std::size_t cols, std::span<const double> b, int maxIterations)
{
    if (a.size() != rows * cols || b.size() != rows)
        throw std::invalid_argument("nnls: sizes do not match");
    std::vector<double> gram(cols * cols), atb(cols);
    for (std::size_t i = 0; i < cols; ++i) {
        const double *ci = a.data() + i * rows;
        for (std::size_t j = 0; j <= i; ++j) {
            const double *cj = a.data() + j * rows;
            double s = 0;
            for (std::size_t k = 0; k < rows; ++k)
                s += ci[k] * cj[k];
            gram[i * cols + j] = gram[j * cols + i] = s;
        }
        double s = 0;
        for (std::size_t k = 0; k < rows; ++k)
            s += ci[k] * b[k];
        atb[i] = s;
    }
    double btb = 0;
    for (double v : b)
        btb += v * v;
    NnlsResult r = nnlsGram(gram, atb, btb, cols, maxIterations);
    // Recompute the residual directly: the normal-equation form loses digits near zero.
    double rss = 0;
    for (std::size_t k = 0; k < rows; ++k) {
        double f = -b[k];
        for (std::size_t j = 0; j < cols; ++j)
            f += a[j * rows + k] * r.x[j];
        rss += f * f;
    }
    r.residualNorm = std::sqrt(rss);
    return r;
}

} // namespace candor::matching
