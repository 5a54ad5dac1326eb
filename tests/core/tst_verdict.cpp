#include "core/errors.h"
#include "core/vocabulary.h"

#include <gtest/gtest.h>

#include <string>

using namespace candor::core;

TEST(Verdict, ReadsBackEveryVerdictItSpells)
{
    for (Verdict v : {Verdict::Match, Verdict::Uncertain, Verdict::NoMatch})
        EXPECT_EQ(parse<Verdict>(toString(v)), v) << toString(v);
    EXPECT_EQ(toString(Verdict::NoMatch), "no-match");
}

TEST(Verdict, RejectsTextThatIsNoVerdictAndNamesIt)
{
    try {
        parse<Verdict>("Match");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "verdict");
        EXPECT_STREQ(e.what(), "verdict: 'Match' is not match, uncertain or no-match");
    }
}

TEST(ComponentStatus, ReadsBackEveryStatusItSpells)
{
    EXPECT_EQ(toString(ComponentStatus::Detected), "detected");
    EXPECT_EQ(toString(ComponentStatus::Possible), "possible");
    for (ComponentStatus s : {ComponentStatus::Detected, ComponentStatus::Possible})
        EXPECT_EQ(parse<ComponentStatus>(toString(s)), s);
}

TEST(ComponentStatus, RejectsTextThatIsNoStatusAndNamesIt)
{
    try {
        parse<ComponentStatus>("");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "status");
        EXPECT_STREQ(e.what(), "component status: '' is not detected or possible");
    }
}
