#pragma once
// What main() does before the event loop, shared with the tests that start the real
// window: application identity, the command line, and loading Main.qml.

#include <QString>

class QApplication;
class QQmlApplicationEngine;

namespace candor::app {

class SessionController;

struct StartupOptions {
    QString databasePath;
    bool noDialogs = false; // print errors instead of showing a dialog (tests, scripts)
};

void configureApplication(QApplication &app);
// --db PATH, else $CANDOR_DB, else the platform's application data folder.
StartupOptions parseCommandLine(QApplication &app);
// The default database file: <AppDataLocation>/candor.sqlite.
QString defaultDatabaseFile();
// Provides `session` to the engine (the QML singleton Session, and the session of every
// controller the pages create), then loads Main.qml; "" when the window is there, else what went wrong (the QML errors, which
// name a missing module) and what to do, for main() to show.
QString loadMainWindow(QQmlApplicationEngine &engine, SessionController &session);

} // namespace candor::app
