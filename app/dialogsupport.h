#pragma once
// Whether one of Qt's file or folder dialogs can open on this machine, asked before a page
// opens it. Reaches QML as the singleton `DialogSupport`, used by DialogLauncher.qml.

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace candor::app {

// Without a desktop platform theme Qt 6.4 falls back to its own QML dialogs, which import
// Qt.labs.folderlistmodel. When that import fails, QtQuick.Dialogs' open() goes on with the
// implementation it could not create and the app dies (SIGSEGV). Loading the same QML
// here first turns a missing module into a sentence the page shows instead.
class DialogSupport : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    explicit DialogSupport(QQmlEngine *engine, QObject *parent = nullptr);
    static DialogSupport *create(QQmlEngine *engine, QJSEngine *);

    // "" when both load: `wrapper` (our QML file around a QtQuick.Dialogs dialog) and Qt's
    // own fallback implementation of `qtDialog` ("FileDialog" or "FolderDialog"). Else one
    // sentence: what `purpose` dialog could not open, the QML error (which names the
    // missing module), and to run scripts/deps. Each URL is loaded once per run.
    Q_INVOKABLE QString problemOpening(const QString &purpose, const QUrl &wrapper, const QString &qtDialog);

    // The path of a local file URL as a folder dialog gives it, for a field that shows paths.
    Q_INVOKABLE static QString localPath(const QUrl &url) { return url.isLocalFile() ? url.toLocalFile() : url.toString(); }

    // Where Qt 6.4 keeps its fallback dialog `qtDialog`; empty when this Qt has no such file.
    static QUrl qtFallbackUrl(const QString &qtDialog);

private:
    QString loadError(const QUrl &url);

    QQmlEngine *m_engine;
    QHash<QUrl, QString> m_loadErrors;
};

} // namespace candor::app
