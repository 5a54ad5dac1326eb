#include "intakecontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "core/errors.h"
#include "core/samples.h"
#include "core/sites.h"

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

// Accepts "4.5" and "4,5": technicians type what their keyboard gives them.
std::optional<double> number(const QVariantMap &fields, const char *key)
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
    if (!ok)
        throw core::ValidationError(key, std::string(key) + ": expected a number, got '" + raw.toString().toStdString() + "'");
    return d;
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
    : QObject(parent)
{
}

QStringList IntakeController::forms() const { return toQt(core::sampleForms()); }
QStringList IntakeController::intakeChannels() const { return toQt(core::intakeChannels()); }
QStringList IntakeController::sampleTypes() const { return toQt(core::sampleTypes()); }

QString IntakeController::timeZone() const
{
    try {
        return QString::fromStdString(ServiceClock::current().zone());
    } catch (...) {
        return QStringLiteral("UTC");
    }
}

QStringList IntakeController::sites() const
{
    QStringList out;
    for (const auto &s : core::SiteStore(AppServices::instance()->db()).list())
        out << QString::fromStdString(s.name);
    return out;
}

QStringList IntakeController::completeSoldAs(const QString &prefix) const
{
    return toQt(AppServices::instance()->catalogue().completeSoldAs(prefix.toStdString(), 8));
}

QString IntakeController::normalizeSoldAs(const QString &soldAs) const
{
    const auto s = AppServices::instance()->catalogue().normalizeSoldAs(soldAs.toStdString());
    return s ? QString::fromStdString(*s) : QString();
}

QString IntakeController::submit(const QVariantMap &fields)
{
    auto &services = *AppServices::instance();
    try {
        core::SampleInput in;
        in.soldAs = text(fields, "sold_as").value_or("");
        in.form = text(fields, "form").value_or("");
        in.colour = text(fields, "colour");
        in.texture = text(fields, "texture");
        in.site = text(fields, "site");
        in.intakeChannel = text(fields, "intake_channel").value_or("walk-in");
        in.sampleType = text(fields, "sample_type").value_or("substance");
        // Typed in the service's local time, stored in UTC.
        if (const auto typed = text(fields, "received_at"))
            in.receivedAt = ServiceClock(services.db()).accept(QString::fromStdString(*typed), "received_at");
        in.pillLogo = text(fields, "pill_logo");
        in.pillScoreLine = text(fields, "pill_score_line");
        in.pillDiameterMm = number(fields, "pill_diameter_mm");
        in.pillThicknessMm = number(fields, "pill_thickness_mm");
        in.pillMassMg = number(fields, "pill_mass_mg");
        in.reportedEffects = text(fields, "reported_effects");
        in.overdoseInvolved = yesNo(fields, "overdose_involved");
        in.researchConsent = yesNo(fields, "research_consent").value_or(false);
        in.notes = text(fields, "notes");
        core::SampleStore samples(services.db(), services.catalogue());
        const auto sample = samples.add(in, services.actor());
        Q_EMIT sampleCreated(QString::fromStdString(sample.id), QString::fromStdString(sample.publicCode));
        SessionController::create(nullptr, nullptr)->notifySamplesChanged();
        return QString::fromStdString(sample.id);
    } catch (const core::ValidationError &e) {
        // Shown beside the field itself, so the "field: " prefix the CLI needs is dropped.
        QString message = QString::fromStdString(e.what());
        const QString prefix = QString::fromStdString(e.field()) + QStringLiteral(": ");
        if (message.startsWith(prefix))
            message = message.mid(prefix.size());
        if (!message.isEmpty())
            message[0] = message[0].toUpper();
        Q_EMIT fieldError(QString::fromStdString(e.field()), message);
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
    }
    return {};
}

} // namespace candor::app
