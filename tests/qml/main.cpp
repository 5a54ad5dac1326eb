// Qt Quick Test runner for the QML pages: each test file gets a fresh database file with
// a signed-in technician, set up here in C++ exactly as main() would.

#include "appservices.h"
#include "sessioncontroller.h"

#include "core/users.h"

#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

class Setup : public QObject {
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_services = std::make_unique<candor::app::AppServices>(m_dir->filePath(QStringLiteral("candor.sqlite")).toStdString());
        m_session = std::make_unique<candor::app::SessionController>(*m_services);
        m_session->provideTo(*engine);
        candor::core::UserStore users(m_services->db());
        const auto admin = users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
        m_services->setCurrentUser(users.add({"tess", "Tess", {"technician"}, "battery staple"}, &admin));
    }
    void cleanupTestCase()
    {
        m_session.reset();
        m_services.reset();
        m_dir.reset();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<candor::app::AppServices> m_services;
    std::unique_ptr<candor::app::SessionController> m_session;
};

QUICK_TEST_MAIN_WITH_SETUP(candor_qml, Setup)
#include "main.moc"
