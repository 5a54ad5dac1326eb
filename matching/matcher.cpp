#include "matcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

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

        // Several spectra of one substance: report the substance once.
        std::map<std::string, std::size_t> bySubstance;
        for (const FittedComponent &fc : fit.components) {
            const std::size_t row = cand[fc.candidate];
            const CompiledEntry &e = entries[row];
            const bool detected = fc.selected && (!e.alwaysScreen || fc.evidence >= th.highRiskEvidence);
            MixtureComponent mc{row, e.substance, e.substanceClass, fc.fraction, fc.evidence,
                                detected ? MixtureComponent::Status::Detected : MixtureComponent::Status::Possible,
                                e.alwaysScreen};
            auto it = bySubstance.find(e.substance);
            if (it == bySubstance.end()) {
                bySubstance.emplace(e.substance, r.mixture.components.size());
                r.mixture.components.push_back(mc);
            } else {
                MixtureComponent &prev = r.mixture.components[it->second];
                if (fc.selected)
                    prev.fraction += fc.fraction;
                prev.evidence = std::max(prev.evidence, fc.evidence);
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
                    MixtureComponent &prev = kept[it->second];
                    if (c.evidence > prev.evidence || (c.evidence == prev.evidence && c.fraction > prev.fraction))
                        prev = c;
                }
            }
            r.mixture.components = std::move(kept);
        }
        std::stable_sort(r.mixture.components.begin(), r.mixture.components.end(),
                         [](const MixtureComponent &a, const MixtureComponent &b) {
                             if (a.status != b.status)
                                 return a.status == MixtureComponent::Status::Detected;
                             return a.fraction > b.fraction;
                         });
        r.mixture.residual = fit.residual;
        r.mixture.explained = fit.explained;
        r.mixture.fitted = std::move(fit.fitted);
        r.mixture.residualCurve = std::move(fit.residualCurve);
        for (const MixtureComponent &c : r.mixture.components)
            if (c.highRisk && c.status == MixtureComponent::Status::Possible)
                // The share of the signal says more at the bench than the internal evidence
                // score, which is relative to the other high-risk candidates and often 0.
                r.warnings.push_back("possible " + c.substance + " (" + c.substanceClass + "): adding it improves the fit ("
                                     + shareOfSignalText(c.fraction)
                                     + " of the signal) but not enough to call it; confirm with a test strip or GC-MS");
    }

    const bool hasDetected = std::any_of(r.mixture.components.begin(), r.mixture.components.end(), [](const auto &c) {
        return c.status == MixtureComponent::Status::Detected;
    });
    const double explained = hasDetected ? r.mixture.explained : 0.0;
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
