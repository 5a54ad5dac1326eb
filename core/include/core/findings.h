#pragma once
// Findings: the technician's conclusion on a sample. Each finding is a substance with
// its abundance, the techniques that support it and a confidence, or one of the two
// legitimate non-answers, "uncertain match" and "no library match". Setting findings
// also decides whether the sample goes to a confirmatory lab, and records why.

#include "core/catalogue.h"
#include "core/vocabulary.h"

#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
class Catalogue;
struct User;

const std::vector<std::string> &findingKinds();       // substance, uncertain, no-match
const std::vector<std::string> &findingAbundances();  // allTerms<Abundance>()
const std::vector<std::string> &findingConfidences(); // allTerms<Confidence>()
const std::vector<std::string> &findingTechniques();  // strip, reagent, ftir, raman, gc-ms, ...

struct FindingInput {
    std::string kind = "substance";
    std::optional<std::string> substance; // needed for kind substance; optional for uncertain
    std::optional<Abundance> abundance;   // primary when empty, for a substance
    std::optional<double> percent;        // with abundance percent
    std::vector<std::string> techniques;
    Confidence confidence = Confidence::Confirmed;
};

struct Finding {
    std::string id;
    std::string sampleId;
    std::string kind;
    std::optional<std::string> substance;
    std::optional<std::string> substanceClass; // from the catalogue when known
    bool known = false;                        // the catalogue knows the substance
    std::optional<Abundance> abundance;        // for a substance
    std::optional<double> percent;             // with Abundance::Percent
    std::vector<std::string> techniques;
    Confidence confidence = Confidence::Confirmed;
    std::string createdAt;
    std::string createdByName;

    // "fentanyl (trace; strip, ftir)", "uncertain match", "no library match"
    std::string describe() const;
};

// "fentanyl", "fentanyl:trace", "caffeine:primary", "mdma:35%": the CLI's --component and
// the app's entry field. ValidationError naming `component` otherwise.
FindingInput parseComponent(const std::string &text);

class FindingStore {
public:
    FindingStore(Database &db, Catalogue &catalogue)
        : m_db(db)
        , m_catalogue(catalogue)
    {
    }

    // Replaces the sample's findings with `findings` (in this order) in one transaction,
    // works out the confirmatory-lab referral (the rules in referralReasons(), plus
    // `manualReferral` when given) and writes one audit entry with the old and new set.
    // Needs the technician role and a sample that is received or in testing (a received
    // sample moves to in testing). ValidationError names the bad field.
    std::vector<Finding> set(const std::string &sampleId, const std::vector<FindingInput> &findings,
                             const std::optional<std::string> &manualReferral, const User &actor);

    std::vector<Finding> list(const std::string &sampleId);

    // What a finding stores for a written name: the catalogue name it stands for (the
    // name, a whole-phrase synonym such as "fent", or either without salt or hydrate words:
    // the one lookup references use too, core::Catalogue::resolveReferenceName), else the
    // normalized text.
    std::string findingName(const std::string &written);

    // The recorded referral reason(s), "; "-separated; nullopt when not referred.
    std::optional<std::string> referral(const std::string &sampleId);

    // domain.md: a positive strip with no finding of its class, four or more components,
    // a substance never seen before (not in the catalogue and in no other sample), or an
    // uncertain or missing library match send the sample to a confirmatory lab.
    std::vector<std::string> referralReasons(const std::string &sampleId, const std::vector<Finding> &findings);

private:
    Database &m_db;
    Catalogue &m_catalogue;
};

} // namespace candor::core
