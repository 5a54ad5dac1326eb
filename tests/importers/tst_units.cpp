#include "importers/units.h"

#include <gtest/gtest.h>

using namespace candor::importers;

TEST(Units, NormalizesTheXSpellingsFilesUse)
{
    for (const char *s : {"1/CM", "cm-1", "CM -1", "Wavenumber (cm-1)", "Raman Shift (cm-1)", "WN"})
        EXPECT_EQ(normalizeXUnits(s), "1/cm") << s;
    EXPECT_EQ(normalizeXUnits("MICROMETERS"), "micrometers");
    EXPECT_EQ(normalizeXUnits("NANOMETERS"), "nanometers");
    EXPECT_EQ(normalizeXUnits("M/Z"), "m/z");
    EXPECT_EQ(normalizeXUnits("Daltons"), "m/z");
    EXPECT_EQ(normalizeXUnits("SECONDS"), "seconds");
    EXPECT_EQ(normalizeXUnits("minutes"), "minutes");
    EXPECT_EQ(normalizeXUnits("PPM"), "ppm");
    EXPECT_EQ(normalizeXUnits("HZ"), "hz");
    EXPECT_EQ(normalizeXUnits("°C"), "arbitrary");
}

TEST(Units, NormalizesTheYSpellingsFilesUse)
{
    EXPECT_EQ(normalizeYUnits("TRANSMITTANCE"), "transmittance");
    EXPECT_EQ(normalizeYUnits("%T"), "percent-transmittance");
    EXPECT_EQ(normalizeYUnits("PERCENT TRANSMITTANCE"), "percent-transmittance");
    EXPECT_EQ(normalizeYUnits("ABSORBANCE"), "absorbance");
    EXPECT_EQ(normalizeYUnits("REFLECTANCE"), "reflectance");
    EXPECT_EQ(normalizeYUnits("COUNTS"), "counts");
    EXPECT_EQ(normalizeYUnits("RELATIVE ABUNDANCE"), "intensity");
    EXPECT_EQ(normalizeYUnits("ARBITRARY UNITS"), "arbitrary");
    EXPECT_EQ(normalizeYUnits(""), "arbitrary");
}

TEST(Units, DerivesTheTechniqueFromTheDataType)
{
    EXPECT_EQ(techniqueFromDataType("INFRARED SPECTRUM"), "infrared");
    EXPECT_EQ(techniqueFromDataType("RAMAN SPECTRUM"), "raman");
    EXPECT_EQ(techniqueFromDataType("UV-VISIBLE SPECTRUM"), "uv-vis");
    EXPECT_EQ(techniqueFromDataType("NMR SPECTRUM"), "nmr");
    EXPECT_EQ(techniqueFromDataType("MASS SPECTRUM"), "mass");
    EXPECT_EQ(techniqueFromDataType("LINK"), "unknown");
}
