// service set, service show: the service's identity (name, contact line, region, time
// zone) printed on result slips and the exported site.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"

#include "core/serviceidentity.h"
#include "print/servicetime.h"

#include <ostream>

namespace candor::cli {

namespace {

nlohmann::ordered_json serviceJson(const core::ServiceIdentity &s)
{
    return {{"name", s.name}, {"contact", s.contact}, {"region", s.region}, {"time_zone", s.timeZone}};
}

void printService(Context &ctx, const core::ServiceIdentity &s)
{
    if (ctx.json()) {
        printJson(ctx.out(), serviceJson(s));
        return;
    }
    ctx.out() << "Name:      " << (s.name.empty() ? "(not set)" : s.name) << "\n"
              << "Contact:   " << (s.contact.empty() ? "(not set)" : s.contact) << "\n"
              << "Region:    " << (s.region.empty() ? "(not set)" : s.region) << "\n"
              << "Time zone: " << s.timeZone << "\n";
}

int serviceSet(Context &ctx, const Arguments &args)
{
    core::ServiceIdentityChange change{args.value("name"), args.value("contact"), args.value("region"), args.value("time-zone")};
    if (!change.name && !change.contact && !change.region && !change.timeZone)
        throw UsageError("service set: give at least one of --name, --contact, --region, --time-zone", "service set");
    const auto after = core::ServiceIdentityStore(ctx.database()).set(change, ctx.actor(), print::isKnownTimeZone);
    printService(ctx, after);
    return kExitOk;
}

int serviceShow(Context &ctx, const Arguments &)
{
    ctx.actor();
    printService(ctx, core::ServiceIdentityStore(ctx.database()).get());
    return kExitOk;
}

} // namespace

void addServiceCommands(CommandTable &table)
{
    table.add({
        .words = {"service", "set"},
        .summary = "set the service's name, contact line, region and time zone (admin)",
        .details = "Printed on result slips and the exported site. The time zone is an IANA name\n"
                   "(Europe/Zurich): times are shown in it and stored in UTC. Only the options given change;\n"
                   "an invalid value changes nothing.",
        .options = {{"name", "TEXT", "the service's name"},
                    {"contact", "TEXT", "one line: hours, phone, e-mail"},
                    {"region", "TEXT", "where the service works"},
                    {"time-zone", "ZONE", "an IANA time zone such as Europe/Zurich"}},
        .run = serviceSet,
    });
    table.add({
        .words = {"service", "show"},
        .summary = "show the service's name, contact line, region and time zone",
        .database = DatabaseUse::Reading,
        .run = serviceShow,
    });
}

} // namespace candor::cli
