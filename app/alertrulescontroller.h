#pragma once
// The alert rules and safer-use advice in force, edited in the app's settings by a
// coordinator or admin, in a form (one row per rule or advice class, choices offered) or
// as JSON for power users. Both go through the same validator (alerts/rules.h), whose
// plain-words error the form shows on the row and field it names. Saving checks the whole text first; an error names the line and
// field (and errorLine lets the editor jump there) while the rules in force stay as
// they were. "Restore shipped" goes back to data/alert-rules.json and
// data/safer-use-advice.json. The texts live in the database (alerts/servicerules.h).

#include "controller.h"

#include "alerts/ruleform.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <vector>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class AlertRulesController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(bool canEdit READ canEdit NOTIFY loaded)
    Q_PROPERTY(QString rulesText READ rulesText NOTIFY loaded)
    Q_PROPERTY(bool rulesEdited READ rulesEdited NOTIFY loaded)
    Q_PROPERTY(QString adviceText READ adviceText NOTIFY loaded)
    Q_PROPERTY(bool adviceEdited READ adviceEdited NOTIFY loaded)
    // The line the last refused text was refused at (1-based), 0 when none.
    Q_PROPERTY(int errorLine READ errorLine NOTIFY errorPlaceChanged)
    // The form: one map per rule {id, title, severity, headline, foundClasses,
    // foundSubstances, soldAsClasses, notSoldAsClasses, ignoreClasses, forms, regions
    // (comma-separated names), neverSeenBefore, windowWeeks, doseSubstance, doseAboveMg,
    // doseAtMostMg}; one per advice class {substanceClass, text}. Re-read on load and
    // when a row is added or removed, not on every keystroke (setRuleField keeps it).
    Q_PROPERTY(QVariantList ruleRows READ ruleRows NOTIFY formRowsChanged)
    Q_PROPERTY(QVariantList adviceRows READ adviceRows NOTIFY formRowsChanged)
    // The row (1-based) and field ("severity", "dose.above_mg", "advice.fentanyl") the
    // last refused form was refused at; 0 and "" when none.
    // Rule fields in the form's names ("windowWeeks", "doseAboveMg").
    Q_PROPERTY(int errorRow READ errorRow NOTIFY errorPlaceChanged)
    Q_PROPERTY(QString errorField READ errorField NOTIFY errorPlaceChanged)
    // The choices the form's drop-downs offer.
    Q_PROPERTY(QStringList severities READ severities CONSTANT)
    Q_PROPERTY(QStringList substanceClasses READ substanceClasses CONSTANT)
    Q_PROPERTY(QStringList forms READ forms CONSTANT)
    Q_PROPERTY(QStringList regions READ regions CONSTANT)
    // The classes advice can be for: the catalogue's, those the advice names, "default".
    Q_PROPERTY(QStringList adviceClasses READ adviceClasses NOTIFY formRowsChanged)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit AlertRulesController(QObject *parent = nullptr);
    explicit AlertRulesController(SessionController &session, QObject *parent = nullptr);

    bool canEdit() const;
    QString rulesText() const { return m_rules; }
    bool rulesEdited() const { return m_rulesEdited; }
    QString adviceText() const { return m_advice; }
    bool adviceEdited() const { return m_adviceEdited; }
    int errorLine() const { return m_errorLine; }
    QVariantList ruleRows() const;
    QVariantList adviceRows() const;
    int errorRow() const { return m_errorRow; }
    QString errorField() const { return m_errorField; }
    QStringList severities() const;
    QStringList substanceClasses() const;
    QStringList forms() const;
    QStringList regions() const;
    QStringList adviceClasses() const;

    // The form's edits, kept here until saved. Keys as in ruleRows / adviceRows.
    Q_INVOKABLE void setRuleField(int row, const QString &key, const QVariant &value);
    Q_INVOKABLE void addRule();
    Q_INVOKABLE void removeRule(int row);
    Q_INVOKABLE void setAdviceField(int row, const QString &key, const QString &value);
    Q_INVOKABLE void addAdvice();
    Q_INVOKABLE void removeAdvice(int row);
    // "fentanyl, opioid" with `choice` added at the end (once), for the "+ add" drop-downs.
    Q_INVOKABLE QString withChoice(const QString &list, const QString &choice) const;
    // Saves the form's rows through the same validator as the JSON editor.
    Q_INVOKABLE bool saveRuleForm();
    Q_INVOKABLE bool saveAdviceForm();

    Q_INVOKABLE void reload();
    Q_INVOKABLE bool saveRules(const QString &text);
    Q_INVOKABLE bool restoreRules();
    Q_INVOKABLE bool saveAdvice(const QString &text);
    Q_INVOKABLE bool restoreAdvice();

Q_SIGNALS:
    void loaded();
    void formRowsChanged();
    void errorPlaceChanged();
    void saved(const QString &message);

protected:
    void begin() override;

private:
    void setErrorPlace(int line, int row, const std::string &key);
    template<typename F>
    bool change(const QString &done, F &&action);

    QString m_rules;
    bool m_rulesEdited = false;
    QString m_advice;
    bool m_adviceEdited = false;
    int m_errorLine = 0;
    int m_errorRow = 0;
    QString m_errorField;
    bool m_fromForm = false; // the message leaves out the JSON line the form has not
    std::vector<alerts::RuleRow> m_ruleRows;
    std::vector<alerts::AdviceRow> m_adviceRows;
};

} // namespace candor::app
