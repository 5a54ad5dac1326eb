#include "importers/conversion.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace candor::importers;

namespace {
Spectrum make(std::string xUnits, std::string yUnits, std::vector<double> x, std::vector<double> y)
{
    Spectrum s;
    s.xUnits = std::move(xUnits);
    s.yUnits = std::move(yUnits);
    s.x = std::move(x);
    s.y = std::move(y);
    return s;
}
} // namespace

TEST(Conversion, DecidesPercentTransmittanceFromTheData)
{
    EXPECT_EQ(detectTransmittanceScale({0.2, 0.95, 1.02}), TransmittanceScale::Fraction);
    EXPECT_EQ(detectTransmittanceScale({20, 95, 101}), TransmittanceScale::Percent);
}

TEST(Conversion, TurnsTransmittanceLabelledFilesWithPercentDataIntoAbsorbance)
{
    const auto a = toAbsorbance(make("1/cm", "transmittance", {1, 2}, {100, 10}));
    EXPECT_EQ(a.yUnits, "absorbance");
    EXPECT_NEAR(a.y[0], 0.0, 1e-12);
    EXPECT_NEAR(a.y[1], 1.0, 1e-12);
    const auto b = toAbsorbance(make("1/cm", "percent-transmittance", {1, 2}, {1.0, 0.01}));
    EXPECT_NEAR(b.y[1], 2.0, 1e-12); // the data, not the label, say fraction
}

TEST(Conversion, ClampsNonPositiveTransmittanceInsteadOfProducingInfinity)
{
    const auto a = toAbsorbance(make("1/cm", "transmittance", {1, 2}, {0.5, -0.01}));
    EXPECT_TRUE(std::isfinite(a.y[1]));
    EXPECT_NEAR(a.y[1], 6.0, 1e-12);
}

TEST(Conversion, LeavesAbsorbanceAndOtherUnitsAlone)
{
    const auto a = toAbsorbance(make("1/cm", "absorbance", {1}, {0.3}));
    EXPECT_EQ(a.y[0], 0.3);
    const auto c = toAbsorbance(make("m/z", "counts", {1}, {7}));
    EXPECT_EQ(c.yUnits, "counts");
}

TEST(Conversion, TurnsMicrometresAndNanometresIntoAscendingWavenumbers)
{
    const auto a = toWavenumber(make("micrometers", "absorbance", {2.5, 10}, {0.1, 0.2}));
    EXPECT_EQ(a.xUnits, "1/cm");
    EXPECT_EQ(a.x, (std::vector<double>{1000, 4000}));
    EXPECT_EQ(a.y, (std::vector<double>{0.2, 0.1}));
    const auto b = toWavenumber(make("nanometers", "absorbance", {2500}, {1}));
    EXPECT_DOUBLE_EQ(b.x[0], 4000);
}

TEST(Conversion, FullStepGivesAbsorbanceOverAscendingWavenumber)
{
    const auto a = toAbsorbanceWavenumber(make("1/cm", "percent-transmittance", {4000, 3000}, {100, 10}));
    EXPECT_EQ(a.x, (std::vector<double>{3000, 4000}));
    EXPECT_NEAR(a.y[0], 1.0, 1e-12);
    EXPECT_NEAR(a.y[1], 0.0, 1e-12);
}
