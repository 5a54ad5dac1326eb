#include "cli/exitcodes.h"

#include "alerts/anonymizer.h"
#include "alerts/publishers.h"
#include "core/errors.h"
#include "core/labresults.h"
#include "core/users.h"
#include "importers/importerror.h"
#include "matching/matchingerror.h"

namespace candor::cli {

namespace {
// Core ValidationErrors already start with the field ("form: 'gas' is not one of ...");
// make sure every one does, so a script can always tell which value was wrong.
std::string withField(const core::ValidationError &e)
{
    const std::string what = e.what();
    if (e.field().empty() || what.rfind(e.field(), 0) == 0)
        return what;
    return e.field() + ": " + what;
}
} // namespace

ErrorReport reportFor(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const UsageError &e) {
        return {kExitUsage, e.what(), e.command()};
    } catch (const InputFileError &e) {
        return {kExitNoInput, e.what()};
    } catch (const OutputError &e) {
        return {kExitIoError, e.what()};
    } catch (const importers::ImportError &e) {
        // what() names the file and the line or byte offset.
        return {e.kind() == importers::ImportError::Kind::CannotOpen ? kExitNoInput : kExitDataError, e.what()};
    } catch (const matching::MatchingError &e) {
        // Unusable input or library (no overlap, all zeros, NaN, other technique, empty
        // library): a data error, the message says which.
        return {kExitDataError, e.what()};
    } catch (const core::AlreadyImported &e) {
        return {kExitDataError, e.what()};
    } catch (const alerts::ExportError &e) {
        return {kExitIoError, e.what()};
    } catch (const alerts::PublicationRefused &e) {
        return {kExitDataError, e.what()};
    } catch (const core::LabImportError &e) {
        // A lab CSV that cannot be imported: a data error; what() names file, line and column.
        return {kExitDataError, e.what()};
    } catch (const core::ValidationError &e) {
        return {kExitDataError, withField(e)};
    } catch (const core::NotFound &e) {
        return {kExitDataError, e.what()};
    } catch (const core::SignInUnavailable &e) {
        // The database cannot keep the sign-in slow-down: an I/O problem, not a wrong
        // password (77), whatever SQLite's code.
        return {kExitIoError, e.what()};
    } catch (const core::AccountDeactivated &e) {
        // The right password for an account an admin deactivated: may not act (77); what()
        // says it is deactivated, so the person knows whom to ask.
        return {kExitNoPermission, e.what()};
    } catch (const core::LastAdminRefused &e) {
        // Nobody may leave the service without an active admin: no role allows it (77).
        return {kExitNoPermission, e.what()};
    } catch (const core::AuthenticationFailed &e) {
        return {kExitNoPermission, e.what()};
    } catch (const core::PermissionDenied &e) {
        return {kExitNoPermission, e.what()};
    } catch (const core::StorageError &e) {
        if (e.isIoProblem())
            return {kExitIoError, e.what()};
        return {kExitSoftware, std::string("internal storage error: ") + e.what()};
    } catch (const std::bad_alloc &) {
        return {kExitSoftware, "out of memory"};
    } catch (const std::exception &e) {
        return {kExitSoftware, std::string("internal error: ") + e.what()};
    } catch (...) {
        return {kExitSoftware, "internal error of an unknown kind"};
    }
}

} // namespace candor::cli
