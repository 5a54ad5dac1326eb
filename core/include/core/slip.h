#pragma once
// The private result slip for the person who brought a sample: the public code, what was
// found with a plain-language line for each substance, the strip and reagent results,
// safer-use notes for what was found, the service's name and contact, and a notice when
// a match came from the demo library. Nothing else (no notes, site, staff names or times
// beyond the date). Built only for verified results. The content is plain data so that
// the HTML here and the PDF (print/) say exactly the same.

#include <string>
#include <vector>

namespace candor::core {

class Database;
class Catalogue;
struct User;

struct SaferUseNote {
    std::string title;              // "Fentanyl or a fentanyl analogue"
    std::vector<std::string> notes; // one sentence each
    std::vector<std::string> sources;
};

struct SlipFinding {
    std::string what;        // "Inositol (main substance)", "Possibly carfentanil (not certain)"
    std::string explanation; // "a sugar used as a cut"; empty when the data has none
};

struct SlipContent {
    std::string publicCode;
    std::string verifiedAtUtc;          // as stored
    std::string verifiedOn;             // YYYY-MM-DD, UTC until print::localizeSlip()
    std::string soldAs;                 // the person's own words, so they see the gap
    std::vector<SlipFinding> found;     // in the order the technician recorded them
    std::vector<std::string> tests;     // "Fentanyl test strip: positive - ...", "Marquis reagent: orange, then brown"
    bool referred = false;              // sent on for confirmatory testing
    std::vector<SaferUseNote> saferUse; // one per class found or tested positive, most dangerous first
    bool demoLibraryMatch = false;      // a spectrum was matched against the demo library
    std::string serviceName;            // the service's identity (core/serviceidentity.h)
    std::string serviceContact;
};

// The notes shipped in data/safer-use.json, by class key.
std::string_view shippedSaferUseJson();

// The plain-language line for a substance from the catalogue data's "descriptions"
// (data/catalogue.json): the substance's own, else its class's; "" when neither.
std::string plainDescription(const std::string &substance, const std::string &substanceClass);

// Throws ValidationError (field status) unless the sample is verified; NotFound for an
// unknown sample; PermissionDenied without a role that may view results.
SlipContent buildSlip(Database &db, Catalogue &catalogue, const std::string &sampleId, const User &actor);
// A complete, self-contained HTML page (UTF-8, inline style, escaped text).
std::string slipHtml(const SlipContent &slip);

} // namespace candor::core
