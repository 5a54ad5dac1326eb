#pragma once
// The typed errors the core library throws. Front ends catch them in one place: the
// CLI maps them to sysexits codes, app controllers turn them into errorOccurred(text).

#include <stdexcept>
#include <string>
#include <vector>

namespace candor::core {

// SQLite said no: `code()` is SQLite's extended result code.
class StorageError : public std::runtime_error {
public:
    StorageError(int code, const std::string &what)
        : std::runtime_error(what)
        , m_code(code)
    {
    }
    int code() const noexcept { return m_code; }
    // The code for a file that cannot be opened or written (SQLite's SQLITE_CANTOPEN),
    // for code outside the storage layer that fails on a file of its own.
    static constexpr int kCannotOpen = 14;
    // True when the file is busy, read-only, full or not a database: an I/O problem
    // (CLI 74) rather than a bug.
    bool isIoProblem() const noexcept;

private:
    int m_code;
};

// A value the user gave is not acceptable: `field()` names it, what() says why.
class ValidationError : public std::runtime_error {
public:
    ValidationError(std::string field, const std::string &what)
        : std::runtime_error(what)
        , m_field(std::move(field))
    {
    }
    const std::string &field() const noexcept { return m_field; }

private:
    std::string m_field;
};

// A word of Candor's vocabulary (core/vocabulary.h) that is not one: `text()` is what
// was given, `expected()` the words that would have been accepted.
class UnknownTerm : public ValidationError {
public:
    UnknownTerm(std::string field, std::string text, std::vector<std::string> expected, const std::string &what)
        : ValidationError(std::move(field), what)
        , m_text(std::move(text))
        , m_expected(std::move(expected))
    {
    }
    const std::string &text() const noexcept { return m_text; }
    const std::vector<std::string> &expected() const noexcept { return m_expected; }

private:
    std::string m_text;
    std::vector<std::string> m_expected;
};

// Something named by id or code does not exist.
class NotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// These exact bytes are already stored (instrument files are identified by SHA-256).
// what() says where: "caffeine.jdx: already imported for sample K7Q-M3X on 2026-11-22
// (as caffeine.jdx)". `sameSample()` tells a harmless repeat from a likely mix-up.
class AlreadyImported : public std::runtime_error {
public:
    AlreadyImported(const std::string &what, std::string existingFileId, std::string samplePublicCode, bool sameSample)
        : std::runtime_error(what)
        , m_fileId(std::move(existingFileId))
        , m_sampleCode(std::move(samplePublicCode))
        , m_sameSample(sameSample)
    {
    }
    const std::string &existingFileId() const noexcept { return m_fileId; }
    const std::string &samplePublicCode() const noexcept { return m_sampleCode; }
    bool sameSample() const noexcept { return m_sameSample; }

private:
    std::string m_fileId;
    std::string m_sampleCode;
    bool m_sameSample;
};

// Wrong user name or password. Deliberately does not say which.
class AuthenticationFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A sign-in was refused because its protection could not run: the count of failed
// sign-ins that slows password guessing down could not be read or recorded (a read-only,
// full or locked database). Refused whatever the password, before it is even checked,
// so that the slow-down can never be skipped and the refusal says nothing about the
// password. `storageCode()` is SQLite's code. Deliberately not a StorageError: front ends
// must not call it "could not save", and the CLI maps it to 74 whatever SQLite said.
class SignInUnavailable : public std::runtime_error {
public:
    SignInUnavailable(int storageCode, const std::string &what)
        : std::runtime_error(what)
        , m_code(storageCode)
    {
    }
    int storageCode() const noexcept { return m_code; }

private:
    int m_code;
};

// The acting user lacks the role an action needs.
class PermissionDenied : public std::runtime_error {
public:
    PermissionDenied(std::string role, std::string action)
        : std::runtime_error("permission denied: " + action + " needs the " + role + " role")
        , m_role(std::move(role))
        , m_action(std::move(action))
    {
    }
    // For a rule that is not about roles (four eyes): the message says why.
    PermissionDenied(std::string role, std::string action, const std::string &message)
        : std::runtime_error(message)
        , m_role(std::move(role))
        , m_action(std::move(action))
    {
    }
    const std::string &role() const noexcept { return m_role; }
    const std::string &action() const noexcept { return m_action; }

private:
    std::string m_role;
    std::string m_action;
};

} // namespace candor::core
