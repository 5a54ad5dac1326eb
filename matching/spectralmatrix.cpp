#include "matching/spectralmatrix.h"

#include <bit>
#include <cmath>
#include <stdexcept>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace candor::matching {

void adviseHugePages(void *p, std::size_t bytes) noexcept
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // Only whole 2 MiB pages inside the block; the advice is best effort, errors ignored.
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + (std::size_t{2} << 20) - 1) & ~((std::uintptr_t{2} << 20) - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~((std::uintptr_t{2} << 20) - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

const char *toString(StorageType storage) noexcept
{
    return storage == StorageType::Float16 ? "float16" : "float32";
}

std::uint16_t floatToHalf(float value) noexcept
{
    const auto f = std::bit_cast<std::uint32_t>(value);
    const std::uint32_t sign = (f >> 16) & 0x8000u;
    const std::uint32_t absf = f & 0x7fffffffu;
    if (absf >= 0x7f800000u) // inf or NaN
        return static_cast<std::uint16_t>(sign | 0x7c00u | (absf > 0x7f800000u ? 0x200u : 0u));
    if (absf >= 0x477ff000u) // rounds to above 65504: overflow to inf
        return static_cast<std::uint16_t>(sign | 0x7c00u);
    if (absf < 0x38800000u) { // below 2^-14: subnormal half (or zero)
        // Adding 0.5 shifts the value so the hardware rounds it to the half subnormal grid.
        const float shifted = std::bit_cast<float>(absf) + 0.5f;
        return static_cast<std::uint16_t>(sign | (std::bit_cast<std::uint32_t>(shifted) - 0x3f000000u));
    }
    const std::uint32_t mantOdd = (absf >> 13) & 1u;
    std::uint32_t u = absf + 0xc8000fffu + mantOdd; // rebias exponent, round to nearest even
    return static_cast<std::uint16_t>(sign | (u >> 13));
}

float halfToFloat(std::uint16_t half) noexcept
{
    const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
    const std::uint32_t exp = (half >> 10) & 0x1fu;
    const std::uint32_t mant = half & 0x3ffu;
    if (exp == 0) {
        const float v = std::ldexp(static_cast<float>(mant), -24);
        return sign ? -v : v;
    }
    if (exp == 31)
        return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));
    return std::bit_cast<float>(sign | ((exp + 112u) << 23) | (mant << 13));
}

SpectralMatrix::SpectralMatrix(std::size_t columns, StorageType storage)
{
    setShape(0, columns, storage);
}

void SpectralMatrix::setShape(std::size_t rows, std::size_t columns, StorageType storage)
{
    m_rows = rows;
    m_columns = columns;
    m_stride = strideFor(columns);
    m_storage = storage;
    m_scoreScale = storage == StorageType::Float16
                       ? static_cast<float>(1.0 / std::sqrt(static_cast<double>(std::max<std::size_t>(columns, 1))))
                       : 1.0f;
    if (storage == StorageType::Float32) {
        m_f32.resize(rows * m_stride);
        m_f16.clear();
    } else {
        m_f16.resize(rows * m_stride);
        m_f32.clear();
    }
}

void SpectralMatrix::reserveRows(std::size_t rows)
{
    if (m_storage == StorageType::Float32)
        m_f32.reserve(rows * m_stride);
    else
        m_f16.reserve(rows * m_stride);
}

void SpectralMatrix::appendRow(std::span<const double> values)
{
    if (values.size() != m_columns)
        throw std::invalid_argument("SpectralMatrix::appendRow: wrong number of values");
    if (m_storage == StorageType::Float32) {
        for (double v : values)
            m_f32.push_back(static_cast<float>(v));
        m_f32.resize(m_f32.size() + (m_stride - m_columns), 0.0f);
    } else {
        const double up = std::sqrt(static_cast<double>(m_columns));
        for (double v : values)
            m_f16.push_back(floatToHalf(static_cast<float>(v * up)));
        m_f16.resize(m_f16.size() + (m_stride - m_columns), 0);
    }
    ++m_rows;
}

void SpectralMatrix::appendRow(std::span<const float> values)
{
    if (values.size() != m_columns)
        throw std::invalid_argument("SpectralMatrix::appendRow: wrong number of values");
    if (m_storage == StorageType::Float32) {
        m_f32.insert(m_f32.end(), values.begin(), values.end());
        m_f32.resize(m_f32.size() + (m_stride - m_columns), 0.0f);
    } else {
        const float up = std::sqrt(static_cast<float>(m_columns));
        for (float v : values)
            m_f16.push_back(floatToHalf(v * up));
        m_f16.resize(m_f16.size() + (m_stride - m_columns), 0);
    }
    ++m_rows;
}

std::size_t SpectralMatrix::bytes() const noexcept
{
    return m_storage == StorageType::Float32 ? m_f32.size() * sizeof(float) : m_f16.size() * sizeof(std::uint16_t);
}

std::vector<double> SpectralMatrix::rowAsDouble(std::size_t row) const
{
    std::vector<double> out(m_columns);
    if (m_storage == StorageType::Float32) {
        const float *r = f32Row(row);
        for (std::size_t i = 0; i < m_columns; ++i)
            out[i] = r[i];
    } else {
        const std::uint16_t *r = f16Row(row);
        const double down = m_scoreScale;
        for (std::size_t i = 0; i < m_columns; ++i)
            out[i] = halfToFloat(r[i]) * down;
    }
    return out;
}

} // namespace candor::matching
