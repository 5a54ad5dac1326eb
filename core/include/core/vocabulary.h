#pragma once
// Candor's vocabulary: the words for the states and grades that travel between the
// database, the CLI, the JSON and QML, as enums. Each concept has one table (in
// vocabulary.cpp) from which both directions come: toString() gives the exact word that
// is stored and printed ("to-be-verified"), parse<E>() reads it back. They live in one
// file rather than beside each store because they are shared by every layer (a role is
// checked by every store, a severity is used by alerts and the app alike) and one
// generic parse keeps the error message the same for all of them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor::core {

// Where a sample is in the workflow (core/workflow.h): received -> in testing -> to be
// verified -> verified; any of them -> invalidated. Stored in samples.status.
enum class SampleStatus { Received, InTesting, ToBeVerified, Verified, Invalidated };

// How sure the technician is of a finding. Stored in findings.confidence.
enum class Confidence { Confirmed, Probable, Uncertain };

// How much of a substance a sample holds: the main component, a trace, or a measured
// percentage (the percentage itself is beside it). Stored in findings.abundance.
enum class Abundance { Primary, Trace, Percent };

// How urgent a community alert is, least to most: the order matters (alerts sort by it).
// Stored in alerts.severity and alert_publications.severity, named in the rules file.
enum class AlertSeverity { Information, Caution, Warning };

// What an account may do (core/permissions.h). Stored comma-separated in users.roles.
enum class Role { Technician, Verifier, Coordinator, Admin };

// What matching concludes for one spectrum, spelled as docs/cli.md spells it ("match",
// "uncertain", "no-match"); services maps the engine's own enum onto it. Stored in
// match_results.verdict.
enum class Verdict { Match, Uncertain, NoMatch };

// A mixture component the fit selected and whose distinctive bands the sample shows (a
// finding may be made of it), or a high-risk one that only stands out of the residual: a
// warning, never a finding. Stored in match_components.status.
enum class ComponentStatus { Detected, Possible };

// The word for a value, exactly as the database stores it and the front ends print it.
const std::string &toString(SampleStatus value);
const std::string &toString(Confidence value);
const std::string &toString(Abundance value);
const std::string &toString(AlertSeverity value);
const std::string &toString(Role value);
const std::string &toString(Verdict value);
const std::string &toString(ComponentStatus value);

// Reads a word back (exactly: callers that accept typed input normalize it first).
// Throws UnknownTerm (a ValidationError naming the field, e.g. "status") whose message
// says what was given and what was expected: "status: 'done' is not one of received,
// in-testing, to-be-verified, verified, invalidated" (verdicts and component statuses keep
// the wording their store used before: "verdict: 'x' is not match, uncertain or no-match").
template<class Enum>
Enum parse(std::string_view text);

// The non-throwing twin, for callers that word their own error (the rules file names
// the line and rule) or treat an unknown word as "none".
template<class Enum>
std::optional<Enum> tryParse(std::string_view text);

// Every word of a concept in the enum's order: for help texts, pickers and filters.
template<class Enum>
const std::vector<std::string> &allTerms();

// Every value of a concept in the enum's order.
template<class Enum>
std::vector<Enum> allValues();

// The field name an UnknownTerm of this concept carries ("status", "roles").
template<class Enum>
const char *termField();

// Roles as words ("technician, admin"): for messages and the comma-separated column.
std::vector<std::string> toStrings(const std::vector<Role> &roles);

// parse, tryParse, allTerms, allValues and termField exist for the seven enums above
// (instantiated in vocabulary.cpp); any other type fails to link.

} // namespace candor::core
