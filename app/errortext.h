#pragma once
// Turns any exception from the core libraries into the one sentence the user sees.
// Controllers call this in the catch block of every Q_INVOKABLE, so no exception ever
// leaves a slot.

#include <QString>

#include <exception>

namespace candor::app {

QString describeError(const std::exception_ptr &error);

} // namespace candor::app
