#include "core/errors.h"
#include "core/references.h"
#include "fixture.h"

#include <cmath>

using namespace candor::core;
using candor::testing::CoreFixture;

namespace {
ReferenceRow caffeine(const std::string &sha = std::string(64, 'a'))
{
    ReferenceRow r;
    r.substance = "Caffeine";
    r.substanceClass = "cut";
    r.title = "Caffeine";
    r.source = "test library";
    r.fileName = "caffeine.jdx";
    r.sha256 = sha;
    r.xUnits = "1/cm";
    r.yUnits = "absorbance";
    r.x = {4000, 3000, 2000, 1000};
    r.y = {0.1, 0.5, 0.25, 0.125};
    return r;
}
} // namespace

using ReferenceStoreTest = CoreFixture;

TEST_F(ReferenceStoreTest, StoresPointsExactlyAndBumpsTheVersion)
{
    ReferenceStore store(*db);
    EXPECT_EQ(store.version(), "0");
    const auto result = store.add(caffeine(), &admin);
    EXPECT_EQ(result.outcome, ReferenceAddResult::Outcome::Added);
    EXPECT_EQ(store.version(), "1");
    const auto rows = store.all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].x, (std::vector<double>{4000, 3000, 2000, 1000}));
    EXPECT_EQ(rows[0].y, (std::vector<double>{0.1, 0.5, 0.25, 0.125}));
    EXPECT_TRUE(store.all(false)[0].x.empty());
}

TEST_F(ReferenceStoreTest, ReimportingTheSameBytesIsIdempotent)
{
    ReferenceStore store(*db);
    store.add(caffeine(), &admin);
    const auto again = store.add(caffeine(), &admin);
    EXPECT_EQ(again.outcome, ReferenceAddResult::Outcome::AlreadyPresent);
    EXPECT_EQ(store.count(), 1);
    EXPECT_EQ(store.version(), "1");
}

TEST_F(ReferenceStoreTest, ReportsAConflictAndKeepsTheExistingSpectrum)
{
    ReferenceStore store(*db);
    store.add(caffeine(), &admin);
    auto other = caffeine(std::string(64, 'b'));
    other.y = {0.9, 0.9, 0.9, 0.9};
    const auto result = store.add(other, &admin);
    EXPECT_EQ(result.outcome, ReferenceAddResult::Outcome::Conflict);
    EXPECT_NE(result.message.find("conflict"), std::string::npos);
    EXPECT_EQ(store.all()[0].y[0], 0.1);
}

TEST_F(ReferenceStoreTest, RefusesBadRowsAndNonAdmins)
{
    ReferenceStore store(*db);
    auto bad = caffeine();
    bad.y.pop_back();
    EXPECT_THROW(store.add(bad, &admin), ValidationError);
    bad = caffeine();
    bad.y[1] = std::nan("");
    EXPECT_THROW(store.add(bad, &admin), ValidationError);
    EXPECT_THROW(store.add(caffeine(), &tech), PermissionDenied);
    EXPECT_EQ(store.count(), 0);
}
