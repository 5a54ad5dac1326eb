#include "compiledlibrary.h"

#include "checksum.h"
#include "matchingerror.h"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <fstream>
#include <random>

namespace boost::serialization {

template <class Archive>
void serialize(Archive &ar, candor::matching::WavenumberRange &r, const unsigned)
{
    ar & r.from & r.to;
}

template <class Archive>
void serialize(Archive &ar, candor::matching::PreprocessingParameters &p, const unsigned)
{
    ar & p.rangeStart & p.rangeEnd & p.step & p.masks & p.baselineDegree & p.baselineIterations & p.savgolWindow
        & p.savgolOrder & p.derivative & p.minCoverage;
}

template <class Archive>
void serialize(Archive &ar, candor::matching::LibraryThresholds &t, const unsigned)
{
    ar & t.matchScore & t.uncertainScore & t.matchExplained & t.uncertainExplained & t.highRiskEvidence;
}

template <class Archive>
void serialize(Archive &ar, candor::matching::MixtureParameters &m, const unsigned)
{
    ar & m.maxComponents & m.noiseFactor & m.minGain & m.baselineTerms;
}

template <class Archive>
void serialize(Archive &ar, candor::matching::CompiledEntry &e, const unsigned)
{
    ar & e.spectrumId & e.substance & e.substanceClass & e.risk & e.alwaysScreen;
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

template <class Archive>
void serializeLibrary(Archive &ar, CompiledLibrary &lib)
{
    ar & lib.m_name & lib.m_version & lib.m_technique & lib.m_checksum & lib.m_cacheKey;
    ar & lib.m_options.preprocessing & lib.m_options.storage & lib.m_options.thresholds & lib.m_options.mixture;
    ar & lib.m_entries & lib.m_warnings;
    std::uint64_t rows = lib.m_matrix.rows(), cols = lib.m_matrix.columns();
    StorageType storage = lib.m_matrix.storage();
    ar & rows & cols & storage;
    if constexpr (Archive::is_loading::value) {
        if (cols > (1u << 24) || rows > (1u << 28))
            throw std::runtime_error("implausible matrix shape");
        lib.m_matrix.setShape(rows, cols, storage);
    }
    if (storage == StorageType::Float32)
        ar & boost::serialization::make_array(lib.m_matrix.f32Data().data(), lib.m_matrix.f32Data().size());
    else
        ar & boost::serialization::make_array(lib.m_matrix.f16Data().data(), lib.m_matrix.f16Data().size());
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
    const MixtureParameters &m = options.mixture;
    h.addValue(static_cast<std::uint64_t>(m.maxComponents));
    h.addValue(m.noiseFactor);
    h.addValue(m.minGain);
    h.addValue(m.baselineTerms);
    return library.checksum() + "-" + h.hex() + "-v" + std::to_string(kFormatVersion);
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
    for (const ReferenceSpectrum &ref : library.spectra()) {
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
            ar & magic & version & key;
            serializeLibrary(ar, const_cast<CompiledLibrary &>(*this));
            std::uint64_t sum = payloadChecksum(m_matrix);
            ar & sum;
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
        ar & magic;
        if (magic != kMagic)
            return fail("not a compiled library");
        ar & version;
        if (version != kFormatVersion)
            return fail("format version " + std::to_string(version) + ", expected " + std::to_string(kFormatVersion));
        ar & key;
        CompiledLibrary lib;
        serializeLibrary(ar, lib);
        std::uint64_t sum = 0;
        ar & sum;
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
