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
#include "core/errors.h"
#include "core/migrations.h"
#include "core/sqlite/sqliteintegritycheck.h"
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

nlohmann::ordered_json checkpointJson(const core::CheckpointRecord &record)
{
    auto files = nlohmann::ordered_json::array();
    for (const auto &f : record.files)
        files.push_back(f.string());
    return {{"seq", record.seq}, {"hash", record.hash}, {"files", files}, {"problems", record.problems}};
}

// Where the head went, or why it did not: the anchor is only worth something if the
// admin knows it was written.
void reportCheckpoint(Context &ctx, const core::CheckpointRecord &record, const std::string &command)
{
    if (!ctx.json())
        for (const auto &f : record.files)
            ctx.out() << "Audit head (entry " << record.seq << ") recorded in " << f.string() << "\n";
    for (const auto &p : record.problems)
        ctx.err() << "candor-cli: " << command << ": warning: the audit head was not recorded: " << p << "\n";
}

int dbBackup(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    const auto result = core::backupDatabase(ctx.database(), args.positional(0), actor);
    if (ctx.json())
        printJson(ctx.out(), {{"path", result.path.string()},
                              {"bytes", result.bytes},
                              {"audit_checkpoint", checkpointJson(result.checkpoint)}});
    else
        ctx.out() << "Backed up " << ctx.database().path().string() << " to " << result.path.string() << " (" << result.bytes
                  << " bytes)\n";
    reportCheckpoint(ctx, result.checkpoint, "db backup");
    return kExitOk;
}

int dbRestore(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    const std::filesystem::path source = args.positional(0);
    if (!std::filesystem::exists(source))
        throw InputFileError("restore: no file at " + source.string());
    const auto checkpoint = core::restoreDatabase(ctx.database(), source, actor);
    if (ctx.json())
        printJson(ctx.out(), {{"path", ctx.database().path().string()},
                              {"restored_from", source.string()},
                              {"audit_checkpoint", checkpointJson(checkpoint)}});
    else
        ctx.out() << "Restored " << ctx.database().path().string() << " from " << source.string() << "\n";
    reportCheckpoint(ctx, checkpoint, "db restore");
    return kExitOk;
}

nlohmann::ordered_json anchorCheckpointJson(const std::optional<core::AuditCheckpoint> &cp)
{
    if (!cp)
        return nullptr;
    return {{"file", cp->file.string()},
            {"line", cp->line > 0 ? nlohmann::ordered_json(cp->line) : nlohmann::ordered_json(nullptr)},
            {"seq", cp->head.seq},
            {"hash", cp->head.hash},
            {"entry_at", cp->head.at},
            {"note", cp->note}};
}

int dbCheck(Context &ctx, const Arguments &args)
{
    core::Database &db = ctx.database();
    std::vector<std::string> problems;
    for (const auto &problem : core::SqliteIntegrityCheck(db).problems())
        problems.push_back("integrity: " + problem);
    core::AuditLog log(db);
    const auto audit = log.verify();
    // The same folder the backups (and their checkpoint lines) go to, unless told.
    const std::filesystem::path folder = args.value("backup-folder") ? std::filesystem::path(*args.value("backup-folder"))
                                                                     : core::automaticBackupFolder(db);
    const auto anchor = log.verifyAnchor(folder);
    // A head that checks out is itself worth keeping: the next check measures against it.
    std::optional<std::filesystem::path> recorded;
    std::vector<std::string> notes = anchor.notes;
    std::error_code ec;
    if (problems.empty() && audit.ok && anchor.ok && std::filesystem::is_directory(folder, ec)) {
        if (const auto head = log.head()) {
            try {
                recorded = core::appendCheckpoint(folder, *head, "db check");
            } catch (const core::StorageError &e) {
                notes.push_back(std::string("this head was not recorded: ") + e.what());
            }
        }
    }
    if (ctx.json()) {
        printJson(
            ctx.out(),
            {{"path", db.path().string()},
             {"integrity_ok", problems.empty()},
             {"integrity_problems", problems},
             {"audit_ok", audit.ok},
             {"audit_entries", audit.entries},
             {"first_bad_entry",
              audit.firstBadSeq ? nlohmann::ordered_json(*audit.firstBadSeq) : nlohmann::ordered_json(nullptr)},
             {"audit_problem", audit.problem},
             {"anchor",
              {{"ok", anchor.ok},
               {"folder", folder.string()},
               {"checkpoint", anchorCheckpointJson(anchor.used)},
               {"missing_from", anchor.missing ? nlohmann::ordered_json(anchor.missing->first) : nlohmann::ordered_json(nullptr)},
               {"missing_to", anchor.missing ? nlohmann::ordered_json(anchor.missing->second) : nlohmann::ordered_json(nullptr)},
               {"problem", anchor.problem},
               {"recorded_in", recorded ? nlohmann::ordered_json(recorded->string()) : nlohmann::ordered_json(nullptr)},
               {"notes", notes}}}});
    } else {
        ctx.out() << "SQLite integrity: " << (problems.empty() ? "ok" : "FAILED") << "\n";
        for (const auto &p : problems)
            ctx.out() << "  " << p << "\n";
        ctx.out() << "Audit log: " << (audit.ok ? "ok, " + std::to_string(audit.entries) + " entries chained" : "FAILED") << "\n";
        if (!anchor.used)
            ctx.out() << "Audit anchor: " << (anchor.ok ? "not checked" : "FAILED") << "\n";
        else
            ctx.out() << "Audit anchor: "
                      << (anchor.ok ? "ok, the log holds the newest checkpoint " : "FAILED against the newest checkpoint ")
                      << anchor.used->describe() << "\n";
        for (const auto &n : notes)
            ctx.out() << "  " << n << "\n";
        if (recorded)
            ctx.out() << "Audit head (entry " << log.head()->seq << ") recorded in " << recorded->string() << "\n";
    }
    if (!audit.ok)
        ctx.err() << "candor-cli: db check: " << audit.problem << "\n";
    if (!anchor.ok)
        ctx.err() << "candor-cli: db check: " << anchor.problem << "\n";
    if (!problems.empty())
        ctx.err() << "candor-cli: db check: SQLite integrity check failed: " << problems.front() << "\n";
    // A file that fails any check holds bad data: 65, like any other malformed input.
    return problems.empty() && audit.ok && anchor.ok ? kExitOk : kExitDataError;
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
                   "folder is missing or not writable). The audit log's head (newest entry and hash) is then\n"
                   "appended to audit-checkpoints.txt beside FILE, and in the automatic backup folder when that\n"
                   "exists, so that 'db check' can tell when the newest entries are deleted later.",
        .positionals = {{"FILE", "the backup file to write (replaced when it exists)"}},
        // Only reads the database (the sign-in still needs to record its attempt).
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
        .summary = "verify SQLite's integrity, the audit log's hash chain and its anchor; names the first bad entry",
        .details = "The anchor: the newest checkpoint in the backup folder (a line of audit-checkpoints.txt or a\n"
                   "backup's own newest entry) must still be in the log with the same hash, so a deletion of\n"
                   "the newest entries shows; the checkpoint used is named, or that none was found (not a\n"
                   "failure). On success the head checked is appended to audit-checkpoints.txt there.\n"
                   "Exit 0 when all hold, 65 (data error) when any fails; the first audit entry that does not\n"
                   "verify (edited, deleted or moved), or the missing entries, are named on stderr.",
        .options = {{"backup-folder", "DIR",
                     "where the backups and audit-checkpoints.txt are (default: the backup folder setting, else backups/ beside "
                     "the database)"}},
        .database = DatabaseUse::Reading,
        .needsUser = false,
        .run = dbCheck,
    });
}

} // namespace candor::cli
