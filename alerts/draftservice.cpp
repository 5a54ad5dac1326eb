#include "alerts/draftservice.h"

#include "alerts/alertcheck.h"
#include "alerts/anonymizer.h"
#include "alerts/isoweek.h"
#include "core/auditlog.h"
#include "core/database.h"
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
    std::vector<std::string> found;   // in order of first appearance
    std::vector<std::string> classes;
    std::vector<std::string> soldAs; // groups, in order of first appearance
    std::map<std::string, std::set<std::string>> soldAsSamples;
};

void addOnce(std::vector<std::string> &list, const std::string &value)
{
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

constexpr const char *kColumns = "id, rule_id, region, window_start, window_end, severity, status, headline, found, "
                                 "sold_as, advice, sample_count, edited, needs_update, created_at, updated_at";

Alert readAlert(core::Statement &st)
{
    Alert a;
    a.id = st.columnText(0);
    a.ruleId = st.columnText(1);
    a.region = st.columnText(2);
    a.windowStart = st.columnText(3);
    a.windowEnd = st.columnText(4);
    a.severity = core::parse<core::AlertSeverity>(st.columnText(5));
    a.status = st.columnText(6);
    a.headline = st.columnText(7);
    a.found = st.columnText(8);
    a.soldAs = st.columnText(9);
    a.advice = st.columnText(10);
    a.sampleCount = int(st.columnInt(11));
    a.edited = st.columnInt(12) != 0;
    a.needsUpdate = st.columnInt(13) != 0;
    a.createdAt = st.columnText(14);
    a.updatedAt = st.columnText(15);
    return a;
}

constexpr const char *kPublicationColumns = "id, alert_id, sequence, msg_type, published_at, published_by, severity, "
                                            "headline, found, sold_as, advice, sample_count, region, window_start, "
                                            "window_end, reason";

Publication readPublication(core::Statement &st)
{
    Publication p;
    p.id = st.columnText(0);
    p.alertId = st.columnText(1);
    p.sequence = int(st.columnInt(2));
    p.msgType = st.columnText(3);
    p.publishedAt = st.columnText(4);
    p.publishedBy = st.columnText(5);
    p.severity = core::parse<core::AlertSeverity>(st.columnText(6));
    p.headline = st.columnText(7);
    p.found = st.columnText(8);
    p.soldAs = st.columnText(9);
    p.advice = st.columnText(10);
    p.sampleCount = int(st.columnInt(11));
    p.region = st.columnText(12);
    p.windowStart = st.columnText(13);
    p.windowEnd = st.columnText(14);
    p.reason = st.columnOptionalText(15).value_or("");
    return p;
}

} // namespace

DraftService::DraftService(core::Database &db, RuleBook rules, SaferUseAdvice advice)
    : m_db(db), m_rules(std::move(rules)), m_advice(std::move(advice))
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
            const int window = week.index >= 0 ? week.index / rule.windowWeeks : (week.index - rule.windowWeeks + 1) / rule.windowWeeks;
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
    core::Transaction tx(m_db);
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

        auto find = m_db.prepare(std::string("SELECT ") + kColumns + " FROM alerts WHERE rule_id = ?1 AND region = ?2 AND window_start = ?3");
        find.bind(1, g.rule->id).bind(2, g.region).bind(3, start);
        std::optional<Alert> existing;
        if (find.step())
            existing = readAlert(find);
        std::string id;
        if (!existing) {
            id = core::newId();
            m_db.prepare("INSERT INTO alerts (id, rule_id, region, window_start, window_end, severity, status, headline, "
                         "found, sold_as, advice, sample_count, created_at, updated_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?10, ?11, ?12, ?12)")
                .bind(1, id).bind(2, g.rule->id).bind(3, g.region).bind(4, start).bind(5, end).bind(6, core::toString(g.rule->severity))
                .bind(7, headline).bind(8, found).bind(9, soldAs).bind(10, advice).bind(11, int(g.sampleIds.size())).bind(12, now)
                .run();
            ++result.created;
        } else {
            id = existing->id;
            std::set<std::string> before;
            auto ids = m_db.prepare("SELECT sample_id FROM alert_samples WHERE alert_id = ?1");
            ids.bind(1, id);
            while (ids.step())
                before.insert(ids.columnText(0));
            if (before == g.sampleIds || existing->status == "cancelled") {
                ++result.unchanged;
                touched.insert(id);
                continue;
            }
            // An edited text is the coordinator's: keep it, update only the count.
            if (existing->edited)
                m_db.prepare("UPDATE alerts SET sample_count = ?2, needs_update = (status = 'published'), updated_at = ?3 WHERE id = ?1")
                    .bind(1, id).bind(2, int(g.sampleIds.size())).bind(3, now).run();
            else
                m_db.prepare("UPDATE alerts SET headline = ?2, found = ?3, sold_as = ?4, advice = ?5, sample_count = ?6, "
                             "needs_update = (status = 'published'), updated_at = ?7 WHERE id = ?1")
                    .bind(1, id).bind(2, headline).bind(3, found).bind(4, soldAs).bind(5, advice)
                    .bind(6, int(g.sampleIds.size())).bind(7, now).run();
            m_db.prepare("DELETE FROM alert_samples WHERE alert_id = ?1").bind(1, id).run();
            ++result.updated;
        }
        touched.insert(id);
        auto insert = m_db.prepare("INSERT INTO alert_samples (alert_id, sample_id) VALUES (?1, ?2)");
        for (const auto &sampleId : g.sampleIds) {
            insert.bind(1, id).bind(2, sampleId).run();
            insert.reset();
        }
    }
    // Alerts whose samples no longer match (invalidated results) drop to zero samples;
    // a published one then needs an update.
    for (const Alert &a : list()) {
        if (touched.count(a.id) || a.sampleCount == 0 || a.status == "cancelled")
            continue;
        m_db.prepare("UPDATE alerts SET sample_count = 0, needs_update = (status = 'published'), updated_at = ?2 WHERE id = ?1")
            .bind(1, a.id).bind(2, now).run();
        m_db.prepare("DELETE FROM alert_samples WHERE alert_id = ?1").bind(1, a.id).run();
        ++result.updated;
    }
    tx.commit();
    return result;
}

std::vector<Alert> DraftService::query(const std::string &where, const std::string &value)
{
    auto st = m_db.prepare(std::string("SELECT ") + kColumns + " FROM alerts" + where +
                           " ORDER BY window_start DESC, severity = 'warning' DESC, severity = 'caution' DESC, region, rule_id");
    if (!value.empty())
        st.bind(1, value);
    std::vector<Alert> out;
    while (st.step())
        out.push_back(readAlert(st));
    for (auto &a : out) {
        auto ids = m_db.prepare("SELECT sample_id FROM alert_samples WHERE alert_id = ?1 ORDER BY sample_id");
        ids.bind(1, a.id);
        while (ids.step())
            a.sampleIds.push_back(ids.columnText(0));
    }
    return out;
}

std::vector<Alert> DraftService::list(const std::optional<std::string> &status)
{
    return status ? query(" WHERE status = ?1", *status) : query("", "");
}

Alert DraftService::get(const std::string &idOrPrefix)
{
    if (idOrPrefix.size() < 4)
        throw core::NotFound("no alert with the id '" + idOrPrefix + "' (give at least 4 characters)");
    auto st = m_db.prepare("SELECT id FROM alerts WHERE id = ?1 OR substr(id, 1, length(?1)) = ?1 LIMIT 2");
    st.bind(1, idOrPrefix);
    std::vector<std::string> ids;
    while (st.step())
        ids.push_back(st.columnText(0));
    if (ids.empty())
        throw core::NotFound("no alert with the id '" + idOrPrefix + "'");
    if (ids.size() > 1)
        throw core::NotFound("the id '" + idOrPrefix + "' fits several alerts: give more of it");
    return query(" WHERE id = ?1", ids.front()).front();
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
    return {{"severity", core::toString(severity)}, {"headline", headline}, {"found", found}, {"sold_as", soldAs}, {"advice", advice}};
}
nlohmann::json auditText(const Alert &a) { return auditText(a.severity, a.headline, a.found, a.soldAs, a.advice); }
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
    core::Transaction tx(m_db);
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
    m_db.prepare("UPDATE alerts SET headline = ?2, found = ?3, sold_as = ?4, advice = ?5, severity = ?6, edited = 1, "
                 "needs_update = (status = 'published'), updated_at = ?7 WHERE id = ?1")
        .bind(1, a.id).bind(2, a.headline).bind(3, a.found).bind(4, a.soldAs).bind(5, a.advice).bind(6, core::toString(a.severity))
        .bind(7, core::nowUtc()).run();
    const nlohmann::json after = auditText(a);
    if (after != before)
        core::AuditLog(m_db).append(&actor, "alert", a.id, "", "edit", before, after);
    tx.commit();
    return get(a.id);
}

Publication DraftService::publish(const std::string &id, const core::User &actor, const AlertCheck &check)
{
    requireCoordinator(actor, "publish an alert");
    core::Transaction tx(m_db);
    const Alert a = get(id);
    if (a.status == "cancelled")
        throw core::ValidationError("status", "status: the alert was withdrawn; it cannot be published again");
    // An alert must rest on verified results. Its samples may all have gone since it was
    // drafted (invalidated, or demo samples, which never count).
    if (a.sampleCount == 0)
        throw core::ValidationError("samples", a.status == "published"
                                                   ? "samples: no verified sample supports this alert any more; withdraw it instead"
                                                   : "samples: no verified sample supports this draft any more; dismiss it");
    // Demo samples are invented: a draft resting on any of them never goes out.
    for (const auto &sampleId : a.sampleIds) {
        auto demo = m_db.prepare("SELECT is_demo FROM samples WHERE id = ?1");
        demo.bind(1, sampleId);
        if (demo.step() && demo.columnInt(0) != 0)
            throw core::ValidationError("samples", "samples: this draft rests on demo samples, which are invented: demo data is "
                                                   "never published (remove the demo data in Settings)");
    }
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
    m_db.prepare(std::string("INSERT INTO alert_publications (") + kPublicationColumns +
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, NULL)")
        .bind(1, p.id).bind(2, p.alertId).bind(3, p.sequence).bind(4, p.msgType).bind(5, p.publishedAt)
        .bind(6, p.publishedBy).bind(7, core::toString(p.severity)).bind(8, p.headline).bind(9, p.found).bind(10, p.soldAs)
        .bind(11, p.advice).bind(12, p.sampleCount).bind(13, p.region).bind(14, p.windowStart).bind(15, p.windowEnd)
        .run();
    m_db.prepare("UPDATE alerts SET status = 'published', needs_update = 0, updated_at = ?2 WHERE id = ?1")
        .bind(1, a.id).bind(2, p.publishedAt).run();
    core::AuditLog(m_db).append(&actor, "alert", a.id, "", p.msgType == "Alert" ? "publish" : "publish-update",
                                earlier.empty() ? nlohmann::json() : auditText(earlier.back()), auditText(p));
    tx.commit();
    return p;
}

std::optional<Publication> DraftService::cancel(const std::string &id, const std::string &reason, const core::User &actor,
                                                const AlertCheck &check)
{
    requireCoordinator(actor, "withdraw an alert");
    if (core::trim(reason).empty())
        throw core::ValidationError("reason", "reason: a withdrawal needs a reason");
    core::Transaction tx(m_db);
    const Alert a = get(id);
    if (a.status == "cancelled")
        throw core::ValidationError("status", "status: the alert was already withdrawn");
    const std::string now = core::nowUtc();
    m_db.prepare("UPDATE alerts SET status = 'cancelled', needs_update = 0, updated_at = ?2 WHERE id = ?1").bind(1, a.id).bind(2, now).run();
    if (a.status == "draft") {
        core::AuditLog(m_db).append(&actor, "alert", a.id, "", "dismiss", auditText(a), nullptr, reason);
        tx.commit();
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
    m_db.prepare(std::string("INSERT INTO alert_publications (") + kPublicationColumns +
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")
        .bind(1, p.id).bind(2, p.alertId).bind(3, p.sequence).bind(4, p.msgType).bind(5, p.publishedAt)
        .bind(6, p.publishedBy).bind(7, core::toString(p.severity)).bind(8, p.headline).bind(9, p.found).bind(10, p.soldAs)
        .bind(11, p.advice).bind(12, p.sampleCount).bind(13, p.region).bind(14, p.windowStart).bind(15, p.windowEnd)
        .bind(16, p.reason).run();
    core::AuditLog(m_db).append(&actor, "alert", a.id, "", "withdraw", auditText(earlier.back()), auditText(p), reason);
    tx.commit();
    return p;
}

std::vector<Publication> DraftService::history(const std::string &id)
{
    auto st = m_db.prepare(std::string("SELECT ") + kPublicationColumns + " FROM alert_publications WHERE alert_id = ?1 ORDER BY sequence");
    st.bind(1, id);
    std::vector<Publication> out;
    while (st.step())
        out.push_back(readPublication(st));
    return out;
}

std::vector<Publication> DraftService::publications()
{
    auto st = m_db.prepare(std::string("SELECT ") + kPublicationColumns + " FROM alert_publications ORDER BY alert_id, sequence");
    std::vector<Publication> out;
    while (st.step())
        out.push_back(readPublication(st));
    return out;
}

} // namespace candor::alerts
