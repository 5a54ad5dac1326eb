// lab import, lab report, lab adopt-thresholds: confirmatory lab results against the
// samples' public codes, Candor's calls validated against them, and the evidence
// thresholds that reach 99 % specificity on this service's data (issue 11).

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/table.h"

#include "core/catalogue.h"
#include "core/labresults.h"
#include "core/labvalidation.h"
#include "core/permissions.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

namespace candor::cli {

namespace {

std::string fileNameOf(const std::string &path)
{
    return std::filesystem::path(path).filename().string();
}

int labImport(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    const std::string path = args.positional(0);
    const std::string text = readTextFile(path);
    const bool dryRun = args.has("dry-run");
    const auto report = core::LabResultStore(ctx.database(), ctx.catalogue()).importCsv(text, fileNameOf(path), actor, dryRun);
    if (ctx.json()) {
        printJson(ctx.out(), {{"file", report.fileName},
                              {"dry_run", report.dryRun},
                              {"rows", report.rows},
                              {"added", report.added},
                              {"updated", report.updated},
                              {"unchanged", report.unchanged}});
    } else {
        ctx.out() << report.fileName << ": " << report.rows << " rows; " << report.added << " added, " << report.updated
                  << " updated, " << report.unchanged << " already present" << (dryRun ? " (dry run: nothing stored)" : "")
                  << ".\n";
    }
    return kExitOk;
}

std::string percent(const std::optional<double> &value)
{
    if (!value)
        return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", *value * 100);
    return buffer;
}

std::string intervalText(const std::optional<core::Interval> &interval)
{
    if (!interval)
        return "-";
    return percent(interval->low) + "-" + percent(interval->high);
}

nlohmann::ordered_json optionalJson(const std::optional<double> &value)
{
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
}

nlohmann::ordered_json intervalJson(const std::optional<core::Interval> &interval)
{
    if (!interval)
        return nullptr;
    return {{"low", interval->low}, {"high", interval->high}};
}

nlohmann::ordered_json codesJson(const std::vector<core::SampleRef> &samples)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto &s : samples)
        out.push_back(s.publicCode);
    return out;
}

nlohmann::ordered_json confusionJson(const core::Confusion &c)
{
    return {{"samples", c.samples()},
            {"tp", c.truePositives},
            {"fp", c.falsePositives},
            {"fn", c.falseNegatives},
            {"tn", c.trueNegatives},
            {"sensitivity", optionalJson(c.sensitivity())},
            {"sensitivity_ci95", intervalJson(c.sensitivityInterval())},
            {"specificity", optionalJson(c.specificity())},
            {"specificity_ci95", intervalJson(c.specificityInterval())},
            {"misses", codesJson(c.misses)},
            {"false_alarms", codesJson(c.falseAlarms)}};
}

nlohmann::ordered_json rowsJson(const std::vector<core::ValidationRow> &rows)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto &r : rows)
        out.push_back({{"name", r.name},
                       {"class", r.substanceClass},
                       {"high_risk", r.highRisk},
                       {"lab_positives", r.labPositives},
                       {"findings", confusionJson(r.findings)},
                       {"matches_detected", confusionJson(r.matchDetected)},
                       {"matches_detected_or_possible", confusionJson(r.matchFlagged)}});
    return out;
}

std::string joinCodes(const std::vector<core::SampleRef> &samples)
{
    std::string out;
    for (const auto &s : samples)
        out += (out.empty() ? "" : " ") + s.publicCode;
    return out;
}

void printRows(std::ostream &out, const char *title, const std::vector<core::ValidationRow> &rows)
{
    out << title << " (sensitivity and specificity in %, 95 % Wilson intervals):\n";
    TextTable table({"name", "source", "TP", "FP", "FN", "TN", "sens", "sens CI", "spec", "spec CI"});
    for (const auto &r : rows) {
        const std::pair<const char *, const core::Confusion *> sources[] = {{"findings", &r.findings},
                                                                            {"matches: detected", &r.matchDetected},
                                                                            {"matches: +possible", &r.matchFlagged}};
        for (const auto &[source, c] : sources) {
            if (c->samples() == 0)
                continue;
            table.addRow({r.name + (r.highRisk ? " (high risk)" : ""), source, std::to_string(c->truePositives),
                          std::to_string(c->falsePositives), std::to_string(c->falseNegatives), std::to_string(c->trueNegatives),
                          percent(c->sensitivity()), intervalText(c->sensitivityInterval()), percent(c->specificity()),
                          intervalText(c->specificityInterval())});
        }
    }
    table.print(out);
    for (const auto &r : rows) {
        const std::pair<const char *, const core::Confusion *> sources[] = {{"findings", &r.findings},
                                                                            {"matches: detected", &r.matchDetected},
                                                                            {"matches: +possible", &r.matchFlagged}};
        for (const auto &[source, c] : sources) {
            if (!c->misses.empty())
                out << "  " << r.name << ", " << source << ": missed in " << joinCodes(c->misses) << "\n";
            if (!c->falseAlarms.empty())
                out << "  " << r.name << ", " << source << ": false alarm in " << joinCodes(c->falseAlarms) << "\n";
        }
    }
    out << "\n";
}

nlohmann::ordered_json thresholdsJson(const std::vector<core::ThresholdProposal> &proposals)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto &p : proposals)
        out.push_back({{"class", p.substanceClass},
                       {"positives", p.positives},
                       {"negatives", p.negatives},
                       {"evidence", optionalJson(p.evidence)},
                       {"specificity", p.evidence ? nlohmann::ordered_json(p.specificity) : nlohmann::ordered_json()},
                       {"specificity_ci95", intervalJson(p.specificityInterval)},
                       {"sensitivity", p.evidence ? nlohmann::ordered_json(p.sensitivity) : nlohmann::ordered_json()},
                       {"too_few_negatives", p.tooFewNegatives},
                       {"adopted", optionalJson(p.adopted)},
                       {"note", p.note}});
    return out;
}

std::string evidenceText(const std::optional<double> &value)
{
    if (!value)
        return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.5g", *value);
    return buffer;
}

int labReport(Context &ctx, const Arguments &)
{
    core::require(ctx.actor(), core::Action::ViewResults);
    const auto report = core::LabValidation(ctx.database(), ctx.catalogue()).report();
    if (ctx.json()) {
        printJson(ctx.out(), {{"samples_with_lab_results", report.samplesWithLabResults},
                              {"samples_with_findings", report.samplesWithFindings},
                              {"samples_with_matches", report.samplesWithMatches},
                              {"substances", rowsJson(report.substances)},
                              {"classes", rowsJson(report.classes)},
                              {"thresholds", thresholdsJson(report.thresholds)}});
        return kExitOk;
    }
    ctx.out() << report.samplesWithLabResults << " samples have lab results: " << report.samplesWithFindings << " with findings, "
              << report.samplesWithMatches << " with a stored match.\n\n";
    if (report.samplesWithLabResults == 0) {
        ctx.out() << "Import lab results first: 'candor-cli lab import FILE.csv'.\n";
        return kExitOk;
    }
    printRows(ctx.out(), "Per substance", report.substances);
    printRows(ctx.out(), "Per class", report.classes);
    ctx.out() << "Evidence thresholds for 99 % specificity, per high-risk class:\n";
    TextTable table({"class", "pos", "neg", "threshold", "spec %", "spec CI", "sens %", "adopted"});
    for (const auto &p : report.thresholds)
        table.addRow({p.substanceClass, std::to_string(p.positives), std::to_string(p.negatives), evidenceText(p.evidence),
                      p.evidence ? percent(p.specificity) : "-", intervalText(p.specificityInterval),
                      p.evidence ? percent(p.sensitivity) : "-", evidenceText(p.adopted)});
    table.print(ctx.out());
    for (const auto &p : report.thresholds)
        ctx.out() << "  " << p.substanceClass << ": " << p.note << "\n";
    return kExitOk;
}

int labAdoptThresholds(Context &ctx, const Arguments &args)
{
    const auto adopted =
        core::LabValidation(ctx.database(), ctx.catalogue()).adoptThresholds(ctx.actor(), args.valueOr("class", ""));
    if (ctx.json()) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto &a : adopted)
            out.push_back({{"class", a.substanceClass},
                           {"evidence", a.evidence},
                           {"specificity", a.specificity},
                           {"sensitivity", a.sensitivity},
                           {"negatives", a.negatives},
                           {"positives", a.positives}});
        printJson(ctx.out(), {{"adopted", out}});
    } else {
        for (const auto &a : adopted)
            ctx.out() << a.substanceClass << ": detected from evidence " << evidenceText(a.evidence) << " (specificity "
                      << percent(a.specificity) << " % over " << a.negatives << " negatives, sensitivity "
                      << percent(a.sensitivity) << " % over " << a.positives << " positives)\n";
        ctx.out() << adopted.size() << " thresholds adopted; new matches use them.\n";
    }
    return kExitOk;
}

} // namespace

void addLabCommands(CommandTable &table)
{
    table.add({
        .words = {"lab", "import"},
        .summary = "import confirmatory lab results from a CSV (technician, admin)",
        .details = "Columns (header names in any case; docs/lab-import.md lists the aliases): code (the\n"
                   "sample's public code) and substance are required; lab, method (gc-ms, lc-ms, qnmr,\n"
                   "...), reported_on (YYYY-MM-DD), quantity_percent and detected (yes/no, default yes)\n"
                   "are optional. Substances are resolved through the catalogue (synonyms, salt words\n"
                   "stripped). Every row is checked first: an unknown code, column or substance, a bad\n"
                   "date, number or yes/no stops the import with the line and column (exit 65) and\n"
                   "nothing is stored. Importing the same file again adds nothing. --dry-run checks and\n"
                   "counts without storing.",
        .positionals = {{"FILE", "the lab's CSV file"}},
        .options = {{"dry-run", "", "check the file and count what would change; store nothing"}},
        .run = labImport,
    });
    table.add({
        .words = {"lab", "report"},
        .summary = "findings and matches against the lab: sensitivity, specificity, misses, thresholds",
        .details = "Over the samples with lab results, per substance and per catalogue class: what the\n"
                   "findings, the stored matches' detected components, and their detected or possible\n"
                   "components say against the lab (TP, FP, FN, TN, sensitivity and specificity with 95 %\n"
                   "Wilson intervals), the samples missed and falsely flagged, and per high-risk class the\n"
                   "lowest evidence threshold that keeps 99 % specificity on this data.",
        .run = labReport,
    });
    table.add({
        .words = {"lab", "adopt-thresholds"},
        .summary = "make matching use the thresholds of 'lab report' (admin)",
        .details = "Stores the proposed evidence threshold of each high-risk class that has one (or of\n"
                   "--class only), with the old and new value in the audit log. Matching then calls a\n"
                   "high-risk component of that class detected when its evidence reaches the threshold,\n"
                   "and possible below it.",
        .options = {{"class", "C", "only this class (fentanyl, nitazene, benzodiazepine, ...)"}},
        .run = labAdoptThresholds,
    });
}

} // namespace candor::cli
