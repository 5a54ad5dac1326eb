#pragma once
// Drafting and publishing alerts: matches verified samples against the rules, groups the
// matches by rule, region and window into drafts (a new match updates the open draft
// instead of making another), and records every publication, update and cancel. The
// app's coordinator pages and `candor-cli alerts ...` both call this.

#include "alerts/advice.h"
#include "alerts/alert.h"
#include "alerts/rules.h"
#include "alerts/verifiedsample.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace candor::core {
class AlertDraftStore;
struct User;
} // namespace candor::core

namespace candor::alerts {

struct RefreshResult {
    int created = 0; // new drafts
    int updated = 0; // drafts or published alerts whose samples changed
    int unchanged = 0;
};

// What a coordinator may edit before publishing; unset fields stay as they are.
struct AlertEdit {
    std::optional<std::string> headline;
    std::optional<std::string> found;
    std::optional<std::string> soldAs;
    std::optional<std::string> advice;
    std::optional<std::string> severity;
};

class AlertCheck;

class DraftService {
public:
    // The drafts are kept in `store` (core/sqlite/sqlitealertdraftstore.h over a Candor
    // database), which must outlive this service.
    DraftService(core::AlertDraftStore &store, RuleBook rules, SaferUseAdvice advice = {});

    // Matches every sample against every rule and creates or updates the drafts.
    // `knownSubstances` are those the service knew before its first sample (the
    // catalogue): they are never "new".
    RefreshResult refresh(const std::vector<VerifiedSample> &samples, const std::set<std::string> &knownSubstances = {});

    // Newest window first; `status` filters (draft, published, cancelled).
    std::vector<Alert> list(const std::optional<std::string> &status = std::nullopt);
    // By id or a unique id prefix of 4 or more characters; NotFound otherwise.
    Alert get(const std::string &idOrPrefix);

    // Needs the coordinator role. ValidationError for a cancelled alert or an unknown severity.
    Alert edit(const std::string &id, const AlertEdit &edit, const core::User &actor);
    // First publication (msgType Alert) of a draft, or an Update of a published alert.
    // Needs the coordinator role (PermissionDenied). Runs the export's check on the text
    // first: AlertRefused (alert, field, rule, what to do) and nothing published when it fails.
    Publication publish(const std::string &id, const core::User &actor, const AlertCheck &check);
    // A withdrawal: a Cancel referencing the earlier messages (a draft never published is
    // just dismissed). Needs the coordinator role and a reason; AlertRefused when the
    // withdrawal (which repeats the last text) would fail the export's check.
    std::optional<Publication> cancel(const std::string &id, const std::string &reason, const core::User &actor,
                                      const AlertCheck &check);

    // Every message of one alert, oldest first.
    std::vector<Publication> history(const std::string &id);
    // Every message of every alert, for the publishers.
    std::vector<Publication> publications();

private:
    void requireCoordinator(const core::User &actor, const std::string &action) const;

    core::AlertDraftStore &m_store;
    RuleBook m_rules; // a copy: callers often pass rulesInForce(db), a temporary
    SaferUseAdvice m_advice;
};

} // namespace candor::alerts
