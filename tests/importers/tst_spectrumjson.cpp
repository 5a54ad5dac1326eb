#include "cli/spectrumjson.h"

#include "importers/reader.h"

#include "testutil.h"

using namespace candor::importers;
using namespace candor::importers::testing;

TEST(SpectrumJson, HasExactlyTheShapeOfSpectrumShow)
{
    const auto r = ReaderRegistry::instance().readFile(kFixtures / "jcamp/affn-transmittance.jdx");
    const auto j = candor::cli::spectrumResultToJson(r, "caffeine.jdx");
    EXPECT_EQ(j.size(), 3u);
    EXPECT_EQ(j.at("file"), "caffeine.jdx");
    EXPECT_EQ(j.at("format"), "jcamp-dx");
    ASSERT_EQ(j.at("spectra").size(), 1u);
    const auto &s = j.at("spectra")[0];
    EXPECT_EQ(s.size(), 9u);
    EXPECT_EQ(s.at("title"), "Caffeine (AFFN)");
    EXPECT_EQ(s.at("technique"), "infrared");
    EXPECT_EQ(s.at("x_units"), "1/cm");
    EXPECT_EQ(s.at("y_units"), "transmittance");
    EXPECT_EQ(s.at("npoints"), 12);
    EXPECT_EQ(s.at("x").size(), 12u);
    EXPECT_EQ(s.at("x")[0], 4000.0);
    EXPECT_EQ(s.at("y")[11], 0.166);
    EXPECT_EQ(s.at("metadata").at("JCAMP-DX"), "4.24");
    EXPECT_EQ(s.at("metadata").at("YUNITS"), "TRANSMITTANCE");
    EXPECT_EQ(s.at("warnings"), nlohmann::json::array());
}

TEST(SpectrumJson, CarriesTheReadersWarningsWithEachSpectrum)
{
    const auto r = ReaderRegistry::instance().readFile(kFixtures / "jcamp/gcms-empty-scan.jdx");
    const auto j = candor::cli::spectrumResultToJson(r, "gcms-empty-scan.jdx");
    ASSERT_EQ(j.at("spectra").size(), 3u);
    EXPECT_EQ(j.at("spectra")[0].at("warnings"), nlohmann::json::array());
    EXPECT_EQ(j.at("spectra")[1].at("npoints"), 0);
    EXPECT_EQ(j.at("spectra")[1].at("warnings"),
              nlohmann::json::array({"line 15: the data record holds no points (##NPOINTS=0); kept as an empty spectrum"}));
}

TEST(SpectrumJson, PrintsEverySpectrumOfAMultiSpectrumFile)
{
    const auto r = ReaderRegistry::instance().readFile(kFixtures / "jcamp/gcms-pages.jdx");
    const auto j = candor::cli::spectrumResultToJson(r, "gcms-pages.jdx");
    ASSERT_EQ(j.at("spectra").size(), 3u);
    EXPECT_EQ(j.at("spectra")[2].at("metadata").at("RETENTION_TIME"), "61.0");
}

TEST(SpectrumJson, JoinsRepeatedMetadataLabelsInsteadOfDroppingThem)
{
    ImportResult r{"csv", {}};
    Spectrum s;
    s.metadata = {{"header", "first"}, {"header", "second"}};
    r.spectra.push_back(s);
    const auto j = candor::cli::spectrumResultToJson(r, "x.csv");
    EXPECT_EQ(j.at("spectra")[0].at("metadata").at("header"), "first\nsecond");
}

TEST(SpectrumJson, AlwaysDumpsAsValidUtf8)
{
    ImportResult r{"jcamp-dx", {}};
    Spectrum s;
    s.title = "Kokain\xe4hnlich"; // Latin-1 that slipped through
    r.spectra.push_back(s);
    const auto j = candor::cli::spectrumResultToJson(r, "f.jdx");
    EXPECT_NO_THROW((void)j.dump());
    EXPECT_EQ(j.at("spectra")[0].at("title"), "Kokain\xC3\xA4hnlich");
}
