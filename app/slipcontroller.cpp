#include "slipcontroller.h"

#include "appservices.h"
#include "sessioncontroller.h"
#include "errortext.h"

#include "core/samples.h"
#include "core/serviceidentity.h"
#include "core/slip.h"
#include "print/servicetime.h"
#include "print/slipwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QPrintDialog>
#include <QPrinter>
#include <QStandardPaths>
#include <QTextDocument>

namespace candor::app {

namespace {

QString localPath(const QUrl &file)
{
    return file.isLocalFile() ? file.toLocalFile() : file.toString().trimmed();
}

core::SlipContent currentSlip(AppServices &services, const QString &sampleId)
{
    auto slip = core::buildSlip(services.db(), services.catalogue(), sampleId.toStdString(), services.actor());
    print::localizeSlip(slip, core::ServiceIdentityStore(services.db()).get().timeZone);
    return slip;
}

} // namespace

SlipController::SlipController(QObject *parent)
    : Controller(parent)
{
}

SlipController::SlipController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
}

void SlipController::setSampleId(const QString &id)
{
    if (id == m_sampleId)
        return;
    m_sampleId = id;
    m_saved.clear();
    Q_EMIT sampleIdChanged();
    Q_EMIT savedChanged();
}

QUrl SlipController::suggestedFile() const
{
    QString code = m_sampleId;
    try {
        if (!m_sampleId.isEmpty())
            if (const auto sample =
                    core::SampleStore(appServices().db(), appServices().catalogue()).find(m_sampleId.toStdString()))
                code = QString::fromStdString(sample->publicCode);
    } catch (...) {
        // No database yet: the id will do as a name.
    }
    // Documents when there is one; a fresh account (or a test's HOME) may have none.
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QDir(folder).exists())
        folder = QDir::homePath();
    return QUrl::fromLocalFile(QDir(folder).filePath(code + QStringLiteral(".pdf")));
}

bool SlipController::exists(const QUrl &file) const
{
    const QString path = localPath(file);
    return !path.isEmpty() && QFileInfo::exists(path);
}

bool SlipController::save(const QUrl &file, bool replace)
{
    try {
        const QString path = localPath(file);
        const std::filesystem::path out = path.toStdString();
        print::slipFormatFor(out);
        print::writeSlip(currentSlip(appServices(), m_sampleId), out,
                         replace ? print::ExistingFile::Replace : print::ExistingFile::Refuse);
        m_saved = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath());
        Q_EMIT savedChanged();
        Q_EMIT done(tr("Slip saved to %1").arg(savedPath()));
        return true;
    } catch (...) {
        reportError();
        return false;
    }
}

bool SlipController::print()
{
    QTextDocument document;
    try {
        document.setHtml(QString::fromStdString(core::slipHtml(currentSlip(appServices(), m_sampleId))));
    } catch (...) {
        reportError();
        return false;
    }
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(tr("Result slip"));
    QPrintDialog dialog(&printer);
    dialog.setWindowTitle(tr("Print the result slip"));
    if (dialog.exec() != QDialog::Accepted)
        return false;
    document.print(&printer);
    Q_EMIT done(tr("Slip sent to %1").arg(printer.printerName().isEmpty() ? printer.outputFileName() : printer.printerName()));
    return true;
}

} // namespace candor::app
