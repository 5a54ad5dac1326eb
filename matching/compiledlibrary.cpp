#include "matching/compiledlibrary.h"

#include "matching/checksum.h"
#include "matching/matchingerror.h"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>

namespace boost::serialization {

template<class Archive>
void serialize(Archive &ar, candor::matching::WavenumberRange &r, const unsigned)
{
    ar &r.from &r.to;
}

template<class Archive>
void serialize(Archive &ar, candor::matching::PreprocessingParameters &p, const unsigned)
{
    ar &p.rangeStart &p.rangeEnd &p.step &p.masks &p.baselineDegree &p.baselineIterations &p.savgolWindow &p.savgolOrder &p
        .derivative &p.minCoverage;
}

template<class Archive>
void serialize(Archive &ar, candor::matching::LibraryThresholds &t, const unsigned)
{
    ar &t.matchScore &t.uncertainScore &t.matchExplained &t.uncertainExplained &t.highRiskEvidence;
    ar &t.bandWindow &t.bandShare &t.bandOverMismatch &t.bandsPresentForDetected &t.componentEvidence;
}

template<class Archive>
void serialize(Archive &ar, candor::matching::MixtureParameters &m, const unsigned)
{
    ar &m.maxComponents &m.noiseFactor &m.minGain &m.baselineTerms;
}

template<class Archive>
void serialize(Archive &ar, candor::matching::DistinctiveBand &b, const unsigned)
{
    ar &b.wavenumber &b.index &b.height;
}

template<class Archive>
void serialize(Archive &ar, candor::matching::CompiledEntry &e, const unsigned)
{
    ar &e.spectrumId &e.substance &e.substanceClass &e.risk &e.alwaysScreen &e.bands;
}

} // namespace boost::serialization

namespace candor::matching {

namespace {

constexpr const char *kMagic = "candor-compiled-library";

std::uint64_t payloadChecksum(const SpectralMatrix &m)
{
    Fnv1a64 h;
    h.addValue(static_cast<std::uint64_t>(m.rows()));
    h.addValue(static_cast<std::uint64_t>(m.columns()));
    if (m.storage() == StorageType::Float32)
        h.addBytes(m.f32Data().data(), m.f32Data().size() * sizeof(float));
    else
        h.addBytes(m.f16Data().data(), m.f16Data().size() * sizeof(std::uint16_t));
    return h.value();
}

} // namespace

template<class Archive>
void serializeLibrary(Archive &ar, CompiledLibrary &lib)
{
    ar &lib.m_name &lib.m_version &lib.m_technique &lib.m_checksum &lib.m_cacheKey;
    ar &lib.m_options.preprocessing &lib.m_options.storage &lib.m_options.thresholds &lib.m_options.mixture;
    ar &lib.m_entries &lib.m_warnings;
    std::uint64_t rows = lib.m_matrix.rows(), cols = lib.m_matrix.columns();
    StorageType storage = lib.m_matrix.storage();
    ar &rows &cols &storage;
    if constexpr (Archive::is_loading::value) {
        if (cols > (1u << 24) || rows > (1u << 28))
            throw std::runtime_error("implausible matrix shape");
        lib.m_matrix.setShape(rows, cols, storage);
    }
    if (storage == StorageType::Float32)
        ar &boost::serialization::make_array(lib.m_matrix.f32Data().data(), lib.m_matrix.f32Data().size());
    else
        ar &boost::serialization::make_array(lib.m_matrix.f16Data().data(), lib.m_matrix.f16Data().size());
}

std::string CompiledLibrary::cacheKeyFor(const ReferenceLibrary &library, const CompileOptions &options)
{
    Fnv1a64 h;
    h.addValue(options.preprocessing.fingerprint());
    h.addValue(static_cast<std::uint8_t>(options.storage));
    const LibraryThresholds &t = options.thresholds;
    h.addValue(t.matchScore);
    h.addValue(t.uncertainScore);
    h.addValue(t.matchExplained);
    h.addValue(t.uncertainExplained);
    h.addValue(t.highRiskEvidence);
    h.addValue(t.bandWindow);
    h.addValue(t.bandShare);
    h.addValue(t.bandOverMismatch);
    h.addValue(t.bandsPresentForDetected);
    h.addValue(t.componentEvidence);
    const MixtureParameters &m = options.mixture;
    h.addValue(static_cast<std::uint64_t>(m.maxComponents));
    h.addValue(m.noiseFactor);
    h.addValue(m.minGain);
    h.addValue(m.baselineTerms);
    return library.checksum() + "-" + h.hex() + "-v" + std::to_string(kFormatVersion);
}

namespace {

std::vector<double> keptGrid(const PreprocessingParameters &parameters)
{
    const Preprocessor pre(parameters);
    std::vector<double> grid;
    for (std::size_t k : pre.keptIndexes())
        grid.push_back(pre.grid()[k]);
    return grid;
}

// What a spectrum holds, not where it came from: the same file imported as row 7 in one
// database and row 300 in another hashes the same.
std::string contentChecksum(const importers::Spectrum &s)
{
    Fnv1a64 h;
    h.addString(s.xUnits);
    h.addString(s.yUnits);
    h.addDoubles(s.x);
    h.addDoubles(s.y);
    return h.hex();
}

} // namespace

std::vector<std::vector<DistinctiveBand>> CompiledLibrary::distinctiveBands(const SpectralMatrix &matrix,
                                                                            const std::vector<CompiledEntry> &entries,
                                                                            const std::vector<double> &grid)
{
    const std::size_t rows = matrix.rows(), n = matrix.columns();
    std::vector<std::vector<double>> height(rows);
    std::vector<double> top(rows, 0.0);
    for (std::size_t r = 0; r < rows; ++r) {
        std::vector<double> v = matrix.rowAsDouble(r);
        std::vector<double> sorted = v;
        std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(n / 2), sorted.end());
        const double median = n ? sorted[n / 2] : 0.0;
        for (double &x : v)
            x -= median;
        top[r] = v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
        height[r] = std::move(v);
    }
    // Points within +/- 12 1/cm on the kept grid (masks leave gaps: compare wavenumbers).
    auto window = [&](std::size_t i, double halfWidth) {
        std::size_t lo = i, hi = i;
        while (lo > 0 && grid[i] - grid[lo - 1] <= halfWidth)
            --lo;
        while (hi + 1 < n && grid[hi + 1] - grid[i] <= halfWidth)
            ++hi;
        return std::pair{lo, hi};
    };
    std::vector<std::vector<DistinctiveBand>> out(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        if (!(top[r] > 0))
            continue;
        const std::vector<double> &h = height[r];
        std::vector<DistinctiveBand> found;
        // Peaks that too many others share, by how many share them: the least shared stand
        // in when a reference has no band of its own (a salt beside its base, say).
        std::vector<std::pair<std::size_t, DistinctiveBand>> shared;
        for (std::size_t i = 1; i + 1 < n; ++i) {
            if (!(h[i] >= 0.25 * top[r] && h[i] >= h[i - 1] && h[i] > h[i + 1]))
                continue;
            const auto [lo, hi] = window(i, 12.0);
            std::size_t others = 0, strongInOthers = 0;
            for (std::size_t o = 0; o < rows; ++o) {
                if (entries[o].substance == entries[r].substance || !(top[o] > 0))
                    continue;
                ++others;
                double peak = -INFINITY;
                for (std::size_t j = lo; j <= hi; ++j)
                    peak = std::max(peak, height[o][j]);
                strongInOthers += peak >= 0.3 * top[o] ? 1 : 0;
            }
            if (others == 0 || 4 * strongInOthers <= others)
                found.push_back({grid[i], static_cast<std::uint32_t>(i), h[i]});
            else
                shared.push_back({strongInOthers, {grid[i], static_cast<std::uint32_t>(i), h[i]}});
        }
        if (found.empty() && !shared.empty()) {
            std::sort(shared.begin(), shared.end(), [](const auto &a, const auto &b) {
                if (a.first != b.first)
                    return a.first < b.first;
                return a.second.height != b.second.height ? a.second.height > b.second.height
                                                          : a.second.wavenumber < b.second.wavenumber;
            });
            for (std::size_t k = 0; k < shared.size() && k < 3; ++k)
                found.push_back(shared[k].second);
        }
        // Strongest first; equal heights by position, so the order never depends on chance.
        std::sort(found.begin(), found.end(), [](const DistinctiveBand &a, const DistinctiveBand &b) {
            return a.height != b.height ? a.height > b.height : a.wavenumber < b.wavenumber;
        });
        if (found.size() > kMaxDistinctiveBands)
            found.resize(kMaxDistinctiveBands);
        out[r] = std::move(found);
    }
    return out;
}

CompiledLibrary CompiledLibrary::compile(const ReferenceLibrary &library, const CompileOptions &options)
{
    const Preprocessor pre(options.preprocessing);
    CompiledLibrary lib;
    lib.m_name = library.name();
    lib.m_version = library.version();
    lib.m_technique = library.technique();
    lib.m_checksum = library.checksum();
    lib.m_cacheKey = cacheKeyFor(library, options);
    lib.m_options = options;
    lib.m_matrix = SpectralMatrix(pre.dimension(), options.storage);
    lib.m_matrix.reserveRows(library.spectra().size());
    // Rows in content order (substance name, then what the spectrum holds, then id): the
    // search breaks score ties by row and the mixture fit tries candidates in row order, so
    // the same library imported in another order or with other row ids must give the same
    // matrix (issue 11, requirement 6).
    std::vector<std::size_t> order(library.spectra().size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<std::string> content;
    for (const ReferenceSpectrum &ref : library.spectra())
        content.push_back(contentChecksum(ref.spectrum));
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const ReferenceSpectrum &ra = library.spectra()[a], &rb = library.spectra()[b];
        const std::string &na = library.substances()[ra.substance].name, &nb = library.substances()[rb.substance].name;
        if (na != nb)
            return na < nb;
        if (content[a] != content[b])
            return content[a] < content[b];
        return ra.id < rb.id;
    });
    for (std::size_t k : order) {
        const ReferenceSpectrum &ref = library.spectra()[k];
        try {
            const ProcessedSpectrum p = pre.process(ref.spectrum);
            lib.m_matrix.appendRow(std::span<const double>(p.values));
        } catch (const MatchingError &e) {
            lib.m_warnings.push_back("reference '" + ref.id + "' left out: " + e.what());
            continue;
        }
        const Substance &s = library.substances()[ref.substance];
        CompiledEntry entry;
        entry.spectrumId = ref.id;
        entry.substance = s.name;
        entry.substanceClass = s.substanceClass;
        entry.risk = s.risk;
        entry.alwaysScreen = s.risk == RiskLevel::High || isHighRiskClass(s.substanceClass);
        lib.m_entries.push_back(std::move(entry));
    }
    auto bands = distinctiveBands(lib.m_matrix, lib.m_entries, keptGrid(options.preprocessing));
    for (std::size_t r = 0; r < lib.m_entries.size(); ++r)
        lib.m_entries[r].bands = std::move(bands[r]);
    return lib;
}

CompiledLibrary CompiledLibrary::fromMatrix(std::string name, std::vector<CompiledEntry> entries, SpectralMatrix matrix,
                                            const CompileOptions &options)
{
    if (entries.size() != matrix.rows())
        throw MatchingError(MatchingError::Kind::InvalidLibrary, "one entry per matrix row is needed");
    CompiledLibrary lib;
    lib.m_name = std::move(name);
    lib.m_version = "synthetic";
    lib.m_options = options;
    lib.m_entries = std::move(entries);
    lib.m_matrix = std::move(matrix);
    const std::vector<double> grid = keptGrid(options.preprocessing);
    if (grid.size() == lib.m_matrix.columns()) {
        auto bands = distinctiveBands(lib.m_matrix, lib.m_entries, grid);
        for (std::size_t r = 0; r < lib.m_entries.size(); ++r)
            if (lib.m_entries[r].bands.empty())
                lib.m_entries[r].bands = std::move(bands[r]);
    }
    return lib;
}

void CompiledLibrary::save(const std::filesystem::path &file) const
{
    std::error_code ec;
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path(), ec);
    // A unique temporary name: two processes rebuilding at once must not interleave.
    std::random_device rd;
    const std::filesystem::path tmp = file.string() + ".tmp" + std::to_string(rd());
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out)
                throw MatchingError(MatchingError::Kind::CacheIo, "cannot write " + tmp.string());
            boost::archive::binary_oarchive ar(out);
            std::string magic = kMagic;
            std::uint32_t version = kFormatVersion;
            std::string key = m_cacheKey;
            ar &magic &version &key;
            serializeLibrary(ar, const_cast<CompiledLibrary &>(*this));
            std::uint64_t sum = payloadChecksum(m_matrix);
            ar &sum;
            out.flush();
            if (!out)
                throw MatchingError(MatchingError::Kind::CacheIo, "cannot write " + tmp.string());
        }
        std::filesystem::rename(tmp, file);
    } catch (const MatchingError &) {
        std::filesystem::remove(tmp, ec);
        throw;
    } catch (const std::exception &e) {
        std::filesystem::remove(tmp, ec);
        throw MatchingError(MatchingError::Kind::CacheIo, "cannot write " + file.string() + ": " + e.what());
    }
}

std::optional<CompiledLibrary> CompiledLibrary::load(const std::filesystem::path &file, std::string *why)
{
    auto fail = [&](const std::string &reason) -> std::optional<CompiledLibrary> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return fail("missing");
    try {
        boost::archive::binary_iarchive ar(in);
        std::string magic, key;
        std::uint32_t version = 0;
        ar &magic;
        if (magic != kMagic)
            return fail("not a compiled library");
        ar &version;
        if (version != kFormatVersion)
            return fail("format version " + std::to_string(version) + ", expected " + std::to_string(kFormatVersion));
        ar &key;
        CompiledLibrary lib;
        serializeLibrary(ar, lib);
        std::uint64_t sum = 0;
        ar &sum;
        if (sum != payloadChecksum(lib.m_matrix))
            return fail("payload checksum mismatch");
        if (lib.m_cacheKey != key || lib.m_entries.size() != lib.m_matrix.rows())
            return fail("inconsistent header");
        return lib;
    } catch (const std::exception &e) {
        return fail(std::string("unreadable: ") + e.what());
    }
}

CompiledLibrary CompiledLibrary::loadOrBuild(const ReferenceLibrary &library, const CompileOptions &options,
                                             const std::filesystem::path &cacheFile, CacheOutcome *outcome)
{
    const std::string key = cacheKeyFor(library, options);
    std::string why;
    CacheOutcome result = CacheOutcome::BuiltNoCache;
    if (auto cached = load(cacheFile, &why)) {
        if (cached->cacheKey() == key) {
            if (outcome)
                *outcome = CacheOutcome::Loaded;
            return std::move(*cached);
        }
        result = CacheOutcome::RebuiltStale;
    } else if (why != "missing") {
        result = why.rfind("format version", 0) == 0 ? CacheOutcome::RebuiltStale : CacheOutcome::RebuiltCorrupt;
    }
    CompiledLibrary lib = compile(library, options);
    try {
        lib.save(cacheFile);
    } catch (const MatchingError &e) {
        lib.m_warnings.push_back(std::string("compiled library not cached: ") + e.what());
    }
    if (outcome)
        *outcome = result;
    return lib;
}

} // namespace candor::matching
