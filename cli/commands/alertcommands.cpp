// alerts draft | publish | retract, alerts rules|advice show|set|reset, export site,
// results import-csv: community alerts drafted from this service's verified results
// with the rules in force, published by a coordinator, and written as the anonymized
// community site; results other services published are imported and kept apart.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/table.h"

#include "alerts/alertcheck.h"
#include "alerts/draftservice.h"
#include "alerts/externalresults.h"
#include "alerts/servicerules.h"
#include "alerts/servicesamples.h"
#include "alerts/serviceexport.h"
#include "alerts/publishers.h"
#include "core/catalogue.h"
#include "core/sqlite/sqlitealertdraftstore.h"
#include "core/sqlite/sqliteexternalresultstore.h"
#include "core/users.h"
#include "print/slipwriter.h"

#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

namespace candor::cli {

namespace {

nlohmann::ordered_json alertJson(const alerts::Alert &a)
{
    nlohmann::ordered_json j;
    j["id"] = a.id;
    j["rule"] = a.ruleId;
    j["status"] = a.status;
    j["severity"] = core::toString(a.severity);
    j["headline"] = a.headline;
    j["found"] = a.found;
    j["sold_as"] = a.soldAs;
    j["samples"] = a.sampleCount;
    j["region"] = a.region;
    j["window_start"] = a.windowStart;
    j["window_end"] = a.windowEnd;
    j["advice"] = a.advice;
    j["needs_update"] = a.needsUpdate;
    j["updated_at"] = a.updatedAt;
    return j;
}

// This service's verified samples; with --external, the results another service
// published (imported by results import-csv) instead: they are kept apart, never mixed
// into this service's own alerts.
std::vector<alerts::VerifiedSample> verifiedSamples(Context &ctx, const Arguments &args)
{
    if (args.has("external")) {
        core::SqliteExternalResultStore rows(ctx.database());
        return alerts::ExternalResultSource(rows).verifiedSamples();
    }
    return alerts::ServiceSampleSource(ctx.database(), ctx.catalogue()).verifiedSamples();
}

std::set<std::string> catalogueSubstances(Context &ctx)
{
    std::set<std::string> out;
    for (const auto &s : ctx.catalogue().substances())
        out.insert(s.name);
    return out;
}

int alertsDraft(Context &ctx, const Arguments &args)
{
    ctx.actor();
    alerts::RuleBook rules = alerts::rulesInForce(ctx.database());
    if (const auto file = args.value("rules"))
        rules.loadFile(*file);
    core::SqliteAlertDraftStore store(ctx.database());
    alerts::DraftService service(store, rules, alerts::adviceInForce(ctx.database()));
    const auto result = service.refresh(verifiedSamples(ctx, args), catalogueSubstances(ctx));
    const auto drafts = service.list();
    // The export's check on every alert that may still go out, so that a draft that could
    // not be published says so now, with what to change.
    std::map<std::string, std::vector<alerts::AlertRefusal>> problems;
    if (!args.has("external")) {
        const auto check = alerts::serviceAlertCheck(ctx.database(), ctx.catalogue());
        for (const auto &a : drafts)
            if (a.status != "cancelled")
                if (auto refusals = check.check(alerts::alertText(a, check.groupsOf(a.sampleIds))); !refusals.empty())
                    problems[a.id] = std::move(refusals);
    }
    const std::int64_t demoLeftOut = args.has("external")
                                         ? 0
                                         : alerts::ServiceSampleSource(ctx.database(), ctx.catalogue()).demoLeftOut();
    if (ctx.json()) {
        nlohmann::ordered_json out;
        out["created"] = result.created;
        out["updated"] = result.updated;
        out["demo_samples_left_out"] = demoLeftOut;
        out["alerts"] = nlohmann::ordered_json::array();
        for (const auto &a : drafts) {
            auto j = alertJson(a);
            j["problems"] = nlohmann::ordered_json::array();
            if (const auto it = problems.find(a.id); it != problems.end())
                for (const auto &r : it->second)
                    j["problems"].push_back({{"field", r.field}, {"rule", r.rule}, {"message", r.sentence()}});
            out["alerts"].push_back(j);
        }
        printJson(ctx.out(), out);
        return kExitOk;
    }
    ctx.out() << result.created << " new drafts, " << result.updated << " updated, " << result.unchanged << " unchanged\n";
    if (demoLeftOut > 0)
        ctx.out() << demoLeftOut << " verified demo sample(s) left out: demo data never feeds alerts or published pages\n";
    TextTable table({"ID", "STATUS", "SEVERITY", "REGION", "WEEKS", "SAMPLES", "HEADLINE"}, 60);
    for (const auto &a : drafts)
        table.addRow({a.id.substr(0, 8), a.status + (a.needsUpdate ? " (needs update)" : ""), core::toString(a.severity),
                      a.region, a.windowStart + ".." + a.windowEnd, std::to_string(a.sampleCount), a.headline});
    table.print(ctx.out());
    for (const auto &[id, refusals] : problems)
        for (const auto &r : refusals)
            ctx.out() << "cannot be published as it stands: " << r.sentence() << "\n";
    return kExitOk;
}

int alertsPublish(Context &ctx, const Arguments &args)
{
    alerts::RuleBook rules;
    core::SqliteAlertDraftStore store(ctx.database());
    alerts::DraftService service(store, rules);
    const auto p = service.publish(args.positional(0), ctx.actor(), alerts::serviceAlertCheck(ctx.database(), ctx.catalogue()));
    ctx.out() << (p.msgType == "Alert" ? "Published " : "Published an update of ") << p.alertId.substr(0, 8) << ": " << p.headline
              << "\n";
    return kExitOk;
}

int alertsRetract(Context &ctx, const Arguments &args)
{
    alerts::RuleBook rules;
    core::SqliteAlertDraftStore store(ctx.database());
    alerts::DraftService service(store, rules);
    const auto id = service.get(args.positional(0)).id;
    const auto p = service.cancel(id, args.valueOr("reason", ""), ctx.actor(),
                                  alerts::serviceAlertCheck(ctx.database(), ctx.catalogue()));
    ctx.out() << (p ? "Withdrew " : "Dismissed the draft ") << id.substr(0, 8) << "\n";
    return kExitOk;
}

int exportSite(Context &ctx, const Arguments &args)
{
    ctx.actor();
    // The poster needs QtGui's fonts and painter, never a display.
    print::ensureGuiApplication();
    const auto result = alerts::exportServiceSite(ctx.database(), ctx.catalogue(), args.valueOr("out", ""),
                                                  args.has("external") ? alerts::TrendSource::External
                                                                       : alerts::TrendSource::ThisService);
    ctx.out() << "Wrote " << result.files.size() << " files (" << result.alerts << " alerts) to " << result.folder.string()
              << "\n";
    return kExitOk;
}

// `alerts rules ...` and `alerts advice ...` share their shape: show the text in force,
// set it from a file (validated whole first), reset to the shipped file.
struct ConfigCommands {
    const char *what; // "alert rules"
    alerts::ConfigText (*text)(core::Database &);
    void (*save)(core::Database &, const std::string &, const core::User &);
    void (*restore)(core::Database &, const core::User &);
};

const ConfigCommands kRules{"alert rules", alerts::rulesText, alerts::saveRules, alerts::restoreShippedRules};
const ConfigCommands kAdvice{"safer-use advice", alerts::adviceText, alerts::saveAdvice, alerts::restoreShippedAdvice};

int showConfig(const ConfigCommands &c, Context &ctx)
{
    const auto config = c.text(ctx.database());
    if (ctx.json()) {
        printJson(ctx.out(), {{"edited", config.edited}, {"text", config.text}});
        return kExitOk;
    }
    ctx.out() << config.text;
    if (!config.text.empty() && config.text.back() != '\n')
        ctx.out() << "\n";
    return kExitOk;
}

int setConfig(const ConfigCommands &c, Context &ctx, const Arguments &args)
{
    c.save(ctx.database(), readTextFile(args.positional(0)), ctx.actor());
    ctx.out() << "The " << c.what << " from " << args.positional(0) << " are in force.\n";
    return kExitOk;
}

int resetConfig(const ConfigCommands &c, Context &ctx)
{
    c.restore(ctx.database(), ctx.actor());
    ctx.out() << "The shipped " << c.what << " are in force.\n";
    return kExitOk;
}

int resultsImportCsv(Context &ctx, const Arguments &args)
{
    ctx.actor();
    const std::string path = args.positional(0);
    core::SqliteExternalResultStore stored(ctx.database());
    const auto report = alerts::ExternalResultImport(stored).importCsv(readTextFile(path), path, args.valueOr("mapping", ""));
    if (ctx.json()) {
        nlohmann::ordered_json out;
        out["read"] = report.read;
        out["imported"] = report.imported;
        out["already_imported"] = report.alreadyImported;
        out["rejected"] = nlohmann::ordered_json::array();
        for (const auto &r : report.rejected)
            out["rejected"].push_back({{"row", r.row}, {"reason", r.reason}});
        out["notes"] = report.notes;
        printJson(ctx.out(), out);
        return kExitOk;
    }
    ctx.out() << "Read " << report.read << " rows, imported " << report.imported << ", rejected " << report.rejected.size();
    if (report.alreadyImported)
        ctx.out() << ", " << report.alreadyImported << " already imported before";
    ctx.out() << "\n";
    for (const auto &r : report.rejected)
        ctx.out() << "  row " << r.row << " rejected: " << r.reason << "\n";
    for (const auto &[note, rows] : report.notes)
        ctx.out() << "  note: " << note << " (" << rows << (rows == 1 ? " row)\n" : " rows)\n");
    return kExitOk;
}

} // namespace

void addAlertCommands(CommandTable &table)
{
    table.add({
        .words = {"alerts", "draft"},
        .summary = "match verified results against the alert rules and list the drafts",
        .details = "New matches update the open draft of their rule, region and window instead of making another.",
        .options = {{"rules", "FILE", "an edited rule file instead of the shipped data/alert-rules.json"},
                    {"external", "", "draft from results another service published (results import-csv), not this service's"}},
        .run = alertsDraft,
    });
    table.add({
        .words = {"alerts", "publish"},
        .summary = "publish a draft, or an update of a published alert (coordinator)",
        .positionals = {{"ID", "the alert's id (8 characters are enough)"}},
        .run = alertsPublish,
    });
    table.add({
        .words = {"alerts", "retract"},
        .summary = "withdraw an alert, with a reason (coordinator)",
        .positionals = {{"ID", "the alert's id"}},
        .options = {{"reason", "TEXT", "why it is withdrawn; published with the cancel", true}},
        .run = alertsRetract,
    });
    for (const auto *config : {&kRules, &kAdvice}) {
        const std::string noun = config == &kRules ? "rules" : "advice";
        const std::string file = config == &kRules ? "data/alert-rules.json" : "data/safer-use-advice.json";
        table.add({
            .words = {"alerts", noun, "show"},
            .summary = std::string("print the ") + config->what + " in force (saved, else the shipped " + file + ")",
            .database = DatabaseUse::Reading,
            .needsUser = false,
            .run = [config](Context &ctx, const Arguments &) { return showConfig(*config, ctx); },
        });
        table.add({
            .words = {"alerts", noun, "set"},
            .summary = std::string("put edited ") + config->what + " in force (coordinator or admin)",
            .details = "The whole file is checked first: an error names the line and field, and the " +
                       std::string(config->what) + " in force stay as they were.",
            .positionals = {{"FILE", "the edited JSON file"}},
            .run = [config](Context &ctx, const Arguments &args) { return setConfig(*config, ctx, args); },
        });
        table.add({
            .words = {"alerts", noun, "reset"},
            .summary = std::string("go back to the shipped ") + config->what + " (coordinator or admin)",
            .run = [config](Context &ctx, const Arguments &) { return resetConfig(*config, ctx); },
        });
    }
    table.add({
        .words = {"export", "site"},
        .summary = "write the community site: HTML, Atom, CAP, JSON, CSV, posters",
        .details = "Everything passes the anonymizer first; the folder is written whole or not at all.",
        .options = {{"out", "DIR", "the folder to write (replaced when complete)", true},
                    {"external", "", "trends from results another service published, not this service's"}},
        .run = exportSite,
    });
    table.add({
        .words = {"results", "import-csv"},
        .summary = "import results another service published",
        .positionals = {{"FILE", "the CSV file"}},
        .options = {{"mapping", "NAME", "how its columns map: drugcheckingbc", true}},
        .run = resultsImportCsv,
    });
}

} // namespace candor::cli
