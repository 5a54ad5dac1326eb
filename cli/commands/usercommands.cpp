// user add: accounts. The first account on an empty database needs no --user and becomes
// admin; after that an admin adds accounts.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"

#include "core/users.h"
#include "core/util.h"

#include <ostream>

namespace candor::cli {

namespace {

int userAdd(Context &ctx, const Arguments &args)
{
    core::NewUser input;
    input.name = args.positional(0);
    input.displayName = args.valueOr("display-name", "");
    input.roles = core::splitList(args.valueOr("role", ""));

    core::UserStore users(ctx.database());
    const bool first = !users.hasUsers();
    const core::User *actor = nullptr;
    if (!first)
        actor = &ctx.actor(); // 77 for a wrong password before anything else is asked

    // The first user has nobody to vouch for them, so their own CANDOR_PASSWORD is the
    // natural place for their password too.
    const auto password = ctx.newPassword(core::normalizeTerm(input.name), "CANDOR_NEW_PASSWORD",
                                          first ? "CANDOR_PASSWORD" : nullptr);
    if (!password)
        throw UsageError(std::string("no password for the new user: set CANDOR_NEW_PASSWORD")
                             + (first ? " (or CANDOR_PASSWORD)" : "") + " or run on a terminal to be asked",
                         "user add");
    input.password = *password;

    const core::User user = users.add(input, actor);
    if (ctx.json()) {
        auto record = userJson(user);
        record["created_by"] = actor ? nlohmann::ordered_json(actor->name) : nlohmann::ordered_json(nullptr);
        printJson(ctx.out(), record);
    } else {
        ctx.out() << "Added user " << user.name << " (" << core::joinList(user.roles, ", ") << ")";
        if (first)
            ctx.out() << ": the first user, so also admin";
        ctx.out() << "\n";
    }
    return kExitOk;
}

} // namespace

void addUserCommands(CommandTable &table)
{
    table.add({
        .words = {"user", "add"},
        .summary = "add an account (the first one on a new database becomes admin)",
        .details = "On an empty database no --user is needed; the password comes from CANDOR_NEW_PASSWORD,\n"
                   "else CANDOR_PASSWORD, else a prompt on a terminal (asked twice). After that an admin\n"
                   "adds accounts: --user NAME with CANDOR_PASSWORD, and the new account's password from\n"
                   "CANDOR_NEW_PASSWORD or the prompt.",
        .positionals = {{"NAME", "log-in name: 2 to 32 lower-case letters, digits, '.', '_' or '-'"}},
        .options = {{"role", "ROLE[,ROLE...]", "technician, verifier, coordinator, admin", true},
                    {"display-name", "TEXT", "the name shown in the app (default: NAME)"}},
        .database = DatabaseUse::Create,
        // The first user has no one to act as; UserStore enforces the admin role after.
        .needsUser = false,
        .run = userAdd,
    });
}

} // namespace candor::cli
