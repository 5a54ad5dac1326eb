#include "alertrulescontroller.h"
#include "appservices.h"
#include "sessioncontroller.h"
#include "errortext.h"

#include "alerts/servicerules.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/users.h"

#include "core/samples.h"
#include "core/sites.h"

#include <QRegularExpression>

#include <set>

namespace candor::app {

AlertRulesController::AlertRulesController(QObject *parent)
    : Controller(parent)
{
}

AlertRulesController::AlertRulesController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
    begin();
}

void AlertRulesController::begin()
{
    reload();
}

bool AlertRulesController::canEdit() const
{
    const auto &user = appServices().currentUser();
    return user && core::can(*user, core::Action::EditAlertRules);
}

void AlertRulesController::reload()
{
    try {
        auto &db = appServices().db();
        const auto rules = alerts::rulesText(db);
        m_rules = QString::fromStdString(rules.text);
        m_rulesEdited = rules.edited;
        const auto advice = alerts::adviceText(db);
        m_advice = QString::fromStdString(advice.text);
        m_adviceEdited = advice.edited;
        m_ruleRows = alerts::ruleRows(rules.text);
        m_adviceRows = alerts::adviceRows(advice.text);
    } catch (...) {
        // Saved texts that no longer load: the JSON editor shows them for correcting.
        reportError();
    }
    Q_EMIT loaded();
    Q_EMIT formRowsChanged();
}

void AlertRulesController::setErrorPlace(int line, int row, const std::string &key)
{
    m_errorLine = line;
    m_errorRow = row;
    // "dose.above_mg" -> "doseAboveMg": the form's names. Advice keys stay "advice.<class>".
    QString field;
    bool upper = false;
    const bool advice = key.rfind("advice", 0) == 0;
    for (const char c : key) {
        if (!advice && (c == '_' || c == '.')) {
            upper = true;
            continue;
        }
        field += upper ? QChar(c).toUpper() : QChar(c);
        upper = false;
    }
    m_errorField = field;
    Q_EMIT errorPlaceChanged();
}

template<typename F>
bool AlertRulesController::change(const QString &done, F &&action)
{
    try {
        auto &services = appServices();
        action(services);
    } catch (const alerts::RuleFileError &e) {
        // The editor jumps to the line; the form marks the row and field.
        setErrorPlace(e.line(), e.rule(), e.key());
        reportError(QString::fromStdString(m_fromForm ? alerts::formMessage(e) : std::string(e.what())));
        return false;
    } catch (const core::ValidationError &e) {
        static const QRegularExpression line(QStringLiteral("^line (\\d+)"));
        const auto m = line.match(QString::fromStdString(e.field()));
        setErrorPlace(m.hasMatch() ? m.captured(1).toInt() : 0, 0, {});
        reportError();
        return false;
    } catch (...) {
        setErrorPlace(0, 0, {});
        reportError();
        return false;
    }
    setErrorPlace(0, 0, {});
    reload();
    Q_EMIT saved(done);
    return true;
}

bool AlertRulesController::saveRules(const QString &text)
{
    return change(tr("The edited alert rules are in force; the next “Draft from verified results” uses them."),
                  [&](AppServices &s) { alerts::saveRules(s.db(), text.toStdString(), s.actor()); });
}

bool AlertRulesController::restoreRules()
{
    return change(tr("The shipped alert rules are in force again."),
                  [&](AppServices &s) { alerts::restoreShippedRules(s.db(), s.actor()); });
}

bool AlertRulesController::saveAdvice(const QString &text)
{
    return change(tr("The edited safer-use advice is in force for new drafts."),
                  [&](AppServices &s) { alerts::saveAdvice(s.db(), text.toStdString(), s.actor()); });
}

bool AlertRulesController::restoreAdvice()
{
    return change(tr("The shipped safer-use advice is in force again."),
                  [&](AppServices &s) { alerts::restoreShippedAdvice(s.db(), s.actor()); });
}

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

// The form's fields by the names QML uses.
std::string *ruleField(alerts::RuleRow &r, const QString &key)
{
    static const std::vector<std::pair<const char *, std::string alerts::RuleRow::*>> fields = {
        {"id", &alerts::RuleRow::id},
        {"title", &alerts::RuleRow::title},
        {"severity", &alerts::RuleRow::severity},
        {"headline", &alerts::RuleRow::headline},
        {"foundClasses", &alerts::RuleRow::foundClasses},
        {"foundSubstances", &alerts::RuleRow::foundSubstances},
        {"soldAsClasses", &alerts::RuleRow::soldAsClasses},
        {"notSoldAsClasses", &alerts::RuleRow::notSoldAsClasses},
        {"ignoreClasses", &alerts::RuleRow::ignoreClasses},
        {"forms", &alerts::RuleRow::forms},
        {"regions", &alerts::RuleRow::regions},
        {"windowWeeks", &alerts::RuleRow::windowWeeks},
        {"doseSubstance", &alerts::RuleRow::doseSubstance},
        {"doseAboveMg", &alerts::RuleRow::doseAboveMg},
        {"doseAtMostMg", &alerts::RuleRow::doseAtMostMg},
    };
    for (const auto &[name, member] : fields)
        if (key == QLatin1String(name))
            return &(r.*member);
    return nullptr;
}
} // namespace

QVariantList AlertRulesController::ruleRows() const
{
    QVariantList out;
    for (const auto &r : m_ruleRows)
        out.append(QVariantMap{
            {"id", q(r.id)},
            {"title", q(r.title)},
            {"severity", q(r.severity)},
            {"headline", q(r.headline)},
            {"foundClasses", q(r.foundClasses)},
            {"foundSubstances", q(r.foundSubstances)},
            {"soldAsClasses", q(r.soldAsClasses)},
            {"notSoldAsClasses", q(r.notSoldAsClasses)},
            {"ignoreClasses", q(r.ignoreClasses)},
            {"forms", q(r.forms)},
            {"regions", q(r.regions)},
            {"neverSeenBefore", r.neverSeenBefore},
            {"windowWeeks", q(r.windowWeeks)},
            {"doseSubstance", q(r.doseSubstance)},
            {"doseAboveMg", q(r.doseAboveMg)},
            {"doseAtMostMg", q(r.doseAtMostMg)},
        });
    return out;
}

QVariantList AlertRulesController::adviceRows() const
{
    QVariantList out;
    for (const auto &a : m_adviceRows)
        out.append(QVariantMap{{"substanceClass", q(a.substanceClass)}, {"text", q(a.text)}});
    return out;
}

QStringList AlertRulesController::severities() const
{
    QStringList out;
    for (const auto &s : core::allTerms<core::AlertSeverity>())
        out << q(s);
    return out;
}

QStringList AlertRulesController::substanceClasses() const
{
    std::set<std::string> classes;
    try {
        for (const auto &s : appServices().catalogue().substances())
            classes.insert(s.substanceClass);
    } catch (...) {
        // No catalogue: the fields still take typed names.
    }
    QStringList out;
    for (const auto &c : classes)
        out << q(c);
    return out;
}

QStringList AlertRulesController::adviceClasses() const
{
    QStringList out = substanceClasses();
    for (const auto &a : m_adviceRows)
        if (!a.substanceClass.empty() && !out.contains(q(a.substanceClass)))
            out << q(a.substanceClass);
    out.removeAll(QStringLiteral("default"));
    out << QStringLiteral("default");
    return out;
}

QStringList AlertRulesController::forms() const
{
    QStringList out;
    for (const auto &f : core::sampleForms())
        out << q(f);
    return out;
}

QStringList AlertRulesController::regions() const
{
    std::set<std::string> regions;
    try {
        for (const auto &s : core::SiteStore(appServices().db()).list())
            if (!s.region.empty())
                regions.insert(s.region);
    } catch (...) {
        // No sites readable: the field still takes typed names.
    }
    QStringList out;
    for (const auto &r : regions)
        out << q(r);
    return out;
}

void AlertRulesController::setRuleField(int row, const QString &key, const QVariant &value)
{
    if (row < 0 || row >= int(m_ruleRows.size()))
        return;
    auto &r = m_ruleRows[std::size_t(row)];
    if (key == QLatin1String("neverSeenBefore"))
        r.neverSeenBefore = value.toBool();
    else if (auto *field = ruleField(r, key))
        *field = value.toString().toStdString();
}

void AlertRulesController::addRule()
{
    alerts::RuleRow row;
    // Whole strings moved in: GCC 12's -Wrestrict misfires on assigning a literal here.
    row.severity = std::string(core::toString(core::AlertSeverity::Caution));
    row.windowWeeks = std::string("2");
    m_ruleRows.push_back(row);
    Q_EMIT formRowsChanged();
}

void AlertRulesController::removeRule(int row)
{
    if (row < 0 || row >= int(m_ruleRows.size()))
        return;
    m_ruleRows.erase(m_ruleRows.begin() + row);
    Q_EMIT formRowsChanged();
}

void AlertRulesController::setAdviceField(int row, const QString &key, const QString &value)
{
    if (row < 0 || row >= int(m_adviceRows.size()))
        return;
    auto &a = m_adviceRows[std::size_t(row)];
    if (key == QLatin1String("substanceClass"))
        a.substanceClass = value.toStdString();
    else if (key == QLatin1String("text"))
        a.text = value.toStdString();
}

void AlertRulesController::addAdvice()
{
    m_adviceRows.push_back({});
    Q_EMIT formRowsChanged();
}

void AlertRulesController::removeAdvice(int row)
{
    if (row < 0 || row >= int(m_adviceRows.size()))
        return;
    m_adviceRows.erase(m_adviceRows.begin() + row);
    Q_EMIT formRowsChanged();
}

QString AlertRulesController::withChoice(const QString &list, const QString &choice) const
{
    QStringList items;
    for (const auto &item : list.split(QLatin1Char(',')))
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    if (!choice.trimmed().isEmpty() && !items.contains(choice.trimmed()))
        items << choice.trimmed();
    return items.join(QStringLiteral(", "));
}

bool AlertRulesController::saveRuleForm()
{
    m_fromForm = true;
    const bool ok = change(tr("The edited alert rules are in force; the next “Draft from verified results” uses them."),
                           [&](AppServices &s) {
                               alerts::saveRules(s.db(), alerts::rulesJsonFromRows(m_ruleRows, m_rules.toStdString()), s.actor());
                           });
    m_fromForm = false;
    return ok;
}

bool AlertRulesController::saveAdviceForm()
{
    m_fromForm = true;
    const bool ok = change(tr("The edited safer-use advice is in force for new drafts."), [&](AppServices &s) {
        alerts::saveAdvice(s.db(), alerts::adviceJsonFromRows(m_adviceRows, m_advice.toStdString()), s.actor());
    });
    m_fromForm = false;
    return ok;
}

} // namespace candor::app
