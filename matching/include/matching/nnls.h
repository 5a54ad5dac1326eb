#pragma once
// Non-negative least squares, Lawson & Hanson (1974, "Solving Least Squares Problems",
// ch. 23): minimise ||A x - b|| subject to x >= 0 by an active set that grows one
// variable at a time (the one whose gradient most wants to increase) and backs off
// along the segment whenever an unconstrained step would make a variable negative.

#include <cstddef>
#include <span>
#include <vector>

namespace candor::matching {

struct NnlsResult {
    std::vector<double> x;
    double residualNorm = 0; // ||A x - b||
    int iterations = 0;
    bool converged = true; // false when the iteration cap was hit
};

// A is column-major, rows x cols (column j at a[j * rows]).
NnlsResult nnls(std::span<const double> a, std::size_t rows, std::size_t cols, std::span<const double> b, int maxIterations = 0);

// The same on the normal equations: gram = A^T A (cols x cols, row-major), atb = A^T b,
// btb = b^T b. What the mixture search uses, because it solves many subsets of one A.
// residualNorm is sqrt(max(0, btb - 2 x.atb + x^T gram x)).
NnlsResult nnlsGram(std::span<const double> gram, std::span<const double> atb, double btb, std::size_t cols,
                    int maxIterations = 0);

} // namespace candor::matching
