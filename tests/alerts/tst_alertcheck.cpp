// The export's anonymity check on one alert, run by drafting, publishing, withdrawing and
// the export alike (issue 10, item 8): whatever a coordinator can publish, the site can
// export; a refusal names the alert, the field and the rule, never the identifying text.

#include "alerts/alertcheck.h"
#include "alerts/draftservice.h"
#include "alerts/publishers.h"
#include "alerts/samplesfixture.h"
#include "core/errors.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

using namespace candor::alerts;
using candor::testing::found;

namespace {

// Sold as the person said it ("cocaine", "ket"), normalized by the catalogue.
VerifiedSample withFentanyl(const std::string &id, const std::string &date, const std::string &said, const std::string &substance,
                            const std::string &cls, const std::string &form = "powder", const std::string &region = "Vancouver")
{
    VerifiedSample s = candor::testing::sample(id, date, substance, cls,
                                               {found(substance.empty() ? "caffeine" : substance, cls.empty() ? "cut" : cls),
                                                found("fentanyl", "fentanyl", "trace")},
                                               region);
    s.soldAs = said;
    s.form = form;
    return s;
}

// The issue's case: 8 samples sold as cocaine (powder) and 3 sold as ketamine (pills),
// all with fentanyl, in one two-week window.
std::vector<VerifiedSample> issueCase()
{
    std::vector<VerifiedSample> out;
    for (int i = 0; i < 8; ++i)
        out.push_back(withFentanyl("coke" + std::to_string(i), "2026-03-0" + std::to_string(2 + i % 5), "cocaine", "cocaine hcl",
                                   "stimulant"));
    for (int i = 0; i < 3; ++i)
        out.push_back(withFentanyl("ket" + std::to_string(i), "2026-03-1" + std::to_string(i), "ketamine", "ketamine",
                                   "dissociative", "pill"));
    return out;
}

// The catalogue of these tests: ketamine and caffeine are not "new" either.
std::set<std::string> knownHere()
{
    auto known = candor::testing::known();
    known.insert({"ketamine", "caffeine", "bromazolam"});
    return known;
}

class AlertChecks : public candor::testing::AlertsDbFixture {
protected:
    std::map<std::string, std::vector<std::string>> alertSamples(DraftService &service)
    {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto &a : service.list())
            out[a.id] = a.sampleIds;
        return out;
    }
    std::set<std::string> staff() const { return {"ada", "cora", "tess", admin.id, coordinator.id, tech.id}; }

    RuleBook rules;
};

} // namespace

TEST_F(AlertChecks, TheIssuesCaseDraftsAHeadlineThatPublishesAndExports)
{
    const auto samples = issueCase();
    DraftService service(*draftStore, rules);
    service.refresh(samples, knownHere());
    ASSERT_EQ(service.list().size(), 1u);
    const Alert draft = service.list().front();
    EXPECT_EQ(draft.headline, "Fentanyl found in drugs sold as cocaine and other drugs");
    EXPECT_EQ(draft.soldAs, "cocaine and other drugs");
    EXPECT_EQ(draft.sampleCount, 11);

    const AlertCheck check(samples, staff());
    EXPECT_TRUE(check.check(alertText(draft, check.groupsOf(draft.sampleIds))).empty());
    service.publish(draft.id, coordinator, check);

    SiteExporter exporter;
    const auto files = exporter.render(service.publications(), samples, staff(), alertSamples(service));
    EXPECT_NE(files.at("alerts/" + draft.id + ".html").find("sold as cocaine and other drugs"), std::string::npos);
}

TEST_F(AlertChecks, PublishRefusesAHeadlineNamingASmallGroupAndSaysWhatToDoWithoutTheGroup)
{
    const auto samples = issueCase();
    DraftService service(*draftStore, rules);
    service.refresh(samples, knownHere());
    const std::string id = service.list().front().id;
    AlertEdit edit;
    edit.headline = "Fentanyl found in drugs sold as cocaine and ketamine";
    service.edit(id, edit, coordinator);

    const AlertCheck check(samples, staff());
    try {
        service.publish(id, coordinator, check);
        FAIL() << "published a headline that names a group of 3";
    } catch (const AlertRefused &e) {
        ASSERT_EQ(e.refusals().size(), 1u);
        EXPECT_EQ(e.refusals()[0].alertId, id);
        EXPECT_EQ(e.refusals()[0].field, "headline");
        EXPECT_EQ(e.refusals()[0].rule, kRuleSmallSoldAsGroup);
        EXPECT_EQ(e.rule(), kRuleSmallSoldAsGroup);
        EXPECT_STREQ(e.what(), ("publication refused: minimum group size: alert " + id.substr(0, 8) +
                                ": the headline names a sold-as group with fewer samples than may be shown (rule: "
                                "minimum group size); edit the headline so it does not name a sold-as group of fewer "
                                "than 5 of this alert's samples (say \"other drugs\" instead), then publish")
                                   .c_str());
        EXPECT_EQ(std::string(e.what()).find("ketamine"), std::string::npos);
    }
    EXPECT_EQ(service.get(id).status, "draft");
    EXPECT_TRUE(service.history(id).empty());

    // The coordinator's own words, if they are a sample's, are refused the same way.
    edit.headline = "Fentanyl in K7Q-cok powder";
    service.edit(id, edit, coordinator);
    try {
        service.publish(id, coordinator, check);
        FAIL() << "published a sample's code";
    } catch (const AlertRefused &e) {
        ASSERT_EQ(e.refusals().size(), 1u);
        EXPECT_EQ(e.refusals()[0].field, "headline");
        EXPECT_EQ(e.refusals()[0].rule, kRuleNoIdentifyingText);
        EXPECT_EQ(std::string(e.what()).find("K7Q"), std::string::npos) << e.what();
    }
}

TEST_F(AlertChecks, AnAlertPublishedBeforeTheCheckNamesItselfAndItsFixAndTheCorrectionUnblocksTheSite)
{
    const auto samples = issueCase();
    DraftService service(*draftStore, rules);
    service.refresh(samples, knownHere());
    const std::string id = service.list().front().id;
    AlertEdit edit;
    edit.headline = "Fentanyl found in drugs sold as cocaine and ketamine";
    service.edit(id, edit, coordinator);
    // Published as it was before the check existed: a check that knows no sample.
    service.publish(id, coordinator, AlertCheck({}, {}));

    SiteExporter exporter;
    try {
        exporter.render(service.publications(), samples, staff(), alertSamples(service));
        FAIL() << "exported a headline that names a group of 3";
    } catch (const AlertRefused &e) {
        ASSERT_EQ(e.refusals().size(), 1u);
        EXPECT_EQ(e.refusals()[0].alertId, id);
        EXPECT_EQ(e.refusals()[0].field, "headline");
        EXPECT_EQ(e.refusals()[0].rule, kRuleSmallSoldAsGroup);
        EXPECT_NE(std::string(e.what()).find("publish a correction (candor-cli alerts publish " + id.substr(0, 8) + ")"),
                  std::string::npos)
            << e.what();
    }
    // Withdrawing would repeat the text: refused, with the way out.
    const AlertCheck check(samples, staff());
    EXPECT_THROW(service.cancel(id, "named a small group", coordinator, check), AlertRefused);
    EXPECT_EQ(service.get(id).status, "published");

    // The correction replaces the text, also in the first message's CAP file.
    edit.headline = "Fentanyl found in drugs sold as cocaine and other drugs";
    service.edit(id, edit, coordinator);
    service.publish(id, coordinator, check);
    const auto files = exporter.render(service.publications(), samples, staff(), alertSamples(service));
    for (const auto &[path, bytes] : files)
        EXPECT_EQ(bytes.find("cocaine and ketamine"), std::string::npos) << path;
    EXPECT_NE(files.at("cap/" + id + "-1.xml").find("cocaine and other drugs"), std::string::npos);
    // And now it may be withdrawn.
    EXPECT_TRUE(service.cancel(id, "named a small group", coordinator, check).has_value());
    EXPECT_NO_THROW(exporter.render(service.publications(), samples, staff(), alertSamples(service)));
}

TEST(AlertCheckText, FoldsSmallGroupsIntoOtherDrugsAndNamesALoneGroup)
{
    EXPECT_EQ(nameableSoldAs({{"cocaine", 8}, {"ketamine", 3}}, 5), "cocaine and other drugs");
    EXPECT_EQ(nameableSoldAs({{"cocaine", 8}, {"ketamine", 5}}, 5), "cocaine and ketamine");
    EXPECT_EQ(nameableSoldAs({{"cocaine", 1}}, 5), "cocaine");
    EXPECT_EQ(nameableSoldAs({{"cocaine", 2}, {"ketamine", 2}}, 5), "various drugs");
    EXPECT_EQ(nameableSoldAs({{"cocaine", 6}, {"other", 6}}, 5), "cocaine and other drugs");
}

namespace {
// A value in [0, n) from the engine's own output: std::uniform_int_distribution differs
// between standard libraries, mt19937's output does not.
int pick(std::mt19937 &engine, int n)
{
    return int(std::uint32_t(engine()) % std::uint32_t(n));
}
} // namespace

TEST_F(AlertChecks, EveryDraftOfAFewHundredRandomMixesPublishesAndExports)
{
    struct Group {
        const char *said;
        const char *substance;
        const char *cls;
        const char *form;
    };
    // What people say, and what the catalogue makes of it; an unknown sold-as too.
    const std::vector<Group> groups = {
        {"cocaine", "cocaine hcl", "stimulant", "powder"},   {"coke", "cocaine hcl", "stimulant", "powder"},
        {"ketamine", "ketamine", "dissociative", "pill"},    {"ket pills", "ketamine", "dissociative", "pill"},
        {"meth", "methamphetamine", "stimulant", "crystal"}, {"molly", "mdma", "stimulant", "capsule"},
        {"benzos", "bromazolam", "benzodiazepine", "pill"},  {"no idea", "", "", "powder"}};
    // Three hundred throwaway databases' worth of writes: durability is not under test.
    db->exec("PRAGMA synchronous = OFF");
    std::mt19937 engine(20260310u);
    SiteExporter exporter;
    int published = 0;
    int folded = 0;
    for (int mix = 0; mix < 300; ++mix) {
        for (const char *table : {"alert_publications", "alert_samples", "alerts"})
            db->exec(std::string("DELETE FROM ") + table);
        std::vector<VerifiedSample> samples;
        const int groupCount = 1 + pick(engine, 4);
        const int weeks = 1 + pick(engine, 4);
        for (int g = 0; g < groupCount; ++g) {
            const Group &group = groups[std::size_t(pick(engine, int(groups.size())))];
            const int size = 1 + pick(engine, 9);
            for (int i = 0; i < size; ++i) {
                const int day = 2 + 7 * pick(engine, weeks) + pick(engine, 5); // March 2026, Mondays to Fridays
                const std::string date = "2026-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
                samples.push_back(withFentanyl("m" + std::to_string(mix) + "g" + std::to_string(g) + "s" + std::to_string(i),
                                               date, group.said, group.substance, group.cls, group.form,
                                               pick(engine, 3) == 0 ? "Surrey" : "Vancouver"));
            }
        }
        DraftService service(*draftStore, rules);
        service.refresh(samples, knownHere());
        const AlertCheck check(samples, staff());
        for (const auto &draft : service.list()) {
            folded += draft.soldAs.find("other drugs") != std::string::npos ? 1 : 0;
            ASSERT_NO_THROW(service.publish(draft.id, coordinator, check))
                << "mix " << mix << ": " << draft.headline << " (" << draft.sampleCount << " samples)";
            ++published;
        }
        try {
            exporter.render(service.publications(), samples, staff(), alertSamples(service));
        } catch (const std::exception &e) {
            FAIL() << "mix " << mix << ": " << e.what();
        }
    }
    // The mixes did reach the cases that matter: many alerts, many with a folded group.
    EXPECT_GT(published, 300);
    EXPECT_GT(folded, 30);
}
