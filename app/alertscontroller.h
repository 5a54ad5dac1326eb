#pragma once
// The coordinator's alert pages (issue 6): drafts from this service's verified samples,
// the editor with a live preview of the anonymized bulletin, publish, publish a
// correction, withdraw with a reason, and every message an alert sent. Publishing and
// editing need the coordinator role; the library refuses otherwise and the refusal
// arrives as errorOccurred.

#include "alertlistmodel.h"
#include "controller.h"
#include "publicationlistmodel.h"

#include "core/alert.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace candor::app {

class AlertsController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    // Every alert, drafts first as the store lists them; reset on each reload.
    Q_PROPERTY(candor::app::AlertListModel *alerts READ alerts CONSTANT)
    Q_PROPERTY(int count READ count NOTIFY alertsChanged)
    // "" or why the verified demo samples are not in any alert (they never are).
    Q_PROPERTY(QString demoNote READ demoNote NOTIFY alertsChanged)
    Q_PROPERTY(QString selectedId READ selectedId NOTIFY selectionChanged)
    // The selected alert's text as stored, for the editor; "" when nothing is selected.
    Q_PROPERTY(QString selectedHeadline READ selectedHeadline NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedFound READ selectedFound NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedSoldAs READ selectedSoldAs NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedAdvice READ selectedAdvice NOTIFY selectionChanged)
    // Its severity's word (information when nothing is selected: the picker's first).
    Q_PROPERTY(QString selectedSeverity READ selectedSeverity NOTIFY selectionChanged)
    // draft, published, cancelled; empty when nothing is selected
    Q_PROPERTY(QString selectedStatus READ selectedStatus NOTIFY selectionChanged)
    // The selected alert's messages, oldest first; empty when nothing is selected.
    Q_PROPERTY(candor::app::PublicationListModel *history READ history CONSTANT)
    // The anonymized bulletin, as rich text, for the text being edited.
    Q_PROPERTY(QString preview READ preview NOTIFY previewChanged)
    // Why the text being edited could not be published (the export's own check: alert,
    // field, rule, what to change), or empty when it could.
    Q_PROPERTY(QString previewProblem READ previewProblem NOTIFY previewChanged)
    Q_PROPERTY(bool canPublish READ canPublish NOTIFY permissionsChanged)
    // The selected alert: coordinator, and not withdrawn.
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY selectionChanged)
    Q_PROPERTY(QString publishLabel READ publishLabel NOTIFY selectionChanged)
    // "Dismiss draft" for a draft (nothing went out), "Withdraw" once published.
    Q_PROPERTY(QString withdrawLabel READ withdrawLabel NOTIFY selectionChanged)
    // Where "Export site" writes (replaced whole each time); Documents/candor-site at first.
    Q_PROPERTY(QString exportFolder READ exportFolder WRITE setExportFolder NOTIFY exportChanged)
    // file:// URL of the index.html written last; empty before the first export.
    Q_PROPERTY(QString exportedIndex READ exportedIndex NOTIFY exportChanged)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit AlertsController(QObject *parent = nullptr);
    explicit AlertsController(SessionController &session, QObject *parent = nullptr);

    AlertListModel *alerts() { return &m_alerts; }
    int count() const { return m_alerts.rowCount(); }
    QString demoNote() const { return m_demoNote; }
    QString selectedId() const { return m_selectedId; }
    // The selected alert as stored, or nullptr when nothing is selected.
    const core::Alert *selected() const { return m_selected ? &*m_selected : nullptr; }
    QString selectedHeadline() const;
    QString selectedFound() const;
    QString selectedSoldAs() const;
    QString selectedAdvice() const;
    QString selectedSeverity() const;
    QString selectedStatus() const;
    PublicationListModel *history() { return &m_history; }
    QString preview() const { return m_preview; }
    QString previewProblem() const { return m_previewProblem; }
    bool canPublish() const;
    bool canEdit() const;
    QString publishLabel() const;
    QString withdrawLabel() const;
    QString exportFolder() const;
    void setExportFolder(const QString &folder);
    QString exportedIndex() const { return m_exportedIndex; }

    // Matches the verified samples against the rules: new drafts, updated drafts.
    Q_INVOKABLE bool refresh();
    // Reloads the list without matching.
    Q_INVOKABLE void reload();
    Q_INVOKABLE void select(const QString &id);
    // The text being edited, unsaved: updates the preview only.
    Q_INVOKABLE void setPending(const QString &headline, const QString &found, const QString &soldAs, const QString &advice,
                                const QString &severity);
    // Saves the edited text (coordinator).
    Q_INVOKABLE bool save(const QString &headline, const QString &found, const QString &soldAs, const QString &advice,
                          const QString &severity);
    // Publishes the selected alert: the first message, or a correction (Update).
    Q_INVOKABLE bool publish();
    // Withdraws the selected alert (or dismisses a draft); a reason is required.
    Q_INVOKABLE bool cancel(const QString &reason);
    // Writes the community site (HTML, Atom, CAP, JSON, CSV, posters) to exportFolder,
    // through the anonymizer, whole or not at all; the outcome arrives as published or
    // errorOccurred.
    Q_INVOKABLE bool exportSite();

Q_SIGNALS:
    void alertsChanged();
    void selectionChanged();
    void previewChanged();
    void permissionsChanged();
    void exportChanged();
    void published(const QString &message);

protected:
    void begin() override;

private:
    void loadSelected();
    void updatePreview();

    AlertListModel m_alerts;
    QString m_demoNote;
    QString m_selectedId;
    std::optional<core::Alert> m_selected;
    PublicationListModel m_history;
    QString m_preview;
    QString m_previewProblem;
    // The text being edited, unsaved (setPending): what the preview shows.
    core::Alert m_pending;
    std::string m_pendingSeverity; // parsed when the preview is made: a bad word shows there
    QString m_exportFolder;
    QString m_exportedIndex;
};

} // namespace candor::app
