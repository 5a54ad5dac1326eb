#include "appservices.h"

#include "core/candordatabase.h"
#include "core/errors.h"
#include "core/labvalidation.h"
#include "core/references.h"

namespace candor::app {

AppServices::AppServices(const std::filesystem::path &databasePath, bool seedDemoLibrary)
    : m_path(databasePath)
    , m_db(core::openCandorDatabase(databasePath))
    , m_catalogue(*m_db)
{
    if (seedDemoLibrary)
        services::seedDemoLibrary(*m_db);
}

std::shared_ptr<const services::LoadedLibrary> AppServices::library()
{
    const std::string version = core::ReferenceStore(*m_db).version();
    // Adopted detection thresholds (lab validation) change what matching calls detected.
    if (!m_library || version != m_libraryVersion ||
        core::LabValidation(*m_db, m_catalogue).adoptedThresholds() != m_library->adoptedThresholds()) {
        m_library = services::loadLibrary(*m_db, services::libraryCachePath(m_path));
        m_libraryVersion = version;
    }
    return m_library;
}

const core::User &AppServices::actor() const
{
    if (!m_user)
        throw core::AuthenticationFailed("nobody is signed in");
    return *m_user;
}

} // namespace candor::app
