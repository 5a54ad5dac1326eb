// site add, site list: where samples are taken in, and the region each is published as.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/table.h"

#include "core/sites.h"

#include <ostream>

namespace candor::cli {

namespace {

int siteAdd(Context &ctx, const Arguments &args)
{
    const core::Site site = core::SiteStore(ctx.database()).add(args.positional(0), args.valueOr("region", ""), ctx.actor());
    if (ctx.json())
        printJson(ctx.out(), siteJson(site));
    else
        ctx.out() << "Added site " << site.name << " (region " << site.region << ")\n";
    return kExitOk;
}

int siteList(Context &ctx, const Arguments &)
{
    ctx.actor();
    const auto sites = core::SiteStore(ctx.database()).list();
    if (ctx.json()) {
        auto out = nlohmann::ordered_json::array();
        for (const auto &s : sites)
            out.push_back(siteJson(s));
        printJson(ctx.out(), out);
        return kExitOk;
    }
    TextTable table({"NAME", "REGION"}, 60);
    for (const auto &s : sites)
        table.addRow({s.name, s.region});
    table.print(ctx.out());
    return kExitOk;
}

} // namespace

void addSiteCommands(CommandTable &table)
{
    table.add({
        .words = {"site", "add"},
        .summary = "add a site where samples are taken in (admin)",
        .details = "The region is what published alerts show instead of the site's name.",
        .positionals = {{"NAME", "the site's name"}},
        .options = {{"region", "R", "the region it is published as", true}},
        .run = siteAdd,
    });
    table.add({
        .words = {"site", "list"},
        .summary = "list the sites",
        .database = DatabaseUse::Reading,
        .run = siteList,
    });
}

} // namespace candor::cli
