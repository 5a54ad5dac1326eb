// demo load: a demo data set for a first look, every record marked as demo.

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

} // namespace

void addDemoCommands(CommandTable &table)
{
    table.add({
        .words = {"demo", "load"},
        .summary = "add a demo data set (samples, strips, reagents), all marked as demo",
        .options = {{"count", "N", "how many samples (default 120)"}},
        .run = demoLoad,
    });
}

} // namespace candor::cli
