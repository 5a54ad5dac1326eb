#include "gcms/nominal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace candor::gcms;

TEST(NominalMass, BinsFromMinus0351ToPlus0649AroundEachInteger)
{
    // ceil(m/z - 0.649): [n - 0.351, n + 0.649) is n.
    EXPECT_EQ(nominalMass(78.918), 79);    // 79Br+: negative mass defect
    EXPECT_EQ(nominalMass(300.2348), 300); // an organic ion's positive defect
    EXPECT_EQ(nominalMass(150.6), 150);
    EXPECT_EQ(nominalMass(150.65), 151);
    EXPECT_EQ(nominalMass(150.66), 151);
    EXPECT_EQ(nominalMass(149.649), 149);
    EXPECT_EQ(nominalMass(43.0), 43);
    EXPECT_EQ(nominalMass(0.2), std::nullopt);
    EXPECT_EQ(nominalMass(std::numeric_limits<double>::quiet_NaN()), std::nullopt);
}

TEST(NominalSpectrum, KeepsTheLargestPeakPerMassAndScalesTheBasePeakTo999)
{
    const std::vector<double> mz{41.0, 41.2, 43.05, 57.9, 58.1, 60.0};
    const std::vector<double> intensity{10, 30, 200, 0, 100, 0.05};
    // 41: max(10, 30) = 30 -> 30/200*999 = 149.85 -> 150; 43: 999; 58: max(0, 100) -> 499.5 -> 500
    // (ties to even: 499.5 -> 500); 60: 0.05/200*999 = 0.25 -> 0, dropped.
    EXPECT_EQ(toNominal(mz, intensity), (NominalSpectrum{{41, 150}, {43, 999}, {58, 500}}));
}

TEST(NominalSpectrum, IsEmptyWhenNothingIsPositive)
{
    const std::vector<double> mz{41.0, 43.0};
    const std::vector<double> intensity{0, -5};
    EXPECT_TRUE(toNominal(mz, intensity).empty());
}
