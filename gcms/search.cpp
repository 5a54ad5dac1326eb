#include "gcms/search.h"

#include <algorithm>
#include <cmath>

namespace candor::gcms {

std::vector<LibraryHit> searchLibrary(const NominalSpectrum &unknown, double minutes, std::optional<double> retentionIndex,
                                      const std::vector<LibrarySpectrum> &library, std::size_t top,
                                      const IdentificationRule &rule)
{
    std::vector<LibraryHit> hits;
    hits.reserve(library.size());
    for (std::size_t i = 0; i < library.size(); ++i) {
        LibraryHit h;
        h.entry = i;
        h.scores = identityScores(unknown, library[i].spectrum);
        if (h.scores.matchFactor == 0)
            continue;
        const auto &l = library[i];
        if (retentionIndex && l.retentionIndex)
            h.retentionIndexDelta = *retentionIndex - *l.retentionIndex;
        if (l.retentionMinutes)
            h.retentionMinutesDelta = minutes - *l.retentionMinutes;
        // The index decides when both sides have one; else the time on this method; with
        // neither, there is no retention evidence and so no identification.
        bool retentionAgrees = false;
        if (h.retentionIndexDelta)
            retentionAgrees = std::abs(*h.retentionIndexDelta) <= rule.maxRetentionIndexDelta;
        else if (h.retentionMinutesDelta)
            retentionAgrees = std::abs(*h.retentionMinutesDelta) <= rule.maxRetentionMinutesDelta;
        h.identified = retentionAgrees && h.scores.matchFactor >= rule.minMatchFactor;
        hits.push_back(h);
    }
    std::stable_sort(hits.begin(), hits.end(), [](const LibraryHit &a, const LibraryHit &b) {
        if (a.scores.matchFactorExact != b.scores.matchFactorExact)
            return a.scores.matchFactorExact > b.scores.matchFactorExact;
        if (a.scores.reverseMatchFactorExact != b.scores.reverseMatchFactorExact)
            return a.scores.reverseMatchFactorExact > b.scores.reverseMatchFactorExact;
        return a.identified && !b.identified; // the same spectrum in two libraries: the one that identifies
    });
    if (hits.size() > top)
        hits.resize(top);
    return hits;
}

} // namespace candor::gcms
