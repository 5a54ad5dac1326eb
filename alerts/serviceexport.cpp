#include "alerts/serviceexport.h"

#include "alerts/alertcheck.h"
#include "alerts/draftservice.h"
#include "alerts/externalresults.h"
#include "alerts/pdfposter.h"
#include "alerts/servicesamples.h"
#include "core/serviceidentity.h"
#include "core/sqlite/sqlitealertdraftstore.h"
#include "core/sqlite/sqliteexternalresultstore.h"
#include "core/users.h"

#include <set>

namespace candor::alerts {

std::set<std::string> staffTerms(core::Database &db)
{
    std::set<std::string> internal;
    for (const auto &u : core::UserStore(db).list()) {
        internal.insert(u.name);
        internal.insert(u.displayName);
        internal.insert(u.id);
    }
    return internal;
}

AlertCheck serviceAlertCheck(core::Database &db, core::Catalogue &catalogue)
{
    return AlertCheck(ServiceSampleSource(db, catalogue).verifiedSamples(), staffTerms(db));
}

ExportResult exportServiceSite(core::Database &db, core::Catalogue &catalogue, const std::filesystem::path &out,
                               TrendSource trends)
{
    const RuleBook rules; // publishing needs no rules; the service only reads the publications
    core::SqliteAlertDraftStore drafts(db);
    DraftService service(drafts, rules);
    PdfPosterWriter posters;
    // The service as an admin named it (Settings, 'service set'); the generic name until then.
    SiteOptions options;
    if (const auto identity = core::ServiceIdentityStore(db).get(); identity.isSet())
        options.serviceName = identity.name;
    SiteExporter exporter(Anonymizer{}, options);
    exporter.setPosterWriter(&posters);
    // Staff names never reach a public byte, whatever a coordinator typed into an alert.
    const std::set<std::string> internal = staffTerms(db);
    core::SqliteExternalResultStore externalRows(db);
    const auto samples = trends == TrendSource::External ? ExternalResultSource(externalRows).verifiedSamples()
                                                         : ServiceSampleSource(db, catalogue).verifiedSamples();
    std::map<std::string, std::vector<std::string>> alertSamples;
    if (trends == TrendSource::ThisService)
        for (const auto &a : service.list())
            alertSamples[a.id] = a.sampleIds;
    return exporter.exportSite(service.publications(), samples, out, internal, alertSamples);
}

} // namespace candor::alerts
