// Adopted detection thresholds (issue 11) applied where a match's mixture gets its
// statuses: a high-risk component of a class with a threshold is detected from the
// threshold up and possible below it, never dropped; the library loaded from the database
// carries the thresholds an admin adopted, and a real match against the demo library obeys
// them.

#include "core/fixture.h"
#include "support/labscenario.h"

#include "core/labresults.h"
#include "core/labvalidation.h"
#include "services/instrumentimport.h"
#include "services/referencelibrary.h"

#include <fstream>
#include <sstream>

using namespace candor;
using candor::testing::CoreFixture;
using Status = matching::MixtureComponent::Status;

namespace {

matching::MixtureComponent component(const std::string &substance, const std::string &cls, Status status, bool highRisk,
                                     double evidence, double fraction)
{
    matching::MixtureComponent c;
    c.substance = substance;
    c.substanceClass = cls;
    c.status = status;
    c.highRisk = highRisk;
    c.evidence = evidence;
    c.fraction = fraction;
    return c;
}

matching::MatchResult mixture()
{
    matching::MatchResult r;
    r.mixture.components = {component("Caffeine", "cut", Status::Detected, false, 0.001, 0.7),
                            component("Fentanyl HCl", "fentanyl", Status::Detected, true, 0.12, 0.2),
                            component("Isotonitazene", "nitazene", Status::Possible, true, 0.5, 0.05),
                            component("Carfentanil", "fentanyl", Status::Possible, true, 0.3, 0.05)};
    return r;
}

const matching::MixtureComponent &named(const matching::MatchResult &r, const std::string &substance)
{
    for (const auto &c : r.mixture.components)
        if (c.substance == substance)
            return c;
    throw std::runtime_error("no component " + substance);
}

} // namespace

TEST(AdoptedThresholds, DetectFromTheThresholdUpAndKeepWhatIsBelowItAsPossible)
{
    auto r = mixture();
    services::applyAdoptedThresholds(r, {{"fentanyl", 0.21}});
    ASSERT_EQ(r.mixture.components.size(), 4u) << "nothing is dropped";
    EXPECT_EQ(named(r, "Fentanyl HCl").status, Status::Possible);  // 0.12 < 0.21
    EXPECT_EQ(named(r, "Carfentanil").status, Status::Detected);   // 0.30 >= 0.21
    EXPECT_EQ(named(r, "Isotonitazene").status, Status::Possible); // no nitazene threshold
    EXPECT_EQ(named(r, "Caffeine").status, Status::Detected);      // not high risk
    // Detected first, by fraction; then possible.
    EXPECT_EQ(r.mixture.components[0].substance, "Caffeine");
    EXPECT_EQ(r.mixture.components[1].substance, "Carfentanil");
    EXPECT_EQ(r.mixture.components[2].status, Status::Possible);
    ASSERT_EQ(r.warnings.size(), 2u);
    EXPECT_EQ(r.warnings[0], "Fentanyl HCl: possible by this service's adopted fentanyl threshold (evidence 0.12 < 0.21): "
                             "confirm with a strip or GC-MS");
    EXPECT_EQ(r.warnings[1], "Carfentanil: detected by this service's adopted fentanyl threshold (evidence 0.3 >= 0.21)");
}

TEST(AdoptedThresholds, LeaveAMatchAloneWhenNoneIsAdopted)
{
    auto r = mixture();
    services::applyAdoptedThresholds(r, {});
    EXPECT_EQ(named(r, "Fentanyl HCl").status, Status::Detected);
    EXPECT_EQ(named(r, "Carfentanil").status, Status::Possible);
    EXPECT_TRUE(r.warnings.empty());
}

class AdoptedThresholdsInTheLibrary : public CoreFixture {};

TEST_F(AdoptedThresholdsInTheLibrary, AreLoadedWithTheLibraryOnceAnAdminAdoptsThem)
{
    candor::testing::buildLabScenario(*db, *catalogue, tech);
    std::ifstream in("tests/data/lab/results-good.csv", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    core::LabResultStore(*db, *catalogue).importCsv(text.str(), "results-good.csv", tech);
    EXPECT_TRUE(services::loadLibrary(*db, {})->adoptedThresholds().empty());
    core::LabValidation(*db, *catalogue).adoptThresholds(admin, "fentanyl");
    const auto thresholds = services::loadLibrary(*db, {})->adoptedThresholds();
    ASSERT_EQ(thresholds.count("fentanyl"), 1u);
    EXPECT_NEAR(thresholds.at("fentanyl"), 0.21, 1e-12);
}

TEST_F(AdoptedThresholdsInTheLibrary, TurnARealDetectionIntoPossibleWhenItsEvidenceIsBelowTheThreshold)
{
    services::seedDemoLibrary(*db);
    const auto parsed = services::parseInstrumentFile("data/demo-library/fentanyl.jdx");
    const auto spectrum = services::toSpectrum(parsed.spectra.at(0));
    const auto before = services::matchSpectrum(*services::loadLibrary(*db, {}), spectrum);
    const matching::MixtureComponent *fentanyl = nullptr;
    for (const auto &c : before.mixture.components)
        if (c.substanceClass == "fentanyl" && c.status == Status::Detected)
            fentanyl = &c;
    ASSERT_TRUE(fentanyl) << "the demo fentanyl should be detected in its own spectrum";
    // A service whose lab data asks for more evidence than this match has.
    db->prepare("INSERT INTO detection_thresholds VALUES ('fentanyl', ?, 1, 0.5, 120, 10, '2026-12-02T00:00:00Z', ?)")
        .bind(1, fentanyl->evidence * 2)
        .bind(2, admin.id)
        .run();
    const auto after = services::matchSpectrum(*services::loadLibrary(*db, {}), spectrum);
    bool listed = false;
    for (const auto &c : after.mixture.components)
        if (c.substance == fentanyl->substance) {
            listed = true;
            EXPECT_EQ(c.status, Status::Possible);
        }
    EXPECT_TRUE(listed) << "a high-risk component below the threshold stays listed";
}
