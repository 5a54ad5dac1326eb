#include "core/users.h"
#include "core/auditlog.h"
#include "core/permissions.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/util.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <regex>

namespace candor::core {

const std::vector<std::string> &allRoles()
{
    return allTerms<Role>();
}

bool User::hasRole(Role role) const
{
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

namespace {
// users.roles: "technician,admin".
std::vector<Role> rolesOf(const std::string &column)
{
    std::vector<Role> roles;
    for (const auto &word : splitList(column))
        roles.push_back(parse<Role>(word));
    return roles;
}

User readUser(Statement &st)
{
    return User{st.columnText(0),          st.columnText(1), st.columnText(2),
                rolesOf(st.columnText(3)), st.columnText(4), st.columnInt(5) != 0};
}
constexpr const char *kUserColumns = "SELECT id, name, display_name, roles, created_at, active FROM users ";

void checkPassword(const std::string &password)
{
    if (password.size() < 8)
        throw ValidationError("password", "password: use at least 8 characters");
    if (password.size() > 1024)
        throw ValidationError("password", "password: use at most 1024 characters");
}

// Known roles, lower-cased, each once, in the order given.
std::vector<Role> checkedRoles(const std::vector<std::string> &asked)
{
    std::vector<Role> roles;
    for (const auto &role : asked) {
        const auto word = normalizeTerm(role);
        if (word.empty())
            continue;
        const auto r = tryParse<Role>(word);
        if (!r)
            throw ValidationError("roles", "roles: unknown role '" + role + "' (known: " + joinList(allRoles(), ", ") + ")");
        if (std::find(roles.begin(), roles.end(), *r) == roles.end())
            roles.push_back(*r);
    }
    return roles;
}
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
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
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
        throw ValidationError("name",
                              "name: use 2 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
    checkPassword(input.password);
    std::vector<Role> roles = checkedRoles(input.roles);

    Transaction tx(m_db);
    const bool first = !hasUsers();
    if (first) {
        if (std::find(roles.begin(), roles.end(), Role::Admin) == roles.end())
            roles.push_back(Role::Admin);
    } else {
        if (!actor)
            throw PermissionDenied(toString(Role::Admin), "adding a user");
        currentAdmin(*actor, "adding a user");
    }
    if (roles.empty())
        throw ValidationError("roles", "roles: give at least one role");
    if (findByName(name))
        throw ValidationError("name", "name: a user called '" + name + "' already exists");

    User user{newId(), name, trim(input.displayName).empty() ? name : trim(input.displayName), roles, nowUtc(), true};
    auto st = m_db.prepare("INSERT INTO users (id, name, display_name, roles, password_hash, created_at, created_by) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, user.id).bind(2, user.name).bind(3, user.displayName).bind(4, joinList(toStrings(roles)));
    st.bind(5, hashPassword(input.password)).bind(6, user.createdAt);
    if (actor)
        st.bind(7, actor->id);
    else
        st.bindNull(7);
    st.run();
    // The password (even hashed) stays out of the log.
    AuditLog(m_db).append(actor ? actor : &user, "user", user.id, "", "insert", nullptr,
                          {{"name", user.name}, {"display_name", user.displayName}, {"roles", toStrings(roles)}});
    tx.commit();
    return user;
}

User UserStore::currentAdmin(const User &actor, const char *doing)
{
    const auto now = findById(actor.id);
    if (!now)
        throw AuthenticationFailed("the account '" + actor.name + "' no longer exists");
    if (!now->active)
        throw AccountDeactivated(now->name);
    if (!can(*now, Action::ManageUsers))
        throw PermissionDenied(toString(Role::Admin), doing);
    return *now;
}

User UserStore::existing(const std::string &name)
{
    auto user = findByName(name);
    if (!user)
        throw NotFound("no user called '" + normalizeTerm(name) + "'");
    return *user;
}

void UserStore::requireAnActiveAdmin(const std::string &name, const char *change)
{
    auto st = m_db.prepare("SELECT roles FROM users WHERE active = 1");
    while (st.step()) {
        const auto roles = rolesOf(st.columnText(0));
        if (std::find(roles.begin(), roles.end(), Role::Admin) != roles.end())
            return;
    }
    throw LastAdminRefused(std::string("refused: ") + change + " would leave no active admin, since '" + name +
                           "' is the last one; first give the admin role to another active account");
}

User UserStore::setRoles(const std::string &name, const std::vector<std::string> &asked, const User &actor)
{
    const auto roles = checkedRoles(asked);
    if (roles.empty())
        throw ValidationError("roles", "roles: give at least one role");
    Transaction tx(m_db);
    const User by = currentAdmin(actor, "changing a user's roles");
    User user = existing(name);
    const auto before = user.roles;
    m_db.prepare("UPDATE users SET roles = ? WHERE id = ?").bind(1, joinList(toStrings(roles))).bind(2, user.id).run();
    user.roles = roles;
    requireAnActiveAdmin(user.name, ("removing the admin role from '" + user.name + "'").c_str());
    AuditLog(m_db).append(&by, "user", user.id, "", "set-roles", {{"roles", toStrings(before)}}, {{"roles", toStrings(roles)}});
    tx.commit();
    return user;
}

User UserStore::setActive(const std::string &name, bool active, const User &actor)
{
    Transaction tx(m_db);
    const User by = currentAdmin(actor, active ? "re-activating a user" : "deactivating a user");
    User user = existing(name);
    if (user.active == active)
        throw ValidationError("active",
                              "active: the account '" + user.name + "' is already " + (active ? "active" : "deactivated"));
    m_db.prepare("UPDATE users SET active = ? WHERE id = ?").bind(1, active ? 1 : 0).bind(2, user.id).run();
    user.active = active;
    if (!active)
        requireAnActiveAdmin(user.name, ("deactivating '" + user.name + "'").c_str());
    AuditLog(m_db).append(&by, "user", user.id, "", active ? "activate" : "deactivate", {{"active", !active}},
                          {{"active", active}});
    tx.commit();
    return user;
}

void UserStore::resetPassword(const std::string &name, const std::string &newPassword, const User &actor)
{
    checkPassword(newPassword);
    Transaction tx(m_db);
    const User by = currentAdmin(actor, "resetting a user's password");
    const User user = existing(name);
    m_db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hashPassword(newPassword)).bind(2, user.id).run();
    // A reset also lifts the sign-in slow-down: the person gets a fresh start.
    m_db.prepare("DELETE FROM sign_in_failures WHERE name = ?").bind(1, user.name).run();
    // That it happened, never the password or its hash.
    AuditLog(m_db).append(&by, "user", user.id, "", "reset-password", nullptr, nullptr);
    tx.commit();
}

void UserStore::changeOwnPassword(const std::string &name, const std::string &oldPassword, const std::string &newPassword)
{
    checkPassword(newPassword);
    // Checked as a sign-in is: counted, slowed down, refused for a deactivated account.
    const User self = authenticate(name, oldPassword);
    if (oldPassword == newPassword)
        throw ValidationError("password", "password: the new password is the same as the old one");
    Transaction tx(m_db);
    m_db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hashPassword(newPassword)).bind(2, self.id).run();
    AuditLog(m_db).append(&self, "user", self.id, "", "change-password", nullptr, nullptr);
    tx.commit();
}

namespace {

// How long `name` must wait before the next attempt, given its failures so far: nothing
// for the first few (typos happen), then 30 s doubling per failure, at most 15 minutes.
std::chrono::seconds requiredWait(std::int64_t failures)
{
    if (failures < UserStore::kFreeFailures)
        return std::chrono::seconds(0);
    const auto doublings = std::min<std::int64_t>(failures - UserStore::kFreeFailures, 10);
    return std::min(std::chrono::seconds(30) * (std::int64_t(1) << doublings), std::chrono::seconds(15 * 60));
}

} // namespace

std::chrono::seconds UserStore::signInDelay(const std::string &name)
{
    auto st = m_db.prepare("SELECT failures, last_failed_at FROM sign_in_failures WHERE name = ?");
    st.bind(1, normalizeTerm(name));
    if (!st.step())
        return std::chrono::seconds(0);
    const auto wait = requiredWait(st.columnInt(0));
    const auto last = parseUtc(st.columnText(1));
    if (wait.count() == 0 || !last)
        return std::chrono::seconds(0);
    const auto until = *last + wait;
    const auto now = std::chrono::system_clock::now();
    if (now >= until)
        return std::chrono::seconds(0);
    return std::chrono::duration_cast<std::chrono::seconds>(until - now) + std::chrono::seconds(1);
}

namespace {

// The slow-down is only as good as its record: when the record cannot be read or
// written, nothing would stop a guesser, so the sign-in is refused (fails closed).
[[noreturn]] void refuseUnprotected(const Database &db, const std::string &name, const StorageError &e)
{
    throw SignInUnavailable(e.code(), "sign-in refused for '" + name + "': failed sign-ins cannot be recorded in " +
                                          db.path().string() + " (" + e.what() +
                                          "), and without that record nothing slows password guessing down; "
                                          "sign in where the database can be written");
}

} // namespace

std::int64_t UserStore::countAttempt(const std::string &name)
{
    if (const auto wait = signInDelay(name); wait.count() > 0)
        throw AuthenticationFailed("too many failed sign-ins for this user name: try again in " + std::to_string(wait.count()) +
                                   " seconds");
    auto before = m_db.prepare("SELECT failures FROM sign_in_failures WHERE name = ?");
    before.bind(1, normalizeTerm(name));
    const std::int64_t failures = before.step() ? before.columnInt(0) : 0;
    before.reset();
    m_db.prepare("INSERT INTO sign_in_failures (name, failures, last_failed_at) VALUES (?, 1, ?) "
                 "ON CONFLICT(name) DO UPDATE SET failures = failures + 1, last_failed_at = excluded.last_failed_at")
        .bind(1, normalizeTerm(name))
        .bind(2, nowUtc())
        .run();
    return failures;
}

User UserStore::authenticate(const std::string &name, const std::string &password)
{
    // The attempt is counted as a failure before the password is looked at, in a write
    // transaction held while it is checked: committed when the password is wrong, rolled
    // back when it is right. So an attempt that cannot be counted is refused before
    // anyone learns whether its password was right, parallel attempts queue behind one
    // another instead of all passing the same wait check, and a right password leaves
    // the file as it was.
    std::optional<Transaction> attempt;
    std::int64_t earlierFailures = 0;
    try {
        attempt.emplace(m_db);
        earlierFailures = countAttempt(name);
    } catch (const StorageError &e) {
        refuseUnprotected(m_db, normalizeTerm(name), e);
    }
    auto keepFailure = [&] {
        try {
            attempt->commit();
        } catch (const StorageError &e) {
            refuseUnprotected(m_db, normalizeTerm(name), e);
        }
    };
    auto st = m_db.prepare("SELECT id, name, display_name, roles, created_at, active, password_hash FROM users "
                           "WHERE name = ?");
    st.bind(1, normalizeTerm(name));
    if (!st.step()) {
        // Hash anyway so that an unknown name takes as long as a wrong password.
        static const std::string dummy = hashPassword("candor-timing-equaliser");
        verifyPassword(dummy, password);
        st.reset();
        keepFailure();
        throw AuthenticationFailed("wrong user name or password");
    }
    User user = readUser(st);
    const std::string hash = st.columnText(6);
    st.reset();
    if (!verifyPassword(hash, password)) {
        keepFailure();
        throw AuthenticationFailed("wrong user name or password");
    }
    // Said only to whoever knows the password, so it gives a guesser nothing; no guess
    // either, so not counted (rolled back with `attempt`).
    if (!user.active)
        throw AccountDeactivated(user.name);
    attempt.reset(); // rolled back: this attempt was no failure
    if (earlierFailures > 0) {
        try {
            m_db.prepare("DELETE FROM sign_in_failures WHERE name = ?").bind(1, user.name).run();
        } catch (const StorageError &e) {
            // Left in place, the earlier failures would still count against the user.
            refuseUnprotected(m_db, user.name, e);
        }
    }
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

std::vector<User> UserStore::listFor(const User &actor)
{
    currentAdmin(actor, "listing the user accounts");
    return list();
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
