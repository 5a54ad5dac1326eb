#pragma once
// The alert rules and safer-use advice in force, edited in the app's settings by a
// coordinator or admin. Saving checks the whole text first; an error names the line and
// field (and errorLine lets the editor jump there) while the rules in force stay as
// they were. "Restore shipped" goes back to data/alert-rules.json and
// data/safer-use-advice.json. The texts live in the database (alerts/servicerules.h).

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class AlertRulesController : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(bool canEdit READ canEdit NOTIFY loaded)
    Q_PROPERTY(QString rulesText READ rulesText NOTIFY loaded)
    Q_PROPERTY(bool rulesEdited READ rulesEdited NOTIFY loaded)
    Q_PROPERTY(QString adviceText READ adviceText NOTIFY loaded)
    Q_PROPERTY(bool adviceEdited READ adviceEdited NOTIFY loaded)
    // The line the last refused text was refused at (1-based), 0 when none.
    Q_PROPERTY(int errorLine READ errorLine NOTIFY errorOccurred)

public:
    explicit AlertRulesController(QObject *parent = nullptr);

    bool canEdit() const;
    QString rulesText() const { return m_rules; }
    bool rulesEdited() const { return m_rulesEdited; }
    QString adviceText() const { return m_advice; }
    bool adviceEdited() const { return m_adviceEdited; }
    int errorLine() const { return m_errorLine; }

    Q_INVOKABLE void reload();
    Q_INVOKABLE bool saveRules(const QString &text);
    Q_INVOKABLE bool restoreRules();
    Q_INVOKABLE bool saveAdvice(const QString &text);
    Q_INVOKABLE bool restoreAdvice();

Q_SIGNALS:
    void loaded();
    void saved(const QString &message);
    void errorOccurred(const QString &message);

private:
    template<typename F>
    bool change(const QString &done, F &&action);

    QString m_rules;
    bool m_rulesEdited = false;
    QString m_advice;
    bool m_adviceEdited = false;
    int m_errorLine = 0;
};

} // namespace candor::app
