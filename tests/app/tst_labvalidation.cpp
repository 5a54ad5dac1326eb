// The lab validation page's controller on a real database: the scenario of
// tests/support/labscenario.h, the lab CSV imported as the page's file dialog would, and
// the table's numbers, intervals and sample lists checked; a bad CSV names its line and
// column and changes nothing; only an admin adopts a threshold.

#include "appfixture.h"
#include "labvalidationcontroller.h"
#include "support/labscenario.h"

#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

using candor::app::LabValidationController;

namespace {

const QString kLab = QStringLiteral(CANDOR_SOURCE_DIR) + QStringLiteral("/tests/data/lab/");

QVariantMap findRow(const QVariantList &rows, const QString &section, const QString &name, const QString &source)
{
    for (const auto &row : rows) {
        const auto map = row.toMap();
        if (map[QStringLiteral("section")] == section && map[QStringLiteral("name")] == name
            && map[QStringLiteral("source")] == source)
            return map;
    }
    return {};
}

QStringList codes(const QVariant &samples)
{
    QStringList out;
    for (const auto &s : samples.toList())
        out << s.toMap()[QStringLiteral("publicCode")].toString();
    return out;
}

} // namespace

class TestLabValidation : public QObject
{
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
        LabValidationController controller;
        QVERIFY(controller.canImport());
        QVERIFY(!controller.canAdopt());
        QVERIFY(controller.rows().isEmpty());
        QSignalSpy changed(&controller, &LabValidationController::changed);
        QVERIFY(controller.importUrl(QUrl::fromLocalFile(kLab + QStringLiteral("results-good.csv"))));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(controller.importSummary(), QStringLiteral("results-good.csv: 9 rows; 9 added, 0 updated, 0 already present."));
        QCOMPARE(controller.summary(), QStringLiteral("6 samples have lab results: 5 with findings, 6 with a stored match."));

        const auto findings = findRow(controller.rows(), QStringLiteral("substance"), QStringLiteral("fentanyl"), QStringLiteral("findings"));
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
        LabValidationController controller;
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
        LabValidationController controller;
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

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
    std::map<std::string, std::string> m_ids;
};

QTEST_MAIN(TestLabValidation)
#include "tst_labvalidation.moc"
