#pragma once
// The life of a result: received -> in testing -> to be verified -> verified, with
// return (back to in testing, with a reason) and invalidate (with a reason; a result is
// never deleted). Each transition checks the role, the current state and the four-eyes
// rule, and commits together with its audit entry in one transaction.

#include "core/vocabulary.h"

#include <string>
#include <vector>

namespace candor::core {

class Database;
struct User;

// Readings, findings and instrument files may change only while a sample is received or
// in testing; once submitted, a verifier must return it first.
bool isOpenForTesting(SampleStatus status);

// A received sample moves to in testing with its first test (a reading or an instrument
// file), audited as "start-testing"; inside the caller's transaction. No-op otherwise.
void markSampleInTesting(Database &db, const std::string &sampleId, const User &actor);

struct AlertUpdateRequest {
    std::string id;
    std::string sampleId;
    std::string reason;
    std::string requestedAt;
};

class Workflow {
public:
    explicit Workflow(Database &db)
        : m_db(db)
    {
    }

    // Technician; the sample is in testing (or received) and has at least one finding.
    void submit(const std::string &sampleId, const User &actor);
    // Verifier; to be verified; never by the user who submitted it (PermissionDenied).
    void verify(const std::string &sampleId, const User &actor);
    // Verifier; to be verified -> in testing. ValidationError for an empty reason.
    void returnForTesting(const std::string &sampleId, const std::string &reason, const User &actor);
    // Verifier or coordinator; any state but invalidated. A verified result also gets an
    // alert update request, so that alerts built on it are corrected.
    void invalidate(const std::string &sampleId, const std::string &reason, const User &actor);

    // Whether `actor` may verify this sample now (role, state, four eyes): for front ends.
    bool canVerify(const std::string &sampleId, const User &actor);

    // Invalidated results whose alerts still need updating (for the alerts module).
    std::vector<AlertUpdateRequest> openAlertUpdates();

private:
    Database &m_db;
};

} // namespace candor::core
