#include "alerts/draftservice.h"

#include "alerts/alertcheck.h"
#include "alerts/anonymizer.h"
#include "alerts/isoweek.h"
#include "core/alertdraftstore.h"
#include "core/errors.h"
#include "core/users.h"
#include "core/util.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace candor::alerts {

namespace {

std::string joinWords(const std::vector<std::string> &items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

std::string capitalized(std::string s)
{
    if (!s.empty())
        s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string fillTemplate(std::string text, const std::string &found, const std::string &soldAs, const std::string &region)
{
    auto replace = [&](const std::string &key, const std::string &value) {
        for (std::size_t pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size()))
            text.replace(pos, key.size(), value);
    };
    replace("{found}", found);
    replace("{sold_as}", soldAs);
    replace("{region}", region);
    return capitalized(text);
}

struct Group {
    const Rule *rule = nullptr;
    std::string region;
    int window = 0;
    std::set<std::string> sampleIds;
    std::vector<std::string> found; // in order of first appearance
    std::vector<std::string> classes;
    std::vector<std::string> soldAs; // groups, in order of first appearance
    std::map<std::string, std::set<std::string>> soldAsSamples;
};

void addOnce(std::vector<std::string> &list, const std::string &value)
{
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

} // namespace

DraftService::DraftService(core::AlertDraftStore &store, RuleBook rules, SaferUseAdvice advice)
    : m_store(store)
    , m_rules(std::move(rules))
    , m_advice(std::move(advice))
{
}

RefreshResult DraftService::refresh(const std::vector<VerifiedSample> &input, const std::set<std::string> &knownSubstances)
{
    std::vector<const VerifiedSample *> samples;
    for (const auto &s : input)
        samples.push_back(&s);
    std::stable_sort(samples.begin(), samples.end(), [](auto *a, auto *b) { return a->receivedAt < b->receivedAt; });

    std::set<std::string> seen = knownSubstances;
    std::map<std::tuple<std::string, std::string, int>, Group> groups;
    for (const VerifiedSample *s : samples) {
        std::set<std::string> novel;
        for (const auto &f : s->findings)
            if (f.technique != "strip" && f.substanceClass != "unidentified" && !seen.count(f.substance))
                novel.insert(f.substance);
        const IsoWeek week = isoWeekOf(s->receivedAt);
        for (const Rule &rule : m_rules.rules()) {
            const auto triggers = rule.triggers(*s, novel);
            if (triggers.empty())
                continue;
            const int window = week.index >= 0 ? week.index / rule.windowWeeks
                                               : (week.index - rule.windowWeeks + 1) / rule.windowWeeks;
            Group &g = groups[{rule.id, s->region, window}];
            g.rule = &rule;
            g.region = s->region;
            g.window = window;
            g.sampleIds.insert(s->id);
            for (const auto &f : triggers) {
                addOnce(g.found, f.substance);
                addOnce(g.classes, f.substanceClass);
            }
            addOnce(g.soldAs, soldAsGroup(*s));
            g.soldAsSamples[soldAsGroup(*s)].insert(s->id);
        }
        for (const auto &f : s->findings)
            if (f.technique != "strip")
                seen.insert(f.substance);
    }

    RefreshResult result;
    const auto tx = m_store.begin();
    const std::string now = core::nowUtc();
    std::set<std::string> touched;
    for (const auto &[key, g] : groups) {
        const std::string start = isoWeekFromIndex(g.window * g.rule->windowWeeks).text();
        const std::string end = isoWeekFromIndex(g.window * g.rule->windowWeeks + g.rule->windowWeeks - 1).text();
        const std::string found = joinWords(g.found);
        // Only groups the figures may show are named; small ones fold into "other drugs",
        // so that the draft passes the very check publishing and the export run.
        std::vector<std::pair<std::string, int>> soldAsCounts;
        for (const auto &group : g.soldAs)
            soldAsCounts.emplace_back(group, int(g.soldAsSamples.at(group).size()));
        const std::string soldAs = nameableSoldAs(soldAsCounts, AnonymizationPolicy{}.suppressionThreshold);
        const std::string headline = fillTemplate(g.rule->headline, found, soldAs, g.region);
        const std::string advice = m_advice.forClasses(g.classes);

        const std::optional<Alert> existing = m_store.findForWindow(g.rule->id, g.region, start);
        if (!existing) {
            Alert draft;
            draft.id = core::newId();
            draft.ruleId = g.rule->id;
            draft.region = g.region;
            draft.windowStart = start;
            draft.windowEnd = end;
            draft.severity = g.rule->severity;
            draft.headline = headline;
            draft.found = found;
            draft.soldAs = soldAs;
            draft.advice = advice;
            draft.sampleCount = int(g.sampleIds.size());
            draft.sampleIds.assign(g.sampleIds.begin(), g.sampleIds.end());
            draft.createdAt = now;
            m_store.insertDraft(draft);
            touched.insert(draft.id);
            ++result.created;
            continue;
        }
        touched.insert(existing->id);
        const std::set<std::string> before(existing->sampleIds.begin(), existing->sampleIds.end());
        if (before == g.sampleIds || existing->status == "cancelled") {
            ++result.unchanged;
            continue;
        }
        // An edited text is the coordinator's: keep it, update only the count.
        m_store.updateMatches(existing->id,
                              existing->edited ? std::nullopt : std::optional(core::DraftText{headline, found, soldAs, advice}),
                              g.sampleIds, now);
        ++result.updated;
    }
    // Alerts whose samples no longer match (invalidated results) drop to zero samples;
    // a published one then needs an update.
    for (const Alert &a : list()) {
        if (touched.count(a.id) || a.sampleCount == 0 || a.status == "cancelled")
            continue;
        m_store.updateMatches(a.id, std::nullopt, {}, now);
        ++result.updated;
    }
    tx->commit();
    return result;
}

std::vector<Alert> DraftService::list(const std::optional<std::string> &status)
{
    return m_store.list(status);
}

Alert DraftService::get(const std::string &idOrPrefix)
{
    if (idOrPrefix.size() < 4)
        throw core::NotFound("no alert with the id '" + idOrPrefix + "' (give at least 4 characters)");
    const std::vector<std::string> ids = m_store.idsStartingWith(idOrPrefix, 2);
    if (ids.empty())
        throw core::NotFound("no alert with the id '" + idOrPrefix + "'");
    if (ids.size() > 1)
        throw core::NotFound("the id '" + idOrPrefix + "' fits several alerts: give more of it");
    return *m_store.find(ids.front());
}

void DraftService::requireCoordinator(const core::User &actor, const std::string &action) const
{
    if (!actor.hasRole(core::Role::Coordinator))
        throw core::PermissionDenied(core::toString(core::Role::Coordinator), action);
}

namespace {
// What the audit log keeps of an alert's public text: enough to see what was changed,
// published or withdrawn, by whom and when (the entry's actor and time).
nlohmann::json auditText(core::AlertSeverity severity, const std::string &headline, const std::string &found,
                         const std::string &soldAs, const std::string &advice)
{
    return {{"severity", core::toString(severity)},
            {"headline", headline},
            {"found", found},
            {"sold_as", soldAs},
            {"advice", advice}};
}
nlohmann::json auditText(const Alert &a)
{
    return auditText(a.severity, a.headline, a.found, a.soldAs, a.advice);
}
nlohmann::json auditText(const Publication &p)
{
    nlohmann::json j = auditText(p.severity, p.headline, p.found, p.soldAs, p.advice);
    j["message"] = p.msgType;
    j["sequence"] = p.sequence;
    j["samples"] = p.sampleCount;
    j["region"] = p.region;
    j["window"] = p.windowStart + ".." + p.windowEnd;
    return j;
}
} // namespace

Alert DraftService::edit(const std::string &id, const AlertEdit &edit, const core::User &actor)
{
    requireCoordinator(actor, "edit an alert");
    const auto tx = m_store.begin();
    Alert a = get(id);
    const nlohmann::json before = auditText(a);
    if (a.status == "cancelled")
        throw core::ValidationError("status", "status: the alert was withdrawn and cannot be edited");
    // An unknown word: "severity: 'panic' is not one of information, caution, warning".
    const auto severity = edit.severity ? std::optional(core::parse<core::AlertSeverity>(*edit.severity)) : std::nullopt;
    auto set = [](std::string &field, const std::optional<std::string> &value, const char *name) {
        if (!value)
            return;
        if (core::trim(*value).empty())
            throw core::ValidationError(name, std::string(name) + ": may not be empty");
        field = *value;
    };
    set(a.headline, edit.headline, "headline");
    set(a.found, edit.found, "found");
    set(a.soldAs, edit.soldAs, "sold_as");
    set(a.advice, edit.advice, "advice");
    if (severity)
        a.severity = *severity;
    m_store.saveEdit(a, core::nowUtc());
    const nlohmann::json after = auditText(a);
    if (after != before)
        m_store.recordAudit(actor, a.id, "edit", before, after);
    tx->commit();
    return get(a.id);
}

Publication DraftService::publish(const std::string &id, const core::User &actor, const AlertCheck &check)
{
    requireCoordinator(actor, "publish an alert");
    const auto tx = m_store.begin();
    const Alert a = get(id);
    if (a.status == "cancelled")
        throw core::ValidationError("status", "status: the alert was withdrawn; it cannot be published again");
    // An alert must rest on verified results. Its samples may all have gone since it was
    // drafted (invalidated, or demo samples, which never count).
    if (a.sampleCount == 0)
        throw core::ValidationError("samples",
                                    a.status == "published"
                                        ? "samples: no verified sample supports this alert any more; withdraw it instead"
                                        : "samples: no verified sample supports this draft any more; dismiss it");
    // Demo samples are invented: a draft resting on any of them never goes out.
    if (m_store.anyDemoSample(a.sampleIds))
        throw core::ValidationError("samples", "samples: this draft rests on demo samples, which are invented: demo data is "
                                               "never published (remove the demo data in Settings)");
    const auto earlier = history(a.id);
    Publication p;
    p.id = core::newId();
    p.alertId = a.id;
    p.sequence = int(earlier.size()) + 1;
    p.msgType = earlier.empty() ? "Alert" : "Update";
    p.publishedAt = core::nowUtc();
    p.publishedBy = actor.id;
    p.severity = a.severity;
    p.headline = a.headline;
    p.found = a.found;
    p.soldAs = a.soldAs;
    p.advice = a.advice;
    p.sampleCount = a.sampleCount;
    p.region = a.region;
    p.windowStart = a.windowStart;
    p.windowEnd = a.windowEnd;
    // The export's own check: what goes out here, the site can always export.
    check.require(alertText(p, check.groupsOf(a.sampleIds)));
    m_store.insertPublication(p);
    m_store.markPublished(a.id, p.publishedAt);
    m_store.recordAudit(actor, a.id, p.msgType == "Alert" ? "publish" : "publish-update",
                        earlier.empty() ? nlohmann::json() : auditText(earlier.back()), auditText(p));
    tx->commit();
    return p;
}

std::optional<Publication> DraftService::cancel(const std::string &id, const std::string &reason, const core::User &actor,
                                                const AlertCheck &check)
{
    requireCoordinator(actor, "withdraw an alert");
    if (core::trim(reason).empty())
        throw core::ValidationError("reason", "reason: a withdrawal needs a reason");
    const auto tx = m_store.begin();
    const Alert a = get(id);
    if (a.status == "cancelled")
        throw core::ValidationError("status", "status: the alert was already withdrawn");
    const std::string now = core::nowUtc();
    m_store.markCancelled(a.id, now);
    if (a.status == "draft") {
        m_store.recordAudit(actor, a.id, "dismiss", auditText(a), nullptr, reason);
        tx->commit();
        return std::nullopt;
    }
    const auto earlier = history(a.id);
    Publication p = earlier.back();
    p.id = core::newId();
    p.sequence = int(earlier.size()) + 1;
    p.msgType = "Cancel";
    p.publishedAt = now;
    p.publishedBy = actor.id;
    p.reason = reason;
    // A withdrawal repeats the last message's text; one that fails the check (published
    // before the check existed) is corrected first, because a cancelled alert cannot be.
    auto refusals = check.check(alertText(p, check.groupsOf(a.sampleIds)));
    for (auto &r : refusals)
        if (r.field != "reason")
            r.remedy += " a correction first (a withdrawal repeats the last text, and a withdrawn alert can no longer be edited)";
        else
            r.remedy = "write the reason without any of a sample's own words (what the person said, notes, codes, sites, "
                       "times, names)";
    if (!refusals.empty())
        throw AlertRefused(std::move(refusals));
    m_store.insertPublication(p);
    m_store.recordAudit(actor, a.id, "withdraw", auditText(earlier.back()), auditText(p), reason);
    tx->commit();
    return p;
}

std::vector<Publication> DraftService::history(const std::string &id)
{
    return m_store.history(id);
}

std::vector<Publication> DraftService::publications()
{
    return m_store.publications();
}

} // namespace candor::alerts
