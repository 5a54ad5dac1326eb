// user add, list, set-roles, deactivate, activate, reset-password, passwd: accounts. The
// first account on an empty database needs no --user, chooses its roles and is admin too;
// after that an admin manages accounts and everyone changes their own password. The rules
// (who may, never without an active admin, the audit) are core's: UserStore.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/table.h"

#include "core/permissions.h"
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
        throw UsageError(std::string("no password for the new user: set CANDOR_NEW_PASSWORD") +
                             (first ? " (or CANDOR_PASSWORD)" : "") + " or run on a terminal to be asked",
                         "user add");
    input.password = *password;

    const core::User user = users.add(input, actor);
    if (ctx.json()) {
        auto record = userJson(user);
        record["created_by"] = actor ? nlohmann::ordered_json(actor->name) : nlohmann::ordered_json(nullptr);
        printJson(ctx.out(), record);
    } else {
        ctx.out() << "Added user " << user.name << " (" << core::joinList(core::toStrings(user.roles), ", ") << ")";
        if (first)
            ctx.out() << ": the first user, so also admin";
        ctx.out() << "\n";
    }
    return kExitOk;
}

int userList(Context &ctx, const Arguments &)
{
    const auto users = core::UserStore(ctx.database()).listFor(ctx.actor());
    if (ctx.json()) {
        auto out = nlohmann::ordered_json::array();
        for (const auto &u : users)
            out.push_back(userJson(u));
        printJson(ctx.out(), out);
        return kExitOk;
    }
    TextTable table({"NAME", "DISPLAY NAME", "ROLES", "STATE"}, 60);
    for (const auto &u : users)
        table.addRow(
            {u.name, u.displayName, core::joinList(core::toStrings(u.roles), ", "), u.active ? "active" : "deactivated"});
    table.print(ctx.out());
    return kExitOk;
}

int userSetRoles(Context &ctx, const Arguments &args)
{
    const auto user =
        core::UserStore(ctx.database()).setRoles(args.positional(0), core::splitList(args.positional(1)), ctx.actor());
    if (ctx.json())
        printJson(ctx.out(), userJson(user));
    else
        ctx.out() << "Roles of " << user.name << " are now: " << core::joinList(core::toStrings(user.roles), ", ") << "\n";
    return kExitOk;
}

int setActive(Context &ctx, const Arguments &args, bool active)
{
    const auto user = core::UserStore(ctx.database()).setActive(args.positional(0), active, ctx.actor());
    if (ctx.json())
        printJson(ctx.out(), userJson(user));
    else if (active)
        ctx.out() << "Re-activated " << user.name << ": they can sign in again\n";
    else
        ctx.out() << "Deactivated " << user.name << ": they can no longer sign in; their past work keeps their name\n";
    return kExitOk;
}

int userDeactivate(Context &ctx, const Arguments &args)
{
    return setActive(ctx, args, false);
}
int userActivate(Context &ctx, const Arguments &args)
{
    return setActive(ctx, args, true);
}

int userResetPassword(Context &ctx, const Arguments &args)
{
    core::UserStore users(ctx.database());
    const auto &actor = ctx.actor();
    core::require(actor, core::Action::ManageUsers); // 77 before a non-admin is asked for anything
    const std::string name = core::normalizeTerm(args.positional(0));
    const auto password = ctx.newPassword(name, "CANDOR_NEW_PASSWORD", nullptr);
    if (!password)
        throw UsageError("no new password for " + name + ": set CANDOR_NEW_PASSWORD or run on a terminal to be asked",
                         "user reset-password");
    users.resetPassword(name, *password, actor);
    if (ctx.json())
        printJson(ctx.out(), {{"name", name}, {"password_reset", true}});
    else
        ctx.out() << "Reset the password of " << name << "\n";
    return kExitOk;
}

int userPasswd(Context &ctx, const Arguments &)
{
    const auto &self = ctx.actor(); // the old password: CANDOR_PASSWORD or the prompt
    const auto password = ctx.newPassword(self.name, "CANDOR_NEW_PASSWORD", nullptr);
    if (!password)
        throw UsageError("no new password: set CANDOR_NEW_PASSWORD or run on a terminal to be asked", "user passwd");
    core::UserStore(ctx.database()).changeOwnPassword(self.name, ctx.actorPassword(), *password);
    if (ctx.json())
        printJson(ctx.out(), {{"name", self.name}, {"password_changed", true}});
    else
        ctx.out() << "Changed the password of " << self.name << "\n";
    return kExitOk;
}

} // namespace

void addUserCommands(CommandTable &table)
{
    table.add({
        .words = {"user", "add"},
        .summary = "add an account (the first one on a new database chooses its roles and is admin too)",
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
    const PositionalSpec nameArg{"NAME", "the account's log-in name"};
    table.add({
        .words = {"user", "list"},
        .summary = "list the accounts with their roles and whether they are active (admin)",
        .run = userList,
    });
    table.add({
        .words = {"user", "set-roles"},
        .summary = "replace an account's roles (admin)",
        .details = "Refused when it would leave no active admin (the last admin removing their own admin role).",
        .positionals = {nameArg, {"ROLES", "comma-separated: technician, verifier, coordinator, admin"}},
        .run = userSetRoles,
    });
    table.add({
        .words = {"user", "deactivate"},
        .summary = "stop an account from signing in; its past work keeps its name (admin)",
        .details = "Refused when it would leave no active admin.",
        .positionals = {nameArg},
        .run = userDeactivate,
    });
    table.add({
        .words = {"user", "activate"},
        .summary = "re-activate a deactivated account (admin)",
        .positionals = {nameArg},
        .run = userActivate,
    });
    table.add({
        .words = {"user", "reset-password"},
        .summary = "set a new password for an account (admin)",
        .details = "The new password comes from CANDOR_NEW_PASSWORD, else a prompt on a terminal (asked twice).",
        .positionals = {nameArg},
        .run = userResetPassword,
    });
    table.add({
        .words = {"user", "passwd"},
        .summary = "change your own password",
        .details = "The old password is the one you sign in with (CANDOR_PASSWORD or the prompt); the new one\n"
                   "comes from CANDOR_NEW_PASSWORD, else a prompt on a terminal (asked twice).",
        .run = userPasswd,
    });
}

} // namespace candor::cli
