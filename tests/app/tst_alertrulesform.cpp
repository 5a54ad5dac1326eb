// Alert rules and advice in forms, in the real main window (issue 12, requirement 8): a
// rule edited in its card is saved, in force and shown again after a reload; a wrong
// value is refused in plain words on the rule's card, the field marked and focused, the
// rules in force unchanged; the JSON editor, kept for power users, says the same kind of
// sentence with its line. With CANDOR_SHOTS_DIR set the test saves the form with its
// error at 1280x800 and 1024x700.

#include "alertrulescontroller.h"
#include "appfixture.h"
#include "quickdriver.h"

#include "alerts/servicerules.h"

#include <QApplication>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CandorPlugin)

using candor::testing::shown;
using candor::testing::textOf;
using candor::testing::WindowDriver;

namespace {

} // namespace

class TestAlertRulesForm : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<WindowDriver> openRules()
    {
        auto d = std::make_unique<WindowDriver>(*m_fixture->session);
        if (!d->ready() || !d->signIn(QStringLiteral("ada"), QStringLiteral("correct horse")))
            return nullptr;
        d->workspaceCall("showSettings");
        if (!d->waitFor(QStringLiteral("alertRulesSection")) || !d->waitFor(QStringLiteral("ruleCard_1")))
            return nullptr;
        return d;
    }

    // Replaces a field's text the way a person does: select all, type.
    void retype(WindowDriver &d, const QString &name, const QString &text)
    {
        auto *field = d.find(name);
        QVERIFY2(field, qPrintable(name));
        field->forceActiveFocus();
        QTest::keyClick(d.window(), Qt::Key_A, Qt::ControlModifier);
        d.type(text);
    }

    candor::alerts::RuleBook inForce() { return candor::alerts::rulesInForce(m_fixture->services->db()); }

    void shots(WindowDriver &d, const QString &name, const QString &at)
    {
        for (const QSize size : {QSize(1280, 800), QSize(1024, 700)}) {
            d.window()->resize(size);
            QTRY_COMPARE(d.window()->width(), size.width());
            WindowDriver::scrollTo(d.find(at));
            d.shot(QStringLiteral("verify-%1-%2x%3").arg(name).arg(size.width()).arg(size.height()));
        }
    }

private Q_SLOTS:
    void init() { m_fixture = std::make_unique<candor::testing::AppFixture>(); }
    void cleanup() { m_fixture.reset(); }

    void aRuleEditedInTheFormIsSavedAndReadBack()
    {
        auto d = openRules();
        QVERIFY(d);
        QCOMPARE(textOf(*d, QStringLiteral("rule1_id")), QStringLiteral("nitazene"));
        retype(*d, QStringLiteral("rule1_title"), QStringLiteral("Any nitazene"));
        retype(*d, QStringLiteral("rule1_windowWeeks"), QStringLiteral("3"));
        // Severity from its drop-down: the choices are the three severities.
        auto *severity = d->find(QStringLiteral("rule1_severity"));
        QVERIFY(severity);
        QCOMPARE(severity->property("currentText").toString(), QStringLiteral("warning"));
        severity->forceActiveFocus();
        QTest::keyClick(d->window(), Qt::Key_Up); // warning -> caution
        QTRY_COMPARE(severity->property("currentText").toString(), QStringLiteral("caution"));
        // A form added from the list's drop-down.
        auto *addForm = d->find(QStringLiteral("rule1_forms_add"));
        QVERIFY(addForm);
        QVERIFY(QMetaObject::invokeMethod(addForm, "activated", Q_ARG(int, 0)));
        const QString firstForm = QString::fromStdString(candor::core::sampleForms().front());
        QTRY_COMPARE(textOf(*d, QStringLiteral("rule1_forms")), firstForm);

        QVERIFY(d->press(d->find(QStringLiteral("saveRuleFormButton"))));
        QTRY_VERIFY2(textOf(*d, QStringLiteral("rulesStatus")).startsWith(QStringLiteral("The edited alert rules are in force")),
                     qPrintable(textOf(*d, QStringLiteral("rulesStatus"))));
        const auto rules = inForce();
        const auto *nitazene = rules.find("nitazene");
        QVERIFY(nitazene);
        QCOMPARE(nitazene->title, std::string("Any nitazene"));
        QCOMPARE(candor::core::toString(nitazene->severity), std::string("caution"));
        QCOMPARE(nitazene->windowWeeks, 3);
        QCOMPARE(nitazene->forms, std::vector<std::string>{firstForm.toStdString()});
        // The other rules are as they were.
        QCOMPARE(rules.rules().size(), candor::alerts::RuleBook().rules().size());
        QCOMPARE(rules.find("mdma-pill-high-dose")->dose->atMostMg.value_or(0), 200.0);

        // Read again from the database by a fresh window: the form shows what was saved.
        d.reset();
        d = openRules();
        QVERIFY(d);
        QCOMPARE(textOf(*d, QStringLiteral("rule1_title")), QStringLiteral("Any nitazene"));
        QCOMPARE(textOf(*d, QStringLiteral("rule1_windowWeeks")), QStringLiteral("3"));
        QCOMPARE(d->find(QStringLiteral("rule1_severity"))->property("currentText").toString(), QStringLiteral("caution"));
    }

    void aWrongValueIsRefusedInPlainWordsOnItsRuleAndNothingChanges()
    {
        auto d = openRules();
        QVERIFY(d);
        retype(*d, QStringLiteral("rule1_windowWeeks"), QStringLiteral("0"));
        QVERIFY(d->press(d->find(QStringLiteral("saveRuleFormButton"))));
        const QString message = QStringLiteral("Rule 2 (nitazene): 'window_weeks' must be a whole number of weeks from 1 to 52");
        QTRY_COMPARE(textOf(*d, QStringLiteral("rulesStatus")), message);
        auto *onCard = d->find(QStringLiteral("ruleError_1"));
        QVERIFY(onCard && shown(onCard));
        QCOMPARE(onCard->property("text").toString(), message);
        QVERIFY(!d->find(QStringLiteral("ruleError_0"))->isVisible());
        auto *field = d->find(QStringLiteral("rule1_windowWeeks"));
        QVERIFY(field->property("wrong").toBool());
        QTRY_VERIFY(field->hasActiveFocus());
        QVERIFY(!d->find(QStringLiteral("rule1_title"))->property("wrong").toBool());
        QVERIFY(!candor::alerts::rulesText(m_fixture->services->db()).edited);
        QCOMPARE(inForce().find("nitazene")->windowWeeks, 2);
        shots(*d, QStringLiteral("rules-form-error"), QStringLiteral("ruleCard_1"));
    }

    void theJsonEditorSaysWhatIsWrongWithItsLineInPlainWords()
    {
        auto d = openRules();
        QVERIFY(d);
        QVERIFY(d->press(d->find(QStringLiteral("rulesJsonTab"))));
        auto *area = d->waitFor(QStringLiteral("rulesArea"));
        QVERIFY(area);
        const QString text = area->property("text").toString();
        const int at = text.indexOf(QStringLiteral("\"severity\": \"warning\""));
        QVERIFY(at > 0);
        const int line = int(text.left(at).count(QLatin1Char('\n'))) + 1;
        area->setProperty("text", QString(text).replace(at, 21, QStringLiteral("\"severity\": \"severe\"")));
        QVERIFY(d->press(d->find(QStringLiteral("saveRulesButton"))));
        QTRY_COMPARE(textOf(*d, QStringLiteral("rulesStatus")),
                     QStringLiteral("line %1, rule 1 (fentanyl-not-sold-as-opioid): 'severity' must be one of information, "
                                    "caution, warning, not 'severe'")
                         .arg(line));
        QVERIFY(!candor::alerts::rulesText(m_fixture->services->db()).edited);
        shots(*d, QStringLiteral("rules-json-error"), QStringLiteral("rulesJsonTab"));
    }

    void adviceEditedInTheFormIsSavedAndInForce()
    {
        auto d = openRules();
        QVERIFY(d);
        auto *text = d->waitFor(QStringLiteral("advice0_text"));
        QVERIFY(text);
        QCOMPARE(d->find(QStringLiteral("advice0_class"))->property("currentText").toString(), QStringLiteral("fentanyl"));
        text->forceActiveFocus();
        QTest::keyClick(d->window(), Qt::Key_A, Qt::ControlModifier);
        d->type(QStringLiteral("Naloxone is free at the front desk."));
        QVERIFY(d->press(d->find(QStringLiteral("saveAdviceFormButton"))));
        QTRY_VERIFY(candor::alerts::adviceText(m_fixture->services->db()).edited);
        QCOMPARE(candor::alerts::adviceInForce(m_fixture->services->db()).forClasses({"fentanyl"}),
                 std::string("Naloxone is free at the front desk."));
        QTRY_COMPARE(textOf(*d, QStringLiteral("adviceStatus")),
                     QStringLiteral("The edited safer-use advice is in force for new drafts."));
    }

private:
    std::unique_ptr<candor::testing::AppFixture> m_fixture;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    candor::app::configureApplication(app);
    TestAlertRulesForm test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_alertrulesform.moc"
