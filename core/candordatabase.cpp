#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/migrations.h"
#include "core/sites.h"
#include "core/errors.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>

namespace candor::core {

std::filesystem::path defaultDatabasePath()
{
    if (const char *env = std::getenv("CANDOR_DB"); env && *env)
        return env;
    std::filesystem::path base;
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char *home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / ".local" / "share";
    else
        base = std::filesystem::current_path();
    return base / "candor" / "candor.sqlite";
}

std::unique_ptr<Database> openCandorDatabase(const std::filesystem::path &path)
{
    auto db = std::make_unique<Database>(path);
    migrate(*db);
    Catalogue(*db).loadShipped();
    SiteStore(*db).ensureDefault();
    return db;
}

std::unique_ptr<Database> openCandorDatabaseForReading(const std::filesystem::path &path)
{
    // Decided by the file's permissions, not by catching an error, so that every other
    // problem (not SQLite, newer schema, locked) is reported as it is.
    if (!std::filesystem::exists(path) || ::access(path.c_str(), W_OK) == 0)
        return openCandorDatabase(path);
    auto db = std::make_unique<Database>(path, Database::Mode::ReadOnly);
    const int version = db->userVersion();
    if (version > latestSchemaVersion())
        migrate(*db); // throws the "newer than this Candor" error
    if (version != latestSchemaVersion())
        throw StorageError(SQLITE_READONLY, path.string() + ": the database is read-only and needs updating to this "
                                                            "Candor's schema; open it once where it can be written");
    return db;
}

} // namespace candor::core
