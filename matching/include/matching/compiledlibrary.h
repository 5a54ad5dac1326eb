#pragma once
// The reference library ready to search: every reference spectrum preprocessed into one
// contiguous matrix, with the metadata needed to report hits, the pipeline parameters it
// was built with (queries go through the same ones), and the decision thresholds that
// the accuracy benchmark justifies. Cached on disk with Boost.Serialization; the cache is
// keyed on the library checksum and every parameter, and rebuilt, never trusted, when the
// key, the format version or the payload checksum does not match.

#include "matching/mixturefit.h"
#include "matching/preprocessing.h"
#include "matching/referencelibrary.h"
#include "matching/spectralmatrix.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace candor::matching {

// Decision thresholds for the verdict and the high-risk screen, stored with (and part of
// the cache key of) the compiled library. The defaults are what bench/matching's accuracy
// benchmark derived on its tuning split (own seeds; never the test split) for the demo
// library and the default pipeline; a service's own library should be re-tuned the same
// way. See bench/matching/README.md for the figures.
struct LibraryThresholds {
    // The best single hit's correlation for "match": above what 99.5% of samples whose main
    // substance was left out of the library reach (tuning split: 0.9158).
    double matchScore = 0.9158;
    // Below this and without a good mixture fit: no-match (95% of in-library samples reach
    // it on the tuning split: 0.8619).
    double uncertainScore = 0.8619;
    // Share of the processed signal a mixture with a detected component must explain for
    // "match" (99.5% of left-out samples stay below it: 0.9454) and for "uncertain" (the 5%
    // quantile of in-library samples lies above the match level, so it is capped there).
    double matchExplained = 0.9454;
    double uncertainExplained = 0.9454;
    // Evidence (FittedComponent::evidence) at which a high-risk component counts as detected;
    // below it, but still improving the fit, it is "possible". Tuning split: the lowest value
    // with at most 1% false fentanyl calls at 95% confidence (0.01626).
    double highRiskEvidence = 0.01626;
    // The band test (issue 11): a component is detected only when its own distinctive
    // bands stand out of the residual the other components leave. A band is present when
    // the residual without the component peaks inside +/- bandWindow cm-1 of it, reaching
    // `bandShare` of the height the fit gives the component there and `bandOverMismatch`
    // times the mismatch level (the 90th percentile of |residual| of the whole fit: what a
    // library spectrum measured on another instrument, crystal or polymorph leaves over).
    // Calibrated on modelled library-to-sample mismatch (shifts of several cm-1, widths,
    // relative intensities +/-30 %, baseline, water), tuning seeds only: see
    // tests/matching/mismatch.h and tst_detection.cpp. bandOverMismatch is the lowest of
    // 2.5, 3.0, 3.5 with no high-risk detection among the 75 tuning negatives (2.5 and 3.0
    // let phenacetin's amide and ring bands read as fentanyl); it costs sensitivity: 20 %
    // fentanyl in mismatched cuts is found in 13 of 18 tuning mixtures, 10 % in none.
    double bandWindow = 10;
    double bandShare = 0.5;
    double bandOverMismatch = 3.5;
    // Share of a component's distinctive bands that must be present for "detected" (all of
    // them when the main substance is unknown: then everything in the fit is explaining
    // bands of a substance the library does not hold).
    double bandsPresentForDetected = 0.67;
    // Evidence (gain over the whole fit's residual) a component that is not high risk needs
    // to be detected; smaller ones stay in the fit and are not reported as findings.
    double componentEvidence = 0.05;
    bool operator==(const LibraryThresholds &) const = default;
};

// A band where this reference is strong and most references of other substances are weak:
// what a sample must show before the reference may be called detected in it.
struct DistinctiveBand {
    double wavenumber = 0;   // 1/cm, the band's maximum on the grid
    std::uint32_t index = 0; // into the processed (kept) points
    double height = 0;       // above the reference's median, processed units (unit-norm row)
    bool operator==(const DistinctiveBand &) const = default;
};

struct CompiledEntry {
    std::string spectrumId;
    std::string substance;
    std::string substanceClass;
    RiskLevel risk = RiskLevel::Low;
    bool alwaysScreen = false; // high-risk class or risk: always a mixture candidate
    // Strongest first, at most kMaxDistinctiveBands (see CompiledLibrary::distinctiveBands).
    std::vector<DistinctiveBand> bands;
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
    // 2: entries in content order (substance, then spectrum checksum) and distinctive bands.
    static constexpr std::uint32_t kFormatVersion = 2;
    static constexpr std::size_t kMaxDistinctiveBands = 6;

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

    // Per row, the bands where it is strong (a local maximum at >= 25 % of its highest
    // band) and at most a quarter of the other substances' rows reach 30 % of their own
    // highest band within +/- 12 cm-1; strongest first. `grid`: the wavenumber of each
    // processed point.
    static std::vector<std::vector<DistinctiveBand>>
    distinctiveBands(const SpectralMatrix &matrix, const std::vector<CompiledEntry> &entries, const std::vector<double> &grid);

    // For tests and tools that build matrices directly (the benchmarks).
    static CompiledLibrary fromMatrix(std::string name, std::vector<CompiledEntry> entries, SpectralMatrix matrix,
                                      const CompileOptions &options);

private:
    template<class Archive>
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
