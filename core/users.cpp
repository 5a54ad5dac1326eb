#include "users.h"
#include "database.h"
#include "errors.h"
#include "util.h"

#include <sodium.h>

#include <algorithm>
#include <regex>

namespace candor::core {

const std::vector<std::string> &allRoles()
{
    static const std::vector<std::string> roles = {kRoleTechnician, kRoleVerifier, kRoleCoordinator, kRoleAdmin};
    return roles;
}

bool User::hasRole(const std::string &role) const
{
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

namespace {
User readUser(Statement &st)
{
    return User{st.columnText(0), st.columnText(1), st.columnText(2), splitList(st.columnText(3)), st.columnText(4)};
}
constexpr const char *kUserColumns = "SELECT id, name, display_name, roles, created_at FROM users ";
} // namespace

bool UserStore::hasUsers()
{
    auto st = m_db.prepare("SELECT EXISTS(SELECT 1 FROM users)");
    st.step();
    return st.columnInt(0) != 0;
}

std::string UserStore::hashPassword(const std::string &password)
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool UserStore::verifyPassword(const std::string &hash, const std::string &password)
{
    if (sodium_init() < 0)
        return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

User UserStore::add(const NewUser &input, const User *actor)
{
    static const std::regex namePattern("[a-z0-9][a-z0-9._-]{1,31}");
    const std::string name = normalizeTerm(input.name);
    if (!std::regex_match(name, namePattern))
        throw ValidationError("name", "name: use 2 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
    if (input.password.size() < 8)
        throw ValidationError("password", "password: use at least 8 characters");
    if (input.password.size() > 1024)
        throw ValidationError("password", "password: use at most 1024 characters");
    std::vector<std::string> roles;
    for (const auto &role : input.roles) {
        const auto r = normalizeTerm(role);
        if (std::find(allRoles().begin(), allRoles().end(), r) == allRoles().end())
            throw ValidationError("roles", "roles: unknown role '" + role + "' (known: technician, verifier, coordinator, admin)");
        if (std::find(roles.begin(), roles.end(), r) == roles.end())
            roles.push_back(r);
    }

    Transaction tx(m_db);
    const bool first = !hasUsers();
    if (first) {
        if (std::find(roles.begin(), roles.end(), kRoleAdmin) == roles.end())
            roles.push_back(kRoleAdmin);
    } else {
        if (!actor)
            throw PermissionDenied(kRoleAdmin, "adding a user");
        if (!actor->hasRole(kRoleAdmin))
            throw PermissionDenied(kRoleAdmin, "adding a user");
    }
    if (roles.empty())
        throw ValidationError("roles", "roles: give at least one role");
    if (findByName(name))
        throw ValidationError("name", "name: a user called '" + name + "' already exists");

    User user{newId(), name, trim(input.displayName).empty() ? name : trim(input.displayName), roles, nowUtc()};
    auto st = m_db.prepare("INSERT INTO users (id, name, display_name, roles, password_hash, created_at, created_by) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, user.id).bind(2, user.name).bind(3, user.displayName).bind(4, joinList(roles));
    st.bind(5, hashPassword(input.password)).bind(6, user.createdAt);
    if (actor)
        st.bind(7, actor->id);
    else
        st.bindNull(7);
    st.run();
    tx.commit();
    return user;
}

User UserStore::authenticate(const std::string &name, const std::string &password)
{
    auto st = m_db.prepare("SELECT id, name, display_name, roles, created_at, password_hash FROM users "
                           "WHERE name = ? AND active = 1");
    st.bind(1, normalizeTerm(name));
    if (!st.step()) {
        // Hash anyway so that an unknown name takes as long as a wrong password.
        static const std::string dummy = hashPassword("candor-timing-equaliser");
        verifyPassword(dummy, password);
        throw AuthenticationFailed("wrong user name or password");
    }
    User user = readUser(st);
    if (!verifyPassword(st.columnText(5), password))
        throw AuthenticationFailed("wrong user name or password");
    return user;
}

std::optional<User> UserStore::findByName(const std::string &name)
{
    auto st = m_db.prepare(std::string(kUserColumns) + "WHERE name = ?");
    st.bind(1, normalizeTerm(name));
    if (!st.step())
        return std::nullopt;
    return readUser(st);
}

std::optional<User> UserStore::findById(const std::string &id)
{
    auto st = m_db.prepare(std::string(kUserColumns) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readUser(st);
}

std::vector<User> UserStore::list()
{
    std::vector<User> users;
    auto st = m_db.prepare(std::string(kUserColumns) + "ORDER BY name");
    while (st.step())
        users.push_back(readUser(st));
    return users;
}

} // namespace candor::core
