#pragma once
// What the app's controllers share: the open database, its stores and who is signed in.
// Built once in main() (or by a test) and handed to the controllers; plain C++, no QML.

#include "core/catalogue.h"
#include "core/database.h"
#include "core/users.h"

#include "services/referencelibrary.h"

#include <filesystem>
#include <memory>
#include <optional>

namespace candor::app {

class AppServices {
public:
    // Opens (creating, migrating and seeding) the database, and on first start adds the
    // demo library (unless `seedDemoLibrary` is false). Throws StorageError.
    explicit AppServices(const std::filesystem::path &databasePath, bool seedDemoLibrary = true);

    core::Database &db() { return *m_db; }
    core::Catalogue &catalogue() { return m_catalogue; }
    const std::filesystem::path &databasePath() const { return m_path; }

    const std::optional<core::User> &currentUser() const { return m_user; }
    // Signing out, or in as someone else, forgets the bench memory; refreshing the same
    // user (after a role change) keeps it.
    void setCurrentUser(std::optional<core::User> user)
    {
        if (!user || !m_user || user->id != m_user->id)
            m_bench = {};
        m_user = std::move(user);
    }
    // The signed-in user; throws AuthenticationFailed when nobody is.
    const core::User &actor() const;

    // What the bench typed beside the strips, as typed, kept from sample to sample for
    // the session: one batch of strips shares its lot, brand and dilution.
    struct BenchMemory {
        std::string dilution, lot, brand;
    };
    BenchMemory &bench() { return m_bench; }

    // The compiled reference library, reloaded when the library changed (its version);
    // the cache file sits beside the database. Thread-safe to use once returned.
    std::shared_ptr<const services::LoadedLibrary> library();

private:
    std::filesystem::path m_path;
    std::unique_ptr<core::Database> m_db;
    core::Catalogue m_catalogue;
    std::optional<core::User> m_user;
    BenchMemory m_bench;
    std::shared_ptr<const services::LoadedLibrary> m_library;
    std::string m_libraryVersion;
};

} // namespace candor::app
