#include "core/auditlog.h"
#include "core/demodata.h"
#include "core/errors.h"
#include "core/readings.h"
#include "core/samples.h"
#include "fixture.h"

#include <algorithm>

using namespace candor::core;
using candor::testing::CoreFixture;

using ReadingStoreTest = CoreFixture;

TEST_F(ReadingStoreTest, RecordsAStripWithTheCatalogueCutoffAndMovesTheSampleIntoTesting)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample s = samples.add(powder(), tech);
    const auto r = readings.addStrip(s.id, {"fentanyl", "Negative", "BTNX", "L123", std::nullopt, 10.0, 5.0}, tech);
    EXPECT_EQ(r.result, "negative");
    EXPECT_EQ(r.cutoffNgMl, 20.0);
    EXPECT_EQ(readings.strips(s.id).size(), 1u);
    EXPECT_EQ(toString(samples.find(s.id)->status), "in-testing");
}

TEST_F(ReadingStoreTest, RejectsUnknownStripTypesAndResultsNamingTheField)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample s = samples.add(powder(), tech);
    try {
        readings.addStrip(s.id, {"unicorn", "positive"}, tech);
        FAIL();
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "type");
        EXPECT_NE(std::string(e.what()).find("known: benzodiazepine, fentanyl"), std::string::npos) << e.what();
    }
    EXPECT_THROW(readings.addStrip(s.id, {"fentanyl", "maybe"}, tech), ValidationError);
    EXPECT_THROW(readings.addStrip(s.id, {"fentanyl", "positive", {}, {}, {}, -1.0}, tech), ValidationError);
    EXPECT_THROW(readings.addStrip("no-such-sample", {"fentanyl", "positive"}, tech), NotFound);
    EXPECT_TRUE(readings.strips(s.id).empty());
    EXPECT_EQ(toString(samples.find(s.id)->status), "received");
}

TEST_F(ReadingStoreTest, RecordsAnOrderedReagentSequence)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample s = samples.add(powder("molly"), tech);
    readings.addReagent(s.id, "Marquis", {"Purple", " black "}, tech);
    const auto stored = readings.reagents(s.id);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].colours, (std::vector<std::string>{"purple", "black"}));
    EXPECT_THROW(readings.addReagent(s.id, "marquis", {}, tech), ValidationError);
    EXPECT_THROW(readings.addReagent(s.id, "lemon juice", {"yellow"}, tech), ValidationError);
}

TEST_F(ReadingStoreTest, WarnsWhenAPositiveStripMayBeACrossReactionWithTheSoldAsSubstance)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample meth = samples.add(powder("crystal meth"), tech);
    readings.addStrip(meth.id, {"fentanyl", "positive"}, tech);
    const auto warnings = readings.crossReactionWarnings(meth.id);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("cross-reaction with methamphetamine"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[0].find("Lockwood"), std::string::npos) << warnings[0];

    const Sample coke = samples.add(powder("coke"), tech);
    readings.addStrip(coke.id, {"fentanyl", "positive"}, tech);
    EXPECT_TRUE(readings.crossReactionWarnings(coke.id).empty());

    const Sample negative = samples.add(powder("meth"), tech);
    readings.addStrip(negative.id, {"fentanyl", "negative"}, tech);
    EXPECT_TRUE(readings.crossReactionWarnings(negative.id).empty());
}

TEST_F(ReadingStoreTest, WarnsWhenAReagentSuggestedTheCrossReactant)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample s = samples.add(powder("unknown"), tech);
    readings.addReagent(s.id, "marquis", {"purple", "black"}, tech);
    readings.addStrip(s.id, {"fentanyl", "positive"}, tech);
    const auto warnings = readings.crossReactionWarnings(s.id);
    ASSERT_FALSE(warnings.empty());
    EXPECT_NE(warnings[0].find("mdma (the marquis reagent suggested it)"), std::string::npos) << warnings[0];
}

TEST_F(ReadingStoreTest, HistoryListsIntakeAndEveryReadingInOrder)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample s = samples.add(powder(), tech);
    readings.addStrip(s.id, {"fentanyl", "negative", {}, {}, {}, 5.0}, tech);
    readings.addReagent(s.id, "marquis", {"no change"}, tech);
    const auto history = readings.history(s.id);
    // From the audit log: intake, the start of testing (the first reading), two readings.
    ASSERT_EQ(history.size(), 4u);
    EXPECT_NE(history[0].what.find("taken in"), std::string::npos);
    EXPECT_EQ(history[1].what, "Testing started");
    EXPECT_EQ(history[2].who, "tess");
    EXPECT_NE(history[2].what.find("Fentanyl strip: negative"), std::string::npos);
    EXPECT_NE(history[3].what.find("Marquis reagent"), std::string::npos);
}

TEST_F(ReadingStoreTest, DemoDataIsMarkedAsDemo)
{
    EXPECT_FALSE(hasDemoData(*db));
    EXPECT_THROW(loadDemoData(*db, tech, 40), PermissionDenied);
    EXPECT_FALSE(hasDemoData(*db));
    EXPECT_EQ(loadDemoData(*db, admin, 40), 40);
    EXPECT_TRUE(hasDemoData(*db));
    auto st = db->prepare("SELECT count(*) FROM samples WHERE is_demo = 0");
    st.step();
    EXPECT_EQ(st.columnInt(0), 0);
}

TEST_F(ReadingStoreTest, CorrectionSupersedesTheOldReadingWhichStaysInTheAuditLog)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample s = samples.add(powder("down"), tech);
    const auto wrong = readings.addStrip(s.id, {"fentanyl", "negative", "BTNX", "L1", std::nullopt, 5.0}, tech);
    const auto fixed = readings.correctStrip(wrong.id, {"", "positive", "BTNX", "L1", std::nullopt, 5.0}, tech);

    EXPECT_EQ(fixed.stripType, "fentanyl"); // an empty type keeps the old one
    EXPECT_EQ(fixed.result, "positive");
    const auto counting = readings.strips(s.id);
    ASSERT_EQ(counting.size(), 1u);
    EXPECT_EQ(counting[0].id, fixed.id);
    const auto all = readings.allStrips(s.id);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, wrong.id);
    EXPECT_EQ(all[0].supersededBy, fixed.id);
    EXPECT_FALSE(all[1].supersededBy.has_value());
    EXPECT_EQ(readings.currentStrip(s.id, "fentanyl")->id, fixed.id);

    const auto log = AuditLog(*db).forSample(s.id);
    const auto superseded = std::find_if(log.begin(), log.end(),
                                         [&](const AuditEntry &e) { return e.entityId == wrong.id && e.action == "supersede"; });
    ASSERT_NE(superseded, log.end());
    EXPECT_NE(superseded->newValue.find("\"superseded_by\":\"" + fixed.id + "\""), std::string::npos) << superseded->newValue;
    EXPECT_NE(superseded->oldValue.find("\"result\":\"negative\""), std::string::npos) << superseded->oldValue;
    EXPECT_TRUE(AuditLog(*db).verify().ok);

    const auto history = readings.history(s.id);
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().what, "Fentanyl strip corrected: negative → positive at 5 mg/mL");
}

TEST_F(ReadingStoreTest, RefusesToCorrectAReadingTwiceOrOneThatDoesNotExistChangingNothing)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample s = samples.add(powder("down"), tech);
    const auto first = readings.addStrip(s.id, {"fentanyl", "negative"}, tech);
    readings.correctStrip(first.id, {"", "positive"}, tech);
    try {
        readings.correctStrip(first.id, {"", "invalid"}, tech);
        FAIL() << "a superseded reading was corrected again";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "reading");
        EXPECT_STREQ(e.what(), "reading: this fentanyl reading was already corrected; correct the newer one");
    }
    EXPECT_THROW(readings.correctStrip("no-such-reading", {"", "positive"}, tech), NotFound);
    EXPECT_THROW(readings.correctStrip(readings.strips(s.id)[0].id, {"", "maybe"}, tech), ValidationError);
    EXPECT_EQ(readings.allStrips(s.id).size(), 2u);
    EXPECT_EQ(readings.strips(s.id)[0].result, "positive");
}

TEST_F(ReadingStoreTest, ASupersededPositiveRaisesNoCrossReactionWarning)
{
    SampleStore samples(*db, *catalogue);
    ReadingStore readings(*db, *catalogue);
    const Sample meth = samples.add(powder("crystal meth"), tech);
    const auto mistaken = readings.addStrip(meth.id, {"fentanyl", "positive"}, tech);
    ASSERT_EQ(readings.crossReactionWarnings(meth.id).size(), 1u);
    readings.correctStrip(mistaken.id, {"", "negative"}, tech);
    EXPECT_TRUE(readings.crossReactionWarnings(meth.id).empty());
}
