#pragma once
// Where samples are taken in, and the region each site is published as.

#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;
struct User;

struct Site {
    std::string id;
    std::string name;
    std::string region;
};

class SiteStore {
public:
    explicit SiteStore(Database &db)
        : m_db(db)
    {
    }
    // Needs the admin role. ValidationError for an empty or duplicate name or region.
    Site add(const std::string &name, const std::string &region, const User &actor);
    // The site every new database starts with, so intake works before anyone configures sites.
    Site ensureDefault();
    std::vector<Site> list();
    std::optional<Site> findByName(const std::string &name);
    std::optional<Site> findById(const std::string &id);

private:
    Database &m_db;
};

} // namespace candor::core
