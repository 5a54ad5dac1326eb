#include "gcms/search.h"

#include <gtest/gtest.h>

using namespace candor::gcms;

namespace {

const NominalSpectrum kCocaine{{82, 999}, {182, 620}, {303, 230}};
const NominalSpectrum kCaffeine{{109, 520}, {194, 999}};

} // namespace

TEST(LibrarySearch, RanksByMatchFactorAndIdentifiesOnlyWhenTheRetentionAgrees)
{
    const std::vector<LibrarySpectrum> library{
        {"Caffeine", "58-08-2", std::nullopt, 6.0, kCaffeine},
        {"Cocaine (MSP)", "50-36-2", 2189.0, std::nullopt, kCocaine},
        {"Cocaine (in-house)", "50-36-2", std::nullopt, 5.0, kCocaine},
    };
    // No ladder, so no RI: the MSP entry has no retention evidence; the in-house one
    // agrees within 0.1 min. Same spectrum, same MF: the identifying one ranks first.
    const auto hits = searchLibrary(kCocaine, 5.05, std::nullopt, library);
    ASSERT_EQ(hits.size(), 2u); // caffeine shares no peak: MF 0, not a hit
    EXPECT_EQ(hits[0].entry, 2u);
    EXPECT_TRUE(hits[0].identified);
    EXPECT_NEAR(*hits[0].retentionMinutesDelta, 0.05, 1e-12);
    EXPECT_EQ(hits[1].entry, 1u);
    EXPECT_FALSE(hits[1].identified);
    EXPECT_EQ(hits[1].scores.matchFactor, 999);

    // 0.2 min off: the spectrum still matches, the retention does not.
    EXPECT_FALSE(searchLibrary(kCocaine, 5.2, std::nullopt, library)[0].identified);
    // With a ladder, the index decides: 2189 + 15 is inside the window of 20, + 25 is not.
    EXPECT_TRUE(searchLibrary(kCocaine, 9.0, 2204.0, {library[1]})[0].identified);
    EXPECT_FALSE(searchLibrary(kCocaine, 9.0, 2214.0, {library[1]})[0].identified);
}

TEST(LibrarySearch, ALowMatchFactorNeverIdentifies)
{
    const NominalSpectrum unknown{{82, 999}, {150, 800}, {250, 700}};
    const std::vector<LibrarySpectrum> library{{"Cocaine", "50-36-2", std::nullopt, 5.0, kCocaine}};
    const auto hits = searchLibrary(unknown, 5.0, std::nullopt, library);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_LT(hits[0].scores.matchFactor, 800);
    EXPECT_FALSE(hits[0].identified);
}
