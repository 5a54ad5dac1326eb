// db init, db migrate: creating and upgrading the database file. Later: db backup FILE,
// db check.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"

#include "core/catalogue.h"
#include "core/database.h"
#include "core/migrations.h"

#include <ostream>

namespace candor::cli {

namespace {

int dbInit(Context &ctx, const Arguments &)
{
    const bool existed = ctx.databaseExisted();
    core::Database &db = ctx.database();
    const int version = db.userVersion();
    if (ctx.json()) {
        printJson(ctx.out(), {{"path", db.path().string()},
                              {"created", !existed},
                              {"schema_version", version},
                              {"catalogue_version", ctx.catalogue().loadedVersion()}});
    } else {
        ctx.out() << (existed ? "Candor database ready at " : "Created Candor database at ") << db.path().string() << "\n"
                  << "Schema version " << version << ", catalogue version " << ctx.catalogue().loadedVersion() << "\n";
    }
    return kExitOk;
}

int dbMigrate(Context &ctx, const Arguments &)
{
    const auto path = ctx.databasePath();
    if (!ctx.databaseExisted())
        throw InputFileError("no Candor database at " + path.string() + ": create one with 'candor-cli db init'");
    int before = 0;
    {
        // Read the version before migrating, read-only, so that what was there can be told.
        core::Database probe(path, core::Database::Mode::ReadOnly);
        before = probe.userVersion();
    }
    core::Database &db = ctx.database();
    const int after = db.userVersion();
    if (ctx.json()) {
        printJson(ctx.out(), {{"path", db.path().string()}, {"schema_version_before", before}, {"schema_version", after}});
    } else if (before == after) {
        ctx.out() << db.path().string() << " is up to date (schema version " << after << ")\n";
    } else {
        ctx.out() << "Migrated " << db.path().string() << " from schema version " << before << " to " << after << "\n";
    }
    return kExitOk;
}

} // namespace

void addDbCommands(CommandTable &table)
{
    table.add({
        .words = {"db", "init"},
        .summary = "create the database (or check an existing one): migrate it and load the catalogue",
        .details = "Prints the file's path and its schema version. Safe to run again.",
        .database = DatabaseUse::Create,
        .needsUser = false,
        .run = dbInit,
    });
    table.add({
        .words = {"db", "migrate"},
        .summary = "bring an existing database to this program's schema version",
        .details = "Each migration runs in its own transaction; a failure leaves the file at the last good version.",
        .database = DatabaseUse::Existing,
        .needsUser = false,
        .run = dbMigrate,
    });
}

} // namespace candor::cli
