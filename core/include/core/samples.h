#pragma once
// Samples: what one person brought, with no identity attached. Intake validates every
// field and names the one that is wrong; listing is paged so that front ends stay fast
// over hundreds of thousands of samples.

#include "core/vocabulary.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
class Catalogue;
struct User;

const std::vector<std::string> &sampleForms();    // powder, crystal, rock, pill, ...
const std::vector<std::string> &intakeChannels(); // walk-in, mail-in, event, outreach
const std::vector<std::string> &sampleTypes();    // substance, residue
const std::vector<std::string> &sampleStatuses(); // allTerms<SampleStatus>()

// What intake collects. Empty optionals mean "not given".
struct SampleInput {
    std::optional<std::string> receivedAt; // UTC; now when empty
    std::optional<std::string> site;       // site name; the first site when empty
    std::string intakeChannel = "walk-in";
    std::string soldAs; // the person's words, verbatim
    std::string form;
    std::optional<std::string> colour;
    std::optional<std::string> texture;
    std::optional<std::string> pillLogo;
    std::optional<std::string> pillScoreLine;
    std::optional<double> pillDiameterMm;
    std::optional<double> pillThicknessMm;
    std::optional<double> pillMassMg;
    std::string sampleType = "substance";
    std::optional<std::string> reportedEffects;
    std::optional<bool> overdoseInvolved;
    bool researchConsent = false;
    std::optional<std::string> notes;
    bool isDemo = false;
};

// One invalid intake field: `field` is its name in domain.md (pill_diameter_mm),
// `message` starts with it ("pill_diameter_mm: must be between 1 and 40 mm").
struct FieldError {
    std::string field;
    std::string message;
};

struct Sample {
    std::string id;
    std::string publicCode;
    std::string receivedAt;
    std::string siteId;
    std::string siteName;
    std::string region;
    std::string intakeChannel;
    std::string soldAs;
    std::optional<std::string> soldAsSubstance;
    std::string form;
    std::optional<std::string> colour;
    std::optional<std::string> texture;
    std::optional<std::string> pillLogo;
    std::optional<std::string> pillScoreLine;
    std::optional<double> pillDiameterMm;
    std::optional<double> pillThicknessMm;
    std::optional<double> pillMassMg;
    std::string sampleType;
    std::optional<std::string> reportedEffects;
    std::optional<bool> overdoseInvolved;
    bool researchConsent = false;
    std::optional<std::string> notes;
    SampleStatus status = SampleStatus::Received;
    bool isDemo = false;
    std::string createdAt;
    std::string createdBy;                     // user id
    std::string createdByName;                 // user name
    std::optional<std::string> referralReason; // why it should go to a confirmatory lab
    std::optional<std::string> statusReason;   // why it was last returned or invalidated
    std::optional<std::string> submittedBy;    // user id
    std::optional<std::string> submittedByName;
    std::optional<std::string> submittedAt;
    std::optional<std::string> verifiedByName;
    std::optional<std::string> verifiedAt;

    // Sent back by a verifier and not submitted again yet: in testing with the reason of
    // the return (submitting clears it; an invalidated sample keeps its own status).
    bool isReturned() const { return status == SampleStatus::InTesting && statusReason.has_value(); }
};

// Filters for the samples list; every one optional.
struct SampleQuery {
    std::optional<SampleStatus> status;
    std::optional<std::string> soldAs; // matches the verbatim text or the normalized substance
    std::optional<std::string> site;   // site name
    std::optional<std::string> from;   // received at or after (UTC date or time)
    std::optional<std::string> to;     // received before the end of this date/time
    std::optional<std::string> text;   // public code, sold-as, colour or logo contains
    std::optional<bool> demo;          // only demo samples (true) or only real ones (false)
    bool returnedOnly = false;         // only samples returned for testing (Sample::isReturned)
};

class SampleStore {
public:
    SampleStore(Database &db, Catalogue &catalogue)
        : m_db(db)
        , m_catalogue(catalogue)
    {
    }

    // Validates (ValidationError names the field), normalizes sold-as, gives the sample
    // a unique public code, and stores it in one transaction.
    Sample add(const SampleInput &input, const User &actor);
    // Every field that is wrong, in the order intake shows them (what it is, then where
    // and when), without touching the database; empty when the input is fine.
    std::vector<FieldError> check(const SampleInput &input);
    // Throws ValidationError for the first field check() finds wrong.
    void validate(const SampleInput &input);

    std::optional<Sample> find(const std::string &id);
    // By id, by public code (any case, dash optional), or by a unique id prefix of 8+.
    Sample resolve(const std::string &idOrCode);

    std::int64_t count(const SampleQuery &query);
    // Newest first.
    std::vector<Sample> list(const SampleQuery &query, std::int64_t offset, std::int64_t limit);
    // The review queue: samples waiting for verification, oldest submission first.
    std::vector<Sample> waitingForVerification(std::int64_t limit = 500);

private:
    Database &m_db;
    Catalogue &m_catalogue;
};

} // namespace candor::core
