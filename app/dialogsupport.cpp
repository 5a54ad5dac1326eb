#include "dialogsupport.h"

#include <QFile>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QStringList>

namespace candor::app {

DialogSupport::DialogSupport(QQmlEngine *engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
}

DialogSupport *DialogSupport::create(QQmlEngine *engine, QJSEngine *)
{
    return new DialogSupport(engine);
}

QUrl DialogSupport::qtFallbackUrl(const QString &qtDialog)
{
    // The resource is registered by QtQuick.Dialogs' implementation library, which is
    // loaded with the wrapper's `import QtQuick.Dialogs`: check the wrapper first.
    const QString path = QStringLiteral("/qt-project.org/imports/QtQuick/Dialogs/quickimpl/qml/%1.qml").arg(qtDialog);
    if (!QFile::exists(QLatin1Char(':') + path))
        return {};
    return QUrl(QLatin1String("qrc:") + path);
}

QString DialogSupport::loadError(const QUrl &url)
{
    const auto known = m_loadErrors.constFind(url);
    if (known != m_loadErrors.constEnd())
        return *known;
    QString error;
    if (m_engine) {
        // Compiling the component resolves every import without creating anything.
        QQmlComponent component(m_engine, url, QQmlComponent::PreferSynchronous);
        if (component.isError()) {
            QStringList lines;
            for (const auto &e : component.errors())
                lines << QStringLiteral("%1 (%2)").arg(e.description(), e.url().toString());
            error = lines.join(QStringLiteral("; "));
        }
    }
    m_loadErrors.insert(url, error);
    return error;
}

QString DialogSupport::problemOpening(const QString &purpose, const QUrl &wrapper, const QString &qtDialog)
{
    QString error = loadError(wrapper);
    if (error.isEmpty()) {
        // Another Qt may keep its fallback elsewhere or not need one: then let Qt try.
        const QUrl fallback = qtFallbackUrl(qtDialog);
        if (!fallback.isEmpty())
            error = loadError(fallback);
    }
    if (error.isEmpty())
        return {};
    return tr("The %1 dialog could not be opened: %2. A Qt module it needs is missing or broken on this "
              "computer; run scripts/deps (as root) to install it. Nothing else is affected.")
        .arg(purpose, error);
}

} // namespace candor::app
