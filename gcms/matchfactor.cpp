#include "gcms/matchfactor.h"

#include <algorithm>
#include <cmath>

namespace candor::gcms {

namespace {

// One side of the score: forward (reverse = false) or reverse.
double composite(const NominalSpectrum &u, const NominalSpectrum &l, bool reverse)
{
    double sul = 0, suu = 0, sll = 0;
    int n1 = 0;
    int n2 = 0;
    double f2Weighted = 0, f2Mass = 0;
    // The previous entry of the union that counted: shared (with its intensities) or not.
    bool previousShared = false;
    double previousU = 0, previousL = 0;
    std::size_t i = 0, j = 0;
    while (i < u.size() || j < l.size()) {
        const bool takeU = j >= l.size() || (i < u.size() && u[i].mass <= l[j].mass);
        const bool takeL = i >= u.size() || (j < l.size() && l[j].mass <= u[i].mass);
        if (takeU && takeL) {
            const double m = u[i].mass;
            const double iu = u[i].intensity, il = l[j].intensity;
            const double wu = std::sqrt(m * iu), wl = std::sqrt(m * il);
            sul += wu * wl;
            suu += wu * wu;
            sll += wl * wl;
            ++n1;
            if (previousShared) {
                const double r = (std::sqrt(iu) * std::sqrt(previousL)) / (std::sqrt(previousU) * std::sqrt(il));
                f2Weighted += m * std::min(r, 1.0 / r);
                f2Mass += m;
                ++n2;
            }
            previousShared = true;
            previousU = iu;
            previousL = il;
            ++i;
            ++j;
        } else if (takeU) {
            // Unknown-only: outside the reverse search, and below 2 outside the forward one.
            if (!reverse && u[i].intensity > 1) {
                const double m = u[i].mass;
                suu += m * u[i].intensity;
                previousShared = false;
            }
            ++i;
        } else {
            sll += double(l[j].mass) * l[j].intensity;
            previousShared = false;
            ++j;
        }
    }
    if (n1 == 0 || suu <= 0 || sll <= 0)
        return 0;
    const double f1 = sul * sul / (suu * sll);
    const double f2 = n2 > 0 ? f2Weighted / f2Mass : 0;
    return 1000.0 * (n1 * f1 + n2 * f2) / (n1 + n2);
}

int reported(double exact)
{
    return int(std::min(999.0, std::nearbyint(exact)));
}

} // namespace

MatchScores identityScores(const NominalSpectrum &unknown, const NominalSpectrum &library)
{
    MatchScores s;
    s.matchFactorExact = composite(unknown, library, false);
    s.reverseMatchFactorExact = composite(unknown, library, true);
    s.matchFactor = reported(s.matchFactorExact);
    s.reverseMatchFactor = reported(s.reverseMatchFactorExact);
    return s;
}

} // namespace candor::gcms
