#include "core/samples.h"
#include "core/auditlog.h"
#include "core/permissions.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/sites.h"
#include "core/users.h"
#include "core/util.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace candor::core {

const std::vector<std::string> &sampleForms()
{
    static const std::vector<std::string> v = {"powder", "crystal", "rock",  "pill", "capsule",
                                               "liquid", "blotter", "plant", "other"};
    return v;
}
const std::vector<std::string> &intakeChannels()
{
    static const std::vector<std::string> v = {"walk-in", "mail-in", "event", "outreach"};
    return v;
}
const std::vector<std::string> &sampleTypes()
{
    static const std::vector<std::string> v = {"substance", "residue"};
    return v;
}
const std::vector<std::string> &sampleStatuses()
{
    return allTerms<SampleStatus>();
}

namespace {

bool contains(const std::vector<std::string> &list, const std::string &value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

void checkOneOf(const std::string &field, const std::string &value, const std::vector<std::string> &allowed)
{
    if (!contains(allowed, value))
        throw ValidationError(field, field + ": '" + value + "' is not one of " + joinList(allowed, ", "));
}

void checkLength(const std::string &field, const std::optional<std::string> &value, std::size_t max)
{
    if (value && value->size() > max)
        throw ValidationError(field, field + ": at most " + std::to_string(max) + " characters");
}

void checkRange(const std::string &field, const std::optional<double> &value, double lo, double hi, const char *unit)
{
    if (!value)
        return;
    if (!std::isfinite(*value) || *value < lo || *value > hi) {
        char buffer[160];
        std::snprintf(buffer, sizeof buffer, "%s: must be between %g and %g %s", field.c_str(), lo, hi, unit);
        throw ValidationError(field, buffer);
    }
}

std::optional<std::string> cleaned(const std::optional<std::string> &value)
{
    if (!value)
        return std::nullopt;
    auto t = trim(*value);
    if (t.empty())
        return std::nullopt;
    return t;
}

constexpr const char *kSampleColumns =
    "SELECT s.id, s.public_code, s.received_at, s.site_id, si.name, si.region, s.intake_channel, s.sold_as, "
    "s.sold_as_substance, s.form, s.colour, s.texture, s.pill_logo, s.pill_score_line, s.pill_diameter_mm, "
    "s.pill_thickness_mm, s.pill_mass_mg, s.sample_type, s.reported_effects, s.overdose_involved, "
    "s.research_consent, s.notes, s.status, s.is_demo, s.created_at, s.created_by, u.name, "
    "s.referral_reason, s.status_reason, s.submitted_by, sub.name, s.submitted_at, ver.name, s.verified_at "
    "FROM samples s JOIN sites si ON si.id = s.site_id JOIN users u ON u.id = s.created_by "
    "LEFT JOIN users sub ON sub.id = s.submitted_by LEFT JOIN users ver ON ver.id = s.verified_by ";

Sample readSample(Statement &st)
{
    Sample s;
    s.id = st.columnText(0);
    s.publicCode = st.columnText(1);
    s.receivedAt = st.columnText(2);
    s.siteId = st.columnText(3);
    s.siteName = st.columnText(4);
    s.region = st.columnText(5);
    s.intakeChannel = st.columnText(6);
    s.soldAs = st.columnText(7);
    s.soldAsSubstance = st.columnOptionalText(8);
    s.form = st.columnText(9);
    s.colour = st.columnOptionalText(10);
    s.texture = st.columnOptionalText(11);
    s.pillLogo = st.columnOptionalText(12);
    s.pillScoreLine = st.columnOptionalText(13);
    s.pillDiameterMm = st.columnOptionalDouble(14);
    s.pillThicknessMm = st.columnOptionalDouble(15);
    s.pillMassMg = st.columnOptionalDouble(16);
    s.sampleType = st.columnText(17);
    s.reportedEffects = st.columnOptionalText(18);
    if (!st.isNull(19))
        s.overdoseInvolved = st.columnInt(19) != 0;
    s.researchConsent = st.columnInt(20) != 0;
    s.notes = st.columnOptionalText(21);
    s.status = parse<SampleStatus>(st.columnText(22));
    s.isDemo = st.columnInt(23) != 0;
    s.createdAt = st.columnText(24);
    s.createdBy = st.columnText(25);
    s.createdByName = st.columnText(26);
    s.referralReason = st.columnOptionalText(27);
    s.statusReason = st.columnOptionalText(28);
    s.submittedBy = st.columnOptionalText(29);
    s.submittedByName = st.columnOptionalText(30);
    s.submittedAt = st.columnOptionalText(31);
    s.verifiedByName = st.columnOptionalText(32);
    s.verifiedAt = st.columnOptionalText(33);
    return s;
}

// Builds the WHERE clause for a query; `binds` collects the values in order.
// `soldAsSubstance` is what the sold-as filter normalizes to, when it names a substance.
std::string whereClause(const SampleQuery &q, const std::optional<std::string> &soldAsSubstance, std::vector<std::string> &binds)
{
    std::vector<std::string> conditions;
    if (q.status) {
        conditions.push_back("s.status = ?");
        binds.push_back(toString(*q.status));
    }
    if (soldAsSubstance) {
        // "fent", "down", "fentanyl" all mean the samples sold as fentanyl: one index lookup.
        conditions.push_back("s.sold_as_substance = ?");
        binds.push_back(*soldAsSubstance);
    } else if (q.soldAs && !trim(*q.soldAs).empty()) {
        conditions.push_back("(s.sold_as LIKE ? ESCAPE '\\' OR s.sold_as_substance = ?)");
        std::string pattern;
        for (char c : normalizeTerm(*q.soldAs)) {
            if (c == '%' || c == '_' || c == '\\')
                pattern += '\\';
            pattern += c;
        }
        binds.push_back("%" + pattern + "%");
        binds.push_back(normalizeTerm(*q.soldAs));
    }
    if (q.returnedOnly) {
        // Sample::isReturned in SQL.
        conditions.push_back("(s.status = ? AND s.status_reason IS NOT NULL)");
        binds.push_back(toString(SampleStatus::InTesting));
    }
    if (q.demo) {
        conditions.push_back("s.is_demo = ?");
        binds.push_back(*q.demo ? "1" : "0");
    }
    if (q.site && !trim(*q.site).empty()) {
        // By id, so that list and count need no join with sites.
        conditions.push_back("s.site_id IN (SELECT id FROM sites WHERE name = ?)");
        binds.push_back(trim(*q.site));
    }
    if (q.from && !trim(*q.from).empty()) {
        const auto t = parseUtc(*q.from);
        if (!t)
            throw ValidationError("from", "from: expected a date like 2026-11-22");
        conditions.push_back("s.received_at >= ?");
        binds.push_back(formatUtc(*t));
    }
    if (q.to && !trim(*q.to).empty()) {
        auto t = parseUtc(*q.to);
        if (!t)
            throw ValidationError("to", "to: expected a date like 2026-11-22");
        // A bare date means "up to the end of that day".
        if (trim(*q.to).size() <= 11)
            *t += std::chrono::hours(24);
        else
            *t += std::chrono::seconds(1);
        conditions.push_back("s.received_at < ?");
        binds.push_back(formatUtc(*t));
    }
    if (q.text && !trim(*q.text).empty()) {
        std::string pattern;
        for (char c : trim(*q.text)) {
            if (c == '%' || c == '_' || c == '\\')
                pattern += '\\';
            pattern += c;
        }
        pattern = "%" + pattern + "%";
        conditions.push_back("(s.public_code LIKE ? ESCAPE '\\' OR s.sold_as LIKE ? ESCAPE '\\' OR s.colour LIKE ? ESCAPE '\\' "
                             "OR s.pill_logo LIKE ? ESCAPE '\\' OR s.sold_as_substance LIKE ? ESCAPE '\\')");
        for (int i = 0; i < 5; ++i)
            binds.push_back(pattern);
    }
    if (conditions.empty())
        return "";
    return "WHERE " + joinList(conditions, " AND ") + " ";
}

} // namespace

std::vector<FieldError> SampleStore::check(const SampleInput &in)
{
    // Each rule runs on its own, so that one wrong field does not hide the next: intake
    // shows them all at once.
    std::vector<FieldError> errors;
    const auto run = [&errors](auto &&rule) {
        try {
            rule();
        } catch (const ValidationError &e) {
            errors.push_back({e.field(), e.what()});
        }
    };
    run([&] {
        const auto soldAs = trim(in.soldAs);
        if (soldAs.empty())
            throw ValidationError("sold_as",
                                  "sold_as: write what the person expects it to be, in their words (\"unknown\" is fine)");
        if (soldAs.size() > 200)
            throw ValidationError("sold_as", "sold_as: at most 200 characters");
    });
    run([&] {
        if (trim(in.form).empty())
            throw ValidationError("form", "form: choose what it looks like (" + joinList(sampleForms(), ", ") + ")");
        checkOneOf("form", normalizeTerm(in.form), sampleForms());
    });
    run([&] { checkLength("colour", in.colour, 100); });
    run([&] { checkLength("texture", in.texture, 100); });
    const bool isPill = normalizeTerm(in.form) == "pill" || normalizeTerm(in.form) == "capsule";
    const auto pillRule = [&](const char *field, bool given, auto &&range) {
        run([&] {
            // Without a form yet, the form's own error says what to do first.
            if (given && !isPill && !trim(in.form).empty())
                throw ValidationError(field, std::string(field) + ": pill details need form 'pill' or 'capsule'");
            range();
        });
    };
    pillRule("pill_logo", cleaned(in.pillLogo).has_value(), [&] { checkLength("pill_logo", in.pillLogo, 100); });
    pillRule("pill_score_line", cleaned(in.pillScoreLine).has_value(),
             [&] { checkLength("pill_score_line", in.pillScoreLine, 100); });
    pillRule("pill_mass_mg", in.pillMassMg.has_value(), [&] { checkRange("pill_mass_mg", in.pillMassMg, 5, 5000, "mg"); });
    pillRule("pill_diameter_mm", in.pillDiameterMm.has_value(),
             [&] { checkRange("pill_diameter_mm", in.pillDiameterMm, 1, 40, "mm"); });
    pillRule("pill_thickness_mm", in.pillThicknessMm.has_value(),
             [&] { checkRange("pill_thickness_mm", in.pillThicknessMm, 0.5, 20, "mm"); });
    run([&] { checkOneOf("sample_type", normalizeTerm(in.sampleType), sampleTypes()); });
    run([&] {
        if (in.site && !trim(*in.site).empty() && !SiteStore(m_db).findByName(*in.site)) {
            std::vector<std::string> names;
            for (const auto &s : SiteStore(m_db).list())
                names.push_back(s.name);
            throw ValidationError("site", "site: no site called '" + trim(*in.site) + "' (known: " + joinList(names, ", ") + ")");
        }
    });
    run([&] { checkOneOf("intake_channel", normalizeTerm(in.intakeChannel), intakeChannels()); });
    run([&] {
        if (in.receivedAt && !trim(*in.receivedAt).empty()) {
            const auto t = parseUtc(*in.receivedAt);
            if (!t)
                throw ValidationError("received_at", "received_at: expected a UTC time like 2026-11-22T14:05Z");
            if (*t > std::chrono::system_clock::now() + std::chrono::minutes(10))
                throw ValidationError("received_at", "received_at: cannot be in the future");
        }
    });
    run([&] { checkLength("reported_effects", in.reportedEffects, 2000); });
    run([&] { checkLength("notes", in.notes, 4000); });
    return errors;
}

void SampleStore::validate(const SampleInput &in)
{
    const auto errors = check(in);
    if (!errors.empty())
        throw ValidationError(errors.front().field, errors.front().message);
}

nlohmann::json sampleAuditJson(const Sample &s)
{
    return {{"public_code", s.publicCode},
            {"received_at", s.receivedAt},
            {"site", s.siteName},
            {"intake_channel", s.intakeChannel},
            {"sold_as", s.soldAs},
            {"sold_as_substance", jsonOrNull(s.soldAsSubstance)},
            {"form", s.form},
            {"colour", jsonOrNull(s.colour)},
            {"texture", jsonOrNull(s.texture)},
            {"pill_logo", jsonOrNull(s.pillLogo)},
            {"pill_score_line", jsonOrNull(s.pillScoreLine)},
            {"pill_diameter_mm", jsonOrNull(s.pillDiameterMm)},
            {"pill_thickness_mm", jsonOrNull(s.pillThicknessMm)},
            {"pill_mass_mg", jsonOrNull(s.pillMassMg)},
            {"sample_type", s.sampleType},
            {"reported_effects", jsonOrNull(s.reportedEffects)},
            {"overdose_involved", jsonOrNull(s.overdoseInvolved)},
            {"research_consent", s.researchConsent},
            {"notes", jsonOrNull(s.notes)},
            {"status", toString(s.status)},
            {"is_demo", s.isDemo}};
}

Sample SampleStore::add(const SampleInput &in, const User &actor)
{
    require(actor, Action::AddSample);
    validate(in);
    Transaction tx(m_db);
    SiteStore sites(m_db);
    const Site site = (in.site && !trim(*in.site).empty()) ? *sites.findByName(*in.site) : sites.ensureDefault();
    const std::string receivedAt = (in.receivedAt && !trim(*in.receivedAt).empty()) ? formatUtc(*parseUtc(*in.receivedAt))
                                                                                    : nowUtc();
    const std::string id = newId();

    auto exists = m_db.prepare("SELECT 1 FROM samples WHERE public_code = ?");
    std::string code;
    for (int attempt = 0;; ++attempt) {
        code = newPublicCode();
        exists.bind(1, code);
        const bool taken = exists.step();
        exists.reset();
        if (!taken)
            break;
        if (attempt > 100)
            throw StorageError(0, "could not find a free public code");
    }

    auto st = m_db.prepare(
        "INSERT INTO samples (id, public_code, received_at, site_id, intake_channel, sold_as, sold_as_substance, form, "
        "colour, texture, pill_logo, pill_score_line, pill_diameter_mm, pill_thickness_mm, pill_mass_mg, sample_type, "
        "reported_effects, overdose_involved, research_consent, notes, status, is_demo, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)");
    st.bind(1, id).bind(2, code).bind(3, receivedAt).bind(4, site.id).bind(5, normalizeTerm(in.intakeChannel));
    st.bind(6, trim(in.soldAs)).bind(7, m_catalogue.normalizeSoldAs(in.soldAs)).bind(8, normalizeTerm(in.form));
    st.bind(9, cleaned(in.colour)).bind(10, cleaned(in.texture)).bind(11, cleaned(in.pillLogo));
    st.bind(12, cleaned(in.pillScoreLine)).bind(13, in.pillDiameterMm).bind(14, in.pillThicknessMm);
    st.bind(15, in.pillMassMg).bind(16, normalizeTerm(in.sampleType)).bind(17, cleaned(in.reportedEffects));
    if (in.overdoseInvolved)
        st.bind(18, std::int64_t(*in.overdoseInvolved ? 1 : 0));
    else
        st.bindNull(18);
    st.bind(19, std::int64_t(in.researchConsent ? 1 : 0)).bind(20, cleaned(in.notes));
    st.bind(21, std::int64_t(in.isDemo ? 1 : 0)).bind(22, nowUtc()).bind(23, actor.id);
    st.run();
    Sample added = *find(id);
    AuditLog(m_db).append(&actor, "sample", id, id, "insert", nullptr, sampleAuditJson(added));
    tx.commit();
    return added;
}

std::optional<Sample> SampleStore::find(const std::string &id)
{
    auto st = m_db.prepare(std::string(kSampleColumns) + "WHERE s.id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readSample(st);
}

Sample SampleStore::resolve(const std::string &idOrCode)
{
    const auto text = trim(idOrCode);
    if (auto s = find(text))
        return *s;
    if (auto code = normalizePublicCode(text)) {
        auto st = m_db.prepare(std::string(kSampleColumns) + "WHERE s.public_code = ?");
        st.bind(1, *code);
        if (st.step())
            return readSample(st);
    }
    if (text.size() >= 8 && text.find_first_not_of("0123456789abcdef-") == std::string::npos) {
        auto st = m_db.prepare(std::string(kSampleColumns) + "WHERE s.id >= ? AND s.id < ? LIMIT 2");
        st.bind(1, text).bind(2, text + "\x7f");
        if (st.step()) {
            Sample s = readSample(st);
            if (!st.step())
                return s;
        }
    }
    throw NotFound("no sample with id or code '" + text + "'");
}

std::int64_t SampleStore::count(const SampleQuery &query)
{
    std::vector<std::string> binds;
    const auto where = whereClause(query, query.soldAs ? m_catalogue.normalizeSoldAs(*query.soldAs) : std::nullopt, binds);
    auto st = m_db.prepare("SELECT count(*) FROM samples s " + where);
    for (std::size_t i = 0; i < binds.size(); ++i)
        st.bind(int(i + 1), binds[i]);
    st.step();
    return st.columnInt(0);
}

std::vector<Sample> SampleStore::list(const SampleQuery &query, std::int64_t offset, std::int64_t limit)
{
    std::vector<std::string> binds;
    const auto where = whereClause(query, query.soldAs ? m_catalogue.normalizeSoldAs(*query.soldAs) : std::nullopt, binds);
    // The page's rows are chosen from the samples_list_order index alone (OFFSET steps
    // over index entries, not over joined rows); only those rows are then joined.
    auto st = m_db.prepare(std::string(kSampleColumns) + "WHERE s.rowid IN (SELECT s.rowid FROM samples s " + where +
                           "ORDER BY s.received_at DESC, s.id LIMIT ? OFFSET ?) ORDER BY s.received_at DESC, s.id");
    int i = 1;
    for (const auto &b : binds)
        st.bind(i++, b);
    st.bind(i, limit);
    st.bind(i + 1, offset);
    std::vector<Sample> out;
    while (st.step())
        out.push_back(readSample(st));
    return out;
}

std::vector<Sample> SampleStore::waitingForVerification(std::int64_t limit)
{
    auto st = m_db.prepare(std::string(kSampleColumns) +
                           "WHERE s.status = ? ORDER BY s.submitted_at, s.received_at, s.id LIMIT ?");
    st.bind(1, toString(SampleStatus::ToBeVerified)).bind(2, limit);
    std::vector<Sample> out;
    while (st.step())
        out.push_back(readSample(st));
    return out;
}

} // namespace candor::core
