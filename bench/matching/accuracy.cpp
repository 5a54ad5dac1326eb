// Accuracy benchmark (issue 11): does the matcher find a high-risk drug in a street-like
// mixture when the library and the sample are two different measurements, and does it stay
// quiet on real spectra of things that are not high-risk drugs?
//
// - Library: one independent draw per substance from data/demo-library/bands.json
//   (samplegenerator.h: diamond ATR, 4 1/cm, its own polymorph/salt/hydrate form). Not the
//   shipped demo spectra: the queries are other draws, so nothing is matched to itself.
// - Synthetic pairs, per high-risk class (every class with a high-risk member in the band
//   table: fentanyl, nitazene, opioid (heroin), alpha2-agonist, benzodiazepine) and per
//   level (1, 2, 5, 10, 20 % w/w): a member of the class among one to four street cuts and
//   co-occurring drugs of other classes, and a matched negative (same components and
//   instrument, the drug's share given to the main component).
// - Real negatives: every infrared spectrum the importers read from ../shared/data/formats
//   (duplicates removed). None holds a high-risk drug: any high-risk component detected on
//   one is a false alarm. Each also serves as an "unknown main substance" with a high-risk
//   drug mixed in at each level.
// - Score of a class on a sample: the largest evidence of any member of the class the
//   mixture lists (0 when none is listed). Threshold per class at 99 % specificity on the
//   calibration split's negatives (synthetic matched negatives + the even-numbered real
//   spectra), reported on the test split (other seeds + the odd-numbered real spectra).
//   The engine's own decision (detected; detected or possible) needs no calibration.
//
// Run by hand or by scripts/bench, never by ctest:
//   bench_matching_accuracy [--per-level N] [--threads T] [--data DIR]

#include "samplegenerator.h"

#include "importers/conversion.h"
#include "importers/reader.h"
#include "matching/matcher.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace candor::matching;
using candor::bench::SampleGenerator;
using candor::bench::SubstanceBands;
using candor::importers::Spectrum;

namespace {

const std::vector<double> kLevels{0.01, 0.02, 0.05, 0.10, 0.20};
// Street cuts and co-occurring drugs; members of the class under test are left out.
const std::vector<std::string> kOthers{"Caffeine",
                                       "Mannitol",
                                       "Inositol",
                                       "Erythritol",
                                       "Lactose",
                                       "Sucrose",
                                       "Dimethyl sulfone",
                                       "Acetaminophen",
                                       "Phenacetin",
                                       "Lidocaine",
                                       "Procaine HCl",
                                       "Benzocaine",
                                       "Diphenhydramine HCl",
                                       "Levamisole HCl",
                                       "Heroin",
                                       "Xylazine HCl",
                                       "Medetomidine HCl",
                                       "Bromazolam",
                                       "Etizolam",
                                       "Methamphetamine HCl",
                                       "Cocaine HCl"};
constexpr std::uint64_t kLibrarySeed = 424242;
constexpr std::uint64_t kCalibrationSeeds = 1000000, kTestSeeds = 9000000, kRealMixSeeds = 20000000, kPureSeeds = 30000000;

struct ClassOutcome {
    double score = 0;      // largest evidence of a listed member
    bool detected = false; // a member listed as detected
    bool possible = false; // a member listed as possible
    std::string listed;    // which members, for the log
};

struct Job {
    enum Kind { SyntheticPositive, SyntheticNegative, RealNegative, RealMix, Pure } kind;
    std::size_t cls = 0, level = 0, real = 0;
    bool calibration = false;
    std::uint64_t seed = 0;
};

struct Result {
    bool usable = false;
    std::string error;
    std::string top;                   // best hit, for the pure-substance sanity check
    std::vector<ClassOutcome> classes; // by high-risk class index
    Verdict verdict = Verdict::NoMatch;
};

struct RealSpectrum {
    std::string name;  // file (and index in the file)
    Spectrum spectrum; // absorbance over 1/cm, ascending
};

std::string slug(const std::string &name)
{
    std::string s;
    for (char c : name)
        s += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '-';
    return s;
}

// Every infrared spectrum the importers read under `dir`, in absorbance over 1/cm; a spectrum
// stored twice (the same values in another compression) counts once.
std::vector<RealSpectrum> loadRealNegatives(const std::filesystem::path &dir, std::size_t &skippedFiles)
{
    std::vector<RealSpectrum> out;
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::set<std::vector<double>> seen;
    skippedFiles = 0;
    for (const auto &f : files) {
        candor::importers::ImportResult r;
        try {
            r = candor::importers::ReaderRegistry::instance().readFile(f);
        } catch (const std::exception &) {
            ++skippedFiles; // not a spectrum file the importers read
            continue;
        }
        if (std::getenv("CANDOR_BENCH_LIST_FILES") && !r.spectra.empty())
            std::printf("  file %s: %zu spectra, technique %s, x %s, y %s\n", f.string().c_str(), r.spectra.size(),
                        r.spectra[0].technique.c_str(), r.spectra[0].xUnits.c_str(), r.spectra[0].yUnits.c_str());
        for (std::size_t i = 0; i < r.spectra.size(); ++i) {
            // Infrared as the reader says, or a file that names no technique but holds
            // absorbance or transmittance over wavenumbers (SPC often leaves it unset).
            const Spectrum &raw = r.spectra[i];
            const bool absorbanceLike = raw.yUnits == "absorbance" || raw.yUnits == "transmittance" ||
                                        raw.yUnits == "percent-transmittance";
            const bool infrared = raw.technique == "infrared" ||
                                  (raw.technique == "unknown" && raw.xUnits == "1/cm" && absorbanceLike);
            if (!infrared || raw.x.size() < 50)
                continue;
            Spectrum s = candor::importers::toAbsorbanceWavenumber(raw);
            s.technique = "infrared";
            if (!seen.insert(s.y).second)
                continue;
            const std::string name = std::filesystem::relative(f, dir).string() +
                                     (r.spectra.size() > 1 ? "#" + std::to_string(i) : "");
            out.push_back({name, std::move(s)});
        }
    }
    return out;
}

double thresholdFor99Specificity(std::vector<double> negatives)
{
    std::sort(negatives.begin(), negatives.end());
    const std::size_t n = negatives.size();
    if (n == 0)
        return INFINITY;                 // no negatives, no threshold: nothing counts as positive
    const std::size_t allowed = n / 100; // at most 1 % of the calibration negatives at or above
    return std::nextafter(negatives[n - 1 - std::min(allowed, n - 1)], INFINITY);
}

std::string pct(double level)
{
    return std::to_string(static_cast<int>(std::lround(level * 100))) + "pct";
}

} // namespace

int main(int argc, char **argv)
{
    std::size_t perLevel = 50;
    unsigned threads = 2;
    std::filesystem::path dataDir = std::filesystem::path(CANDOR_SOURCE_DIR) / ".." / "shared" / "data" / "formats";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--per-level")
            perLevel = static_cast<std::size_t>(std::atoll(argv[i + 1]));
        else if (a == "--threads")
            threads = static_cast<unsigned>(std::max(1, std::atoi(argv[i + 1])));
        else if (a == "--data")
            dataDir = argv[i + 1];
    }

    const SampleGenerator gen(candor::bench::loadBandTable(std::string(CANDOR_SOURCE_DIR) + "/data/demo-library/bands.json"));

    // The library: an independent draw of every substance.
    std::vector<LibraryEntryInput> entries;
    for (std::size_t i = 0; i < gen.table().size(); ++i) {
        const SubstanceBands &b = gen.table()[i];
        std::mt19937_64 rng(kLibrarySeed + i);
        candor::bench::Instrument libraryInstrument; // diamond ATR, 4 1/cm, clean
        libraryInstrument.artefacts = false;
        Spectrum s = gen.measure({{b.name, 1.0}}, libraryInstrument, rng);
        s.title = b.name + " (benchmark library draw)";
        Substance sub;
        sub.name = b.name;
        sub.synonyms = b.synonyms;
        sub.substanceClass = b.substanceClass;
        sub.risk = riskLevelFromString(b.risk).value_or(RiskLevel::Low);
        sub.cas = b.cas;
        sub.formula = b.formula;
        entries.push_back({std::move(s), sub, "draw-" + slug(b.name), "accuracy benchmark draw", "synthetic", 4});
    }
    const ReferenceLibrary library = ReferenceLibrary::fromSpectra("accuracy benchmark draw", "1", entries);
    const CompiledLibrary compiled = CompiledLibrary::compile(library, CompileOptions{});
    const Matcher matcher(compiled, 1);

    // High-risk classes: every class with a high-risk member, in table order.
    std::vector<std::string> classes;
    std::map<std::string, std::size_t> classOf; // substance -> high-risk class index
    std::vector<std::vector<std::string>> members;
    for (const SubstanceBands &b : gen.table()) {
        if (b.risk != "high")
            continue;
        auto it = std::find(classes.begin(), classes.end(), b.substanceClass);
        if (it == classes.end()) {
            classes.push_back(b.substanceClass);
            members.emplace_back();
            it = classes.end() - 1;
        }
        const auto ci = static_cast<std::size_t>(it - classes.begin());
        classOf[b.name] = ci;
        members[ci].push_back(b.name);
    }
    for (const SubstanceBands &b : gen.table()) // a low-risk member of a high-risk class counts too
        for (std::size_t ci = 0; ci < classes.size(); ++ci)
            if (b.substanceClass == classes[ci] && !classOf.count(b.name)) {
                classOf[b.name] = ci;
                members[ci].push_back(b.name);
            }

    std::size_t skippedFiles = 0;
    std::vector<RealSpectrum> reals;
    if (std::filesystem::is_directory(dataDir))
        reals = loadRealNegatives(dataDir, skippedFiles);
    else
        std::printf("no real spectra: %s is absent; real-negative figures are n/a\n", dataDir.string().c_str());

    std::vector<Job> jobs;
    for (int split = 0; split < 2; ++split)
        for (std::size_t ci = 0; ci < classes.size(); ++ci)
            for (std::size_t li = 0; li < kLevels.size(); ++li)
                for (std::size_t i = 0; i < perLevel; ++i) {
                    const std::uint64_t seed = (split == 0 ? kCalibrationSeeds : kTestSeeds) +
                                               (ci * kLevels.size() + li) * 10000 + i;
                    jobs.push_back({Job::SyntheticPositive, ci, li, 0, split == 0, seed});
                    jobs.push_back({Job::SyntheticNegative, ci, li, 0, split == 0, seed});
                }
    // How far apart library and samples are: each substance measured alone (test seeds).
    constexpr std::size_t kPureDraws = 10;
    for (std::size_t si = 0; si < gen.table().size(); ++si)
        for (std::size_t k = 0; k < kPureDraws; ++k)
            jobs.push_back({Job::Pure, 0, 0, si /* substance index */, false, kPureSeeds + si * 100 + k});
    for (std::size_t r = 0; r < reals.size(); ++r) {
        jobs.push_back({Job::RealNegative, 0, 0, r, r % 2 == 0, 0});
        for (std::size_t ci = 0; ci < classes.size(); ++ci)
            for (std::size_t li = 0; li < kLevels.size(); ++li)
                jobs.push_back({Job::RealMix, ci, li, r, r % 2 == 0, kRealMixSeeds + r * 1000 + ci * 10 + li});
    }

    auto syntheticSample = [&](const Job &job) {
        std::mt19937_64 rng(job.seed);
        const std::vector<std::string> &cls = members[job.cls];
        const std::string target = cls[std::uniform_int_distribution<std::size_t>(0, cls.size() - 1)(rng)];
        std::vector<std::string> others;
        for (const std::string &o : kOthers)
            if (!(classOf.count(o) && classOf.at(o) == job.cls))
                others.push_back(o);
        std::shuffle(others.begin(), others.end(), rng);
        others.resize(static_cast<std::size_t>(std::uniform_int_distribution<int>(1, 4)(rng)));
        const double level = kLevels[job.level];
        std::vector<double> share(others.size());
        std::gamma_distribution<double> g(2.0, 1.0);
        double sum = 0;
        for (double &s : share)
            sum += (s = g(rng));
        for (double &s : share) // none below 5 % of the sample
            s = 0.05 + (1 - level - 0.05 * static_cast<double>(share.size())) * s / sum;
        const candor::bench::Instrument instrument = SampleGenerator::drawInstrument(rng);
        const std::uint64_t measurementSeed = rng();
        std::vector<std::pair<std::string, double>> parts;
        for (std::size_t i = 0; i < others.size(); ++i)
            parts.emplace_back(others[i], share[i]);
        if (job.kind == Job::SyntheticPositive)
            parts.emplace_back(target, level);
        else
            parts.front().second += level;
        std::mt19937_64 m(measurementSeed);
        return gen.measure(parts, instrument, m);
    };

    std::vector<Result> results(jobs.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t j; (j = next.fetch_add(1)) < jobs.size();) {
            const Job &job = jobs[j];
            Spectrum s;
            if (job.kind == Job::SyntheticPositive || job.kind == Job::SyntheticNegative) {
                s = syntheticSample(job);
            } else if (job.kind == Job::Pure) {
                std::mt19937_64 rng(job.seed);
                const candor::bench::Instrument instrument = SampleGenerator::drawInstrument(rng);
                s = gen.measure({{gen.table()[job.real].name, 1.0}}, instrument, rng);
            } else if (job.kind == Job::RealNegative) {
                s = reals[job.real].spectrum;
            } else {
                std::mt19937_64 rng(job.seed);
                const std::vector<std::string> &cls = members[job.cls];
                const std::string target = cls[std::uniform_int_distribution<std::size_t>(0, cls.size() - 1)(rng)];
                const candor::bench::Instrument instrument = SampleGenerator::drawInstrument(rng);
                s = gen.mixIntoReal(reals[job.real].spectrum, target, kLevels[job.level], instrument, rng);
                if (s.x.empty()) {
                    results[j].error = "covers less than 800 1/cm of 650-4000";
                    continue;
                }
            }
            const MatchResult r = matcher.tryMatch(s);
            Result &out = results[j];
            if (r.error) {
                out.error = r.reason;
                continue;
            }
            out.usable = true;
            out.verdict = r.verdict;
            out.top = r.hits.empty() ? "" : r.hits.front().substance;
            out.classes.assign(classes.size(), {});
            for (const MixtureComponent &c : r.mixture.components) {
                const auto it = classOf.find(c.substance);
                if (it == classOf.end())
                    continue;
                ClassOutcome &o = out.classes[it->second];
                o.score = std::max(o.score, c.evidence);
                const bool detected = c.status == MixtureComponent::Status::Detected;
                o.detected = o.detected || detected;
                o.possible = o.possible || !detected;
                o.listed += c.substance + (detected ? " detected" : " possible") + "; ";
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back(worker);
    for (auto &t : pool)
        t.join();

    // ---- real negatives: false alarms of the engine's own decision
    std::size_t realUsable = 0, realDetected = 0, realPossible = 0, realFlagged = 0, realMatch = 0;
    std::vector<std::size_t> realClassDetected(classes.size()), realClassPossible(classes.size());
    std::printf("library: %zu independent draws (%s); %zu high-risk classes; %zu pairs per class, level and split\n",
                compiled.size(), compiled.name().c_str(), classes.size(), perLevel);
    std::printf("real spectra: %zu infrared spectra (duplicates removed) from %s; %zu files not read as spectra\n", reals.size(),
                dataDir.string().c_str(), skippedFiles);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        if (jobs[j].kind != Job::RealNegative)
            continue;
        const Result &r = results[j];
        const std::string &name = reals[jobs[j].real].name;
        if (!r.usable) {
            std::printf("  real %s: not matchable (%s)\n", name.c_str(), r.error.c_str());
            continue;
        }
        ++realUsable;
        bool det = false, pos = false;
        std::string listed;
        for (std::size_t ci = 0; ci < classes.size(); ++ci) {
            det = det || r.classes[ci].detected;
            pos = pos || r.classes[ci].possible;
            realClassDetected[ci] += r.classes[ci].detected ? 1 : 0;
            realClassPossible[ci] += r.classes[ci].possible ? 1 : 0;
            listed += r.classes[ci].listed;
        }
        realDetected += det ? 1 : 0;
        realPossible += pos ? 1 : 0;
        realFlagged += det || pos ? 1 : 0;
        realMatch += r.verdict == Verdict::Match ? 1 : 0;
        const Spectrum &sp = reals[jobs[j].real].spectrum;
        std::printf("  real %s (%.0f-%.0f 1/cm): %s%s\n", name.c_str(), sp.x.front(), sp.x.back(), toString(r.verdict),
                    listed.empty() ? "" : (": " + listed).c_str());
    }

    // ---- per class: threshold on calibration negatives, figures on the test split
    std::vector<std::string> figures;
    char line[256];
    auto fig = [&](const std::string &name, double v, const char *fmt = "%.3f") {
        std::snprintf(line, sizeof line, fmt, v);
        figures.push_back(name + ": " + line);
    };
    auto rate = [](std::size_t k, std::size_t n) { return n ? static_cast<double>(k) / static_cast<double>(n) : NAN; };
    std::printf("\n%-15s %-6s %9s %9s %9s %9s %9s\n", "class", "level", "sens@99", "detected", "flagged", "real@99", "real det");
    for (std::size_t ci = 0; ci < classes.size(); ++ci) {
        const std::string &c = classes[ci];
        std::vector<double> calNeg;
        std::size_t testNeg = 0, testNegAbove = 0, testNegDet = 0, testNegFlag = 0, realTestNeg = 0, realTestAbove = 0;
        for (std::size_t j = 0; j < jobs.size(); ++j) {
            const Job &job = jobs[j];
            const Result &r = results[j];
            if (!r.usable)
                continue;
            const bool neg = (job.kind == Job::SyntheticNegative && job.cls == ci) || job.kind == Job::RealNegative;
            if (neg && job.calibration)
                calNeg.push_back(r.classes[ci].score);
        }
        const double threshold = thresholdFor99Specificity(calNeg);
        for (std::size_t j = 0; j < jobs.size(); ++j) {
            const Job &job = jobs[j];
            const Result &r = results[j];
            if (!r.usable || job.calibration)
                continue;
            const ClassOutcome &o = r.classes[ci];
            if ((job.kind == Job::SyntheticNegative && job.cls == ci) || job.kind == Job::RealNegative) {
                ++testNeg;
                testNegAbove += o.score >= threshold ? 1 : 0;
                if (job.kind == Job::SyntheticNegative) {
                    testNegDet += o.detected ? 1 : 0;
                    testNegFlag += o.detected || o.possible ? 1 : 0;
                } else {
                    ++realTestNeg;
                    realTestAbove += o.score >= threshold ? 1 : 0;
                }
            }
        }
        fig(c + "_threshold_99spec", threshold, "%.4g");
        fig(c + "_test_specificity_at_threshold", 1 - rate(testNegAbove, testNeg));
        fig(c + "_test_real_negatives_above_threshold", rate(realTestAbove, realTestNeg));
        fig(c + "_synthetic_negatives_detected", rate(testNegDet, testNeg - realTestNeg));
        fig(c + "_synthetic_negatives_flagged", rate(testNegFlag, testNeg - realTestNeg));
        std::string lowest = "none";
        for (std::size_t li = 0; li < kLevels.size(); ++li) {
            std::size_t n = 0, above = 0, det = 0, flag = 0, rn = 0, rabove = 0, rdet = 0, rflag = 0;
            for (std::size_t j = 0; j < jobs.size(); ++j) {
                const Job &job = jobs[j];
                const Result &r = results[j];
                if (!r.usable || job.calibration || job.cls != ci || job.level != li)
                    continue;
                const ClassOutcome &o = r.classes[ci];
                if (job.kind == Job::SyntheticPositive) {
                    ++n;
                    above += o.score >= threshold ? 1 : 0;
                    det += o.detected ? 1 : 0;
                    flag += o.detected || o.possible ? 1 : 0;
                } else if (job.kind == Job::RealMix) {
                    ++rn;
                    rabove += o.score >= threshold ? 1 : 0;
                    rdet += o.detected ? 1 : 0;
                    rflag += o.detected || o.possible ? 1 : 0;
                }
            }
            const std::string l = pct(kLevels[li]);
            fig(c + "_sens_at_99spec_" + l, rate(above, n));
            fig(c + "_sens_detected_" + l, rate(det, n));
            fig(c + "_sens_flagged_" + l, rate(flag, n));
            fig(c + "_real_background_sens_at_99spec_" + l, rate(rabove, rn));
            fig(c + "_real_background_sens_detected_" + l, rate(rdet, rn));
            fig(c + "_real_background_sens_flagged_" + l, rate(rflag, rn));
            if (lowest == "none" && rate(above, n) >= 0.90)
                lowest = l;
            std::printf("%-15s %-6s %9.3f %9.3f %9.3f %9.3f %9.3f\n", c.c_str(), l.c_str(), rate(above, n), rate(det, n),
                        rate(flag, n), rate(rabove, rn), rate(rdet, rn));
        }
        figures.push_back(c + "_lowest_level_90sens_at_99spec: " + lowest);
        fig(c + "_real_negatives_detected", rate(realClassDetected[ci], realUsable));
        fig(c + "_real_negatives_possible", rate(realClassPossible[ci], realUsable));
    }
    std::size_t pure = 0, pureTop = 0, pureMatch = 0;
    for (std::size_t j = 0; j < jobs.size(); ++j)
        if (jobs[j].kind == Job::Pure && results[j].usable) {
            ++pure;
            pureTop += results[j].top == gen.table()[jobs[j].real].name ? 1 : 0;
            pureMatch += results[j].verdict == Verdict::Match ? 1 : 0;
        }
    fig("pure_substance_top1_rate", rate(pureTop, pure));
    fig("pure_substance_verdict_match_rate", rate(pureMatch, pure));
    fig("real_negatives", static_cast<double>(realUsable), "%.0f");
    fig("real_false_alarm_detected_rate", rate(realDetected, realUsable));
    fig("real_false_alarm_possible_rate", rate(realPossible, realUsable));
    fig("real_false_alarm_flagged_rate", rate(realFlagged, realUsable));
    fig("real_verdict_match_rate", rate(realMatch, realUsable));

    std::puts("");
    for (const auto &f : figures)
        std::puts(f.c_str());
    return 0;
}
