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

TEST_F(ReferenceStoreTest, KeepsASecondSpectrumOfASubstanceAsAnotherReference)
{
    ReferenceStore store(*db);
    store.add(caffeine(), &admin);
    auto other = caffeine(std::string(64, 'b'));
    other.y = {0.9, 0.9, 0.9, 0.9};
    const auto result = store.add(other, &admin);
    EXPECT_EQ(result.outcome, ReferenceAddResult::Outcome::Added);
    EXPECT_NE(result.message.find("spectrum 2 of this substance"), std::string::npos) << result.message;
    ASSERT_EQ(store.all().size(), 2u);
    EXPECT_EQ(store.active().size(), 2u);
}

TEST_F(ReferenceStoreTest, ResolvesReferenceNamesThroughTheCatalogueWithSaltsStripped)
{
    struct Case {
        const char *name;
        const char *substance;
    };
    for (const auto &c : {Case{"Heroin HCl (lot 2)", "heroin"}, Case{"Diacetylmorphine hydrochloride", "heroin"},
                          Case{"Cocaine base", "cocaine base"}, Case{"Cocaine base (lot 2)", "cocaine base"},
                          Case{"cocaine hydrochloride", "cocaine hcl"}, Case{"Fentanyl citrate", "fentanyl"},
                          Case{"Etizolam_monohydrate", "etizolam"},
                          Case{"N-Pyrrolidino Etonitazene", "n-pyrrolidino etonitazene"}, Case{"Xylazine HCl", "xylazine"}}) {
        const auto found = catalogue->resolveReferenceName(c.name);
        ASSERT_TRUE(found) << c.name;
        EXPECT_EQ(found->name, c.substance) << c.name;
    }
    // Whole names only: a street word inside another name is no match.
    EXPECT_FALSE(catalogue->resolveReferenceName("Crystal violet"));
    EXPECT_FALSE(catalogue->resolveReferenceName("Compound 7B"));
    EXPECT_EQ(candor::core::Catalogue::withoutSaltSuffixes("Fentanyl citrate monohydrate"), "fentanyl");
    EXPECT_EQ(candor::core::Catalogue::withoutSaltSuffixes("Database"), "database");
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
