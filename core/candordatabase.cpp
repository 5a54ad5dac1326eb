#include "candordatabase.h"
#include "catalogue.h"
#include "database.h"
#include "migrations.h"
#include "sites.h"

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

} // namespace candor::core
