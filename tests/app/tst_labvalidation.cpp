// The lab validation page's controller on a real database: the scenario of
// tests/support/labscenario.h, the lab CSV imported as the page's file dialog would, and
// the table's numbers, intervals and sample lists checked; a bad CSV names its line and
// column and changes nothing; only an admin adopts a threshold.

#include "appfixture.h"
#include "labvalidationcontroller.h"
#include "support/labscenario.h"

#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::app::LabValidationController;

namespace {

const QString kLab = QStringLiteral(CANDOR_SOURCE_DIR) + QStringLiteral("/tests/data/lab/");

QVariantMap findRow(const QVariantList &rows, const QString &section, const QString &name, const QString &source)
{
    for (const auto &row : rows) {
        const auto map = row.toMap();
        if (map[QStringLiteral("section")] == section && map[QStringLiteral("name")] == name &&
            map[QStringLiteral("source")] == source)
            return map;
    }
    return {};
}

void collect(QQuickItem *item, const QString &name, QList<QQuickItem *> &out)
{
    if (item->objectName() == name)
        out.append(item);
    for (auto *child : item->childItems())
        collect(child, name, out);
}

QStringList codes(const QVariant &samples)
{
    QStringList out;
    for (const auto &s : samples.toList())
        out << s.toMap()[QStringLiteral("publicCode")].toString();
    return out;
}

} // namespace

class TestLabValidation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        m_fixture->services->setCurrentUser(m_fixture->tech);
        m_ids = candor::testing::buildLabScenario(m_fixture->services->db(), m_fixture->services->catalogue(), m_fixture->tech);
    }
    void cleanup() { m_fixture.reset(); }

    void showsTheTableOfALoadedLabCsv()
    {
        LabValidationController controller(*m_fixture->session);
        QVERIFY(controller.canImport());
        QVERIFY(!controller.canAdopt());
        QVERIFY(controller.rows().isEmpty());
        QSignalSpy changed(&controller, &LabValidationController::changed);
        QVERIFY(controller.importUrl(QUrl::fromLocalFile(kLab + QStringLiteral("results-good.csv"))));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(controller.importSummary(), QStringLiteral("results-good.csv: 9 rows; 9 added, 0 updated, 0 already present."));
        QCOMPARE(controller.summary(), QStringLiteral("6 samples have lab results: 5 with findings, 6 with a stored match."));

        const auto findings = findRow(controller.rows(), QStringLiteral("substance"), QStringLiteral("fentanyl"),
                                      QStringLiteral("findings"));
        QVERIFY(!findings.isEmpty());
        QCOMPARE(findings[QStringLiteral("tp")].toInt(), 1);
        QCOMPARE(findings[QStringLiteral("fp")].toInt(), 1);
        QCOMPARE(findings[QStringLiteral("fn")].toInt(), 1);
        QCOMPARE(findings[QStringLiteral("tn")].toInt(), 2);
        QCOMPARE(findings[QStringLiteral("highRisk")].toBool(), true);
        QCOMPARE(findings[QStringLiteral("sensitivity")].toString(), QStringLiteral("50.0 %"));
        QCOMPARE(codes(findings[QStringLiteral("misses")]), QStringList{QStringLiteral("HAT-337")});
        QCOMPARE(codes(findings[QStringLiteral("falseAlarms")]), QStringList{QStringLiteral("HAT-343")});
        // The list opens the sample by its id.
        QCOMPARE(findings[QStringLiteral("misses")].toList().first().toMap()[QStringLiteral("sampleId")].toString(),
                 QString::fromStdString(m_ids.at("HAT-337")));

        const auto detected = findRow(controller.rows(), QStringLiteral("substance"), QStringLiteral("fentanyl"),
                                      QStringLiteral("matches: detected"));
        QCOMPARE(detected[QStringLiteral("tn")].toInt(), 3);
        QCOMPARE(detected[QStringLiteral("specificity")].toString(), QStringLiteral("75.0 %"));
        QCOMPARE(detected[QStringLiteral("specificityInterval")].toString(), QStringLiteral("30.1–95.4 %"));

        const auto cut = findRow(controller.rows(), QStringLiteral("class"), QStringLiteral("cut"), QStringLiteral("findings"));
        QCOMPARE(cut[QStringLiteral("fn")].toInt(), 1);
        QCOMPARE(codes(cut[QStringLiteral("misses")]), QStringList{QStringLiteral("HAT-343")});

        QVariantMap fentanylThreshold;
        for (const auto &t : controller.thresholds())
            if (t.toMap()[QStringLiteral("substanceClass")] == QStringLiteral("fentanyl"))
                fentanylThreshold = t.toMap();
        QCOMPARE(fentanylThreshold[QStringLiteral("evidence")].toString(), QStringLiteral("0.21"));
        QCOMPARE(fentanylThreshold[QStringLiteral("negatives")].toInt(), 4);
        QCOMPARE(fentanylThreshold[QStringLiteral("sensitivity")].toString(), QStringLiteral("50.0 %"));
        QVERIFY(fentanylThreshold[QStringLiteral("adoptable")].toBool());
    }

    void namesTheLineAndColumnOfABadCsvAndChangesNothing()
    {
        LabValidationController controller(*m_fixture->session);
        QSignalSpy errors(&controller, &LabValidationController::errorOccurred);
        QVERIFY(!controller.importPath(kLab + QStringLiteral("bad-unknown-substance.csv")));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.first().at(0).toString(),
                 QStringLiteral("bad-unknown-substance.csv line 4, column substance: 'unobtainium HCl' is not a substance "
                                "the catalogue knows (by name or synonym)"));
        QVERIFY(controller.rows().isEmpty());
    }

    void letsOnlyAnAdminAdoptAThreshold()
    {
        LabValidationController controller(*m_fixture->session);
        QVERIFY(controller.importPath(kLab + QStringLiteral("results-good.csv")));
        QSignalSpy errors(&controller, &LabValidationController::errorOccurred);
        QVERIFY(!controller.adopt(QStringLiteral("fentanyl")));
        QVERIFY(errors.first().at(0).toString().contains(QStringLiteral("needs the admin role")));

        m_fixture->services->setCurrentUser(m_fixture->admin);
        controller.reload();
        QVERIFY(controller.canAdopt());
        QVERIFY(controller.adopt(QStringLiteral("fentanyl")));
        for (const auto &t : controller.thresholds())
            if (t.toMap()[QStringLiteral("substanceClass")] == QStringLiteral("fentanyl")) {
                QCOMPARE(t.toMap()[QStringLiteral("adopted")].toString(), QStringLiteral("0.21"));
                QVERIFY(!t.toMap()[QStringLiteral("adoptable")].toBool());
            }
        // The app's library picks the adopted threshold up for the next match.
        QCOMPARE(m_fixture->services->library()->adoptedThresholds().count("fentanyl"), std::size_t(1));
    }

    // The page itself: the table's rows are laid out, and a missed sample's button opens
    // that sample (the page's openSample signal, which Main.qml routes to the sample page).
    void thePageListsTheRowsAndOpensAMissedSample()
    {
        QVERIFY(LabValidationController(*m_fixture->session).importPath(kLab + QStringLiteral("results-good.csv")));
        QQmlEngine engine;
        m_fixture->session->provideTo(engine);
        QQmlComponent component(&engine);
        component.setData("import Candor\nLabValidationPage { width: 1400; height: 900 }", QUrl());
        std::unique_ptr<QObject> object(component.create());
        QVERIFY2(object, qPrintable(component.errorString()));
        auto *page = qobject_cast<QQuickItem *>(object.get());
        QQuickWindow window;
        window.resize(1400, 900);
        page->setParentItem(window.contentItem());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QList<QQuickItem *> misses;
        collect(window.contentItem(), QStringLiteral("labMiss"), misses);
        QList<QQuickItem *> falseAlarms;
        collect(window.contentItem(), QStringLiteral("labFalseAlarm"), falseAlarms);
        // Misses: fentanyl (findings 337, detected 337), class fentanyl the same two, cut
        // findings 343, lactose findings 343; false alarms as the report lists them.
        QVERIFY(!misses.isEmpty());
        QVERIFY(!falseAlarms.isEmpty());
        QSignalSpy opened(page, SIGNAL(openSample(QString)));
        QQuickItem *hat337 = nullptr;
        for (auto *m : misses)
            if (m->property("text").toString() == QStringLiteral("HAT-337"))
                hat337 = m;
        QVERIFY(hat337);
        QMetaObject::invokeMethod(hat337, "clicked");
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().at(0).toString(), QString::fromStdString(m_ids.at("HAT-337")));
        if (const QByteArray shot = qgetenv("CANDOR_LAB_SCREENSHOT"); !shot.isEmpty())
            window.grabWindow().save(QString::fromLocal8Bit(shot));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
    std::map<std::string, std::string> m_ids;
};

QTEST_MAIN(TestLabValidation)
#include "tst_labvalidation.moc"
