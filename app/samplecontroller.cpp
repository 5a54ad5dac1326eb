#include "samplecontroller.h"
#include "appservices.h"
#include "errortext.h"
#include "serviceclock.h"
#include "sessioncontroller.h"

#include "core/errors.h"
#include "core/findings.h"
#include "core/readings.h"
#include "core/samples.h"
#include "core/permissions.h"
#include "core/users.h"
#include "core/workflow.h"

#include <QDir>

#include <algorithm>

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
QVariant q(const std::optional<std::string> &s)
{
    return s ? QVariant(q(*s)) : QVariant(QString());
}
QVariant q(const std::optional<double> &d)
{
    return d ? QVariant(*d) : QVariant();
}

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
    : Controller(parent)
{
}

SampleController::SampleController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
}

void SampleController::setSampleId(const QString &id)
{
    if (id == m_sampleId)
        return;
    m_sampleId = id;
    m_pending.reset();
    m_stripNotice.clear();
    m_stripRejectedField.clear();
    m_reagentNotice.clear();
    Q_EMIT sampleIdChanged();
    Q_EMIT stripNoticeChanged();
    Q_EMIT reagentNoticeChanged();
    reload();
}

bool SampleController::editable() const
{
    return m_status && core::isOpenForTesting(*m_status);
}

void SampleController::reload()
{
    m_sample.clear();
    m_status.reset();
    m_details.clear();
    m_history.clear();
    m_warnings.clear();
    std::vector<StripReadingModel::Row> strips;
    std::vector<ReagentReadingModel::Row> reagents;
    std::vector<core::Finding> findings;
    m_referral.clear();
    m_statusReason.clear();
    m_verifyBlocked.clear();
    m_canVerify = false;
    if (!m_sampleId.isEmpty()) {
        try {
            auto &services = appServices();
            core::SampleStore samples(services.db(), services.catalogue());
            core::ReadingStore readings(services.db(), services.catalogue());
            const auto s = samples.resolve(m_sampleId.toStdString());
            const ServiceClock clock(services.db()); // times shown in the service's zone
            m_sample = {
                {"receivedLocal", clock.show(s.receivedAt)},
                {"id", q(s.id)},
                {"publicCode", q(s.publicCode)},
                {"receivedAt", q(s.receivedAt)},
                {"site", q(s.siteName)},
                {"region", q(s.region)},
                {"intakeChannel", q(s.intakeChannel)},
                {"soldAs", q(s.soldAs)},
                {"substance", q(s.soldAsSubstance)},
                {"form", q(s.form)},
                {"colour", q(s.colour)},
                {"texture", q(s.texture)},
                {"pillLogo", q(s.pillLogo)},
                {"pillScoreLine", q(s.pillScoreLine)},
                {"pillDiameterMm", q(s.pillDiameterMm)},
                {"pillThicknessMm", q(s.pillThicknessMm)},
                {"pillMassMg", q(s.pillMassMg)},
                {"sampleType", q(s.sampleType)},
                {"reportedEffects", q(s.reportedEffects)},
                {"notes", q(s.notes)},
                {"status", q(core::toString(s.status))},
                {"isDemo", s.isDemo},
                {"createdBy", q(s.createdByName)},
                {"createdAt", q(s.createdAt)},
            };
            m_status = s.status;
            auto row = [this](const QString &label, const QString &value, bool emphasis = false) {
                if (!value.trimmed().isEmpty())
                    m_details.append(QVariantMap{{"label", label}, {"value", value}, {"emphasis", emphasis}});
            };
            auto joined = [](std::initializer_list<std::optional<std::string>> parts) {
                QStringList out;
                for (const auto &p : parts)
                    if (p && !p->empty())
                        out << q(*p);
                return out.join(QStringLiteral(", "));
            };
            auto number = [](const std::optional<double> &v, const char *unit) {
                return v ? QStringLiteral("%1 %2").arg(*v).arg(QLatin1String(unit)) : QString();
            };
            row(tr("Sold as"),
                QStringLiteral("“%1”  →  %2").arg(q(s.soldAs), s.soldAsSubstance ? q(*s.soldAsSubstance) : tr("not recognised")),
                true);
            row(tr("Form"), joined({s.form, s.colour, s.texture}));
            QStringList pill;
            if (s.pillLogo)
                pill << tr("logo %1").arg(q(*s.pillLogo));
            if (s.pillScoreLine)
                pill << tr("score %1").arg(q(*s.pillScoreLine));
            for (const auto &part :
                 {number(s.pillMassMg, "mg"), s.pillDiameterMm ? tr("⌀ %1").arg(number(s.pillDiameterMm, "mm")) : QString(),
                  s.pillThicknessMm ? tr("%1 thick").arg(number(s.pillThicknessMm, "mm")) : QString()})
                if (!part.isEmpty())
                    pill << part;
            row(tr("Pill"), pill.join(QStringLiteral(", ")));
            row(tr("Type"), joined({s.sampleType, s.intakeChannel}));
            row(tr("Site"), QStringLiteral("%1 (%2)").arg(q(s.siteName), q(s.region)));
            row(tr("Effects"), s.reportedEffects ? q(*s.reportedEffects) : QString());
            if (s.overdoseInvolved)
                row(tr("Overdose"), *s.overdoseInvolved ? tr("involved in an overdose") : tr("no"));
            row(tr("Research"), s.researchConsent ? tr("consents to anonymized research use") : QString());
            row(tr("Notes"), s.notes ? tr("%1  (internal, never published)").arg(q(*s.notes)) : QString());

            for (const auto &r : readings.allStrips(s.id))
                strips.push_back({r, clock.show(r.createdAt)});
            for (const auto &r : readings.reagents(s.id)) {
                QStringList colours;
                for (const auto &c : r.colours)
                    colours << q(c);
                reagents.push_back({r, reagentCandidates(q(r.reagent), colours), clock.show(r.createdAt)});
            }
            for (const auto &w : readings.crossReactionWarnings(s.id))
                m_warnings << q(w);
            findings = core::FindingStore(services.db(), services.catalogue()).list(s.id);
            m_referral = s.referralReason ? q(*s.referralReason) : QString();
            m_statusReason = s.statusReason ? q(*s.statusReason) : QString();
            if (services.currentUser()) {
                core::Workflow workflow(services.db());
                m_canVerify = workflow.canVerify(s.id, *services.currentUser());
                if (!m_canVerify && s.status == core::SampleStatus::ToBeVerified) {
                    if (!core::can(*services.currentUser(), core::Action::Verify))
                        m_verifyBlocked = tr("Verifying needs the verifier role.");
                    else if (s.submittedBy == services.currentUser()->id)
                        m_verifyBlocked = tr("You submitted this result: another verifier must verify it (four eyes).");
                }
            }
            for (const auto &e : readings.history(s.id))
                m_history.append(
                    QVariantMap{{"at", q(e.at)}, {"atLocal", clock.show(e.at)}, {"who", q(e.who)}, {"what", q(e.what)}});
        } catch (...) {
            reportError();
        }
    }
    m_strips.setReadings(std::move(strips));
    m_reagents.setReadings(std::move(reagents));
    m_findings.setFindings(std::move(findings));
    Q_EMIT loaded();
}

namespace {
bool userCan(const AppServices &services, core::Action action)
{
    const auto &user = services.currentUser();
    return user && core::can(*user, action);
}
} // namespace

bool SampleController::canEdit() const
{
    return editable() && userCan(appServices(), core::Action::AddReading);
}
bool SampleController::canSubmit() const
{
    return editable() && m_findings.count() > 0 && userCan(appServices(), core::Action::Submit);
}
bool SampleController::canReturn() const
{
    return m_status == core::SampleStatus::ToBeVerified && userCan(appServices(), core::Action::Return);
}
bool SampleController::canInvalidate() const
{
    return m_status && *m_status != core::SampleStatus::Invalidated && userCan(appServices(), core::Action::Invalidate);
}
bool SampleController::canPrintSlip() const
{
    return m_status == core::SampleStatus::Verified && userCan(appServices(), core::Action::ViewResults);
}

QStringList SampleController::substanceNames() const
{
    QStringList out;
    for (const auto &s : appServices().catalogue().substances())
        out << q(s.name);
    return out;
}

template<typename F>
bool SampleController::step(const QString &summary, F &&action)
{
    try {
        auto &services = appServices();
        action(services, m_sample.value(QStringLiteral("id")).toString().toStdString());
        reload();
        Q_EMIT done(summary);
        session().notifySamplesChanged();
        return true;
    } catch (...) {
        reportError();
        return false;
    }
}

namespace {
// The current findings as inputs, so that one can be added or removed and the whole set
// stored again (FindingStore::set is the one way findings change).
std::vector<core::FindingInput> currentInputs(AppServices &services, const std::string &sampleId)
{
    std::vector<core::FindingInput> out;
    for (const auto &f : core::FindingStore(services.db(), services.catalogue()).list(sampleId)) {
        core::FindingInput in;
        in.kind = f.kind;
        in.substance = f.substance;
        in.abundance = f.abundance;
        in.percent = f.percent;
        in.techniques = f.techniques;
        in.confidence = f.confidence;
        out.push_back(std::move(in));
    }
    return out;
}
} // namespace

bool SampleController::addFinding(const QString &component, const QString &special)
{
    return step(tr("Finding saved"), [&](AppServices &services, const std::string &id) {
        auto inputs = currentInputs(services, id);
        if (special.isEmpty()) {
            inputs.push_back(core::parseComponent(component.toStdString()));
        } else {
            core::FindingInput in;
            in.kind = special.toStdString();
            if (in.kind == "uncertain")
                in.confidence = core::Confidence::Uncertain;
            inputs.push_back(std::move(in));
        }
        core::FindingStore(services.db(), services.catalogue()).set(id, inputs, std::nullopt, services.actor());
    });
}

bool SampleController::addFindingFromMatch(const QString &substance, const QString &abundance)
{
    return step(tr("Finding saved"), [&](AppServices &services, const std::string &id) {
        core::FindingStore store(services.db(), services.catalogue());
        auto inputs = currentInputs(services, id);
        // The library names the measured salt ("Cocaine HCl"); the finding names the
        // catalogue substance, so that rules and trends count it with the others.
        const std::string name = store.findingName(substance.toStdString());
        const auto same = std::find_if(inputs.begin(), inputs.end(),
                                       [&](const core::FindingInput &f) { return f.kind == "substance" && f.substance == name; });
        if (same != inputs.end()) {
            // A second click changes the abundance (trace <-> primary) instead of listing it twice.
            same->abundance = core::parse<core::Abundance>(abundance.toStdString());
            same->percent.reset();
            if (std::find(same->techniques.begin(), same->techniques.end(), "ftir") == same->techniques.end())
                same->techniques.push_back("ftir");
        } else {
            core::FindingInput in;
            in.kind = "substance";
            in.substance = name;
            in.abundance = core::parse<core::Abundance>(abundance.toStdString());
            in.techniques = {"ftir"};
            inputs.push_back(std::move(in));
        }
        store.set(id, inputs, std::nullopt, services.actor());
    });
}

bool SampleController::addUncertainFromMatch(const QString &substance)
{
    return step(tr("Finding saved"), [&](AppServices &services, const std::string &id) {
        core::FindingStore store(services.db(), services.catalogue());
        auto inputs = currentInputs(services, id);
        const std::string name = store.findingName(substance.toStdString());
        const bool already = std::any_of(inputs.begin(), inputs.end(), [&](const core::FindingInput &f) {
            return f.substance == name; // detected or already uncertain: nothing to add
        });
        if (already)
            return;
        core::FindingInput in;
        in.kind = "uncertain";
        in.substance = name;
        in.confidence = core::Confidence::Uncertain;
        in.techniques = {"ftir"};
        inputs.push_back(std::move(in));
        store.set(id, inputs, std::nullopt, services.actor());
    });
}

bool SampleController::removeFinding(int index)
{
    return step(tr("Finding removed"), [&](AppServices &services, const std::string &id) {
        auto inputs = currentInputs(services, id);
        if (index < 0 || index >= int(inputs.size()))
            throw core::NotFound("no such finding");
        inputs.erase(inputs.begin() + index);
        core::FindingStore(services.db(), services.catalogue()).set(id, inputs, std::nullopt, services.actor());
    });
}

bool SampleController::submit()
{
    return step(tr("Submitted for verification"),
                [](AppServices &services, const std::string &id) { core::Workflow(services.db()).submit(id, services.actor()); });
}

bool SampleController::verify()
{
    return step(tr("Verified"),
                [](AppServices &services, const std::string &id) { core::Workflow(services.db()).verify(id, services.actor()); });
}

bool SampleController::returnForTesting(const QString &reason)
{
    return step(tr("Returned for more testing"), [&](AppServices &services, const std::string &id) {
        core::Workflow(services.db()).returnForTesting(id, reason.toStdString(), services.actor());
    });
}

bool SampleController::invalidate(const QString &reason)
{
    return step(tr("Invalidated"), [&](AppServices &services, const std::string &id) {
        core::Workflow(services.db()).invalidate(id, reason.toStdString(), services.actor());
    });
}

QVariantList SampleController::stripTypes() const
{
    QVariantList out;
    for (const auto &t : appServices().catalogue().stripTypes())
        out.append(QVariantMap{{"key", q(t.key)}, {"name", q(t.name)}, {"cutoff", q(t.defaultCutoffNgMl)}});
    return out;
}

QVariantList SampleController::reagentTypes() const
{
    QVariantList out;
    for (const auto &r : appServices().catalogue().reagents())
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

QStringList SampleController::stripResults() const
{
    // Negative first: it is the common reading, and the strip buttons start with it.
    QStringList out;
    for (const char *word : {"negative", "positive", "invalid"})
        if (std::find(core::stripResults().begin(), core::stripResults().end(), word) != core::stripResults().end())
            out << QLatin1String(word);
    for (const auto &word : core::stripResults())
        if (!out.contains(q(word)))
            out << q(word);
    return out;
}

QString SampleController::stripResultLabel(const QString &result) const
{
    if (result == QLatin1String("negative"))
        return tr("Negative (2 lines)");
    if (result == QLatin1String("positive"))
        return tr("Positive (1 line)");
    if (result == QLatin1String("invalid"))
        return tr("Invalid");
    return result;
}

QString SampleController::benchDilution() const
{
    return q(appServices().bench().dilution);
}
QString SampleController::benchLot() const
{
    return q(appServices().bench().lot);
}
QString SampleController::benchBrand() const
{
    return q(appServices().bench().brand);
}

void SampleController::setStripNotice(const QString &type, const QString &kind, const QString &text)
{
    if (kind != QLatin1String("error"))
        m_stripRejectedField.clear();
    m_stripNotice = {{"type", type}, {"kind", kind}, {"text", text}};
    Q_EMIT stripNoticeChanged();
}

void SampleController::setStripError(const QString &type, const std::exception_ptr &error)
{
    // Which field core refused, so that the page can outline it (the message says why).
    m_stripRejectedField.clear();
    try {
        std::rethrow_exception(error);
    } catch (const core::ValidationError &e) {
        m_stripRejectedField = e.field();
    } catch (...) {
    }
    setStripNotice(type, QStringLiteral("error"), logError(metaObject()->className(), error));
}

void SampleController::setReagentNotice(const QString &kind, const QString &text)
{
    m_reagentNotice = {{"kind", kind}, {"text", text}};
    Q_EMIT reagentNoticeChanged();
}

namespace {
core::StripInput stripInput(const QString &type, const QString &result, const QString &dilution, const QString &lot,
                            const QString &brand)
{
    core::StripInput in;
    in.stripType = type.toStdString();
    in.result = result.toStdString();
    in.dilutionMgMl = parseNumber(dilution, "dilution");
    if (!lot.trimmed().isEmpty())
        in.lot = lot.trimmed().toStdString();
    if (!brand.trimmed().isEmpty())
        in.brand = brand.trimmed().toStdString();
    return in;
}

QString readingText(const core::StripReading &r)
{
    QString text = q(r.result).toUpper();
    if (r.dilutionMgMl)
        text += QStringLiteral(" at %1 mg/mL").arg(*r.dilutionMgMl);
    return text;
}
} // namespace

bool SampleController::addStrip(const QString &type, const QString &result, const QString &dilution, const QString &lot,
                                const QString &brand)
{
    return recordStrip({type, result, dilution, lot, brand, {}}, false);
}

bool SampleController::tapStrip(const QString &type, const QString &result, const QString &dilution, const QString &lot,
                                const QString &brand)
{
    m_pending.reset();
    try {
        auto &services = appServices();
        core::ReadingStore readings(services.db(), services.catalogue());
        // A value that is wrong is said before anything is asked.
        readings.validateStrip(stripInput(type, result, dilution, lot, brand));
        const auto earlier = readings.currentStrip(m_sample.value(QStringLiteral("id")).toString().toStdString(),
                                                   type.toStdString());
        if (!earlier)
            return recordStrip({type, result, dilution, lot, brand, {}}, false);
        m_pending = PendingStrip{type, result, dilution, lot, brand, q(earlier->id)};
        const QString name = type.isEmpty() ? type : type.left(1).toUpper() + type.mid(1);
        Q_EMIT secondReading(
            tr("%1 strip already read %2 by %3 at %4. Record %5 instead of it, or keep both (a retest at "
               "another dilution)?")
                .arg(name, readingText(*earlier), q(earlier->createdByName), q(earlier->createdAt).mid(11, 5), result.toUpper()));
        return false;
    } catch (...) {
        setStripError(type, std::current_exception());
        return false;
    }
}

bool SampleController::answerSecondReading(const QString &choice)
{
    if (!m_pending)
        return false;
    const PendingStrip tap = *m_pending;
    m_pending.reset();
    if (choice == QLatin1String("replace"))
        return recordStrip(tap, true);
    if (choice == QLatin1String("keep"))
        return recordStrip(tap, false);
    setStripNotice(tap.type, QStringLiteral("saved"), tr("Nothing recorded: the earlier reading stands."));
    return false;
}

bool SampleController::recordStrip(const PendingStrip &tap, bool replace)
{
    try {
        auto &services = appServices();
        core::ReadingStore readings(services.db(), services.catalogue());
        const core::StripInput in = stripInput(tap.type, tap.result, tap.dilution, tap.lot, tap.brand);
        const auto before = m_warnings;
        const auto stored = replace ? readings.correctStrip(tap.existingId.toStdString(), in, services.actor())
                                    : readings.addStrip(m_sample.value(QStringLiteral("id")).toString().toStdString(), in,
                                                        services.actor());
        // Remembered for the next sample of the session: one batch of strips, one lot.
        services.bench() = {tap.dilution.trimmed().toStdString(), tap.lot.trimmed().toStdString(),
                            tap.brand.trimmed().toStdString()};
        reload();
        const QString newWarning = warningAddedSince(before);
        if (!newWarning.isEmpty())
            setStripNotice(tap.type, QStringLiteral("warning"), newWarning);
        else
            setStripNotice(tap.type, QStringLiteral("saved"),
                           (replace ? tr("Replaced: %1") : tr("Recorded: %1")).arg(readingText(stored)));
        Q_EMIT readingAdded(QStringLiteral("%1 strip: %2").arg(tap.type, tap.result), newWarning);
        session().notifySamplesChanged();
        return true;
    } catch (...) {
        setStripError(tap.type, std::current_exception());
        return false;
    }
}

QString SampleController::warningAddedSince(const QStringList &before) const
{
    QString added;
    for (const auto &w : m_warnings)
        if (!before.contains(w))
            added = w;
    return added;
}

bool SampleController::correctStrip(const QString &readingId, const QString &result)
{
    const core::StripReading *shown = m_strips.find(readingId);
    const QString type = shown ? q(shown->stripType) : QString();
    try {
        auto &services = appServices();
        core::ReadingStore readings(services.db(), services.catalogue());
        const auto old = readings.allStrips(m_sample.value(QStringLiteral("id")).toString().toStdString());
        const auto it = std::find_if(old.begin(), old.end(), [&](const core::StripReading &r) { return q(r.id) == readingId; });
        if (it == old.end())
            throw core::NotFound("no strip reading with id '" + readingId.toStdString() + "' on this sample");
        core::StripInput in{it->stripType,  result.toStdString(), it->brand,      it->lot,
                            it->cutoffNgMl, it->dilutionMgMl,     it->readTimeMin};
        const auto before = m_warnings;
        const auto stored = readings.correctStrip(it->id, in, services.actor());
        reload();
        const QString newWarning = warningAddedSince(before);
        if (!newWarning.isEmpty())
            setStripNotice(type, QStringLiteral("warning"), newWarning);
        else
            setStripNotice(type, QStringLiteral("saved"),
                           tr("Corrected: %1 → %2").arg(q(it->result).toUpper(), readingText(stored)));
        Q_EMIT readingAdded(QStringLiteral("%1 strip corrected: %2").arg(type, result), newWarning);
        session().notifySamplesChanged();
        return true;
    } catch (...) {
        setStripError(type, std::current_exception());
        return false;
    }
}

bool SampleController::addReagent(const QString &reagent, const QStringList &colours)
{
    try {
        auto &services = appServices();
        core::ReadingStore readings(services.db(), services.catalogue());
        std::vector<std::string> sequence;
        for (const auto &c : colours)
            sequence.push_back(c.toStdString());
        readings.addReagent(m_sample.value(QStringLiteral("id")).toString().toStdString(), reagent.toStdString(), sequence,
                            services.actor());
        const auto before = m_warnings;
        reload();
        const QString newWarning = warningAddedSince(before);
        const QString summary = QStringLiteral("%1: %2").arg(reagent, colours.join(QStringLiteral(" → ")));
        if (newWarning.isEmpty())
            setReagentNotice(QStringLiteral("saved"), tr("Recorded %1").arg(summary));
        else
            setReagentNotice(QStringLiteral("warning"), newWarning);
        Q_EMIT readingAdded(summary, newWarning);
        session().notifySamplesChanged();
        return true;
    } catch (...) {
        setReagentNotice(QStringLiteral("error"), logError(metaObject()->className(), std::current_exception()));
        return false;
    }
}

QStringList SampleController::reagentCandidates(const QString &reagent, const QStringList &colours) const
{
    std::vector<std::string> sequence;
    for (const auto &c : colours)
        sequence.push_back(c.toStdString());
    QStringList out;
    for (const auto &c : appServices().catalogue().reagentCandidates(reagent.toStdString(), sequence))
        out << (c.exact ? q(c.substance) : q(c.substance) + QStringLiteral(" (if it goes on)"));
    return out;
}

} // namespace candor::app
