// db init, db migrate, db backup, db restore, db check: creating, upgrading, copying and
// checking the database file.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"

#include "core/auditlog.h"
#include "core/backup.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/migrations.h"
#include "core/users.h"

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

int dbBackup(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    const auto result = core::backupDatabase(ctx.database(), args.positional(0), actor);
    if (ctx.json())
        printJson(ctx.out(), {{"path", result.path.string()}, {"bytes", result.bytes}});
    else
        ctx.out() << "Backed up " << ctx.database().path().string() << " to " << result.path.string() << " (" << result.bytes
                  << " bytes)\n";
    return kExitOk;
}

int dbRestore(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    const std::filesystem::path source = args.positional(0);
    if (!std::filesystem::exists(source))
        throw InputFileError("restore: no file at " + source.string());
    core::restoreDatabase(ctx.database(), source, actor);
    if (ctx.json())
        printJson(ctx.out(), {{"path", ctx.database().path().string()}, {"restored_from", source.string()}});
    else
        ctx.out() << "Restored " << ctx.database().path().string() << " from " << source.string() << "\n";
    return kExitOk;
}

int dbCheck(Context &ctx, const Arguments &)
{
    core::Database &db = ctx.database();
    std::vector<std::string> problems;
    {
        auto st = db.prepare("PRAGMA integrity_check");
        while (st.step())
            if (st.columnText(0) != "ok")
                problems.push_back("integrity: " + st.columnText(0));
    }
    const auto audit = core::AuditLog(db).verify();
    if (ctx.json()) {
        printJson(ctx.out(), {{"path", db.path().string()},
                              {"integrity_ok", problems.empty()},
                              {"integrity_problems", problems},
                              {"audit_ok", audit.ok},
                              {"audit_entries", audit.entries},
                              {"first_bad_entry", audit.firstBadSeq ? nlohmann::ordered_json(*audit.firstBadSeq) : nlohmann::ordered_json(nullptr)},
                              {"audit_problem", audit.problem}});
    } else {
        ctx.out() << "SQLite integrity: " << (problems.empty() ? "ok" : "FAILED") << "\n";
        for (const auto &p : problems)
            ctx.out() << "  " << p << "\n";
        ctx.out() << "Audit log: " << (audit.ok ? "ok, " + std::to_string(audit.entries) + " entries chained" : "FAILED") << "\n";
    }
    if (!audit.ok)
        ctx.err() << "candor-cli: db check: " << audit.problem << "\n";
    if (!problems.empty())
        ctx.err() << "candor-cli: db check: SQLite integrity check failed: " << problems.front() << "\n";
    // A file that fails either check holds bad data: 65, like any other malformed input.
    return problems.empty() && audit.ok ? kExitOk : kExitDataError;
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
    table.add({
        .words = {"db", "backup"},
        .summary = "copy the database to FILE, consistently, even while others write (admin)",
        .details = "Uses SQLite's online backup API. The copy is written to a temporary file beside FILE and\n"
                   "renamed at the end, so a failed backup leaves nothing half-written (exit 74 when FILE's\n"
                   "folder is missing or not writable).",
        .positionals = {{"FILE", "the backup file to write (replaced when it exists)"}},
        // Only reads the database: a backup of a write-protected copy works too.
        .database = DatabaseUse::Reading,
        .run = dbBackup,
    });
    table.add({
        .words = {"db", "restore"},
        .summary = "replace the database's content with a backup FILE (admin)",
        .details = "FILE must pass SQLite's integrity check and the audit-chain check, and be at this\n"
                   "Candor's schema version. Stop the app first: it would keep working on the old data.",
        .positionals = {{"FILE", "a backup written by db backup or the automatic backups"}},
        .run = dbRestore,
    });
    table.add({
        .words = {"db", "check"},
        .summary = "verify SQLite's integrity and the audit log's hash chain; names the first bad entry",
        .details = "Exit 0 when both hold, 65 (data error) when either fails; the first audit entry that does\n"
                   "not verify (edited, deleted or moved) is named on stderr.",
        .database = DatabaseUse::Reading,
        .needsUser = false,
        .run = dbCheck,
    });
}

} // namespace candor::cli
