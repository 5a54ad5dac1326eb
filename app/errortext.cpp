#include "errortext.h"

#include "core/errors.h"
#include "core/labresults.h"

Q_LOGGING_CATEGORY(candorErrors, "candor.errors")

namespace candor::app {

QString describeError(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const core::StorageError &e) {
        return QStringLiteral("Could not save: %1").arg(QString::fromStdString(e.what()));
    } catch (const core::LabImportError &e) {
        // Starts with the file's name, which must keep its case.
        return QString::fromStdString(e.what());
    } catch (const std::exception &e) {
        QString text = QString::fromStdString(e.what());
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        return text;
    } catch (...) {
        return QStringLiteral("Something went wrong that Candor did not expect.");
    }
}

QString logError(const char *where, const std::exception_ptr &error)
{
    const QString message = describeError(error);
    qCWarning(candorErrors, "%s: %s", where, qPrintable(message));
    return message;
}

} // namespace candor::app
