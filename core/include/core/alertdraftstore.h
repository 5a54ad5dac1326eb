#pragma once
// Where alert drafts, their samples and their publications are kept. The alerts library
// decides what to draft, publish or withdraw; this store only keeps the result, so a
// second backend implements this interface and the alerts code stays as it is.

#include "core/alert.h"
#include "core/storetransaction.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace candor::core {

struct User;

// The public text of an alert that a refresh recomputes from its samples.
struct DraftText {
    std::string headline;
    std::string found;
    std::string soldAs;
    std::string advice;
};

class AlertDraftStore {
public:
    virtual ~AlertDraftStore();

    // Several calls as one unit: rolls back unless committed; nests inside an open one.
    virtual std::unique_ptr<StoreTransaction> begin() = 0;

    // Newest window first, then warnings, cautions, the rest, then region and rule;
    // `status` filters (draft, published, cancelled). Each with its sample ids, sorted.
    virtual std::vector<Alert> list(const std::optional<std::string> &status) = 0;
    // By exact id, with its sample ids.
    virtual std::optional<Alert> find(const std::string &id) = 0;
    // At most `limit` ids equal to `prefix` or starting with it.
    virtual std::vector<std::string> idsStartingWith(const std::string &prefix, int limit) = 0;
    // The alert of one rule, region and window (there is at most one).
    virtual std::optional<Alert> findForWindow(const std::string &ruleId, const std::string &region,
                                               const std::string &windowStart) = 0;
    // True when any of these samples is a demo sample (unknown ids are not).
    virtual bool anyDemoSample(const std::vector<std::string> &sampleIds) = 0;

    // A new draft with `alert`'s rule, region, window, severity, text, sample count and
    // sample ids, created and updated at `alert.createdAt`.
    virtual void insertDraft(const Alert &alert) = 0;
    // The samples that match an alert now: its count and sample ids replaced, its text
    // too unless `text` is nullopt (a coordinator's edited text is kept). A published
    // alert then needs an update.
    virtual void updateMatches(const std::string &id, const std::optional<DraftText> &text,
                               const std::set<std::string> &sampleIds, const std::string &at) = 0;
    // A coordinator's edit of the text and severity: marks the alert edited (and a
    // published one as needing an update).
    virtual void saveEdit(const Alert &alert, const std::string &at) = 0;
    virtual void markPublished(const std::string &id, const std::string &at) = 0;
    virtual void markCancelled(const std::string &id, const std::string &at) = 0;

    // One message that went out; an empty reason is stored as none.
    virtual void insertPublication(const Publication &publication) = 0;
    // Every message of one alert, oldest first.
    virtual std::vector<Publication> history(const std::string &alertId) = 0;
    // Every message of every alert, by alert then sequence.
    virtual std::vector<Publication> publications() = 0;

    // An audit entry about one alert, written with the change (call it inside begin()).
    virtual void recordAudit(const User &actor, const std::string &alertId, const std::string &action,
                             const nlohmann::json &before, const nlohmann::json &after, const std::string &reason = {}) = 0;
};

} // namespace candor::core
