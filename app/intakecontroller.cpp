#include "intakecontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "core/errors.h"
#include "core/samples.h"
#include "core/sites.h"

#include <QHash>

namespace candor::app {

namespace {
QStringList toQt(const std::vector<std::string> &values)
{
    QStringList out;
    for (const auto &v : values)
        out << QString::fromStdString(v);
    return out;
}

std::optional<std::string> text(const QVariantMap &fields, const char *key)
{
    const auto value = fields.value(QLatin1String(key)).toString().trimmed();
    if (value.isEmpty())
        return std::nullopt;
    return value.toStdString();
}

// Accepts "4.5" and "4,5": technicians type what their keyboard gives them. A value that
// is no number is collected in `errors` (not thrown), so the other fields are still checked.
std::optional<double> number(const QVariantMap &fields, const char *key, std::vector<core::FieldError> &errors)
{
    const auto raw = fields.value(QLatin1String(key));
    if (raw.typeId() == QMetaType::Double || raw.typeId() == QMetaType::Int)
        return raw.toDouble();
    QString value = raw.toString().trimmed();
    if (value.isEmpty())
        return std::nullopt;
    value.replace(QLatin1Char(','), QLatin1Char('.'));
    bool ok = false;
    const double d = value.toDouble(&ok);
    if (!ok) {
        errors.push_back({key, std::string(key) + ": expected a number, got '" + raw.toString().toStdString() + "'"});
        return std::nullopt;
    }
    return d;
}

// The form's order (left column, then right): the first invalid field takes the focus.
const QStringList &formOrder()
{
    static const QStringList order = {QStringLiteral("sold_as"),
                                      QStringLiteral("form"),
                                      QStringLiteral("colour"),
                                      QStringLiteral("texture"),
                                      QStringLiteral("pill_logo"),
                                      QStringLiteral("pill_score_line"),
                                      QStringLiteral("pill_mass_mg"),
                                      QStringLiteral("pill_diameter_mm"),
                                      QStringLiteral("pill_thickness_mm"),
                                      QStringLiteral("sample_type"),
                                      QStringLiteral("site"),
                                      QStringLiteral("intake_channel"),
                                      QStringLiteral("received_at"),
                                      QStringLiteral("reported_effects"),
                                      QStringLiteral("notes")};
    return order;
}

std::optional<bool> yesNo(const QVariantMap &fields, const char *key)
{
    if (!fields.contains(QLatin1String(key)))
        return std::nullopt;
    const auto v = fields.value(QLatin1String(key));
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    const auto s = v.toString().trimmed().toLower();
    if (s.isEmpty())
        return std::nullopt;
    return s == QLatin1String("yes") || s == QLatin1String("true");
}
} // namespace

IntakeController::IntakeController(QObject *parent)
    : Controller(parent)
{
}

IntakeController::IntakeController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
}

QStringList IntakeController::forms() const
{
    return toQt(core::sampleForms());
}
QStringList IntakeController::intakeChannels() const
{
    return toQt(core::intakeChannels());
}
QStringList IntakeController::sampleTypes() const
{
    return toQt(core::sampleTypes());
}

QString IntakeController::timeZone() const
{
    try {
        return QString::fromStdString(ServiceClock(appServices().db()).zone());
    } catch (...) {
        return QStringLiteral("UTC");
    }
}

QStringList IntakeController::sites() const
{
    QStringList out;
    for (const auto &s : core::SiteStore(appServices().db()).list())
        out << QString::fromStdString(s.name);
    return out;
}

QStringList IntakeController::completeSoldAs(const QString &prefix) const
{
    return toQt(appServices().catalogue().completeSoldAs(prefix.toStdString(), 8));
}

QString IntakeController::normalizeSoldAs(const QString &soldAs) const
{
    const auto s = appServices().catalogue().normalizeSoldAs(soldAs.toStdString());
    return s ? QString::fromStdString(*s) : QString();
}

QString IntakeController::fieldLabel(const QString &field)
{
    static const QHash<QString, QString> labels = {
        {QStringLiteral("sold_as"), tr("Sold as")},
        {QStringLiteral("form"), tr("Form")},
        {QStringLiteral("colour"), tr("Colour")},
        {QStringLiteral("texture"), tr("Texture")},
        {QStringLiteral("pill_logo"), tr("Pill logo")},
        {QStringLiteral("pill_score_line"), tr("Score line")},
        {QStringLiteral("pill_mass_mg"), tr("Mass")},
        {QStringLiteral("pill_diameter_mm"), tr("Diameter")},
        {QStringLiteral("pill_thickness_mm"), tr("Thickness")},
        {QStringLiteral("sample_type"), tr("Sample type")},
        {QStringLiteral("site"), tr("Site")},
        {QStringLiteral("intake_channel"), tr("Intake channel")},
        {QStringLiteral("received_at"), tr("Received at")},
        {QStringLiteral("reported_effects"), tr("Effects")},
        {QStringLiteral("notes"), tr("Notes")},
    };
    return labels.value(field, field);
}

int IntakeController::typeAheadIndex(const QStringList &options, const QString &typed)
{
    if (typed.isEmpty())
        return -1;
    for (int i = 0; i < options.size(); ++i)
        if (options[i].startsWith(typed, Qt::CaseInsensitive))
            return i;
    return -1;
}

bool IntakeController::hasTypedData(const QVariantMap &fields) const
{
    // Drop-downs that start on their first choice (site, channel, type) are data only
    // when changed; everything else is data as soon as it is not empty.
    const QHash<QString, QString> defaults = {
        {QStringLiteral("site"), sites().value(0)},
        {QStringLiteral("intake_channel"), intakeChannels().value(0)},
        {QStringLiteral("sample_type"), sampleTypes().value(0)},
    };
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        const QVariant &v = it.value();
        if (v.typeId() == QMetaType::Bool) {
            if (v.toBool())
                return true;
            continue;
        }
        const QString text = v.toString().trimmed();
        if (defaults.contains(it.key()) ? (!text.isEmpty() && text != defaults.value(it.key())) : !text.isEmpty())
            return true;
    }
    return false;
}

void IntakeController::clearErrors()
{
    if (m_errors.isEmpty() && m_firstInvalid.isEmpty())
        return;
    m_errors.clear();
    m_firstInvalid.clear();
    Q_EMIT errorsChanged();
}

QString IntakeController::submit(const QVariantMap &fields)
{
    auto &services = appServices();
    clearErrors();
    try {
        std::vector<core::FieldError> invalid;
        core::SampleInput in;
        in.soldAs = text(fields, "sold_as").value_or("");
        in.form = text(fields, "form").value_or("");
        in.colour = text(fields, "colour");
        in.texture = text(fields, "texture");
        in.site = text(fields, "site");
        in.intakeChannel = text(fields, "intake_channel").value_or("walk-in");
        in.sampleType = text(fields, "sample_type").value_or("substance");
        // Typed in the service's local time, stored in UTC.
        // A time it cannot read is listed with the other invalid fields, beside its field.
        if (const auto typed = text(fields, "received_at")) {
            try {
                in.receivedAt = ServiceClock(services.db()).accept(QString::fromStdString(*typed), "received_at");
            } catch (const core::ValidationError &e) {
                invalid.push_back({"received_at", e.what()});
            }
        }
        in.pillLogo = text(fields, "pill_logo");
        in.pillScoreLine = text(fields, "pill_score_line");
        in.pillDiameterMm = number(fields, "pill_diameter_mm", invalid);
        in.pillThicknessMm = number(fields, "pill_thickness_mm", invalid);
        in.pillMassMg = number(fields, "pill_mass_mg", invalid);
        in.reportedEffects = text(fields, "reported_effects");
        in.overdoseInvolved = yesNo(fields, "overdose_involved");
        in.researchConsent = yesNo(fields, "research_consent").value_or(false);
        in.notes = text(fields, "notes");
        core::SampleStore samples(services.db(), services.catalogue());
        for (auto &e : samples.check(in))
            invalid.push_back(std::move(e));
        if (!invalid.empty()) {
            // Each message names its field as the form labels it: "Diameter: must be
            // between 1 and 40 mm" instead of the CLI's "pill_diameter_mm: ...".
            for (const auto &e : invalid) {
                const QString field = QString::fromStdString(e.field);
                QString message = QString::fromStdString(e.message);
                if (message.startsWith(field + QStringLiteral(": ")))
                    message = message.mid(field.size() + 2);
                m_errors.insert(field, fieldLabel(field) + QStringLiteral(": ") + message);
            }
            for (const auto &field : formOrder())
                if (m_errors.contains(field)) {
                    m_firstInvalid = field;
                    break;
                }
            if (m_firstInvalid.isEmpty())
                m_firstInvalid = m_errors.firstKey();
            Q_EMIT errorsChanged();
            return {};
        }
        const auto sample = samples.add(in, services.actor());
        Q_EMIT sampleCreated(QString::fromStdString(sample.id), QString::fromStdString(sample.publicCode));
        session().notifySamplesChanged();
        return QString::fromStdString(sample.id);
    } catch (...) {
        reportError();
    }
    return {};
}

} // namespace candor::app
