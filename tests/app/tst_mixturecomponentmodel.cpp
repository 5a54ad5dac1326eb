// MixtureComponentModel under QAbstractItemModelTester: a street mixture's detected and
// possible components on a real database, their bands and colours, and the recorded
// roles that follow the sample's findings as one-click findings are added.

#include "appfixture.h"
#include "findinglistmodel.h"
#include "matchcontroller.h"
#include "mixturecomponentmodel.h"
#include "modelrows.h"
#include "samplecontroller.h"
#include "spectrumimport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::FindingListModel;
using candor::app::MatchController;
using candor::app::MixtureComponentModel;
using candor::app::SampleController;
using candor::testing::rows;

namespace {
const QString kSource = QStringLiteral(CANDOR_SOURCE_DIR);
} // namespace

class TestMixtureComponentModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        m_fixture->services->setCurrentUser(m_fixture->tech);
        m_sample = m_fixture->addSample("coke", "2026-01-20T10:00:00Z");
    }
    void cleanup() { m_fixture.reset(); }

    void listsTheDetectedComponentsWithTheirBandsInTheChartsColours()
    {
        // Cocaine HCl 80 %, caffeine 12 %, fentanyl 8 % w/w, made from the demo library.
        const QString spectrum =
            candor::testing::importSpectrum(*m_fixture->session, m_sample.id,
                                            kSource + QStringLiteral("/tests/data/matching/cocaine-caffeine-fentanyl.jdx"));
        QVERIFY(!spectrum.isEmpty());
        MatchController match(*m_fixture->session);
        QAbstractItemModelTester detectedTester(match.components(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester possibleTester(match.possible(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        match.setSampleId(QString::fromStdString(m_sample.id));
        match.setSpectrumId(spectrum);
        const auto detected = rows(*match.components());
        QVERIFY(detected.size() >= 3);
        QStringList names;
        for (int i = 0; i < detected.size(); ++i) {
            const auto row = detected.at(i).toMap();
            names << row.value(QStringLiteral("substance")).toString();
            QVERIFY2(row.value(QStringLiteral("percent")).toString().endsWith(QStringLiteral(" %")),
                     qPrintable(row.value(QStringLiteral("percent")).toString()));
            QVERIFY(row.value(QStringLiteral("bandsText")).toString().contains(QStringLiteral(" 1/cm")));
            QCOMPARE(row.value(QStringLiteral("bandColour")).toString(), MixtureComponentModel::detectedColour(i).name());
        }
        QCOMPARE(names.mid(0, 3),
                 (QStringList{QStringLiteral("Cocaine HCl"), QStringLiteral("Caffeine"), QStringLiteral("Fentanyl")}));
        // The name a finding of it carries, and fentanyl is the high-risk one.
        QCOMPARE(detected.at(0).toMap().value(QStringLiteral("findingName")).toString(), QStringLiteral("cocaine hcl"));
        QCOMPARE(detected.at(2).toMap().value(QStringLiteral("highRisk")).toBool(), true);
        QCOMPARE(detected.at(1).toMap().value(QStringLiteral("highRisk")).toBool(), false);
        // A possible component is a warning that says where it stands out, marked in red.
        for (const QVariant &p : rows(*match.possible())) {
            const auto row = p.toMap();
            QVERIFY2(row.value(QStringLiteral("warningText")).toString().startsWith(QStringLiteral("Possible ")),
                     qPrintable(row.value(QStringLiteral("warningText")).toString()));
            QCOMPARE(row.value(QStringLiteral("bandColour")).toString(), MixtureComponentModel::possibleColour().name());
        }
        // Without findings given, nothing reads as recorded.
        QCOMPARE(detected.at(0).toMap().value(QStringLiteral("inFindings")).toBool(), false);
    }

    void recordedRolesFollowTheSamplesFindings()
    {
        const QString spectrum = candor::testing::importSpectrum(*m_fixture->session, m_sample.id,
                                                                 kSource + QStringLiteral("/data/demo-library/ketamine-hcl.jdx"));
        QVERIFY(!spectrum.isEmpty());
        SampleController sample(*m_fixture->session);
        sample.setSampleId(QString::fromStdString(m_sample.id));
        MatchController match(*m_fixture->session);
        match.setFindings(sample.findings());
        QAbstractItemModelTester tester(match.components(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        match.setSampleId(QString::fromStdString(m_sample.id));
        match.setSpectrumId(spectrum);
        auto *components = match.components();
        QVERIFY(components->rowCount() >= 1);
        const auto first = components->index(0);
        QCOMPARE(components->data(first, MixtureComponentModel::SubstanceRole).toString(), QStringLiteral("Ketamine HCl"));
        QCOMPARE(components->data(first, MixtureComponentModel::PrimaryRecordedRole).toBool(), false);
        QCOMPARE(components->data(first, MixtureComponentModel::InFindingsRole).toBool(), false);

        QSignalSpy changed(components, &QAbstractItemModel::dataChanged);
        QVERIFY(sample.addFindingFromMatch(QStringLiteral("Ketamine HCl"), QStringLiteral("primary")));
        QVERIFY(changed.count() >= 1);
        QCOMPARE(components->data(first, MixtureComponentModel::PrimaryRecordedRole).toBool(), true);
        QCOMPARE(components->data(first, MixtureComponentModel::TraceRecordedRole).toBool(), false);
        QCOMPARE(components->data(first, MixtureComponentModel::InFindingsRole).toBool(), true);

        QVERIFY(sample.addFindingFromMatch(QStringLiteral("Ketamine HCl"), QStringLiteral("trace")));
        QCOMPARE(components->data(first, MixtureComponentModel::PrimaryRecordedRole).toBool(), false);
        QCOMPARE(components->data(first, MixtureComponentModel::TraceRecordedRole).toBool(), true);

        QVERIFY(sample.removeFinding(0));
        QCOMPARE(components->data(first, MixtureComponentModel::InFindingsRole).toBool(), false);
    }

    void keepsOnlyTheComponentsOfItsStatus()
    {
        MixtureComponentModel possible(candor::core::ComponentStatus::Possible);
        QAbstractItemModelTester tester(&possible, QAbstractItemModelTester::FailureReportingMode::QtTest);
        candor::core::StoredComponent detected, maybe;
        detected.substance = "Caffeine";
        maybe.substance = "Fentanyl";
        maybe.status = candor::core::ComponentStatus::Possible;
        maybe.fraction = 0.058;
        maybe.bands = {{1648, true}, {702, false}};
        QSignalSpy resets(&possible, &QAbstractItemModel::modelReset);
        possible.setComponents({{detected, "caffeine"}, {maybe, "fentanyl"}});
        QCOMPARE(resets.count(), 1);
        QCOMPARE(possible.rowCount(), 1);
        QCOMPARE(possible.data(possible.index(0), MixtureComponentModel::SubstanceRole).toString(), QStringLiteral("Fentanyl"));
        QCOMPARE(possible.data(possible.index(0), MixtureComponentModel::BandsTextRole).toString(),
                 QStringLiteral("band 1648 1/cm"));
        QVERIFY(possible.data(possible.index(0), MixtureComponentModel::WarningTextRole)
                    .toString()
                    .contains(QStringLiteral("its band 1648 1/cm stands out of the residual (about 5.8 % of the signal)")));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
    candor::core::Sample m_sample;
};

QTEST_MAIN(TestMixtureComponentModel)
#include "tst_mixturecomponentmodel.moc"
