#include "gcms/retentionindex.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace candor::gcms;

TEST(AlkaneLadder, GivesVanDenDoolAndKratzIndicesBetweenItsAlkanes)
{
    const AlkaneLadder ladder({{10, 4.0}, {11, 5.0}, {13, 7.0}});
    // 100·(10 + (4.25 − 4)/(5 − 4)) = 1025
    EXPECT_DOUBLE_EQ(*ladder.retentionIndex(4.25), 1025.0);
    EXPECT_DOUBLE_EQ(*ladder.retentionIndex(5.0), 1100.0);
    // C12 missing: 100·(11 + 2·(6.5 − 5)/(7 − 5)) = 1250
    EXPECT_DOUBLE_EQ(*ladder.retentionIndex(6.5), 1250.0);
    EXPECT_EQ(ladder.retentionIndex(3.9), std::nullopt);
    EXPECT_EQ(ladder.retentionIndex(7.1), std::nullopt);
}

TEST(AlkaneLadder, RefusesALadderThatDoesNotRise)
{
    try {
        const AlkaneLadder ladder({{10, 4.0}, {11, 3.5}});
        (void)ladder;
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument &e) {
        EXPECT_EQ(std::string(e.what()),
                  "the ladder's alkanes must rise in carbon number and in time: C11 at 3.500000 min follows C10 at 4.000000 min");
    }
    EXPECT_THROW(AlkaneLadder({{10, 4.0}}), std::invalid_argument);
}

TEST(RelativeRetention, IsTheRatioToTheInternalStandard)
{
    EXPECT_DOUBLE_EQ(*relativeRetention(6.0, 8.0), 0.75);
    EXPECT_EQ(relativeRetention(6.0, 0.0), std::nullopt);
}
