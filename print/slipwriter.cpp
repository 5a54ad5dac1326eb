#include "print/slipwriter.h"

#include "core/errors.h"
#include "core/slip.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFont>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

#include <cerrno>
#include <cstring>
#include <memory>

#include <unistd.h>

namespace candor::print {

namespace {
[[noreturn]] void cannotWrite(const std::filesystem::path &path, const std::string &why)
{
    throw core::StorageError(core::StorageError::kCannotOpen, "cannot write the slip to " + path.string() + ": " + why);
}
[[noreturn]] void refuseExisting(const std::filesystem::path &path)
{
    throw core::ValidationError("out", "out: " + path.string() + " already exists; choose another name or replace it");
}
} // namespace

SlipFormat slipFormatFor(const std::filesystem::path &path)
{
    const auto ext = path.extension().string();
    if (ext == ".pdf" || ext == ".PDF")
        return SlipFormat::Pdf;
    if (ext == ".html" || ext == ".htm" || ext == ".HTML")
        return SlipFormat::Html;
    throw core::ValidationError("out", "out: name the file .pdf or .html");
}

void ensureGuiApplication()
{
    if (QGuiApplication::instance())
        return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Without XDG_RUNTIME_DIR (root in a container, CI, cron) Qt falls back to
    // /tmp/runtime-UID and warns on stderr, which is where a command line tool's errors
    // go. Point it at that same folder, made private first, so that stderr stays for them;
    // if someone else owns the folder, leave it to Qt to refuse it.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QString runtime = QDir::tempPath() + QStringLiteral("/runtime-") + QString::number(::getuid());
        if (QDir().mkpath(runtime) && QFileInfo(runtime).ownerId() == ::getuid() &&
            QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            qputenv("XDG_RUNTIME_DIR", runtime.toLocal8Bit());
    }
    static int argc = 1;
    static char name[] = "candor-cli";
    static char *argv[] = {name, nullptr};
    static std::unique_ptr<QGuiApplication> app = std::make_unique<QGuiApplication>(argc, argv);
}

void writeSlip(const core::SlipContent &slip, const std::filesystem::path &path, ExistingFile existing)
{
    const SlipFormat format = slipFormatFor(path);
    const auto absolute = std::filesystem::absolute(path);
    std::error_code ec;
    if (!std::filesystem::is_directory(absolute.parent_path(), ec))
        cannotWrite(path, "the folder does not exist");
    if (existing == ExistingFile::Refuse && std::filesystem::exists(absolute, ec))
        refuseExisting(path);
    const auto temp = absolute.parent_path() / ("." + absolute.filename().string() + ".tmp");
    const QString tempName = QString::fromStdString(temp.string());
    const QByteArray html = QByteArray::fromStdString(core::slipHtml(slip));
    if (format == SlipFormat::Html) {
        QFile file(tempName);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            cannotWrite(path, file.errorString().toStdString());
        if (file.write(html) != html.size() || !file.flush()) {
            file.remove();
            cannotWrite(path, "the disk is full or the file went away");
        }
        file.close();
    } else {
        ensureGuiApplication();
        {
            QFile probe(tempName);
            if (!probe.open(QIODevice::WriteOnly | QIODevice::Truncate))
                cannotWrite(path, probe.errorString().toStdString());
        }
        QPdfWriter writer(tempName);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(QStringLiteral("Result %1").arg(QString::fromStdString(slip.publicCode)));
        writer.setCreator(QStringLiteral("Candor"));
        QTextDocument document;
        // Lay the text out on the page's own size, so it fills the width at a readable size.
        document.setPageSize(writer.pageLayout().paintRectPoints().size());
        document.setDefaultFont(QFont(QStringLiteral("sans-serif"), 11));
        document.setHtml(QString::fromUtf8(html));
        document.print(&writer);
    }
    if (existing == ExistingFile::Refuse) {
        // link() fails when the name exists, so a file that appeared while the slip was
        // written is not replaced either. A folder without hard links (FAT, some network
        // shares) falls back to the check made above and a rename.
        const bool linked = ::link(temp.c_str(), absolute.c_str()) == 0;
        const int error = errno;
        if (linked || (error != EPERM && error != ENOTSUP && error != EOPNOTSUPP)) {
            std::filesystem::remove(temp, ec);
            if (linked)
                return;
            if (error == EEXIST)
                refuseExisting(path);
            cannotWrite(path, std::strerror(error));
        }
    }
    std::filesystem::rename(temp, absolute, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        cannotWrite(path, ec.message());
    }
}

} // namespace candor::print
