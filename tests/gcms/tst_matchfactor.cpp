#include "gcms/matchfactor.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace candor::gcms;

TEST(IdentityMatchFactor, IsWorkedOutByHandForSharedUnknownOnlyAndLibraryOnlyPeaks)
{
    const NominalSpectrum unknown{{50, 999}, {51, 500}, {52, 100}};
    const NominalSpectrum library{{50, 999}, {51, 400}, {53, 200}};
    // w² = m·I. Shared 50 and 51; 52 unknown-only (I > 1); 53 library-only.
    // S_uu = 50·999 + 51·500 + 52·100 = 80650;  S_ll = 50·999 + 51·400 + 53·200 = 80950
    // S_ul = √(50·999·50·999) + √(51·500·51·400) = 49950 + 51·√200000 = 72757.89337...
    // F1 = S_ul² / (S_uu·S_ll) = 0.81084717...
    // One pair (50, 51): R = √500·√999 / (√999·√400) = √1.25; min(R, 1/R) = 0.89442719...
    // MF = 1000·(2·0.81084717 + 1·0.89442719) / 3 = 838.7071...
    const auto s = identityScores(unknown, library);
    EXPECT_NEAR(s.matchFactorExact, 838.70718, 1e-4);
    EXPECT_EQ(s.matchFactor, 839);
    // Reverse: 52 leaves S_uu: 49950 + 25500 = 75450; F1 = 72757.89337² / (75450·80950)
    // = 0.86673061...; RMF = 1000·(2·0.86673061 + 0.89442719) / 3 = 875.9628...
    EXPECT_NEAR(s.reverseMatchFactorExact, 875.96280, 1e-4);
    EXPECT_EQ(s.reverseMatchFactor, 876);
}

TEST(IdentityMatchFactor, ALibraryOnlyPeakBetweenTwoSharedOnesBreaksTheirPair)
{
    const NominalSpectrum unknown{{40, 999}, {42, 500}};
    const NominalSpectrum library{{40, 999}, {41, 300}, {42, 600}};
    // S_uu = 40·999 + 42·500 = 60960; S_ll = 40·999 + 41·300 + 42·600 = 77460
    // S_ul = 39960 + 42·√300000 = 62964.3474...; F1 = 0.83958943...; no pair (41 stands
    // between 40 and 42): MF = 1000·F1 = 839.589...
    const auto s = identityScores(unknown, library);
    EXPECT_NEAR(s.matchFactorExact, 839.58943, 1e-4);
    EXPECT_EQ(s.matchFactor, 840);
    // Nothing is unknown-only, so the reverse factor is the same.
    EXPECT_NEAR(s.reverseMatchFactorExact, s.matchFactorExact, 1e-9);
}

TEST(IdentityMatchFactor, AnUnknownOnlyPeakOfIntensityOneCountsNowhere)
{
    const NominalSpectrum library{{50, 999}, {51, 400}};
    const NominalSpectrum plain{{50, 999}, {51, 500}};
    const NominalSpectrum withNoise{{50, 999}, {51, 500}, {70, 1}};
    EXPECT_DOUBLE_EQ(identityScores(withNoise, library).matchFactorExact, identityScores(plain, library).matchFactorExact);
    // With intensity 2 it counts in the forward factor only.
    const NominalSpectrum withPeak{{50, 999}, {51, 500}, {70, 2}};
    EXPECT_LT(identityScores(withPeak, library).matchFactorExact, identityScores(plain, library).matchFactorExact);
    EXPECT_DOUBLE_EQ(identityScores(withPeak, library).reverseMatchFactorExact,
                     identityScores(plain, library).reverseMatchFactorExact);
}

TEST(IdentityMatchFactor, IdenticalSpectraScore999AndDisjointOnes0)
{
    const NominalSpectrum a{{43, 999}, {58, 300}, {71, 120}};
    const auto same = identityScores(a, a);
    EXPECT_NEAR(same.matchFactorExact, 1000.0, 1e-9);
    EXPECT_EQ(same.matchFactor, 999);
    EXPECT_EQ(same.reverseMatchFactor, 999);
    const auto none = identityScores(a, NominalSpectrum{{44, 999}, {59, 10}});
    EXPECT_EQ(none.matchFactor, 0);
    EXPECT_EQ(none.reverseMatchFactor, 0);
    EXPECT_EQ(identityScores({}, a).matchFactor, 0);
}
