#include "core/readings.h"
#include "core/auditlog.h"
#include "core/permissions.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/samples.h"
#include "core/users.h"
#include "core/workflow.h"
#include "core/util.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace candor::core {

const std::vector<std::string> &stripResults()
{
    static const std::vector<std::string> v = {"positive", "negative", "invalid"};
    return v;
}

namespace {
std::optional<std::string> cleaned(const std::optional<std::string> &value)
{
    if (!value || trim(*value).empty())
        return std::nullopt;
    return trim(*value);
}

void checkPositive(const char *field, const std::optional<double> &value, double max)
{
    if (value && (!std::isfinite(*value) || *value <= 0 || *value > max))
        throw ValidationError(field, std::string(field) + ": must be a number above 0 and at most " + std::to_string(int(max)));
}

std::string titleCase(std::string s)
{
    if (!s.empty())
        s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}
} // namespace

void ReadingStore::requireEditable(const std::string &sampleId)
{
    auto st = m_db.prepare("SELECT status FROM samples WHERE id = ?");
    st.bind(1, sampleId);
    if (!st.step())
        throw NotFound("no sample with id '" + sampleId + "'");
    const auto status = parse<SampleStatus>(st.columnText(0));
    if (!isOpenForTesting(status))
        throw ValidationError("status", "the sample is " + toString(status) +
                                            ": readings can only be added while it is received or in testing");
}

void ReadingStore::markInTesting(const std::string &sampleId, const User &actor)
{
    markSampleInTesting(m_db, sampleId, actor);
}

void ReadingStore::validateStrip(const StripInput &in)
{
    if (!m_catalogue.stripType(in.stripType)) {
        std::vector<std::string> keys;
        for (const auto &t : m_catalogue.stripTypes())
            keys.push_back(t.key);
        std::sort(keys.begin(), keys.end());
        throw ValidationError("type", "type: unknown strip type '" + in.stripType + "' (known: " + joinList(keys, ", ") + ")");
    }
    const auto result = normalizeTerm(in.result);
    if (std::find(stripResults().begin(), stripResults().end(), result) == stripResults().end())
        throw ValidationError("result", "result: '" + in.result + "' is not one of positive, negative, invalid");
    checkPositive("cutoff", in.cutoffNgMl, 1e6);
    checkPositive("dilution", in.dilutionMgMl, 1000);
    checkPositive("read_time", in.readTimeMin, 240);
    if ((in.brand && in.brand->size() > 100) || (in.lot && in.lot->size() > 100))
        throw ValidationError(in.lot && in.lot->size() > 100 ? "lot" : "brand", "brand and lot: at most 100 characters");
}

namespace {
nlohmann::json stripAuditJson(const StripReading &r)
{
    return {{"type", r.stripType},
            {"result", r.result},
            {"brand", jsonOrNull(r.brand)},
            {"lot", jsonOrNull(r.lot)},
            {"cutoff_ng_ml", jsonOrNull(r.cutoffNgMl)},
            {"dilution_mg_ml", jsonOrNull(r.dilutionMgMl)},
            {"read_time_min", jsonOrNull(r.readTimeMin)}};
}
} // namespace

StripReading ReadingStore::insertStrip(const std::string &sampleId, const StripInput &in, const User &actor)
{
    const auto type = m_catalogue.stripType(in.stripType);
    StripReading r{newId(),
                   sampleId,
                   type->key,
                   normalizeTerm(in.result),
                   cleaned(in.brand),
                   cleaned(in.lot),
                   in.cutoffNgMl ? in.cutoffNgMl : type->defaultCutoffNgMl,
                   in.dilutionMgMl,
                   in.readTimeMin,
                   nowUtc(),
                   actor.name,
                   std::nullopt};
    m_db.prepare("INSERT INTO strip_readings (id, sample_id, strip_type, brand, lot, cutoff_ng_ml, dilution_mg_ml, "
                 "read_time_min, result, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, r.id)
        .bind(2, r.sampleId)
        .bind(3, r.stripType)
        .bind(4, r.brand)
        .bind(5, r.lot)
        .bind(6, r.cutoffNgMl)
        .bind(7, r.dilutionMgMl)
        .bind(8, r.readTimeMin)
        .bind(9, r.result)
        .bind(10, r.createdAt)
        .bind(11, actor.id)
        .run();
    return r;
}

StripReading ReadingStore::addStrip(const std::string &sampleId, const StripInput &in, const User &actor)
{
    require(actor, Action::AddReading);
    validateStrip(in);

    Transaction tx(m_db);
    requireEditable(sampleId);
    const StripReading r = insertStrip(sampleId, in, actor);
    markInTesting(sampleId, actor);
    AuditLog(m_db).append(&actor, "strip_reading", r.id, sampleId, "insert", nullptr, stripAuditJson(r));
    tx.commit();
    return r;
}

StripReading ReadingStore::correctStrip(const std::string &readingId, const StripInput &corrected, const User &actor)
{
    require(actor, Action::AddReading);
    Transaction tx(m_db);
    auto st = m_db.prepare("SELECT r.id, r.sample_id, r.strip_type, r.result, r.brand, r.lot, r.cutoff_ng_ml, r.dilution_mg_ml, "
                           "r.read_time_min, r.created_at, u.name, r.superseded_by FROM strip_readings r "
                           "JOIN users u ON u.id = r.created_by WHERE r.id = ?");
    st.bind(1, readingId);
    if (!st.step())
        throw NotFound("no strip reading with id '" + readingId + "'");
    const StripReading old{st.columnText(0),           st.columnText(1),           st.columnText(2),
                           st.columnText(3),           st.columnOptionalText(4),   st.columnOptionalText(5),
                           st.columnOptionalDouble(6), st.columnOptionalDouble(7), st.columnOptionalDouble(8),
                           st.columnText(9),           st.columnText(10),          st.columnOptionalText(11)};
    st.reset();
    if (old.supersededBy)
        throw ValidationError("reading",
                              "reading: this " + old.stripType + " reading was already corrected; correct the newer one");
    StripInput in = corrected;
    if (trim(in.stripType).empty())
        in.stripType = old.stripType;
    validateStrip(in);
    requireEditable(old.sampleId);

    const StripReading r = insertStrip(old.sampleId, in, actor);
    m_db.prepare("UPDATE strip_readings SET superseded_by = ? WHERE id = ?").bind(1, r.id).bind(2, old.id).run();
    AuditLog log(m_db);
    auto oldJson = stripAuditJson(old);
    oldJson["superseded_by"] = nullptr;
    auto supersededJson = stripAuditJson(old);
    supersededJson["superseded_by"] = r.id;
    log.append(&actor, "strip_reading", old.id, old.sampleId, "supersede", oldJson, supersededJson);
    auto newJson = stripAuditJson(r);
    newJson["supersedes"] = old.id;
    newJson["was"] = stripAuditJson(old);
    log.append(&actor, "strip_reading", r.id, old.sampleId, "correct", nullptr, newJson);
    tx.commit();
    return r;
}

std::optional<StripReading> ReadingStore::currentStrip(const std::string &sampleId, const std::string &stripType)
{
    const auto type = m_catalogue.stripType(stripType);
    const std::string key = type ? type->key : stripType;
    std::optional<StripReading> newest;
    for (auto &r : strips(sampleId))
        if (r.stripType == key)
            newest = std::move(r);
    return newest;
}

ReagentReading ReadingStore::addReagent(const std::string &sampleId, const std::string &reagentName,
                                        const std::vector<std::string> &colours, const User &actor)
{
    require(actor, Action::AddReading);
    const auto reagent = m_catalogue.reagent(reagentName);
    if (!reagent) {
        std::vector<std::string> keys;
        for (const auto &r : m_catalogue.reagents())
            keys.push_back(r.key);
        std::sort(keys.begin(), keys.end());
        throw ValidationError("reagent", "reagent: unknown reagent '" + reagentName + "' (known: " + joinList(keys, ", ") + ")");
    }
    std::vector<std::string> sequence;
    for (const auto &c : colours) {
        const auto colour = normalizeTerm(c);
        if (colour.empty())
            continue;
        if (colour.size() > 40)
            throw ValidationError("colours", "colours: each colour at most 40 characters");
        sequence.push_back(colour);
    }
    if (sequence.empty())
        throw ValidationError("colours", "colours: give the colours seen in order, e.g. \"purple,black\" (or \"no change\")");
    if (sequence.size() > 10)
        throw ValidationError("colours", "colours: at most 10 colours in one sequence");

    Transaction tx(m_db);
    requireEditable(sampleId);
    ReagentReading r{newId(), sampleId, reagent->key, sequence, nowUtc(), actor.name};
    m_db.prepare(
            "INSERT INTO reagent_readings (id, sample_id, reagent, colours, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, r.id)
        .bind(2, sampleId)
        .bind(3, r.reagent)
        .bind(4, joinList(sequence))
        .bind(5, r.createdAt)
        .bind(6, actor.id)
        .run();
    markInTesting(sampleId, actor);
    AuditLog(m_db).append(&actor, "reagent_reading", r.id, sampleId, "insert", nullptr,
                          {{"reagent", r.reagent}, {"colours", r.colours}});
    tx.commit();
    return r;
}

std::vector<StripReading> ReadingStore::strips(const std::string &sampleId)
{
    auto all = allStrips(sampleId);
    std::erase_if(all, [](const StripReading &r) { return r.supersededBy.has_value(); });
    return all;
}

std::vector<StripReading> ReadingStore::allStrips(const std::string &sampleId)
{
    std::vector<StripReading> out;
    auto st = m_db.prepare("SELECT r.id, r.sample_id, r.strip_type, r.result, r.brand, r.lot, r.cutoff_ng_ml, r.dilution_mg_ml, "
                           "r.read_time_min, r.created_at, u.name, r.superseded_by FROM strip_readings r "
                           "JOIN users u ON u.id = r.created_by WHERE r.sample_id = ? ORDER BY r.created_at, r.rowid");
    st.bind(1, sampleId);
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), st.columnText(2), st.columnText(3), st.columnOptionalText(4),
                       st.columnOptionalText(5), st.columnOptionalDouble(6), st.columnOptionalDouble(7),
                       st.columnOptionalDouble(8), st.columnText(9), st.columnText(10), st.columnOptionalText(11)});
    return out;
}

std::vector<ReagentReading> ReadingStore::reagents(const std::string &sampleId)
{
    std::vector<ReagentReading> out;
    auto st = m_db.prepare("SELECT r.id, r.sample_id, r.reagent, r.colours, r.created_at, u.name FROM reagent_readings r "
                           "JOIN users u ON u.id = r.created_by WHERE r.sample_id = ? ORDER BY r.created_at, r.rowid");
    st.bind(1, sampleId);
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), st.columnText(2), splitList(st.columnText(3)), st.columnText(4),
                       st.columnText(5)});
    return out;
}

std::vector<std::string> ReadingStore::crossReactionWarnings(const std::string &sampleId)
{
    std::vector<std::string> warnings;
    SampleStore samples(m_db, m_catalogue);
    const auto sample = samples.find(sampleId);
    if (!sample)
        return warnings;

    // Everything recorded for the sample that names a substance, with where it came from.
    std::vector<std::pair<std::string, std::string>> recorded;
    if (sample->soldAsSubstance)
        recorded.push_back({*sample->soldAsSubstance, "it was sold as \"" + sample->soldAs + "\""});
    for (const auto &reading : reagents(sampleId))
        for (const auto &candidate : m_catalogue.reagentCandidates(reading.reagent, reading.colours))
            recorded.push_back({candidate.substance, "the " + reading.reagent + " reagent suggested it"});

    std::set<std::string> said;
    for (const auto &strip : strips(sampleId)) {
        if (strip.result != "positive")
            continue;
        const auto type = m_catalogue.stripType(strip.stripType);
        if (!type)
            continue;
        for (const auto &cross : type->crossReactants) {
            for (const auto &[substance, why] : recorded) {
                if (substance != cross.substance || !said.insert(type->key + "|" + substance).second)
                    continue;
                warnings.push_back(titleCase(type->key) + " strip positive: this may be a cross-reaction with " + substance +
                                   " (" + why + "). " + titleCase(cross.note) + ". Source: " + cross.source + ".");
            }
        }
    }
    return warnings;
}

namespace {

std::string describeAuditEntry(const AuditEntry &e)
{
    const auto parse = [](const std::string &text) {
        return text.empty() ? nlohmann::json() : nlohmann::json::parse(text, nullptr, false);
    };
    const nlohmann::json value = parse(e.newValue);
    const auto text = [&](const char *key) {
        return value.is_object() && value.contains(key) && value[key].is_string() ? value[key].get<std::string>() : std::string();
    };
    if (e.entity == "sample") {
        if (e.action == "insert")
            return "Sample taken in (" + text("form") + ", sold as \"" + text("sold_as") + "\")";
        if (e.action == "start-testing")
            return std::string("Testing started");
        if (e.action == "submit")
            return std::string("Submitted for verification");
        if (e.action == "verify")
            return std::string("Verified");
        if (e.action == "return")
            return "Returned for more testing: " + e.reason;
        if (e.action == "invalidate")
            return "Invalidated: " + e.reason;
    }
    if (e.entity == "strip_reading") {
        // The "correct" entry tells the story of a correction; its "supersede" twin is
        // for the audit trail of the old reading, not a second history line.
        if (e.action == "supersede")
            return std::string();
        std::string what = titleCase(text("type")) + " strip: " + text("result");
        if (e.action == "correct" && value.contains("was") && value["was"].is_object())
            what = titleCase(text("type")) + " strip corrected: " + value["was"].value("result", std::string("?")) + " → " +
                   text("result");
        if (value.contains("dilution_mg_ml") && value["dilution_mg_ml"].is_number()) {
            char buffer[48];
            std::snprintf(buffer, sizeof buffer, " at %g mg/mL", value["dilution_mg_ml"].get<double>());
            what += buffer;
        }
        return what;
    }
    if (e.entity == "reagent_reading") {
        std::vector<std::string> colours;
        if (value.contains("colours") && value["colours"].is_array())
            for (const auto &c : value["colours"])
                if (c.is_string())
                    colours.push_back(c.get<std::string>());
        return titleCase(text("reagent")) + " reagent: " + joinList(colours, " → ");
    }
    if (e.entity == "findings") {
        std::vector<std::string> names;
        if (value.contains("findings") && value["findings"].is_array())
            for (const auto &f : value["findings"]) {
                const std::string kind = f.value("kind", "");
                if (kind == "no-match")
                    names.push_back("no library match");
                else if (kind == "uncertain")
                    names.push_back("uncertain match");
                else if (f.contains("substance") && f["substance"].is_string())
                    names.push_back(f["substance"].get<std::string>() + (f.value("abundance", nlohmann::json()).is_string() &&
                                                                                 f["abundance"] == toString(Abundance::Trace)
                                                                             ? " (trace)"
                                                                             : ""));
            }
        std::string what = names.empty() ? std::string("Findings cleared") : "Findings: " + joinList(names, ", ");
        if (value.contains("referral") && value["referral"].is_string())
            what += "; refer to a confirmatory lab (" + value["referral"].get<std::string>() + ")";
        return what;
    }
    if (e.entity == "instrument_file") {
        const auto spectra = value.value("spectra", 0);
        std::string what = "Instrument file " + text("file_name") + " imported (" + text("format") + ", " +
                           std::to_string(spectra) + (spectra == 1 ? " spectrum)" : " spectra)");
        // What the reader read leniently; a GC-MS run may have one per scan, so the
        // history names the first few and counts the rest (the file keeps them all).
        std::vector<std::string> warnings;
        if (value.contains("warnings") && value["warnings"].is_array())
            for (const auto &w : value["warnings"])
                if (w.is_string())
                    warnings.push_back(w.get<std::string>());
        constexpr std::size_t kWarningsNamed = 3;
        if (!warnings.empty()) {
            const std::size_t named = std::min(warnings.size(), kWarningsNamed);
            what += "; " + std::to_string(warnings.size()) + (warnings.size() == 1 ? " warning: " : " warnings: ") +
                    joinList(std::vector<std::string>(warnings.begin(), warnings.begin() + std::ptrdiff_t(named)), "; ");
            if (warnings.size() > named)
                what += "; and " + std::to_string(warnings.size() - named) + " more";
        }
        return what;
    }
    if (e.entity == "alert_update_request")
        return "Alerts built on this result marked for update";
    return e.entity + " " + e.action;
}

} // namespace

std::vector<HistoryEvent> ReadingStore::history(const std::string &sampleId)
{
    SampleStore samples(m_db, m_catalogue);
    const auto sample = samples.find(sampleId);
    if (!sample)
        throw NotFound("no sample with id '" + sampleId + "'");
    std::vector<HistoryEvent> events;
    const auto entries = AuditLog(m_db).forSample(sampleId);
    if (!entries.empty()) {
        for (const auto &e : entries)
            if (auto what = describeAuditEntry(e); !what.empty())
                events.push_back({e.at, e.actorName, std::move(what)});
        return events;
    }
    // A sample recorded before the audit log existed (schema 2): its story as the rows
    // tell it.
    events.push_back(
        {sample->createdAt, sample->createdByName, "Sample taken in (" + sample->form + ", sold as \"" + sample->soldAs + "\")"});
    for (const auto &s : strips(sampleId)) {
        std::string what = titleCase(s.stripType) + " strip: " + s.result;
        if (s.dilutionMgMl) {
            char buffer[48];
            std::snprintf(buffer, sizeof buffer, " at %g mg/mL", *s.dilutionMgMl);
            what += buffer;
        }
        events.push_back({s.createdAt, s.createdByName, what});
    }
    for (const auto &r : reagents(sampleId))
        events.push_back({r.createdAt, r.createdByName, titleCase(r.reagent) + " reagent: " + joinList(r.colours, " → ")});
    for (const auto &f : InstrumentFileStore(m_db).files(sampleId))
        events.push_back({f.importedAt, f.importedByName,
                          "Instrument file " + f.fileName + " imported (" + f.format + ", " + std::to_string(f.spectrumCount) +
                              (f.spectrumCount == 1 ? " spectrum)" : " spectra)")});
    std::stable_sort(events.begin(), events.end(), [](const auto &a, const auto &b) { return a.at < b.at; });
    return events;
}

} // namespace candor::core
