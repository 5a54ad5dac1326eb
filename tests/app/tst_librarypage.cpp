// The library page's admin controls in the real main window (issue 11, requirement 3):
// a service's own library imported next to the demo one lists the look-alike pair it
// holds in the QC list; "Retire demo library…" confirmed in its dialog retires every demo
// reference, logs it, re-screens, and later matches use only the service's references
// and no longer say "demo"; a substance the catalogue does not know gets its class and
// risk from the row the page shows for it, stored and audit-logged. The fixture library
// is tests/data/library-own (see its generate.py). With CANDOR_SHOTS_DIR set the test
// saves the page as PNGs for a person to look at.

#include "appfixture.h"
#include "modelrows.h"
#include "instrumentfilescontroller.h"
#include "librarycontroller.h"
#include "matchcontroller.h"
#include "quickdriver.h"

#include "core/auditlog.h"
#include "core/references.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <nlohmann/json.hpp>

#include <set>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::app::InstrumentFilesController;
using candor::app::LibraryController;
using candor::app::MatchController;
using candor::testing::itemsNamed;
using candor::testing::rows;
using candor::testing::shown;
using candor::testing::WindowDriver;

namespace {
const QString kSource = QStringLiteral(CANDOR_SOURCE_DIR);
const QString kOwnLibrary = kSource + QStringLiteral("/tests/data/library-own");
const std::set<std::string> kOwnSubstances = {"Caffeine", "Lactose", "para-Fluorofentanyl", "ortho-Fluorofentanyl",
                                              "Creatine monohydrate"};

// The shown button with this text (the Dialog's OK lives in the window's overlay).
QQuickItem *buttonWithText(QQuickItem *root, const QString &text)
{
    for (auto *item : candor::testing::allItems(root))
        if (item->inherits("QQuickAbstractButton") && item->property("text").toString() == text && shown(item))
            return item;
    return nullptr;
}

QStringList textsOf(QQuickItem *root, const QString &name)
{
    QStringList out;
    for (auto *item : itemsNamed(root, name))
        if (shown(item))
            out << item->property("text").toString();
    return out;
}

std::vector<candor::core::AuditEntry> auditEntries(candor::core::Database &db, const std::string &action)
{
    std::vector<candor::core::AuditEntry> out;
    for (auto &e : candor::core::AuditLog(db).all())
        if (e.entity == "reference_library" && e.action == action)
            out.push_back(e);
    return out;
}
} // namespace

class TestLibraryPage : public QObject {
    Q_OBJECT

private:
    // Imports `path` into a new sample as the technician; returns the sample's id.
    std::string sampleWith(const QString &path)
    {
        m_fixture->services->setCurrentUser(m_fixture->tech);
        const auto sample = m_fixture->addSample("coke", "2026-01-21T10:00:00Z");
        InstrumentFilesController files(*m_fixture->session);
        files.setSampleId(QString::fromStdString(sample.id));
        QSignalSpy finished(&files, &InstrumentFilesController::batchFinished);
        const bool ok = files.importPaths({path}) && finished.wait(20000) && finished.first().at(0).toInt() == 1;
        m_fixture->services->setCurrentUser(std::nullopt);
        return ok ? sample.id : std::string();
    }

    // The library page of a window signed in as the admin.
    std::unique_ptr<WindowDriver> openLibraryPage()
    {
        auto d = std::make_unique<WindowDriver>(*m_fixture->session);
        if (!d->ready() || !d->signIn(QStringLiteral("ada"), QStringLiteral("correct horse")))
            return nullptr;
        d->workspaceCall("showLibrary");
        if (!d->waitFor(QStringLiteral("librarySummary")))
            return nullptr;
        return d;
    }

    static LibraryController *pageController(const WindowDriver &d)
    {
        auto *page = d.find(QStringLiteral("libraryPage"));
        return page ? page->findChild<LibraryController *>() : nullptr;
    }

    static bool rescreenIdle(const WindowDriver &d)
    {
        auto *again = d.find(QStringLiteral("rescreenStartButton"));
        auto *status = d.find(QStringLiteral("rescreenStatus"));
        return again && again->isVisible() && status &&
               status->property("text").toString().startsWith(QLatin1String("Re-screened"));
    }

private Q_SLOTS:
    void init() { m_fixture = std::make_unique<candor::testing::AppFixture>(); }
    void cleanup() { m_fixture.reset(); }

    void theQcListShowsTheLookAlikePairOfTheServicesLibrary()
    {
        auto d = openLibraryPage();
        QVERIFY(d);
        auto *library = pageController(*d);
        QVERIFY(library);
        // The folder dialog itself is opened and closed by app.gui_dialogs.
        QVERIFY(library->importPaths({kOwnLibrary}));
        QVERIFY2(library->importSummary().startsWith(QStringLiteral("5 added, 0 already present, 0 failed")),
                 qPrintable(library->importSummary()));
        QTRY_VERIFY(shown(d->find(QStringLiteral("libraryQcSummary"))));
        const QStringList pairs = textsOf(d->root(), QStringLiteral("qcPair"));
        bool listed = false;
        for (const auto &pair : pairs)
            listed = listed || (pair.contains(QStringLiteral("para-Fluorofentanyl (para-fluorofentanyl.jdx)")) &&
                                pair.contains(QStringLiteral("ortho-Fluorofentanyl (ortho-fluorofentanyl.jdx)")));
        QVERIFY2(listed, qPrintable(pairs.join(QLatin1Char('\n'))));
        // The pair of two different files of one substance (demo and own caffeine) is not a QC problem.
        for (const auto &pair : pairs)
            QVERIFY2(!(pair.startsWith(QStringLiteral("Caffeine (")) && pair.contains(QStringLiteral(" and Caffeine ("))),
                     qPrintable(pair));
        QTRY_VERIFY_WITH_TIMEOUT(rescreenIdle(*d), 20000);
        d->shot(QStringLiteral("library-1-after-import"));
    }

    void retiringTheDemoLibraryStopsMatchesUsingIt()
    {
        m_fixture->services->setCurrentUser(m_fixture->admin);
        QVERIFY(LibraryController(*m_fixture->session).importPaths({kOwnLibrary}));
        m_fixture->services->setCurrentUser(std::nullopt);
        const auto before = sampleWith(kSource + QStringLiteral("/data/demo-library/caffeine.jdx"));
        QVERIFY(!before.empty());
        candor::core::ReferenceStore references(m_fixture->services->db());
        const auto demo = references.demoCount();
        QVERIFY(demo >= 29);

        auto d = openLibraryPage();
        QVERIFY(d);
        QVERIFY(shown(d->find(QStringLiteral("libraryDemoNotice"))));
        QVERIFY(d->press(d->waitFor(QStringLiteral("retireDemoButton"))));
        QQuickItem *ok = nullptr;
        QTRY_VERIFY((ok = buttonWithText(d->root(), QStringLiteral("Retire demo library"))));
        d->shot(QStringLiteral("library-2-retire-dialog"));
        QVERIFY(d->press(ok));

        // Stored: no demo reference in use, all of them kept (retired) for the history, logged once.
        QTRY_COMPARE(references.demoCount(), std::int64_t(0));
        std::int64_t retired = 0;
        for (const auto &r : references.all(false))
            retired += r.isDemo && r.retired ? 1 : 0;
        QCOMPARE(retired, demo);
        const auto logged = auditEntries(m_fixture->services->db(), "retire");
        QCOMPARE(logged.size(), std::size_t(1));
        QCOMPARE(logged[0].actorName, std::string("ada"));
        QCOMPARE(nlohmann::json::parse(logged[0].newValue).value("retired", 0), demo);
        // The page: no demo notice, no retire button; the change re-screened the stored spectrum.
        QTRY_VERIFY(!shown(d->find(QStringLiteral("retireDemoButton"))));
        QCOMPARE(d->find(QStringLiteral("libraryDemoNotice"))->property("text").toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(rescreenIdle(*d), 20000);
        d->shot(QStringLiteral("library-3-demo-retired"));

        // A new match uses only the service's references and does not say "demo".
        const auto after = sampleWith(kSource + QStringLiteral("/data/demo-library/lactose.jdx"));
        QVERIFY(!after.empty());
        InstrumentFilesController files(*m_fixture->session);
        files.setSampleId(QString::fromStdString(after));
        MatchController match(*m_fixture->session);
        match.setSampleId(QString::fromStdString(after));
        match.setSpectrumId(files.newestSpectrumId());
        QVERIFY(match.hasMatch());
        QVERIFY(!match.libraryDemo());
        QVERIFY2(!match.warnings().join(QLatin1Char('\n')).contains(QStringLiteral("demo library")),
                 qPrintable(match.warnings().join(QLatin1Char('\n'))));
        QVERIFY(!rows(*match.hits()).isEmpty());
        QCOMPARE(rows(*match.hits()).first().toMap().value(QStringLiteral("substance")).toString(), QStringLiteral("Lactose"));
        for (const QVariant &hit : rows(*match.hits()))
            QVERIFY2(kOwnSubstances.count(hit.toMap().value(QStringLiteral("substance")).toString().toStdString()),
                     qPrintable(hit.toMap().value(QStringLiteral("substance")).toString()));
    }

    void anAdminSetsClassAndRiskOfASubstanceTheCatalogueDoesNotKnow()
    {
        m_fixture->services->setCurrentUser(m_fixture->admin);
        QVERIFY(LibraryController(*m_fixture->session).importPaths({kOwnLibrary}));
        m_fixture->services->setCurrentUser(std::nullopt);
        candor::core::ReferenceStore references(m_fixture->services->db());
        auto creatine = [&] {
            std::vector<candor::core::ReferenceRow> rows;
            for (auto &r : references.all(false))
                if (r.substance == "Creatine monohydrate")
                    rows.push_back(r);
            return rows;
        };
        QCOMPARE(creatine().size(), std::size_t(1));
        QCOMPARE(creatine()[0].riskSet, false);

        auto d = openLibraryPage();
        QVERIFY(d);
        const QStringList asked = textsOf(d->root(), QStringLiteral("riskNotSetLabel"));
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked[0].startsWith(QStringLiteral("Creatine monohydrate: ")), qPrintable(asked[0]));
        d->shot(QStringLiteral("library-4-risk-not-set"));

        auto *classBox = d->find(QStringLiteral("classBox"));
        auto *riskBox = d->find(QStringLiteral("riskBox"));
        QVERIFY(classBox && shown(classBox) && riskBox && shown(riskBox));
        // Type the class into the editable box; pick "low" with the keyboard.
        classBox->setProperty("editText", QString());
        d->typeInto(classBox->property("contentItem").value<QQuickItem *>(), QStringLiteral("cut"));
        QCOMPARE(classBox->property("editText").toString(), QStringLiteral("cut"));
        riskBox->forceActiveFocus();
        while (riskBox->property("currentText").toString() != QLatin1String("low") &&
               riskBox->property("currentIndex").toInt() < riskBox->property("count").toInt() - 1)
            QTest::keyClick(d->window(), Qt::Key_Down);
        QCOMPARE(riskBox->property("currentText").toString(), QStringLiteral("low"));
        QVERIFY(d->press(d->find(QStringLiteral("setRiskButton"))));

        QTRY_VERIFY(creatine()[0].riskSet);
        QCOMPARE(creatine()[0].substanceClass, std::string("cut"));
        QCOMPARE(creatine()[0].risk, std::string("low"));
        const auto logged = auditEntries(m_fixture->services->db(), "set_class_risk");
        QCOMPARE(logged.size(), std::size_t(1));
        QCOMPARE(logged[0].entityId, std::string("Creatine monohydrate"));
        QCOMPARE(logged[0].actorName, std::string("ada"));
        const auto value = nlohmann::json::parse(logged[0].newValue);
        QCOMPARE(value.value("class", std::string()), std::string("cut"));
        QCOMPARE(value.value("risk", std::string()), std::string("low"));
        // The page no longer asks.
        QTRY_VERIFY(textsOf(d->root(), QStringLiteral("riskNotSetLabel")).isEmpty());
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    candor::app::configureApplication(app);
    TestLibraryPage test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_librarypage.moc"
