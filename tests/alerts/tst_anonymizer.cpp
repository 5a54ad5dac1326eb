// The anonymizer on adversarial data: identifying text planted in every field must reach
// no byte of any output, a small cell must not be recoverable from totals, sample rows
// must be k-anonymous, and a bundle that breaks a rule is refused with the rule named.

#include "alerts/alertcheck.h"
#include "alerts/anonymizer.h"
#include "alerts/draftservice.h"
#include "alerts/pdfposter.h"
#include "alerts/publishers.h"
#include "alerts/samplesfixture.h"
#include "core/sqlite/sqlitealertdraftstore.h"

#include <QGuiApplication>

#include <gtest/gtest.h>

#include <sstream>

using namespace candor::alerts;
using candor::testing::found;
using candor::testing::sample;

namespace {

std::vector<VerifiedSample> many(int n, const std::string &prefix, const std::string &date, const std::string &soldAs,
                                 const std::string &soldClass, std::vector<Finding> findings, int withFindings = -1)
{
    std::vector<VerifiedSample> out;
    for (int i = 0; i < n; ++i)
        out.push_back(sample(prefix + std::to_string(i), date, soldAs, soldClass,
                             withFindings < 0 || i < withFindings ? findings : std::vector<Finding>{}));
    return out;
}

std::vector<std::string> csvLine(const std::string &csv, const std::string &start)
{
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(start, 0) == 0) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            std::vector<std::string> cells;
            std::stringstream s(line);
            std::string cell;
            while (std::getline(s, cell, ','))
                cells.push_back(cell);
            return cells;
        }
    return {};
}

} // namespace

TEST(Anonymizer, ACellOfThreeCannotBeRecoveredFromTheMonthTotal)
{
    auto samples = many(20, "o", "2026-03-03", "heroin", "opioid", {found("fentanyl", "fentanyl")});
    for (auto &s : many(3, "c", "2026-03-10", "cocaine hcl", "stimulant", {}))
        samples.push_back(s);
    for (auto &s : many(10, "m", "2026-03-17", "methamphetamine", "stimulant", {}))
        samples.push_back(s);
    Anonymizer anonymizer;
    const auto table = anonymizer.aggregates(samples);
    const std::string csv = renderMonthlyCsv(table);
    EXPECT_EQ(csvLine(csv, "2026-03,cocaine")[2], "fewer than 5");
    // The total is published, so a second cell is withheld: 33 - 20 = 13 is all a reader learns.
    EXPECT_EQ(csvLine(csv, "2026-03,methamphetamine")[2], "withheld");
    EXPECT_EQ(csvLine(csv, "2026-03,opioid")[2], "20");
    EXPECT_EQ(csvLine(csv, "2026-03,all")[2], "33");
    // And the sample table does not count the withheld groups' rows either.
    const auto rows = anonymizer.sampleTable(samples, table);
    for (const auto &r : rows.rows)
        EXPECT_EQ(r.soldAs, "opioid");
    EXPECT_NO_THROW(anonymizer.checkBundle({{}, table, rows}));
}

TEST(Anonymizer, WithTwoGroupsTheOnlyProtectionIsToWithholdBoth)
{
    auto samples = many(20, "o", "2026-03-03", "heroin", "opioid", {});
    for (auto &s : many(3, "c", "2026-03-10", "cocaine hcl", "stimulant", {}))
        samples.push_back(s);
    const auto table = Anonymizer().aggregates(samples);
    EXPECT_TRUE(table.find("2026-03", "cocaine")->samples.suppressed);
    EXPECT_TRUE(table.find("2026-03", "opioid")->samples.suppressed);
    EXPECT_FALSE(table.monthTotals.at("2026-03").suppressed);
}

TEST(Anonymizer, AFlagCountWhoseRemainderIsSmallIsWithheld)
{
    // 18 of 20 with fentanyl would tell a reader that 2 samples had none.
    const auto samples = many(20, "o", "2026-03-03", "heroin", "opioid", {found("fentanyl", "fentanyl")}, 18);
    const auto table = Anonymizer().aggregates(samples);
    EXPECT_TRUE(table.find("2026-03", "opioid")->flags.at("fentanyl").suppressed);
    EXPECT_EQ(table.find("2026-03", "opioid")->flags.at("fentanyl").text(5), "withheld");
    EXPECT_FALSE(table.find("2026-03", "opioid")->flags.at("xylazine").suppressed); // 0 of 20
}

TEST(Anonymizer, SampleRowsAreGeneralizedUntilEachCombinationHasK)
{
    // Six samples in one week of which colours differ: colour generalizes to "any".
    auto samples = many(6, "o", "2026-03-03", "heroin", "opioid", {});
    const char *colours[] = {"white", "brown", "white", "purple", "white", "grey"};
    for (int i = 0; i < 6; ++i)
        samples[std::size_t(i)].colour = colours[i];
    // Three in another week alone: withheld.
    for (auto &s : many(3, "w", "2026-03-24", "heroin", "opioid", {}))
        samples.push_back(s);
    Anonymizer anonymizer;
    const auto table = anonymizer.aggregates(samples);
    const auto rows = anonymizer.sampleTable(samples, table);
    // The lone three stay alone even as a month (the six keep their week): withheld.
    ASSERT_EQ(rows.rows.size(), 6u);
    EXPECT_EQ(rows.withheld, 3);
    for (const auto &r : rows.rows)
        EXPECT_EQ(r.colour, "any");
    EXPECT_NO_THROW(anonymizer.checkBundle({{}, table, rows}));
}

TEST(Anonymizer, RefusesABundleThatBreaksARuleAndNamesTheRule)
{
    Anonymizer anonymizer;
    const auto samples = many(20, "o", "2026-03-03", "heroin", "opioid", {});
    PublicBundle bundle{{}, anonymizer.aggregates(samples), anonymizer.sampleTable(samples, anonymizer.aggregates(samples))};
    bundle.samples.rows.resize(3);
    try {
        anonymizer.checkBundle(bundle);
        FAIL() << "accepted 3 rows";
    } catch (const PublicationRefused &e) {
        EXPECT_EQ(e.rule(), "k-anonymity");
    }
    PublicBundle small{{}, anonymizer.aggregates(samples), {}};
    small.aggregates.rows[0].samples.value = 3;
    small.aggregates.monthTotals.begin()->second.value = 3;
    try {
        anonymizer.checkBundle(small);
        FAIL() << "accepted a count of 3";
    } catch (const PublicationRefused &e) {
        EXPECT_EQ(e.rule(), "suppression threshold");
    }
    PublicAlert alert;
    alert.alertId = "x";
    alert.samples = "3";
    alert.windowStart = alert.windowEnd = "2026-W10";
    try {
        anonymizer.checkBundle({{alert}, {}, {}});
        FAIL() << "accepted an alert of 3 samples";
    } catch (const PublicationRefused &e) {
        EXPECT_EQ(e.rule(), "suppression threshold");
    }
}

TEST(Anonymizer, TextPlantedInEveryFieldReachesNoByteOfAnyOutput)
{
    static int argc = 1;
    static char name[] = "candor_alerts_tests";
    static char *argv[] = {name, nullptr};
    static QGuiApplication app(argc, argv);

    const std::string note = "PLANTED-NOTE-4711";
    const std::string code = "QQX-PLANTED-CODE";
    const std::string site = "PLANTED-SITE-Hastings";
    std::vector<VerifiedSample> samples;
    for (int i = 0; i < 30; ++i) {
        auto s = sample("PLANTED-ID-" + std::to_string(i), i < 15 ? "2026-03-03" : "2026-03-05", "cocaine hcl", "stimulant",
                        {found("fentanyl", "fentanyl", "trace")});
        s.publicCode = code + std::to_string(i);
        s.site = site;
        s.soldAs = "coke from " + site + " " + note;
        s.notes = note + " call " + code;
        s.texture = note + "-texture";
        s.pillLogo = note + "-logo";
        s.colour = note + "-colour";
        s.form = note + "-form";
        s.people = {"Tess PLANTED-PERSON"};
        samples.push_back(s);
    }
    candor::testing::TempDir dir;
    auto db = candor::core::openCandorDatabase(dir / "candor.sqlite");
    candor::core::UserStore users(*db);
    const auto admin = users.add({"ada", "Ada", {"admin", "coordinator"}, "correct horse"}, nullptr);
    RuleBook rules;
    candor::core::SqliteAlertDraftStore draftStore(*db);
    DraftService drafts(draftStore, rules);
    drafts.refresh(samples, candor::testing::known());
    ASSERT_EQ(drafts.list().size(), 1u);
    const auto id = drafts.list()[0].id;
    // The publish check would refuse nothing here (the drafted text holds no planted
    // word); the export below must catch what is typed into the feed afterwards.
    const AlertCheck check(samples, {"ada", admin.id});
    drafts.publish(id, admin, check);
    drafts.cancel(id, "withdrawn for the test", admin, check);

    PdfPosterWriter posters;
    SiteExporter exporter;
    exporter.setPosterWriter(&posters);
    const auto files = exporter.render(drafts.publications(), samples, {"ada", admin.id});
    ASSERT_GT(files.size(), 8u);
    for (const auto &[path, bytes] : files)
        for (const std::string &planted : {std::string("PLANTED"), note, code, site, std::string("14:32:10")})
            EXPECT_EQ(bytes.find(planted), std::string::npos) << planted << " in " << path;

    // A coordinator who types a code into the headline is stopped, and told which rule.
    auto publications = drafts.publications();
    publications.back().headline = "Fentanyl in coke, see " + code + "3";
    try {
        exporter.render(publications, samples);
        FAIL() << "published a public code";
    } catch (const PublicationRefused &e) {
        EXPECT_EQ(e.rule(), "no identifying text");
        EXPECT_EQ(std::string(e.what()).find(code), std::string::npos) << "the refusal must not repeat the code";
    }
}

TEST(Anonymizer, ATermCountsOnlyAsAWholeWord)
{
    // Staff called Cora must not block every export because CSS says "text-decoration".
    const std::set<std::string> forbidden = {"cora", "K7Q-4XP", "2026-03-02T14:32:10Z"};
    EXPECT_NO_THROW(Anonymizer::checkBytes({{"style.css", "a { text-decoration: none; }"}}, forbidden));
    EXPECT_NO_THROW(Anonymizer::checkBytes({{"index.html", "<p>coral reef</p>"}}, forbidden));
    EXPECT_THROW(Anonymizer::checkBytes({{"index.html", "<p>Ask cora.</p>"}}, forbidden), PublicationRefused);
    EXPECT_THROW(Anonymizer::checkBytes({{"a.json", "{\"by\":\"cora\"}"}}, forbidden), PublicationRefused);
    EXPECT_THROW(Anonymizer::checkBytes({{"a.txt", "cora"}}, forbidden), PublicationRefused);
    EXPECT_THROW(Anonymizer::checkBytes({{"a.csv", "K7Q-4XP,1"}}, forbidden), PublicationRefused);
    EXPECT_THROW(Anonymizer::checkBytes({{"feed.atom", "<updated>2026-03-02T14:32:10Z</updated>"}}, forbidden),
                 PublicationRefused);
}
