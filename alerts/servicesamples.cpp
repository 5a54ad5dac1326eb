#include "alerts/servicesamples.h"

#include "core/catalogue.h"
#include "core/findings.h"
#include "core/samples.h"

namespace candor::alerts {

std::vector<VerifiedSample> ServiceSampleSource::verifiedSamples()
{
    core::SampleStore samples(m_db, m_catalogue);
    core::FindingStore findings(m_db, m_catalogue);
    core::SampleQuery verified;
    verified.status = core::SampleStatus::Verified;
    verified.demo = false;
    const auto total = samples.count(verified);
    std::vector<VerifiedSample> out;
    out.reserve(std::size_t(total));
    for (const auto &s : samples.list(verified, 0, total)) {
        VerifiedSample v;
        v.id = s.id;
        v.publicCode = s.publicCode;
        v.receivedAt = s.receivedAt;
        v.site = s.siteName;
        v.region = s.region;
        v.soldAs = s.soldAs;
        v.soldAsSubstance = s.soldAsSubstance;
        if (s.soldAsSubstance)
            if (const auto substance = m_catalogue.substance(*s.soldAsSubstance))
                v.soldAsClass = substance->substanceClass;
        v.form = s.form;
        v.colour = s.colour;
        v.texture = s.texture;
        v.pillLogo = s.pillLogo;
        v.pillMassMg = s.pillMassMg;
        v.notes = s.notes;
        v.people = {s.createdByName};
        for (const auto &f : findings.list(s.id)) {
            Finding finding;
            if (f.kind == "substance" && f.substance) {
                finding.substance = *f.substance;
                finding.substanceClass = f.substanceClass.value_or(f.known ? "other" : "unidentified");
            } else {
                // "uncertain match" and "no library match" are findings too; they name
                // no substance a rule could fire on.
                finding.substance = f.kind == "uncertain" ? "uncertain match" : "no library match";
                finding.substanceClass = "unidentified";
            }
            finding.abundance = f.abundance ? core::toString(*f.abundance) : std::string();
            finding.technique = f.techniques.empty() ? std::string() : f.techniques.front();
            finding.percent = f.percent;
            v.findings.push_back(std::move(finding));
        }
        out.push_back(std::move(v));
    }
    return out;
}

std::int64_t ServiceSampleSource::demoLeftOut()
{
    core::SampleQuery demo;
    demo.status = core::SampleStatus::Verified;
    demo.demo = true;
    return core::SampleStore(m_db, m_catalogue).count(demo);
}

} // namespace candor::alerts
