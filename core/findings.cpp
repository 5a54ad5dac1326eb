#include "core/findings.h"
#include "core/auditlog.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/readings.h"
#include "core/users.h"
#include "core/workflow.h"
#include "core/util.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace candor::core {

const std::vector<std::string> &findingKinds()
{
    static const std::vector<std::string> v = {"substance", "uncertain", "no-match"};
    return v;
}
const std::vector<std::string> &findingAbundances()
{
    return allTerms<Abundance>();
}
const std::vector<std::string> &findingConfidences()
{
    return allTerms<Confidence>();
}
const std::vector<std::string> &findingTechniques()
{
    static const std::vector<std::string> v = {"strip", "reagent", "ftir", "raman", "gc-ms", "visual", "other"};
    return v;
}

namespace {

bool contains(const std::vector<std::string> &list, const std::string &value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string formatPercent(double p)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g%%", p);
    return buffer;
}

nlohmann::json findingJson(const Finding &f)
{
    return {{"kind", f.kind},
            {"substance", jsonOrNull(f.substance)},
            {"abundance", f.abundance ? nlohmann::json(toString(*f.abundance)) : nlohmann::json()},
            {"percent", jsonOrNull(f.percent)},
            {"techniques", f.techniques},
            {"confidence", toString(f.confidence)}};
}

nlohmann::json setJson(const std::vector<Finding> &findings, const std::optional<std::string> &referral)
{
    auto list = nlohmann::json::array();
    for (const auto &f : findings)
        list.push_back(findingJson(f));
    return {{"findings", list}, {"referral", jsonOrNull(referral)}};
}

// Does a finding answer a positive strip of this type?
bool answersStrip(const std::string &stripKey, const Finding &f)
{
    if (f.kind != "substance" || !f.substance)
        return false;
    const std::string cls = f.substanceClass.value_or("");
    if (stripKey == "benzodiazepine")
        return cls == "benzodiazepine";
    if (stripKey == "fentanyl")
        return cls == "fentanyl";
    if (stripKey == "nitazene")
        return cls == "nitazene";
    if (stripKey == "xylazine")
        return *f.substance == "xylazine";
    return *f.substance == stripKey || cls == stripKey;
}

} // namespace

std::string Finding::describe() const
{
    if (kind == "no-match")
        return "no library match";
    std::string text = kind == "uncertain" ? "uncertain match" + (substance ? ": possibly " + *substance : std::string())
                                           : substance.value_or("?");
    std::vector<std::string> details;
    if (abundance == Abundance::Percent && percent)
        details.push_back(formatPercent(*percent));
    else if (abundance && kind == "substance")
        details.push_back(toString(*abundance));
    // "uncertain match (uncertain)" says it twice.
    if (confidence != Confidence::Confirmed && !(kind == "uncertain" && confidence == Confidence::Uncertain))
        details.push_back(toString(confidence));
    if (!techniques.empty())
        details.push_back(joinList(techniques, ", "));
    if (!details.empty())
        text += " (" + joinList(details, "; ") + ")";
    return text;
}

FindingInput parseComponent(const std::string &text)
{
    FindingInput in;
    const auto colon = text.rfind(':');
    std::string name = trim(colon == std::string::npos ? text : text.substr(0, colon));
    if (name.empty())
        throw ValidationError("component", "component: give a substance name, e.g. fentanyl:trace");
    in.substance = name;
    if (colon != std::string::npos) {
        const std::string amount = normalizeTerm(text.substr(colon + 1));
        if (const auto word = tryParse<Abundance>(amount); word && *word != Abundance::Percent) {
            in.abundance = *word;
        } else if (!amount.empty() && amount.back() == '%') {
            const std::string number = trim(amount.substr(0, amount.size() - 1));
            char *end = nullptr;
            const double p = std::strtod(number.c_str(), &end);
            if (number.empty() || *end != '\0' || !std::isfinite(p) || p <= 0 || p > 100)
                throw ValidationError("component", "component: '" + text + "': a percentage is above 0 and at most 100");
            in.abundance = Abundance::Percent;
            in.percent = p;
        } else {
            throw ValidationError("component",
                                  "component: '" + text + "': after ':' write primary, trace or a percentage like 30%");
        }
    }
    return in;
}

std::vector<Finding> FindingStore::list(const std::string &sampleId)
{
    std::vector<Finding> out;
    auto st = m_db.prepare("SELECT f.id, f.sample_id, f.kind, f.substance, s.class, f.known, f.abundance, f.percent, "
                           "f.techniques, f.confidence, f.created_at, u.name FROM findings f "
                           "JOIN users u ON u.id = f.created_by LEFT JOIN substances s ON s.name = f.substance "
                           "WHERE f.sample_id = ? ORDER BY f.position");
    st.bind(1, sampleId);
    while (st.step()) {
        Finding f;
        f.id = st.columnText(0);
        f.sampleId = st.columnText(1);
        f.kind = st.columnText(2);
        f.substance = st.columnOptionalText(3);
        f.substanceClass = st.columnOptionalText(4);
        f.known = st.columnInt(5) != 0;
        if (const auto abundance = st.columnOptionalText(6))
            f.abundance = parse<Abundance>(*abundance);
        f.percent = st.columnOptionalDouble(7);
        f.techniques = splitList(st.columnText(8));
        f.confidence = parse<Confidence>(st.columnText(9));
        f.createdAt = st.columnText(10);
        f.createdByName = st.columnText(11);
        out.push_back(std::move(f));
    }
    return out;
}

std::optional<std::string> FindingStore::referral(const std::string &sampleId)
{
    auto st = m_db.prepare("SELECT referral_reason FROM samples WHERE id = ?");
    st.bind(1, sampleId);
    if (!st.step())
        throw NotFound("no sample with id '" + sampleId + "'");
    return st.columnOptionalText(0);
}

std::vector<std::string> FindingStore::referralReasons(const std::string &sampleId, const std::vector<Finding> &findings)
{
    std::vector<std::string> reasons;
    if (findings.empty())
        return reasons;
    std::set<std::string> said;
    for (const auto &strip : ReadingStore(m_db, m_catalogue).strips(sampleId)) {
        if (strip.result != "positive" || !said.insert(strip.stripType).second)
            continue;
        const bool answered = std::any_of(findings.begin(), findings.end(),
                                          [&](const Finding &f) { return answersStrip(strip.stripType, f); });
        if (!answered)
            reasons.push_back(strip.stripType + " strip positive but no " + strip.stripType + " finding");
    }
    const auto components = std::count_if(findings.begin(), findings.end(),
                                          [](const Finding &f) { return f.kind == "substance"; });
    if (components >= 4)
        reasons.push_back(std::to_string(components) + " components");
    for (const auto &f : findings) {
        if (f.kind == "uncertain")
            reasons.push_back("uncertain match");
        else if (f.kind == "no-match")
            reasons.push_back("no library match");
        else if (f.substance && !f.known) {
            auto seen = m_db.prepare("SELECT EXISTS(SELECT 1 FROM findings WHERE substance = ? AND sample_id <> ?)");
            seen.bind(1, *f.substance).bind(2, sampleId);
            seen.step();
            if (seen.columnInt(0) == 0)
                reasons.push_back(*f.substance + " never seen before");
        }
    }
    return reasons;
}

std::string FindingStore::findingName(const std::string &written)
{
    const auto known = m_catalogue.resolveReferenceName(written);
    return known ? known->name : normalizeTerm(trim(written));
}

std::vector<Finding> FindingStore::set(const std::string &sampleId, const std::vector<FindingInput> &inputs,
                                       const std::optional<std::string> &manualReferral, const User &actor)
{
    require(actor, Action::SetFindings);
    if (inputs.size() > 50)
        throw ValidationError("component", "component: at most 50 findings on one sample");
    std::vector<Finding> findings;
    std::set<std::string> names;
    int noMatch = 0;
    for (const auto &in : inputs) {
        Finding f;
        f.id = newId();
        f.sampleId = sampleId;
        f.kind = normalizeTerm(in.kind);
        if (!contains(findingKinds(), f.kind))
            throw ValidationError("kind", "kind: '" + in.kind + "' is not one of substance, uncertain, no-match");
        f.confidence = in.confidence;
        for (const auto &t : in.techniques) {
            const auto technique = normalizeTerm(t);
            if (technique.empty())
                continue;
            if (!contains(findingTechniques(), technique))
                throw ValidationError("technique", "technique: '" + t + "' is not one of " + joinList(findingTechniques(), ", "));
            if (!contains(f.techniques, technique))
                f.techniques.push_back(technique);
        }
        if (in.substance && !trim(*in.substance).empty()) {
            const std::string written = trim(*in.substance);
            if (written.size() > 100)
                throw ValidationError("component", "component: a substance name has at most 100 characters");
            const std::optional<Substance> known = m_catalogue.resolveReferenceName(written);
            f.known = known.has_value();
            f.substance = known ? known->name : normalizeTerm(written);
            if (known)
                f.substanceClass = known->substanceClass;
        }
        if (f.kind == "substance") {
            if (!f.substance)
                throw ValidationError("component", "component: a substance finding needs a substance name");
            if (!names.insert(*f.substance).second)
                throw ValidationError("component", "component: " + *f.substance + " is listed twice");
            f.abundance = in.abundance.value_or(Abundance::Primary);
            if (*f.abundance == Abundance::Percent) {
                if (!in.percent || !std::isfinite(*in.percent) || *in.percent <= 0 || *in.percent > 100)
                    throw ValidationError("abundance", "abundance: a percentage is above 0 and at most 100");
                f.percent = in.percent;
            }
        } else if (f.kind == "no-match") {
            if (++noMatch > 1)
                throw ValidationError("no_match", "no_match: \"no library match\" can be given once");
            f.substance.reset();
            f.substanceClass.reset();
        }
        f.createdAt = nowUtc();
        f.createdByName = actor.name;
        findings.push_back(std::move(f));
    }
    std::optional<std::string> manual;
    if (manualReferral) {
        manual = trim(*manualReferral);
        if (manual->empty())
            throw ValidationError("refer", "refer: give the reason for the referral");
        if (manual->size() > 500)
            throw ValidationError("refer", "refer: at most 500 characters");
    }

    Transaction tx(m_db);
    auto status = m_db.prepare("SELECT status FROM samples WHERE id = ?");
    status.bind(1, sampleId);
    if (!status.step())
        throw NotFound("no sample with id '" + sampleId + "'");
    const auto current = parse<SampleStatus>(status.columnText(0));
    if (!isOpenForTesting(current))
        throw ValidationError("status", "the sample is " + toString(current) +
                                            ": findings can only be changed while it is received or in testing");
    const auto oldFindings = list(sampleId);
    const auto oldReferral = referral(sampleId);

    m_db.prepare("DELETE FROM findings WHERE sample_id = ?").bind(1, sampleId).run();
    auto insert = m_db.prepare("INSERT INTO findings (id, sample_id, position, kind, substance, known, abundance, percent, "
                               "techniques, confidence, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int position = 0;
    for (const auto &f : findings) {
        insert.bind(1, f.id)
            .bind(2, sampleId)
            .bind(3, position++)
            .bind(4, f.kind)
            .bind(5, f.substance)
            .bind(6, std::int64_t(f.known ? 1 : 0))
            .bind(7, f.abundance ? std::optional(toString(*f.abundance)) : std::nullopt)
            .bind(8, f.percent)
            .bind(9, joinList(f.techniques))
            .bind(10, toString(f.confidence))
            .bind(11, f.createdAt)
            .bind(12, actor.id);
        insert.run();
        insert.reset();
    }
    auto reasons = referralReasons(sampleId, findings);
    if (manual)
        reasons.push_back(*manual);
    const std::optional<std::string> newReferral = reasons.empty() ? std::nullopt : std::optional(joinList(reasons, "; "));
    m_db.prepare("UPDATE samples SET referral_reason = ?, status = CASE status WHEN 'received' THEN 'in-testing' ELSE status END "
                 "WHERE id = ?")
        .bind(1, newReferral)
        .bind(2, sampleId)
        .run();
    AuditLog(m_db).append(&actor, "findings", sampleId, sampleId, "set", setJson(oldFindings, oldReferral),
                          setJson(findings, newReferral));
    tx.commit();
    return list(sampleId);
}

} // namespace candor::core
