#include "matching/matcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace candor::matching {

const char *toString(Verdict verdict) noexcept
{
    switch (verdict) {
    case Verdict::Match: return "match";
    case Verdict::Uncertain: return "uncertain";
    case Verdict::NoMatch: return "no-match";
    }
    return "no-match";
}

std::string shareOfSignalText(double fraction)
{
    if (fraction < 0.0005)
        return "less than 0.1 %";
    char buf[32];
    std::snprintf(buf, sizeof buf, "about %.1f %%", 100 * fraction);
    return buf;
}

std::size_t MixtureComponent::bandsPresent() const noexcept
{
    return static_cast<std::size_t>(std::count_if(bands.begin(), bands.end(), [](const BandEvidence &b) { return b.present; }));
}

bool MatchResult::highRiskFlagged() const noexcept
{
    return std::any_of(mixture.components.begin(), mixture.components.end(),
                       [](const MixtureComponent &c) { return c.highRisk; });
}

namespace {

std::string fmt(const char *format, double a, double b = 0, double c = 0)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, format, a, b, c);
    return buf;
}

std::vector<float> toFloat(const std::vector<double> &v)
{
    return std::vector<float>(v.begin(), v.end());
}

// The mismatch level: what the whole fit leaves over at its 90th percentile. A library
// spectrum measured elsewhere leaves band-shaped residuals of about this size wherever the
// sample has bands, so a component's band must rise well above it to count.
double mismatchLevel(const std::vector<double> &residual, double noise)
{
    std::vector<double> a;
    a.reserve(residual.size());
    for (double v : residual)
        a.push_back(std::abs(v));
    if (a.empty())
        return noise;
    const std::size_t k = (a.size() * 9) / 10;
    std::nth_element(a.begin(), a.begin() + std::ptrdiff_t(k), a.end());
    return std::max(a[k], 2.0 * noise);
}

// The band test of one component: for each of its distinctive bands, the peak of what the
// other components leave (within +/- window cm-1, a true local maximum) over the mean of
// its flanks, against the component's own height there over the same flanks.
std::vector<BandEvidence> bandEvidence(const CompiledEntry &entry, const FittedComponent &fc, const std::vector<double> &grid,
                                       double mismatch, const LibraryThresholds &th)
{
    std::vector<BandEvidence> out;
    const std::size_t n = grid.size();
    if (fc.residualWithout.size() != n || fc.contribution.size() != n)
        return out;
    for (const DistinctiveBand &b : entry.bands) {
        if (b.index >= n)
            continue;
        const double centre = grid[b.index];
        double peak = -INFINITY, flankR = 0, flankC = 0;
        std::size_t peakAt = n, lo = n, hi = 0, flankCount = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double d = std::abs(grid[i] - centre);
            if (d <= th.bandWindow) {
                lo = std::min(lo, i);
                hi = std::max(hi, i);
                if (fc.residualWithout[i] > peak) {
                    peak = fc.residualWithout[i];
                    peakAt = i;
                }
            } else if (d > th.bandWindow + 4 && d <= th.bandWindow + 24) {
                flankR += fc.residualWithout[i];
                flankC += fc.contribution[i];
                ++flankCount;
            }
        }
        BandEvidence e;
        e.wavenumber = centre;
        if (peakAt == n || flankCount == 0) {
            out.push_back(e);
            continue;
        }
        // A rising or falling edge of something else is no band of this component.
        const bool localMaximum = (peakAt != lo || lo == 0) && (peakAt != hi || hi + 1 == n);
        e.observed = peak - flankR / double(flankCount);
        e.expected = fc.contribution[b.index] - flankC / double(flankCount);
        e.present = localMaximum && e.expected > 0 && e.observed >= th.bandShare * e.expected &&
                    e.observed >= th.bandOverMismatch * mismatch;
        out.push_back(e);
    }
    return out;
}

} // namespace

std::vector<BandEvidence> testBands(const CompiledEntry &entry, std::vector<double> residualWithout,
                                    std::vector<double> contribution, const std::vector<double> &grid, double mismatch,
                                    const LibraryThresholds &thresholds)
{
    FittedComponent fc;
    fc.residualWithout = std::move(residualWithout);
    fc.contribution = std::move(contribution);
    return bandEvidence(entry, fc, grid, mismatch, thresholds);
}

namespace {

bool enoughBands(const std::vector<BandEvidence> &bands, double share)
{
    if (bands.empty())
        return false;
    const auto present = static_cast<double>(
        std::count_if(bands.begin(), bands.end(), [](const BandEvidence &b) { return b.present; }));
    return present >= std::ceil(share * static_cast<double>(bands.size()) - 1e-9);
}

std::string bandList(const MixtureComponent &c)
{
    std::string out;
    for (const BandEvidence &b : c.bands)
        if (b.present) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%s%.0f", out.empty() ? "" : ", ", b.wavenumber);
            out += buf;
        }
    return out;
}

} // namespace

Matcher::Matcher(const CompiledLibrary &library, unsigned threads)
    : m_library(library)
    , m_preprocessor(library.preprocessing())
    , m_engine(library.matrix(), threads)
    , m_mixture(library.options().mixture)
{
}

void Matcher::checkQuery(const importers::Spectrum &query) const
{
    if (m_library.empty())
        throw MatchingError(MatchingError::Kind::EmptyLibrary,
                            "the reference library '" + m_library.name() + "' has no spectra to match against");
    if (query.technique != "unknown" && query.technique != m_library.technique())
        throw MatchingError(MatchingError::Kind::TechniqueMismatch,
                            "the spectrum is " + query.technique + ", the library holds " + m_library.technique() + " spectra");
}

MatchResult Matcher::match(const importers::Spectrum &query, const MatchOptions &options) const
{
    checkQuery(query);
    ProcessedSpectrum processed = m_preprocessor.process(query);
    MatchResult r = matchProcessed(processed, options);
    if (query.technique == "unknown")
        r.warnings.insert(r.warnings.begin(),
                          "the file does not say which technique it holds; taken as " + m_library.technique());
    return r;
}

MatchResult Matcher::tryMatch(const importers::Spectrum &query, const MatchOptions &options) const
{
    try {
        return match(query, options);
    } catch (const MatchingError &e) {
        MatchResult r;
        r.verdict = Verdict::NoMatch;
        r.error = e.kind();
        r.reason = e.what();
        return r;
    }
}

AddedOnTop Matcher::screenAddedOnTop(const ProcessedSpectrum &query, const std::vector<std::size_t> &chosenRows, std::size_t row,
                                     double mismatch) const
{
    const auto &entries = m_library.entries();
    std::vector<std::vector<double>> chosen;
    std::vector<bool> screen;
    for (std::size_t c : chosenRows) {
        chosen.push_back(m_library.matrix().rowAsDouble(c));
        screen.push_back(entries.at(c).alwaysScreen);
    }
    AddedOnTop out;
    out.fit = m_mixture.screenOnTop(query.values, chosen, screen, m_library.matrix().rowAsDouble(row));
    if (out.fit.gains) {
        std::vector<double> grid;
        for (std::size_t k : m_preprocessor.keptIndexes())
            grid.push_back(m_preprocessor.grid()[k]);
        out.bands = testBands(entries.at(row), out.fit.residualWithout, out.fit.contribution, grid, mismatch,
                              m_library.thresholds());
        out.reported = std::any_of(out.bands.begin(), out.bands.end(), [](const BandEvidence &b) { return b.present; });
    }
    return out;
}

MatchResult Matcher::matchProcessed(const ProcessedSpectrum &query, const MatchOptions &options) const
{
    if (m_library.empty())
        throw MatchingError(MatchingError::Kind::EmptyLibrary,
                            "the reference library '" + m_library.name() + "' has no spectra to match against");
    const std::vector<float> q = toFloat(query.values);
    const std::size_t want = std::max(options.topN, options.mixtureCandidates);
    return finish(query, m_engine.search(q, want), options);
}

std::vector<MatchResult> Matcher::matchBatch(std::span<const importers::Spectrum> queries, const MatchOptions &options) const
{
    std::vector<MatchResult> results(queries.size());
    std::vector<ProcessedSpectrum> processed;
    std::vector<std::size_t> slot;
    std::vector<float> packed;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        try {
            checkQuery(queries[i]);
            processed.push_back(m_preprocessor.process(queries[i]));
            slot.push_back(i);
            packed.insert(packed.end(), processed.back().values.begin(), processed.back().values.end());
        } catch (const MatchingError &e) {
            results[i].verdict = Verdict::NoMatch;
            results[i].error = e.kind();
            results[i].reason = e.what();
        }
    }
    const std::size_t want = std::max(options.topN, options.mixtureCandidates);
    auto hits = m_engine.searchBatch(packed, processed.size(), want);
    for (std::size_t k = 0; k < processed.size(); ++k)
        results[slot[k]] = finish(processed[k], std::move(hits[k]), options);
    return results;
}

MatchResult Matcher::finish(const ProcessedSpectrum &query, std::vector<SearchHit> hits, const MatchOptions &options) const
{
    const auto &entries = m_library.entries();
    const LibraryThresholds &th = m_library.thresholds();
    MatchResult r;
    r.warnings = query.warnings;
    r.processedQuery = query.values;
    for (std::size_t k : m_preprocessor.keptIndexes())
        r.wavenumbers.push_back(m_preprocessor.grid()[k]);

    for (std::size_t i = 0; i < hits.size() && i < options.topN; ++i) {
        const CompiledEntry &e = entries[hits[i].row];
        r.hits.push_back({hits[i].row, e.substance, e.substanceClass, hits[i].score, static_cast<int>(i + 1), e.alwaysScreen});
    }
    const double top = hits.empty() ? 0.0 : hits.front().score;
    if (hits.size() >= std::max(options.topN, options.mixtureCandidates) && !hits.empty())
        r.screen.hitFloor = hits.back().score;

    if (options.mixture) {
        // Candidates: the best hits, the best hits of what the first fit leaves over (a
        // minor component rarely ranks high on the whole spectrum), and always every
        // high-risk reference.
        std::vector<std::size_t> cand;
        std::set<std::size_t> seen;
        auto add = [&](std::size_t row) {
            if (seen.insert(row).second)
                cand.push_back(row);
        };
        for (std::size_t i = 0; i < hits.size() && i < options.mixtureCandidates; ++i)
            add(hits[i].row);
        for (std::size_t row = 0; row < entries.size(); ++row)
            if (entries[row].alwaysScreen)
                add(row);

        auto runFit = [&](const std::vector<std::size_t> &rows) {
            std::vector<std::vector<double>> columns;
            std::vector<bool> screen;
            for (std::size_t row : rows) {
                columns.push_back(m_library.matrix().rowAsDouble(row));
                screen.push_back(entries[row].alwaysScreen);
            }
            MixtureFitResult f = m_mixture.fit(query.values, columns, screen, query.noise);
            r.screen.fitRuns.push_back({std::move(f.selectionResidual), f.selectableFloor});
            return f;
        };
        MixtureFitResult fit = runFit(cand);
        if (fit.residual > 0.05) {
            std::vector<double> res = fit.residualCurve;
            if (Preprocessor::normalize(res) > 0) {
                const std::size_t before = cand.size();
                const std::size_t wantResidual = options.mixtureCandidates / 2 + 1;
                const std::vector<SearchHit> residualHits = m_engine.search(toFloat(res), wantResidual);
                r.screen.searchResidual = res;
                if (residualHits.size() >= wantResidual && !residualHits.empty())
                    r.screen.searchFloor = residualHits.back().score;
                for (const SearchHit &h : residualHits)
                    add(h.row);
                if (cand.size() != before)
                    fit = runFit(cand);
            }
        }

        // Issue 11: a component is reported on evidence it alone explains. First the band
        // test of every component against the mismatch the whole fit leaves; then whether
        // the library explains the main substance at all; then the status of each.
        const double mismatch = mismatchLevel(fit.residualCurve, query.noise);
        r.screen.mismatch = mismatch;
        struct Judged {
            const FittedComponent *fc;
            std::size_t row;
            std::vector<BandEvidence> bands;
        };
        std::vector<Judged> judged;
        r.screen.chosenRows.clear();
        for (std::size_t c : fit.chosenOrder)
            r.screen.chosenRows.push_back(cand[c]);
        r.screen.finalRss = fit.finalRss;
        r.screen.screenedRssLowest = fit.screenedRssLowest;
        r.screen.screenedRssSecond = fit.screenedRssSecond;
        for (const FittedComponent &fc : fit.components) {
            const std::size_t row = cand[fc.candidate];
            r.screen.componentRssWithout.push_back(fc.rssWithout);
            r.screen.selectedHighRisk = r.screen.selectedHighRisk || (fc.selected && entries[row].alwaysScreen);
            r.screen.componentRows.push_back(row);
            r.screen.componentWeights.push_back(fc.weight);
            r.screen.componentSelected.push_back(fc.selected);
            judged.push_back({&fc, row, bandEvidence(entries[row], fc, r.wavenumbers, mismatch, th)});
        }
        auto passes = [&](const Judged &j, double share) {
            const CompiledEntry &e = entries[j.row];
            if (!j.fc->selected)
                return false;
            const double needed = e.alwaysScreen ? th.highRiskEvidence : th.componentEvidence;
            return j.fc->evidence >= needed && enoughBands(j.bands, share);
        };
        // The main substance is unknown when no hit reaches the uncertain score and the
        // components that pass their band test do not explain the spectrum either.
        double passingWeight = 0, totalWeight = 0;
        for (const Judged &j : judged)
            if (j.fc->selected) {
                totalWeight += j.fc->weight;
                passingWeight += passes(j, th.bandsPresentForDetected) ? j.fc->weight : 0.0;
            }
        const bool mainExplained = totalWeight > 0 && passingWeight >= 0.5 * totalWeight &&
                                   fit.explained >= th.uncertainExplained;
        r.mainSubstanceUnknown = top < th.uncertainScore && !mainExplained;
        const double share = r.mainSubstanceUnknown ? 1.0 : th.bandsPresentForDetected;

        // Several spectra of one substance: report the substance once.
        std::map<std::string, std::size_t> bySubstance;
        for (const Judged &j : judged) {
            const FittedComponent &fc = *j.fc;
            const std::size_t row = j.row;
            const CompiledEntry &e = entries[row];
            const bool detected = passes(j, share);
            const bool anyBand = std::any_of(j.bands.begin(), j.bands.end(), [](const BandEvidence &b) { return b.present; });
            // Not detected: a high-risk one stays as "possible" only where one of its
            // distinctive bands is actually in the sample; anything else is left in the fit
            // (the curve) but not reported.
            if (!detected && !(e.alwaysScreen && anyBand))
                continue;
            MixtureComponent mc{row,
                                e.substance,
                                e.substanceClass,
                                fc.fraction,
                                fc.evidence,
                                detected ? MixtureComponent::Status::Detected : MixtureComponent::Status::Possible,
                                e.alwaysScreen,
                                j.bands};
            auto it = bySubstance.find(e.substance);
            if (it == bySubstance.end()) {
                bySubstance.emplace(e.substance, r.mixture.components.size());
                r.mixture.components.push_back(mc);
            } else {
                MixtureComponent &prev = r.mixture.components[it->second];
                if (fc.selected)
                    prev.fraction += fc.fraction;
                prev.evidence = std::max(prev.evidence, fc.evidence);
                if (mc.bandsPresent() > prev.bandsPresent())
                    prev.bands = mc.bands;
                if (detected)
                    prev.status = MixtureComponent::Status::Detected;
            }
        }
        // "Possible" is per high-risk class: the best-supported member of a class that is not
        // detected stands for it (a library with 150 fentanyl analogues would otherwise list
        // 150 possibilities that all say the same thing).
        {
            std::vector<MixtureComponent> kept;
            std::map<std::string, std::size_t> bestPossible;
            for (const MixtureComponent &c : r.mixture.components) {
                if (c.status == MixtureComponent::Status::Detected) {
                    kept.push_back(c);
                    continue;
                }
                auto it = bestPossible.find(c.substanceClass);
                if (it == bestPossible.end()) {
                    bestPossible.emplace(c.substanceClass, kept.size());
                    kept.push_back(c);
                } else {
                    // The member with the most bands present stands for the class; then
                    // evidence, share and name, so that the choice never depends on order.
                    r.screen.possibleClassChosen = true;
                    MixtureComponent &prev = kept[it->second];
                    const auto key = [](const MixtureComponent &x) {
                        return std::make_tuple(x.bandsPresent(), x.evidence, x.fraction);
                    };
                    if (key(c) > key(prev) || (key(c) == key(prev) && c.substance < prev.substance))
                        prev = c;
                }
            }
            r.mixture.components = std::move(kept);
        }
        std::stable_sort(r.mixture.components.begin(), r.mixture.components.end(),
                         [](const MixtureComponent &a, const MixtureComponent &b) {
                             if (a.status != b.status)
                                 return a.status == MixtureComponent::Status::Detected;
                             if (a.fraction != b.fraction)
                                 return a.fraction > b.fraction;
                             return a.substance < b.substance;
                         });
        r.mixture.residual = fit.residual;
        r.mixture.explained = fit.explained;
        r.mixture.fitted = std::move(fit.fitted);
        r.mixture.residualCurve = std::move(fit.residualCurve);
        for (const MixtureComponent &c : r.mixture.components)
            if (c.highRisk && c.status == MixtureComponent::Status::Possible)
                // The share of the signal says more at the bench than the internal evidence
                // score, which is relative to the other high-risk candidates and often 0.
                r.warnings.push_back(
                    "possible " + c.substance + " (" + c.substanceClass +
                    "): " + (c.bandsPresent() > 1 ? "its bands at " : "its band at ") + bandList(c) + " 1/cm stand" +
                    (c.bandsPresent() > 1 ? "" : "s") + " out of the residual (" + shareOfSignalText(c.fraction) +
                    " of the signal) but not enough of its bands to call it; confirm with a test strip or GC-MS");
        if (r.mainSubstanceUnknown)
            r.warnings.insert(r.warnings.begin(), "main substance unknown: nothing in the library explains the bulk of "
                                                  "the spectrum; only components whose every distinctive band is present "
                                                  "are reported");
    }

    const bool hasDetected = std::any_of(r.mixture.components.begin(), r.mixture.components.end(),
                                         [](const auto &c) { return c.status == MixtureComponent::Status::Detected; });
    const double explained = hasDetected && !r.mainSubstanceUnknown ? r.mixture.explained : 0.0;
    if (top >= th.matchScore) {
        r.verdict = Verdict::Match;
        r.reason = fmt("the best hit scores %.3f (match at %.2f or above)", top, th.matchScore);
    } else if (explained >= th.matchExplained) {
        r.verdict = Verdict::Match;
        r.reason = fmt("a mixture explains %.1f%% of the spectrum (match at %.0f%% or above)", 100 * explained,
                       100 * th.matchExplained);
    } else if (top >= th.uncertainScore || explained >= th.uncertainExplained) {
        r.verdict = Verdict::Uncertain;
        r.reason = fmt("the best hit scores %.3f and the mixture explains %.1f%%: below the match thresholds", top,
                       100 * explained);
    } else {
        r.verdict = Verdict::NoMatch;
        r.reason = fmt("the best hit scores %.3f (below %.2f) and the mixture explains %.1f%%: the substance is "
                       "probably not in the library",
                       top, th.uncertainScore, 100 * explained);
    }
    return r;
}

} // namespace candor::matching
