#pragma once
// The export's anonymity check on one alert, as a function every step calls: drafting
// (to flag what could not go out), the editor's preview, `publish`, `cancel` and the site
// export itself. One check means that whatever a coordinator can publish, the site can
// export. A refusal names the alert, the field and the rule, and what to do about it;
// never the identifying text itself, which would leak into logs and screens.

#include "alerts/alert.h"
#include "alerts/anonymizer.h"
#include "alerts/verifiedsample.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace candor::alerts {

// Rule names, as refusals and tests spell them.
inline constexpr const char *kRuleNoIdentifyingText = "no identifying text";
inline constexpr const char *kRuleSmallSoldAsGroup = "minimum group size";

// One field of one alert that may not be published as it stands.
struct AlertRefusal {
    std::string alertId;
    std::string field;  // headline, found, sold_as, advice, reason, or a rendered file (cap/ID-2.xml)
    std::string rule;   // kRuleNoIdentifyingText, kRuleSmallSoldAsGroup
    std::string remedy; // what the coordinator can do: "edit the headline so ..."

    // "alert 1a2b3c4d: the headline names a sold-as group of fewer than 5 samples (rule:
    // minimum group size); edit the headline so ..."
    std::string sentence() const;
    bool operator==(const AlertRefusal &) const = default;
};

// An alert (or one message of it) refused by the check: every refusal, in field order.
class AlertRefused : public PublicationRefused {
public:
    explicit AlertRefused(std::vector<AlertRefusal> refusals);
    const std::vector<AlertRefusal> &refusals() const noexcept { return m_refusals; }

private:
    std::vector<AlertRefusal> m_refusals;
};

// The public text of one alert message and the sold-as groups of the samples it rests on.
struct AlertText {
    std::string alertId;
    std::string headline;
    std::string found;
    std::string soldAs;
    std::string advice;
    std::string reason;                      // a withdrawal's reason
    std::map<std::string, int> soldAsGroups; // soldAsGroup() -> samples of this alert
};

AlertText alertText(const Alert &alert, const std::map<std::string, int> &groups);
AlertText alertText(const Publication &publication, const std::map<std::string, int> &groups);

// Sold-as groups that are no particular drug ("other", "not known"): always nameable.
bool isCatchAllGroup(const std::string &group);

// What the drafter writes for {sold_as}: the groups that may be named, in order, with the
// small ones folded into "other drugs" ("cocaine and other drugs"); "various drugs" when
// none may be named. `groups` is in order of first appearance.
std::string nameableSoldAs(const std::vector<std::pair<std::string, int>> &groups, int threshold);

class AlertCheck {
public:
    // `samples` are every sample the site's figures come from (the forbidden words of
    // every one of them count, as in the export); `internalTerms` further words no output
    // may contain (staff names, ids).
    AlertCheck(const std::vector<VerifiedSample> &samples, const std::set<std::string> &internalTerms,
               AnonymizationPolicy policy = {});

    const AnonymizationPolicy &policy() const { return m_policy; }
    // Words the site may print even when a sample used them (regions, substance names,
    // sold-as groups...), and the words none may print.
    const std::set<std::string> &forbiddenTerms() const { return m_forbidden; }
    static std::set<std::string> publicVocabulary(const std::vector<VerifiedSample> &samples);

    // The sold-as groups of these samples (ids not among the check's samples are skipped).
    std::map<std::string, int> groupsOf(const std::vector<std::string> &sampleIds) const;

    // Every refusal of this text; empty when it may be published.
    std::vector<AlertRefusal> check(const AlertText &text) const;
    // The same, throwing AlertRefused when there is any.
    void require(const AlertText &text) const;

private:
    AnonymizationPolicy m_policy;
    std::set<std::string> m_forbidden;
    std::map<std::string, std::string> m_groupOfSample;
};

} // namespace candor::alerts
