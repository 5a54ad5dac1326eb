#pragma once
// The reference library as both front ends use it: the rows of core's ReferenceStore
// turned into a compiled matching library (cached beside the database and rebuilt by the
// engine when stale), the demo library seeded into a new database, reference files
// imported from disk, and one spectrum matched and turned into the match core stores.

#include "core/matchresults.h"
#include "core/references.h"

#include "matching/matcher.h"

#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace candor::core {
class Catalogue;
class Database;
struct SpectrumData;
struct StripReading;
struct User;
} // namespace candor::core

namespace candor::services {

// Said by every screen and output that shows demo references.
inline constexpr const char *kDemoLibraryNotice = "demo library: replace with your service's library";
inline constexpr const char *kLibraryName = "Candor reference library";
inline constexpr const char *kDemoSource = "Candor demo library";

// One of the demo library's files, embedded at build time.
struct EmbeddedFile {
    std::string_view name;
    std::span<const std::byte> bytes;
};
std::span<const EmbeddedFile> demoLibraryFiles();

// Adds the demo library (is_demo = 1) when this database has never been seeded and holds
// no references; records that it did, so that a service that later empties its library
// does not get the demo back. Returns how many references were added. Idempotent.
int seedDemoLibrary(core::Database &db);

// A reference row from a file's bytes: the first infrared spectrum in it, its substance
// from the title ("#1234 - Cocaine HCl"), ##CAS NAME, ##MOLFORM (the file name when the
// file names none). Throws importers::ImportError for an unreadable file or one without an
// infrared spectrum.
core::ReferenceRow referenceRowFromBytes(std::span<const std::byte> bytes, const std::string &fileName,
                                         const std::string &source);

// Class and risk of a reference from the catalogue, by its substance name or a synonym,
// salt and form words stripped (core::Catalogue::resolveReferenceName). The catalogue's
// "high" is risk high; otherwise a cut is low and anything else moderate. A substance
// the catalogue does not know gets class "unknown" and risk not set (riskSet false):
// never a guess that defaults to low; the library page asks an admin to set it.
void classifyFromCatalogue(core::ReferenceRow &row, core::Catalogue &catalogue);

// What became of one reference file.
struct ReferenceImportOutcome {
    // Skipped: a file in a folder that is no spectrum (see expandImportPaths).
    enum class Status { Added, AlreadyPresent, Failed, Skipped };
    std::filesystem::path path;
    Status status = Status::Failed;
    std::string substance;
    std::string message;
    std::exception_ptr error; // for Failed: what was thrown (the CLI maps it to 65 or 66)
};
const char *toString(ReferenceImportOutcome::Status status) noexcept;

// Imports files and folders (each folder's regular files, not recursive). Each file is
// its own step: one that fails is reported and the others still go in. A second
// spectrum of a substance already held (another lot, instrument, salt or base) is added
// as one more reference of it. A folder from which not one usable spectrum came throws
// ImportError naming the folder and each file's reason (nothing was added). `source` names
// where the spectra come from; empty: each file's folder name. Throws PermissionDenied
// when the actor is no admin, StorageError when the database fails.
std::vector<ReferenceImportOutcome> importReferenceFiles(core::Database &db, const std::vector<std::filesystem::path> &paths,
                                                         const core::User &actor, const std::string &source = {});

// "<db>.library-cache", beside the database.
std::filesystem::path libraryCachePath(const std::filesystem::path &databasePath);

// A compiled library with its matcher, ready to match on any thread.
class LoadedLibrary {
public:
    LoadedLibrary(matching::CompiledLibrary compiled, std::int64_t demoReferences,
                  matching::CompiledLibrary::CacheOutcome outcome);
    LoadedLibrary(const LoadedLibrary &) = delete;
    LoadedLibrary &operator=(const LoadedLibrary &) = delete;

    const matching::CompiledLibrary &compiled() const noexcept { return m_compiled; }
    const matching::Matcher &matcher() const noexcept { return *m_matcher; }
    std::int64_t demoReferences() const noexcept { return m_demoReferences; }
    bool usesDemo() const noexcept { return m_demoReferences > 0; }
    matching::CompiledLibrary::CacheOutcome cacheOutcome() const noexcept { return m_outcome; }
    // Evidence thresholds per high-risk class an admin adopted from lab validation
    // (core::LabValidation); matchSpectrum applies them.
    const std::map<std::string, double> &adoptedThresholds() const noexcept { return m_adoptedThresholds; }
    void setAdoptedThresholds(std::map<std::string, double> thresholds) { m_adoptedThresholds = std::move(thresholds); }

private:
    matching::CompiledLibrary m_compiled;
    std::unique_ptr<matching::Matcher> m_matcher;
    std::int64_t m_demoReferences = 0;
    matching::CompiledLibrary::CacheOutcome m_outcome;
    std::map<std::string, double> m_adoptedThresholds;
};

// The rows in memory as the engine takes them (name kLibraryName, version the store's).
// Rows with the same `substanceKey` (default: the salt-free name) are one substance with
// several spectra, which the matcher uses together.
matching::ReferenceLibrary
referenceLibraryFromRows(const std::vector<core::ReferenceRow> &rows, const std::string &version,
                         const std::function<std::string(const core::ReferenceRow &)> &substanceKey = {});

// The one way both front ends get the library: the active (not retired) rows ->
// ReferenceLibrary -> loadOrBuild with `cacheFile` (empty path: no cache), substances
// grouped through the catalogue, with the adopted detection thresholds. An empty library
// loads (match then says so).
std::shared_ptr<const LoadedLibrary> loadLibrary(core::Database &db, const std::filesystem::path &cacheFile);

// The service's own thresholds (issue 11): a high-risk component of a class with an
// adopted threshold is detected when its evidence reaches it, and possible below it (it
// stays listed: a high-risk class is never dropped in silence). Components are put back in
// the engine's order (detected by fraction, then possible) and a changed status is said in
// a warning. Other components, and classes without a threshold, are left as matched.
void applyAdoptedThresholds(matching::MatchResult &result, const std::map<std::string, double> &thresholds);

// Matches without throwing: an unusable spectrum comes back as no-match with `error` and
// the reason. The options keep mixture candidates as the engine sets them. Hits name
// each substance once, with its best spectrum's score.
matching::MatchResult matchSpectrum(const LoadedLibrary &library, const importers::Spectrum &spectrum, std::size_t topN = 10);

// Two references of different substances the matcher cannot tell apart.
struct LibraryQcPair {
    std::string substanceA;
    std::string spectrumIdA;
    std::string substanceB;
    std::string spectrumIdB;
    double correlation = 0; // of the processed spectra, as the search scores (1 identical)
};
// Above this correlation of processed spectra two references score within a few
// thousandths of each other against any query: the hit order between them is noise.
inline constexpr double kLibraryQcThreshold = 0.98;
// Every such pair in the compiled library, most alike first (then by name: deterministic).
std::vector<LibraryQcPair> libraryQc(const LoadedLibrary &library, double threshold = kLibraryQcThreshold);

// The engine's verdict as core keeps it.
core::Verdict toCoreVerdict(matching::Verdict verdict) noexcept;

// One match as core keeps it (library, verdict, reason, error, warnings with the demo
// notice, hits and mixture, rounded as shown), without a spectrum: what `match` prints
// (cli/matchjson.h writes its JSON) and the body of storedMatchFor.
core::StoredMatch describeMatch(const LoadedLibrary &library, const matching::MatchResult &result);

// The row match_results stores for one spectrum: describeMatch with the spectrum and the
// screen trace a re-screen reads.
core::StoredMatch storedMatchFor(const LoadedLibrary &library, const matching::MatchResult &result,
                                 const std::string &spectrumId);

// The class of substance a test strip type screens for ("fentanyl" -> "fentanyl",
// "xylazine" -> "alpha2-agonist"); empty when the strip screens for no single class.
std::string classScreenedByStrip(const std::string &stripType);

// Strip positive, FTIR negative: for each strip type read positive on the sample whose
// class no stored match detected, the sentence that sends the sample for confirmatory
// testing ("fentanyl strip positive but FTIR found no fentanyl-class substance: refer for
// confirmatory testing"). Empty when no spectrum was matched yet: there is no FTIR result
// to disagree with.
std::vector<std::string> stripPositiveFtirNegative(const std::vector<core::StripReading> &strips,
                                                   const std::vector<core::StoredMatch> &matches);

// An instrument spectrum as the importers decoded it, from what core stores.
importers::Spectrum toSpectrum(const core::SpectrumData &data);

} // namespace candor::services
