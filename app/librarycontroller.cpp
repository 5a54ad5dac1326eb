#include "librarycontroller.h"
#include "appservices.h"
#include "sessioncontroller.h"
#include "errortext.h"

#include "core/references.h"
#include "core/users.h"
#include "services/referencelibrary.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace candor::app {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

LibraryController::LibraryController(QObject *parent)
    : Controller(parent)
    , m_references(this)
{
}

LibraryController::LibraryController(SessionController &session, QObject *parent)
    : Controller(session, parent)
    , m_references(this)
{
    begin();
}

void LibraryController::begin()
{
    reload();
}

QString LibraryController::demoNotice() const
{
    QString notice = QString::fromUtf8(services::kDemoLibraryNotice);
    notice[0] = notice[0].toUpper();
    return notice;
}

void LibraryController::reload()
{
    std::vector<core::ReferenceRow> references;
    m_summary.clear();
    m_demoCount = 0;
    m_canImport = false;
    m_riskNotSet.clear();
    m_qcPairs.clear();
    if (auto *services = &appServices(); services) {
        try {
            m_canImport = services->currentUser() && services->currentUser()->hasRole(core::Role::Admin);
            core::ReferenceStore store(services->db());
            auto rows = store.all(false);
            // Those in use first, by substance; the retired ones (kept for the history) after.
            std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
                return std::tie(a.retired, a.substance) < std::tie(b.retired, b.substance);
            });
            std::set<std::string> substances;
            std::set<std::string> unset;
            std::map<std::string, std::string> files;
            int high = 0;
            std::size_t active = 0;
            for (const auto &r : rows) {
                if (r.retired)
                    continue;
                ++active;
                files[r.id] = r.fileName;
                substances.insert(r.substance);
                high += r.riskSet && r.risk == "high" ? 1 : 0;
                m_demoCount += r.isDemo ? 1 : 0;
                if (!r.riskSet)
                    unset.insert(r.substance);
            }
            for (const auto &name : unset)
                m_riskNotSet << q(name);
            if (active > 0) {
                const auto library = services->library();
                for (const auto &pair : services::libraryQc(*library))
                    m_qcPairs.append(QVariantMap{{"substanceA", q(pair.substanceA)},
                                                 {"fileA", q(files[pair.spectrumIdA])},
                                                 {"substanceB", q(pair.substanceB)},
                                                 {"fileB", q(files[pair.spectrumIdB])},
                                                 {"correlation", pair.correlation}});
            }
            references = rows;
            m_summary = active == 0
                            ? QStringLiteral("The library is empty: nothing can be matched until references are imported.")
                            : QStringLiteral("%1 reference spectra of %2 substances (%3 high-risk), version %4")
                                  .arg(active)
                                  .arg(substances.size())
                                  .arg(high)
                                  .arg(q(store.version()));
        } catch (...) {
            reportError();
        }
    }
    m_references.reset(std::move(references));
    Q_EMIT changed();
}

bool LibraryController::importUrls(const QList<QUrl> &urls)
{
    QStringList paths;
    for (const auto &url : urls) {
        if (!url.isLocalFile()) {
            reportError(QStringLiteral("%1 is not a local folder.").arg(url.toDisplayString()));
            return false;
        }
        paths << url.toLocalFile();
    }
    return importPaths(paths);
}

bool LibraryController::importPaths(const QStringList &paths)
{
    auto *services = &appServices();
    if (!services)
        return false;
    try {
        std::vector<std::filesystem::path> given;
        for (const auto &p : paths)
            given.emplace_back(p.toStdString());
        const auto outcomes = services::importReferenceFiles(services->db(), given, services->actor());
        m_importResults.clear();
        using Status = services::ReferenceImportOutcome::Status;
        std::map<Status, int> counts;
        for (const auto &o : outcomes) {
            counts[o.status]++;
            m_importResults.append(
                QVariantMap{{"status", QString::fromLatin1(services::toString(o.status))}, {"message", q(o.message)}});
        }
        m_importSummary = QStringLiteral("%1 added, %2 already present, %3 failed")
                              .arg(counts[Status::Added])
                              .arg(counts[Status::AlreadyPresent])
                              .arg(counts[Status::Failed]);
        if (counts[Status::Skipped] > 0)
            m_importSummary += QStringLiteral(", %1 skipped (not spectra)").arg(counts[Status::Skipped]);
    } catch (...) {
        reportError();
        return false;
    }
    Q_EMIT importFinished();
    reload();
    Q_EMIT libraryChanged(); // the re-screen itself starts only when the library differs
    return true;
}

bool LibraryController::retireDemo()
{
    auto *services = &appServices();
    if (!services)
        return false;
    try {
        core::ReferenceStore(services->db()).retireDemo(services->actor());
    } catch (...) {
        reportError();
        return false;
    }
    reload();
    Q_EMIT libraryChanged();
    return true;
}

bool LibraryController::setClassAndRisk(const QString &substance, const QString &substanceClass, const QString &risk)
{
    auto *services = &appServices();
    if (!services)
        return false;
    try {
        core::ReferenceStore(services->db())
            .setSubstanceClassAndRisk(substance.toStdString(), substanceClass.toStdString(), risk.toStdString(),
                                      services->actor());
    } catch (...) {
        reportError();
        return false;
    }
    reload();
    Q_EMIT libraryChanged();
    return true;
}

} // namespace candor::app
