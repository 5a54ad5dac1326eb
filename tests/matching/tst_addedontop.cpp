// Issue 11, requirement 5: a re-screen screens a high-risk reference added to the library
// on top of a stored fit (Matcher::screenAddedOnTop) instead of matching the spectrum again.
// Where the reference could not have entered the hits, the residual search or the forward
// selection, and screenAddedOnTop says it changes nothing (the fit re-created to the bit,
// the reference not reported, no screened component's best other and no selected high-risk
// component's best substitute lowered), the full match against the new library must be
// field by field the match against the old one. Checked on synthetic mixtures against a
// library with more high-risk references than the forward selection takes, and on every
// real infrared spectrum under ../shared/data (negatives: none may get a high-risk drug
// detected) against the demo library plus a new nitazene.

#include "demojcamp.h"
#include "importers/reader.h"
#include "matching/matcher.h"
#include "synthetic.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <numeric>
#include <random>

using namespace candor::matching;
using candor::importers::Spectrum;

namespace {

double dot(const std::vector<double> &a, const std::vector<double> &b)
{
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

// Whether the added reference could enter the hits, the residual search or the forward
// selection of the match `before` (its ScreenTrace, kept in double here): with a wide
// margin, since this test is about what comes after.
bool couldEnterSelection(const MatchResult &before, const std::vector<double> &reference)
{
    const auto margin = [](const std::vector<double> &curve) {
        return 1e-2 * std::sqrt(std::inner_product(curve.begin(), curve.end(), curve.begin(), 0.0)) + 1e-3;
    };
    const ScreenTrace &t = before.screen;
    if (dot(before.processedQuery, reference) >= t.hitFloor - margin(before.processedQuery))
        return true;
    if (!t.searchResidual.empty() && dot(t.searchResidual, reference) >= t.searchFloor - margin(t.searchResidual))
        return true;
    for (const auto &run : t.fitRuns)
        if (run.selectionResidual.empty() ||
            dot(run.selectionResidual, reference) >= run.selectableFloor - margin(run.selectionResidual))
            return true;
    return false;
}

// What the re-screen concludes from screenAddedOnTop (services/rescreen.cpp addedCanEnter):
// nullptr when the added reference changes nothing.
const char *onTopVerdict(const MatchResult &before, const AddedOnTop &added, const CompiledLibrary &after,
                         const std::vector<std::size_t> &chosenRows)
{
    const ScreenTrace &t = before.screen;
    if (added.fit.finalRss != t.finalRss)
        return "fit not re-created";
    if (added.reported)
        return "reported";
    if (!(added.fit.rss >= std::min(t.finalRss, t.screenedRssSecond)))
        return "another's evidence";
    for (std::size_t k = 0; k < chosenRows.size(); ++k) {
        if (!after.entries()[chosenRows[k]].alwaysScreen)
            continue;
        const auto component = std::find(t.componentRows.begin(), t.componentRows.end(), t.chosenRows[k]) -
                               t.componentRows.begin();
        if (!(added.fit.substituteRss[k] >= t.componentRssWithout[std::size_t(component)]))
            return "substitute";
    }
    return nullptr;
}

// Field by field, except library row numbers (the added reference moves them) and the last
// bits of a hit's score: the float32 search kernel sums a row in lanes that depend on where
// the row falls in the matrix, so one more row can move another's score by an ulp (the
// mixture, which works in double on the rows themselves, is compared exactly).
void expectSameResult(const MatchResult &a, const MatchResult &b, const std::string &what)
{
    ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
        EXPECT_EQ(a.hits[i].substance, b.hits[i].substance) << what;
        EXPECT_NEAR(a.hits[i].score, b.hits[i].score, 1e-6) << what;
        EXPECT_EQ(a.hits[i].rank, b.hits[i].rank) << what;
        EXPECT_EQ(a.hits[i].highRisk, b.hits[i].highRisk) << what;
    }
    ASSERT_EQ(a.mixture.components.size(), b.mixture.components.size()) << what;
    for (std::size_t i = 0; i < a.mixture.components.size(); ++i) {
        const MixtureComponent &x = a.mixture.components[i], &y = b.mixture.components[i];
        EXPECT_EQ(x.substance, y.substance) << what;
        EXPECT_EQ(x.substanceClass, y.substanceClass) << what;
        EXPECT_EQ(x.status, y.status) << what << " " << x.substance;
        EXPECT_EQ(x.fraction, y.fraction) << what << " " << x.substance;
        EXPECT_EQ(x.evidence, y.evidence) << what << " " << x.substance;
        EXPECT_EQ(x.highRisk, y.highRisk) << what;
        ASSERT_EQ(x.bands.size(), y.bands.size()) << what;
        for (std::size_t k = 0; k < x.bands.size(); ++k) {
            EXPECT_EQ(x.bands[k].wavenumber, y.bands[k].wavenumber) << what;
            EXPECT_EQ(x.bands[k].expected, y.bands[k].expected) << what;
            EXPECT_EQ(x.bands[k].observed, y.bands[k].observed) << what;
            EXPECT_EQ(x.bands[k].present, y.bands[k].present) << what;
        }
    }
    EXPECT_EQ(a.mixture.residual, b.mixture.residual) << what;
    EXPECT_EQ(a.mixture.explained, b.mixture.explained) << what;
    EXPECT_EQ(a.mixture.fitted, b.mixture.fitted) << what;
    EXPECT_EQ(a.verdict, b.verdict) << what;
    EXPECT_EQ(a.reason, b.reason) << what;
    EXPECT_EQ(a.warnings, b.warnings) << what;
    EXPECT_EQ(a.mainSubstanceUnknown, b.mainSubstanceUnknown) << what;
}

struct Tally {
    int kept = 0;       // on top said unchanged (and the full match agreed)
    int selection = 0;  // could enter the hits, residual search or forward selection
    int bandsMoved = 0; // a component's distinctive bands moved
    std::map<std::string, int> refused;
};

// Matches `query` against both libraries and checks the on-top screen against the full
// match. `addedRow`: the new reference's row in `after`.
void checkOne(const Matcher &before, const Matcher &after, std::size_t addedRow, const Spectrum &query, const std::string &what,
              Tally &tally)
{
    const MatchResult r1 = before.tryMatch(query);
    if (r1.error)
        return;
    const MatchResult r2 = after.match(query);
    const std::vector<double> reference = after.library().matrix().rowAsDouble(addedRow);
    if (couldEnterSelection(r1, reference)) {
        ++tally.selection;
        return;
    }
    std::map<std::string, std::size_t> rowOf;
    for (std::size_t row = 0; row < after.library().entries().size(); ++row)
        rowOf.emplace(after.library().entries()[row].spectrumId, row);
    // Distinctive bands depend on the whole library (4 x sharing <= the others: one more
    // reference tips a band at the limit): a selected or reported component whose bands the
    // added reference moved is the re-screen's band rule, not this one. A screened component
    // reported in neither result is in neither, whatever its bands.
    const auto moved = [&](std::size_t oldRow) {
        const CompiledEntry &e = before.library().entries()[oldRow];
        return e.bands != after.library().entries()[rowOf.at(e.spectrumId)].bands;
    };
    bool bandsMoved = false;
    for (std::size_t k = 0; k < r1.screen.componentRows.size(); ++k)
        bandsMoved = bandsMoved || (r1.screen.componentSelected[k] && moved(r1.screen.componentRows[k]));
    for (const MixtureComponent &c : r1.mixture.components)
        bandsMoved = bandsMoved || moved(c.entry);
    for (const MixtureComponent &c : r2.mixture.components)
        for (std::size_t row = 0; row < before.library().entries().size(); ++row)
            bandsMoved = bandsMoved || (before.library().entries()[row].substance == c.substance && moved(row));
    if (bandsMoved) {
        ++tally.bandsMoved;
        return;
    }
    std::vector<std::size_t> chosenRows;
    for (std::size_t row : r1.screen.chosenRows)
        chosenRows.push_back(rowOf.at(before.library().entries()[row].spectrumId));
    const ProcessedSpectrum processed = after.preprocessor().process(query);
    const AddedOnTop added = after.screenAddedOnTop(processed, chosenRows, addedRow, r1.screen.mismatch);
    // Not selectable and not a hit: the fit is the one the old library gave, to the bit.
    EXPECT_EQ(added.fit.finalRss, r1.screen.finalRss) << what;
    EXPECT_EQ(r2.screen.finalRss, r1.screen.finalRss) << what;
    // The engine reports the added reference exactly when the screen says so.
    const std::string addedSubstance = after.library().entries()[addedRow].substance;
    const bool reportedByEngine = std::any_of(r2.mixture.components.begin(), r2.mixture.components.end(),
                                              [&](const MixtureComponent &c) { return c.substance == addedSubstance; });
    if (const char *why = onTopVerdict(r1, added, after.library(), chosenRows)) {
        ++tally.refused[why];
        if (!added.reported) {
            EXPECT_FALSE(reportedByEngine) << what;
        }
        return;
    }
    ++tally.kept;
    EXPECT_FALSE(reportedByEngine) << what;
    expectSameResult(r1, r2, what);
}

LibraryEntryInput entry(const std::vector<test::Band> &bands, const std::string &name, const std::string &cls, bool high)
{
    LibraryEntryInput e;
    e.spectrum = test::makeSpectrum(bands, 600, 4000, 2, name);
    e.substance.name = name;
    e.substance.substanceClass = cls;
    e.substance.risk = high ? RiskLevel::High : RiskLevel::Low;
    e.id = "ref-" + name;
    e.source = "test";
    return e;
}

std::vector<test::Band> shifted(std::vector<test::Band> bands, double by, double scale)
{
    for (auto &b : bands) {
        b.position += by;
        b.height *= scale;
    }
    return bands;
}

// A new reference whose bands lie where no other reference has any (randomBands keeps to
// 700-1800 and 2800-3500 1/cm): adding it moves no other reference's distinctive bands,
// so every spectrum is decided by the rules this test is about, not by the band rule.
std::vector<test::Band> gapBands(std::mt19937_64 &rng)
{
    std::uniform_real_distribution<double> low(1900, 2250), high(2450, 2720), h(0.2, 1.0), w(6, 20);
    std::vector<test::Band> bands;
    bands.reserve(8);
    for (int i = 0; i < 8; ++i)
        bands.push_back({i % 2 ? high(rng) : low(rng), h(rng), w(rng)});
    return bands;
}

} // namespace

// 160 references, 40 of them high-risk (more than the forward selection takes, so the
// selection residual decides which may be selected), and a new nitazene: one with bands
// where the others have none (gapBands), or an analogue of a nitazene already there (its
// bands 5 1/cm off, 10 % weaker: a substitute for it). Mixtures of cuts, with a high-risk
// drug, a trace of that nitazene or the new one in some, at shares from 1 to 40 %.
TEST(AddedOnTop, WhereItChangesNothingTheFullMatchAgainstTheNewLibraryIsTheOldMatchFieldByField)
{
    std::mt19937_64 rng(20261202);
    std::vector<std::vector<test::Band>> substances;
    std::vector<LibraryEntryInput> entries;
    for (int i = 0; i < 160; ++i) {
        substances.push_back(test::randomBands(rng));
        const bool high = i < 40;
        entries.push_back(
            entry(substances.back(), "substance " + std::to_string(i), high ? (i % 2 ? "nitazene" : "fentanyl") : "cut", high));
    }
    const CompiledLibrary oldLibrary = CompiledLibrary::compile(ReferenceLibrary::fromSpectra("test", "1", entries));
    const Matcher before(oldLibrary, 1);
    Tally tally;
    const std::vector<std::vector<test::Band>> variants{gapBands(rng), shifted(substances[3], 5, 0.9)};
    for (std::size_t variant = 0; variant < variants.size(); ++variant) {
        const std::vector<test::Band> &added = variants[variant];
        std::vector<LibraryEntryInput> withAdded = entries;
        withAdded.push_back(entry(added, "new nitazene", "nitazene", true));
        const CompiledLibrary newLibrary = CompiledLibrary::compile(ReferenceLibrary::fromSpectra("test", "2", withAdded));
        std::size_t addedRow = newLibrary.entries().size();
        for (std::size_t row = 0; row < newLibrary.entries().size(); ++row)
            if (newLibrary.entries()[row].substance == "new nitazene")
                addedRow = row;
        ASSERT_LT(addedRow, newLibrary.entries().size());
        const Matcher after(newLibrary, 1);

        std::uniform_int_distribution<int> cut(40, 159), drug(0, 39);
        std::uniform_real_distribution<double> shift(-3, 3), minor(0.02, 0.4), trace(0.01, 0.05);
        for (int q = 0; q < 40; ++q) {
            const double s = shift(rng);
            const auto part = [&](const std::vector<test::Band> &bands) {
                return test::makeSpectrum(shifted(bands, s, 1), 650, 4000, 4);
            };
            std::vector<Spectrum> parts{part(substances[std::size_t(cut(rng))])};
            std::vector<double> weights{1};
            if (q % 2 == 1) {
                parts.push_back(part(substances[std::size_t(cut(rng))]));
                weights.push_back(minor(rng));
            }
            if (q % 3 == 1) {
                parts.push_back(part(substances[std::size_t(drug(rng))]));
                weights.push_back(minor(rng));
            }
            if (q % 4 == 3) {
                parts.push_back(part(substances[3]));
                weights.push_back(trace(rng));
            }
            if (q % 8 == 5) {
                parts.push_back(part(added));
                weights.push_back(minor(rng));
            }
            Spectrum query = test::mix(parts, weights);
            test::addNoise(query, 0.002, std::uint64_t(q) + 1);
            checkOne(before, after, addedRow, query, "variant " + std::to_string(variant) + ", mixture " + std::to_string(q),
                     tally);
        }
    }
    std::cout << "kept " << tally.kept << ", could enter the selection " << tally.selection << ", bands moved "
              << tally.bandsMoved;
    for (const auto &[why, n] : tally.refused)
        std::cout << ", on top refused (" << why << ") " << n;
    std::cout << "\n";
    EXPECT_GE(tally.kept, 10);
    EXPECT_EQ(tally.refused.count("fit not re-created"), 0u);
}

// Every real infrared spectrum under ../shared/data against the demo library with 16 more
// synthetic high-risk references, plus a new synthetic nitazene: none may get a high-risk drug detected, and where the screen
// keeps a match the full match agrees field by field.
TEST(AddedOnTop, RealNegativesAgainstTheDemoLibraryPlusANitazeneKeepTheirMatchWhereTheScreenSaysSoAndDetectNoHighRiskDrug)
{
    const std::filesystem::path root = "../shared/data";
    if (!std::filesystem::is_directory(root))
        GTEST_SKIP() << "../shared/data is absent: the real-spectrum negatives cannot run";
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::directory_iterator("data/demo-library"))
        if (e.path().extension() == ".jdx")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<LibraryEntryInput> entries;
    for (const auto &f : files) {
        LibraryEntryInput e;
        e.spectrum = test::readDemoJcamp(f);
        e.substance = substanceFromMetadata(e.spectrum);
        e.id = f.filename().string();
        e.source = "Candor demo library (synthetic)";
        e.resolution = 4;
        entries.push_back(std::move(e));
    }
    // More high-risk references than the forward selection takes (the demo library has
    // fewer: every one of them is selectable, and any addition changes the selection).
    std::mt19937_64 rng(11);
    for (int i = 0; i < 16; ++i)
        entries.push_back(entry(test::randomBands(rng), "analogue " + std::to_string(i), i % 2 ? "nitazene" : "fentanyl", true));
    const CompiledLibrary oldLibrary = CompiledLibrary::compile(ReferenceLibrary::fromSpectra("demo", "1", entries));
    entries.push_back(entry(gapBands(rng), "new nitazene", "nitazene", true));
    const CompiledLibrary newLibrary = CompiledLibrary::compile(ReferenceLibrary::fromSpectra("demo", "2", entries));
    std::size_t addedRow = 0;
    for (std::size_t row = 0; row < newLibrary.entries().size(); ++row)
        if (newLibrary.entries()[row].substance == "new nitazene")
            addedRow = row;
    const Matcher before(oldLibrary, 1), after(newLibrary, 1);

    std::vector<std::filesystem::path> real;
    for (const auto &f : std::filesystem::recursive_directory_iterator(root))
        if (f.is_regular_file())
            real.push_back(f.path());
    std::sort(real.begin(), real.end());
    Tally tally;
    int matched = 0;
    for (const auto &file : real) {
        candor::importers::ImportResult read;
        try {
            read = candor::importers::ReaderRegistry::instance().readFile(file);
        } catch (const std::exception &) {
            continue; // not a spectrum file the importers read
        }
        for (std::size_t k = 0; k < read.spectra.size(); ++k) {
            const Spectrum &s = read.spectra[k];
            if (!(s.technique == "infrared" || (s.technique == "unknown" && s.xUnits == "1/cm")))
                continue;
            const std::string what = file.string() + " #" + std::to_string(k);
            const MatchResult r2 = after.tryMatch(s);
            if (r2.error)
                continue;
            ++matched;
            for (const auto &c : r2.mixture.components)
                EXPECT_FALSE(c.highRisk && c.status == MixtureComponent::Status::Detected) << what << ": " << c.substance;
            checkOne(before, after, addedRow, s, what, tally);
        }
    }
    std::cout << "real negatives " << matched << ": kept " << tally.kept << ", could enter the selection " << tally.selection
              << ", bands moved " << tally.bandsMoved;
    for (const auto &[why, n] : tally.refused)
        std::cout << ", on top refused (" << why << ") " << n;
    std::cout << "\n";
    EXPECT_GT(matched, 0);
    EXPECT_GT(tally.kept, 0);
    EXPECT_EQ(tally.refused.count("fit not re-created"), 0u);
}
