// Re-screen throughput (issue 11): N stored FTIR spectra (default 100,000) in a real
// SQLite file, each with the match stored when it was imported against the library of the
// day (L1: M spectra less the ones added later), re-screened by
// services::rescreenStoredSpectra against L2 = L1 plus `--added` new references (a new
// nitazene, by default one), as 'candor-cli library rescreen' does after an import: read
// in batches through core, screened against what changed, matched again in full where the
// change can reach the result, changes and new matches written back. Everything is
// synthetic and seeded.
//
//   bench_rescreen [--stored 100000] [--library 5000] [--high-risk 100] [--added 1]
//                  [--added-class nitazene|cut] [--distinct 1000] [--peer 200]
//                  [--cache-dir DIR] [--keep]
//
// --cache-dir: where the compiled libraries are cached between runs (the same seed gives
// the same libraries, so a second run loads them instead of compiling 10,000 spectra
// again); by default a temporary folder removed at the end.
//
// Making 100,000 baseline matches would itself take hours (the full match costs ~90 ms a
// spectrum against 5,000 references), so the N stored spectra are `--distinct` seeded
// measurements, each stored N / distinct times with its own baseline match (made once,
// in memory). The re-screen does not know that: it reads, screens and, where needed,
// matches every stored spectrum as it would distinct ones. The peer: Matcher::matchBatch
// against L2 on the first `--peer` measurements in memory (what a full re-match costs per
// spectrum, e.g. after 'library retire-demo'), scaled to N.

#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/instrumentfiles.h"
#include "core/matchresults.h"
#include "core/samples.h"
#include "core/users.h"
#include "matching/compiledlibrary.h"
#include "services/referencelibrary.h"
#include "services/rescreen.h"

#include "matching/synthetic.h" // tests/: the same random substances as the matching tests

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace candor;
using Clock = std::chrono::steady_clock;

namespace {

using matching::test::Band;

// Absorbance of `bands` on `x`, shifted by `shift` 1/cm and scaled.
std::vector<double> render(const std::vector<Band> &bands, const std::vector<double> &x, double shift, double scale)
{
    std::vector<Band> moved = bands;
    for (Band &b : moved) {
        b.position += shift;
        b.height *= scale;
    }
    return matching::test::bandValues(x, moved);
}

std::vector<double> grid(double from, double to, double step)
{
    std::vector<double> x;
    for (double v = from; v <= to + 1e-9; v += step)
        x.push_back(v);
    return x;
}

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

long arg(int argc, char **argv, const char *name, long fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return std::atol(argv[i + 1]);
    return fallback;
}

std::string textArg(int argc, char **argv, const char *name, const std::string &fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return fallback;
}

std::unique_ptr<services::LoadedLibrary>
compileLibrary(const std::string &version, const std::vector<matching::LibraryEntryInput> &entries, const fs::path &cache)
{
    const auto library = matching::ReferenceLibrary::fromSpectra("bench", version, entries);
    matching::CompiledLibrary::CacheOutcome outcome{};
    auto compiled = matching::CompiledLibrary::loadOrBuild(library, {}, cache, &outcome);
    return std::make_unique<services::LoadedLibrary>(std::move(compiled), 0, outcome);
}

} // namespace

int main(int argc, char **argv)
{
    const long stored = arg(argc, argv, "--stored", 100000);
    const long librarySize = arg(argc, argv, "--library", 5000);
    const long highRisk = arg(argc, argv, "--high-risk", 100);
    const long added = std::clamp(arg(argc, argv, "--added", 1), 0L, librarySize - 1);
    const std::string addedClass = textArg(argc, argv, "--added-class", "nitazene");
    const long distinct = std::clamp(arg(argc, argv, "--distinct", 1000), 1L, stored);
    const long peerCount = std::min(arg(argc, argv, "--peer", 200), distinct);
    std::string pattern = (fs::temp_directory_path() / "candor-bench-rescreen-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        return 1;
    const fs::path dir = pattern;
    const std::string cacheArg = textArg(argc, argv, "--cache-dir", "");
    const fs::path cacheDir = cacheArg.empty() ? dir : fs::path(cacheArg);
    fs::create_directories(cacheDir);
    std::mt19937_64 rng(20261202);

    // The library: M substances, the first `highRisk` of them in high-risk classes; the
    // last `added` are the new ones (of --added-class), not in L1.
    const auto libX = grid(600, 4000, 2);
    std::vector<std::vector<Band>> substances;
    std::vector<matching::LibraryEntryInput> entries;
    for (long i = 0; i < librarySize; ++i) {
        substances.push_back(matching::test::randomBands(rng));
        matching::LibraryEntryInput e;
        e.spectrum.title = "substance " + std::to_string(i);
        e.spectrum.technique = "infrared";
        e.spectrum.xUnits = "1/cm";
        e.spectrum.yUnits = "absorbance";
        e.spectrum.x = libX;
        e.spectrum.y = render(substances.back(), libX, 0, 1);
        e.substance.name = e.spectrum.title;
        const bool isNew = i >= librarySize - added;
        const bool high = i < highRisk || (isNew && addedClass != "cut");
        e.substance.substanceClass = isNew ? addedClass : high ? (i % 2 ? "nitazene" : "fentanyl") : "cut";
        e.substance.risk = high ? matching::RiskLevel::High : matching::RiskLevel::Low;
        e.id = "ref-" + std::to_string(i);
        e.source = "bench";
        entries.push_back(std::move(e));
    }
    auto t0 = Clock::now();
    const auto before = compileLibrary("1", std::vector(entries.begin(), entries.end() - added),
                                       cacheDir / ("l1-" + std::to_string(librarySize) + "-" + std::to_string(highRisk) + "-" +
                                                   std::to_string(added) + addedClass + ".cache"));
    const auto after = compileLibrary("2", entries,
                                      cacheDir / ("l2-" + std::to_string(librarySize) + "-" + std::to_string(highRisk) + "-" +
                                                  std::to_string(added) + addedClass + ".cache"));
    std::fprintf(stderr, "libraries: L1 %zu spectra, L2 %zu (%ld high-risk, %ld added: %s) compiled in %.1f s\n",
                 before->compiled().size(), after->compiled().size(), highRisk, added, addedClass.c_str(),
                 seconds(t0, Clock::now()));

    // The distinct measurements: mixtures of one to three library substances, measured on
    // another grid with shifted bands and noise. One in 50 holds an added substance (so the
    // re-screen has changes to find).
    const auto x = grid(650, 4000, 4);
    std::uniform_int_distribution<long> pick(0, librarySize - 1 - added), pickNew(librarySize - added, librarySize - 1);
    std::uniform_real_distribution<double> shift(-3, 3), share(0.05, 0.5);
    std::normal_distribution<double> noise(0, 0.002);
    std::vector<importers::Spectrum> measurements;
    for (long i = 0; i < distinct; ++i) {
        const double spreadShift = shift(rng);
        std::vector<double> y = render(substances[std::size_t(pick(rng))], x, spreadShift, 1);
        const int extra = int(i % 3);
        for (int k = 0; k < extra; ++k) {
            const long which = added > 0 && k == 0 && i % 50 == 1 ? pickNew(rng) : pick(rng);
            const auto part = render(substances[std::size_t(which)], x, spreadShift, share(rng));
            for (std::size_t j = 0; j < y.size(); ++j)
                y[j] += part[j];
        }
        for (double &v : y)
            v += noise(rng);
        importers::Spectrum s;
        s.title = "measurement " + std::to_string(i);
        s.technique = "infrared";
        s.xUnits = "1/cm";
        s.yUnits = "absorbance";
        s.x = x;
        s.y = std::move(y);
        measurements.push_back(std::move(s));
    }
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    // Their matches against L1, as import stored them; and the peer against L2.
    auto matchAllOf = [&](const services::LoadedLibrary &lib, std::size_t count) {
        std::vector<core::StoredMatch> out(count);
        std::vector<std::jthread> workers;
        for (unsigned w = 0; w < threads; ++w)
            workers.emplace_back([&, w] {
                const std::size_t from = count * w / threads, to = count * (w + 1) / threads;
                for (std::size_t i = from; i < to; ++i)
                    out[i] = services::storedMatchFor(lib, services::matchSpectrum(lib, measurements[i]), {});
            });
        workers.clear();
        return out;
    };
    t0 = Clock::now();
    const std::vector<core::StoredMatch> baseline = matchAllOf(*before, measurements.size());
    std::fprintf(stderr, "baseline: %ld distinct measurements matched against L1 in %.1f s\n", distinct,
                 seconds(t0, Clock::now()));
    t0 = Clock::now();
    (void)matchAllOf(*after, std::size_t(peerCount));
    const double peerSeconds = seconds(t0, Clock::now());
    const double peerScaled = peerSeconds * double(stored) / double(std::max<long>(peerCount, 1));
    std::fprintf(stderr, "peer: full match against L2 in memory, %ld spectra in %.2f s\n", peerCount, peerSeconds);

    // The stored spectra, written through core like imports, each with its L1 match.
    t0 = Clock::now();
    {
        auto db = core::openCandorDatabase(dir / "bench.sqlite");
        core::Catalogue catalogue(*db);
        const auto user = core::UserStore(*db).add({"bench", "Bench", {"technician"}, "bench password 1"}, nullptr);
        core::SampleInput in;
        in.soldAs = "bench";
        in.form = "powder";
        std::string sampleId;
        std::unique_ptr<core::Transaction> tx;
        for (long i = 0; i < stored; ++i) {
            if (i % 1000 == 0) {
                if (tx)
                    tx->commit();
                tx = std::make_unique<core::Transaction>(*db);
                if (i == 0)
                    services::recordReferenceSet(*db, *before);
                sampleId = core::SampleStore(*db, catalogue).add(in, user).id;
            }
            const importers::Spectrum &m = measurements[std::size_t(i % distinct)];
            core::SpectrumData s{m.title, m.technique, m.xUnits, m.yUnits, m.x, m.y, "{}"};
            // The bytes only need to be unique (they are never parsed again by a re-screen).
            const std::string label = "bench file " + std::to_string(i);
            std::vector<std::byte> bytes(label.size());
            std::memcpy(bytes.data(), label.data(), label.size());
            const auto file = core::InstrumentFileStore(*db).add(sampleId, {"m" + std::to_string(i) + ".csv", "csv", bytes, {s}},
                                                                 user);
            core::StoredMatch match = baseline[std::size_t(i % distinct)];
            auto spectrum = db->prepare("SELECT id FROM instrument_spectra WHERE file_id = ?");
            spectrum.bind(1, file.id);
            spectrum.step();
            match.spectrumId = spectrum.columnText(0);
            core::MatchResultStore(*db).add(match);
        }
        tx->commit();
    }
    std::fprintf(stderr, "stored: %ld spectra of %zu points with their L1 matches written in %.1f s (%.0f MB)\n", stored,
                 x.size(), seconds(t0, Clock::now()), double(fs::file_size(dir / "bench.sqlite")) / 1e6);

    // Candor: the re-screen against L2, from the database to the change list.
    auto db = core::openCandorDatabase(dir / "bench.sqlite");
    const auto user = *core::UserStore(*db).findByName("bench");
    t0 = Clock::now();
    long lastReport = 0;
    const auto result = services::rescreenStoredSpectra(*db, *after, user, {}, [&](const services::RescreenProgress &p) {
        if (p.done - lastReport >= 10000 || p.done == p.total) {
            lastReport = p.done;
            std::fprintf(stderr, "re-screened %lld of %lld (%.1f s)\n", (long long)p.done, (long long)p.total,
                         seconds(t0, Clock::now()));
        }
    });
    const double rescreenSeconds = seconds(t0, Clock::now());
    std::fprintf(stderr,
                 "re-screen: %lld spectra, %lld matched again in full, %lld kept, %zu with changed high-risk "
                 "components, status %s\n",
                 (long long)result.run.done, (long long)result.rematched, (long long)result.kept, result.changes.size(),
                 result.run.status.c_str());
    for (const auto &[why, count] : result.rematchedBecause)
        std::fprintf(stderr, "matched in full because of %s: %lld\n", why.c_str(), (long long)count);
    std::fprintf(stderr, "split: reading %.1f s, screening %.1f s, matching in full %.1f s, writing %.1f s\n",
                 result.secondsReading, result.secondsScreening, result.secondsMatching, result.secondsWriting);
    db.reset();
    if (argc > 1 && std::strcmp(argv[argc - 1], "--keep") == 0)
        std::fprintf(stderr, "kept %s\n", dir.c_str());
    else
        fs::remove_all(dir);

    std::printf("threads: %u\n", threads);
    std::printf("stored_spectra: %ld (%ld distinct)\n", stored, distinct);
    std::printf("library_spectra: %ld (%ld added, %s)\n", librarySize, added, addedClass.c_str());
    std::printf("rematched_in_full: %lld\n", (long long)result.rematched);
    std::printf("changes: %zu\n", result.changes.size());
    std::printf("seconds_reading: %.2f\nseconds_screening: %.2f\nseconds_matching_in_full: %.2f\nseconds_writing: %.2f\n",
                result.secondsReading, result.secondsScreening, result.secondsMatching, result.secondsWriting);
    std::printf("full_rematch_seconds_estimate: %.0f\n", peerScaled);
    const std::string name = "rescreen_seconds_" + std::to_string(stored / 1000) + "k_x_" + std::to_string(librarySize / 1000) +
                             "k";
    std::printf("%s: %.2f\n", name.c_str(), rescreenSeconds);
    return result.run.status == "finished" ? 0 : 1;
}
