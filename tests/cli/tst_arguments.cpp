// The argument parser against the real command table: what it accepts and the usage
// errors (exit 64) and value errors (exit 65, naming the field) it gives.

#include "cli/arguments.h"
#include "cli/commandtable.h"
#include "cli/exitcodes.h"

#include "core/errors.h"

#include <gtest/gtest.h>

using namespace candor::cli;

namespace {

ParsedCommandLine parse(const std::vector<std::string> &args)
{
    return parseCommandLine(commandTable(), args);
}

std::string usageMessage(const std::vector<std::string> &args)
{
    try {
        parse(args);
    } catch (const UsageError &e) {
        return e.what();
    }
    return "(no usage error)";
}

} // namespace

TEST(ArgumentParser, TakesGlobalOptionsBeforeOrAfterTheCommand)
{
    const auto parsed = parse({"--db", "a.sqlite", "sample", "list", "--user", "ada", "--json", "--status", "received"});
    ASSERT_NE(parsed.command, nullptr);
    EXPECT_EQ(parsed.command->name(), "sample list");
    EXPECT_EQ(parsed.global.db, "a.sqlite");
    EXPECT_EQ(parsed.global.user, "ada");
    EXPECT_TRUE(parsed.global.json);
    EXPECT_EQ(parsed.arguments.value("status"), "received");
}

TEST(ArgumentParser, AcceptsOptionEqualsValueAndPositionalsAfterDoubleDash)
{
    const auto parsed = parse({"strip", "add", "--type=fentanyl", "--result=positive", "--", "--odd-id"});
    EXPECT_EQ(parsed.arguments.value("type"), "fentanyl");
    EXPECT_EQ(parsed.arguments.positional(0), "--odd-id");
}

TEST(ArgumentParser, TakesTheNextWordAsAValueEvenWhenItLooksLikeAnOption)
{
    const auto parsed = parse({"sample", "add", "--sold-as", "x", "--form", "pill", "--pill-mass-mg", "-5"});
    EXPECT_EQ(parsed.arguments.value("pill-mass-mg"), "-5");
}

TEST(ArgumentParser, RejectsAnUnknownCommandNamingIt)
{
    EXPECT_EQ(usageMessage({"frobnicate"}), "unknown command 'frobnicate'");
    EXPECT_EQ(usageMessage({"sample", "eat"}), "unknown command 'sample eat'");
}

TEST(ArgumentParser, RejectsAnIncompleteCommandListingItsSubcommands)
{
    EXPECT_EQ(usageMessage({"sample"}), "'sample' needs one of: add, list, show, slip");
    EXPECT_EQ(usageMessage({}), "no command given");
}

TEST(ArgumentParser, RejectsUnknownOptionsMissingValuesAndMissingRequiredOptions)
{
    EXPECT_EQ(usageMessage({"sample", "list", "--colour", "red"}), "sample list: unknown option '--colour'");
    EXPECT_EQ(usageMessage({"sample", "add", "--sold-as"}), "sample add: --sold-as needs a value (TEXT)");
    EXPECT_EQ(usageMessage({"sample", "add", "--sold-as", "x"}), "sample add: missing --form FORM");
    EXPECT_EQ(usageMessage({"strip", "add", "--type", "fentanyl", "--result", "positive"}), "strip add: missing SAMPLE");
    EXPECT_EQ(usageMessage({"sample", "list", "extra"}), "sample list: unexpected argument 'extra'");
    EXPECT_EQ(usageMessage({"sample", "list", "--json=yes"}), "sample list: --json takes no value");
    EXPECT_EQ(usageMessage({"sample", "add", "--sold-as", "x", "--sold-as", "y", "--form", "powder"}),
              "sample add: --sold-as given more than once");
}

TEST(ArgumentParser, DoesNotComplainAboutMissingArgumentsWhenHelpIsAsked)
{
    const auto parsed = parse({"strip", "add", "--help"});
    EXPECT_TRUE(parsed.global.help);
    ASSERT_NE(parsed.command, nullptr);
    EXPECT_EQ(parsed.command->name(), "strip add");
    const auto group = parse({"sample", "-h"});
    EXPECT_TRUE(group.global.help);
    EXPECT_EQ(group.command, nullptr);
    EXPECT_EQ(group.words, std::vector<std::string>{"sample"});
}

TEST(ArgumentParser, NumbersThatAreNotNumbersAreValidationErrorsNamingTheField)
{
    const auto parsed = parse({"sample", "add", "--sold-as", "x", "--form", "pill", "--pill-mass-mg", "12,5"});
    try {
        parsed.arguments.number("pill-mass-mg");
        FAIL() << "no error";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_EQ(e.field(), "pill_mass_mg");
        EXPECT_NE(std::string(e.what()).find("'12,5' is not a number"), std::string::npos) << e.what();
    }
    const auto good = parse({"sample", "add", "--sold-as", "x", "--form", "pill", "--pill-mass-mg", "212.5"});
    EXPECT_DOUBLE_EQ(*good.arguments.number("pill-mass-mg"), 212.5);
}

TEST(ArgumentParser, YesNoAcceptsOnlyYesOrNo)
{
    const auto parsed = parse(
        {"sample", "add", "--sold-as", "x", "--form", "powder", "--overdose-involved", "maybe", "--research-consent", "yes"});
    EXPECT_EQ(parsed.arguments.yesNo("research-consent"), true);
    try {
        parsed.arguments.yesNo("overdose-involved");
        FAIL() << "no error";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_EQ(e.field(), "overdose_involved");
        EXPECT_STREQ(e.what(), "overdose_involved: 'maybe' is not one of yes, no");
    }
}

TEST(ArgumentParser, IntegersOutsideTheirRangeNameTheField)
{
    const auto parsed = parse({"sample", "list", "--limit", "0"});
    EXPECT_THROW(parsed.arguments.integer("limit", 1, 100), candor::core::ValidationError);
}

TEST(ArgumentParser, RejectsTextThatIsNotUtf8NamingTheOption)
{
    try {
        parse({"sample", "add", "--sold-as", "x", "--form", "powder", "--notes", "caf\xe9"});
        FAIL() << "no error";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_EQ(e.field(), "notes");
    }
}

TEST(CommandTable, GivesEverySampleFieldAnOptionOnSampleAdd)
{
    const CommandSpec *add = commandTable().find({"sample", "add"});
    ASSERT_NE(add, nullptr);
    for (const char *option : {"sold-as", "form", "colour", "texture", "site", "intake-channel", "received-at", "sample-type",
                               "pill-logo", "pill-score-line", "pill-diameter-mm", "pill-thickness-mm", "pill-mass-mg",
                               "reported-effects", "overdose-involved", "research-consent", "notes"})
        EXPECT_NE(add->option(option), nullptr) << option;
}

TEST(CommandTable, HasNoCommandWhoseWordsArePrefixOfAnother)
{
    // The parser resolves a command as soon as its words match; a command that is the
    // prefix of another would make the longer one unreachable.
    const auto &commands = commandTable().commands();
    for (const auto &a : commands) {
        for (const auto &b : commands) {
            if (&a != &b && a.words.size() < b.words.size()) {
                EXPECT_FALSE(std::equal(a.words.begin(), a.words.end(), b.words.begin())) << a.name() << " / " << b.name();
            }
        }
    }
}
