#pragma once
// Who works at the service: accounts with roles and Argon2id password hashes. The first
// account on an empty database chooses its roles and is always admin too; after that only
// an admin adds, deactivates, re-activates and re-roles accounts and resets passwords,
// and everyone changes their own password. Accounts are never deleted, so past work keeps
// its author's name; a deactivated account simply cannot sign in. Every change is audited,
// and no change may leave the service without an active admin.

#include "core/errors.h"
#include "core/vocabulary.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace candor::core {

class Database;

const std::vector<std::string> &allRoles(); // allTerms<Role>()

struct User {
    std::string id;
    std::string name;
    std::string displayName;
    std::vector<Role> roles;
    std::string createdAt;
    bool active = true;

    bool hasRole(Role role) const;
};

// The password was right but the account is deactivated: it may not sign in or act.
// An AuthenticationFailed (the CLI's 77) that says why, only ever after the password
// was checked, so it tells a guesser nothing.
class AccountDeactivated : public AuthenticationFailed {
public:
    explicit AccountDeactivated(const std::string &name)
        : AuthenticationFailed("the account '" + name + "' is deactivated: ask an admin to re-activate it")
        , m_name(name)
    {
    }
    const std::string &name() const noexcept { return m_name; }

private:
    std::string m_name;
};

// The change would leave no active account with the admin role (the last admin removing
// their own admin role or deactivating themselves): nobody could administer the service
// any more. Refused, nothing changed. A PermissionDenied, as no role allows it.
class LastAdminRefused : public PermissionDenied {
public:
    explicit LastAdminRefused(const std::string &what)
        : PermissionDenied(toString(Role::Admin), "leaving the service without an active admin", what)
    {
    }
};

struct NewUser {
    std::string name;
    std::string displayName; // the name when empty
    std::vector<std::string> roles;
    std::string password;
};

class UserStore {
public:
    explicit UserStore(Database &db)
        : m_db(db)
    {
    }

    bool hasUsers();
    // On an empty database `actor` may be null and the user also becomes admin.
    // Otherwise `actor` must be an admin (PermissionDenied). ValidationError names the
    // field: name, roles or password.
    User add(const NewUser &user, const User *actor);

    // The admin actions below re-read `actor` from the database first, so a session
    // whose account was since deactivated or lost its admin role cannot act (
    // AccountDeactivated, PermissionDenied). NotFound for an unknown `name`;
    // LastAdminRefused when no active admin would be left. Each change is audited.

    // Replaces the roles (ValidationError "roles" for an unknown or no role).
    User setRoles(const std::string &name, const std::vector<std::string> &roles, const User &actor);
    // Deactivates (active false) or re-activates an account. Setting the state it
    // already has is a ValidationError ("active") so that a script learns of its mistake.
    User setActive(const std::string &name, bool active, const User &actor);
    // An admin sets someone's password without knowing the old one (forgotten passwords).
    void resetPassword(const std::string &name, const std::string &newPassword, const User &actor);
    // Anyone changes their own password: the old one is checked as a sign-in is (wrong:
    // AuthenticationFailed, counted towards the sign-in slow-down).
    void changeOwnPassword(const std::string &name, const std::string &oldPassword, const std::string &newPassword);
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
    // Every account, active or not, for an admin (PermissionDenied otherwise).
    std::vector<User> listFor(const User &actor);

    // Argon2id with libsodium's interactive limits.
    static std::string hashPassword(const std::string &password);
    static bool verifyPassword(const std::string &hash, const std::string &password);

private:
    // The actor as the database knows it now: active and allowed to manage users.
    User currentAdmin(const User &actor, const char *doing);
    User existing(const std::string &name);
    // Throws LastAdminRefused, naming `name`, when no active admin is left (call inside the
    // transaction that made the change, before committing).
    void requireAnActiveAdmin(const std::string &name, const char *change);
    // Refuses while `name` must wait, else counts this attempt as a failure (inside the
    // caller's transaction) and returns the failures before it.
    std::int64_t countAttempt(const std::string &name);
    Database &m_db;
};

} // namespace candor::core
