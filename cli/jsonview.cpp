#include "cli/jsonview.h"

#include "core/catalogue.h"
#include "core/findings.h"
#include "core/readings.h"
#include "core/samples.h"
#include "core/sites.h"
#include "core/users.h"

#include <ostream>

namespace candor::cli {

namespace {
template<typename T>
nlohmann::ordered_json orNull(const std::optional<T> &value)
{
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}
} // namespace

nlohmann::ordered_json sampleJson(const core::Sample &s)
{
    return {
        {"id", s.id},
        {"public_code", s.publicCode},
        {"received_at", s.receivedAt},
        {"site", s.siteName},
        {"site_id", s.siteId},
        {"region", s.region},
        {"intake_channel", s.intakeChannel},
        {"sold_as", s.soldAs},
        {"sold_as_substance", orNull(s.soldAsSubstance)},
        {"form", s.form},
        {"colour", orNull(s.colour)},
        {"texture", orNull(s.texture)},
        {"pill_logo", orNull(s.pillLogo)},
        {"pill_score_line", orNull(s.pillScoreLine)},
        {"pill_diameter_mm", orNull(s.pillDiameterMm)},
        {"pill_thickness_mm", orNull(s.pillThicknessMm)},
        {"pill_mass_mg", orNull(s.pillMassMg)},
        {"sample_type", s.sampleType},
        {"reported_effects", orNull(s.reportedEffects)},
        {"overdose_involved", orNull(s.overdoseInvolved)},
        {"research_consent", s.researchConsent},
        {"notes", orNull(s.notes)},
        {"status", core::toString(s.status)},
        {"is_demo", s.isDemo},
        {"created_by", s.createdByName},
        {"created_by_id", s.createdBy},
        {"created_at", s.createdAt},
        {"referral", orNull(s.referralReason)},
        {"status_reason", orNull(s.statusReason)},
        {"submitted_by", orNull(s.submittedByName)},
        {"submitted_at", orNull(s.submittedAt)},
        {"verified_by", orNull(s.verifiedByName)},
        {"verified_at", orNull(s.verifiedAt)},
    };
}

nlohmann::ordered_json stripJson(const core::StripReading &r)
{
    return {
        {"id", r.id},
        {"sample_id", r.sampleId},
        {"type", r.stripType},
        {"result", r.result},
        {"brand", orNull(r.brand)},
        {"lot", orNull(r.lot)},
        {"cutoff_ng_ml", orNull(r.cutoffNgMl)},
        {"dilution_mg_ml", orNull(r.dilutionMgMl)},
        {"read_time_min", orNull(r.readTimeMin)},
        {"created_by", r.createdByName},
        {"created_at", r.createdAt},
    };
}

nlohmann::ordered_json candidatesJson(const std::vector<core::ReagentCandidate> &candidates)
{
    auto out = nlohmann::ordered_json::array();
    for (const auto &c : candidates)
        out.push_back({{"substance", c.substance}, {"exact", c.exact}});
    return out;
}

nlohmann::ordered_json reagentJson(const core::ReagentReading &r, const std::vector<core::ReagentCandidate> &candidates)
{
    return {
        {"id", r.id},
        {"sample_id", r.sampleId},
        {"reagent", r.reagent},
        {"colours", r.colours},
        {"candidates", candidatesJson(candidates)},
        {"created_by", r.createdByName},
        {"created_at", r.createdAt},
    };
}

nlohmann::ordered_json findingJson(const core::Finding &f)
{
    return {
        {"id", f.id},
        {"kind", f.kind},
        {"substance", orNull(f.substance)},
        {"class", orNull(f.substanceClass)},
        {"in_catalogue", f.known},
        {"abundance", f.abundance ? nlohmann::ordered_json(core::toString(*f.abundance)) : nlohmann::ordered_json(nullptr)},
        {"percent", orNull(f.percent)},
        {"techniques", f.techniques},
        {"confidence", core::toString(f.confidence)},
        {"text", f.describe()},
        {"created_by", f.createdByName},
        {"created_at", f.createdAt},
    };
}

nlohmann::ordered_json historyJson(const std::vector<core::HistoryEvent> &events)
{
    auto out = nlohmann::ordered_json::array();
    for (const auto &e : events)
        out.push_back({{"at", e.at}, {"who", e.who}, {"what", e.what}});
    return out;
}

nlohmann::ordered_json siteJson(const core::Site &site)
{
    return {{"id", site.id}, {"name", site.name}, {"region", site.region}};
}

nlohmann::ordered_json userJson(const core::User &user)
{
    return {
        {"id", user.id},
        {"name", user.name},
        {"display_name", user.displayName},
        {"roles", core::toStrings(user.roles)},
        {"active", user.active},
        {"created_at", user.createdAt},
    };
}

void printJson(std::ostream &out, const nlohmann::ordered_json &document)
{
    out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

} // namespace candor::cli
