// Qt Quick Test runner for the QML pages: each test file gets a fresh database file with
// a signed-in technician, set up here in C++ exactly as main() would.

#include "appservices.h"

#include "core/users.h"

#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *)
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_services = std::make_unique<candor::app::AppServices>(m_dir->filePath(QStringLiteral("candor.sqlite")).toStdString());
        candor::app::AppServices::setInstance(m_services.get());
        candor::core::UserStore users(m_services->db());
        const auto admin = users.add({"ada", "Ada", {"admin"}, "correct horse"}, nullptr);
        m_services->setCurrentUser(users.add({"tess", "Tess", {"technician"}, "battery staple"}, &admin));
    }
    void cleanupTestCase()
    {
        candor::app::AppServices::setInstance(nullptr);
        m_services.reset();
        m_dir.reset();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<candor::app::AppServices> m_services;
};

QUICK_TEST_MAIN_WITH_SETUP(candor_qml, Setup)
#include "main.moc"
