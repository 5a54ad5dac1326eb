#include "core/labvalidation.h"
#include "core/auditlog.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/findings.h"
#include "core/matchresults.h"
#include "core/permissions.h"
#include "core/users.h"
#include "core/util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <stdexcept>

namespace candor::core {

std::optional<Interval> wilsonInterval(std::int64_t successes, std::int64_t n, double z)
{
    if (successes < 0 || successes > n)
        throw std::invalid_argument("wilsonInterval: successes must lie between 0 and n");
    if (n == 0)
        return std::nullopt;
    const double nn = double(n);
    const double p = double(successes) / nn;
    const double z2 = z * z;
    const double denominator = 1 + z2 / nn;
    const double centre = (p + z2 / (2 * nn)) / denominator;
    const double half = z / denominator * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    // Clamp the rounding at the ends (0 and n successes give exactly 0 and 1 in theory).
    return Interval{std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::optional<double> Confusion::sensitivity() const
{
    const auto n = truePositives + falseNegatives;
    return n == 0 ? std::nullopt : std::optional<double>(double(truePositives) / double(n));
}

std::optional<double> Confusion::specificity() const
{
    const auto n = trueNegatives + falsePositives;
    return n == 0 ? std::nullopt : std::optional<double>(double(trueNegatives) / double(n));
}

namespace {

void count(Confusion &c, const SampleRef &sample, bool truth, bool called)
{
    if (truth && called)
        ++c.truePositives;
    else if (truth) {
        ++c.falseNegatives;
        c.misses.push_back(sample);
    } else if (called) {
        ++c.falsePositives;
        c.falseAlarms.push_back(sample);
    } else
        ++c.trueNegatives;
}

using Membership = std::function<bool(const std::string &substance)>;

bool anyOf(const std::set<std::string> &names, const Membership &member)
{
    return std::any_of(names.begin(), names.end(), member);
}

ValidationRow rowFor(const std::vector<SampleCalls> &samples, const Membership &member)
{
    ValidationRow row;
    for (const auto &s : samples) {
        const bool truth = anyOf(s.labDetected, member);
        row.labPositives += truth ? 1 : 0;
        if (s.hasFindings)
            count(row.findings, s.sample, truth, anyOf(s.findings, member));
        if (s.hasMatches) {
            const bool detected = anyOf(s.matchDetected, member);
            count(row.matchDetected, s.sample, truth, detected);
            count(row.matchFlagged, s.sample, truth, detected || anyOf(s.matchPossible, member));
        }
    }
    return row;
}

std::string percentText(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f %%", value * 100);
    return buffer;
}

ThresholdProposal proposeThreshold(const std::vector<SampleCalls> &samples, const std::string &cls, const Membership &member)
{
    ThresholdProposal p;
    p.substanceClass = cls;
    // A sample's score is the highest evidence of a listed component of the class; a
    // sample where none was listed has no score: no threshold can call it.
    std::vector<double> positiveScores;
    std::vector<double> negativeScores;
    for (const auto &s : samples) {
        if (!s.hasMatches)
            continue;
        const bool truth = anyOf(s.labDetected, member);
        std::optional<double> score;
        for (const auto &[substance, evidence] : s.matchEvidence)
            if (member(substance))
                score = std::max(score.value_or(evidence), evidence);
        (truth ? p.positives : p.negatives) += 1;
        if (score)
            (truth ? positiveScores : negativeScores).push_back(*score);
    }
    std::sort(negativeScores.begin(), negativeScores.end(), std::greater<>());
    std::sort(positiveScores.begin(), positiveScores.end());
    if (p.negatives == 0) {
        p.note = "no sample with lab results and a stored match is negative for " + cls + ": specificity cannot be estimated";
        return p;
    }
    // At most this many false alarms keep 99 %; a threshold above the next negative score
    // does. Between that score and the next positive score every threshold gives the same
    // counts: the midpoint keeps a margin on both sides.
    const auto allowed = std::size_t(std::floor(double(p.negatives) * (1 - kTargetSpecificity) + 1e-9));
    const std::optional<double> cut = negativeScores.size() > allowed ? std::optional<double>(negativeScores[allowed])
                                                                      : std::nullopt;
    const auto next = cut ? std::upper_bound(positiveScores.begin(), positiveScores.end(), *cut) : positiveScores.begin();
    if (next == positiveScores.end()) {
        p.note = p.positives == 0 ? "no sample with lab results and a stored match is positive for " + cls +
                                        ": sensitivity cannot be estimated"
                                  : "no evidence threshold keeps a lab-confirmed " + cls + " sample detected at 99 % specificity";
        return p;
    }
    p.evidence = cut ? (*cut + *next) / 2 : *next;
    const auto falsePositives = std::count_if(negativeScores.begin(), negativeScores.end(),
                                              [&](double v) { return v >= *p.evidence; });
    const auto truePositives = std::count_if(positiveScores.begin(), positiveScores.end(),
                                             [&](double v) { return v >= *p.evidence; });
    p.specificity = double(p.negatives - falsePositives) / double(p.negatives);
    p.sensitivity = p.positives == 0 ? 0 : double(truePositives) / double(p.positives);
    p.specificityInterval = wilsonInterval(p.negatives - falsePositives, p.negatives);
    p.tooFewNegatives = p.negatives < kNegativesToShowSpecificity;
    if (p.tooFewNegatives)
        p.note = "only " + std::to_string(p.negatives) + " negatives: 99 % specificity cannot be shown; on them it is " +
                 percentText(p.specificity) + ", its 95 % lower bound " + percentText(p.specificityInterval->low);
    else
        p.note = "specificity " + percentText(p.specificity) + " (95 % interval " + percentText(p.specificityInterval->low) +
                 " to " + percentText(p.specificityInterval->high) + "), sensitivity " + percentText(p.sensitivity);
    return p;
}

} // namespace

ValidationReport computeValidation(const std::vector<SampleCalls> &samples, const std::map<std::string, std::string> &classOf,
                                   const std::set<std::string> &highRiskSubstances, const std::set<std::string> &highRiskClasses,
                                   const std::map<std::string, double> &adopted)
{
    auto classFor = [&](const std::string &substance) {
        const auto it = classOf.find(substance);
        return it == classOf.end() ? std::string("unknown") : it->second;
    };
    ValidationReport report;
    std::set<std::string> names;
    for (const auto &s : samples) {
        ++report.samplesWithLabResults;
        report.samplesWithFindings += s.hasFindings ? 1 : 0;
        report.samplesWithMatches += s.hasMatches ? 1 : 0;
        for (const auto *list : {&s.labDetected, &s.findings, &s.matchDetected, &s.matchPossible})
            names.insert(list->begin(), list->end());
    }
    std::set<std::string> classes;
    for (const auto &name : names) {
        ValidationRow row = rowFor(samples, [&](const std::string &s) { return s == name; });
        row.name = name;
        row.substanceClass = classFor(name);
        row.highRisk = highRiskSubstances.count(name) > 0;
        classes.insert(row.substanceClass);
        report.substances.push_back(std::move(row));
    }
    for (const auto &cls : classes) {
        ValidationRow row = rowFor(samples, [&](const std::string &s) { return classFor(s) == cls; });
        row.name = cls;
        row.substanceClass = cls;
        row.highRisk = highRiskClasses.count(cls) > 0;
        report.classes.push_back(std::move(row));
    }
    for (const auto &cls : highRiskClasses) {
        auto proposal = proposeThreshold(samples, cls, [&](const std::string &s) { return classFor(s) == cls; });
        if (const auto it = adopted.find(cls); it != adopted.end())
            proposal.adopted = it->second;
        report.thresholds.push_back(std::move(proposal));
    }
    return report;
}

std::vector<SampleCalls> LabValidation::sampleCalls()
{
    // Names as the catalogue knows them, so that "Fentanyl HCl" in a match, "fent" in a
    // finding and "fentanyl citrate" from the lab are one substance.
    auto canonical = [&](const std::string &written) {
        if (const auto known = m_catalogue.resolveReferenceName(written))
            return known->name;
        return Catalogue::withoutSaltSuffixes(written);
    };
    std::vector<SampleCalls> out;
    auto samples = m_db.prepare("SELECT DISTINCT r.sample_id, s.public_code FROM lab_results r "
                                "JOIN samples s ON s.id = r.sample_id ORDER BY s.public_code");
    while (samples.step()) {
        SampleCalls s;
        s.sample = {samples.columnText(0), samples.columnText(1)};
        out.push_back(std::move(s));
    }
    auto lab = m_db.prepare("SELECT substance FROM lab_results WHERE sample_id = ? AND detected = 1");
    FindingStore findings(m_db, m_catalogue);
    MatchResultStore matches(m_db);
    for (auto &s : out) {
        lab.bind(1, s.sample.sampleId);
        while (lab.step())
            s.labDetected.insert(lab.columnText(0));
        lab.reset();
        for (const auto &f : findings.list(s.sample.sampleId)) {
            s.hasFindings = true;
            if (f.kind == "substance" && f.substance)
                s.findings.insert(canonical(*f.substance));
        }
        for (const auto &m : matches.forSample(s.sample.sampleId)) {
            if (!m.error.empty())
                continue;
            s.hasMatches = true;
            for (const auto &c : m.mixture.components) {
                const std::string name = canonical(c.substance);
                if (name.empty())
                    continue;
                auto [it, inserted] = s.matchEvidence.emplace(name, c.evidence);
                if (!inserted)
                    it->second = std::max(it->second, c.evidence);
                if (c.status == ComponentStatus::Detected)
                    s.matchDetected.insert(name);
                else
                    s.matchPossible.insert(name);
            }
        }
        for (const auto &name : s.matchDetected)
            s.matchPossible.erase(name);
    }
    return out;
}

ValidationReport LabValidation::report()
{
    std::map<std::string, std::string> classOf;
    std::set<std::string> highRisk;
    std::set<std::string> highRiskClasses;
    for (const auto &s : m_catalogue.substances()) {
        classOf[s.name] = s.substanceClass;
        if (s.risk == "high") {
            highRisk.insert(s.name);
            highRiskClasses.insert(s.substanceClass);
        }
    }
    return computeValidation(sampleCalls(), classOf, highRisk, highRiskClasses, adoptedThresholds());
}

std::map<std::string, double> LabValidation::adoptedThresholds()
{
    std::map<std::string, double> out;
    auto st = m_db.prepare("SELECT substance_class, evidence FROM detection_thresholds");
    while (st.step())
        out[st.columnText(0)] = st.columnDouble(1);
    return out;
}

std::vector<AdoptedThreshold> LabValidation::adoptedThresholdRecords()
{
    std::vector<AdoptedThreshold> out;
    auto st = m_db.prepare("SELECT t.substance_class, t.evidence, t.specificity, t.sensitivity, t.negatives, t.positives, "
                           "t.adopted_at, u.name FROM detection_thresholds t JOIN users u ON u.id = t.adopted_by "
                           "ORDER BY t.substance_class");
    while (st.step())
        out.push_back({st.columnText(0), st.columnDouble(1), st.columnDouble(2), st.columnDouble(3), st.columnInt(4),
                       st.columnInt(5), st.columnText(6), st.columnText(7)});
    return out;
}

std::vector<AdoptedThreshold> LabValidation::adoptThresholds(const User &actor, const std::string &substanceClass)
{
    require(actor, Action::AdoptThresholds);
    const auto current = report();
    std::vector<const ThresholdProposal *> chosen;
    for (const auto &p : current.thresholds) {
        if (!substanceClass.empty() && p.substanceClass != substanceClass)
            continue;
        if (!substanceClass.empty() && !p.evidence)
            throw ValidationError("class", "class: no threshold to adopt for " + substanceClass + ": " + p.note);
        if (p.evidence)
            chosen.push_back(&p);
    }
    if (!substanceClass.empty() && chosen.empty())
        throw ValidationError("class", "class: '" + substanceClass + "' is not a high-risk class of the catalogue");
    if (chosen.empty())
        throw ValidationError("class", "class: no high-risk class has a threshold to adopt yet (import lab results first)");

    Transaction tx(m_db);
    auto upsert = m_db.prepare("INSERT INTO detection_thresholds (substance_class, evidence, specificity, sensitivity, "
                               "negatives, positives, adopted_at, adopted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT (substance_class) DO UPDATE SET evidence = excluded.evidence, "
                               "specificity = excluded.specificity, sensitivity = excluded.sensitivity, "
                               "negatives = excluded.negatives, positives = excluded.positives, "
                               "adopted_at = excluded.adopted_at, adopted_by = excluded.adopted_by");
    AuditLog audit(m_db);
    const std::string now = nowUtc();
    std::vector<AdoptedThreshold> out;
    for (const auto *p : chosen) {
        const nlohmann::json oldValue = p->adopted ? nlohmann::json({{"evidence", *p->adopted}}) : nlohmann::json();
        const nlohmann::json newValue = {{"evidence", *p->evidence},
                                         {"specificity", p->specificity},
                                         {"sensitivity", p->sensitivity},
                                         {"negatives", p->negatives},
                                         {"positives", p->positives}};
        upsert.bind(1, p->substanceClass).bind(2, *p->evidence).bind(3, p->specificity).bind(4, p->sensitivity);
        upsert.bind(5, p->negatives).bind(6, p->positives).bind(7, now).bind(8, actor.id);
        upsert.run();
        upsert.reset();
        audit.append(&actor, "detection_threshold", p->substanceClass, "", p->adopted ? "update" : "insert", oldValue, newValue,
                     "adopted from lab validation: " + p->note);
        out.push_back(
            {p->substanceClass, *p->evidence, p->specificity, p->sensitivity, p->negatives, p->positives, now, actor.name});
    }
    tx.commit();
    return out;
}

} // namespace candor::core
