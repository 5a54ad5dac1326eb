#pragma once
// The private result slip for the person who brought a sample: the public code, what was
// found and plain-language safer-use notes for it, and nothing else (no notes, site,
// staff names or times beyond the date). Built only for verified results. The content is
// plain data so that the HTML here and the PDF (print/) say exactly the same.

#include <string>
#include <vector>

namespace candor::core {

class Database;
class Catalogue;
struct User;

struct SaferUseNote {
    std::string title;                // "Fentanyl or a fentanyl analogue"
    std::vector<std::string> notes;   // one sentence each
    std::vector<std::string> sources;
};

struct SlipContent {
    std::string publicCode;
    std::string verifiedOn;             // YYYY-MM-DD (UTC)
    std::string soldAs;                 // the person's own words, so they see the gap
    std::vector<std::string> found;     // "fentanyl (trace)", "no library match"
    bool referred = false;              // sent on for confirmatory testing
    std::vector<SaferUseNote> saferUse; // one per class found, in the order found
};

// The notes shipped in data/safer-use.json, by class key.
std::string_view shippedSaferUseJson();

// Throws ValidationError (field status) unless the sample is verified; NotFound for an
// unknown sample; PermissionDenied without a role that may view results.
SlipContent buildSlip(Database &db, Catalogue &catalogue, const std::string &sampleId, const User &actor);
// A complete, self-contained HTML page (UTF-8, inline style, escaped text).
std::string slipHtml(const SlipContent &slip);

} // namespace candor::core
