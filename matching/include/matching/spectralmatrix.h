#pragma once
// The preprocessed library as one contiguous, 64-byte aligned row-major matrix (a row per
// reference spectrum, mean-centred and unit-norm), stored as float32 or float16. Rows are
// padded with zeros to a multiple of 32 values so the search kernels need no tail loops.
// float16 rows are scaled by sqrt(columns) (unit RMS instead of unit norm) so that values
// sit well inside half precision's normal range; scoreScale() undoes that.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <vector>

namespace candor::matching {

enum class StorageType : std::uint8_t { Float32 = 0, Float16 = 1 };

const char *toString(StorageType storage) noexcept;

// IEEE 754 binary16 conversions, round to nearest even; portable (no F16C needed).
std::uint16_t floatToHalf(float value) noexcept;
float halfToFloat(std::uint16_t half) noexcept;

// Asks the kernel to back [p, p + bytes) with transparent huge pages where it can (Linux;
// a no-op elsewhere). A scan of a few hundred MB otherwise spends its time on TLB misses.
void adviseHugePages(void *p, std::size_t bytes) noexcept;

// 64-byte aligned storage (cache lines, AVX-512 loads); blocks of 4 MiB and more are
// 2 MiB aligned and advised as huge pages.
template<typename T>
struct AlignedAllocator {
    using value_type = T;
    static constexpr std::align_val_t alignment{64};
    static constexpr std::align_val_t hugeAlignment{std::size_t{2} << 20};
    static constexpr std::size_t hugeFrom = std::size_t{4} << 20;
    AlignedAllocator() noexcept = default;
    template<typename U>
    AlignedAllocator(const AlignedAllocator<U> &) noexcept
    {
    }
    T *allocate(std::size_t n)
    {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < hugeFrom)
            return static_cast<T *>(::operator new(bytes, alignment));
        void *p = ::operator new(bytes, hugeAlignment);
        adviseHugePages(p, bytes);
        return static_cast<T *>(p);
    }
    void deallocate(T *p, std::size_t n) noexcept
    {
        if (n * sizeof(T) < hugeFrom)
            ::operator delete(p, alignment);
        else
            ::operator delete(p, hugeAlignment);
    }
    template<typename U>
    bool operator==(const AlignedAllocator<U> &) const noexcept
    {
        return true;
    }
};

template<typename T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

class SpectralMatrix {
public:
    static constexpr std::size_t kPadding = 32;

    SpectralMatrix() = default;
    SpectralMatrix(std::size_t columns, StorageType storage);

    static std::size_t strideFor(std::size_t columns) noexcept { return (columns + kPadding - 1) / kPadding * kPadding; }

    // Appends one processed spectrum (columns() values, mean 0, norm 1).
    void appendRow(std::span<const double> values);
    void appendRow(std::span<const float> values);
    void reserveRows(std::size_t rows);

    std::size_t rows() const noexcept { return m_rows; }
    std::size_t columns() const noexcept { return m_columns; }
    std::size_t stride() const noexcept { return m_stride; }
    StorageType storage() const noexcept { return m_storage; }
    // Multiply a raw dot product with a unit-norm query by this to get the correlation.
    float scoreScale() const noexcept { return m_scoreScale; }
    std::size_t bytes() const noexcept;

    const float *f32Row(std::size_t row) const noexcept { return m_f32.data() + row * m_stride; }
    const std::uint16_t *f16Row(std::size_t row) const noexcept { return m_f16.data() + row * m_stride; }
    // Row `row` as unit-norm doubles (columns() values), whatever the storage.
    std::vector<double> rowAsDouble(std::size_t row) const;

    // For the cache: raw storage access.
    const AlignedVector<float> &f32Data() const noexcept { return m_f32; }
    const AlignedVector<std::uint16_t> &f16Data() const noexcept { return m_f16; }
    AlignedVector<float> &f32Data() noexcept { return m_f32; }
    AlignedVector<std::uint16_t> &f16Data() noexcept { return m_f16; }
    void setShape(std::size_t rows, std::size_t columns, StorageType storage);

private:
    std::size_t m_rows = 0;
    std::size_t m_columns = 0;
    std::size_t m_stride = 0;
    StorageType m_storage = StorageType::Float32;
    float m_scoreScale = 1.0f;
    AlignedVector<float> m_f32;
    AlignedVector<std::uint16_t> m_f16;
};

} // namespace candor::matching
