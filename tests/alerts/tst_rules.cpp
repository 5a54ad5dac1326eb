// Each shipped rule on hand-made samples, and rule files that must be refused with the
// line and field named while the old rules stay in force.

#include "alerts/rules.h"
#include "alerts/samplesfixture.h"
#include "core/errors.h"

#include <gtest/gtest.h>

using namespace candor::alerts;
using candor::testing::found;
using candor::testing::sample;

namespace {

// The ids of the shipped rules that `s` triggers, with no substance counted as new
// unless listed in `novel`.
std::vector<std::string> matches(const VerifiedSample &s, const std::set<std::string> &novel = {})
{
    RuleBook book;
    std::vector<std::string> ids;
    for (const auto &r : book.rules())
        if (!r.triggers(s, novel).empty())
            ids.push_back(r.id);
    return ids;
}

using Ids = std::vector<std::string>;

} // namespace

TEST(AlertRules, FentanylInCocaineIsAWarningButFentanylSoldAsFentanylIsNot)
{
    EXPECT_EQ(matches(sample("a", "2026-03-02", "cocaine hcl", "stimulant", {found("fentanyl", "fentanyl", "trace")})),
              Ids{"fentanyl-not-sold-as-opioid"});
    EXPECT_EQ(matches(sample("b", "2026-03-02", "fentanyl", "fentanyl", {found("fentanyl", "fentanyl")})), Ids{});
    EXPECT_EQ(matches(sample("c", "2026-03-02", "heroin", "opioid", {found("acetylfentanyl", "fentanyl")})), Ids{});
}

TEST(AlertRules, FentanylInASampleWhoseSoldAsIsUnknownCountsAsNotSoldAsAnOpioid)
{
    EXPECT_EQ(matches(sample("a", "2026-03-02", "", "", {found("fluorofentanyl", "fentanyl")})), Ids{"fentanyl-not-sold-as-opioid"});
}

TEST(AlertRules, ANitazeneAnywhereIsAWarning)
{
    EXPECT_EQ(matches(sample("a", "2026-03-02", "heroin", "opioid", {found("protonitazene", "nitazene")})), Ids{"nitazene"});
}

TEST(AlertRules, CarfentanilAnywhereIsAWarningOfItsOwn)
{
    EXPECT_EQ(matches(sample("a", "2026-03-02", "fentanyl", "fentanyl", {found("carfentanil", "fentanyl", "trace")})),
              Ids{"carfentanil"});
}

TEST(AlertRules, XylazineOrMedetomidineInOpioidSamplesOnly)
{
    EXPECT_EQ(matches(sample("a", "2026-03-02", "fentanyl", "fentanyl", {found("fentanyl", "fentanyl"), found("xylazine", "alpha2-agonist")})),
              Ids{"alpha2-in-opioids"});
    EXPECT_EQ(matches(sample("b", "2026-03-02", "heroin", "opioid", {found("medetomidine", "alpha2-agonist")})), Ids{"alpha2-in-opioids"});
    EXPECT_EQ(matches(sample("c", "2026-03-02", "ketamine", "dissociative", {found("xylazine", "alpha2-agonist")})), Ids{});
}

TEST(AlertRules, ABenzodiazepineInOpioidSamples)
{
    EXPECT_EQ(matches(sample("a", "2026-03-02", "fentanyl", "fentanyl", {found("fentanyl", "fentanyl"), found("bromazolam", "benzodiazepine")})),
              Ids{"benzodiazepine-in-opioids"});
    EXPECT_EQ(matches(sample("b", "2026-03-02", "alprazolam", "benzodiazepine", {found("bromazolam", "benzodiazepine")})), Ids{});
}

TEST(AlertRules, ASubstanceNeverSeenBeforeIsInformationButANewCutIsNot)
{
    const auto s = sample("a", "2026-03-02", "mdma", "stimulant", {found("n-ethylpentylone", "stimulant"), found("talc", "cut")});
    EXPECT_EQ(matches(s, {"n-ethylpentylone", "talc"}), Ids{"never-seen-before"});
    EXPECT_EQ(matches(s, {"talc"}), Ids{});
}

TEST(AlertRules, MdmaPillsAbove120mgAreACautionAndAbove200mgAWarning)
{
    auto pill = [](double mg) {
        auto s = sample("p", "2026-03-02", "mdma", "stimulant", {found("mdma", "stimulant")});
        s.form = "pill";
        s.findings[0].amountMg = mg;
        return s;
    };
    EXPECT_EQ(matches(pill(100)), Ids{});
    EXPECT_EQ(matches(pill(120)), Ids{});
    EXPECT_EQ(matches(pill(150)), Ids{"mdma-pill-high-dose"});
    EXPECT_EQ(matches(pill(200)), Ids{"mdma-pill-high-dose"});
    EXPECT_EQ(matches(pill(240)), Ids{"mdma-pill-very-high-dose"});
    auto byPercent = pill(0);
    byPercent.findings[0].amountMg.reset();
    byPercent.findings[0].percent = 50;
    byPercent.pillMassMg = 500;
    EXPECT_EQ(matches(byPercent), Ids{"mdma-pill-very-high-dose"});
    auto powder = pill(300);
    powder.form = "powder";
    EXPECT_EQ(matches(powder), Ids{});
}

TEST(AlertRules, ARuleLimitedToRegionsIgnoresOtherRegions)
{
    const auto rules = parseRules(R"({"rules": [{"id": "r", "title": "t", "severity": "caution",
        "found_classes": ["fentanyl"], "regions": ["Surrey"]}]})");
    EXPECT_TRUE(rules[0].triggers(sample("a", "2026-03-02", "", "", {found("fentanyl", "fentanyl")}, "Vancouver"), {}).empty());
    EXPECT_FALSE(rules[0].triggers(sample("a", "2026-03-02", "", "", {found("fentanyl", "fentanyl")}, "Surrey"), {}).empty());
}

TEST(AlertRules, TheShippedFileHasEveryDefaultTheIssueAsksFor)
{
    RuleBook book;
    for (const char *id : {"fentanyl-not-sold-as-opioid", "nitazene", "carfentanil", "alpha2-in-opioids",
                           "benzodiazepine-in-opioids", "never-seen-before", "mdma-pill-high-dose", "mdma-pill-very-high-dose"})
        EXPECT_NE(book.find(id), nullptr) << id;
    EXPECT_EQ(book.find("mdma-pill-high-dose")->severity, "caution");
    EXPECT_EQ(book.find("mdma-pill-very-high-dose")->severity, "warning");
}

TEST(AlertRules, ASyntaxErrorNamesItsLineAndTheOldRulesStayInForce)
{
    RuleBook book;
    const auto before = book.rules().size();
    try {
        book.replace("{\n  \"rules\": [\n    {\"id\": \"x\",\n     \"title\": \"t\" \"severity\": \"warning\"}\n  ]\n}\n");
        FAIL() << "no error";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_EQ(e.field(), "line 4");
        EXPECT_NE(std::string(e.what()).find("line 4"), std::string::npos) << e.what();
    }
    EXPECT_EQ(book.rules().size(), before);
    EXPECT_NE(book.find("nitazene"), nullptr);
}

TEST(AlertRules, AnUnknownFieldNamesItsLineAndField)
{
    RuleBook book;
    const std::string text = "{\n  \"rules\": [\n    {\"id\": \"a\", \"title\": \"t\", \"severity\": \"warning\", \"found_classes\": [\"nitazene\"]},\n"
                             "    {\"id\": \"b\", \"title\": \"t\", \"severity\": \"warning\",\n"
                             "     \"found_clases\": [\"fentanyl\"]}\n  ]\n}\n";
    try {
        book.replace(text);
        FAIL() << "no error";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_EQ(e.field(), "line 5: rules[1].found_clases");
        EXPECT_NE(std::string(e.what()).find("unknown field"), std::string::npos) << e.what();
    }
    EXPECT_NE(book.find("carfentanil"), nullptr);
}

TEST(AlertRules, AnUnknownSeverityOrAnEmptyConditionIsRefused)
{
    EXPECT_THROW(parseRules(R"({"rules": [{"id": "a", "title": "t", "severity": "panic", "found_classes": ["x"]}]})"),
                 candor::core::ValidationError);
    EXPECT_THROW(parseRules(R"({"rules": [{"id": "a", "title": "t", "severity": "warning"}]})"), candor::core::ValidationError);
    EXPECT_THROW(parseRules(R"({"rules": [{"id": "a", "title": "t", "severity": "warning", "dose": {"substance": "mdma", "above": 3}}]})"),
                 candor::core::ValidationError);
}
