#pragma once
// What a running command reaches through: the output streams, --json, the database
// (opened once, the way cli.md says) and the acting user (authenticated once). Commands
// never read the environment or open files themselves, so that every one behaves alike.

#include "cli/arguments.h"

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace candor::core {
class Catalogue;
class Database;
struct User;
} // namespace candor::core

namespace candor::services {
class LoadedLibrary;
} // namespace candor::services

namespace candor::cli {

struct CommandSpec;

class Context {
public:
    Context(const GlobalOptions &global, const CommandSpec &command, std::ostream &out, std::ostream &err);
    ~Context();
    Context(const Context &) = delete;
    Context &operator=(const Context &) = delete;

    bool json() const { return m_global.json; }
    std::ostream &out() { return m_out; }
    std::ostream &err() { return m_err; }

    // --db, else $CANDOR_DB, else the platform default.
    std::filesystem::path databasePath() const;
    // True when the file exists before this command opened it.
    bool databaseExisted() const;
    // Opens through openCandorDatabase on first call. A command that needs an existing
    // database gets InputFileError (66) when there is none, and the file is not created.
    core::Database &database();
    core::Catalogue &catalogue();
    // The compiled reference library, loaded once (cached beside the database).
    std::shared_ptr<const services::LoadedLibrary> library();
    // After a failed command: removes the database file when this command created it, so
    // that a failed first 'user add' leaves no half-set-up database behind.
    void discardCreatedDatabase();

    // The --user, authenticated with $CANDOR_PASSWORD or a prompt. UsageError when
    // --user is missing or no password can be had; AuthenticationFailed when wrong.
    const core::User &actor();
    bool hasUserOption() const { return m_global.user.has_value(); }
    // The password actor() was authenticated with (user passwd checks it again as the old one).
    const std::string &actorPassword()
    {
        actor();
        return m_actorPassword;
    }

    // A password for a new account: `envName`, else (on a terminal) a prompt asked twice.
    // nullopt when neither is possible.
    std::optional<std::string> newPassword(const std::string &forWhom, const char *envName, const char *fallbackEnv);

private:
    GlobalOptions m_global;
    const CommandSpec &m_command;
    std::ostream &m_out;
    std::ostream &m_err;
    std::unique_ptr<core::Database> m_db;
    std::unique_ptr<core::Catalogue> m_catalogue;
    std::unique_ptr<core::User> m_actor;
    std::string m_actorPassword;
    std::shared_ptr<const services::LoadedLibrary> m_library;
    std::optional<bool> m_existed;
};

// Reads one line from the terminal with echo off; nullopt when stdin is not a terminal.
std::optional<std::string> promptSecret(const std::string &prompt);

// The whole file a command was given (rules, advice, a results CSV), bytes as they are.
// InputFileError (exit 66) when it cannot be opened.
std::string readTextFile(const std::string &path);

} // namespace candor::cli
