// Benchmark for the importers (docs/benchmarks.md): JCAMP-DX parse time against
// jcampconverter@10.0.1 under Node.js on the same bytes, after checking that both
// decode the same points; peak memory of each; and batch import of 1,000 files.
// Figures come last, one "name: value" per line.

#include "importers/jcampreader.h"
#include "importers/reader.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace candor::importers;

namespace {

const fs::path kRoot = CANDOR_SOURCE_DIR;
const fs::path kShared = kRoot / "../shared/data/formats";

int envInt(const char *name, int fallback)
{
    const char *v = std::getenv(name);
    return v ? std::max(1, std::atoi(v)) : fallback;
}

std::vector<std::byte> readAll(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(s.size());
    std::memcpy(out.data(), s.data(), s.size());
    return out;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

// --- generated inputs (seeded) -----------------------------------------------------

const char *sqz(int digit, bool negative)
{
    static const char *pos = "@ABCDEFGHI";
    static const char *neg = "@abcdefghi";
    static char out[2];
    out[0] = negative ? neg[digit] : pos[digit];
    out[1] = 0;
    return out;
}

// Writes a value in SQZ (absolute) or DIF form: first digit as a letter, rest as digits.
void asdf(std::string &out, long v, bool dif)
{
    const bool negative = v < 0;
    const std::string digits = std::to_string(negative ? -v : v);
    const int first = digits[0] - '0';
    if (dif) {
        static const char *pos = "%JKLMNOPQR";
        static const char *neg = "%jklmnopqr";
        out.push_back(negative ? neg[first] : pos[first]);
    } else {
        out += sqz(first, negative);
    }
    out.append(digits, 1, std::string::npos);
}

void asdfDup(std::string &out, long count)
{
    static const char *dup = "SSTUVWXYZs"; // index 1..9
    const std::string digits = std::to_string(count);
    out.push_back(dup[digits[0] - '0']);
    out.append(digits, 1, std::string::npos);
}

// A 100,000-point IR-like spectrum in DIFDUP with Y-checks, as FTIR software writes it.
std::string makeDifDup(std::mt19937 &rng)
{
    const int n = 100000;
    std::normal_distribution<double> noise(0.0, 2.0);
    std::vector<long> y(n);
    for (int i = 0; i < n; ++i) {
        double v = 20000;
        for (int b = 0; b < 40; ++b) {
            const double c = 2000.0 * b + 700, w = 150 + 30 * (b % 5);
            v += 15000.0 * (1 + b % 3) * std::exp(-0.5 * ((i - c) / w) * ((i - c) / w));
        }
        y[i] = std::lround(v + (i % 97 < 10 ? 0 : noise(rng)));
    }
    std::ostringstream head;
    head << "##TITLE= generated DIFDUP 100000\n##JCAMP-DX= 4.24\n##DATA TYPE= INFRARED SPECTRUM\n"
         << "##XUNITS= 1/CM\n##YUNITS= ABSORBANCE\n##XFACTOR= 0.04\n##YFACTOR= 0.00001\n"
         << "##FIRSTX= 400\n##LASTX= " << 400 + 0.04 * (n - 1) << "\n##NPOINTS= " << n << "\n##FIRSTY= " << y[0] * 0.00001
         << "\n##XYDATA=(X++(Y..Y))\n";
    std::string out = head.str();
    int i = 0;
    while (i < n) {
        std::string line = std::to_string(10000 + i); // X / XFACTOR
        asdf(line, y[i], false);
        int j = i + 1;
        while (j < n && line.size() < 70) {
            const long d = y[j] - y[j - 1];
            int k = j + 1;
            while (k < n && y[k] - y[k - 1] == d)
                ++k;
            asdf(line, d, true);
            if (k - j > 1)
                asdfDup(line, k - j);
            j = k;
        }
        out += line;
        out += '\n';
        // The next line repeats the last Y (Y-check), so it starts at index j - 1.
        i = j - 1;
        if (j >= n)
            break;
    }
    out += "##END=\n";
    return out;
}

// A GC-MS run of 2,000 scans as instrument exports write it (no NTUPLES).
std::string makeGcms(std::mt19937 &rng)
{
    std::uniform_int_distribution<int> peaks(40, 120), mz(300, 4000), intensity(10, 20000);
    std::ostringstream out;
    out << "##TITLE= generated GC-MS run\n##JCAMP-DX= 5.00\n##DATA TYPE= MASS SPECTRUM\n"
        << "##XUNITS= M/Z\n##YUNITS= RELATIVE ABUNDANCE\n";
    for (int s = 0; s < 2000; ++s) {
        const int n = peaks(rng);
        std::vector<int> m(n);
        for (int &v : m)
            v = mz(rng);
        std::sort(m.begin(), m.end(), std::greater<>());
        out << "##SCAN_NUMBER= " << s + 1 << "\n##RETENTION_TIME= " << 120 + s * 0.692 << "\n##NPOINTS= " << n
            << "\n##XYDATA= (XY..XY)\n";
        for (int k = 0; k < n; ++k)
            out << ' ' << m[k] / 10 << '.' << m[k] % 10 << ", " << intensity(rng) << '\n';
    }
    out << "##END=\n";
    return out.str();
}

// --- the peer ------------------------------------------------------------------------

struct PeerRun {
    std::vector<double> iterationMs;
    bool ok = false;
};

PeerRun runPeer(const fs::path &module, int iterations, const std::string &dump, const std::vector<fs::path> &files)
{
    std::string cmd = "node '" + (kRoot / "bench/importers/peer.mjs").string() + "' '" + module.string() + "' " +
                      std::to_string(iterations) + " '" + dump + "'";
    for (const auto &f : files)
        cmd += " '" + f.string() + "'";
    PeerRun run;
    FILE *p = popen(cmd.c_str(), "r");
    if (!p)
        return run;
    char line[256];
    while (std::fgets(line, sizeof line, p))
        if (std::strncmp(line, "iteration_ms: ", 14) == 0)
            run.iterationMs.push_back(std::atof(line + 14));
    const int status = pclose(p);
    run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return run;
}

// Peak resident memory (KiB) of `work` run in a child process of its own, so that the
// figure is the parser's and not this benchmark's bookkeeping.
template<typename F>
long childPeakKiB(F &&work)
{
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        work();
        _exit(0);
    }
    int status = 0;
    rusage ru{};
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return ru.ru_maxrss;
}

bool close(double a, double b)
{
    return std::fabs(a - b) <= 1e-6 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

} // namespace

int main()
{
    const int rounds = envInt("CANDOR_BENCH_ROUNDS", 7);
    const int iterations = envInt("CANDOR_BENCH_ITERATIONS", 5);
    const fs::path peerModule = kRoot / "bench/.peer/node_modules/jcampconverter/jcampconverter.mjs";
    if (!fs::exists(peerModule)) {
        std::cerr << "jcampconverter is not installed: run scripts/bench (it installs it into bench/.peer)\n";
        return 2;
    }
    const fs::path work = fs::temp_directory_path() / "candor-bench-importers";
    fs::remove_all(work);
    fs::create_directories(work);

    // Inputs: the shared real files both parsers read, and the generated large ones.
    std::vector<fs::path> files;
    if (fs::is_directory(kShared / "jcamp")) {
        for (const char *rel :
             {"cheminfo/compression/jcamp-difdup.dx", "cheminfo/compression/jcamp-fix.dx", "cheminfo/compression/jcamp-packed.dx",
              "cheminfo/compression/jcamp-squeezed.dx", "cheminfo/ethylvinylether/1h.jdx", "cheminfo/jeol.dx",
              "cheminfo/mestrec/jcamp-difdup.jdx", "cheminfo/mestrec/jcamp-256.jdx", "cheminfo/misc/chrom.jdx",
              "cheminfo/misc/gcms.jdx", "cheminfo/misc/ib_01_01.jdx", "cheminfo/misc/pa_01_01.jdx", "cheminfo/misc/iv.jdx",
              "cheminfo/misc/mass_ACD.jdx", "cheminfo/misc/uv_ACD.jdx", "cheminfo/misc/ISAS_MS3.DX", "cheminfo/tree-uv.jdx",
              "cheminfo/misc/uv.jdx"})
            files.push_back(fs::canonical(kShared / "jcamp" / rel));
    } else {
        std::cerr << "note: ../shared/data/formats absent, measuring the generated files only\n";
    }
    std::mt19937 rng(20240611);
    for (const auto &[name, text] :
         {std::pair{"difdup-100000.jdx", makeDifDup(rng)}, std::pair{"gcms-2000-scans.jdx", makeGcms(rng)}}) {
        std::ofstream(work / name, std::ios::binary) << text;
        files.push_back(work / name);
    }
    // Peak memory of each side parsing every file once, each in its own process.
    const long candorPeak = childPeakKiB([&] {
        const JcampReader r;
        std::size_t n = 0;
        for (const auto &f : files)
            n += r.read(readAll(f), f.string()).size();
        if (n == 0)
            std::abort();
    });
    const long peerPeak = childPeakKiB([&] {
        std::vector<std::string> args{"node", (kRoot / "bench/importers/peer.mjs").string(), peerModule.string(), "1", "-"};
        for (const auto &f : files)
            args.push_back(f.string());
        std::vector<char *> argv;
        for (auto &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        std::freopen("/dev/null", "w", stdout);
        execvp("node", argv.data());
        _exit(127);
    });

    std::vector<std::vector<std::byte>> bytes;
    std::size_t totalBytes = 0;
    for (const auto &f : files) {
        bytes.push_back(readAll(f));
        totalBytes += bytes.back().size();
    }

    // 1. Same answer first.
    const JcampReader reader;
    std::vector<std::vector<Spectrum>> ours;
    for (std::size_t i = 0; i < files.size(); ++i)
        ours.push_back(reader.read(bytes[i], files[i].string()));
    const std::string dump = (work / "peer.json").string();
    if (!runPeer(peerModule, 1, dump, files).ok) {
        std::cerr << "the peer failed to run\n";
        return 2;
    }
    const auto peer = nlohmann::json::parse(std::ifstream(dump));
    std::size_t points = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto &theirs = peer.at(i);
        if (theirs.size() != ours[i].size()) {
            std::cerr << files[i] << ": " << ours[i].size() << " spectra vs peer " << theirs.size() << "\n";
            return 1;
        }
        for (std::size_t k = 0; k < ours[i].size(); ++k) {
            const auto &x = theirs[k].at("x");
            const auto &y = theirs[k].at("y");
            const Spectrum &s = ours[i][k];
            if (x.size() != s.x.size()) {
                std::cerr << files[i] << " spectrum " << k << ": " << s.x.size() << " points vs peer " << x.size() << "\n";
                return 1;
            }
            // jcampconverter turns NMR abscissas from Hz into ppm (with the observe
            // frequency and Bruker's offset); Candor keeps the file's own units. There the
            // two X axes must be one affine map of each other, point for point.
            double a = 1.0, b = 0.0;
            if (s.x.size() >= 2 && !close(s.x[0], x[0].get<double>())) {
                a = (x[s.x.size() - 1].get<double>() - x[0].get<double>()) / (s.x.back() - s.x.front());
                b = x[0].get<double>() - a * s.x.front();
            }
            for (std::size_t j = 0; j < s.x.size(); ++j) {
                if (!close(a * s.x[j] + b, x[j].get<double>()) || !close(s.y[j], y[j].get<double>())) {
                    std::cerr << files[i] << " spectrum " << k << " point " << j << ": (" << s.x[j] << ", " << s.y[j]
                              << ") vs peer (" << x[j] << ", " << y[j] << ")\n";
                    return 1;
                }
            }
            points += s.x.size();
        }
    }
    std::cout << "equal results: " << files.size() << " files, " << points << " points, " << totalBytes / 1024 << " KiB\n";

    // 2. Alternating runs, `iterations` passes over all files per run.
    std::vector<double> candorMs, peerMs;
    for (int r = 0; r < rounds; ++r) {
        const auto candorRound = [&] {
            for (int it = 0; it < iterations; ++it) {
                const auto t0 = std::chrono::steady_clock::now();
                std::size_t sink = 0;
                for (const auto &b : bytes)
                    sink += reader.read(b, "bench.jdx").size();
                candorMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
                if (sink == 0)
                    std::abort();
            }
        };
        const auto peerRound = [&] {
            const auto run = runPeer(peerModule, iterations, "-", files);
            peerMs.insert(peerMs.end(), run.iterationMs.begin(), run.iterationMs.end());
        };
        if (r % 2 == 0) {
            candorRound();
            peerRound();
        } else {
            peerRound();
            candorRound();
        }
    }

    // 3. Batch import of 1,000 files of every format through the registry.
    std::vector<fs::path> pool;
    for (const auto &dir : {kRoot / "tests/data/importers", kShared})
        if (fs::is_directory(dir))
            for (const auto &e : fs::recursive_directory_iterator(dir))
                if (e.is_regular_file() && e.file_size() < 400 * 1024 && e.path().extension() != ".py" &&
                    e.path().extension() != ".txt" && e.path().extension() != ".cdl") {
                    try {
                        (void)ReaderRegistry::instance().readFile(e.path());
                        pool.push_back(e.path());
                    } catch (const ImportError &) {
                    }
                }
    std::sort(pool.begin(), pool.end());
    const fs::path batchDir = work / "batch";
    fs::create_directories(batchDir);
    std::vector<fs::path> batch;
    for (int i = 0; i < 1000 && !pool.empty(); ++i) {
        const fs::path &src = pool[std::size_t(i) % pool.size()];
        batch.push_back(batchDir / (std::to_string(i) + "-" + src.filename().string()));
        fs::copy_file(src, batch.back());
    }
    std::vector<double> batchSeconds;
    for (int r = 0; r < 3; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        std::size_t spectra = 0;
        for (const auto &f : batch)
            spectra += ReaderRegistry::instance().readFile(f).spectra.size();
        batchSeconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        if (spectra == 0)
            std::abort();
    }
    fs::remove_all(work);

    const double ours_ms = median(candorMs), theirs_ms = median(peerMs);
    std::printf("jcamp_files: %zu\n", files.size());
    std::printf("jcamp_bytes: %zu\n", totalBytes);
    std::printf("jcamp_candor_median_ms: %.3f\n", ours_ms);
    std::printf("jcamp_jcampconverter_median_ms: %.3f\n", theirs_ms);
    std::printf("jcamp_candor_mb_per_second: %.1f\n", double(totalBytes) / 1e6 / (ours_ms / 1e3));
    std::printf("jcamp_parse_speedup_vs_jcampconverter: %.2f\n", theirs_ms / ours_ms);
    std::printf("candor_peak_rss_mb: %.1f\n", double(candorPeak) / 1024.0);
    std::printf("jcampconverter_peak_rss_mb: %.1f\n", double(peerPeak) / 1024.0);
    std::printf("batch_import_files: %zu\n", batch.size());
    std::printf("batch_import_files_per_second: %.0f\n", double(batch.size()) / median(batchSeconds));
    return 0;
}
