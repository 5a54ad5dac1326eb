#include "core/verdict.h"
#include "core/errors.h"

#include <string>

namespace candor::core {

std::string_view toString(Verdict verdict) noexcept
{
    switch (verdict) {
    case Verdict::Match: return "match";
    case Verdict::Uncertain: return "uncertain";
    case Verdict::NoMatch: break;
    }
    return "no-match";
}

Verdict parseVerdict(std::string_view text)
{
    for (Verdict v : {Verdict::Match, Verdict::Uncertain, Verdict::NoMatch})
        if (text == toString(v))
            return v;
    throw ValidationError("verdict", "verdict: '" + std::string(text) + "' is not match, uncertain or no-match");
}

std::string_view toString(ComponentStatus status) noexcept
{
    return status == ComponentStatus::Possible ? "possible" : "detected";
}

ComponentStatus parseComponentStatus(std::string_view text)
{
    for (ComponentStatus s : {ComponentStatus::Detected, ComponentStatus::Possible})
        if (text == toString(s))
            return s;
    throw ValidationError("status", "component status: '" + std::string(text) + "' is not detected or possible");
}

} // namespace candor::core
