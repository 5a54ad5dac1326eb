#include "core/catalogue.h"
#include "core/errors.h"
#include "fixture.h"

#include <nlohmann/json.hpp>

using namespace candor::core;
using candor::testing::CoreFixture;

using CatalogueTest = CoreFixture;

TEST_F(CatalogueTest, ShipsStripTypesWithCutoffsCrossReactantsAndSources)
{
    const auto fentanyl = catalogue->stripType("Fentanyl");
    ASSERT_TRUE(fentanyl);
    EXPECT_EQ(fentanyl->defaultCutoffNgMl, 20.0);
    EXPECT_FALSE(fentanyl->source.empty());
    bool hasMeth = false;
    for (const auto &c : fentanyl->crossReactants) {
        EXPECT_FALSE(c.source.empty());
        hasMeth |= c.substance == "methamphetamine";
    }
    EXPECT_TRUE(hasMeth);
    for (const char *key : {"benzodiazepine", "xylazine", "nitazene"})
        EXPECT_TRUE(catalogue->stripType(key)) << key;
}

TEST_F(CatalogueTest, NormalizesStreetNamesToSubstances)
{
    EXPECT_EQ(catalogue->normalizeSoldAs("down"), "fentanyl");
    EXPECT_EQ(catalogue->normalizeSoldAs("  Fent "), "fentanyl");
    EXPECT_EQ(catalogue->normalizeSoldAs("molly"), "mdma");
    EXPECT_EQ(catalogue->normalizeSoldAs("Molly crystals"), "mdma");
    EXPECT_EQ(catalogue->normalizeSoldAs("crystal meth"), "methamphetamine");
    EXPECT_EQ(catalogue->normalizeSoldAs("pressed oxy 30"), "oxycodone");
    EXPECT_EQ(catalogue->normalizeSoldAs("hard"), "cocaine base");
    EXPECT_FALSE(catalogue->normalizeSoldAs("something my friend gave me"));
    // Single letters count only on their own, never inside a sentence.
    EXPECT_EQ(catalogue->normalizeSoldAs("e"), "mdma");
    EXPECT_FALSE(catalogue->normalizeSoldAs("a bag of e something"));
}

TEST_F(CatalogueTest, CompletesSoldAsFromSynonyms)
{
    const auto hits = catalogue->completeSoldAs("mol");
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits.front(), "molly");
}

TEST_F(CatalogueTest, ReagentSequencesGiveCandidatesExactOrStarted)
{
    const auto full = catalogue->reagentCandidates("marquis", {"Purple", "black"});
    ASSERT_FALSE(full.empty());
    EXPECT_TRUE(full.front().exact);
    bool mdma = false;
    for (const auto &c : full)
        mdma |= c.substance == "mdma";
    EXPECT_TRUE(mdma);
    const auto started = catalogue->reagentCandidates("marquis", {"purple"});
    bool heroinExact = false, mdmaStarted = false;
    for (const auto &c : started) {
        heroinExact |= c.substance == "heroin" && c.exact;
        mdmaStarted |= c.substance == "mdma" && !c.exact;
    }
    EXPECT_TRUE(heroinExact);
    EXPECT_TRUE(mdmaStarted);
    EXPECT_TRUE(catalogue->reagentCandidates("marquis", {"green", "pink", "gold"}).empty());
    EXPECT_TRUE(catalogue->reagent("Simon's"));
}

TEST_F(CatalogueTest, LoadingTwiceIsIdempotentAndABadEntryChangesNothing)
{
    const auto before = catalogue->substances().size();
    catalogue->load(nlohmann::json::parse(Catalogue::shippedJson()));
    EXPECT_EQ(catalogue->substances().size(), before);

    auto bad = nlohmann::json::parse(Catalogue::shippedJson());
    bad["substances"].push_back({{"name", "newthing"}, {"class", "stimulant"}});
    bad["strip_types"].push_back({{"key", "broken"}, {"name", "Broken"}}); // no target, no source
    try {
        catalogue->load(bad);
        FAIL();
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "strip type broken");
    }
    EXPECT_FALSE(catalogue->substance("newthing"));
}
