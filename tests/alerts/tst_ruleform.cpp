// The rules and advice as form rows (alerts/ruleform.h): the shipped files survive the
// round trip through rows, and a wrong row is refused by the same validator as the JSON
// editor, naming the row and field, said for a form (no JSON line).

#include "alerts/advice.h"
#include "alerts/ruleform.h"
#include "alerts/shippeddata.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <gtest/gtest.h>

using namespace candor::alerts;

TEST(RuleForm, TheShippedRulesSurviveTheRoundTripThroughRows)
{
    const auto rows = ruleRows(shippedAlertRules());
    ASSERT_EQ(rows.size(), RuleBook().rules().size());
    EXPECT_EQ(rows[0].notSoldAsClasses, "fentanyl, opioid");
    EXPECT_EQ(rows[6].doseAboveMg, "120");
    EXPECT_EQ(rows[6].doseAtMostMg, "200");
    const auto text = rulesJsonFromRows(rows, shippedAlertRules());
    EXPECT_EQ(nlohmann::json::parse(text), nlohmann::json::parse(shippedAlertRules()));
}

TEST(RuleForm, AnEditedRowBecomesTheRuleAndKeepsTheFilesHeader)
{
    auto rows = ruleRows(shippedAlertRules());
    rows[1].severity = "caution";
    rows[1].forms = "pill,  powder ,";
    rows[1].windowWeeks = "3";
    RuleBook book;
    book.replace(rulesJsonFromRows(rows, shippedAlertRules()));
    EXPECT_EQ(candor::core::toString(book.find("nitazene")->severity), "caution");
    EXPECT_EQ(book.find("nitazene")->forms, (std::vector<std::string>{"pill", "powder"}));
    EXPECT_EQ(book.find("nitazene")->windowWeeks, 3);
    const auto doc = nlohmann::json::parse(rulesJsonFromRows(rows, shippedAlertRules()));
    EXPECT_EQ(doc["about"], nlohmann::json::parse(shippedAlertRules())["about"]);
}

TEST(RuleForm, AWrongRowIsRefusedNamingItsRowAndFieldWithoutALine)
{
    auto rows = ruleRows(shippedAlertRules());
    rows[1].windowWeeks = "two";
    try {
        rulesJsonFromRows(rows, shippedAlertRules());
        FAIL() << "accepted";
    } catch (const RuleFileError &e) {
        EXPECT_EQ(e.rule(), 2);
        EXPECT_EQ(e.key(), "window_weeks");
        EXPECT_EQ(formMessage(e), "Rule 2 (nitazene): 'window_weeks' must be a whole number of weeks from 1 to 52");
    }
    rows[1].windowWeeks = "2";
    rows[3].doseAboveMg = "10";
    rows[3].doseSubstance = "";
    try {
        rulesJsonFromRows(rows, shippedAlertRules());
        FAIL() << "accepted";
    } catch (const RuleFileError &e) {
        EXPECT_EQ(formMessage(e), "Rule 4 (alpha2-in-opioids): 'dose.substance' must name the substance whose dose counts");
        EXPECT_EQ(e.key(), "dose.substance");
    }
}

TEST(RuleForm, AdviceRowsRoundTripAndAMissingDefaultOrATwiceGivenClassIsRefused)
{
    auto rows = adviceRows(shippedSaferUseAdvice());
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(nlohmann::json::parse(adviceJsonFromRows(rows, shippedSaferUseAdvice())),
              nlohmann::json::parse(shippedSaferUseAdvice()));

    auto twice = rows;
    twice.push_back({"fentanyl", "Again."});
    try {
        adviceJsonFromRows(twice, shippedSaferUseAdvice());
        FAIL() << "accepted";
    } catch (const RuleFileError &e) {
        EXPECT_EQ(e.rule(), int(twice.size()));
        EXPECT_EQ(formMessage(e), "Row " + std::to_string(twice.size()) +
                                      ", advice for 'fentanyl': this class has advice in an earlier row already");
    }
    auto noDefault = rows;
    noDefault.erase(std::remove_if(noDefault.begin(), noDefault.end(),
                                   [](const AdviceRow &r) { return r.substanceClass == "default"; }),
                    noDefault.end());
    try {
        adviceJsonFromRows(noDefault, shippedSaferUseAdvice());
        FAIL() << "accepted";
    } catch (const RuleFileError &e) {
        EXPECT_EQ(formMessage(e),
                  "The advice needs a row for the class \"default\", for alerts whose classes have none of their own");
    }
    auto empty = rows;
    empty[0].text = "  ";
    EXPECT_THROW(adviceJsonFromRows(empty, shippedSaferUseAdvice()), RuleFileError);
}

TEST(RuleForm, TheAdviceFilesErrorsAreSentencesWithTheirLine)
{
    try {
        SaferUseAdvice("{\n  \"advice\": {\n    \"default\": \"x\",\n    \"nitazene\": \"\"\n  }\n}\n");
        FAIL() << "accepted";
    } catch (const RuleFileError &e) {
        EXPECT_STREQ(e.what(), "line 4, advice for 'nitazene': must be text in double quotes, not empty");
        EXPECT_EQ(e.line(), 4);
    }
}
