// The sample page's match panel and the library page on a real database seeded with the
// demo library: a spectrum imported through the instrument files controller comes back
// with its stored hits (high-risk marked), verdict and reason; the chart series are filled
// from C++; a positive fentanyl strip with only caffeine on FTIR raises the flag; the
// library page lists the demo references and re-imports them idempotently.

#include "appfixture.h"
#include "modelrows.h"
#include "instrumentfilescontroller.h"
#include "librarycontroller.h"
#include "matchcontroller.h"
#include "samplecontroller.h"

#include "core/findings.h"
#include "core/readings.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <cmath>

using candor::app::InstrumentFilesController;
using candor::app::LibraryController;
using candor::app::MatchController;
using candor::app::SampleController;
using candor::testing::rows;

namespace {
const QString kDemo = QStringLiteral(CANDOR_SOURCE_DIR) + QStringLiteral("/data/demo-library/");
} // namespace

class TestMatchController : public QObject {
    Q_OBJECT

private:
    // Imports `file` into the sample through the app's own batch import; returns its spectrum id.
    QString importDemo(const QString &file) { return importFile(kDemo + file); }

    QString importFile(const QString &path)
    {
        InstrumentFilesController files(*m_fixture->session);
        files.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy finished(&files, &InstrumentFilesController::batchFinished);
        if (!files.importPaths({path}) || !finished.wait(20000))
            return {};
        if (finished.first().at(0).toInt() != 1)
            return {};
        return files.newestSpectrumId();
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        m_fixture->services->setCurrentUser(m_fixture->tech);
        m_sample = m_fixture->addSample("down", "2026-01-20T10:00:00Z");
    }
    void cleanup() { m_fixture.reset(); }

    void anImportedFentanylSpectrumShowsItsStoredMatch()
    {
        const QString spectrum = importDemo(QStringLiteral("fentanyl.jdx"));
        QVERIFY(!spectrum.isEmpty());
        MatchController c(*m_fixture->session);
        QSignalSpy changed(&c, &MatchController::changed);
        c.setSampleId(QString::fromStdString(m_sample.id));
        c.setSpectrumId(spectrum);
        QVERIFY(changed.count() >= 1);
        QVERIFY(c.hasMatch());
        QCOMPARE(c.verdict(), QStringLiteral("match"));
        QVERIFY2(c.verdictText().startsWith(QStringLiteral("Match: ")), qPrintable(c.verdictText()));
        QVERIFY(!rows(*c.hits()).isEmpty());
        const auto top = rows(*c.hits()).first().toMap();
        QCOMPARE(top.value(QStringLiteral("substance")).toString(), QStringLiteral("Fentanyl"));
        QCOMPARE(top.value(QStringLiteral("rank")).toInt(), 1);
        QCOMPARE(top.value(QStringLiteral("highRisk")).toBool(), true);
        QVERIFY(!rows(*c.components()).isEmpty());
        QCOMPARE(rows(*c.components()).first().toMap().value(QStringLiteral("substance")).toString(), QStringLiteral("Fentanyl"));
        QVERIFY(c.libraryDemo());
        QVERIFY(
            c.warnings().join(QLatin1Char('\n')).contains(QStringLiteral("demo library: replace with your service's library")));
        QVERIFY(c.flags().isEmpty());

        QLineSeries query, fit, hit1, hit2, hit3, residual;
        const int points = c.drawInto(&query, &fit, &hit1, &hit2, &hit3, &residual);
        QVERIFY(points > 100);
        QCOMPARE(query.count(), points);
        QCOMPARE(fit.count(), points);
        QCOMPARE(residual.count(), points);
        QCOMPARE(hit1.count(), points);
        QVERIFY2(hit1.name().contains(QStringLiteral("Fentanyl")), qPrintable(hit1.name()));
    }

    void aPositiveFentanylStripWithOnlyCaffeineOnFtirIsFlagged()
    {
        candor::core::ReadingStore readings(m_fixture->services->db(), m_fixture->services->catalogue());
        candor::core::StripInput strip;
        strip.stripType = "fentanyl";
        strip.result = "positive";
        readings.addStrip(m_sample.id, strip, m_fixture->tech);
        MatchController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QVERIFY2(c.flags().isEmpty(), "no FTIR yet: nothing to flag");

        const QString spectrum = importDemo(QStringLiteral("caffeine.jdx"));
        QVERIFY(!spectrum.isEmpty());
        c.setSpectrumId(spectrum);
        QCOMPARE(c.flags().size(), 1);
        QCOMPARE(c.flags().first(), QStringLiteral("Fentanyl strip positive but FTIR found no fentanyl-class substance: "
                                                   "refer for confirmatory testing"));
        QCOMPARE(rows(*c.hits()).first().toMap().value(QStringLiteral("highRisk")).toBool(), false);
    }

    void aMixtureComponentBecomesAFindingWithOneClick()
    {
        const QString spectrum = importDemo(QStringLiteral("ketamine-hcl.jdx"));
        QVERIFY(!spectrum.isEmpty());
        MatchController match(*m_fixture->session);
        match.setSampleId(QString::fromStdString(m_sample.id));
        match.setSpectrumId(spectrum);
        QVERIFY(!rows(*match.components()).isEmpty());
        const auto component = rows(*match.components()).first().toMap();
        QCOMPARE(component.value(QStringLiteral("substance")).toString(), QStringLiteral("Ketamine HCl"));
        // The library names the salt; the finding names the catalogue substance.
        QCOMPARE(component.value(QStringLiteral("findingName")).toString(), QStringLiteral("ketamine"));

        SampleController sample(*m_fixture->session);
        sample.setSampleId(QString::fromStdString(m_sample.id));
        QSignalSpy errors(&sample, &SampleController::errorOccurred);
        QVERIFY(sample.canEdit());
        QVERIFY(sample.addFindingFromMatch(component.value(QStringLiteral("substance")).toString(), QStringLiteral("primary")));
        QCOMPARE(errors.count(), 0);
        QCOMPARE(rows(*sample.findings()).size(), 1);
        auto finding = rows(*sample.findings()).first().toMap();
        QCOMPARE(finding.value(QStringLiteral("substance")).toString(), QStringLiteral("ketamine"));
        QCOMPARE(finding.value(QStringLiteral("abundance")).toString(), QStringLiteral("primary"));
        QCOMPARE(finding.value(QStringLiteral("known")).toBool(), true);

        // A second click on "trace" changes the abundance; it does not list ketamine twice.
        QVERIFY(sample.addFindingFromMatch(QStringLiteral("Ketamine HCl"), QStringLiteral("trace")));
        QCOMPARE(rows(*sample.findings()).size(), 1);
        finding = rows(*sample.findings()).first().toMap();
        QCOMPARE(finding.value(QStringLiteral("abundance")).toString(), QStringLiteral("trace"));
        const auto stored =
            candor::core::FindingStore(m_fixture->services->db(), m_fixture->services->catalogue()).list(m_sample.id);
        QCOMPARE(stored.size(), std::size_t(1));
        QCOMPARE(stored[0].techniques, std::vector<std::string>{"ftir"});

        // A possible high-risk component is recorded as uncertain, which refers the sample.
        QVERIFY(sample.addUncertainFromMatch(QStringLiteral("Fentanyl")));
        QCOMPARE(rows(*sample.findings()).size(), 2);
        finding = rows(*sample.findings()).at(1).toMap();
        QCOMPARE(finding.value(QStringLiteral("kind")).toString(), QStringLiteral("uncertain"));
        QCOMPARE(finding.value(QStringLiteral("text")).toString(), QStringLiteral("uncertain match: possibly fentanyl (ftir)"));
        QVERIFY2(sample.referral().contains(QStringLiteral("uncertain match")), qPrintable(sample.referral()));
        QVERIFY(sample.addUncertainFromMatch(QStringLiteral("Fentanyl")));
        QCOMPARE(rows(*sample.findings()).size(), 2);
    }

    void aStreetMixtureShowsItsComponentsAndSaysHowSmallThePossiblesAre()
    {
        // Cocaine HCl 80 %, caffeine 12 %, fentanyl 8 % w/w, made from the demo library.
        const QString spectrum = importFile(QStringLiteral(CANDOR_SOURCE_DIR) +
                                            QStringLiteral("/tests/data/matching/cocaine-caffeine-fentanyl.jdx"));
        QVERIFY(!spectrum.isEmpty());
        MatchController match(*m_fixture->session);
        match.setSampleId(QString::fromStdString(m_sample.id));
        match.setSpectrumId(spectrum);
        QStringList components;
        for (const QVariant &c : rows(*match.components()))
            components << c.toMap().value(QStringLiteral("substance")).toString();
        QCOMPARE(components.mid(0, 3),
                 (QStringList{QStringLiteral("Cocaine HCl"), QStringLiteral("Caffeine"), QStringLiteral("Fentanyl")}));
        // Issue 11: each detected component shows the distinctive bands of its own that the
        // sample holds; a "possible" one only where one of its bands is present, and says
        // which (the old panel listed every high-risk class that lowered the residual at all).
        QVERIFY(!match.mainSubstanceUnknown());
        for (const QVariant &c : rows(*match.components()))
            QVERIFY2(c.toMap().value(QStringLiteral("bandsText")).toString().contains(QStringLiteral(" 1/cm")),
                     qPrintable(c.toMap().value(QStringLiteral("substance")).toString()));
        for (const QVariant &p : rows(*match.possible())) {
            const QString text = p.toMap().value(QStringLiteral("warningText")).toString();
            QVERIFY2(text.contains(QStringLiteral(" 1/cm stands out")), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("about 0.0 %")), qPrintable(text));
        }
    }

    void oneClickNeedsASampleThatCanStillChange()
    {
        const QString spectrum = importDemo(QStringLiteral("caffeine.jdx"));
        QVERIFY(!spectrum.isEmpty());
        SampleController sample(*m_fixture->session);
        sample.setSampleId(QString::fromStdString(m_sample.id));
        QVERIFY(sample.addFindingFromMatch(QStringLiteral("Caffeine"), QStringLiteral("primary")));
        QVERIFY(sample.submit());
        QVERIFY(!sample.canEdit());
        QSignalSpy errors(&sample, &SampleController::errorOccurred);
        QVERIFY(!sample.addFindingFromMatch(QStringLiteral("Caffeine"), QStringLiteral("trace")));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("to-be-verified")),
                 qPrintable(errors.first().at(0).toString()));
        QCOMPARE(rows(*sample.findings()).first().toMap().value(QStringLiteral("abundance")).toString(),
                 QStringLiteral("primary"));
    }

    void theMatchChartHasRoundTicks()
    {
        const QString spectrum = importDemo(QStringLiteral("caffeine.jdx"));
        QVERIFY(!spectrum.isEmpty());
        MatchController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        c.setSpectrumId(spectrum);
        QChart chart;
        auto *query = new QLineSeries;
        chart.addSeries(query);
        auto *x = new QValueAxis, *y = new QValueAxis;
        chart.addAxis(x, Qt::AlignBottom);
        chart.addAxis(y, Qt::AlignLeft);
        query->attachAxis(x);
        query->attachAxis(y);
        QVERIFY(c.drawInto(query, nullptr, nullptr, nullptr, nullptr, nullptr) > 100);
        QCOMPARE(x->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(x->tickAnchor(), 0.0);
        const double step = x->tickInterval();
        QVERIFY2(step == 200 || step == 500, qPrintable(QString::number(step)));
        QVERIFY(x->isReverse());
        // applyNiceNumbers: both ends of the absorbance axis are multiples of the tick step.
        const double yStep = (y->max() - y->min()) / (y->tickCount() - 1);
        QVERIFY(y->min() < y->max());
        QVERIFY2(std::abs(y->min() / yStep - std::round(y->min() / yStep)) < 1e-6, qPrintable(QString::number(y->min())));
    }

    void noSpectrumSelectedSaysSoAndDrawsNothing()
    {
        MatchController c(*m_fixture->session);
        c.setSampleId(QString::fromStdString(m_sample.id));
        QVERIFY(!c.hasMatch());
        QVERIFY(!c.verdictText().isEmpty());
        QLineSeries query;
        QCOMPARE(c.drawInto(&query, nullptr, nullptr, nullptr, nullptr, nullptr), 0);
    }

    void theLibraryPageListsTheDemoLibraryAndImportsIdempotently()
    {
        LibraryController tech(*m_fixture->session);
        QVERIFY(tech.references()->rowCount() >= 29);
        QCOMPARE(tech.demoCount(), int(tech.references()->rowCount()));
        QVERIFY(!tech.canImport());
        QSignalSpy error(&tech, &LibraryController::errorOccurred);
        QVERIFY(!tech.importPaths({kDemo}));
        QCOMPARE(error.count(), 1);

        m_fixture->services->setCurrentUser(m_fixture->admin);
        LibraryController admin(*m_fixture->session);
        QVERIFY(admin.canImport());
        QVERIFY(admin.importPaths({kDemo}));
        QCOMPARE(admin.importSummary(), QStringLiteral("0 added, %1 already present, 0 failed, 2 skipped (not spectra)")
                                            .arg(admin.references()->rowCount()));
        QCOMPARE(admin.importResults().size(), admin.references()->rowCount() + 2);
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
    candor::core::Sample m_sample;
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    TestMatchController t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_matchcontroller.moc"
