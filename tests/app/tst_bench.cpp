// The bench in the real main window (issue 12, requirements 4 and 5): intake lists every
// invalid field at once and focuses the first, the form drop-down has no preselection
// and matches the whole typed prefix, Esc asks before throwing typed data away; on the
// sample page a strip error appears beside the strip, the strip buttons stay where they
// were after readings, a second reading of a strip asks, a correction supersedes the old
// reading, and lot, brand and dilution are remembered until sign-out. Every stored
// effect is checked in the database. With CANDOR_SHOTS_DIR set the test saves the strips
// after an error and after a correction at 1280x800 and 1024x700.

#include "appfixture.h"
#include "quickdriver.h"
#include "sessioncontroller.h"

#include "core/auditlog.h"
#include "core/readings.h"

#include <QApplication>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::testing::itemsNamed;
using candor::testing::shown;
using candor::testing::WindowDriver;

namespace {

// The FormField around an input: the nearest ancestor with an `error` property.
QQuickItem *formFieldOf(QQuickItem *input)
{
    for (auto *p = input ? input->parentItem() : nullptr; p; p = p->parentItem())
        if (p->property("error").isValid() && p->property("label").isValid())
            return p;
    return nullptr;
}

QString errorOf(QQuickItem *input)
{
    auto *field = formFieldOf(input);
    return field ? field->property("error").toString() : QStringLiteral("<no form field>");
}

// The shown red outlines, by the objectName of the input each marks.
QStringList outlinedInputs(QQuickItem *root)
{
    QStringList out;
    for (auto *outline : itemsNamed(root, QStringLiteral("invalidOutline")))
        if (outline->isVisible() && outline->parentItem())
            out << outline->parentItem()->objectName();
    return out;
}

qreal sceneY(QQuickItem *item)
{
    return item->mapToScene(QPointF(0, 0)).y();
}

// A dialog is a popup, not an item: it is open when a button of it is shown.
bool open(const WindowDriver &d, const QString &buttonInside)
{
    auto *button = d.find(buttonInside);
    return button && shown(button);
}

} // namespace

class TestBench : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<WindowDriver> signedIn()
    {
        auto d = std::make_unique<WindowDriver>(*m_fixture->session);
        if (!d->ready() || !d->signIn(QStringLiteral("tess"), QStringLiteral("battery staple")))
            return nullptr;
        return d;
    }

    std::unique_ptr<WindowDriver> openIntake()
    {
        auto d = signedIn();
        if (!d || !d->workspaceCall("newSample") || !d->waitFor(QStringLiteral("soldAsField")) || !d->settle())
            return nullptr;
        return d;
    }

    std::unique_ptr<WindowDriver> openSample(const std::string &id)
    {
        auto d = signedIn();
        if (!d || !d->workspaceCall("openSample", QString::fromStdString(id)) ||
            !d->waitFor(QStringLiteral("strip_fentanyl_negative")) || !d->settle())
            return nullptr;
        return d;
    }

    candor::core::ReadingStore readings() { return {m_fixture->services->db(), m_fixture->services->catalogue()}; }

    std::int64_t sampleCount()
    {
        candor::core::SampleStore samples(m_fixture->services->db(), m_fixture->services->catalogue());
        return samples.count({});
    }

    void shots(WindowDriver &d, const QString &name)
    {
        for (const QSize size : {QSize(1280, 800), QSize(1024, 700)}) {
            d.window()->resize(size);
            QTRY_COMPARE(d.window()->width(), size.width());
            WindowDriver::scrollTo(d.find(QStringLiteral("stripDilution")), 140);
            d.shot(QStringLiteral("bench-%1-%2x%3").arg(name).arg(size.width()).arg(size.height()));
        }
        d.window()->resize(1280, 800);
        QTRY_COMPARE(d.window()->width(), 1280);
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<candor::testing::AppFixture>();
        m_fixture->addSample("existing", "2026-01-01T00:00Z");
    }
    void cleanup() { m_fixture.reset(); }

    void intakeListsEveryInvalidFieldAtOnceBesideItAndFocusesTheFirst()
    {
        auto d = openIntake();
        QVERIFY(d);
        d->typeInto(d->find(QStringLiteral("soldAsField")), QStringLiteral("molly"));
        d->typeInto(d->find(QStringLiteral("formBox")), QStringLiteral("pi"));
        QCOMPARE(d->find(QStringLiteral("formBox"))->property("currentText").toString(), QStringLiteral("pill"));
        auto *mass = d->find(QStringLiteral("pillMassField"));
        auto *diameter = d->find(QStringLiteral("pillDiameterField"));
        auto *received = d->find(QStringLiteral("receivedField"));
        QVERIFY(mass && diameter && received);
        d->typeInto(mass, QStringLiteral("lots"));
        d->typeInto(diameter, QStringLiteral("55"));
        d->typeInto(received, QStringLiteral("yesterday"));
        QVERIFY(d->press(d->find(QStringLiteral("saveSampleButton"))));

        // All three at once, each naming its field, beside it.
        QTRY_VERIFY(errorOf(mass).contains(QLatin1String("Mass: expected a number, got 'lots'")));
        QVERIFY2(errorOf(diameter).contains(QLatin1String("Diameter: must be between 1 and 40 mm")),
                 qPrintable(errorOf(diameter)));
        QVERIFY2(errorOf(received).startsWith(QLatin1String("Received at: 'yesterday' is not a time")),
                 qPrintable(errorOf(received)));
        // Each field is marked, and only those.
        QStringList marked = outlinedInputs(d->root());
        marked.sort();
        QCOMPARE(marked, (QStringList{QStringLiteral("pillDiameterField"), QStringLiteral("pillMassField"),
                                      QStringLiteral("receivedField")}));
        // The first in the form's order has the keyboard.
        QTRY_VERIFY(mass->hasActiveFocus());
        QCOMPARE(sampleCount(), 1);
    }

    void theFormHasNoPreselectionAndTypeAheadMatchesTheWholePrefix()
    {
        auto d = openIntake();
        QVERIFY(d);
        auto *form = d->find(QStringLiteral("formBox"));
        QVERIFY(form);
        QCOMPARE(form->property("currentIndex").toInt(), -1);

        // Saving without a form says so, beside the form, and stores nothing.
        d->typeInto(d->find(QStringLiteral("soldAsField")), QStringLiteral("ice"));
        QVERIFY(d->press(d->find(QStringLiteral("saveSampleButton"))));
        QTRY_VERIFY2(errorOf(form).startsWith(QLatin1String("Form: choose what it looks like")), qPrintable(errorOf(form)));
        QTRY_VERIFY(form->hasActiveFocus());
        QCOMPARE(sampleCount(), 1);

        // "cr" is crystal (one key at a time would be c: crystal, then r: rock).
        d->type(QStringLiteral("cr"));
        QCOMPARE(form->property("currentText").toString(), QStringLiteral("crystal"));
        // A prefix that matches nothing starts again from the last key.
        d->type(QStringLiteral("p"));
        QCOMPARE(form->property("currentText").toString(), QStringLiteral("powder"));
        d->type(QStringLiteral("i"));
        QCOMPARE(form->property("currentText").toString(), QStringLiteral("pill"));
    }

    void escapeOnAnIntakeWithTypedDataAsksFirst()
    {
        auto d = openIntake();
        QVERIFY(d);
        // Nothing typed: Esc leaves at once.
        QTest::keyClick(d->window(), Qt::Key_Escape);
        QTRY_VERIFY(!d->find(QStringLiteral("intakePage")));

        QVERIFY(d->workspaceCall("newSample"));
        QVERIFY(d->waitFor(QStringLiteral("colourField")));
        QVERIFY(d->settle());
        d->typeInto(d->find(QStringLiteral("colourField")), QStringLiteral("white"));

        // Esc that closes an open drop-down does only that.
        auto *form = d->find(QStringLiteral("formBox"));
        form->forceActiveFocus();
        QTest::keyClick(d->window(), Qt::Key_Space);
        auto *popup = form->property("popup").value<QObject *>();
        QVERIFY(popup);
        QTRY_VERIFY(popup->property("visible").toBool());
        QTest::keyClick(d->window(), Qt::Key_Escape);
        QTRY_VERIFY(!popup->property("visible").toBool());
        const QString discard = QStringLiteral("discardIntakeButton");
        QVERIFY(!open(*d, discard));
        QVERIFY(d->find(QStringLiteral("intakePage")));

        // Esc with typed data asks; Keep editing keeps it.
        QTest::keyClick(d->window(), Qt::Key_Escape);
        QTRY_VERIFY(open(*d, discard));
        QVERIFY(d->find(QStringLiteral("intakePage")));
        QVERIFY(d->press(d->find(QStringLiteral("keepEditingButton"))));
        QTRY_VERIFY(!open(*d, discard));
        QCOMPARE(d->find(QStringLiteral("colourField"))->property("text").toString(), QStringLiteral("white"));

        // Esc in the question is Keep editing too.
        QTest::keyClick(d->window(), Qt::Key_Escape);
        QTRY_VERIFY(open(*d, discard));
        QTest::keyClick(d->window(), Qt::Key_Escape);
        QTRY_VERIFY(!open(*d, discard));
        QVERIFY(d->find(QStringLiteral("intakePage")));

        // Asked again, Discard leaves, storing nothing.
        QTest::keyClick(d->window(), Qt::Key_Escape);
        QTRY_VERIFY(open(*d, discard));
        QVERIFY(d->press(d->find(QStringLiteral("discardIntakeButton"))));
        QTRY_VERIFY(!d->find(QStringLiteral("intakePage")));
        QCOMPARE(sampleCount(), 1);
    }

    void aStripErrorAppearsBesideTheStripAndTheStripsStayPutAfterReadings()
    {
        const auto sample = m_fixture->addSample("crystal meth", "2026-01-02T00:00Z", "crystal");
        auto d = openSample(sample.id);
        QVERIFY(d);
        WindowDriver::scrollTo(d->find(QStringLiteral("stripDilution")), 140);
        QVERIFY(d->settle());

        const QStringList buttons = {QStringLiteral("strip_fentanyl_negative"), QStringLiteral("strip_fentanyl_positive"),
                                     QStringLiteral("strip_xylazine_invalid"), QStringLiteral("strip_nitazene_positive"),
                                     QStringLiteral("recordReagent")};
        auto positions = [&] {
            QList<qreal> ys;
            for (const auto &name : buttons)
                ys << sceneY(d->find(name));
            return ys;
        };
        const auto before = positions();

        // A dilution that is no number: the message on the strip's own line, nothing stored.
        auto *dilution = d->find(QStringLiteral("stripDilution"));
        d->typeInto(dilution, QStringLiteral("abc"));
        auto *tapped = d->find(QStringLiteral("strip_fentanyl_negative"));
        QVERIFY(d->press(tapped));
        QQuickItem *notice = nullptr;
        QTRY_VERIFY((notice = d->find(QStringLiteral("stripNotice_fentanyl"))) &&
                    notice->property("text").toString().contains(QLatin1String("Dilution: expected a number, got 'abc'")));
        QVERIFY(shown(notice));
        QVERIFY2(std::abs(sceneY(notice) + notice->height() / 2 - sceneY(tapped) - tapped->height() / 2) < tapped->height() / 2,
                 qPrintable(QStringLiteral("notice at %1, strip at %2").arg(sceneY(notice)).arg(sceneY(tapped))));
        auto *message = d->find(QStringLiteral("stripMessage"));
        QVERIFY(message && shown(message));
        QCOMPARE(message->property("text").toString(), QStringLiteral("Dilution: expected a number, got 'abc'"));
        QVERIFY(readings().allStrips(sample.id).empty());
        QCOMPARE(positions(), before);
        shots(*d, QStringLiteral("1-error"));
        WindowDriver::scrollTo(d->find(QStringLiteral("stripDilution")), 140);
        QVERIFY(d->settle());
        const auto scrolled = positions();

        // Readings, a cross-reaction warning and a correction: the buttons do not move.
        dilution->setProperty("text", QStringLiteral("5"));
        QVERIFY(d->press(d->find(QStringLiteral("strip_fentanyl_positive"))));
        QTRY_COMPARE(readings().strips(sample.id).size(), std::size_t(1));
        QTRY_VERIFY(d->find(QStringLiteral("stripNotice_fentanyl"))
                        ->property("text")
                        .toString()
                        .contains(QLatin1String("cross-reaction")));
        QCOMPARE(positions(), scrolled);
        QVERIFY(d->press(d->find(QStringLiteral("strip_xylazine_negative"))));
        QTRY_COMPARE(readings().strips(sample.id).size(), std::size_t(2));
        QVERIFY(d->press(d->find(QStringLiteral("strip_nitazene_negative"))));
        QTRY_COMPARE(readings().strips(sample.id).size(), std::size_t(3));
        QVERIFY(d->press(d->find(QStringLiteral("strip_benzodiazepine_negative"))));
        QTRY_COMPARE(readings().strips(sample.id).size(), std::size_t(4));
        QVERIFY(d->settle());
        QCOMPARE(positions(), scrolled);

        QQuickItem *correct = nullptr;
        for (auto *b : itemsNamed(d->root(), QStringLiteral("correctStrip")))
            if (!correct && b->isEnabled())
                correct = b; // the first reading: the fentanyl positive
        QVERIFY(d->press(correct));
        QTRY_VERIFY(open(*d, QStringLiteral("correctTo_negative")));
        QVERIFY(d->press(d->find(QStringLiteral("correctTo_negative"))));
        QTRY_COMPARE(readings().allStrips(sample.id).size(), std::size_t(5));
        QVERIFY(d->settle());
        QCOMPARE(positions(), scrolled);
        shots(*d, QStringLiteral("2-correction"));
    }

    void aSecondReadingOfAStripAsksAndACorrectionSupersedes()
    {
        const auto sample = m_fixture->addSample("down", "2026-01-02T00:00Z");
        auto d = openSample(sample.id);
        QVERIFY(d);
        QVERIFY(d->press(d->find(QStringLiteral("strip_fentanyl_negative"))));
        QTRY_COMPARE(readings().allStrips(sample.id).size(), std::size_t(1));

        // The same strip again: asked, nothing stored until answered.
        QVERIFY(d->press(d->find(QStringLiteral("strip_fentanyl_positive"))));
        const QString replace = QStringLiteral("replaceReadingButton");
        QTRY_VERIFY(open(*d, replace));
        QCOMPARE(readings().allStrips(sample.id).size(), std::size_t(1));
        // Cancel stores nothing.
        QVERIFY(d->press(d->find(QStringLiteral("cancelReadingButton"))));
        QTRY_VERIFY(!open(*d, replace));
        QCOMPARE(readings().allStrips(sample.id).size(), std::size_t(1));

        // Replace: the first is superseded, the second counts.
        QVERIFY(d->press(d->find(QStringLiteral("strip_fentanyl_positive"))));
        QTRY_VERIFY(open(*d, replace));
        QVERIFY(d->press(d->find(QStringLiteral("replaceReadingButton"))));
        QTRY_COMPARE(readings().allStrips(sample.id).size(), std::size_t(2));
        auto counting = readings().strips(sample.id);
        QCOMPARE(counting.size(), std::size_t(1));
        QCOMPARE(counting[0].result, std::string("positive"));
        QVERIFY(readings().allStrips(sample.id)[0].supersededBy.has_value());

        // Keep both: a retest of another strip at another dilution.
        QVERIFY(d->press(d->find(QStringLiteral("strip_xylazine_negative"))));
        QTRY_COMPARE(readings().strips(sample.id).size(), std::size_t(2));
        QVERIFY(d->press(d->find(QStringLiteral("strip_xylazine_negative"))));
        QTRY_VERIFY(open(*d, replace));
        QVERIFY(d->press(d->find(QStringLiteral("keepBothButton"))));
        QTRY_COMPARE(readings().strips(sample.id).size(), std::size_t(3));

        // Correct the fentanyl reading to invalid from the readings list.
        QQuickItem *correct = nullptr;
        for (auto *b : itemsNamed(d->root(), QStringLiteral("correctStrip")))
            if (!correct && b->isEnabled())
                correct = b;
        QVERIFY(d->press(correct));
        QTRY_VERIFY(open(*d, QStringLiteral("correctTo_invalid")));
        QVERIFY(d->press(d->find(QStringLiteral("correctTo_invalid"))));
        QTRY_COMPARE(readings().allStrips(sample.id).size(), std::size_t(5));
        const auto fentanyl = readings().currentStrip(sample.id, "fentanyl");
        QVERIFY(fentanyl);
        QCOMPARE(fentanyl->result, std::string("invalid"));
        int superseded = 0;
        for (const auto &e : candor::core::AuditLog(m_fixture->services->db()).forSample(sample.id))
            superseded += e.entity == "strip_reading" && e.action == "supersede";
        QCOMPARE(superseded, 2);
        // The list shows the superseded readings, struck through.
        int struck = 0;
        for (auto *text : itemsNamed(d->root(), QStringLiteral("stripReadingText")))
            struck += text->property("text").toString().endsWith(QLatin1String("superseded"));
        QCOMPARE(struck, 2);
    }

    void lotBrandAndDilutionAreRememberedAcrossSamplesUntilSignOut()
    {
        const auto first = m_fixture->addSample("down", "2026-01-02T00:00Z");
        const auto second = m_fixture->addSample("dope", "2026-01-03T00:00Z");
        auto d = openSample(first.id);
        QVERIFY(d);
        d->typeInto(d->find(QStringLiteral("stripDilution")), QStringLiteral("5"));
        d->typeInto(d->find(QStringLiteral("stripLot")), QStringLiteral("L7"));
        d->typeInto(d->find(QStringLiteral("stripBrand")), QStringLiteral("BTNX"));
        QVERIFY(d->press(d->find(QStringLiteral("strip_fentanyl_negative"))));
        QTRY_COMPARE(readings().strips(first.id).size(), std::size_t(1));

        QVERIFY(d->workspaceCall("showList"));
        QVERIFY(d->workspaceCall("openSample", QString::fromStdString(second.id)));
        QTRY_VERIFY(d->find(QStringLiteral("samplePublicCode")) &&
                    d->find(QStringLiteral("samplePublicCode"))->property("text").toString() ==
                        QString::fromStdString(second.publicCode));
        QCOMPARE(d->find(QStringLiteral("stripLot"))->property("text").toString(), QStringLiteral("L7"));
        QCOMPARE(d->find(QStringLiteral("stripBrand"))->property("text").toString(), QStringLiteral("BTNX"));
        QCOMPARE(d->find(QStringLiteral("stripDilution"))->property("text").toString(), QStringLiteral("5"));
        QVERIFY(d->press(d->find(QStringLiteral("strip_fentanyl_negative"))));
        QTRY_COMPARE(readings().strips(second.id).size(), std::size_t(1));
        QCOMPARE(readings().strips(second.id)[0].lot, std::optional<std::string>("L7"));

        QVERIFY(QMetaObject::invokeMethod(d->window(), "signOut"));
        // The signed-out workspace (and its sample page) is gone before anyone signs in.
        QTRY_VERIFY(!d->find(QStringLiteral("stripLot")));
        QVERIFY(d->signIn(QStringLiteral("tess"), QStringLiteral("battery staple")));
        QVERIFY(d->workspaceCall("openSample", QString::fromStdString(second.id)));
        QVERIFY(d->waitFor(QStringLiteral("stripLot")));
        QCOMPARE(d->find(QStringLiteral("stripLot"))->property("text").toString(), QString());
        QCOMPARE(d->find(QStringLiteral("stripDilution"))->property("text").toString(), QString());
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    candor::app::configureApplication(app);
    TestBench test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_bench.moc"
