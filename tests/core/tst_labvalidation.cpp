// Confirmatory lab results (issue 11) on a real SQLite file: the CSV import (column
// aliases, catalogue names, all or nothing, no duplicates on re-import, every bad input
// naming its line and column), the Wilson interval against hand-computed values, the
// comparison of findings and stored matches with the lab (tests/support/labscenario.h
// works the expected numbers out), and adopting thresholds (admin only, audit-logged).

#include "core/fixture.h"
#include "support/labscenario.h"

#include "core/auditlog.h"
#include "core/errors.h"
#include "core/labresults.h"
#include "core/labvalidation.h"

#include <fstream>
#include <sstream>

using namespace candor;
using candor::testing::CoreFixture;

namespace {

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << "cannot open " << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kLab = "tests/data/lab/";

class LabResults : public CoreFixture {
protected:
    void SetUp() override
    {
        CoreFixture::SetUp();
        ids = candor::testing::buildLabScenario(*db, *catalogue, tech);
    }

    core::LabImportReport import(const std::string &file, bool dryRun = false)
    {
        return core::LabResultStore(*db, *catalogue).importCsv(readFile(kLab + file), file, tech, dryRun);
    }

    std::int64_t count(const std::string &table)
    {
        auto st = db->prepare("SELECT count(*) FROM " + table);
        st.step();
        return st.columnInt(0);
    }

    // The import fails naming `line` and `column`, with `why` in the message, and leaves
    // the lab results and the audit log as they were.
    void expectRejected(const std::string &file, int line, const std::string &column, const std::string &why)
    {
        const auto results = count("lab_results");
        const auto audit = count("audit_log");
        try {
            import(file);
            ADD_FAILURE() << file << " was imported";
        } catch (const core::LabImportError &e) {
            EXPECT_EQ(e.file(), file);
            EXPECT_EQ(e.line(), line) << e.what();
            EXPECT_EQ(e.column(), column) << e.what();
            const std::string where = file + " line " + std::to_string(line) + ", column " + column + ": ";
            EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << e.what();
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
        }
        EXPECT_EQ(count("lab_results"), results);
        EXPECT_EQ(count("audit_log"), audit);
    }

    std::map<std::string, std::string> ids;
};

const core::ValidationRow &row(const std::vector<core::ValidationRow> &rows, const std::string &name)
{
    for (const auto &r : rows)
        if (r.name == name)
            return r;
    throw std::runtime_error("no row " + name);
}

std::vector<std::string> codes(const std::vector<core::SampleRef> &samples)
{
    std::vector<std::string> out;
    for (const auto &s : samples)
        out.push_back(s.publicCode);
    return out;
}

void expectCounts(const core::Confusion &c, int tp, int fp, int fn, int tn)
{
    EXPECT_EQ(c.truePositives, tp);
    EXPECT_EQ(c.falsePositives, fp);
    EXPECT_EQ(c.falseNegatives, fn);
    EXPECT_EQ(c.trueNegatives, tn);
}

} // namespace

TEST(WilsonInterval, MatchesHandComputedValues)
{
    // Closed forms at the ends: 0 of n -> [0, z^2/(n+z^2)], n of n -> [n/(n+z^2), 1].
    const double z2 = core::kZ95 * core::kZ95;
    auto none = core::wilsonInterval(0, 10);
    ASSERT_TRUE(none);
    EXPECT_DOUBLE_EQ(none->low, 0);
    EXPECT_NEAR(none->high, z2 / (10 + z2), 1e-12);
    auto all = core::wilsonInterval(10, 10);
    EXPECT_NEAR(all->low, 10 / (10 + z2), 1e-12);
    EXPECT_NEAR(all->high, 1, 1e-12);
    // 8 of 10: 0.4902 to 0.9433 (the usual table value).
    auto eight = core::wilsonInterval(8, 10);
    EXPECT_NEAR(eight->low, 0.4902, 5e-5);
    EXPECT_NEAR(eight->high, 0.9433, 5e-5);
    // Newcombe (1998), Statistics in Medicine 17:857, example 81/263: 0.2553 to 0.3662.
    auto newcombe = core::wilsonInterval(81, 263);
    EXPECT_NEAR(newcombe->low, 0.2553, 5e-5);
    EXPECT_NEAR(newcombe->high, 0.3662, 5e-5);
}

TEST(WilsonInterval, HasNothingToSayWithoutSamplesAndRejectsMoreSuccessesThanTrials)
{
    EXPECT_FALSE(core::wilsonInterval(0, 0));
    EXPECT_THROW(core::wilsonInterval(3, 2), std::invalid_argument);
}

TEST_F(LabResults, ImportsTheDocumentedColumnsUnderTheirAliasesWithCatalogueNames)
{
    const auto report = import("results-good.csv");
    EXPECT_EQ(report.rows, 9);
    EXPECT_EQ(report.added, 9);
    EXPECT_EQ(report.unchanged, 0);
    const auto results = core::LabResultStore(*db, *catalogue).list();
    ASSERT_EQ(results.size(), 9u);
    std::map<std::pair<std::string, std::string>, core::LabResult> byKey;
    for (const auto &r : results)
        byKey[{r.publicCode, r.substance}] = r;
    const auto &fentanyl = byKey.at({"HAT-333", "fentanyl"}); // "Fentanyl HCl"
    EXPECT_EQ(fentanyl.lab, "Provincial lab");
    EXPECT_EQ(fentanyl.method, "gc-ms");
    EXPECT_EQ(fentanyl.reportedOn, "2026-11-20");
    EXPECT_EQ(fentanyl.quantityPercent, 4.5);
    EXPECT_EQ(fentanyl.sourceLine, 2);
    EXPECT_EQ(byKey.at({"HAT-334", "heroin"}).method, "gc-ms"); // diacetylmorphine, GCMS
    EXPECT_FALSE(byKey.at({"HAT-334", "fentanyl"}).detected);
    EXPECT_TRUE(byKey.at({"HAT-337", "caffeine"}).detected); // "hat337", detected empty
    EXPECT_EQ(byKey.at({"HAT-337", "caffeine"}).lab, "Lab, North");
    EXPECT_EQ(byKey.at({"HAT-337", "fentanyl"}).quantityPercent, 2.0); // "2%"
    EXPECT_EQ(byKey.at({"HAT-339", "xylazine"}).method, "qnmr");
    EXPECT_EQ(byKey.at({"HAT-343", "lactose"}).sourceLine, 10); // after the blank line
    // One audit entry per result, on its sample.
    const auto history = core::AuditLog(*db).forSample(ids.at("HAT-339"));
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().entity, "lab_result");
    EXPECT_EQ(history.back().action, "insert");
}

TEST_F(LabResults, ReimportingTheSameFileAddsNothing)
{
    import("results-good.csv");
    const auto audit = count("audit_log");
    const auto again = import("results-good.csv");
    EXPECT_EQ(again.added, 0);
    EXPECT_EQ(again.updated, 0);
    EXPECT_EQ(again.unchanged, 9);
    EXPECT_EQ(count("lab_results"), 9);
    EXPECT_EQ(count("audit_log"), audit);
}

TEST_F(LabResults, DryRunCountsAndStoresNothing)
{
    const auto report = import("results-good.csv", true);
    EXPECT_TRUE(report.dryRun);
    EXPECT_EQ(report.added, 9);
    EXPECT_EQ(count("lab_results"), 0);
}

TEST_F(LabResults, ACorrectedResultIsUpdatedWithTheOldValueInTheAuditLog)
{
    import("results-good.csv");
    const auto report = import("correction.csv");
    EXPECT_EQ(report.updated, 1);
    EXPECT_EQ(report.added, 0);
    const auto history = core::AuditLog(*db).forSample(ids.at("HAT-334"));
    EXPECT_EQ(history.back().action, "update");
    EXPECT_NE(history.back().oldValue.find("\"detected\":false"), std::string::npos) << history.back().oldValue;
    EXPECT_NE(history.back().newValue.find("\"detected\":true"), std::string::npos) << history.back().newValue;
}

TEST_F(LabResults, RejectsAnUnknownPublicCodeNamingItsLineAndColumn)
{
    expectRejected("bad-unknown-code.csv", 3, "code", "no sample has the public code 'HAT-999'");
}

TEST_F(LabResults, RejectsAnUnknownColumnNamingTheHeader)
{
    expectRejected("bad-unknown-column.csv", 1, "colour", "unknown column");
}

TEST_F(LabResults, RejectsASubstanceTheCatalogueDoesNotKnow)
{
    expectRejected("bad-unknown-substance.csv", 4, "substance", "'unobtainium HCl' is not a substance the catalogue knows");
}

TEST_F(LabResults, RejectsADayThatDoesNotExist)
{
    expectRejected("bad-date.csv", 2, "reported_on", "'2026-02-30' is not a date as YYYY-MM-DD");
}

TEST_F(LabResults, RejectsAQuantityThatIsNoNumber)
{
    expectRejected("bad-number.csv", 3, "quantity_percent", "'abc' is not a percentage");
}

TEST_F(LabResults, RejectsADetectedThatIsNeitherYesNorNo)
{
    expectRejected("bad-detected.csv", 3, "detected", "'maybe' is not yes or no");
}

TEST_F(LabResults, RejectsTwoRowsThatContradictEachOther)
{
    expectRejected("bad-contradiction.csv", 4, "detected", "contradicts line 2 for sample HAT-333 and fentanyl");
}

TEST_F(LabResults, RejectsAMissingRequiredColumnAndAShortRow)
{
    EXPECT_THROW(
        {
            try {
                core::LabResultStore(*db, *catalogue).importCsv("code,lab\nHAT-333,A\n", "x.csv", tech);
            } catch (const core::LabImportError &e) {
                EXPECT_STREQ(e.what(), "x.csv line 1, column substance: the required column is missing");
                throw;
            }
        },
        core::LabImportError);
    EXPECT_THROW(
        {
            try {
                core::LabResultStore(*db, *catalogue).importCsv("code,substance\nHAT-333,fentanyl,extra\n", "y.csv", tech);
            } catch (const core::LabImportError &e) {
                EXPECT_STREQ(e.what(), "y.csv line 2: the row has 3 fields, the header 2");
                throw;
            }
        },
        core::LabImportError);
}

TEST_F(LabResults, OnlyTechniciansAndAdminsImport)
{
    const auto vera = core::UserStore(*db).add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &admin);
    EXPECT_THROW(core::LabResultStore(*db, *catalogue).importCsv(readFile(kLab + "results-good.csv"), "r.csv", vera),
                 core::PermissionDenied);
    EXPECT_EQ(core::LabResultStore(*db, *catalogue).importCsv(readFile(kLab + "results-good.csv"), "r.csv", admin).added, 9);
}

TEST_F(LabResults, ComparesFindingsAndMatchesWithTheLabPerSubstance)
{
    import("results-good.csv");
    const auto report = core::LabValidation(*db, *catalogue).report();
    EXPECT_EQ(report.samplesWithLabResults, 6);
    EXPECT_EQ(report.samplesWithFindings, 5);
    EXPECT_EQ(report.samplesWithMatches, 6);
    const auto &fentanyl = row(report.substances, "fentanyl");
    EXPECT_TRUE(fentanyl.highRisk);
    EXPECT_EQ(fentanyl.labPositives, 2);
    expectCounts(fentanyl.findings, 1, 1, 1, 2);
    EXPECT_EQ(codes(fentanyl.findings.misses), std::vector<std::string>{"HAT-337"});
    EXPECT_EQ(codes(fentanyl.findings.falseAlarms), std::vector<std::string>{"HAT-343"});
    expectCounts(fentanyl.matchDetected, 1, 1, 1, 3);
    expectCounts(fentanyl.matchFlagged, 2, 2, 0, 2);
    EXPECT_EQ(codes(fentanyl.matchFlagged.falseAlarms), (std::vector<std::string>{"HAT-334", "HAT-343"}));
    EXPECT_DOUBLE_EQ(*fentanyl.matchDetected.sensitivity(), 0.5);
    EXPECT_DOUBLE_EQ(*fentanyl.matchDetected.specificity(), 0.75);
    const auto ci = fentanyl.matchDetected.specificityInterval(); // 3 of 4
    EXPECT_NEAR(ci->low, 0.30064, 1e-5);
    EXPECT_NEAR(ci->high, 0.95441, 1e-5);
    // Names from matches ("Heroin HCl"), findings and the lab ("diacetylmorphine") meet.
    expectCounts(row(report.substances, "heroin").matchDetected, 1, 0, 0, 5);
    expectCounts(row(report.substances, "lactose").findings, 0, 0, 1, 4);
}

TEST_F(LabResults, ComparesPerCatalogueClass)
{
    import("results-good.csv");
    const auto report = core::LabValidation(*db, *catalogue).report();
    const auto &cut = row(report.classes, "cut");
    EXPECT_FALSE(cut.highRisk);
    // Caffeine or lactose: the lab found one in 333, 337, 343, 344; findings name caffeine in
    // 333 and 337 only (343's lactose was not recorded): a miss there.
    expectCounts(cut.findings, 2, 0, 1, 2);
    EXPECT_EQ(codes(cut.findings.misses), std::vector<std::string>{"HAT-343"});
    expectCounts(cut.matchDetected, 4, 0, 0, 2);
    EXPECT_TRUE(row(report.classes, "alpha2-agonist").highRisk);
    expectCounts(row(report.classes, "alpha2-agonist").matchDetected, 1, 0, 0, 5);
}

TEST_F(LabResults, ProposesTheLowestThresholdWithNinetyNinePercentSpecificityAndSaysWhenNegativesAreTooFew)
{
    import("results-good.csv");
    const auto report = core::LabValidation(*db, *catalogue).report();
    const core::ThresholdProposal *fentanyl = nullptr;
    for (const auto &t : report.thresholds)
        if (t.substanceClass == "fentanyl")
            fentanyl = &t;
    ASSERT_TRUE(fentanyl);
    EXPECT_EQ(fentanyl->positives, 2);
    EXPECT_EQ(fentanyl->negatives, 4);
    ASSERT_TRUE(fentanyl->evidence);
    EXPECT_NEAR(*fentanyl->evidence, 0.21, 1e-12); // above 0.12, halfway to 0.30
    EXPECT_DOUBLE_EQ(fentanyl->specificity, 1.0);
    EXPECT_DOUBLE_EQ(fentanyl->sensitivity, 0.5);
    EXPECT_TRUE(fentanyl->tooFewNegatives);
    const double z2 = core::kZ95 * core::kZ95;
    EXPECT_NEAR(fentanyl->specificityInterval->low, 4 / (4 + z2), 1e-12);
    EXPECT_EQ(fentanyl->note,
              "only 4 negatives: 99 % specificity cannot be shown; on them it is 100.0 %, its 95 % lower bound 51.0 %");
}

TEST(LabThresholds, AllowOneFalseAlarmInEveryHundredNegatives)
{
    // 150 negatives: one may score above the threshold. Scores 0.9 (negative), 0.5
    // (negative), 0.6 and 0.4 (positives): the threshold lies above the second highest
    // negative, halfway to the next positive: (0.5 + 0.6) / 2.
    std::vector<core::SampleCalls> samples;
    auto add = [&](const std::string &code, bool positive, std::optional<double> evidence) {
        core::SampleCalls s;
        s.sample = {code, code};
        s.hasMatches = true;
        if (positive)
            s.labDetected.insert("fentanyl");
        if (evidence) {
            s.matchEvidence["fentanyl"] = *evidence;
            s.matchPossible.insert("fentanyl");
        }
        samples.push_back(s);
    };
    add("N1", false, 0.9);
    add("N2", false, 0.5);
    for (int i = 0; i < 148; ++i)
        add("M" + std::to_string(i), false, std::nullopt);
    add("P1", true, 0.6);
    add("P2", true, 0.4);
    const auto report = core::computeValidation(samples, {{"fentanyl", "fentanyl"}}, {"fentanyl"}, {"fentanyl"});
    ASSERT_EQ(report.thresholds.size(), 1u);
    const auto &t = report.thresholds.front();
    EXPECT_EQ(t.negatives, 150);
    EXPECT_FALSE(t.tooFewNegatives);
    EXPECT_NEAR(*t.evidence, 0.55, 1e-12);
    EXPECT_NEAR(t.specificity, 149.0 / 150, 1e-12);
    EXPECT_DOUBLE_EQ(t.sensitivity, 0.5);
}

TEST_F(LabResults, OnlyAnAdminAdoptsThresholdsAndTheAuditLogKeepsOldAndNew)
{
    import("results-good.csv");
    core::LabValidation validation(*db, *catalogue);
    EXPECT_THROW(validation.adoptThresholds(tech, "fentanyl"), core::PermissionDenied);
    EXPECT_TRUE(validation.adoptedThresholds().empty());
    const auto adopted = validation.adoptThresholds(admin, "fentanyl");
    ASSERT_EQ(adopted.size(), 1u);
    EXPECT_NEAR(validation.adoptedThresholds().at("fentanyl"), 0.21, 1e-12);
    auto entries = core::AuditLog(*db).all();
    EXPECT_EQ(entries.back().entity, "detection_threshold");
    EXPECT_EQ(entries.back().entityId, "fentanyl");
    EXPECT_EQ(entries.back().oldValue, "");
    // A later lab result moves the proposal; adopting again records the old value.
    core::LabResultStore(*db, *catalogue).importCsv("code,substance\nHAT-343,fentanyl\n", "late.csv", tech);
    const auto again = validation.adoptThresholds(admin, "fentanyl");
    EXPECT_NEAR(again.front().evidence, 0.035, 1e-12); // negatives 0.02 only: halfway to 0.05
    entries = core::AuditLog(*db).all();
    EXPECT_EQ(entries.back().action, "update");
    EXPECT_NE(entries.back().oldValue.find("0.21"), std::string::npos) << entries.back().oldValue;
    EXPECT_THROW(
        {
            try {
                validation.adoptThresholds(admin, "stimulant");
            } catch (const core::ValidationError &e) {
                EXPECT_STREQ(e.what(), "class: 'stimulant' is not a high-risk class of the catalogue");
                throw;
            }
        },
        core::ValidationError);
}
