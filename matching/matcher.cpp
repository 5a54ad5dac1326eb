#include "matcher.h"

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

constexpr std::size_t kMaxJudgedBands = 10;

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

// The band test measures a band against two things that are not the component:
//
// - the mismatch the OTHER fitted components can produce right there. A library spectrum
//   measured elsewhere differs from the sample's in band positions (several 1/cm) and
//   relative intensities (tens of percent), so the others leave residual bands of about
//   intensityShare x their own band height plus shift x their slope at that wavenumber,
//   and nothing where they have no bands. A minor drug's band in a region the others leave
//   clear is thus judged against noise, not against the main component's strongest bands;
// - what the fit does not explain at all (an unknown substance, water vapour, noise): the
//   90th percentile of |residual| over the points where the fitted components have no
//   band (their local height and slope small), at least twice the noise.
struct MismatchModel {
    std::vector<double> residual;
    std::vector<bool> clean; // the fitted components have no band here
    double noise = 0;
    // How much of the modelled mismatch this sample shows (0-1): what the whole fit leaves
    // where the components have bands, against what the model allows there. A library that
    // matches the sample closely leaves little, and its bands then hide nothing.
    double scale = 1;
};

// Height of `o` above its local floor (the minimum within +/- 30 1/cm) at point i.
double localHeight(const std::vector<double> &o, const std::vector<double> &grid, std::size_t i)
{
    double lo = o[i];
    for (std::size_t k = i; k-- > 0 && grid[i] - grid[k] <= 30;)
        lo = std::min(lo, o[k]);
    for (std::size_t k = i + 1; k < o.size() && grid[k] - grid[i] <= 30; ++k)
        lo = std::min(lo, o[k]);
    return o[i] - lo;
}

// |do/dv| at point i, per 1/cm.
double localSlope(const std::vector<double> &o, const std::vector<double> &grid, std::size_t i)
{
    const std::size_t a = i > 0 ? i - 1 : i, b = i + 1 < o.size() ? i + 1 : i;
    return b > a && grid[b] > grid[a] ? std::abs(o[b] - o[a]) / (grid[b] - grid[a]) : 0.0;
}

// The expected mismatch the curve `others` (the fit without the component) can produce at
// point i: intensity share of its local band height plus a shift times its slope.
double othersMismatch(const std::vector<double> &others, const std::vector<double> &grid, std::size_t i,
                      const LibraryThresholds &th)
{
    return th.mismatchIntensityShare * localHeight(others, grid, i)
           + th.mismatchShift * localSlope(others, grid, i);
}

MismatchModel mismatchModel(const std::vector<double> &fitted, const std::vector<double> &residual,
                            const std::vector<double> &grid, double noise, const LibraryThresholds &th)
{
    MismatchModel m;
    m.noise = noise;
    m.residual = residual;
    const std::size_t n = residual.size();
    m.clean.assign(n, true);
    if (n == 0 || fitted.size() != n || grid.size() != n)
        return m;
    std::vector<double> envelope(n);
    double top = 0;
    for (std::size_t i = 0; i < n; ++i) {
        envelope[i] = othersMismatch(fitted, grid, i, th);
        top = std::max(top, envelope[i]);
    }
    std::vector<double> left, allowed;
    for (std::size_t i = 0; i < n; ++i) {
        m.clean[i] = envelope[i] <= 0.1 * top;
        if (!m.clean[i]) {
            left.push_back(std::abs(residual[i]));
            allowed.push_back(envelope[i]);
        }
    }
    if (!left.empty()) {
        const std::size_t k = (left.size() * 9) / 10;
        std::nth_element(left.begin(), left.begin() + std::ptrdiff_t(k), left.end());
        std::nth_element(allowed.begin(), allowed.begin() + std::ptrdiff_t(k), allowed.end());
        // The noise's own 90th percentile (1.64 sigma for white noise; 2 sigma to be safe)
        // is not mismatch: an exact library leaves only that, and hides nothing.
        if (allowed[k] > 0)
            m.scale = std::clamp(th.mismatchScaleGain * std::max(0.0, left[k] - 2.0 * noise) / allowed[k], 0.0, 1.0);
    }
    return m;
}

// The unexplained level a band of `entry` is compared with: the 90th percentile of |residual|
// over the clean points away from the entry's own bands (which the residual may hold).
double unexplainedLevel(const MismatchModel &m, const CompiledEntry &entry, const std::vector<double> &grid,
                        const LibraryThresholds &th)
{
    const std::size_t n = m.residual.size();
    std::vector<bool> own(n, false);
    for (const DistinctiveBand &b : entry.bands)
        if (b.index < n)
            for (std::size_t i = 0; i < n; ++i)
                own[i] = own[i] || std::abs(grid[i] - grid[b.index]) <= th.bandWindow + 24;
    std::vector<double> clean;
    for (std::size_t i = 0; i < n; ++i)
        if (m.clean[i] && !own[i])
            clean.push_back(std::abs(m.residual[i]));
    if (clean.size() < n / 10) {
        clean.clear();
        for (std::size_t i = 0; i < n; ++i)
            if (!own[i])
                clean.push_back(std::abs(m.residual[i]));
    }
    if (clean.empty())
        return 2.0 * m.noise;
    const std::size_t k = (clean.size() * 9) / 10;
    std::nth_element(clean.begin(), clean.begin() + std::ptrdiff_t(k), clean.end());
    return std::max(clean[k], 2.0 * m.noise);
}

// The band test of one component: for each of its distinctive bands, the peak of what the
// other components leave (within +/- window cm-1, a true local maximum) over the mean of
// its flanks, against the component's own height there over the same flanks, and against
// what the mismatch of the others and the unexplained rest can produce there.
// The bands a component is judged on: its distinctive bands (strong in it, weak in most of
// the library), then its other strong bands (local maxima at >= 25 % of its highest, above
// its median), at least 2 windows apart. Which of them say anything depends on the sample:
// a band the other components leave clear is evidence even if the library as a whole is
// busy there (fentanyl's ring bands near 700 and 750 in a sugar cut).
std::vector<DistinctiveBand> judgedBands(const CompiledEntry &entry, const std::vector<double> &row,
                                         const std::vector<double> &grid, const LibraryThresholds &th)
{
    std::vector<DistinctiveBand> out = entry.bands;
    const std::size_t n = row.size();
    if (n < 7 || grid.size() != n)
        return out;
    std::vector<double> sorted = row;
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(n / 2), sorted.end());
    const double median = sorted[n / 2];
    double top = 0;
    for (double v : row)
        top = std::max(top, v - median);
    std::vector<DistinctiveBand> strong;
    for (std::size_t i = 3; i + 3 < n; ++i) {
        const double h = row[i] - median;
        if (h < 0.25 * top)
            continue;
        bool peak = true;
        for (std::size_t k = i - 3; k <= i + 3 && peak; ++k)
            peak = k == i || row[k] < row[i] || (row[k] == row[i] && k > i);
        if (peak)
            strong.push_back({grid[i], static_cast<std::uint32_t>(i), h});
    }
    std::sort(strong.begin(), strong.end(), [](const DistinctiveBand &a, const DistinctiveBand &b) {
        return a.height != b.height ? a.height > b.height : a.index < b.index;
    });
    for (const DistinctiveBand &b : strong) {
        if (out.size() >= kMaxJudgedBands)
            break;
        const bool near = std::any_of(out.begin(), out.end(), [&](const DistinctiveBand &o) {
            return std::abs(o.wavenumber - b.wavenumber) < 2 * th.bandWindow + 4;
        });
        if (!near)
            out.push_back(b);
    }
    return out;
}

std::vector<BandEvidence> bandEvidence(const CompiledEntry &entry, const std::vector<DistinctiveBand> &bands,
                                       const FittedComponent &fc, const std::vector<double> &query,
                                       const std::vector<double> &grid, const MismatchModel &model,
                                       const LibraryThresholds &th)
{
    std::vector<BandEvidence> out;
    const std::size_t n = grid.size();
    if (fc.residualWithout.size() != n || fc.contribution.size() != n || query.size() != n
        || model.residual.size() != n)
        return out;
    // What the fit without this component holds (`others`: the query minus what it leaves,
    // `left`). A refit without it, not the whole fit's weights: with those, a component the
    // fit bent onto the others' mismatch would always see its own bands (tried: 5-9 % false
    // fentanyl detections on the calibration negatives).
    std::vector<double> others(n), left(n);
    for (std::size_t i = 0; i < n; ++i) {
        left[i] = fc.residualWithout[i];
        others[i] = query[i] - left[i];
    }
    const double floor = unexplainedLevel(model, entry, grid, th);
    const bool hasHeld = fc.residualWith.size() == n;
    for (const DistinctiveBand &b : bands) {
        if (b.index >= n)
            continue;
        const double centre = grid[b.index];
        double peak = -INFINITY, flankR = 0, flankC = 0, expectedMismatch = 0, heldPeak = -INFINITY, flankH = 0;
        std::size_t peakAt = n, lo = n, hi = 0, flankCount = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double d = std::abs(grid[i] - centre);
            if (d <= th.bandWindow) {
                lo = std::min(lo, i);
                hi = std::max(hi, i);
                if (left[i] > peak) {
                    peak = left[i];
                    peakAt = i;
                }
                expectedMismatch = std::max(expectedMismatch, othersMismatch(others, grid, i, th));
                if (hasHeld)
                    heldPeak = std::max(heldPeak, fc.residualWith[i] + fc.contribution[i]);
            } else if (d > th.bandWindow + 4 && d <= th.bandWindow + 24) {
                flankR += left[i];
                if (hasHeld)
                    flankH += fc.residualWith[i] + fc.contribution[i];
                flankC += fc.contribution[i];
                ++flankCount;
            }
        }
        BandEvidence e;
        e.wavenumber = centre;
        e.distinctive = &b - bands.data() < static_cast<std::ptrdiff_t>(entry.bands.size());
        if (peakAt == n || flankCount == 0) {
            out.push_back(e);
            continue;
        }
        // A rising or falling edge of something else is no band of this component.
        const bool localMaximum = (peakAt != lo || lo == 0) && (peakAt != hi || hi + 1 == n);
        e.observed = peak - flankR / double(flankCount);
        e.expected = fc.contribution[b.index] - flankC / double(flankCount);
        const double required = model.scale * expectedMismatch + th.bandOverUnexplained * floor;
        e.present = localMaximum && e.expected > 0 && e.observed >= th.bandShare * e.expected
                    && e.observed >= required;
        // Masked (says nothing either way in this sample): the band is no taller than what
        // the others' fitted mismatch can produce there, or it is in the sample (held: the
        // others as the fit with the component has them) but the refit without it explains
        // it with the others, within their bounded shift, width and slope (a band that
        // coincides with one of theirs: 30 % mannitol's 1170 beside caffeine's).
        const double held = hasHeld ? heldPeak - flankH / double(flankCount) : -INFINITY;
        const bool othersTakeIt = held >= th.bandShare * e.expected && held >= required;
        e.masked = !e.present && (!(e.expected > model.scale * expectedMismatch + th.bandOverUnexplained * floor) || othersTakeIt);
        out.push_back(e);
    }
    return out;
}

// Enough of the bands that say something in this sample (not masked by the others'
// mismatch) are present: at least `share` of them and at least minPresent.
bool enoughBands(const std::vector<BandEvidence> &bands, double share, std::size_t minPresent,
                 double informativeShare)
{
    const auto present = static_cast<double>(
        std::count_if(bands.begin(), bands.end(), [](const BandEvidence &b) { return b.present; }));
    const auto informative = static_cast<double>(
        std::count_if(bands.begin(), bands.end(), [](const BandEvidence &b) { return !b.masked; }));
    if (informative == 0 || present < static_cast<double>(minPresent)
        || informative < std::ceil(informativeShare * static_cast<double>(bands.size()) - 1e-9))
        return false;
    return present >= std::ceil(share * informative - 1e-9);
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
    : m_library(library),
      m_preprocessor(library.preprocessing()),
      m_engine(library.matrix(), threads),
      m_mixture(library.options().mixture)
{
}

void Matcher::checkQuery(const importers::Spectrum &query) const
{
    if (m_library.empty())
        throw MatchingError(MatchingError::Kind::EmptyLibrary,
                            "the reference library '" + m_library.name() + "' has no spectra to match against");
    if (query.technique != "unknown" && query.technique != m_library.technique())
        throw MatchingError(MatchingError::Kind::TechniqueMismatch,
                            "the spectrum is " + query.technique + ", the library holds " + m_library.technique()
                                + " spectra");
}

MatchResult Matcher::match(const importers::Spectrum &query, const MatchOptions &options) const
{
    checkQuery(query);
    ProcessedSpectrum processed = m_preprocessor.process(query);
    MatchResult r = matchProcessed(processed, options);
    if (query.technique == "unknown")
        r.warnings.insert(r.warnings.begin(), "the file does not say which technique it holds; taken as "
                                                  + m_library.technique());
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

MatchResult Matcher::matchProcessed(const ProcessedSpectrum &query, const MatchOptions &options) const
{
    if (m_library.empty())
        throw MatchingError(MatchingError::Kind::EmptyLibrary,
                            "the reference library '" + m_library.name() + "' has no spectra to match against");
    const std::vector<float> q = toFloat(query.values);
    const std::size_t want = std::max(options.topN, options.mixtureCandidates);
    return finish(query, m_engine.search(q, want), options);
}

std::vector<MatchResult> Matcher::matchBatch(std::span<const importers::Spectrum> queries,
                                             const MatchOptions &options) const
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

MatchResult Matcher::finish(const ProcessedSpectrum &query, std::vector<SearchHit> hits,
                            const MatchOptions &options) const
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
        r.hits.push_back({hits[i].row, e.substance, e.substanceClass, hits[i].score, static_cast<int>(i + 1),
                          e.alwaysScreen});
    }
    const double top = hits.empty() ? 0.0 : hits.front().score;

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
            return m_mixture.fit(query.values, columns, screen, query.noise);
        };
        MixtureFitResult fit = runFit(cand);
        if (fit.residual > 0.05) {
            std::vector<double> res = fit.residualCurve;
            if (Preprocessor::normalize(res) > 0) {
                const std::size_t before = cand.size();
                for (const SearchHit &h : m_engine.search(toFloat(res), options.mixtureCandidates / 2 + 1))
                    add(h.row);
                if (cand.size() != before)
                    fit = runFit(cand);
            }
        }

        // Issue 11: a component is reported on evidence it alone explains. First the band
        // test of every component against the mismatch the whole fit leaves; then whether
        // the library explains the main substance at all; then the status of each.
        // The mismatch a component is judged against is measured with that component in the
        // fit: for one the forward selection chose, the whole fit's residual; for a screened
        // one, what the others leave minus its own share (else its own bands, left in the
        // residual, would read as the others' mismatch and hide it).
        const MismatchModel wholeFit = mismatchModel(fit.fitted, fit.residualCurve, r.wavenumbers, query.noise, th);
        struct Judged {
            const FittedComponent *fc;
            std::size_t row;
            std::vector<BandEvidence> bands;
        };
        std::vector<Judged> judged;
        for (const FittedComponent &fc : fit.components) {
            const std::size_t row = cand[fc.candidate];
            const std::vector<DistinctiveBand> bands =
                judgedBands(entries[row], m_library.matrix().rowAsDouble(row), r.wavenumbers, th);
            if (fc.selected || fc.residualWith.size() != fc.residualWithout.size()) {
                judged.push_back({&fc, row, bandEvidence(entries[row], bands, fc, query.values, r.wavenumbers, wholeFit, th)});
                continue;
            }
            const MismatchModel withIt = mismatchModel(fit.fitted, fc.residualWith, r.wavenumbers, query.noise, th);
            judged.push_back({&fc, row, bandEvidence(entries[row], bands, fc, query.values, r.wavenumbers, withIt, th)});
        }
        auto passes = [&](const Judged &j, double share) {
            const CompiledEntry &e = entries[j.row];
            if (!j.fc->selected)
                return false;
            const double needed = e.alwaysScreen ? th.highRiskEvidence : th.componentEvidence;
            const std::size_t minPresent = std::min<std::size_t>(th.minBandsPresent, j.bands.size());
            return j.fc->evidence >= needed && enoughBands(j.bands, share, minPresent, th.bandsInformativeForDetected);
        };
        // The main substance is unknown when no hit reaches the uncertain score and the
        // components that pass their band test do not explain the spectrum either.
        double passingWeight = 0, totalWeight = 0;
        for (const Judged &j : judged)
            if (j.fc->selected) {
                totalWeight += j.fc->weight;
                passingWeight += passes(j, th.bandsPresentForDetected) ? j.fc->weight : 0.0;
            }
        const bool mainExplained = totalWeight > 0 && passingWeight >= 0.5 * totalWeight
                                   && fit.explained >= th.uncertainExplained;
        r.mainSubstanceUnknown = top < th.uncertainScore && !mainExplained;
        const double share = r.mainSubstanceUnknown ? 1.0 : th.bandsPresentForDetected;

        // Several spectra of one substance: report the substance once.
        std::map<std::string, std::size_t> bySubstance;
        for (const Judged &j : judged) {
            const FittedComponent &fc = *j.fc;
            const std::size_t row = j.row;
            const CompiledEntry &e = entries[row];
            const bool detected = passes(j, share);
            // "Possible" needs one of its distinctive bands present: a strong band it shares
            // with much of the library says too little on its own.
            const bool anyBand = std::any_of(j.bands.begin(), j.bands.end(),
                                             [](const BandEvidence &b) { return b.present && b.distinctive; });
            // Not detected: a high-risk one stays as "possible" only where one of its
            // distinctive bands is actually in the sample; anything else is left in the fit
            // (the curve) but not reported.
            if (!detected && !(e.alwaysScreen && anyBand))
                continue;
            MixtureComponent mc{row, e.substance, e.substanceClass, fc.fraction, fc.evidence,
                                detected ? MixtureComponent::Status::Detected : MixtureComponent::Status::Possible,
                                e.alwaysScreen, j.bands};
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
                r.warnings.push_back("possible " + c.substance + " (" + c.substanceClass + "): " + (c.bandsPresent() > 1 ? "its bands at " : "its band at ") + bandList(c)
                                     + " 1/cm stand" + (c.bandsPresent() > 1 ? "" : "s") + " out of the residual (" + shareOfSignalText(c.fraction)
                                     + " of the signal) but not enough of its bands to call it; confirm with a test strip or GC-MS");
        if (r.mainSubstanceUnknown)
            r.warnings.insert(r.warnings.begin(), "main substance unknown: nothing in the library explains the bulk of "
                                                  "the spectrum; only components whose every distinctive band is present "
                                                  "are reported");
    }

    const bool hasDetected = std::any_of(r.mixture.components.begin(), r.mixture.components.end(), [](const auto &c) {
        return c.status == MixtureComponent::Status::Detected;
    });
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
