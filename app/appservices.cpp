#include "appservices.h"

#include "core/candordatabase.h"
#include "core/errors.h"

namespace candor::app {

namespace {
AppServices *g_instance = nullptr;
}

AppServices::AppServices(const std::filesystem::path &databasePath)
    : m_path(databasePath)
    , m_db(core::openCandorDatabase(databasePath))
    , m_catalogue(*m_db)
{
}

const core::User &AppServices::actor() const
{
    if (!m_user)
        throw core::AuthenticationFailed("nobody is signed in");
    return *m_user;
}

AppServices *AppServices::instance() { return g_instance; }
void AppServices::setInstance(AppServices *services) { g_instance = services; }

} // namespace candor::app
