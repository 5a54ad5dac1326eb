// MatchHitModel under QAbstractItemModelTester: the stored hits of a real match on a real
// database, their roles, the high-risk mark the verdict allows, and a reset per reload.

#include "appfixture.h"
#include "matchcontroller.h"
#include "matchhitmodel.h"
#include "modelrows.h"
#include "spectrumimport.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using candor::app::MatchController;
using candor::app::MatchHitModel;
using candor::testing::rows;

namespace {
const QString kDemo = QStringLiteral(CANDOR_SOURCE_DIR) + QStringLiteral("/data/demo-library/");
} // namespace

class TestMatchHitModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        m_fixture->services->setCurrentUser(m_fixture->tech);
        m_sample = m_fixture->addSample("down", "2026-01-20T10:00:00Z");
    }
    void cleanup() { m_fixture.reset(); }

    void listsTheStoredHitsBestFirstWithTheirRoles()
    {
        const QString spectrum = candor::testing::importSpectrum(*m_fixture->session, m_sample.id,
                                                                 kDemo + QStringLiteral("fentanyl.jdx"));
        QVERIFY(!spectrum.isEmpty());
        MatchController match(*m_fixture->session);
        QAbstractItemModelTester tester(match.hits(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        match.setSampleId(QString::fromStdString(m_sample.id));
        match.setSpectrumId(spectrum);
        const auto hits = rows(*match.hits());
        QVERIFY(hits.size() > 1);
        QCOMPARE(match.hits()->count(), hits.size());
        const auto top = hits.first().toMap();
        QCOMPARE(top.value(QStringLiteral("rank")).toInt(), 1);
        QCOMPARE(top.value(QStringLiteral("substance")).toString(), QStringLiteral("Fentanyl"));
        QCOMPARE(top.value(QStringLiteral("substanceClass")).toString(), QStringLiteral("fentanyl"));
        QVERIFY2(
            QRegularExpression(QStringLiteral("^[01]\\.\\d{3}$")).match(top.value(QStringLiteral("score")).toString()).hasMatch(),
            qPrintable(top.value(QStringLiteral("score")).toString()));
        QCOMPARE(top.value(QStringLiteral("highRisk")).toBool(), true);
        QCOMPARE(top.value(QStringLiteral("showsHighRisk")).toBool(), true);
        for (int i = 1; i < hits.size(); ++i)
            QCOMPARE(hits.at(i).toMap().value(QStringLiteral("rank")).toInt(), i + 1);
    }

    void resetsOnEveryReloadAndEmptiesWithoutASpectrum()
    {
        const QString fentanyl = candor::testing::importSpectrum(*m_fixture->session, m_sample.id,
                                                                 kDemo + QStringLiteral("fentanyl.jdx"));
        const QString caffeine = candor::testing::importSpectrum(*m_fixture->session, m_sample.id,
                                                                 kDemo + QStringLiteral("caffeine.jdx"));
        QVERIFY(!fentanyl.isEmpty() && !caffeine.isEmpty());
        MatchController match(*m_fixture->session);
        QAbstractItemModelTester tester(match.hits(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        match.setSampleId(QString::fromStdString(m_sample.id));
        match.setSpectrumId(fentanyl);
        QSignalSpy resets(match.hits(), &QAbstractItemModel::modelReset);
        match.setSpectrumId(caffeine);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(match.hits()->data(match.hits()->index(0), MatchHitModel::SubstanceRole).toString(), QStringLiteral("Caffeine"));
        QSignalSpy counts(match.hits(), &MatchHitModel::countChanged);
        match.setSpectrumId(QString());
        QCOMPARE(resets.count(), 2);
        QCOMPARE(match.hits()->rowCount(), 0);
        QCOMPARE(counts.count(), 1);
    }

    void showsTheHighRiskMarkOnlyWhereTheVerdictCallsSomething()
    {
        MatchHitModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        candor::core::StoredHit hit;
        hit.substance = "Bromazolam";
        hit.substanceClass = "benzodiazepine";
        hit.score = 0.3;
        hit.rank = 1;
        hit.highRisk = true;
        model.setHits({hit}, candor::core::Verdict::NoMatch);
        QCOMPARE(model.data(model.index(0), MatchHitModel::HighRiskRole).toBool(), true);
        QCOMPARE(model.data(model.index(0), MatchHitModel::ShowsHighRiskRole).toBool(), false);
        QCOMPARE(model.data(model.index(0), MatchHitModel::ScoreRole).toString(), QStringLiteral("0.300"));
        model.setHits({hit}, candor::core::Verdict::Uncertain);
        QCOMPARE(model.data(model.index(0), MatchHitModel::ShowsHighRiskRole).toBool(), true);
        QCOMPARE(model.roleNames().value(MatchHitModel::ShowsHighRiskRole), QByteArray("showsHighRisk"));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
    candor::core::Sample m_sample;
};

QTEST_MAIN(TestMatchHitModel)
#include "tst_matchhitmodel.moc"
