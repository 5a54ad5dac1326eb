#include "core/errors.h"
#include "core/vocabulary.h"

#include <gtest/gtest.h>

#include <set>

using namespace candor::core;

namespace {

// Every value gives a word, the words differ, and the word parses back to the value.
template<class Enum>
void expectRoundTrip(const std::vector<std::string> &words)
{
    EXPECT_EQ(allTerms<Enum>(), words);
    const auto values = allValues<Enum>();
    ASSERT_EQ(values.size(), words.size());
    std::set<std::string> seen;
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(toString(values[i]), words[i]);
        EXPECT_EQ(parse<Enum>(words[i]), values[i]);
        EXPECT_EQ(tryParse<Enum>(words[i]), values[i]);
        EXPECT_TRUE(seen.insert(toString(values[i])).second) << toString(values[i]) << " twice";
    }
}

template<class Enum>
UnknownTerm parseFailure(const std::string &text)
{
    try {
        parse<Enum>(text);
    } catch (const UnknownTerm &e) {
        return e;
    }
    throw std::runtime_error("'" + text + "' was accepted");
}

} // namespace

TEST(Vocabulary, SampleStatusRoundTripsThroughTheWordsTheDatabaseStores)
{
    expectRoundTrip<SampleStatus>({"received", "in-testing", "to-be-verified", "verified", "invalidated"});
    EXPECT_EQ(toString(SampleStatus::ToBeVerified), "to-be-verified");
}

TEST(Vocabulary, ConfidenceRoundTrips)
{
    expectRoundTrip<Confidence>({"confirmed", "probable", "uncertain"});
}

TEST(Vocabulary, AbundanceRoundTrips)
{
    expectRoundTrip<Abundance>({"primary", "trace", "percent"});
}

TEST(Vocabulary, AlertSeverityRoundTripsLeastUrgentFirst)
{
    expectRoundTrip<AlertSeverity>({"information", "caution", "warning"});
    EXPECT_LT(AlertSeverity::Caution, AlertSeverity::Warning);
}

TEST(Vocabulary, RoleRoundTrips)
{
    expectRoundTrip<Role>({"technician", "verifier", "coordinator", "admin"});
    EXPECT_EQ(toStrings({Role::Verifier, Role::Admin}), (std::vector<std::string>{"verifier", "admin"}));
}

TEST(Vocabulary, UnknownStatusIsAValidationErrorNamingTheTextAndTheWordsExpected)
{
    const UnknownTerm e = parseFailure<SampleStatus>("done");
    EXPECT_STREQ(e.what(), "status: 'done' is not one of received, in-testing, to-be-verified, verified, invalidated");
    EXPECT_EQ(e.field(), "status");
    EXPECT_EQ(e.text(), "done");
    EXPECT_EQ(e.expected(), allTerms<SampleStatus>());
    EXPECT_THROW(parse<SampleStatus>("done"), ValidationError);
}

TEST(Vocabulary, ParseIsExactSoFrontEndsNormalizeFirst)
{
    EXPECT_EQ(tryParse<SampleStatus>("Verified"), std::nullopt);
    EXPECT_EQ(tryParse<Role>(" admin"), std::nullopt);
    EXPECT_EQ(tryParse<Confidence>(""), std::nullopt);
}

TEST(Vocabulary, EachConceptReportsAgainstItsOwnField)
{
    EXPECT_STREQ(parseFailure<Confidence>("sure").what(), "confidence: 'sure' is not one of confirmed, probable, uncertain");
    EXPECT_STREQ(parseFailure<Abundance>("lots").what(), "abundance: 'lots' is not one of primary, trace, percent");
    EXPECT_STREQ(parseFailure<AlertSeverity>("panic").what(), "severity: 'panic' is not one of information, caution, warning");
    EXPECT_STREQ(parseFailure<Role>("boss").what(), "roles: 'boss' is not one of technician, verifier, coordinator, admin");
    EXPECT_EQ(parseFailure<Role>("").text(), "");
}
