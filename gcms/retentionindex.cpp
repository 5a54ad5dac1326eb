#include "gcms/retentionindex.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace candor::gcms {

AlkaneLadder::AlkaneLadder(std::vector<std::pair<int, double>> alkanes)
    : m_alkanes(std::move(alkanes))
{
    if (m_alkanes.size() < 2)
        throw std::invalid_argument("an n-alkane ladder needs at least two alkanes, " + std::to_string(m_alkanes.size()) +
                                    " given");
    for (std::size_t i = 0; i < m_alkanes.size(); ++i) {
        const auto &[n, t] = m_alkanes[i];
        if (n < 1 || !std::isfinite(t) || t < 0)
            throw std::invalid_argument("alkane " + std::to_string(i + 1) + " of the ladder has carbon number " +
                                        std::to_string(n) + " and time " + std::to_string(t) + " min");
        if (i > 0 && (n <= m_alkanes[i - 1].first || t <= m_alkanes[i - 1].second))
            throw std::invalid_argument("the ladder's alkanes must rise in carbon number and in time: C" + std::to_string(n) +
                                        " at " + std::to_string(t) + " min follows C" + std::to_string(m_alkanes[i - 1].first) +
                                        " at " + std::to_string(m_alkanes[i - 1].second) + " min");
    }
}

std::optional<double> AlkaneLadder::retentionIndex(double t) const
{
    if (!std::isfinite(t) || t < m_alkanes.front().second || t > m_alkanes.back().second)
        return std::nullopt;
    for (std::size_t i = 0; i + 1 < m_alkanes.size(); ++i) {
        const auto [n, tn] = m_alkanes[i];
        const auto [n1, tn1] = m_alkanes[i + 1];
        if (t <= tn1) {
            // Alkanes missing from the ladder (C10 then C12): the index still runs linearly
            // between the two that are there.
            return 100.0 * (n + double(n1 - n) * (t - tn) / (tn1 - tn));
        }
    }
    return std::nullopt;
}

std::optional<double> relativeRetention(double minutes, double internalStandardMinutes)
{
    if (!(internalStandardMinutes > 0) || !std::isfinite(minutes))
        return std::nullopt;
    return minutes / internalStandardMinutes;
}

} // namespace candor::gcms
