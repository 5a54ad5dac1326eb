#include "startup.h"
#include "sessioncontroller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QQmlApplicationEngine>
#include <QKeyEvent>
#include <QLoggingCategory>
#include <QQmlError>
#include <QQuickItem>
#include <QQuickWindow>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QStringList>

namespace candor::app {

void configureApplication(QApplication &app)
{
    // No organization name: AppDataLocation is then ~/.local/share/candor, the folder the
    // CLI uses too (core::defaultDatabasePath).
    app.setApplicationName(QStringLiteral("candor"));
    app.setApplicationDisplayName(QStringLiteral("Candor"));
    app.setApplicationVersion(QStringLiteral("0.1.0"));
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
}

QString defaultDatabaseFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("candor.sqlite"));
}

StartupOptions parseCommandLine(QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Candor: results for a drug-checking service."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption db(QStringLiteral("db"),
                          QStringLiteral("The database file (default: $CANDOR_DB or %1).").arg(defaultDatabaseFile()),
                          QStringLiteral("path"));
    QCommandLineOption noDialogs(QStringLiteral("no-dialogs"),
                                 QStringLiteral("Print start-up errors instead of showing a dialog."));
    parser.addOption(db);
    parser.addOption(noDialogs);
    parser.process(app);
    StartupOptions options;
    if (parser.isSet(db))
        options.databasePath = parser.value(db);
    else if (!qEnvironmentVariableIsEmpty("CANDOR_DB"))
        options.databasePath = qEnvironmentVariable("CANDOR_DB");
    else
        options.databasePath = defaultDatabaseFile();
    options.noDialogs = parser.isSet(noDialogs);
    return options;
}

namespace {
Q_LOGGING_CATEGORY(uiLog, "candor.ui")

// The GUI tests' way to find a control instead of clicking fixed coordinates: with
// CANDOR_UI_TEST_HOOK set, Ctrl+Shift+F12 logs every shown item that has an objectName as
// "item NAME at X Y W H" (window coordinates, in tree order), on the candor.ui category
// the tests already read. Off, and not even installed, in normal use.
class LocateItemsHook : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            auto *window = qobject_cast<QQuickWindow *>(watched);
            if (window && key->key() == Qt::Key_F12 && key->modifiers() == (Qt::ControlModifier | Qt::ShiftModifier)) {
                logItems(window->contentItem());
                qCInfo(uiLog, "items located");
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    static void logItems(QQuickItem *item)
    {
        if (!item->isVisible() || item->opacity() <= 0)
            return;
        if (!item->objectName().isEmpty() && item->width() > 0 && item->height() > 0) {
            const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
            qCInfo(uiLog, "item %s at %d %d %d %d", qPrintable(item->objectName()), int(r.x()), int(r.y()), int(r.width()),
                   int(r.height()));
        }
        for (auto *child : item->childItems())
            logItems(child);
    }
};
} // namespace

QString loadMainWindow(QQmlApplicationEngine &engine, SessionController &session)
{
    session.provideTo(engine);
    QStringList errors;
    const auto connection = QObject::connect(&engine, &QQmlEngine::warnings, [&errors](const QList<QQmlError> &warnings) {
        for (const auto &w : warnings)
            errors << w.toString();
    });
    // loadFromModule() arrives in Qt 6.5; 6.4 loads the module's file by its resource path.
    engine.load(QUrl(QStringLiteral("qrc:/qt-project.org/imports/Candor/qml/Main.qml")));
    QObject::disconnect(connection);
    if (!engine.rootObjects().isEmpty()) {
        if (qEnvironmentVariableIsSet("CANDOR_UI_TEST_HOOK"))
            if (auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first()))
                window->installEventFilter(new LocateItemsHook(window));
        return {};
    }
    return QStringLiteral("Candor could not load its window.\n\n%1\n\nA Qt module it needs is probably missing or "
                          "broken on this computer: run scripts/deps (as root), then start Candor again. "
                          "Nothing was changed.")
        .arg(errors.isEmpty() ? QStringLiteral("(Qt gave no reason.)") : errors.join(QLatin1Char('\n')));
}

} // namespace candor::app
