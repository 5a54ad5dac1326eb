#pragma once
// The reference library ready to search: every reference spectrum preprocessed into one
// contiguous matrix, with the metadata needed to report hits, the pipeline parameters it
// was built with (queries go through the same ones), and the decision thresholds that
// the accuracy benchmark justifies. Cached on disk with Boost.Serialization; the cache is
// keyed on the library checksum and every parameter, and rebuilt, never trusted, when the
// key, the format version or the payload checksum does not match.

#include "mixturefit.h"
#include "preprocessing.h"
#include "referencelibrary.h"
#include "spectralmatrix.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace candor::matching {

// Decision thresholds for the verdict and the high-risk screen. The defaults come from
// the tuning split of bench/matching/accuracy (see bench/matching/README.md): never
// from its test split.
struct LibraryThresholds {
    // The best single hit's correlation at or above which one substance explains the sample.
    double matchScore = 0.95;
    // Below this and without a good mixture fit: no-match.
    double uncertainScore = 0.80;
    // Share of the processed signal a mixture must explain for "match" / "uncertain".
    double matchExplained = 0.95;
    double uncertainExplained = 0.85;
    // Evidence (see FittedComponent::evidence) at which a high-risk component counts as
    // detected; below it, but still improving the fit, it is "possible".
    double highRiskEvidence = 0.0163;
    bool operator==(const LibraryThresholds &) const = default;
};

struct CompiledEntry {
    std::string spectrumId;
    std::string substance;
    std::string substanceClass;
    RiskLevel risk = RiskLevel::Low;
    bool alwaysScreen = false; // high-risk class or risk: always a mixture candidate
};

struct CompileOptions {
    PreprocessingParameters preprocessing;
    StorageType storage = StorageType::Float32;
    LibraryThresholds thresholds;
    MixtureParameters mixture;
};

class CompiledLibrary {
public:
    // Bump when the archive layout or the meaning of a stored field changes.
    static constexpr std::uint32_t kFormatVersion = 1;

    enum class CacheOutcome { Loaded, BuiltNoCache, RebuiltStale, RebuiltCorrupt };

    CompiledLibrary() = default;

    // Preprocesses every spectrum. A reference the pipeline rejects (units, range, flat)
    // is left out and named in warnings(). Throws MatchingError(InvalidLibrary) for bad
    // parameters; an empty library compiles to an empty one (match() then says so).
    static CompiledLibrary compile(const ReferenceLibrary &library, const CompileOptions &options = {});

    // Loads `cacheFile` when its key matches this library and these options; otherwise
    // compiles and writes it (atomically: a temporary file renamed into place). A cache
    // that cannot be written leaves a warning, not an error: matching still works.
    static CompiledLibrary loadOrBuild(const ReferenceLibrary &library, const CompileOptions &options,
                                       const std::filesystem::path &cacheFile, CacheOutcome *outcome = nullptr);

    // Throws MatchingError(CacheIo) when the file cannot be written.
    void save(const std::filesystem::path &file) const;
    // nullopt when missing, truncated, corrupt or of another format version; `why` says which.
    static std::optional<CompiledLibrary> load(const std::filesystem::path &file, std::string *why = nullptr);

    static std::string cacheKeyFor(const ReferenceLibrary &library, const CompileOptions &options);

    const std::string &name() const noexcept { return m_name; }
    const std::string &version() const noexcept { return m_version; }
    const std::string &technique() const noexcept { return m_technique; }
    const std::string &checksum() const noexcept { return m_checksum; }
    const std::string &cacheKey() const noexcept { return m_cacheKey; }
    const CompileOptions &options() const noexcept { return m_options; }
    const PreprocessingParameters &preprocessing() const noexcept { return m_options.preprocessing; }
    const LibraryThresholds &thresholds() const noexcept { return m_options.thresholds; }
    const std::vector<CompiledEntry> &entries() const noexcept { return m_entries; }
    const SpectralMatrix &matrix() const noexcept { return m_matrix; }
    const std::vector<std::string> &warnings() const noexcept { return m_warnings; }
    std::size_t size() const noexcept { return m_entries.size(); }
    bool empty() const noexcept { return m_entries.empty(); }

    // For tests and tools that build matrices directly (the benchmarks).
    static CompiledLibrary fromMatrix(std::string name, std::vector<CompiledEntry> entries, SpectralMatrix matrix,
                                      const CompileOptions &options);

private:
    template <class Archive>
    friend void serializeLibrary(Archive &ar, CompiledLibrary &lib);

    std::string m_name;
    std::string m_version;
    std::string m_technique = "infrared";
    std::string m_checksum;
    std::string m_cacheKey;
    CompileOptions m_options;
    std::vector<CompiledEntry> m_entries;
    SpectralMatrix m_matrix;
    std::vector<std::string> m_warnings;
};

} // namespace candor::matching
