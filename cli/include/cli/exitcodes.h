#pragma once
// The CLI's own error types and the one place where every error, ours or the core
// library's, becomes a sysexits code and one plain sentence for stderr (see cli.md).

#include <exception>
#include <stdexcept>
#include <string>

namespace candor::cli {

// sysexits.h values, named here so that commands and tests read the same words.
enum ExitCode : int {
    kExitOk = 0,
    kExitUsage = 64,       // EX_USAGE: unknown command or option, missing argument
    kExitDataError = 65,   // EX_DATAERR: a value or input file is malformed
    kExitNoInput = 66,     // EX_NOINPUT: an input file (or the database) cannot be opened
    kExitSoftware = 70,    // EX_SOFTWARE: a bug
    kExitIoError = 74,     // EX_IOERR: reading or writing the database or the output failed
    kExitTempFail = 75,    // EX_TEMPFAIL: stopped on request, resumable (library rescreen)
    kExitNoPermission = 77 // EX_NOPERM: wrong password, or the role may not do this
};

// The command line itself is wrong. `command` is the command's words ("sample add") so
// that the report can point at the right usage line; empty before a command is known.
class UsageError : public std::runtime_error {
public:
    UsageError(const std::string &what, std::string command = {})
        : std::runtime_error(what)
        , m_command(std::move(command))
    {
    }
    const std::string &command() const noexcept { return m_command; }

private:
    std::string m_command;
};

// A file the user named as input (or the database a command expects to exist) cannot be
// opened. Later commands (import, library import) throw it for their input files.
class InputFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The output could not be written (a full disk, a closed pipe).
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ErrorReport {
    int code = kExitSoftware;
    std::string message; // one sentence, without the "candor-cli: " prefix
    std::string command; // for a usage error: the command whose usage line to show
};

// The single mapping from an exception to an exit code and message. New error types
// (ImportError: 65, or 66 when the file cannot be read) get a catch clause here and
// nowhere else.
ErrorReport reportFor(std::exception_ptr error);

} // namespace candor::cli
