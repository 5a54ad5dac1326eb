#pragma once
// The sample page's logic: the sample's details, its strip and reagent readings with one
// call per result, the warnings they raise and the sample's history.

#include "controller.h"
#include "findinglistmodel.h"
#include "reagentreadingmodel.h"
#include "stripreadingmodel.h"

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include "core/vocabulary.h"

#include <exception>
#include <optional>
#include <string>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class SampleController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString sampleId READ sampleId WRITE setSampleId NOTIFY sampleIdChanged)
    Q_PROPERTY(QVariantMap sample READ sample NOTIFY loaded)
    // The sample's fields for display, [{label, value, emphasis}], only those that are set.
    Q_PROPERTY(QVariantList details READ details NOTIFY loaded)
    // Every strip reading, oldest first; a superseded one stays listed, marked, and no
    // longer counts.
    Q_PROPERTY(candor::app::StripReadingModel *strips READ strips CONSTANT)
    // What the last strip tap or correction said, shown beside the strips:
    // {type, kind: "error" | "warning" | "saved", text}; empty before any.
    Q_PROPERTY(QVariantMap stripNotice READ stripNotice NOTIFY stripNoticeChanged)
    // The last strip tap was refused for its dilution: the dilution field is outlined.
    Q_PROPERTY(bool dilutionRejected READ dilutionRejected NOTIFY stripNoticeChanged)
    // The same for the reagents: {kind, text}.
    Q_PROPERTY(QVariantMap reagentNotice READ reagentNotice NOTIFY reagentNoticeChanged)
    // Lot, brand and dilution as last typed this session (any sample), to start from.
    Q_PROPERTY(QString benchDilution READ benchDilution NOTIFY loaded)
    Q_PROPERTY(QString benchLot READ benchLot NOTIFY loaded)
    Q_PROPERTY(QString benchBrand READ benchBrand NOTIFY loaded)
    Q_PROPERTY(candor::app::ReagentReadingModel *reagents READ reagents CONSTANT)
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY loaded)
    Q_PROPERTY(QVariantList history READ history NOTIFY loaded)
    Q_PROPERTY(bool editable READ editable NOTIFY loaded)
    // Findings, and the referral reason ("" when none).
    Q_PROPERTY(candor::app::FindingListModel *findings READ findings CONSTANT)
    Q_PROPERTY(QString referral READ referral NOTIFY loaded)
    Q_PROPERTY(QString statusReason READ statusReason NOTIFY loaded)
    // What the signed-in user may do now; core checks again on every call.
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY loaded)
    Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY loaded)
    Q_PROPERTY(bool canVerify READ canVerify NOTIFY loaded)
    Q_PROPERTY(bool canReturn READ canReturn NOTIFY loaded)
    Q_PROPERTY(bool canInvalidate READ canInvalidate NOTIFY loaded)
    Q_PROPERTY(bool canPrintSlip READ canPrintSlip NOTIFY loaded)
    // Why verify is not offered, for the reviewer ("" when it is).
    Q_PROPERTY(QString verifyBlockedReason READ verifyBlockedReason NOTIFY loaded)
    Q_PROPERTY(QStringList substanceNames READ substanceNames CONSTANT)
    // Catalogue choices: [{key, name, cutoff}] and [{key, name}].
    Q_PROPERTY(QVariantList stripTypes READ stripTypes CONSTANT)
    Q_PROPERTY(QVariantList reagentTypes READ reagentTypes CONSTANT)
    Q_PROPERTY(QStringList reagentColours READ reagentColours CONSTANT)
    // The results a strip reads (core's words), in the order the bench shows them:
    // negative, positive, invalid.
    Q_PROPERTY(QStringList stripResults READ stripResults CONSTANT)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit SampleController(QObject *parent = nullptr);
    explicit SampleController(SessionController &session, QObject *parent = nullptr);

    QString sampleId() const { return m_sampleId; }
    void setSampleId(const QString &id);
    QVariantMap sample() const { return m_sample; }
    QVariantList details() const { return m_details; }
    StripReadingModel *strips() { return &m_strips; }
    QVariantMap stripNotice() const { return m_stripNotice; }
    QVariantMap reagentNotice() const { return m_reagentNotice; }
    bool dilutionRejected() const { return m_stripRejectedField == "dilution"; }
    QString benchDilution() const;
    QString benchLot() const;
    QString benchBrand() const;
    ReagentReadingModel *reagents() { return &m_reagents; }
    QStringList warnings() const { return m_warnings; }
    QVariantList history() const { return m_history; }
    bool editable() const;
    FindingListModel *findings() { return &m_findings; }
    QString referral() const { return m_referral; }
    QString statusReason() const { return m_statusReason; }
    bool canEdit() const;
    bool canSubmit() const;
    bool canVerify() const { return m_canVerify; }
    bool canReturn() const;
    bool canInvalidate() const;
    bool canPrintSlip() const;
    QString verifyBlockedReason() const { return m_verifyBlocked; }
    QStringList substanceNames() const;
    QVariantList stripTypes() const;
    QVariantList reagentTypes() const;
    QStringList reagentColours() const;
    QStringList stripResults() const;
    // What a strip result's button says: "Negative (2 lines)", "Positive (1 line)", "Invalid".
    Q_INVOKABLE QString stripResultLabel(const QString &result) const;

    // One tap per result. `dilution` (mg/mL), `lot` and `brand` may be empty. Records the
    // reading at once (keeping any earlier one of the type).
    Q_INVOKABLE bool addStrip(const QString &type, const QString &result, const QString &dilution, const QString &lot,
                              const QString &brand);
    // The strip buttons' tap: checks the values (a bad one: an error notice beside the
    // strip, nothing stored); when the sample already has a reading of this strip that
    // counts, stores nothing yet and emits secondReading, to be answered with
    // answerSecondReading; otherwise records it. True when a reading was stored.
    Q_INVOKABLE bool tapStrip(const QString &type, const QString &result, const QString &dilution, const QString &lot,
                              const QString &brand);
    // "replace" (the earlier reading is superseded by this one), "keep" (both count: a
    // retest at another dilution) or "cancel" (nothing stored).
    Q_INVOKABLE bool answerSecondReading(const QString &choice);
    // Corrects a mis-tapped reading to `result`, keeping its lot, brand, cutoff and
    // dilution; the old reading stays, marked superseded, and in the audit log.
    Q_INVOKABLE bool correctStrip(const QString &readingId, const QString &result);
    Q_INVOKABLE bool addReagent(const QString &reagent, const QStringList &colours);
    // Substances a reagent sequence is consistent with, exact matches first.
    Q_INVOKABLE QStringList reagentCandidates(const QString &reagent, const QStringList &colours) const;
    Q_INVOKABLE void reload();

    // "fentanyl:trace", "caffeine", "mdma:30%"; `special` is "", "uncertain" or "no-match".
    Q_INVOKABLE bool addFinding(const QString &component, const QString &special);
    Q_INVOKABLE bool removeFinding(int index);
    // One click from a library match: the substance as the library names it, "primary" or
    // "trace", supported by FTIR.
    Q_INVOKABLE bool addFindingFromMatch(const QString &substance, const QString &abundance);
    // A "possible" high-risk component is no detection: it becomes an uncertain finding
    // ("uncertain match: possibly fentanyl"), which refers the sample for confirmation.
    Q_INVOKABLE bool addUncertainFromMatch(const QString &substance);
    Q_INVOKABLE bool submit();
    Q_INVOKABLE bool verify();
    Q_INVOKABLE bool returnForTesting(const QString &reason);
    Q_INVOKABLE bool invalidate(const QString &reason);

Q_SIGNALS:
    void sampleIdChanged();
    void loaded();
    // A reading was stored; `warning` is the cross-reaction sentence it raised, or "".
    void readingAdded(const QString &summary, const QString &warning);
    // A tap on a strip already read: `question` names the earlier reading and the new one.
    void secondReading(const QString &question);
    void stripNoticeChanged();
    void reagentNoticeChanged();
    // A finding or a workflow step was stored: a sentence for the toast.
    void done(const QString &summary);

private:
    QString m_sampleId;
    QVariantMap m_sample;
    std::optional<core::SampleStatus> m_status; // of m_sample; none before a sample loaded
    StripReadingModel m_strips;
    ReagentReadingModel m_reagents;
    QVariantList m_history, m_details;
    QStringList m_warnings;
    // The newest warning in m_warnings that `before` did not hold (what a reading raised).
    QString warningAddedSince(const QStringList &before) const;
    FindingListModel m_findings;
    QString m_referral, m_statusReason, m_verifyBlocked;
    bool m_canVerify = false;
    QVariantMap m_stripNotice, m_reagentNotice;
    // The tap waiting for an answer to secondReading, and the reading it would replace.
    struct PendingStrip {
        QString type, result, dilution, lot, brand, existingId;
    };
    std::optional<PendingStrip> m_pending;
    bool recordStrip(const PendingStrip &tap, bool replace);
    void setStripNotice(const QString &type, const QString &kind, const QString &text);
    // An error notice for `type` from a refused tap, remembering the field core refused.
    void setStripError(const QString &type, const std::exception_ptr &error);
    std::string m_stripRejectedField;
    void setReagentNotice(const QString &kind, const QString &text);
    template<typename F>
    bool step(const QString &summary, F &&action);
};

} // namespace candor::app
