#include "cli/context.h"
#include "cli/commandtable.h"
#include "cli/exitcodes.h"

#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/users.h"
#include "services/referencelibrary.h"

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <cstdlib>
#include <iostream>

namespace candor::cli {

namespace {

std::optional<std::string> environment(const char *name)
{
    const char *value = std::getenv(name);
    if (!value || !*value)
        return std::nullopt;
    return std::string(value);
}

termios g_savedTerminal{};

// Ctrl-C at the password prompt must not leave the terminal without echo: put it back,
// then die of the signal as the shell expects.
extern "C" void restoreTerminalAndDie(int signal)
{
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

// Restores the terminal's echo however the prompt ends (including an exception).
class EchoOff {
public:
    EchoOff()
    {
        m_ok = tcgetattr(STDIN_FILENO, &g_savedTerminal) == 0;
        if (m_ok) {
            m_oldInt = std::signal(SIGINT, restoreTerminalAndDie);
            m_oldTerm = std::signal(SIGTERM, restoreTerminalAndDie);
            termios quiet = g_savedTerminal;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    ~EchoOff()
    {
        if (m_ok) {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
            std::signal(SIGINT, m_oldInt);
            std::signal(SIGTERM, m_oldTerm);
        }
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    bool m_ok = false;
    void (*m_oldInt)(int) = SIG_DFL;
    void (*m_oldTerm)(int) = SIG_DFL;
};

} // namespace

std::optional<std::string> promptSecret(const std::string &prompt)
{
    if (!isatty(STDIN_FILENO))
        return std::nullopt;
    std::cerr << prompt << std::flush;
    std::string line;
    {
        EchoOff guard;
        if (!std::getline(std::cin, line))
            line.clear();
    }
    std::cerr << "\n";
    return line;
}

Context::Context(const GlobalOptions &global, const CommandSpec &command, std::ostream &out, std::ostream &err)
    : m_global(global)
    , m_command(command)
    , m_out(out)
    , m_err(err)
{
}

Context::~Context() = default;

std::filesystem::path Context::databasePath() const
{
    if (m_global.db && !m_global.db->empty())
        return *m_global.db;
    if (const auto env = environment("CANDOR_DB"))
        return *env;
    return core::defaultDatabasePath();
}

bool Context::databaseExisted() const
{
    if (m_existed)
        return *m_existed;
    std::error_code ec;
    return std::filesystem::exists(databasePath(), ec);
}

core::Database &Context::database()
{
    if (m_db)
        return *m_db;
    const auto path = databasePath();
    std::error_code ec;
    m_existed = std::filesystem::exists(path, ec);
    if (!*m_existed && (m_command.database == DatabaseUse::Existing || m_command.database == DatabaseUse::Reading))
        throw InputFileError("no Candor database at " + path.string() +
                             ": create one with 'candor-cli db init' and add the first user with 'candor-cli user add'");
    m_db = m_command.database == DatabaseUse::Reading ? core::openCandorDatabaseForReading(path) : core::openCandorDatabase(path);
    // A new install can match at once: the demo library goes in on first start (once; a
    // service that ships its own library sets CANDOR_NO_DEMO_LIBRARY=1).
    if (m_command.database != DatabaseUse::Reading && !environment("CANDOR_NO_DEMO_LIBRARY"))
        services::seedDemoLibrary(*m_db);
    return *m_db;
}

void Context::discardCreatedDatabase()
{
    if (!m_existed || *m_existed)
        return;
    m_library.reset();
    m_catalogue.reset();
    m_db.reset();
    const auto path = databasePath();
    std::error_code ec;
    for (const char *suffix : {"", "-wal", "-shm", "-journal", ".library-cache"})
        std::filesystem::remove(path.string() + suffix, ec);
}

core::Catalogue &Context::catalogue()
{
    if (!m_catalogue)
        m_catalogue = std::make_unique<core::Catalogue>(database());
    return *m_catalogue;
}

std::shared_ptr<const services::LoadedLibrary> Context::library()
{
    if (!m_library)
        m_library = services::loadLibrary(database(), services::libraryCachePath(databasePath()));
    return m_library;
}

const core::User &Context::actor()
{
    if (m_actor)
        return *m_actor;
    if (!m_global.user || m_global.user->empty())
        throw UsageError(m_command.name() + " needs --user NAME (who is acting; the password comes from CANDOR_PASSWORD)",
                         m_command.name());
    auto password = environment("CANDOR_PASSWORD");
    if (!password)
        password = promptSecret("Password for " + *m_global.user + ": ");
    if (!password)
        throw UsageError("no password for " + *m_global.user + ": set CANDOR_PASSWORD or run on a terminal to be asked",
                         m_command.name());
    m_actor = std::make_unique<core::User>(core::UserStore(database()).authenticate(*m_global.user, *password));
    m_actorPassword = *password;
    return *m_actor;
}

std::optional<std::string> Context::newPassword(const std::string &forWhom, const char *envName, const char *fallbackEnv)
{
    if (auto value = environment(envName))
        return value;
    if (fallbackEnv)
        if (auto value = environment(fallbackEnv))
            return value;
    const auto first = promptSecret("New password for " + forWhom + ": ");
    if (!first)
        return std::nullopt;
    const auto second = promptSecret("The same password again: ");
    if (!second || *first != *second)
        throw core::ValidationError("password", "password: the two entries differ");
    return first;
}

std::string readTextFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputFileError("cannot open " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace candor::cli
