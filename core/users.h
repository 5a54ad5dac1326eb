#pragma once
// Who works at the service: accounts with roles and Argon2id password hashes. The first
// account on an empty database becomes admin; after that only an admin adds accounts.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;

inline constexpr const char *kRoleTechnician = "technician";
inline constexpr const char *kRoleVerifier = "verifier";
inline constexpr const char *kRoleCoordinator = "coordinator";
inline constexpr const char *kRoleAdmin = "admin";
const std::vector<std::string> &allRoles();

struct User {
    std::string id;
    std::string name;
    std::string displayName;
    std::vector<std::string> roles;
    std::string createdAt;

    bool hasRole(const std::string &role) const;
};

struct NewUser {
    std::string name;
    std::string displayName; // the name when empty
    std::vector<std::string> roles;
    std::string password;
};

class UserStore {
public:
    explicit UserStore(Database &db) : m_db(db) {}

    bool hasUsers();
    // On an empty database `actor` may be null and the user also becomes admin.
    // Otherwise `actor` must be an admin (PermissionDenied). ValidationError names the
    // field: name, roles or password.
    User add(const NewUser &user, const User *actor);
    // Throws AuthenticationFailed for an unknown name or a wrong password alike. After
    // kFreeFailures failures for a name (known or not), further attempts are refused
    // until a wait has passed (30 s, doubling, at most 15 min); success clears the count.
    // Throws SignInUnavailable, whatever the password, when that count cannot be read or
    // recorded (a read-only, full or locked database): the slow-down is never skipped.
    User authenticate(const std::string &name, const std::string &password);
    // How long `name` must still wait before it may try again (0 when it may now).
    std::chrono::seconds signInDelay(const std::string &name);
    static constexpr std::int64_t kFreeFailures = 5;
    std::optional<User> findByName(const std::string &name);
    std::optional<User> findById(const std::string &id);
    std::vector<User> list();

    // Argon2id with libsodium's interactive limits.
    static std::string hashPassword(const std::string &password);
    static bool verifyPassword(const std::string &hash, const std::string &password);

private:
    // Refuses while `name` must wait, else counts this attempt as a failure (inside the
    // caller's transaction) and returns the failures before it.
    std::int64_t countAttempt(const std::string &name);
    Database &m_db;
};

} // namespace candor::core
