// demo load, demo remove: a demo data set for a first look, every record marked as demo,
// and taking all of it out again.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"

#include "core/demodata.h"

#include <ostream>

namespace candor::cli {

namespace {

int demoLoad(Context &ctx, const Arguments &args)
{
    const auto count = args.integer("count", 1, 100000).value_or(120);
    const core::User &actor = ctx.actor();
    const int added = core::loadDemoData(ctx.database(), actor, int(count));
    if (ctx.json())
        printJson(ctx.out(), {{"added", added}, {"site", core::kDemoSiteName}, {"is_demo", true}});
    else
        ctx.out() << "Loaded " << added << " demo samples at \"" << core::kDemoSiteName
                  << "\": they are marked as demo, not real results\n";
    return kExitOk;
}

int demoRemove(Context &ctx, const Arguments &)
{
    const core::User &actor = ctx.actor();
    const auto removed = core::removeDemoData(ctx.database(), actor);
    if (ctx.json()) {
        printJson(ctx.out(), {{"removed", removed.toJson()}});
        return kExitOk;
    }
    if (removed.samples == 0 && removed.alertDrafts == 0 && removed.users == 0 && removed.sites == 0) {
        ctx.out() << "No demo data in this database: nothing removed (the removal is in the audit log)\n";
        return kExitOk;
    }
    ctx.out() << "Removed the demo data in one step (one audit entry says so):\n";
    const auto counts = removed.toJson();
    for (const auto &[what, count] : counts.items()) {
        std::string words = what;
        for (auto &c : words)
            if (c == '_')
                c = ' ';
        ctx.out() << "  " << words << ": " << count.get<std::int64_t>() << "\n";
    }
    return kExitOk;
}

} // namespace

void addDemoCommands(CommandTable &table)
{
    table.add({
        .words = {"demo", "load"},
        .summary = "add a demo data set (samples, strips, reagents), all marked as demo",
        .options = {{"count", "N", "how many samples (default 120)"}},
        .run = demoLoad,
    });
    table.add({
        .words = {"demo", "remove"},
        .summary = "remove every demo sample and all recorded on it, the demo drafts and accounts (admin)",
        .details = "One transaction: the demo samples with their readings, findings, instrument files, matches,\n"
                   "re-screen changes, lab results and alert-update requests; alert drafts resting only on demo\n"
                   "samples; the demo site and the demo accounts when nothing else refers to them. Real samples\n"
                   "are not touched; the demo reference library stays (see 'library retire-demo'). The audit\n"
                   "log keeps its entries about the demo and gains one entry with the counts.",
        .run = demoRemove,
    });
}

} // namespace candor::cli
