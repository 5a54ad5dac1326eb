#pragma once
// Turns any exception from the core libraries into the one sentence the user sees, and
// logs it. Controllers reach this through Controller::reportError() in the catch block of
// every Q_INVOKABLE, so no exception ever leaves a slot and none passes unlogged.

#include <QLoggingCategory>
#include <QString>

#include <exception>

Q_DECLARE_LOGGING_CATEGORY(candorErrors)

namespace candor::app {

QString describeError(const std::exception_ptr &error);

// describeError() and a warning on the candor.errors category naming `where` (the
// controller's class) and the exception's own text, for the log a support person reads.
QString logError(const char *where, const std::exception_ptr &error);

} // namespace candor::app
