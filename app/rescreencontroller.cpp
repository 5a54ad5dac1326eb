#include "rescreencontroller.h"
#include "appservices.h"
#include "sessioncontroller.h"
#include "errortext.h"

#include "core/candordatabase.h"
#include "core/rescreens.h"
#include "core/users.h"
#include "services/referencelibrary.h"
#include "services/rescreen.h"

#include <nlohmann/json.hpp>

namespace candor::app {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString componentsText(const std::string &json)
{
    QStringList parts;
    for (const auto &c : nlohmann::json::parse(json))
        parts << QStringLiteral("%1 (%2)").arg(q(c.value("substance", std::string())), q(c.value("status", std::string())));
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

} // namespace

RescreenController::RescreenController(QObject *parent)
    : Controller(parent)
{
}

RescreenController::RescreenController(SessionController &session, QObject *parent)
    : Controller(session, parent)
{
}

RescreenController::~RescreenController()
{
    if (m_thread) {
        m_stop.request_stop();
        m_thread->wait();
    }
}

bool RescreenController::start()
{
    auto *services = &appServices();
    if (!services || m_thread)
        return false;
    try {
        const core::User actor = services->actor();
        const auto library = services->library();
        const std::filesystem::path path = services->databasePath();
        m_stop = std::stop_source();
        m_done = 0;
        m_total = 0;
        m_status = tr("Re-screening the stored spectra against the new library…");
        const std::stop_token stop = m_stop.get_token();
        m_thread = QThread::create([this, actor, library, path, stop] {
            QVariantList changes;
            QString status, error;
            try {
                // The GUI thread's Database stays there: SQLite connections are per thread.
                auto db = core::openCandorDatabase(path);
                const auto outcome =
                    services::rescreenStoredSpectra(*db, *library, actor, stop, [this](const services::RescreenProgress &p) {
                        QMetaObject::invokeMethod(
                            this, [this, p] { onProgress(int(p.done), int(p.total), int(p.changes)); }, Qt::QueuedConnection);
                    });
                for (const auto &c : outcome.changes)
                    changes.append(QVariantMap{{"sampleId", q(c.sampleId)},
                                               {"publicCode", q(c.publicCode)},
                                               {"fileName", q(c.fileName)},
                                               {"sampleStatus", q(core::toString(c.sampleStatus))},
                                               {"before", componentsText(c.beforeJson)},
                                               {"after", componentsText(c.afterJson)},
                                               {"verified", c.sampleStatus == core::SampleStatus::Verified}});
                status = outcome.run.status == "cancelled"
                             ? tr("Re-screen stopped after %1 of %2 spectra; it resumes where it stopped.")
                                   .arg(outcome.run.done)
                                   .arg(outcome.run.total)
                         : outcome.changes.empty()
                             ? tr("Re-screened %1 stored %2 against the new library: no high-risk finding changed.")
                                   .arg(outcome.run.done)
                                   .arg(outcome.run.done == 1 ? tr("spectrum") : tr("spectra"))
                             : tr("Re-screened %1 stored spectra against the new library: %2 changed, listed below for "
                                  "review (verified results were not changed).")
                                   .arg(outcome.run.done)
                                   .arg(outcome.changes.size());
            } catch (...) {
                error = logError("RescreenController", std::current_exception());
            }
            QMetaObject::invokeMethod(
                this, [this, changes, status, error] { onFinished(changes, status, error); }, Qt::QueuedConnection);
        });
    } catch (...) {
        reportError();
        return false;
    }
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
    Q_EMIT runningChanged();
    Q_EMIT progressChanged();
    return true;
}

bool RescreenController::startIfLibraryChanged()
{
    auto *services = &appServices();
    if (!services || m_thread)
        return false;
    try {
        const auto last = core::RescreenStore(services->db()).latest();
        if (last && last->status == "finished" && last->libraryChecksum == services->library()->compiled().checksum())
            return false;
    } catch (...) {
        reportError();
        return false;
    }
    return start();
}

void RescreenController::cancel()
{
    if (m_thread)
        m_stop.request_stop();
}

void RescreenController::onProgress(int done, int total, int changes)
{
    if (!m_thread)
        return;
    m_done = done;
    m_total = total;
    m_status = tr("Re-screened %1 of %2 spectra, %3 changed").arg(done).arg(total).arg(changes);
    Q_EMIT progressChanged();
}

void RescreenController::onFinished(const QVariantList &changes, const QString &status, const QString &error)
{
    if (m_thread) {
        m_thread->wait();
        m_thread = nullptr;
    }
    if (error.isEmpty()) {
        m_changes = changes;
        m_status = status;
    } else {
        m_status = error;
        reportError(error);
    }
    Q_EMIT progressChanged();
    Q_EMIT finished();
    Q_EMIT runningChanged();
}

} // namespace candor::app
