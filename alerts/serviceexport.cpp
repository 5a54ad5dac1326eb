#include "alerts/serviceexport.h"

#include "alerts/draftservice.h"
#include "alerts/externalresults.h"
#include "alerts/pdfposter.h"
#include "alerts/servicesamples.h"
#include "core/users.h"

#include <set>

namespace candor::alerts {

ExportResult exportServiceSite(core::Database &db, core::Catalogue &catalogue, const std::filesystem::path &out,
                               TrendSource trends)
{
    const RuleBook rules; // publishing needs no rules; the service only reads the publications
    DraftService service(db, rules);
    PdfPosterWriter posters;
    SiteExporter exporter;
    exporter.setPosterWriter(&posters);
    // Staff names never reach a public byte, whatever a coordinator typed into an alert.
    std::set<std::string> internal;
    for (const auto &u : core::UserStore(db).list()) {
        internal.insert(u.name);
        internal.insert(u.displayName);
        internal.insert(u.id);
    }
    const auto samples = trends == TrendSource::External ? ExternalResultSource(db).verifiedSamples()
                                                         : ServiceSampleSource(db, catalogue).verifiedSamples();
    return exporter.exportSite(service.publications(), samples, out, internal);
}

} // namespace candor::alerts
