// The one mapping from errors to sysexits codes (cli.md), checked type by type.

#include "cli/exitcodes.h"

#include "core/errors.h"
#include "core/users.h"
#include "core/labresults.h"

#include <sqlite3.h>

#include <gtest/gtest.h>

using namespace candor::cli;
using namespace candor::core;

namespace {
template<typename E>
ErrorReport reportOf(const E &error)
{
    return reportFor(std::make_exception_ptr(error));
}
} // namespace

TEST(ErrorReport, MapsEachErrorTypeToItsSysexitsCode)
{
    EXPECT_EQ(reportOf(UsageError("x")).code, 64);
    EXPECT_EQ(reportOf(ValidationError("form", "form: bad")).code, 65);
    EXPECT_EQ(reportOf(NotFound("no sample")).code, 65);
    EXPECT_EQ(reportOf(InputFileError("no file")).code, 66);
    EXPECT_EQ(reportOf(StorageError(SQLITE_BUSY, "locked")).code, 74);
    EXPECT_EQ(reportOf(StorageError(SQLITE_NOTADB, "not a db")).code, 74);
    EXPECT_EQ(reportOf(StorageError(SQLITE_READONLY, "read-only")).code, 74);
    EXPECT_EQ(reportOf(StorageError(SQLITE_CONSTRAINT, "constraint")).code, 70);
    EXPECT_EQ(reportOf(OutputError("full")).code, 74);
    EXPECT_EQ(reportOf(AuthenticationFailed("wrong")).code, 77);
    EXPECT_EQ(reportOf(SignInUnavailable(SQLITE_READONLY, "sign-in refused")).code, 74);
    EXPECT_EQ(reportOf(SignInUnavailable(SQLITE_ERROR, "sign-in refused")).code, 74);
    EXPECT_EQ(reportOf(PermissionDenied("admin", "adding a user")).code, 77);
    EXPECT_EQ(reportOf(AccountDeactivated("tess")).code, 77);
    EXPECT_EQ(reportOf(AccountDeactivated("tess")).message, "the account 'tess' is deactivated: ask an admin to re-activate it");
    EXPECT_EQ(reportOf(LastAdminRefused("refused: no admin left")).code, 77);
    EXPECT_EQ(reportOf(std::logic_error("oops")).code, 70);
    EXPECT_EQ(reportFor(std::make_exception_ptr(42)).code, 70);
}

TEST(ErrorReport, AlwaysStartsAValidationMessageWithTheField)
{
    EXPECT_EQ(reportOf(ValidationError("form", "form: 'gas' is not one of powder")).message, "form: 'gas' is not one of powder");
    EXPECT_EQ(reportOf(ValidationError("lot", "at most 100 characters")).message, "lot: at most 100 characters");
}

TEST(ErrorReport, CallsAStorageErrorThatIsNotAnIoProblemInternal)
{
    EXPECT_EQ(reportOf(StorageError(SQLITE_CONSTRAINT, "UNIQUE failed")).message, "internal storage error: UNIQUE failed");
}

TEST(ErrorReport, KeepsTheCommandOfAUsageErrorForTheUsageLine)
{
    EXPECT_EQ(reportOf(UsageError("missing SAMPLE", "strip add")).command, "strip add");
}

TEST(ErrorReport, MapsALabCsvErrorToDataErrorKeepingFileLineAndColumn)
{
    const auto report = reportOf(LabImportError("lab.csv", 4, "substance", "'x' is not a substance the catalogue knows"));
    EXPECT_EQ(report.code, 65);
    EXPECT_EQ(report.message, "lab.csv line 4, column substance: 'x' is not a substance the catalogue knows");
}
