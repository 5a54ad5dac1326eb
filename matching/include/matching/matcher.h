#pragma once
// What the CLI and the app call: match one spectrum (or a batch) against a compiled
// library and get ranked hits, the mixture fit and a verdict with its reason. A high-risk
// class that improves the fit at all is in the result as "possible" (its best-supported
// member), never dropped.

#include "matching/compiledlibrary.h"
#include "matching/matchingerror.h"
#include "matching/mixturefit.h"
#include "matching/searchengine.h"

#include "importers/spectrum.h"

#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace candor::matching {

enum class Verdict { Match, Uncertain, NoMatch };

// "match", "uncertain", "no-match" (the spellings of cli.md).
const char *toString(Verdict verdict) noexcept;

// A mixture component's share of the signal as the bench reads it: "about 5.8 %", or
// "less than 0.1 %" where one decimal would show 0.0 and read as "none".
std::string shareOfSignalText(double fraction);

struct MatchOptions {
    std::size_t topN = 10;              // hits to report
    std::size_t mixtureCandidates = 10; // top hits (and top residual hits) the mixture may use
    bool mixture = true;
};

struct MatchHit {
    std::size_t entry = 0; // index into CompiledLibrary::entries()
    std::string substance;
    std::string substanceClass;
    double score = 0; // Pearson r on the processed spectra: 1 identical, 0 unrelated
    int rank = 0;     // 1 = best
    bool highRisk = false;
};

// One of a component's distinctive bands (CompiledEntry::bands) as the sample shows it.
struct BandEvidence {
    double wavenumber = 0; // 1/cm, the reference's band maximum
    double expected = 0;   // the component's height there in the fit (processed units)
    double observed = 0;   // the peak of what the other components leave there, over its flanks
    bool present = false;  // observed reaches the band test (LibraryThresholds::band*)
};

struct MixtureComponent {
    enum class Status { Detected, Possible };
    std::size_t entry = 0;
    std::string substance;
    std::string substanceClass;
    double fraction = 0; // share of the fitted signal (not % w/w: response factors differ)
    double evidence = 0; // FittedComponent::evidence
    Status status = Status::Detected;
    bool highRisk = false;
    std::vector<BandEvidence> bands; // its distinctive bands, strongest first
    std::size_t bandsPresent() const noexcept;
};

struct MixtureReport {
    std::vector<MixtureComponent> components; // detected (by fraction), then possible
    double residual = 1;                      // ||query - fit|| / ||query||
    double explained = 0;                     // 1 - residual^2
    std::vector<double> fitted;               // on wavenumbers(), for drawing
    std::vector<double> residualCurve;
};

// What the engine's own choices for one query hinged on, kept so that a re-screen can tell
// whether a reference added to the library later could have entered this result at all
// (services/rescreen.cpp). Nothing here changes the result.
struct ScreenTrace {
    // A reference enters the hits (and the first mixture candidates) only by scoring at
    // least the last hit searched: -inf when the search returned fewer than asked.
    double hitFloor = -INFINITY;
    // The search on what the first fit left over (empty: not run), and the score of the last
    // residual hit it returned (-inf: fewer than asked).
    std::vector<double> searchResidual;
    double searchFloor = -INFINITY;
    // Per mixture fit run (first fit, then the refit with the residual hits when there was
    // one): MixtureFitResult::selectionResidual and selectableFloor.
    struct FitRun {
        std::vector<double> selectionResidual; // empty: every always-screened candidate was selectable
        double selectableFloor = 0;
    };
    std::vector<FitRun> fitRuns;
    // The forward selection chose an always-screened candidate (its evidence is measured
    // against every other always-screened one, an added one included).
    bool selectedHighRisk = false;
    // A high-risk class had several "possible" members and the best-supported stood for it
    // (a choice in which the evidence of each, measured against the others, takes part).
    bool possibleClassChosen = false;
    double mismatch = 0; // the mismatch level of the band test (what the whole fit leaves)
    // Library rows of every component of the fit, selected or screened (the ones whose
    // distinctive bands were tested): a library change that gives one of them other
    // distinctive bands (they depend on the whole library) can change the result.
    std::vector<std::size_t> componentRows;
    std::vector<double> componentWeights; // FittedComponent::weight of each
    std::vector<bool> componentSelected;  // FittedComponent::selected of each
    // For screening a reference added later on top of the final fit exactly as the engine
    // would (Matcher::screenAddedOnTop): the library rows of its selected components in the
    // order the forward selection took them, its residual sum of squares, the two lowest
    // with an always-screened candidate entered plain on top (MixtureFitResult), and per
    // component FittedComponent::rssWithout (what a substitute must stay above).
    std::vector<std::size_t> chosenRows;
    double finalRss = 0;
    double screenedRssLowest = INFINITY;
    double screenedRssSecond = INFINITY;
    std::vector<double> componentRssWithout;
};

// An always-screened reference entered plain on top of a stored fit (for a re-screen).
struct AddedOnTop {
    ScreenedOnTop fit;
    std::vector<BandEvidence> bands; // its band test where fit.gains
    // The engine would report it ("possible"): it gains and one of its distinctive bands is
    // present in what the fit leaves.
    bool reported = false;
};

// The band test of finish() for one reference: `residualWithout` is what the other
// components leave, `contribution` its weight times its spectrum, `grid` the kept
// wavenumbers, `mismatch` ScreenTrace::mismatch.
std::vector<BandEvidence> testBands(const CompiledEntry &entry, std::vector<double> residualWithout,
                                    std::vector<double> contribution, const std::vector<double> &grid, double mismatch,
                                    const LibraryThresholds &thresholds);

struct MatchResult {
    std::vector<MatchHit> hits;
    MixtureReport mixture;
    Verdict verdict = Verdict::NoMatch;
    std::string reason; // one sentence: why this verdict
    // The library holds nothing that explains the bulk of the spectrum: no hit reaches the
    // uncertain score and the detected components do not explain it. Components then need
    // every distinctive band present (they would otherwise be explaining the unknown's).
    bool mainSubstanceUnknown = false;
    std::vector<std::string> warnings;        // coverage, assumed units, possible high-risk components
    std::optional<MatchingError::Kind> error; // set by tryMatch when the input was unusable
    std::vector<double> wavenumbers;          // the kept grid points (1/cm)
    std::vector<double> processedQuery;       // the query after preprocessing, for drawing
    ScreenTrace screen;

    // True when any high-risk component is detected or possible: never stay quiet.
    bool highRiskFlagged() const noexcept;
};

class Matcher {
public:
    // The library must outlive the matcher. `threads` 0: all hardware threads.
    explicit Matcher(const CompiledLibrary &library, unsigned threads = 0);

    // Throws MatchingError: EmptyLibrary, TechniqueMismatch, UnsupportedUnits,
    // InvalidValues, NoOverlap, FlatSpectrum.
    MatchResult match(const importers::Spectrum &query, const MatchOptions &options = {}) const;
    // The non-throwing twin: an unusable input gives verdict no-match, `error` and a reason.
    MatchResult tryMatch(const importers::Spectrum &query, const MatchOptions &options = {}) const;
    // Many queries: one pass over the library for the search (see SearchEngine::searchBatch),
    // then each query's mixture. Unusable queries come back as tryMatch would give them.
    std::vector<MatchResult> matchBatch(std::span<const importers::Spectrum> queries, const MatchOptions &options = {}) const;

    const CompiledLibrary &library() const noexcept { return m_library; }
    const Preprocessor &preprocessor() const noexcept { return m_preprocessor; }

    // For a re-screen (services/rescreen.cpp): the always-screened reference `row`, which
    // could not have entered the hits, the residual search or the forward selection of a
    // stored match of `query`, screened on top of that match's final fit as finish() would
    // screen it: `chosenRows` and `mismatch` from the match's ScreenTrace. Exact (the same
    // columns, solves and band test); the caller compares AddedOnTop::fit.finalRss with the
    // trace's to know that it re-created the same fit.
    AddedOnTop screenAddedOnTop(const ProcessedSpectrum &query, const std::vector<std::size_t> &chosenRows, std::size_t row,
                                double mismatch) const;

    // Matching from an already processed query (tests, benchmarks).
    MatchResult matchProcessed(const ProcessedSpectrum &query, const MatchOptions &options) const;

private:
    void checkQuery(const importers::Spectrum &query) const;
    MatchResult finish(const ProcessedSpectrum &query, std::vector<SearchHit> hits, const MatchOptions &options) const;

    const CompiledLibrary &m_library;
    Preprocessor m_preprocessor;
    SearchEngine m_engine;
    MixtureFit m_mixture;
};

} // namespace candor::matching
