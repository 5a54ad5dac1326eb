// The candor executable: opens the database and shows the QML UI. Everything else lives
// in candor_app so that tests can build the same window.

#include "appservices.h"
#include "sessioncontroller.h"
#include "startup.h"

#include "core/backup.h"

#include <QApplication>
#include <QTimer>
#include <QMessageBox>
#include <QQmlApplicationEngine>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

int main(int argc, char *argv[])
{
    // Qt Charts in QML needs the widgets application object.
    QApplication app(argc, argv);
    candor::app::configureApplication(app);

    const auto options = candor::app::parseCommandLine(app);
    std::unique_ptr<candor::app::AppServices> services;
    try {
        // A service that ships its own library starts with CANDOR_NO_DEMO_LIBRARY=1.
        services = std::make_unique<candor::app::AppServices>(options.databasePath.toStdString(),
                                                              qEnvironmentVariableIsEmpty("CANDOR_NO_DEMO_LIBRARY"));
    } catch (const std::exception &e) {
        const QString message = QStringLiteral("Candor cannot open its database.\n\n%1\n\n"
                                               "Nothing was changed. Start Candor with --db PATH to use another "
                                               "file, or fix the problem and start it again.")
                                    .arg(QString::fromStdString(e.what()));
        std::fprintf(stderr, "candor: %s\n", qPrintable(message));
        if (!options.noDialogs)
            QMessageBox::critical(nullptr, QStringLiteral("Candor"), message);
        return 74;
    }
    // Made once here and handed on: to QML as the singleton Session, and through it to
    // every controller a page creates.
    candor::app::SessionController session(*services);

    // The daily rotating backup (settings backup.enabled/folder/keep): at start, then
    // hourly, so a laptop left running past midnight makes the next day's too. A failed
    // backup must not stop the service; it says so on stderr.
    const auto backupIfDue = [&services] {
        try {
            if (const auto written = candor::core::runAutomaticBackup(services->db(), std::chrono::system_clock::now()))
                std::fprintf(stderr, "candor: backup written to %s\n", written->c_str());
        } catch (const std::exception &e) {
            std::fprintf(stderr, "candor: automatic backup failed: %s\n", e.what());
        }
    };
    backupIfDue();
    QTimer backupTimer;
    QObject::connect(&backupTimer, &QTimer::timeout, backupIfDue);
    backupTimer.start(60 * 60 * 1000);

    QQmlApplicationEngine engine;
    if (const QString problem = candor::app::loadMainWindow(engine, session); !problem.isEmpty()) {
        std::fprintf(stderr, "candor: %s\n", qPrintable(problem));
        if (!options.noDialogs)
            QMessageBox::critical(nullptr, QStringLiteral("Candor"), problem);
        return 70;
    }
    return app.exec();
}
