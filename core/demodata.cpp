#include "demodata.h"
#include "auditlog.h"
#include "permissions.h"
#include "catalogue.h"
#include "database.h"
#include "readings.h"
#include "samples.h"
#include "sites.h"
#include "users.h"
#include "util.h"

#include <chrono>
#include <random>

namespace candor::core {

bool hasDemoData(Database &db)
{
    auto st = db.prepare("SELECT EXISTS(SELECT 1 FROM samples WHERE is_demo = 1)");
    st.step();
    return st.columnInt(0) != 0;
}

int loadDemoData(Database &db, const User &actor, int count)
{
    struct Kind {
        const char *soldAs;
        const char *form;
        const char *colour;
        const char *strip;
        const char *stripResult;
        const char *reagent;
        const char *colours;
    };
    // Shaped after what services commonly see: opioids dominated by fentanyl, some
    // stimulants with surprises, a few pills.
    static const Kind kinds[] = {
        {"down", "powder", "purple", "fentanyl", "positive", nullptr, nullptr},
        {"fent", "rock", "blue", "fentanyl", "positive", nullptr, nullptr},
        {"heroin", "powder", "brown", "fentanyl", "positive", "marquis", "purple"},
        {"down", "powder", "grey", "xylazine", "positive", nullptr, nullptr},
        {"coke", "powder", "white", "fentanyl", "negative", "marquis", "no change"},
        {"cocaine", "rock", "off-white", "fentanyl", "negative", nullptr, nullptr},
        {"crack", "rock", "beige", "fentanyl", "negative", nullptr, nullptr},
        {"meth", "crystal", "clear", "fentanyl", "negative", "marquis", "orange,brown"},
        {"molly", "crystal", "brown", "fentanyl", "negative", "marquis", "purple,black"},
        {"ecstasy", "pill", "pink", "fentanyl", "negative", "simons", "blue"},
        {"ketamine", "powder", "white", "fentanyl", "negative", "mandelin", "orange"},
        {"xanax", "pill", "white", "benzodiazepine", "positive", nullptr, nullptr},
        {"oxy", "pill", "blue", "fentanyl", "positive", nullptr, nullptr},
        {"unknown", "powder", "white", nullptr, nullptr, nullptr, nullptr},
    };

    require(actor, Action::LoadDemo);
    // The demo set is recorded as taken in and tested by the admin who loaded it; the
    // technician role is lent for these writes only, and only after the check above.
    User loader = actor;
    if (!loader.hasRole(kRoleTechnician))
        loader.roles.push_back(kRoleTechnician);
    Transaction tx(db);
    Catalogue catalogue(db);
    SampleStore samples(db, catalogue);
    ReadingStore readings(db, catalogue);

    std::string siteName = kDemoSiteName;
    if (!SiteStore(db).findByName(siteName))
    {
        const auto siteId = newId();
        db.prepare("INSERT INTO sites (id, name, region, created_at) VALUES (?, ?, 'Demo region', ?)")
            .bind(1, siteId).bind(2, siteName).bind(3, nowUtc()).run();
        AuditLog(db).append(&actor, "site", siteId, "", "insert", nullptr, {{"name", siteName}, {"region", "Demo region"}});
    }

    std::mt19937 rng(20261122);
    std::uniform_int_distribution<int> pick(0, int(std::size(kinds)) - 1);
    std::uniform_int_distribution<int> minutesAgo(60, 8 * 7 * 24 * 60);
    const auto now = std::chrono::system_clock::now();
    for (int i = 0; i < count; ++i) {
        const Kind &k = kinds[pick(rng)];
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
        const Sample s = samples.add(in, loader);
        if (k.strip)
            readings.addStrip(s.id, StripInput{k.strip, k.stripResult, "Demo brand", "DEMO-LOT", std::nullopt, 5.0, 5.0}, loader);
        if (k.reagent)
            readings.addReagent(s.id, k.reagent, splitList(k.colours), loader);
    }
    tx.commit();
    return count;
}

} // namespace candor::core
