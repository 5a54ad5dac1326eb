#include "core/demodata.h"
#include "core/auditlog.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/findings.h"
#include "core/permissions.h"
#include "core/readings.h"
#include "core/samples.h"
#include "core/sites.h"
#include "core/users.h"
#include "core/util.h"
#include "core/workflow.h"

#include <sodium.h>

#include <chrono>
#include <map>
#include <random>
#include <set>

namespace candor::core {

bool hasDemoData(Database &db)
{
    auto st = db.prepare("SELECT EXISTS(SELECT 1 FROM samples WHERE is_demo = 1)");
    st.step();
    return st.columnInt(0) != 0;
}

namespace {

struct Kind {
    const char *soldAs;
    const char *form;
    const char *colour;
    const char *strip;
    const char *stripResult;
    const char *reagent;
    const char *colours;
    std::vector<const char *> found; // the findings, as the CLI's --component writes them; empty: no library match
    const char *alertRule;           // the shipped rule a verified one of these trips, or nullptr
};

// Shaped after what services commonly see: opioids dominated by fentanyl, some
// stimulants with surprises, a few pills.
const std::vector<Kind> &kinds()
{
    static const std::vector<Kind> k = {
        {"down", "powder", "purple", "fentanyl", "positive", nullptr, nullptr, {"fentanyl", "caffeine:trace"}, nullptr},
        {"fent", "rock", "blue", "fentanyl", "positive", nullptr, nullptr, {"fentanyl", "mannitol"}, nullptr},
        {"heroin", "powder", "brown", "fentanyl", "positive", "marquis", "purple", {"heroin", "fentanyl:trace"}, nullptr},
        {"down", "powder", "grey", "xylazine", "positive", nullptr, nullptr, {"fentanyl", "xylazine"}, "alpha2-in-opioids"},
        {"coke", "powder", "white", "fentanyl", "negative", "marquis", "no change", {"cocaine hcl", "levamisole:trace"}, nullptr},
        {"cocaine", "rock", "off-white", "fentanyl", "negative", nullptr, nullptr, {"cocaine base"}, nullptr},
        {"crack",
         "rock",
         "beige",
         "fentanyl",
         "positive",
         nullptr,
         nullptr,
         {"cocaine base", "fentanyl:trace"},
         "fentanyl-not-sold-as-opioid"},
        {"meth", "crystal", "clear", "fentanyl", "negative", "marquis", "orange,brown", {"methamphetamine"}, nullptr},
        {"molly", "crystal", "brown", "fentanyl", "negative", "marquis", "purple,black", {"mdma"}, nullptr},
        {"ecstasy", "pill", "pink", "fentanyl", "negative", "simons", "blue", {"mdma", "caffeine:trace"}, nullptr},
        {"ketamine", "powder", "white", "fentanyl", "negative", "mandelin", "orange", {"ketamine"}, nullptr},
        {"xanax", "pill", "white", "benzodiazepine", "positive", nullptr, nullptr, {"bromazolam"}, nullptr},
        {"oxy", "pill", "blue", "fentanyl", "positive", nullptr, nullptr, {"fentanyl", "acetaminophen"}, nullptr},
        {"unknown", "powder", "white", nullptr, nullptr, "marquis", "no change", {}, nullptr},
    };
    return k;
}

// Where each sample ends, by its index: a fixed cycle of ten, so that any ten demo
// samples in a row cover every status and a verifier finds a queue.
enum class Stage { Received, InTesting, InTestingWithFindings, Waiting, Returned, Verified, Invalidated };
constexpr Stage kPlan[10] = {Stage::Verified, Stage::Waiting,   Stage::Returned, Stage::Invalidated,
                             Stage::Received, Stage::InTesting, Stage::Verified, Stage::InTestingWithFindings,
                             Stage::Waiting,  Stage::Verified};

// The two demo accounts are made by the admin who loads the demo (or found again on a
// second load). Their password is random and shown to nobody: they only exist so that
// the demo's results were submitted by one person and verified by another.
User demoUser(Database &db, const User &admin, const char *name, const char *displayName, Role role)
{
    UserStore users(db);
    if (auto existing = users.findByName(name)) {
        if (!existing->hasRole(role))
            throw ValidationError("name", std::string("name: the user '") + name + "' exists without the " + toString(role) +
                                              " role the demo needs; give it that role or rename it");
        return *existing;
    }
    unsigned char secret[24];
    randombytes_buf(secret, sizeof secret);
    char hex[sizeof secret * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
    return users.add({name, displayName, {toString(role)}, hex}, &admin);
}

// ISO 8601 week ("2026-W48") of a UTC time "YYYY-MM-DDTHH:MM:SSZ": the alerts' windows.
std::string isoWeek(const std::string &utc)
{
    using namespace std::chrono;
    const year_month_day ymd{year{std::stoi(utc.substr(0, 4))}, month{unsigned(std::stoi(utc.substr(5, 2)))},
                             day{unsigned(std::stoi(utc.substr(8, 2)))}};
    const sys_days date{ymd};
    const unsigned isoWeekday = weekday{date}.iso_encoding(); // Monday 1 .. Sunday 7
    const sys_days thursday = date + days{4 - int(isoWeekday)};
    const year weekYear = year_month_day{thursday}.year();
    const sys_days firstThursdayWeek = sys_days{weekYear / January / 4};
    const sys_days week1Monday = firstThursdayWeek - days{weekday{firstThursdayWeek}.iso_encoding() - 1};
    const int week = int((thursday - week1Monday).count() / 7) + 1;
    return std::to_string(int(weekYear)) + (week < 10 ? "-W0" : "-W") + std::to_string(week);
}

struct DemoDraft {
    AlertSeverity severity = AlertSeverity::Information;
    std::string headline;
    std::string found;
    std::string soldAs;
    std::string advice;
    std::vector<std::string> sampleIds;
    std::string firstReceived;
    std::string lastReceived;
};

// The alert drafts a coordinator would see from the demo's verified results. Written
// here, not by alerts::DraftService (which core cannot call, and which leaves demo
// samples out on purpose): they are on the demo region, marked DEMO in the headline,
// and DraftService::publish refuses any draft resting on demo samples. A refresh of the
// real drafts later drops their samples, as it does for any draft no result supports.
void addDemoDrafts(Database &db, const std::map<std::string, DemoDraft> &drafts)
{
    const auto now = nowUtc();
    for (const auto &[rule, d] : drafts) {
        const auto id = newId();
        db.prepare("INSERT INTO alerts (id, rule_id, region, window_start, window_end, severity, status, headline, found, "
                   "sold_as, advice, sample_count, created_at, updated_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?10, ?11, ?12, ?12)")
            .bind(1, id)
            .bind(2, rule)
            .bind(3, std::string(kDemoRegion))
            .bind(4, isoWeek(d.firstReceived))
            .bind(5, isoWeek(d.lastReceived))
            .bind(6, toString(d.severity))
            .bind(7, d.headline)
            .bind(8, d.found)
            .bind(9, d.soldAs)
            .bind(10, d.advice)
            .bind(11, std::int64_t(d.sampleIds.size()))
            .bind(12, now)
            .run();
        auto link = db.prepare("INSERT INTO alert_samples (alert_id, sample_id) VALUES (?1, ?2)");
        for (const auto &sampleId : d.sampleIds) {
            link.bind(1, id).bind(2, sampleId).run();
            link.reset();
        }
    }
}

} // namespace

int loadDemoData(Database &db, const User &actor, int count)
{
    require(actor, Action::LoadDemo);
    Transaction tx(db);
    Catalogue catalogue(db);
    SampleStore samples(db, catalogue);
    ReadingStore readings(db, catalogue);
    FindingStore findings(db, catalogue);
    Workflow workflow(db);
    const User technician = demoUser(db, actor, kDemoTechnicianName, "Demo technician", Role::Technician);
    const User verifier = demoUser(db, actor, kDemoVerifierName, "Demo verifier", Role::Verifier);

    std::string siteName = kDemoSiteName;
    if (!SiteStore(db).findByName(siteName)) {
        const auto siteId = newId();
        db.prepare("INSERT INTO sites (id, name, region, created_at) VALUES (?, ?, ?, ?)")
            .bind(1, siteId)
            .bind(2, siteName)
            .bind(3, std::string(kDemoRegion))
            .bind(4, nowUtc())
            .run();
        AuditLog(db).append(&actor, "site", siteId, "", "insert", nullptr, {{"name", siteName}, {"region", kDemoRegion}});
    }

    std::mt19937 rng(20261122);
    std::uniform_int_distribution<int> pick(0, int(kinds().size()) - 1);
    std::uniform_int_distribution<int> minutesAgo(60, 8 * 7 * 24 * 60);
    const auto now = std::chrono::system_clock::now();
    std::map<std::string, DemoDraft> drafts;
    for (int i = 0; i < count; ++i) {
        const Kind &k = kinds()[std::size_t(pick(rng))];
        const Stage stage = kPlan[i % 10];
        SampleInput in;
        in.receivedAt = formatUtc(now - std::chrono::minutes(minutesAgo(rng)));
        in.site = siteName;
        in.intakeChannel = (i % 7 == 0) ? "mail-in" : (i % 11 == 0) ? "event" : "walk-in";
        in.soldAs = k.soldAs;
        in.form = k.form;
        in.colour = k.colour;
        if (std::string(k.form) == "pill") {
            in.pillMassMg = 180 + (i % 9) * 20;
            in.pillDiameterMm = 8 + (i % 3);
            in.pillLogo = "demo";
        }
        in.notes = "Demo sample: not a real result.";
        in.isDemo = true;
        const Sample s = samples.add(in, technician);
        if (stage == Stage::Received)
            continue;
        if (k.strip)
            readings.addStrip(s.id, StripInput{k.strip, k.stripResult, "Demo brand", "DEMO-LOT", std::nullopt, 5.0, 5.0},
                              technician);
        if (k.reagent)
            readings.addReagent(s.id, k.reagent, splitList(k.colours), technician);
        if (stage == Stage::InTesting)
            continue;
        std::vector<FindingInput> found;
        for (const char *component : k.found) {
            FindingInput f = parseComponent(component);
            f.techniques = {"ftir"};
            found.push_back(std::move(f));
        }
        if (found.empty()) {
            FindingInput none;
            none.kind = "no-match";
            none.techniques = {"ftir"};
            none.confidence = Confidence::Uncertain;
            found.push_back(std::move(none));
        }
        findings.set(s.id, found, std::nullopt, technician);
        if (stage == Stage::InTestingWithFindings)
            continue;
        workflow.submit(s.id, technician);
        if (stage == Stage::Waiting)
            continue;
        if (stage == Stage::Returned) {
            workflow.returnForTesting(s.id, "Demo: the strip was read after 12 minutes; read a new strip at 5 minutes", verifier);
            continue;
        }
        workflow.verify(s.id, verifier);
        if (stage == Stage::Invalidated) {
            workflow.invalidate(s.id, "Demo: two samples were swapped at intake; this result belongs to neither", verifier);
            continue;
        }
        if (k.alertRule) {
            DemoDraft &d = drafts[k.alertRule];
            const bool fentanylRule = std::string(k.alertRule) == "fentanyl-not-sold-as-opioid";
            d.severity = fentanylRule ? AlertSeverity::Warning : AlertSeverity::Caution;
            d.found = fentanylRule ? "fentanyl" : "xylazine";
            d.soldAs = k.soldAs;
            d.headline = fentanylRule ? "DEMO (never published): Fentanyl found in drugs sold as crack"
                                      : "DEMO (never published): Xylazine found in the opioid supply";
            d.advice = "This is a demo draft made from invented samples: it cannot be published.";
            d.sampleIds.push_back(s.id);
            if (d.firstReceived.empty() || s.receivedAt < d.firstReceived)
                d.firstReceived = s.receivedAt;
            if (s.receivedAt > d.lastReceived)
                d.lastReceived = s.receivedAt;
        }
    }
    addDemoDrafts(db, drafts);
    tx.commit();
    return count;
}

nlohmann::ordered_json DemoRemoval::toJson() const
{
    return {{"samples", samples},
            {"strip_readings", stripReadings},
            {"reagent_readings", reagentReadings},
            {"findings", findings},
            {"instrument_files", instrumentFiles},
            {"instrument_spectra", instrumentSpectra},
            {"match_results", matchResults},
            {"rescreen_changes", rescreenChanges},
            {"lab_results", labResults},
            {"alert_update_requests", alertUpdateRequests},
            {"alert_drafts", alertDrafts},
            {"alert_sample_links", alertSampleLinks},
            {"users", users},
            {"sites", sites}};
}

namespace {

constexpr const char *kDemoSamples = "(SELECT id FROM samples WHERE is_demo = 1)";
constexpr const char *kDemoFiles =
    "(SELECT id FROM instrument_files WHERE sample_id IN (SELECT id FROM samples WHERE is_demo = 1))";

std::int64_t deleteRows(Database &db, const std::string &sql)
{
    db.prepare(sql).run();
    return db.changes();
}

// Whether any row of any table points at this user through a foreign key (samples,
// readings, findings, files, other users...): then the account stays, as history. Read
// from the schema so that a table added later is checked too.
bool userIsReferenced(Database &db, const std::string &userId)
{
    std::vector<std::pair<std::string, std::string>> columns;
    auto fks = db.prepare("SELECT m.name, p.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p "
                          "WHERE m.type = 'table' AND p.\"table\" = 'users'");
    while (fks.step())
        columns.emplace_back(fks.columnText(0), fks.columnText(1));
    for (const auto &[table, column] : columns) {
        auto st = db.prepare("SELECT EXISTS(SELECT 1 FROM \"" + table + "\" WHERE \"" + column + "\" = ?)");
        st.bind(1, userId);
        st.step();
        if (st.columnInt(0) != 0)
            return true;
    }
    return false;
}

} // namespace

namespace {

// The removal, committed or (for a preview) rolled back: the preview's counts are the
// removal's own, not a second reckoning that could drift from it.
DemoRemoval removeDemo(Database &db, const User &actor, bool commit)
{
    require(actor, Action::LoadDemo);
    Transaction tx(db);
    DemoRemoval r;
    const std::string demo = kDemoSamples;
    const std::string files = kDemoFiles;

    // Drafts never published that rest only on demo samples, or (after a refresh dropped
    // their samples) that are on the demo region and rest on nothing. A published alert
    // stays whatever it rests on: its publications are public history.
    std::vector<std::string> drafts;
    {
        auto st = db.prepare(
            "SELECT a.id FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM alert_publications p WHERE p.alert_id = a.id) "
            "AND NOT EXISTS (SELECT 1 FROM alert_samples l WHERE l.alert_id = a.id AND l.sample_id NOT IN " +
            demo +
            ") "
            "AND (a.region = ?1 OR EXISTS (SELECT 1 FROM alert_samples l WHERE l.alert_id = a.id))");
        st.bind(1, std::string(kDemoRegion));
        while (st.step())
            drafts.push_back(st.columnText(0));
    }

    r.rescreenChanges = deleteRows(db, "DELETE FROM rescreen_changes WHERE sample_id IN " + demo + " OR file_id IN " + files);
    r.matchResults =
        deleteRows(db, "DELETE FROM match_results WHERE spectrum_id IN (SELECT id FROM instrument_spectra WHERE file_id IN " +
                           files + ")");
    r.instrumentSpectra = deleteRows(db, "DELETE FROM instrument_spectra WHERE file_id IN " + files);
    r.instrumentFiles = deleteRows(db, "DELETE FROM instrument_files WHERE sample_id IN " + demo);
    r.stripReadings = deleteRows(db, "DELETE FROM strip_readings WHERE sample_id IN " + demo);
    r.reagentReadings = deleteRows(db, "DELETE FROM reagent_readings WHERE sample_id IN " + demo);
    r.findings = deleteRows(db, "DELETE FROM findings WHERE sample_id IN " + demo);
    r.labResults = deleteRows(db, "DELETE FROM lab_results WHERE sample_id IN " + demo);
    r.alertUpdateRequests = deleteRows(db, "DELETE FROM alert_update_requests WHERE sample_id IN " + demo);
    r.alertSampleLinks = deleteRows(db, "DELETE FROM alert_samples WHERE sample_id IN " + demo);
    for (const auto &id : drafts) {
        db.prepare("DELETE FROM alerts WHERE id = ?").bind(1, id).run();
        r.alertDrafts += db.changes();
    }
    // With foreign keys on, a table added later that still points at a demo sample makes
    // this fail (and the whole removal roll back) rather than leave it dangling.
    r.samples = deleteRows(db, "DELETE FROM samples WHERE is_demo = 1");
    r.sites = deleteRows(db, "DELETE FROM sites WHERE name = '" + std::string(kDemoSiteName) +
                                 "' AND NOT EXISTS (SELECT 1 FROM samples WHERE site_id = sites.id)");
    UserStore users(db);
    for (const char *name : {kDemoTechnicianName, kDemoVerifierName}) {
        const auto user = users.findByName(name);
        if (!user || userIsReferenced(db, user->id))
            continue;
        db.prepare("DELETE FROM users WHERE id = ?").bind(1, user->id).run();
        r.users += db.changes();
        db.prepare("DELETE FROM sign_in_failures WHERE name = ?").bind(1, std::string(name)).run();
    }
    AuditLog(db).append(&actor, "demo_data", "", "", "remove", r.toJson(), nullptr,
                        "demo data removed: " + std::to_string(r.samples) + " demo samples and everything recorded on them");
    if (commit)
        tx.commit();
    return r;
}

} // namespace

DemoRemoval removeDemoData(Database &db, const User &actor)
{
    return removeDemo(db, actor, true);
}

DemoRemoval previewDemoRemoval(Database &db, const User &actor)
{
    return removeDemo(db, actor, false);
}

} // namespace candor::core
