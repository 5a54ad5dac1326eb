// The match panel as the sample page shows it, in the real main window (issue 11,
// requirement 7): for a pure cut, a street mixture with two drugs and a real spectrum of
// a substance the library does not hold, the verdict comes first, the y axis reads from
// zero, the detected components' distinctive bands are marked on the chart (each mark
// labelled with its wavenumber), and "main substance unknown" shows when it is. With
// CANDOR_SHOTS_DIR set the test saves each panel as a PNG for a person to look at; take
// them under Xvfb (a screen 2000 px tall holds the whole panel):
//   Xvfb :7 -screen 0 1280x2000x24 & DISPLAY=:7 QT_QPA_PLATFORM=xcb CANDOR_SHOTS_DIR=DIR build/tests/app/tst_matchpanel
// (the offscreen platform's grabs lag behind the scene).
// Nothing here depends on the engine's evidence numbers: only on what the stored match
// says and what the panel draws from it.

#include "appfixture.h"
#include "instrumentfilescontroller.h"
#include "quickdriver.h"

#include <QApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QAbstractSeries>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::app::InstrumentFilesController;
using candor::testing::shown;
using candor::testing::WindowDriver;

namespace {
const QString kSource = QStringLiteral(CANDOR_SOURCE_DIR);

// The numbers of a "bands 1648, 702 1/cm" text.
QList<int> bandNumbers(const QString &text)
{
    QList<int> out;
    auto it = QRegularExpression(QStringLiteral("\\b(\\d{3,4})\\b")).globalMatch(text);
    while (it.hasNext())
        out << it.next().captured(1).toInt();
    return out;
}

// A series of a QML ChartView by objectName: the chart owns its series (QChart takes
// them), so they are not QObject children of the ChartView item.
QXYSeries *seriesNamed(QQuickItem *chart, const QString &name)
{
    const int count = chart ? chart->property("count").toInt() : 0;
    for (int i = 0; i < count; ++i) {
        QAbstractSeries *series = nullptr;
        QMetaObject::invokeMethod(chart, "series", Q_RETURN_ARG(QAbstractSeries *, series), Q_ARG(int, i));
        if (series && series->objectName() == name)
            return qobject_cast<QXYSeries *>(series);
    }
    return nullptr;
}

QValueAxis *yAxisOf(QXYSeries *series)
{
    for (auto *axis : series->attachedAxes())
        if (axis->orientation() == Qt::Vertical)
            return qobject_cast<QValueAxis *>(axis);
    return nullptr;
}
} // namespace

class TestMatchPanel : public QObject {
    Q_OBJECT

private:
    // A sample with `path` imported through the app's own batch import, opened on the
    // sample page, scrolled to the match panel once the match is shown.
    struct Opened {
        std::unique_ptr<WindowDriver> driver;
        QQuickItem *panel = nullptr;
        QXYSeries *query = nullptr;
        QXYSeries *bands = nullptr;
    };

    Opened openWith(const QString &path)
    {
        Opened o;
        m_fixture->services->setCurrentUser(m_fixture->tech);
        const auto sample = m_fixture->addSample("down", "2026-01-20T10:00:00Z");
        InstrumentFilesController files(*m_fixture->session);
        files.setSampleId(QString::fromStdString(sample.id));
        QSignalSpy finished(&files, &InstrumentFilesController::batchFinished);
        if (!files.importPaths({path}) || !finished.wait(20000) || finished.first().at(0).toInt() != 1) {
            qWarning("could not import %s", qPrintable(path));
            return o;
        }
        m_fixture->services->setCurrentUser(std::nullopt);

        o.driver = std::make_unique<WindowDriver>(*m_fixture->session);
        auto &d = *o.driver;
        if (!d.ready() || !d.signIn(QStringLiteral("tess"), QStringLiteral("battery staple")))
            return o;
        d.workspaceCall("openSample", QString::fromStdString(sample.id));
        o.panel = d.waitFor(QStringLiteral("matchPanel"));
        // The match is shown once the details are no longer collapsed.
        const bool matched = QTest::qWaitFor(
            [&] {
                auto *details = d.find(QStringLiteral("matchDetails"));
                return details && details->height() > 0;
            },
            10000);
        if (!o.panel || !matched)
            return o;
        auto *chart = d.find(QStringLiteral("matchChart"));
        o.query = seriesNamed(chart, QStringLiteral("querySeries"));
        o.bands = seriesNamed(chart, QStringLiteral("bandSeries"));
        if (!QTest::qWaitFor([&] { return o.query && o.query->count() > 0; }, 10000))
            qWarning("nothing drawn on the match chart");
        WindowDriver::scrollTo(o.panel);
        return o;
    }

    // The verdict is the first thing the panel says: above every hit, component,
    // warning and the chart.
    static void verdictComesFirst(const WindowDriver &d)
    {
        auto *verdict = d.find(QStringLiteral("matchVerdict"));
        QVERIFY(verdict && shown(verdict));
        const qreal verdictY = verdict->mapToScene(QPointF(0, 0)).y();
        for (const char *name : {"hitSubstance", "mixtureComponent", "possibleWarning", "mainSubstanceUnknown", "matchChart",
                                 "matchLibrary", "stripFtirFlag"})
            for (auto *item : candor::testing::itemsNamed(d.root(), QLatin1String(name)))
                if (shown(item))
                    QVERIFY2(item->mapToScene(QPointF(0, 0)).y() > verdictY, name);
    }

    // Saves the whole panel (the window made tall enough for it, as far as the screen
    // allows) and then the window as a technician's 1280 x 800 screen shows it.
    static void shots(Opened &o, const QString &name)
    {
        auto &d = *o.driver;
        if (qEnvironmentVariableIsEmpty("CANDOR_SHOTS_DIR"))
            return;
        const QSize normal = d.window()->size();
        d.window()->resize(normal.width(), std::min(1950, int(o.panel->height()) + 140));
        d.settle();
        WindowDriver::scrollTo(o.panel);
        d.shot(name, o.panel);
        d.window()->resize(normal);
        d.settle();
        WindowDriver::scrollTo(o.panel);
        d.shot(name + QStringLiteral("-window"));
    }

    // Every band named beside a detected component or in a "possible" warning is marked
    // on the chart, and nothing else.
    static void bandsNamedAreMarked(const Opened &o)
    {
        QList<int> named;
        for (auto *bands : candor::testing::itemsNamed(o.driver->root(), QStringLiteral("componentBands")))
            named += bandNumbers(bands->property("text").toString());
        for (auto *possible : candor::testing::itemsNamed(o.driver->root(), QStringLiteral("possibleWarning"))) {
            const auto m =
                QRegularExpression(QStringLiteral("bands? ([\\d, ]+) 1/cm")).match(possible->property("text").toString());
            if (m.hasMatch())
                named += bandNumbers(m.captured(1));
        }
        QVERIFY(o.bands);
        QCOMPARE(o.bands->count(), named.size());
        QList<int> marked;
        for (const QPointF &p : o.bands->points())
            marked << int(p.x());
        for (int band : named) {
            const bool near = std::any_of(marked.begin(), marked.end(), [&](int x) { return std::abs(x - band) <= 2; });
            QVERIFY2(near, qPrintable(QString::number(band)));
        }
    }

    // The absorbance axis starts at zero and its labels are plain decimals, no two ticks
    // printed alike (it read 1.4e-17 at zero once, and 0.00 twice on a small residual).
    static void yAxisFromZero(QXYSeries *query)
    {
        QVERIFY(query);
        auto *y = yAxisOf(query);
        QVERIFY(y);
        QCOMPARE(y->min(), 0.0);
        QVERIFY(y->max() > 0);
        const QString format = y->labelFormat();
        QVERIFY2(QRegularExpression(QStringLiteral("^%\\.\\df$")).match(format).hasMatch(), qPrintable(format));
        const double step = (y->max() - y->min()) / (y->tickCount() - 1);
        QStringList ticks;
        for (int i = 0; i < y->tickCount(); ++i)
            ticks << QString::asprintf(qPrintable(format), y->min() + i * step);
        QCOMPARE(ticks.removeDuplicates(), 0);
        QCOMPARE(ticks.first(), QString::asprintf(qPrintable(format), 0.0));
    }

    // The residual's ticks (symmetric about zero) are printed apart too.
    static void residualTicksDistinct(const WindowDriver &d)
    {
        auto *residual = seriesNamed(d.find(QStringLiteral("residualChart")), QStringLiteral("residualSeries"));
        QVERIFY(residual && residual->count() > 0);
        auto *y = yAxisOf(residual);
        QVERIFY(y);
        const double step = (y->max() - y->min()) / (y->tickCount() - 1);
        QStringList ticks;
        for (int i = 0; i < y->tickCount(); ++i)
            ticks << QString::asprintf(qPrintable(y->labelFormat()), y->min() + i * step);
        QVERIFY2(ticks.removeDuplicates() == 0, qPrintable(ticks.join(QLatin1Char(' '))));
    }

private Q_SLOTS:
    void init() { m_fixture = std::make_unique<candor::testing::AppFixture>(); }
    void cleanup() { m_fixture.reset(); }

    void aPureCutShowsItsVerdictFirstAndItsBandsOnTheChart()
    {
        auto o = openWith(kSource + QStringLiteral("/data/demo-library/lactose.jdx"));
        QVERIFY(o.panel && o.query);
        auto &d = *o.driver;
        verdictComesFirst(d);
        yAxisFromZero(o.query);
        const auto components = candor::testing::itemsNamed(d.root(), QStringLiteral("mixtureComponent"));
        QVERIFY(!components.isEmpty());
        QCOMPARE(components.first()->property("text").toString(), QStringLiteral("Lactose"));
        QVERIFY(!shown(d.find(QStringLiteral("mainSubstanceUnknown"))));
        QVERIFY(!bandNumbers(d.find(QStringLiteral("componentBands"))->property("text").toString()).isEmpty());
        bandsNamedAreMarked(o);
        residualTicksDistinct(d);
        QVERIFY(o.bands->pointLabelsVisible());
        QCOMPARE(d.find(QStringLiteral("matchVerdict"))->property("text").toString(), QStringLiteral("Match: Lactose"));
        QVERIFY(!shown(d.find(QStringLiteral("highRiskDetected"))));
        shots(o, QStringLiteral("panel-a-pure-lactose"));
    }

    void aTwoDrugMixtureListsBothWithTheirBands()
    {
        // Cocaine HCl 80 %, caffeine 12 %, fentanyl 8 % (tests/data/matching).
        auto o = openWith(kSource + QStringLiteral("/tests/data/matching/cocaine-caffeine-fentanyl.jdx"));
        QVERIFY(o.panel && o.query);
        auto &d = *o.driver;
        verdictComesFirst(d);
        yAxisFromZero(o.query);
        QStringList names;
        for (auto *c : candor::testing::itemsNamed(d.root(), QStringLiteral("mixtureComponent")))
            names << c->property("text").toString();
        QVERIFY2(names.contains(QStringLiteral("Cocaine HCl")), qPrintable(names.join(", ")));
        QVERIFY(!shown(d.find(QStringLiteral("mainSubstanceUnknown"))));
        bandsNamedAreMarked(o);
        residualTicksDistinct(d);
        QVERIFY(o.bands->count() > 0);
        // The verdict names every detected component.
        const QString verdict = d.find(QStringLiteral("matchVerdict"))->property("text").toString();
        for (const auto &name : names)
            QVERIFY2(verdict.contains(name), qPrintable(verdict));
        shots(o, QStringLiteral("panel-b-cocaine-caffeine-fentanyl"));
    }

    void aRealSpectrumOfAnUnlistedSubstanceSaysMainSubstanceUnknown()
    {
        // A real mid-infrared spectrum of a soil sample (Bruker OPUS, ../shared/data): no drug.
        const QString real = kSource + QStringLiteral("/../shared/data/formats/opus/BF_lo_01_soil_cal.1");
        if (!QFileInfo::exists(real))
            QSKIP("../shared/data is absent: no real spectrum to show");
        auto o = openWith(real);
        QVERIFY(o.panel && o.query);
        auto &d = *o.driver;
        verdictComesFirst(d);
        yAxisFromZero(o.query);
        QVERIFY(shown(d.find(QStringLiteral("mainSubstanceUnknown"))));
        // No high-risk component is reported as detected on soil.
        for (auto *risk : candor::testing::itemsNamed(d.root(), QStringLiteral("componentHighRisk")))
            QCOMPARE(risk->property("text").toString(), QString());
        QVERIFY(!shown(d.find(QStringLiteral("highRiskDetected"))));
        QVERIFY2(d.find(QStringLiteral("matchVerdict"))
                     ->property("text")
                     .toString()
                     .contains(QStringLiteral("main substance unknown")),
                 qPrintable(d.find(QStringLiteral("matchVerdict"))->property("text").toString()));
        bandsNamedAreMarked(o);
        shots(o, QStringLiteral("panel-c-unknown-soil"));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
};

int main(int argc, char *argv[])
{
    // The same application object and set-up as main(): widgets for Qt Charts, Fusion.
    QApplication app(argc, argv);
    candor::app::configureApplication(app);
    TestMatchPanel test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_matchpanel.moc"
