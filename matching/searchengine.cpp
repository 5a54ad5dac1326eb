#include "matching/searchengine.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#define CANDOR_MATCHING_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace candor::matching {

namespace {

// ---------------------------------------------------------------- CPU features

struct CpuFeatures {
    bool avx2Fma = false;
    bool f16c = false;
    bool avx512 = false; // AVX-512F with the OS saving ZMM state; implies f16c here
};

CpuFeatures detectCpu() noexcept
{
    CpuFeatures f;
#ifdef CANDOR_MATCHING_X86
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return f;
    const bool osxsave = (c & (1u << 27)) != 0;
    const bool avx = (c & (1u << 28)) != 0;
    const bool fma = (c & (1u << 12)) != 0;
    const bool f16c = (c & (1u << 29)) != 0;
    if (!osxsave || !avx)
        return f;
    // The OS must save the YMM registers on a context switch (XCR0 bits 1 and 2).
    unsigned xcrLo = 0, xcrHi = 0;
    __asm__ volatile("xgetbv" : "=a"(xcrLo), "=d"(xcrHi) : "c"(0));
    if ((xcrLo & 6u) != 6u)
        return f;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return f;
    const bool avx2 = (b & (1u << 5)) != 0;
    f.avx2Fma = avx2 && fma;
    f.f16c = f.avx2Fma && f16c;
    // XCR0 bits 5-7: opmask and both halves of the ZMM registers.
    f.avx512 = f.f16c && (b & (1u << 16)) != 0 && (xcrLo & 0xe0u) == 0xe0u;
    if (std::getenv("CANDOR_MATCHING_NO_AVX512"))
        f.avx512 = false; // to compare kernels on one machine

#endif
    return f;
}

const CpuFeatures &cpu() noexcept
{
    static const CpuFeatures features = detectCpu();
    return features;
}

// ---------------------------------------------------------------- kernels

float dotPortableF32(const float *a, const float *b, std::size_t n) noexcept
{
    float s[8] = {};
    for (std::size_t i = 0; i < n; i += 8)
        for (std::size_t k = 0; k < 8; ++k)
            s[k] += a[i + k] * b[i + k];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

float dotPortableF16(const std::uint16_t *a, const float *b, std::size_t n) noexcept
{
    float s[8] = {};
    for (std::size_t i = 0; i < n; i += 8)
        for (std::size_t k = 0; k < 8; ++k)
            s[k] += halfToFloat(a[i + k]) * b[i + k];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

#ifdef CANDOR_MATCHING_X86
__attribute__((target("avx2,fma"))) inline float hsum256(__m256 v) noexcept
{
    const __m128 lo = _mm256_castps256_ps128(v);
    const __m128 hi = _mm256_extractf128_ps(v, 1);
    __m128 s = _mm_add_ps(lo, hi);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 0x55));
    return _mm_cvtss_f32(s);
}

// n is a multiple of 32 (rows are padded), a and b 32-byte aligned.
__attribute__((target("avx2,fma"))) float dotAvx2F32(const float *a, const float *b, std::size_t n) noexcept
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    for (std::size_t i = 0; i < n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_load_ps(a + i), _mm256_load_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_load_ps(a + i + 8), _mm256_load_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_load_ps(a + i + 16), _mm256_load_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_load_ps(a + i + 24), _mm256_load_ps(b + i + 24), s3);
    }
    return hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
}

__attribute__((target("avx2,fma,f16c"))) float dotAvx2F16(const std::uint16_t *a, const float *b, std::size_t n) noexcept
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    for (std::size_t i = 0; i < n; i += 32) {
        const __m256i raw0 = _mm256_load_si256(reinterpret_cast<const __m256i *>(a + i));
        const __m256i raw1 = _mm256_load_si256(reinterpret_cast<const __m256i *>(a + i + 16));
        s0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm256_castsi256_si128(raw0)), _mm256_load_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm256_extracti128_si256(raw0, 1)), _mm256_load_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm256_castsi256_si128(raw1)), _mm256_load_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm256_extracti128_si256(raw1, 1)), _mm256_load_ps(b + i + 24), s3);
    }
    return hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
}

// Four rows against one query: four independent memory streams keep more cache-line
// fetches in flight than one (what lets a single query reach the memory bandwidth), and
// each query load feeds four FMAs.
__attribute__((target("avx2,fma"))) void dot4Avx2F32(const float *r0, const float *r1, const float *r2, const float *r3,
                                                     const float *q, std::size_t n, float *out, std::ptrdiff_t ahead) noexcept
{
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps();
    for (std::size_t i = 0; i < n; i += 16) {
        if (ahead) {
            _mm_prefetch(reinterpret_cast<const char *>(r0 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r1 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r2 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r3 + i + ahead), _MM_HINT_T0);
        }
        const __m256 y0 = _mm256_load_ps(q + i), y1 = _mm256_load_ps(q + i + 8);
        a0 = _mm256_fmadd_ps(_mm256_load_ps(r0 + i), y0, a0);
        a1 = _mm256_fmadd_ps(_mm256_load_ps(r1 + i), y0, a1);
        a2 = _mm256_fmadd_ps(_mm256_load_ps(r2 + i), y0, a2);
        a3 = _mm256_fmadd_ps(_mm256_load_ps(r3 + i), y0, a3);
        b0 = _mm256_fmadd_ps(_mm256_load_ps(r0 + i + 8), y1, b0);
        b1 = _mm256_fmadd_ps(_mm256_load_ps(r1 + i + 8), y1, b1);
        b2 = _mm256_fmadd_ps(_mm256_load_ps(r2 + i + 8), y1, b2);
        b3 = _mm256_fmadd_ps(_mm256_load_ps(r3 + i + 8), y1, b3);
    }
    out[0] = hsum256(_mm256_add_ps(a0, b0));
    out[1] = hsum256(_mm256_add_ps(a1, b1));
    out[2] = hsum256(_mm256_add_ps(a2, b2));
    out[3] = hsum256(_mm256_add_ps(a3, b3));
}

__attribute__((target("avx2,fma,f16c"))) inline __m256 loadHalf8(const std::uint16_t *p) noexcept
{
    return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(p)));
}

__attribute__((target("avx2,fma,f16c"))) void dot4Avx2F16(const std::uint16_t *r0, const std::uint16_t *r1,
                                                          const std::uint16_t *r2, const std::uint16_t *r3, const float *q,
                                                          std::size_t n, float *out, std::ptrdiff_t ahead) noexcept
{
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps();
    for (std::size_t i = 0; i < n; i += 16) {
        if (ahead) {
            _mm_prefetch(reinterpret_cast<const char *>(r0 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r1 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r2 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r3 + i + ahead), _MM_HINT_T0);
        }
        const __m256 y0 = _mm256_load_ps(q + i), y1 = _mm256_load_ps(q + i + 8);
        a0 = _mm256_fmadd_ps(loadHalf8(r0 + i), y0, a0);
        a1 = _mm256_fmadd_ps(loadHalf8(r1 + i), y0, a1);
        a2 = _mm256_fmadd_ps(loadHalf8(r2 + i), y0, a2);
        a3 = _mm256_fmadd_ps(loadHalf8(r3 + i), y0, a3);
        b0 = _mm256_fmadd_ps(loadHalf8(r0 + i + 8), y1, b0);
        b1 = _mm256_fmadd_ps(loadHalf8(r1 + i + 8), y1, b1);
        b2 = _mm256_fmadd_ps(loadHalf8(r2 + i + 8), y1, b2);
        b3 = _mm256_fmadd_ps(loadHalf8(r3 + i + 8), y1, b3);
    }
    out[0] = hsum256(_mm256_add_ps(a0, b0));
    out[1] = hsum256(_mm256_add_ps(a1, b1));
    out[2] = hsum256(_mm256_add_ps(a2, b2));
    out[3] = hsum256(_mm256_add_ps(a3, b3));
}

// A horizontal sum through memory: GCC 12's _mm512_reduce_add_ps trips -Wuninitialized.
__attribute__((target("avx512f"))) inline float hsum512(__m512 v) noexcept
{
    alignas(64) float t[16];
    _mm512_store_ps(t, v);
    float s = 0;
    for (float x : t)
        s += x;
    return s;
}

// (The masked conversion with an all-ones mask is the plain one; GCC 12's unmasked
// _mm512_cvtph_ps trips -Wmaybe-uninitialized inside its own header.)
// The same four-row kernels 16 lanes wide, for CPUs with AVX-512F (measured 1.4x the
// AVX2 kernel on a Zen 4 core with rows in L2: fewer instructions per byte).
__attribute__((target("avx512f"))) void dot4Avx512F32(const float *r0, const float *r1, const float *r2, const float *r3,
                                                      const float *q, std::size_t n, float *out, std::ptrdiff_t ahead) noexcept
{
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    for (std::size_t i = 0; i < n; i += 16) {
        if (ahead) {
            _mm_prefetch(reinterpret_cast<const char *>(r0 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r1 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r2 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r3 + i + ahead), _MM_HINT_T0);
        }
        const __m512 y = _mm512_load_ps(q + i);
        a0 = _mm512_fmadd_ps(_mm512_load_ps(r0 + i), y, a0);
        a1 = _mm512_fmadd_ps(_mm512_load_ps(r1 + i), y, a1);
        a2 = _mm512_fmadd_ps(_mm512_load_ps(r2 + i), y, a2);
        a3 = _mm512_fmadd_ps(_mm512_load_ps(r3 + i), y, a3);
    }
    out[0] = hsum512(a0);
    out[1] = hsum512(a1);
    out[2] = hsum512(a2);
    out[3] = hsum512(a3);
}

__attribute__((target("avx512f"))) void dot4Avx512F16(const std::uint16_t *r0, const std::uint16_t *r1, const std::uint16_t *r2,
                                                      const std::uint16_t *r3, const float *q, std::size_t n, float *out,
                                                      std::ptrdiff_t ahead) noexcept
{
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    __m512 b0 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps(), b2 = _mm512_setzero_ps(), b3 = _mm512_setzero_ps();
    for (std::size_t i = 0; i < n; i += 32) {
        if (ahead) {
            _mm_prefetch(reinterpret_cast<const char *>(r0 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r1 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r2 + i + ahead), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char *>(r3 + i + ahead), _MM_HINT_T0);
        }
        const __m512 y0 = _mm512_load_ps(q + i), y1 = _mm512_load_ps(q + i + 16);
        a0 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r0 + i))), y0, a0);
        a1 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r1 + i))), y0, a1);
        a2 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r2 + i))), y0, a2);
        a3 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r3 + i))), y0, a3);
        b0 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r0 + i + 16))), y1,
                             b0);
        b1 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r1 + i + 16))), y1,
                             b1);
        b2 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r2 + i + 16))), y1,
                             b2);
        b3 = _mm512_fmadd_ps(_mm512_maskz_cvtph_ps(0xFFFF, _mm256_load_si256(reinterpret_cast<const __m256i *>(r3 + i + 16))), y1,
                             b3);
    }
    out[0] = hsum512(_mm512_add_ps(a0, b0));
    out[1] = hsum512(_mm512_add_ps(a1, b1));
    out[2] = hsum512(_mm512_add_ps(a2, b2));
    out[3] = hsum512(_mm512_add_ps(a3, b3));
}

// 3 rows x 4 queries per pass: 12 accumulators + 3 row registers + 1 query register fill
// the 16 YMM registers, and each loaded value feeds 3 or 4 FMAs instead of one.
__attribute__((target("avx2,fma"))) void block3x4Avx2(const float *r0, const float *r1, const float *r2, const float *const *q,
                                                      std::size_t n, float *out) noexcept
{
    __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps(), a02 = _mm256_setzero_ps(), a03 = _mm256_setzero_ps();
    __m256 a10 = _mm256_setzero_ps(), a11 = _mm256_setzero_ps(), a12 = _mm256_setzero_ps(), a13 = _mm256_setzero_ps();
    __m256 a20 = _mm256_setzero_ps(), a21 = _mm256_setzero_ps(), a22 = _mm256_setzero_ps(), a23 = _mm256_setzero_ps();
    for (std::size_t i = 0; i < n; i += 8) {
        const __m256 x0 = _mm256_load_ps(r0 + i);
        const __m256 x1 = _mm256_load_ps(r1 + i);
        const __m256 x2 = _mm256_load_ps(r2 + i);
        __m256 y = _mm256_load_ps(q[0] + i);
        a00 = _mm256_fmadd_ps(x0, y, a00);
        a10 = _mm256_fmadd_ps(x1, y, a10);
        a20 = _mm256_fmadd_ps(x2, y, a20);
        y = _mm256_load_ps(q[1] + i);
        a01 = _mm256_fmadd_ps(x0, y, a01);
        a11 = _mm256_fmadd_ps(x1, y, a11);
        a21 = _mm256_fmadd_ps(x2, y, a21);
        y = _mm256_load_ps(q[2] + i);
        a02 = _mm256_fmadd_ps(x0, y, a02);
        a12 = _mm256_fmadd_ps(x1, y, a12);
        a22 = _mm256_fmadd_ps(x2, y, a22);
        y = _mm256_load_ps(q[3] + i);
        a03 = _mm256_fmadd_ps(x0, y, a03);
        a13 = _mm256_fmadd_ps(x1, y, a13);
        a23 = _mm256_fmadd_ps(x2, y, a23);
    }
    out[0] = hsum256(a00);
    out[1] = hsum256(a01);
    out[2] = hsum256(a02);
    out[3] = hsum256(a03);
    out[4] = hsum256(a10);
    out[5] = hsum256(a11);
    out[6] = hsum256(a12);
    out[7] = hsum256(a13);
    out[8] = hsum256(a20);
    out[9] = hsum256(a21);
    out[10] = hsum256(a22);
    out[11] = hsum256(a23);
}

__attribute__((target("avx2,fma,f16c"))) void halfRowToFloatF16c(const std::uint16_t *in, float *out, std::size_t n) noexcept
{
    for (std::size_t i = 0; i < n; i += 8)
        _mm256_store_ps(out + i, _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(in + i))));
}
#endif

float dotF32(const float *a, const float *b, std::size_t n) noexcept
{
#ifdef CANDOR_MATCHING_X86
    if (cpu().avx2Fma)
        return dotAvx2F32(a, b, n);
#endif
    return dotPortableF32(a, b, n);
}

float dotF16(const std::uint16_t *a, const float *b, std::size_t n) noexcept
{
#ifdef CANDOR_MATCHING_X86
    if (cpu().f16c)
        return dotAvx2F16(a, b, n);
#endif
    return dotPortableF16(a, b, n);
}

// Scores of rows [b, e) against q into `out` (e - b values), four rows at a time.
void scoreRange(const SpectralMatrix &m, std::size_t b, std::size_t e, const float *q, float *out) noexcept
{
    const std::size_t stride = m.stride();
    const float scale = m.scoreScale();
    std::size_t done = b; // rows [b, done) are scored
#ifdef CANDOR_MATCHING_X86
    // Four rows at a time, one from each quarter of the range: four long sequential
    // streams, the pattern the hardware prefetcher follows best. Four adjacent rows are
    // four short streams that restart at every row; that left float16 search at 0.65 of
    // the memory bandwidth, the quarters reach 0.85-0.9 (bench/matching, 100k spectra).
    // Each kernel also prefetches the row its stream reads two rows on, at the offset it
    // is reading; none past the matrix's end.
    static const bool prefetch = std::getenv("CANDOR_MATCHING_NO_PREFETCH") == nullptr;
    constexpr std::size_t kAheadRows = 2;
    const std::size_t quarter = (e - b) / 4;
    const auto ahead = static_cast<std::ptrdiff_t>(kAheadRows * stride);
    auto aheadFor = [&](std::size_t row) { return prefetch && row + 3 * quarter + kAheadRows < m.rows() ? ahead : 0; };
    // Runs a four-row kernel over the quarters; `row` is the matrix's row accessor for
    // the kernel's storage type. With fewer than four rows it does nothing.
    auto streams = [&](auto dot4, auto row) {
        float four[4];
        for (std::size_t i = 0; i < quarter; ++i) {
            const std::size_t r = b + i;
            dot4(row(r), row(r + quarter), row(r + 2 * quarter), row(r + 3 * quarter), q, stride, four, aheadFor(r));
            for (std::size_t k = 0; k < 4; ++k)
                out[i + k * quarter] = four[k];
        }
        done = b + 4 * quarter;
    };
    const auto f32 = [&](std::size_t r) { return m.f32Row(r); };
    const auto f16 = [&](std::size_t r) { return m.f16Row(r); };
    if (m.storage() == StorageType::Float32 && cpu().avx512)
        streams(dot4Avx512F32, f32);
    else if (m.storage() == StorageType::Float16 && cpu().avx512)
        streams(dot4Avx512F16, f16);
    else if (m.storage() == StorageType::Float32 && cpu().avx2Fma)
        streams(dot4Avx2F32, f32);
    else if (m.storage() == StorageType::Float16 && cpu().f16c)
        streams(dot4Avx2F16, f16);
#endif
    for (std::size_t r = done; r < e; ++r)
        out[r - b] = m.storage() == StorageType::Float32 ? dotF32(m.f32Row(r), q, stride) : dotF16(m.f16Row(r), q, stride);
    for (std::size_t i = 0; i < e - b; ++i)
        out[i] *= scale;
}

void halfRowToFloat(const std::uint16_t *in, float *out, std::size_t n) noexcept
{
#ifdef CANDOR_MATCHING_X86
    if (cpu().f16c) {
        halfRowToFloatF16c(in, out, n);
        return;
    }
#endif
    for (std::size_t i = 0; i < n; ++i)
        out[i] = halfToFloat(in[i]);
}

void block3x4(const float *r0, const float *r1, const float *r2, const float *const *q, std::size_t n, float *out) noexcept
{
#ifdef CANDOR_MATCHING_X86
    if (cpu().avx2Fma) {
        block3x4Avx2(r0, r1, r2, q, n, out);
        return;
    }
#endif
    const float *r[3] = {r0, r1, r2};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j)
            out[i * 4 + j] = dotPortableF32(r[i], q[j], n);
}

// ---------------------------------------------------------------- top N

bool better(const SearchHit &a, const SearchHit &b) noexcept
{
    return a.score > b.score || (a.score == b.score && a.row < b.row);
}

// Keeps the N best hits in a heap whose front is the worst of them.
class TopN {
public:
    explicit TopN(std::size_t n)
        : m_n(n)
    {
        m_heap.reserve(n);
    }
    void offer(std::size_t row, float score)
    {
        if (m_n == 0)
            return;
        const SearchHit h{row, score};
        if (m_heap.size() < m_n) {
            m_heap.push_back(h);
            std::push_heap(m_heap.begin(), m_heap.end(), better);
        } else if (better(h, m_heap.front())) {
            std::pop_heap(m_heap.begin(), m_heap.end(), better);
            m_heap.back() = h;
            std::push_heap(m_heap.begin(), m_heap.end(), better);
        }
    }
    void merge(const TopN &other)
    {
        for (const SearchHit &h : other.m_heap)
            offer(h.row, h.score);
    }
    std::vector<SearchHit> sorted() const
    {
        std::vector<SearchHit> out = m_heap;
        std::sort(out.begin(), out.end(), better);
        return out;
    }

private:
    std::size_t m_n;
    std::vector<SearchHit> m_heap;
};

// Runs fn(begin, end, threadIndex) over [0, rows) in chunks of `chunk` rows (a multiple of
// `granule`) that the threads take from a shared counter. Dynamic rather than a fixed
// split: on a shared machine one core is often busy, and a fixed half would make the
// whole search wait for the slower thread.
template<typename Fn>
void parallelRows(std::size_t rows, unsigned threads, std::size_t granule, Fn &&fn)
{
    const std::size_t minRowsPerThread = 1024;
    const unsigned used = static_cast<unsigned>(
        std::min<std::size_t>(threads, std::max<std::size_t>(1, rows / minRowsPerThread)));
    if (used <= 1) {
        fn(std::size_t{0}, rows, 0u);
        return;
    }
    const std::size_t chunk = std::max<std::size_t>(granule, (1024 + granule - 1) / granule * granule);
    std::atomic<std::size_t> next{0};
    auto work = [&](unsigned t) {
        for (;;) {
            const std::size_t b = next.fetch_add(chunk, std::memory_order_relaxed);
            if (b >= rows)
                return;
            fn(b, std::min(rows, b + chunk), t);
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(used - 1);
    for (unsigned t = 1; t < used; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (std::thread &th : pool)
        th.join();
}

} // namespace

SearchEngine::SearchEngine(const SpectralMatrix &matrix, unsigned threads)
    : m_matrix(matrix)
    , m_threads(threads ? threads : std::max(1u, std::thread::hardware_concurrency()))
{
}

const char *SearchEngine::kernelName() const noexcept
{
    if (cpu().avx512)
        return "avx512f (single query), avx2-fma-f16c (batch)";
    if (cpu().f16c)
        return "avx2-fma-f16c";
    if (cpu().avx2Fma)
        return "avx2-fma";
    return "portable";
}

namespace {

AlignedVector<float> paddedQuery(std::span<const float> query, std::size_t columns, std::size_t stride)
{
    if (query.size() != columns)
        throw std::invalid_argument("query has " + std::to_string(query.size()) + " values, the library " +
                                    std::to_string(columns));
    AlignedVector<float> q(stride, 0.0f);
    std::copy(query.begin(), query.end(), q.begin());
    return q;
}

} // namespace

std::vector<float> SearchEngine::scoreAll(std::span<const float> query) const
{
    const AlignedVector<float> q = paddedQuery(query, m_matrix.columns(), m_matrix.stride());
    std::vector<float> scores(m_matrix.rows());
    parallelRows(m_matrix.rows(), m_threads, 4,
                 [&](std::size_t b, std::size_t e, unsigned) { scoreRange(m_matrix, b, e, q.data(), scores.data() + b); });
    return scores;
}

std::vector<SearchHit> SearchEngine::search(std::span<const float> query, std::size_t topN) const
{
    const AlignedVector<float> q = paddedQuery(query, m_matrix.columns(), m_matrix.stride());
    const std::size_t n = std::min(topN, m_matrix.rows());
    std::vector<TopN> partial(m_threads, TopN(n));
    // Scores a chunk at a time (4 KB of them, in L1), then into the per-thread top N.
    // The chunk is also the span of the kernels' four streams: longer streams read faster.
    parallelRows(m_matrix.rows(), m_threads, 4, [&](std::size_t b, std::size_t e, unsigned t) {
        TopN &top = partial[t];
        constexpr std::size_t kChunk = 1024;
        float scores[kChunk];
        for (std::size_t c = b; c < e; c += kChunk) {
            const std::size_t ce = std::min(e, c + kChunk);
            scoreRange(m_matrix, c, ce, q.data(), scores);
            for (std::size_t r = c; r < ce; ++r)
                top.offer(r, scores[r - c]);
        }
    });
    for (std::size_t t = 1; t < partial.size(); ++t)
        partial[0].merge(partial[t]);
    return partial[0].sorted();
}

std::vector<std::vector<SearchHit>> SearchEngine::searchBatch(std::span<const float> queries, std::size_t count,
                                                              std::size_t topN) const
{
    const std::size_t cols = m_matrix.columns();
    const std::size_t stride = m_matrix.stride();
    if (queries.size() != count * cols)
        throw std::invalid_argument("searchBatch: queries must hold count x columns values");
    // Queries padded and grouped by four; a short last group repeats its last query.
    const std::size_t groups = (count + 3) / 4;
    AlignedVector<float> q(groups * 4 * stride, 0.0f);
    for (std::size_t i = 0; i < groups * 4; ++i) {
        const std::size_t src = std::min(i, count ? count - 1 : 0);
        if (count)
            std::copy_n(queries.data() + src * cols, cols, q.data() + i * stride);
    }
    const std::size_t n = std::min(topN, m_matrix.rows());
    std::vector<std::vector<TopN>> partial(m_threads, std::vector<TopN>(count, TopN(n)));
    const float scale = m_matrix.scoreScale();
    // Row blocks sized to stay in L2 while every query group streams past them.
    constexpr std::size_t kRowBlock = 48;

    parallelRows(m_matrix.rows(), m_threads, kRowBlock, [&](std::size_t b, std::size_t e, unsigned t) {
        std::vector<TopN> &tops = partial[t];
        AlignedVector<float> converted;
        if (m_matrix.storage() == StorageType::Float16)
            converted.resize(kRowBlock * stride);
        float out[12];
        for (std::size_t blockStart = b; blockStart < e; blockStart += kRowBlock) {
            const std::size_t blockEnd = std::min(e, blockStart + kRowBlock);
            const std::size_t blockRows = blockEnd - blockStart;
            auto rowPtr = [&](std::size_t r) -> const float * {
                return m_matrix.storage() == StorageType::Float32 ? m_matrix.f32Row(blockStart + r)
                                                                  : converted.data() + r * stride;
            };
            if (m_matrix.storage() == StorageType::Float16)
                for (std::size_t r = 0; r < blockRows; ++r)
                    halfRowToFloat(m_matrix.f16Row(blockStart + r), converted.data() + r * stride, stride);
            for (std::size_t g = 0; g < groups; ++g) {
                const float *qs[4] = {q.data() + (4 * g) * stride, q.data() + (4 * g + 1) * stride,
                                      q.data() + (4 * g + 2) * stride, q.data() + (4 * g + 3) * stride};
                const std::size_t qn = std::min<std::size_t>(4, count - 4 * g);
                for (std::size_t r = 0; r < blockRows; r += 3) {
                    // Past the block's end, repeat its last row; those scores are dropped.
                    const std::size_t r1 = std::min(r + 1, blockRows - 1), r2 = std::min(r + 2, blockRows - 1);
                    block3x4(rowPtr(r), rowPtr(r1), rowPtr(r2), qs, stride, out);
                    const std::size_t rn = std::min<std::size_t>(3, blockRows - r);
                    for (std::size_t i = 0; i < rn; ++i)
                        for (std::size_t j = 0; j < qn; ++j)
                            tops[4 * g + j].offer(blockStart + r + i, scale * out[i * 4 + j]);
                }
            }
        }
    });
    std::vector<std::vector<SearchHit>> result(count);
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t t = 1; t < partial.size(); ++t)
            partial[0][i].merge(partial[t][i]);
        result[i] = partial[0][i].sorted();
    }
    return result;
}

} // namespace candor::matching
