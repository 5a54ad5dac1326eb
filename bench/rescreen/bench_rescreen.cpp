// Re-screen throughput (issue 11): N stored FTIR spectra (default 100,000) in a real
// SQLite file, re-matched against an M-spectrum library (default 5,000) by
// services::rescreenStoredSpectra, as 'candor-cli library rescreen' does: read in
// batches through core, matched on every core, compared with the stored match, new
// matches and changes written back, one transaction per batch. The peer, in the same run
// on the same spectra: Matcher::matchBatch on the same spectra held in memory, with the
// same threads and no storage at all, so the ratio says what reading and writing the
// database costs on top of matching. Everything is synthetic and seeded.
//
//   bench_rescreen [--stored 100000] [--library 5000] [--high-risk 100] [--peer 2000] [--keep]
//
// The peer runs on the first --peer spectra only (it needs them all in memory at once);
// its per-spectrum time is scaled to N, and printed as such.

#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/instrumentfiles.h"
#include "core/samples.h"
#include "core/users.h"
#include "matching/compiledlibrary.h"
#include "services/referencelibrary.h"
#include "services/rescreen.h"

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

struct Band {
    double position, height, width;
};

std::vector<Band> randomBands(std::mt19937_64 &rng)
{
    std::uniform_int_distribution<int> count(8, 14);
    std::uniform_real_distribution<double> fingerprint(700, 1800), high(2800, 3500), h(0.1, 1.0), w(6, 30);
    std::vector<Band> bands;
    const int n = count(rng);
    for (int i = 0; i < n; ++i)
        bands.push_back({i % 4 == 3 ? high(rng) : fingerprint(rng), h(rng), w(rng)});
    return bands;
}

// Absorbance on [from, to] with `step`: the library at 2 cm-1, the stored measurements at
// 4 cm-1 (another instrument's grid) with the bands shifted and noise added.
std::vector<double> render(const std::vector<Band> &bands, const std::vector<double> &x, double shift, double scale)
{
    std::vector<double> y(x.size(), 0.0);
    for (const Band &b : bands) {
        const double sigma = b.width / 2.3548;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double d = (x[i] - b.position - shift) / sigma;
            if (std::abs(d) < 8)
                y[i] += scale * b.height * std::exp(-0.5 * d * d);
        }
    }
    return y;
}

std::vector<double> grid(double from, double to, double step)
{
    std::vector<double> x;
    for (double v = from; v <= to + 1e-9; v += step)
        x.push_back(v);
    return x;
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

long arg(int argc, char **argv, const char *name, long fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return std::atol(argv[i + 1]);
    return fallback;
}

} // namespace

int main(int argc, char **argv)
{
    const long stored = arg(argc, argv, "--stored", 100000);
    const long librarySize = arg(argc, argv, "--library", 5000);
    const long highRisk = arg(argc, argv, "--high-risk", 100);
    const long peerCount = std::min(arg(argc, argv, "--peer", 2000), stored);
    std::string pattern = (fs::temp_directory_path() / "candor-bench-rescreen-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        return 1;
    const fs::path dir = pattern;
    std::mt19937_64 rng(20261202);

    // The library: M substances, the first `highRisk` of them in high-risk classes.
    const auto libX = grid(600, 4000, 2);
    std::vector<std::vector<Band>> substances;
    std::vector<matching::LibraryEntryInput> entries;
    for (long i = 0; i < librarySize; ++i) {
        substances.push_back(randomBands(rng));
        matching::LibraryEntryInput e;
        e.spectrum.title = "substance " + std::to_string(i);
        e.spectrum.technique = "infrared";
        e.spectrum.xUnits = "1/cm";
        e.spectrum.yUnits = "absorbance";
        e.spectrum.x = libX;
        e.spectrum.y = render(substances.back(), libX, 0, 1);
        e.substance.name = e.spectrum.title;
        const bool high = i < highRisk;
        e.substance.substanceClass = high ? (i % 2 ? "nitazene" : "fentanyl") : "cut";
        e.substance.risk = high ? matching::RiskLevel::High : matching::RiskLevel::Low;
        e.id = "ref-" + std::to_string(i);
        e.source = "bench";
        entries.push_back(std::move(e));
    }
    auto t0 = Clock::now();
    const auto library = matching::ReferenceLibrary::fromSpectra("bench", "1", entries);
    matching::CompiledLibrary::CacheOutcome outcome{};
    auto compiled = matching::CompiledLibrary::loadOrBuild(library, {}, dir / "library.cache", &outcome);
    const services::LoadedLibrary loaded(std::move(compiled), 0, outcome);
    std::fprintf(stderr, "library: %ld spectra (%ld high-risk) compiled in %.1f s\n", librarySize, highRisk,
                 seconds(t0, Clock::now()));

    // The stored spectra: mixtures of one to three library substances, measured on another
    // grid with shifted bands and noise, written through core like imports.
    const auto x = grid(650, 4000, 4);
    std::uniform_int_distribution<long> pick(0, librarySize - 1);
    std::uniform_real_distribution<double> shift(-3, 3), share(0.05, 0.5);
    std::normal_distribution<double> noise(0, 0.002);
    std::vector<importers::Spectrum> peerSpectra;
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
                sampleId = core::SampleStore(*db, catalogue).add(in, user).id;
            }
            const double spreadShift = shift(rng);
            std::vector<double> y = render(substances[std::size_t(pick(rng))], x, spreadShift, 1);
            const int extra = int(i % 3);
            for (int k = 0; k < extra; ++k) {
                const auto part = render(substances[std::size_t(pick(rng))], x, spreadShift, share(rng));
                for (std::size_t j = 0; j < y.size(); ++j)
                    y[j] += part[j];
            }
            for (double &v : y)
                v += noise(rng);
            core::SpectrumData s;
            s.title = "measurement " + std::to_string(i);
            s.technique = "infrared";
            s.xUnits = "1/cm";
            s.yUnits = "absorbance";
            s.x = x;
            s.y = y;
            // The bytes only need to be unique (they are never parsed again by a re-screen).
            const std::string label = "bench file " + std::to_string(i);
            std::vector<std::byte> bytes(label.size());
            std::memcpy(bytes.data(), label.data(), label.size());
            if (i < peerCount)
                peerSpectra.push_back(services::toSpectrum(s));
            core::InstrumentFileStore(*db).add(sampleId, {"m" + std::to_string(i) + ".csv", "csv", bytes, {s}}, user);
        }
        tx->commit();
    }
    std::fprintf(stderr, "stored: %ld spectra of %zu points written in %.1f s (%.0f MB)\n", stored, x.size(),
                 seconds(t0, Clock::now()), double(fs::file_size(dir / "bench.sqlite")) / 1e6);

    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    // Peer: the same matching on spectra already in memory, same thread split.
    t0 = Clock::now();
    {
        std::vector<std::jthread> workers;
        const std::size_t n = peerSpectra.size();
        for (unsigned w = 0; w < threads; ++w)
            workers.emplace_back([&, w] {
                const std::size_t from = n * w / threads, to = n * (w + 1) / threads;
                for (std::size_t b = from; b < to; b += 256)
                    (void)loaded.matcher().matchBatch(
                        std::span(peerSpectra).subspan(b, std::min<std::size_t>(256, to - b)));
            });
    }
    const double peerSeconds = seconds(t0, Clock::now());
    const double peerScaled = peerSeconds * double(stored) / double(std::max<long>(peerCount, 1));
    std::fprintf(stderr, "peer: matchBatch in memory, %ld spectra in %.2f s\n", peerCount, peerSeconds);

    // Candor: the re-screen itself, from the database to the change list.
    auto db = core::openCandorDatabase(dir / "bench.sqlite");
    const auto user = *core::UserStore(*db).findByName("bench");
    t0 = Clock::now();
    long lastReport = 0;
    const auto result = services::rescreenStoredSpectra(*db, loaded, user, {}, [&](const services::RescreenProgress &p) {
        if (p.done - lastReport >= 10000 || p.done == p.total) {
            lastReport = p.done;
            std::fprintf(stderr, "re-screened %lld of %lld (%.1f s)\n", (long long)p.done, (long long)p.total,
                         seconds(t0, Clock::now()));
        }
    });
    const double rescreenSeconds = seconds(t0, Clock::now());
    std::fprintf(stderr, "re-screen: %lld spectra, %zu with changed high-risk components, status %s\n",
                 (long long)result.run.done, result.changes.size(), result.run.status.c_str());
    db.reset();
    if (argc > 1 && std::strcmp(argv[argc - 1], "--keep") == 0)
        std::fprintf(stderr, "kept %s\n", dir.c_str());
    else
        fs::remove_all(dir);

    std::printf("threads: %u\n", threads);
    std::printf("stored_spectra: %ld\n", stored);
    std::printf("library_spectra: %ld\n", librarySize);
    std::printf("peer_in_memory_seconds_scaled_to_stored: %.2f\n", peerScaled);
    std::printf("rescreen_per_peer_ratio: %.2f\n", rescreenSeconds / peerScaled);
    const std::string name = "rescreen_seconds_" + std::to_string(stored / 1000) + "k_x_" + std::to_string(librarySize / 1000) + "k";
    std::printf("%s: %.2f\n", name.c_str(), rescreenSeconds);
    return result.run.status == "finished" ? 0 : 1;
}
