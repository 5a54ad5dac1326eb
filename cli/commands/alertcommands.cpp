// alerts draft | publish | retract, export site, results import-csv: community alerts
// drafted from verified results, published by a coordinator, and written as the
// anonymized community site. Until findings exist in the database (issue 5), the
// verified samples come from results other services published (results import-csv).

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/table.h"

#include "alerts/draftservice.h"
#include "alerts/externalresults.h"
#include "alerts/servicesamples.h"
#include "alerts/pdfposter.h"
#include "alerts/publishers.h"
#include "core/catalogue.h"
#include "core/users.h"

#include <QGuiApplication>

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
    j["severity"] = a.severity;
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
    if (args.has("external"))
        return alerts::ExternalResultSource(ctx.database()).verifiedSamples();
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
    alerts::RuleBook rules;
    if (const auto file = args.value("rules"))
        rules.loadFile(*file);
    alerts::DraftService service(ctx.database(), rules);
    const auto result = service.refresh(verifiedSamples(ctx, args), catalogueSubstances(ctx));
    const auto drafts = service.list();
    if (ctx.json()) {
        nlohmann::ordered_json out;
        out["created"] = result.created;
        out["updated"] = result.updated;
        out["alerts"] = nlohmann::ordered_json::array();
        for (const auto &a : drafts)
            out["alerts"].push_back(alertJson(a));
        printJson(ctx.out(), out);
        return kExitOk;
    }
    ctx.out() << result.created << " new drafts, " << result.updated << " updated, " << result.unchanged << " unchanged\n";
    TextTable table({"ID", "STATUS", "SEVERITY", "REGION", "WEEKS", "SAMPLES", "HEADLINE"}, 60);
    for (const auto &a : drafts)
        table.addRow({a.id.substr(0, 8), a.status + (a.needsUpdate ? " (needs update)" : ""), a.severity, a.region,
                      a.windowStart + ".." + a.windowEnd, std::to_string(a.sampleCount), a.headline});
    table.print(ctx.out());
    return kExitOk;
}

int alertsPublish(Context &ctx, const Arguments &args)
{
    alerts::RuleBook rules;
    alerts::DraftService service(ctx.database(), rules);
    const auto p = service.publish(args.positional(0), ctx.actor());
    ctx.out() << (p.msgType == "Alert" ? "Published " : "Published an update of ") << p.alertId.substr(0, 8) << ": "
              << p.headline << "\n";
    return kExitOk;
}

int alertsRetract(Context &ctx, const Arguments &args)
{
    alerts::RuleBook rules;
    alerts::DraftService service(ctx.database(), rules);
    const auto id = service.get(args.positional(0)).id;
    const auto p = service.cancel(id, args.valueOr("reason", ""), ctx.actor());
    ctx.out() << (p ? "Withdrew " : "Dismissed the draft ") << id.substr(0, 8) << "\n";
    return kExitOk;
}

int exportSite(Context &ctx, const Arguments &args)
{
    ctx.actor();
    alerts::RuleBook rules;
    alerts::DraftService service(ctx.database(), rules);
    // The poster needs QtGui's fonts and painter, never a display.
    if (!std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static int argc = 1;
    static char name[] = "candor-cli";
    static char *argv[] = {name, nullptr};
    if (!QGuiApplication::instance())
        new QGuiApplication(argc, argv);
    alerts::PdfPosterWriter posters;
    alerts::SiteExporter exporter;
    exporter.setPosterWriter(&posters);
    std::set<std::string> internal;
    for (const auto &u : core::UserStore(ctx.database()).list()) {
        internal.insert(u.name);
        internal.insert(u.displayName);
        internal.insert(u.id);
    }
    const auto result = exporter.exportSite(service.publications(), verifiedSamples(ctx, args), args.valueOr("out", ""), internal);
    ctx.out() << "Wrote " << result.files.size() << " files (" << result.alerts << " alerts) to " << result.folder.string() << "\n";
    return kExitOk;
}

int resultsImportCsv(Context &ctx, const Arguments &args)
{
    ctx.actor();
    const std::string path = args.positional(0);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputFileError("cannot open " + path);
    std::ostringstream text;
    text << in.rdbuf();
    const auto report = alerts::ExternalResultStore(ctx.database()).importCsv(text.str(), path, args.valueOr("mapping", ""));
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
