#pragma once
// Library search: the correlation of one query (or a batch) with every reference, as one
// dot product per row of the preprocessed SpectralMatrix, split over threads, keeping the
// top N. On x86 with AVX2+FMA (and F16C for float16 rows; AVX-512F where present) it runs
// vector kernels chosen at run time (function target attributes plus CPUID), so the same
// binary still runs, with the portable loop, on older x86 and other CPUs; no -mavx2/-mf16c
// flags are needed to build it. CANDOR_MATCHING_NO_AVX512=1 keeps it to AVX2.

#include "matching/spectralmatrix.h"

#include <cstddef>
#include <span>
#include <vector>

namespace candor::matching {

struct SearchHit {
    std::size_t row = 0; // row of the SpectralMatrix (= compiled library entry)
    float score = 0;     // Pearson r: 1 identical shape, 0 unrelated, -1 inverted
};

class SearchEngine {
public:
    // `threads` 0: all hardware threads. The matrix must outlive the engine.
    explicit SearchEngine(const SpectralMatrix &matrix, unsigned threads = 0);

    // `query`: matrix.columns() values, mean 0, norm 1 (a ProcessedSpectrum). Hits best
    // first; ties by lower row. topN larger than the library returns every row.
    std::vector<SearchHit> search(std::span<const float> query, std::size_t topN) const;
    // `queries`: count x columns() values, row-major. One hit list per query. Rows are
    // read once per block of queries, so a batch is bound by arithmetic, not memory.
    std::vector<std::vector<SearchHit>> searchBatch(std::span<const float> queries, std::size_t count, std::size_t topN) const;
    // Every row's score, in row order (for tests and for the mixture candidate set).
    std::vector<float> scoreAll(std::span<const float> query) const;

    unsigned threads() const noexcept { return m_threads; }
    // Which kernels this CPU gets ("avx512f ...", "avx2-fma-f16c", "avx2-fma", "portable").
    const char *kernelName() const noexcept;

private:
    const SpectralMatrix &m_matrix;
    unsigned m_threads;
};

} // namespace candor::matching
