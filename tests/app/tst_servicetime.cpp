// The service's time zone in the times the app shows and accepts (issue 12, requirement
// 2): stored UTC shown as local time with the zone's abbreviation, winter and summer;
// a typed local time stored as the right UTC; an unknown zone, a text that is no time
// and a time the clocks skip refused with a sentence naming the field, nothing stored;
// the samples list's times and date filters and the intake's "received at" in the zone.

#include "appfixture.h"
#include "intakecontroller.h"
#include "samplelistmodel.h"
#include "serviceclock.h"

#include "core/errors.h"
#include "core/serviceidentity.h"
#include "print/servicetime.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

using candor::core::ValidationError;
using candor::print::localDateTime;
using candor::print::utcFromLocal;

namespace {

void setZone(candor::testing::AppFixture &f, const std::string &zone)
{
    candor::core::ServiceIdentityStore(f.services->db())
        .set({"Drug Checking Amsterdam", std::nullopt, std::nullopt, zone}, f.admin, candor::print::isKnownTimeZone);
}

QString refusal(const std::string &typed, const std::string &zone)
{
    try {
        utcFromLocal(typed, zone, "received_at");
    } catch (const ValidationError &e) {
        return QString::fromStdString(e.field() + " | " + e.what());
    }
    return QStringLiteral("accepted");
}

} // namespace

class TestServiceTime : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aStoredTimeIsShownInTheServicesZoneWinterAndSummer()
    {
        QCOMPARE(localDateTime("2026-01-15T13:30:00Z", "Europe/Amsterdam"), std::string("2026-01-15 14:30 CET"));
        QCOMPARE(localDateTime("2026-07-15T13:30:00Z", "Europe/Amsterdam"), std::string("2026-07-15 15:30 CEST"));
        // Late in the UTC day is the next day in Amsterdam.
        QCOMPARE(localDateTime("2026-07-15T22:30:00Z", "Europe/Amsterdam"), std::string("2026-07-16 00:30 CEST"));
        QCOMPARE(localDateTime("2026-01-15T13:30:00Z", "UTC"), std::string("2026-01-15 13:30 UTC"));
    }

    void aTypedLocalTimeIsStoredAsTheRightUtc()
    {
        QCOMPARE(utcFromLocal("2026-01-15 14:30", "Europe/Amsterdam", "received_at"), std::string("2026-01-15T13:30:00Z"));
        QCOMPARE(utcFromLocal("2026-07-15 14:30", "Europe/Amsterdam", "received_at"), std::string("2026-07-15T12:30:00Z"));
        QCOMPARE(utcFromLocal("2026-07-15T00:15:20", "Europe/Amsterdam", "received_at"), std::string("2026-07-14T22:15:20Z"));
        // A bare date is the local midnight; a time with its own offset or Z is taken as it says.
        QCOMPARE(utcFromLocal("2026-07-15", "Europe/Amsterdam", "from"), std::string("2026-07-14T22:00:00Z"));
        QCOMPARE(utcFromLocal("2026-07-15T14:30Z", "Europe/Amsterdam", "received_at"), std::string("2026-07-15T14:30:00Z"));
        QCOMPARE(utcFromLocal("2026-07-15T14:30+05:00", "Europe/Amsterdam", "received_at"), std::string("2026-07-15T09:30:00Z"));
    }

    void anUnknownZoneAnUnreadableTimeAndASkippedTimeAreRefusedInWords()
    {
        QCOMPARE(refusal("2026-01-15 14:30", "Europe/Atlantis"),
                 QStringLiteral("received_at | received_at: the service's time zone 'Europe/Atlantis' is not known; "
                                "set a zone like Europe/Amsterdam in Settings"));
        QCOMPARE(refusal("15.01.2026 14:30", "Europe/Amsterdam"),
                 QStringLiteral("received_at | received_at: '15.01.2026 14:30' is not a time; type it like 2026-01-15 14:30 "
                                "(Europe/Amsterdam time)"));
        QCOMPARE(refusal("2026-13-01 10:00", "Europe/Amsterdam").contains(QStringLiteral("is not a time")), true);
        // 29 March 2026: Amsterdam's clocks go from 02:00 to 03:00.
        QCOMPARE(refusal("2026-03-29 02:30", "Europe/Amsterdam"),
                 QStringLiteral("received_at | received_at: 2026-03-29 02:30 did not happen in Europe/Amsterdam (the clocks "
                                "went forward); check the time"));
    }

    void theSamplesListShowsLocalTimesAndReadsItsDatesInTheZone()
    {
        candor::testing::AppFixture f;
        setZone(f, "Europe/Amsterdam");
        f.addSample("speed", "2026-07-14T22:30:00Z"); // 15 July, 00:30 in Amsterdam
        f.addSample("coke", "2026-01-15T13:30:00Z");
        candor::app::SampleListModel model(*f.session);
        QAbstractItemModelTester tester(&model);
        QCOMPARE(model.timeZone(), QStringLiteral("Europe/Amsterdam"));
        QCOMPARE(model.rowCount(), 2);
        const int local = model.roleNames().key("receivedLocal");
        QCOMPARE(model.data(model.index(0), local).toString(), QStringLiteral("2026-07-15 00:30 CEST"));
        QCOMPARE(model.data(model.index(1), local).toString(), QStringLiteral("2026-01-15 14:30 CET"));
        // "from 2026-07-15" is Amsterdam's 15 July: the speed received at 22:30 UTC on the 14th is in it.
        model.setFromDate(QStringLiteral("2026-07-15"));
        QCOMPARE(model.count(), 1);
        model.setFromDate(QString());
        // "to 2026-07-14" ends at Amsterdam's midnight, before it.
        model.setToDate(QStringLiteral("2026-07-14"));
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.data(model.index(0), model.roleNames().key("soldAs")).toString(), QStringLiteral("coke"));
        model.setToDate(QStringLiteral("14/07/2026"));
        QCOMPARE(model.count(), 0);
        QVERIFY2(model.filterError().startsWith(QStringLiteral("to: '14/07/2026' is not a date")),
                 qPrintable(model.filterError()));
    }

    void aReceivedAtTypedAtIntakeIsTheServicesLocalTimeStoredInUtc()
    {
        candor::testing::AppFixture f;
        setZone(f, "Europe/Amsterdam");
        f.services->setCurrentUser(f.tech);
        candor::app::IntakeController intake(*f.session);
        QCOMPARE(intake.timeZone(), QStringLiteral("Europe/Amsterdam"));
        const QString id = intake.submit({{"sold_as", "speed"}, {"form", "powder"}, {"received_at", "2026-07-15 14:30"}});
        QVERIFY(!id.isEmpty());
        candor::core::SampleStore samples(f.services->db(), f.services->catalogue());
        QCOMPARE(samples.find(id.toStdString())->receivedAt, std::string("2026-07-15T12:30:00Z"));

        // A time that is no time: beside the field, nothing stored.
        const auto before = samples.count({});
        QVERIFY(intake.submit({{"sold_as", "speed"}, {"form", "powder"}, {"received_at", "half past two"}}).isEmpty());
        QCOMPARE(intake.errors().keys(), QStringList{QStringLiteral("received_at")});
        QCOMPARE(intake.firstInvalidField(), QStringLiteral("received_at"));
        QCOMPARE(intake.errors().value(QStringLiteral("received_at")).toString(),
                 QStringLiteral(
                     "Received at: 'half past two' is not a time; type it like 2026-01-15 14:30 (Europe/Amsterdam time)"));
        QCOMPARE(samples.count({}), before);
    }

    void theClockShowsNothingForNoTime()
    {
        candor::testing::AppFixture f;
        setZone(f, "Europe/Amsterdam");
        const candor::app::ServiceClock clock(f.services->db());
        QCOMPARE(clock.show(std::string()), QString());
        QCOMPARE(clock.show(std::string("2026-01-15T13:30:00Z")), QStringLiteral("2026-01-15 14:30 CET"));
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    TestServiceTime test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_servicetime.moc"
