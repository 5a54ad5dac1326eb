#include "samplecontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "sessioncontroller.h"

#include "core/errors.h"
#include "core/readings.h"
#include "core/samples.h"

namespace candor::app {

namespace {
QString q(const std::string &s) { return QString::fromStdString(s); }
QVariant q(const std::optional<std::string> &s) { return s ? QVariant(q(*s)) : QVariant(QString()); }
QVariant q(const std::optional<double> &d) { return d ? QVariant(*d) : QVariant(); }

std::optional<double> parseNumber(const QString &text, const char *field)
{
    QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    t.replace(QLatin1Char(','), QLatin1Char('.'));
    bool ok = false;
    const double d = t.toDouble(&ok);
    if (!ok)
        throw core::ValidationError(field, std::string(field) + ": expected a number, got '" + text.toStdString() + "'");
    return d;
}
} // namespace

SampleController::SampleController(QObject *parent)
    : QObject(parent)
{
}

void SampleController::setSampleId(const QString &id)
{
    if (id == m_sampleId)
        return;
    m_sampleId = id;
    Q_EMIT sampleIdChanged();
    reload();
}

bool SampleController::editable() const
{
    const auto status = m_sample.value(QStringLiteral("status")).toString();
    return status == QLatin1String("received") || status == QLatin1String("in-testing");
}

void SampleController::reload()
{
    m_sample.clear();
    m_strips.clear();
    m_reagents.clear();
    m_history.clear();
    m_warnings.clear();
    if (!m_sampleId.isEmpty()) {
        try {
            auto &services = *AppServices::instance();
            core::SampleStore samples(services.db(), services.catalogue());
            core::ReadingStore readings(services.db(), services.catalogue());
            const auto s = samples.resolve(m_sampleId.toStdString());
            m_sample = {
                {"id", q(s.id)}, {"publicCode", q(s.publicCode)}, {"receivedAt", q(s.receivedAt)},
                {"site", q(s.siteName)}, {"region", q(s.region)}, {"intakeChannel", q(s.intakeChannel)},
                {"soldAs", q(s.soldAs)}, {"substance", q(s.soldAsSubstance)}, {"form", q(s.form)},
                {"colour", q(s.colour)}, {"texture", q(s.texture)}, {"pillLogo", q(s.pillLogo)},
                {"pillScoreLine", q(s.pillScoreLine)}, {"pillDiameterMm", q(s.pillDiameterMm)},
                {"pillThicknessMm", q(s.pillThicknessMm)}, {"pillMassMg", q(s.pillMassMg)},
                {"sampleType", q(s.sampleType)}, {"reportedEffects", q(s.reportedEffects)},
                {"notes", q(s.notes)}, {"status", q(s.status)}, {"isDemo", s.isDemo},
                {"createdBy", q(s.createdByName)}, {"createdAt", q(s.createdAt)},
            };
            for (const auto &r : readings.strips(s.id))
                m_strips.append(QVariantMap{{"type", q(r.stripType)}, {"result", q(r.result)}, {"lot", q(r.lot)},
                                            {"brand", q(r.brand)}, {"cutoff", q(r.cutoffNgMl)},
                                            {"dilution", q(r.dilutionMgMl)}, {"at", q(r.createdAt)},
                                            {"by", q(r.createdByName)}});
            for (const auto &r : readings.reagents(s.id)) {
                QStringList colours;
                for (const auto &c : r.colours)
                    colours << q(c);
                m_reagents.append(QVariantMap{{"reagent", q(r.reagent)}, {"colours", colours},
                                              {"candidates", reagentCandidates(q(r.reagent), colours)},
                                              {"at", q(r.createdAt)}, {"by", q(r.createdByName)}});
            }
            for (const auto &w : readings.crossReactionWarnings(s.id))
                m_warnings << q(w);
            for (const auto &e : readings.history(s.id))
                m_history.append(QVariantMap{{"at", q(e.at)}, {"who", q(e.who)}, {"what", q(e.what)}});
        } catch (...) {
            Q_EMIT errorOccurred(describeError(std::current_exception()));
        }
    }
    Q_EMIT loaded();
}

QVariantList SampleController::stripTypes() const
{
    QVariantList out;
    for (const auto &t : AppServices::instance()->catalogue().stripTypes())
        out.append(QVariantMap{{"key", q(t.key)}, {"name", q(t.name)}, {"cutoff", q(t.defaultCutoffNgMl)}});
    return out;
}

QVariantList SampleController::reagentTypes() const
{
    QVariantList out;
    for (const auto &r : AppServices::instance()->catalogue().reagents())
        out.append(QVariantMap{{"key", q(r.key)}, {"name", q(r.name)}});
    return out;
}

QStringList SampleController::reagentColours() const
{
    // The colours reagent charts use, in the order a technician scans a chart.
    return {QStringLiteral("no change"), QStringLiteral("yellow"), QStringLiteral("orange"), QStringLiteral("red"),
            QStringLiteral("pink"),      QStringLiteral("purple"), QStringLiteral("blue"),   QStringLiteral("green"),
            QStringLiteral("olive"),     QStringLiteral("brown"),  QStringLiteral("grey"),   QStringLiteral("black")};
}

bool SampleController::addStrip(const QString &type, const QString &result, const QString &dilution,
                                const QString &lot, const QString &brand)
{
    try {
        auto &services = *AppServices::instance();
        core::ReadingStore readings(services.db(), services.catalogue());
        core::StripInput in;
        in.stripType = type.toStdString();
        in.result = result.toStdString();
        in.dilutionMgMl = parseNumber(dilution, "dilution");
        if (!lot.trimmed().isEmpty())
            in.lot = lot.trimmed().toStdString();
        if (!brand.trimmed().isEmpty())
            in.brand = brand.trimmed().toStdString();
        const auto before = m_warnings;
        readings.addStrip(m_sample.value(QStringLiteral("id")).toString().toStdString(), in, services.actor());
        reload();
        QString newWarning;
        for (const auto &w : m_warnings)
            if (!before.contains(w))
                newWarning = w;
        Q_EMIT readingAdded(QStringLiteral("%1 strip: %2").arg(type, result), newWarning);
        SessionController::create(nullptr, nullptr)->notifySamplesChanged();
        return true;
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
        return false;
    }
}

bool SampleController::addReagent(const QString &reagent, const QStringList &colours)
{
    try {
        auto &services = *AppServices::instance();
        core::ReadingStore readings(services.db(), services.catalogue());
        std::vector<std::string> sequence;
        for (const auto &c : colours)
            sequence.push_back(c.toStdString());
        readings.addReagent(m_sample.value(QStringLiteral("id")).toString().toStdString(), reagent.toStdString(), sequence,
                            services.actor());
        reload();
        Q_EMIT readingAdded(QStringLiteral("%1: %2").arg(reagent, colours.join(QStringLiteral(" → "))), QString());
        SessionController::create(nullptr, nullptr)->notifySamplesChanged();
        return true;
    } catch (...) {
        Q_EMIT errorOccurred(describeError(std::current_exception()));
        return false;
    }
}

QStringList SampleController::reagentCandidates(const QString &reagent, const QStringList &colours) const
{
    std::vector<std::string> sequence;
    for (const auto &c : colours)
        sequence.push_back(c.toStdString());
    QStringList out;
    for (const auto &c : AppServices::instance()->catalogue().reagentCandidates(reagent.toStdString(), sequence))
        out << (c.exact ? q(c.substance) : q(c.substance) + QStringLiteral(" (if it goes on)"));
    return out;
}

} // namespace candor::app
