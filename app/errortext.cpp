#include "errortext.h"

#include "core/errors.h"
#include "core/labresults.h"

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

} // namespace candor::app
