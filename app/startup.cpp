#include "startup.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QQmlApplicationEngine>
#include <QQmlError>
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
    QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The database file (default: $CANDOR_DB or %1).").arg(defaultDatabaseFile()),
                          QStringLiteral("path"));
    QCommandLineOption noDialogs(QStringLiteral("no-dialogs"), QStringLiteral("Print start-up errors instead of showing a dialog."));
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

QString loadMainWindow(QQmlApplicationEngine &engine)
{
    QStringList errors;
    const auto connection = QObject::connect(&engine, &QQmlEngine::warnings, [&errors](const QList<QQmlError> &warnings) {
        for (const auto &w : warnings)
            errors << w.toString();
    });
    // loadFromModule() arrives in Qt 6.5; 6.4 loads the module's file by its resource path.
    engine.load(QUrl(QStringLiteral("qrc:/qt-project.org/imports/Candor/qml/Main.qml")));
    QObject::disconnect(connection);
    if (!engine.rootObjects().isEmpty())
        return {};
    return QStringLiteral("Candor could not load its window.\n\n%1\n\nA Qt module it needs is probably missing or "
                          "broken on this computer: run scripts/deps (as root), then start Candor again. "
                          "Nothing was changed.")
        .arg(errors.isEmpty() ? QStringLiteral("(Qt gave no reason.)") : errors.join(QLatin1Char('\n')));
}

} // namespace candor::app
