#pragma once
// Everything the public reads, rendered from an anonymized PublicBundle: the static
// community site (HTML with inline SVG charts), an Atom feed, one CAP 1.2 message per
// publication, JSON and CSV for researchers, and (through a PosterWriter) a printable
// poster per alert. SiteExporter runs the anonymizer, renders every file in memory,
// scans every byte, and only then writes a temporary folder renamed into place.

#include "alerts/anonymizer.h"

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace candor::alerts {

// The output folder could not be written; nothing was changed there.
class ExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SiteOptions {
    std::string title = "Drug checking alerts";
    std::string serviceName = "the drug-checking service";
    std::string sender = "alerts@candor.invalid"; // CAP sender and Atom author
    std::string generatedAt;                      // UTC; now when empty
};

// Renders an alert's poster (A4 PDF). Lives in its own target because it needs QtGui.
class PosterWriter {
public:
    virtual ~PosterWriter() = default;
    virtual std::string pdf(const PublicAlert &alert, const SiteOptions &options) = 0;
};

// The latest message of each alert, current ones (not cancelled) first by severity.
std::vector<PublicAlert> latestPerAlert(const std::vector<PublicAlert> &alerts);

// One alert's page, as the site shows it; the app's live preview uses it too.
// `history` is every message of this alert, oldest first (may be empty for a draft).
std::string renderAlertHtml(const PublicAlert &alert, const std::vector<PublicAlert> &history, const SiteOptions &options);
std::string renderIndexHtml(const PublicBundle &bundle, const SiteOptions &options);
std::string renderTrendsHtml(const PublicBundle &bundle, const SiteOptions &options);
std::string renderAtom(const PublicBundle &bundle, const SiteOptions &options);
std::string renderCap(const PublicAlert &alert, const SiteOptions &options);
std::string capIdentifier(const std::string &alertId, int sequence);
std::string renderJson(const PublicBundle &bundle, const SiteOptions &options);
std::string renderMonthlyCsv(const AggregateTable &aggregates);
std::string renderSamplesCsv(const SampleTable &samples);
std::string siteStylesheet();

// Every file of the site, by relative path.
std::map<std::string, std::string> renderSite(const PublicBundle &bundle, const SiteOptions &options, PosterWriter *posters);

struct ExportResult {
    std::filesystem::path folder;
    std::map<std::string, std::size_t> files; // relative path -> bytes
    int alerts = 0;
    int sampleRows = 0;
};

class SiteExporter {
public:
    explicit SiteExporter(Anonymizer anonymizer = Anonymizer{}, SiteOptions options = {})
        : m_anonymizer(anonymizer)
        , m_options(std::move(options))
    {
    }
    void setPosterWriter(PosterWriter *writer) { m_posters = writer; }

    // Anonymizes, renders and checks everything, then writes `out` whole: into a
    // temporary folder beside it, renamed into place at the end. Throws
    // PublicationRefused (a rule failed: nothing written) or ExportError (the folder
    // cannot be written: nothing changed). `internalTerms` are further words no output
    // may contain (user names, ids). Every alert passes AlertCheck (alertcheck.h) first,
    // the check publishing runs; `alertSamples` (alert id -> its sample ids) gives the
    // sold-as groups its minimum group size rule needs. AlertRefused names each alert,
    // field and rule that failed.
    ExportResult exportSite(const std::vector<Publication> &publications, const std::vector<VerifiedSample> &samples,
                            const std::filesystem::path &out, const std::set<std::string> &internalTerms = {},
                            const std::map<std::string, std::vector<std::string>> &alertSamples = {});

    // The same, in memory: the files that exportSite would write.
    std::map<std::string, std::string> render(const std::vector<Publication> &publications,
                                              const std::vector<VerifiedSample> &samples,
                                              const std::set<std::string> &internalTerms = {},
                                              const std::map<std::string, std::vector<std::string>> &alertSamples = {});

private:
    Anonymizer m_anonymizer;
    SiteOptions m_options;
    PosterWriter *m_posters = nullptr;
};

} // namespace candor::alerts
