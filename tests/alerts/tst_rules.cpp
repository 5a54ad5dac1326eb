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
    EXPECT_EQ(matches(sample("a", "2026-03-02", "", "", {found("fluorofentanyl", "fentanyl")})),
              Ids{"fentanyl-not-sold-as-opioid"});
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
    EXPECT_EQ(matches(sample("a", "2026-03-02", "fentanyl", "fentanyl",
                             {found("fentanyl", "fentanyl"), found("xylazine", "alpha2-agonist")})),
              Ids{"alpha2-in-opioids"});
    EXPECT_EQ(matches(sample("b", "2026-03-02", "heroin", "opioid", {found("medetomidine", "alpha2-agonist")})),
              Ids{"alpha2-in-opioids"});
    EXPECT_EQ(matches(sample("c", "2026-03-02", "ketamine", "dissociative", {found("xylazine", "alpha2-agonist")})), Ids{});
}

TEST(AlertRules, ABenzodiazepineInOpioidSamples)
{
    EXPECT_EQ(matches(sample("a", "2026-03-02", "fentanyl", "fentanyl",
                             {found("fentanyl", "fentanyl"), found("bromazolam", "benzodiazepine")})),
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
    EXPECT_EQ(candor::core::toString(book.find("mdma-pill-high-dose")->severity), "caution");
    EXPECT_EQ(candor::core::toString(book.find("mdma-pill-very-high-dose")->severity), "warning");
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
        EXPECT_STREQ(e.what(), "line 4: a ',' or '}' is missing after a field's value");
    }
    EXPECT_EQ(book.rules().size(), before);
    EXPECT_NE(book.find("nitazene"), nullptr);
}

TEST(AlertRules, AnUnknownFieldNamesItsLineAndField)
{
    RuleBook book;
    const std::string text = "{\n  \"rules\": [\n    {\"id\": \"a\", \"title\": \"t\", \"severity\": \"warning\", "
                             "\"found_classes\": [\"nitazene\"]},\n"
                             "    {\"id\": \"b\", \"title\": \"t\", \"severity\": \"warning\",\n"
                             "     \"found_clases\": [\"fentanyl\"]}\n  ]\n}\n";
    try {
        book.replace(text);
        FAIL() << "no error";
    } catch (const RuleFileError &e) {
        EXPECT_EQ(e.field(), "line 5");
        EXPECT_EQ(e.rule(), 2);
        EXPECT_EQ(e.key(), "found_clases");
        EXPECT_STREQ(e.what(), "line 5, rule 2 (b): 'found_clases' is not a field here; did you mean 'found_classes'?");
    }
    EXPECT_NE(book.find("carfentanil"), nullptr);
}

TEST(AlertRules, AnUnknownSeverityOrAnEmptyConditionIsRefused)
{
    EXPECT_THROW(parseRules(R"({"rules": [{"id": "a", "title": "t", "severity": "panic", "found_classes": ["x"]}]})"),
                 candor::core::ValidationError);
    EXPECT_THROW(parseRules(R"({"rules": [{"id": "a", "title": "t", "severity": "warning"}]})"), candor::core::ValidationError);
    EXPECT_THROW(
        parseRules(R"({"rules": [{"id": "a", "title": "t", "severity": "warning", "dose": {"substance": "mdma", "above": 3}}]})"),
        candor::core::ValidationError);
}

namespace {

// The message a rules text is refused with, or "accepted".
std::string refusal(const std::string &text)
{
    try {
        parseRules(text);
    } catch (const RuleFileError &e) {
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST(AlertRuleValidator, SaysAWrongSeverityInPlainWordsWithLineRuleAndField)
{
    const std::string text =
        "{\n  \"rules\": [\n    {\"id\": \"a\", \"title\": \"t\", \"severity\": \"warning\", \"found_classes\": [\"x\"]},\n"
        "    {\"id\": \"b\", \"title\": \"t\",\n     \"severity\": \"severe\",\n     \"found_classes\": [\"x\"]}\n  ]\n}\n";
    try {
        parseRules(text);
        FAIL() << "accepted";
    } catch (const RuleFileError &e) {
        EXPECT_STREQ(e.what(), "line 5, rule 2 (b): 'severity' must be one of information, caution, warning, not 'severe'");
        EXPECT_EQ(e.line(), 5);
        EXPECT_EQ(e.rule(), 2);
        EXPECT_EQ(e.key(), "severity");
        EXPECT_EQ(e.field(), "line 5");
    }
}

TEST(AlertRuleValidator, SaysEachKindOfWrongValueAsASentence)
{
    const auto rule = [](const std::string &fields) {
        return "{\"rules\": [{\"id\": \"r\", \"title\": \"t\", \"severity\": \"caution\", " + fields + "}]}";
    };
    EXPECT_EQ(refusal(rule("\"found_classes\": [\"x\"], \"window_weeks\": 0")),
              "line 1, rule 1 (r): 'window_weeks' must be a whole number of weeks from 1 to 52");
    EXPECT_EQ(refusal(rule("\"found_classes\": \"fentanyl\"")),
              "line 1, rule 1 (r): 'found_classes' must be a list of names in square brackets, like [\"fentanyl\"]");
    EXPECT_EQ(refusal(rule("\"never_seen_before\": \"yes\"")), "line 1, rule 1 (r): 'never_seen_before' must be true or false");
    EXPECT_EQ(refusal(rule("\"forms\": [\"pill\"]")),
              "line 1, rule 1 (r): 'found_classes' is empty, and a rule needs something found: found_classes, "
              "found_substances, never_seen_before or dose");
    EXPECT_EQ(refusal(rule("\"dose\": {\"substance\": \"mdma\", \"above\": 3}")),
              "line 1, rule 1 (r): 'dose.above' is not a field here; did you mean 'above_mg'?");
    EXPECT_EQ(refusal(rule("\"dose\": {\"substance\": \"mdma\", \"above_mg\": 200, \"at_most_mg\": 120}")),
              "line 1, rule 1 (r): 'dose.at_most_mg' must be a dose in mg above above_mg");
    EXPECT_EQ(refusal(rule("\"found_classes\": [\"x\"], \"colour\": \"red\""))
                  .rfind("line 1, rule 1 (r): 'colour' is not a field here (the fields are id, title,", 0),
              0u);
    EXPECT_EQ(refusal("{\"rules\": [{\"title\": \"t\", \"severity\": \"caution\", \"found_classes\": [\"x\"]}]}"),
              "line 1, rule 1: 'id' is missing: every rule needs one");
    EXPECT_EQ(refusal("{\"rules\": [{\"id\": \"a\", \"title\": \"t\", \"severity\": \"caution\", \"found_classes\": [\"x\"]},\n"
                      " {\"id\": \"a\", \"title\": \"u\", \"severity\": \"caution\", \"found_classes\": [\"y\"]}]}"),
              "line 2, rule 2 (a): 'id' 'a' is already the id of rule 1; each rule needs its own");
}

TEST(AlertRuleValidator, SaysASyntaxErrorInPlainWordsWithoutTheParsersJargon)
{
    // The issue's example: a stray "x" where a field name belongs.
    EXPECT_EQ(refusal("{\n  \"rules\": [],\n  \"version\": 1,x\n}\n"),
              "line 3: a field name in double quotes was expected (a ',' too many, or a name without quotes) (at '1,x')");
    EXPECT_EQ(refusal("{\"rules\": [\n  {\"id\": \"a\"}\n"),
              "line 3: the text ends too early: a closing } or ] or a double quote is missing");
    EXPECT_EQ(refusal("{\"rules\": [\n  {\"id\": \"a\"} {\"id\": \"b\"}]}"),
              "line 2: a ',' or ']' is missing between the items of a list");
    EXPECT_EQ(refusal("{\"rulez\": []}"), "line 1: 'rulez' is not a field here; did you mean 'rules'?");
    for (const auto &text : {std::string("{\"rules\": [,]}"), std::string("{\"rules\" []}"), std::string("[1, 2")})
        EXPECT_EQ(refusal(text).find("json.exception"), std::string::npos) << refusal(text);
}
