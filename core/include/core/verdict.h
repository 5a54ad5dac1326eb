#pragma once
// What matching concludes, as core keeps it: the verdict of one matched spectrum and the
// status of each mixture component. Spelled as docs/cli.md spells them ("match",
// "uncertain", "no-match"; "detected", "possible"), the same in the database, the CLI's
// JSON and the app; services maps the engine's own enums onto these.

#include <string_view>

namespace candor::core {

enum class Verdict { Match, Uncertain, NoMatch };

// A component the fit selected and whose distinctive bands the sample shows (a finding
// may be made of it), or a high-risk one that only stands out of the residual: a
// warning, never a finding.
enum class ComponentStatus { Detected, Possible };

// "match", "uncertain", "no-match".
std::string_view toString(Verdict verdict) noexcept;
// The inverse; throws ValidationError (field "verdict") naming the text otherwise.
Verdict parseVerdict(std::string_view text);

// "detected", "possible".
std::string_view toString(ComponentStatus status) noexcept;
// The inverse; throws ValidationError (field "status") naming the text otherwise.
ComponentStatus parseComponentStatus(std::string_view text);

} // namespace candor::core
