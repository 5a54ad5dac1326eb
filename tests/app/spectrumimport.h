#pragma once
// Imports a spectrum file into a sample the way the app does (InstrumentFilesController's
// batch import on its worker thread), for tests that need a stored match.

#include "instrumentfilescontroller.h"
#include "sessioncontroller.h"

#include <QSignalSpy>
#include <QString>

namespace candor::testing {

// The new spectrum's id, or "" when the file did not go in.
inline QString importSpectrum(app::SessionController &session, const std::string &sampleId, const QString &path)
{
    app::InstrumentFilesController files(session);
    files.setSampleId(QString::fromStdString(sampleId));
    QSignalSpy finished(&files, &app::InstrumentFilesController::batchFinished);
    if (!files.importPaths({path}) || !finished.wait(20000))
        return {};
    if (finished.first().at(0).toInt() != 1)
        return {};
    return files.newestSpectrumId();
}

} // namespace candor::testing
