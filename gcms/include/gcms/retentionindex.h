#pragma once
// Retention indices from an n-alkane ladder run on the same method (van den Dool & Kratz,
// for temperature-programmed runs): RI = 100·[n + (t − tₙ)/(tₙ₊₁ − tₙ)], t between the
// alkanes of n and n + 1 carbons. Without a ladder, retention relative to an internal
// standard the method declares (an n-alkane spike is common): t / t_IS.

#include <optional>
#include <utility>
#include <vector>

namespace candor::gcms {

class AlkaneLadder {
public:
    // (carbon number, retention time in minutes) of each alkane found in the ladder run.
    // Throws std::invalid_argument when fewer than two are given, or carbon numbers or
    // times do not both rise strictly (a mislabelled ladder gives wrong indices silently).
    explicit AlkaneLadder(std::vector<std::pair<int, double>> alkanes);

    // nullopt outside the ladder: extrapolating past the last alkane is not an index.
    std::optional<double> retentionIndex(double minutes) const;

    const std::vector<std::pair<int, double>> &alkanes() const noexcept { return m_alkanes; }

private:
    std::vector<std::pair<int, double>> m_alkanes;
};

// Retention time relative to the internal standard's (t / t_IS); nullopt when t_IS is not
// positive.
std::optional<double> relativeRetention(double minutes, double internalStandardMinutes);

} // namespace candor::gcms
