#include "alerts/verifiedsample.h"

namespace candor::alerts {

bool VerifiedSample::hasClass(const std::string &substanceClass) const
{
    for (const auto &f : findings)
        if (f.substanceClass == substanceClass)
            return true;
    return false;
}

bool VerifiedSample::hasSubstance(const std::string &substance) const
{
    for (const auto &f : findings)
        if (f.substance == substance)
            return true;
    return false;
}

std::optional<double> VerifiedSample::doseMg(const std::string &substance) const
{
    for (const auto &f : findings) {
        if (f.substance != substance)
            continue;
        if (f.amountMg)
            return f.amountMg;
        if (f.percent && pillMassMg)
            return *f.percent / 100.0 * *pillMassMg;
    }
    return std::nullopt;
}

} // namespace candor::alerts
